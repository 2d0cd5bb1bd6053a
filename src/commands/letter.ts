// `dunning letter`: print-ready letters (HTML for A4 and PDF) for one customer at a step — by
// default the formal notice — or for every customer today's plan puts at that step. It writes
// files only; the journal records what `dunning run` sends.

import path from "node:path";
import { previousReminders } from "../core/history.js";
import { planReminders } from "../core/plan.js";
import { problem } from "../core/problem.js";
import type { Scenario, Step } from "../core/reminder.js";
import { InputError } from "../errors.js";
import { writeLetters } from "../io/letters.js";
import type { InputFlags } from "../io/settings.js";
import type { Context } from "./context.js";
import { loadPlanning, warn, type Planning } from "./pipeline.js";
import { letterSettings } from "./renderer.js";

export interface LetterOptions extends InputFlags {
  readonly customer?: string;
  readonly all?: boolean;
  readonly step: string;
  readonly out: string;
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
  const planning = await loadPlanning(ctx, options);
  const step = stepNamed(planning, options.step);
  let reminders;
  if (options.all) {
    reminders = planReminders(planning.input).reminders.filter((r) => r.step.id === step.id);
  } else {
    // One customer, now: every invoice past due and not on hold, whatever the ladder says.
    const scenario: Scenario = { id: "letter", minDaysBetween: 0, catchUp: "latest", steps: [withoutMinimum({ ...step, offset: 1, channel: "letter" })] };
    const plan = planReminders({
      ...planning.input, history: [], scenarios: new Map([["letter", scenario]]), defaultScenario: "letter", rules: [],
      ledger: { ...planning.ledger, items: planning.ledger.items.filter((i) => i.invoice.customer === options.customer) },
    });
    // Planned without the journal (the accountant asks for this letter now, whatever the ladder
    // did), but the notice must still recall every reminder the journal says went out.
    reminders = plan.reminders.map((r) => ({
      ...r, step: { ...r.step, offset: step.offset },
      // A letter dated in the past (--as-of) recalls only what had gone out by then.
      previous: previousReminders(planning.input.history.filter((h) => h.date <= ctx.asOf), new Set(r.lines.map((l) => l.invoice))),
    }));
    if (reminders.length === 0) {
      const held = plan.skipped.filter((s) => s.reason === "held").map((s) => `${s.invoice} (${s.detail})`);
      throw new InputError([problem("error", "nothing_to_claim", `customer ${options.customer} has nothing past due to claim as of ${ctx.asOf}${held.length ? `; on hold: ${held.join(", ")}` : ""}`, {
        hint: "check the customer id (dunning age --customer …) and the holds",
      })]);
    }
  }
  const outDir = path.resolve(ctx.cwd, options.out);
  const written = await writeLetters(reminders, letterSettings(ctx, planning), outDir);
  warn(ctx, written.flatMap((w) => w.warnings));
  for (const w of written) for (const file of Object.values(w.files)) ctx.stdout(`${path.relative(ctx.cwd, file) || file}\n`);
  if (written.length === 0 && !ctx.options.quiet) ctx.stderr(`no customer is at step ${step.id} as of ${ctx.asOf}\n`);
  return 0;
}
