// `dunning letter`: print-ready letters (HTML for A4 and PDF) for one customer at a step — by
// default the formal notice — or for every customer today's plan puts at that step. Each letter
// is recorded in the journal as `dunning run` records the letters of its outbox (an intent, the
// files, then `written`), under the same lock: the accountant who prints and posts a formal
// notice is not followed by a run that posts it again, or goes back to an earlier reminder, and
// a consumer's legal interest runs from it. `--no-record` writes drafts the journal never hears of.

import { mkdir } from "node:fs/promises";
import path from "node:path";
import { matchesCustomer } from "../core/aging-view.js";
import { doneMessages, previousReminders, type DoneMessage } from "../core/history.js";
import { planReminders, scenarioFor } from "../core/plan.js";
import { problem } from "../core/problem.js";
import type { Reminder, Scenario, Step } from "../core/reminder.js";
import { InputError } from "../errors.js";
import type { LoadedConfig } from "../io/config.js";
import { loadConfig } from "../io/config-file.js";
import { openJournal } from "../io/journal-write.js";
import { resolvePlanSettings } from "../io/plan-settings.js";
import type { InputFlags } from "../io/settings.js";
import { renderProblems } from "../render/problems.js";
import type { Context } from "./context.js";
import { loadPlanning, requireCustomer, staleInputs, warn, warnBackdated, warnPlan, type Planning } from "./pipeline.js";
import { loadRenderer } from "./renderer.js";
import { messageKey, newRunStamp, NotWritten, recordWritten } from "./send.js";
import { withStateLock } from "./state-lock.js";

export interface LetterOptions extends InputFlags {
  readonly customer?: string;
  readonly all?: boolean;
  readonly step: string;
  readonly out: string;
  /** false with --no-record: drafts, not recorded in the journal. */
  readonly record: boolean;
}

/**
 * The step `id` of the scenario `customer` follows (by id, else by template), so that what is
 * recorded is a step its ladder knows. A draft may use any template: a letter step of that name.
 */
function stepFor(planning: Planning, customer: string, id: string, record: boolean): Step {
  const scenarioId = scenarioFor(customer, planning.input);
  const scenario = planning.plan.scenarios.get(scenarioId);
  const step = scenario?.steps.find((x) => x.id === id) ?? scenario?.steps.find((x) => x.template === id);
  if (step) return step;
  if (record) {
    throw new InputError([problem("error", "letter_step", `step ${id} is not in the scenario "${scenarioId}" that ${customer} follows (${scenario?.steps.map((x) => x.id).join(", ") ?? "no steps"}): recorded, no run would know what it was`, {
      hint: `name one of its steps with --step, or write a draft with --no-record`,
    })]);
  }
  return { id, offset: 0, channel: "letter", template: id };
}

/** Asked for by name, a letter is written whatever the step's minimum and its spacing. */
function askedFor(step: Step): Step {
  const { minAmount: _amount, minDaysBetween: _days, ...rest } = step;
  return rest;
}

