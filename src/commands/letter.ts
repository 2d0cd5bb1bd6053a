// `dunning letter`: print-ready letters (HTML for A4 and PDF) for one customer at a step — by
// default the formal notice — or for every customer today's plan puts at that step. Each letter
// is recorded in the journal as `dunning run` records the letters of its outbox (an intent, the
// files, then `written`), under the same lock: the accountant who prints and posts a formal
// notice is not followed by a run that posts it again, or goes back to an earlier reminder, and
// a consumer's legal interest runs from it. `--no-record` writes drafts the journal never hears of.

import { randomUUID } from "node:crypto";
import path from "node:path";
import { doneMessages, previousReminders } from "../core/history.js";
import { planReminders } from "../core/plan.js";
import { problem } from "../core/problem.js";
import type { Reminder, Scenario, Step } from "../core/reminder.js";
import { InputError } from "../errors.js";
import type { LoadedConfig } from "../io/config.js";
import { loadConfig } from "../io/config-file.js";
import { openJournal } from "../io/journal-write.js";
import { resolvePlanSettings } from "../io/plan-settings.js";
import type { InputFlags } from "../io/settings.js";
import type { Context } from "./context.js";
import { loadPlanning, staleInputs, warn, type Planning } from "./pipeline.js";
import { loadRenderer } from "./renderer.js";
import { messageKey, recordWritten } from "./send.js";
import { withStateLock } from "./state-lock.js";

export interface LetterOptions extends InputFlags {
  readonly customer?: string;
  readonly all?: boolean;
  readonly step: string;
  readonly out: string;
  /** false with --no-record: drafts, not recorded in the journal. */
  readonly record: boolean;
}

/** The step as configured in any scenario, else a letter step of that name. */
function stepNamed(planning: Planning, id: string): Step {
  for (const s of planning.plan.scenarios.values()) {
    const step = s.steps.find((x) => x.id === id);
    if (step) return step;
  }
  return { id, offset: 0, channel: "letter", template: id };
}

/** Asked for by name, a letter is written whatever the step's minimum. */
function withoutMinimum(step: Step): Step {
  const { minAmount: _ignored, ...rest } = step;
  return rest;
}

export async function runLetter(ctx: Context, options: LetterOptions): Promise<number> {
  if ((options.customer === undefined) === !options.all) {
    throw new InputError([problem("error", "letter_target", "name one customer with --customer ID, or use --all", { hint: "dunning letter --customer CL014 or dunning letter --all --step formal-notice" })]);
  }
  const loaded = await loadConfig(ctx.options.config, ctx.cwd);
  if (!options.record) return writeLetters(ctx, options, loaded, undefined);
  const stateDir = resolvePlanSettings(loaded.config, loaded.baseDir).stateDir;
  return withStateLock(ctx, stateDir, () => writeLetters(ctx, options, loaded, stateDir));
}

/** Chooses, renders (every template before the first file), writes and, given `stateDir`, records. */
async function writeLetters(ctx: Context, options: LetterOptions, loaded: LoadedConfig, stateDir: string | undefined): Promise<number> {
  const planning = await loadPlanning(ctx, options, loaded);
  warn(ctx, staleInputs(ctx, planning, "warning", "; these letters may claim money already received"));
  const done = doneMessages(planning.journal);
  const step = stepNamed(planning, options.step);
  const reminders = options.all ? planReminders(planning.input).reminders.filter((r) => r.step.id === step.id).map(asLetter)
    : customerLetters(ctx, planning, step, options.customer as string, done);
  const renderer = await loadRenderer(ctx, planning);
  warn(ctx, renderer.renderAll(reminders, "letter").flatMap((l) => l.warnings));
  const outDir = path.resolve(ctx.cwd, options.out);
  // Reprints only: no journal file is made for nothing to record.
  const anyNew = reminders.some((r) => !done.has(messageKey(r)));
  const journal = stateDir === undefined || !anyNew ? undefined : await openJournal(stateDir);
  const stamp = { run: `${ctx.asOf}-${randomUUID().slice(0, 8)}`, asOf: ctx.asOf, now: () => new Date().toISOString() };
  let recorded = 0;
  try {
    for (const r of reminders) {
      const key = messageKey(r);
      const already = done.get(key);
      const write = (): Promise<string[]> => renderer.letter(r, outDir);
      let files: string[];
      if (journal === undefined || already !== undefined) {
        files = await write();
        if (already !== undefined && !ctx.options.quiet) {
          ctx.stderr(`${r.customer}: this ${r.step.id} (${r.lines.map((l) => l.invoice).join(" ")}) is in the journal since ${already}: written again, not recorded twice${already === ctx.asOf ? "" : ` (--as-of ${already} writes it as it was)`}\n`);
        }
      } else {
        files = await recordWritten(r, key, stamp, journal, write);
        recorded++;
      }
      for (const file of files) ctx.stdout(`${path.relative(ctx.cwd, file) || file}\n`);
    }
  } finally {
    await journal?.close();
  }
  if (!ctx.options.quiet) {
    if (reminders.length === 0) ctx.stderr(`no customer is at step ${step.id} as of ${ctx.asOf}\n`);
    else if (recorded > 0) ctx.stderr(`recorded ${recorded} letter${recorded === 1 ? "" : "s"} in the journal: dunning run will not write ${recorded === 1 ? "it" : "them"} again\n`);
  }
  return 0;
}

/** Printed and posted, whatever channel the step has in its scenario. */
function asLetter(r: Reminder): Reminder {
  return r.channel === "letter" ? r : { ...r, channel: "letter" };
}

/** One customer, now: every invoice past due and not on hold, whatever the ladder says. */
function customerLetters(ctx: Context, planning: Planning, step: Step, customer: string, done: ReadonlyMap<string, string>): Reminder[] {
  const scenario: Scenario = { id: "letter", minDaysBetween: 0, catchUp: "latest", steps: [withoutMinimum({ ...step, offset: 1, channel: "letter" })] };
  const plan = planReminders({
    ...planning.input, history: [], scenarios: new Map([["letter", scenario]]), defaultScenario: "letter", rules: [],
    ledger: { ...planning.ledger, items: planning.ledger.items.filter((i) => i.invoice.customer === customer) },
  });
  if (plan.reminders.length === 0) {
    const held = plan.skipped.filter((s) => s.reason === "held").map((s) => `${s.invoice} (${s.detail})`);
    throw new InputError([problem("error", "nothing_to_claim", `customer ${customer} has nothing past due to claim as of ${ctx.asOf}${held.length ? `; on hold: ${held.join(", ")}` : ""}`, {
      hint: "check the customer id (dunning age --customer …) and the holds",
    })]);
  }
  // Planned without the journal (the accountant asks for this letter now, whatever the ladder
  // did), but the notice must still recall every reminder the journal says went out — by then,
  // for a letter dated in the past (--as-of), and not itself when it is a reprint.
  return plan.reminders.map((planned) => {
    const r = { ...planned, step: { ...planned.step, offset: step.offset } };
    const reprintOf = done.get(messageKey(r));
    const history = planning.input.history.filter((h) => h.date <= ctx.asOf && !(h.step === step.id && h.date === reprintOf));
    return { ...r, previous: previousReminders(history, new Set(r.lines.map((l) => l.invoice))) };
  });
}