export async function runLetter(ctx: Context, options: LetterOptions): Promise<number> {
  if ((options.customer === undefined) === !options.all) {
    const both = options.all === true;
    throw new InputError([problem("error", "letter_target", both ? "--customer and --all together: one customer, or every customer at a step, not both" : "name one customer with --customer ID, or use --all", {
      hint: "dunning letter --customer CL014 or dunning letter --all --step formal-notice",
    })]);
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
  const customer = options.all ? undefined : customerId(planning, options.customer as string);
  const { reminders, warnings: planWarnings } = customer === undefined
    ? stepLetters(planning, options.step)
    : customerLetters(ctx, planning, stepFor(planning, customer, options.step, options.record), customer, done);
  // A rate missing from the tables or a limitation period ending is said here as in a run: the letter claims that interest.
  warnPlan(ctx, planWarnings);
  const renderer = await loadRenderer(ctx, planning);
  const warnings = renderer.renderAll(reminders, "letter").flatMap((l) => l.warnings);
  warn(ctx, warnings.filter((w) => w.code !== "letter_no_address"));
  // A recorded letter without an address is done as far as any run knows: said even with --quiet.
  const noAddress = warnings.filter((w) => w.code === "letter_no_address");
  if (noAddress.length > 0 && (stateDir !== undefined || !ctx.options.quiet)) ctx.stderr(renderProblems(noAddress, ctx.err));
  const outDir = path.resolve(ctx.cwd, options.out);
  // Made before the first intent: a folder that cannot be made leaves nothing in the journal.
  if (reminders.length > 0) await mkdir(outDir, { recursive: true });
  const keys = reminders.map(messageKey);
  // Reprints only: no journal file is made for nothing to record.
  const anyNew = keys.some((key) => !done.has(key));
  const journal = stateDir === undefined || !anyNew ? undefined : await openJournal(stateDir);
  const stamp = newRunStamp(ctx.asOf);
  let recorded = 0;
  try {
    for (const [i, r] of reminders.entries()) {
      const key = keys[i] as string;
      const already = done.get(key);
      const write = (): Promise<string[]> => renderer.letter(r, outDir);
      let files: string[];
      if (journal === undefined || already !== undefined) {
        files = await write();
        if (already !== undefined && !ctx.options.quiet) {
          const as = already.channel === "letter" ? `is in the journal since ${already.date}` : `went out by ${already.channel} on ${already.date}`;
          ctx.stderr(`${r.customer}: this ${r.step.id} (${r.lines.map((l) => l.invoice).join(" ")}) ${as}: written again, not recorded twice${already.date === ctx.asOf || already.channel !== "letter" ? "" : ` (--as-of ${already.date} writes it as it was)`}\n`);
        }
      } else {
        // The outbox's own error says which path to fix (the failure is in the journal already).
        files = await recordWritten(r, key, stamp, journal, write).catch((err: unknown) => {
          throw err instanceof NotWritten ? err.cause : err;
        });
        recorded++;
      }
      for (const file of files) ctx.stdout(`${path.relative(ctx.cwd, file) || file}\n`);
    }
  } finally {
    await journal?.close();
  }
  // The journal dates what it records by --as-of: a letter dated another day than it is written
  // moves min_days_between, the next steps and a consumer's interest with it.
  if (recorded > 0) warnBackdated(ctx, "recorded as written", "if it is not the date you post it, write it with --no-record");
  if (!ctx.options.quiet) {
    if (reminders.length === 0) ctx.stderr(`no customer is at step ${options.step} as of ${ctx.asOf}\n`);
    else if (recorded > 0) ctx.stderr(`recorded ${recorded} letter${recorded === 1 ? "" : "s"} in the journal: dunning run will not write ${recorded === 1 ? "it" : "them"} again\n`);
  }
  return 0;
}

/** Every customer today's plan puts at the step (by id or template), as letters. */
function stepLetters(planning: Planning, step: string): { reminders: Reminder[]; warnings: readonly string[] } {
  // Planned as the day began: the journal's records of this step on the as-of date are left out,
  // so the batch asked for again is the same batch (reprints, not recorded twice), not nobody.
  const { asOf } = planning.input;
  // The step is asked for by id or template; a journal names it by the id of its scenario.
  const ids = new Set([step]);
  for (const scenario of planning.input.scenarios.values()) for (const s of scenario.steps) if (s.template === step) ids.add(s.id);
  // A record that went in another step's message counts by that message's step.
  const history = planning.input.history.filter((r) => !(r.date === asOf && r.status === "done" && ids.has(r.via ?? r.step)));
  const plan = planReminders({ ...planning.input, history });
  return { reminders: plan.reminders.filter((r) => r.step.id === step || r.step.template === step).map(asLetter), warnings: plan.warnings };
}

/** Printed and posted, whatever channel the step has in its scenario. */
function asLetter(r: Reminder): Reminder {
  return r.channel === "letter" ? r : { ...r, channel: "letter" };
}

/**
 * `--customer`: an id, or part of a name as every report takes it — one customer's, or it is an
 * error naming the candidates (a letter is not written to whoever matched first).
 */
function customerId(planning: Planning, wanted: string): string {
  requireCustomer(planning.inputs, wanted);
  const names = new Map<string, string>();
  for (const { invoice } of planning.ledger.items) names.set(invoice.customer, invoice.customerName);
  if (names.has(wanted)) return wanted;
  const found = [...names].filter(([id, name]) => matchesCustomer(id, name, wanted));
  if (found.length <= 1) return found[0]?.[0] ?? wanted;
  const listed = found.slice(0, 6).map(([id, name]) => (name === id ? id : `${id} (${name})`)).join(", ") + (found.length > 6 ? ", …" : "");
  throw new InputError([problem("error", "customer_ambiguous", `--customer "${wanted}" names ${found.length} customers: ${listed}`, { hint: "give the customer's id" })]);
}

/** The by-hand step's id while planning: no journal record can carry it. */
const ASKED = "\u0000asked";

/**
 * One customer, now: every invoice past due and not on hold, whatever the ladder says. Planned
 * with the journal up to the as-of date, so that a message of unknown fate holds its invoices (as
 * for a run) and a consumer's formal notice received counts for the interest claimed; refusals of
 * an e-mail address do not stop a letter, which is the way around them.
 */
function customerLetters(
  ctx: Context, planning: Planning, step: Step, customer: string, done: ReadonlyMap<string, DoneMessage>,
): { reminders: Reminder[]; warnings: readonly string[] } {
  const scenario: Scenario = { id: ASKED, minDaysBetween: 0, catchUp: "latest", steps: [askedFor({ ...step, id: ASKED, offset: 1, channel: "letter" })] };
  const history = planning.input.history.filter((h) => h.date <= ctx.asOf && h.status !== "failed");
  const plan = planReminders({
    ...planning.input, history, scenarios: new Map([...planning.input.scenarios, [ASKED, scenario]]), defaultScenario: ASKED, rules: [],
    ledger: { ...planning.ledger, items: planning.ledger.items.filter((i) => i.invoice.customer === customer) },
  });
  if (plan.reminders.length === 0) {
    const held = plan.skipped.filter((s) => s.reason === "held").map((s) => `${s.invoice} (${s.detail})`);
    const uncertain = plan.skipped.filter((s) => s.reason === "uncertain_delivery").map((s) => `${s.invoice} (${s.detail})`);
    const barred = plan.skipped.filter((s) => s.reason === "time_barred").map((s) => `${s.invoice} (${s.detail})`);
    throw new InputError([problem("error", "nothing_to_claim", `customer ${customer} has nothing past due to claim as of ${ctx.asOf}${held.length ? `; on hold: ${held.join(", ")}` : ""}${uncertain.length ? `; of unknown fate: ${uncertain.join(", ")}` : ""}${barred.length ? `; time-barred: ${barred.join(", ")}` : ""}`, {
      hint: uncertain.length ? "record what happened to that message with dunning resolve, then ask again" : "check the customer id (dunning age --customer …) and the holds",
    })]);
  }
  // The notice recalls every reminder the journal says went out by its date, not itself when
  // it is a reprint of that day's letter; dated later, it recalls the one sent before it (the
  // journal still holds that message once).
  const reminders = plan.reminders.map((planned) => {
    const r = { ...planned, step: { ...planned.step, id: step.id, offset: step.offset } };
    const reprintOf = done.get(messageKey(r))?.date;
    const before = reprintOf === ctx.asOf ? history.filter((h) => !(h.step === step.id && h.date === reprintOf)) : history;
    return { ...r, previous: previousReminders(before, new Set(r.lines.map((l) => l.invoice))) };
  });
  return { reminders, warnings: plan.warnings };
}
