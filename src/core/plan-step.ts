// Which step of its scenario one open invoice is at today, or why it gets nothing: the rules of
// the README's "Planning rules" section, one invoice at a time, with the reasoning kept for
// `--explain`. Pure.

import { addDays, daysBetween, type PlainDate } from "./dates.js";
import { formatMinor, parseMajor } from "./money.js";
import type { Scenario, SkipReason, Step, StepRecord } from "./reminder.js";

export type StepDecision =
  | { readonly kind: "due"; readonly step: Step; readonly why: readonly string[] }
  | { readonly kind: "skip"; readonly reason: SkipReason; readonly detail: string; readonly why: readonly string[] };

export interface InvoiceState {
  readonly number: string;
  readonly dueDate: PlainDate;
  /**
   * What the customer owes in `currency` (minor units), open invoices together: catch_up latest
   * weighs a step's min_amount against it, as the message's total will be.
   */
  readonly owed: number;
  readonly currency: string;
  /** Journal records of this invoice, oldest first. */
  readonly records: readonly StepRecord[];
}

const NO_WHY: readonly string[] = Object.freeze([]);

function skip(reason: SkipReason, detail: string, why: string[] | undefined): StepDecision {
  why?.push(`→ nothing today: ${reason} (${detail})`);
  return { kind: "skip", reason, detail, why: why ?? NO_WHY };
}

/**
 * catch_up latest's step: the last one reached, unless its min_amount is more than the customer
 * owes in that currency — then the last reached one that much is worth, so a debt that becomes
 * due late (a promise that ended, a first run on an old ledger) below the formal notice's minimum
 * still gets the reminders it jumped over, rather than nothing ever. None worth it: the last one,
 * refused below its minimum as before. (The message's own total, weighed afterwards, is at most
 * what the customer owes: two invoices of 600 still reach a notice of minimum 1 000 together.)
 */
function latestWorthSending(reached: readonly Step[], invoice: InvoiceState, why: string[] | undefined): Step | undefined {
  const last = reached[reached.length - 1];
  for (let i = reached.length - 1; i >= 0; i--) {
    const step = reached[i] as Step;
    const min = step.minAmount === undefined ? undefined : parseMajor(step.minAmount, invoice.currency);
    if (min === undefined || invoice.owed >= min) {
      if (step !== last) {
        why?.push(`catch_up latest: ${last?.id} needs at least ${last?.minAmount} ${invoice.currency}, more than the customer's ${formatMinor(invoice.owed, invoice.currency)} open; ${step.id}, the last step reached below it, instead`);
      }
      return step;
    }
  }
  return last;
}

/**
 * The next step for an invoice that is open and not held. `explain` false leaves `why` empty:
 * the reasoning is only written for --explain (optional chaining skips building its text).
 */
export function decideStep(invoice: InvoiceState, scenario: Scenario, asOf: PlainDate, explain = true): StepDecision {
  const why: string[] | undefined = explain ? [] : undefined;
  const daysLate = daysBetween(invoice.dueDate, asOf);
  why?.push(`due ${invoice.dueDate}; as of ${asOf} it is ${daysLate > 0 ? `${daysLate} days past due` : daysLate === 0 ? "due today" : `due in ${-daysLate} days`}`);
  why?.push(`scenario "${scenario.id}": ${scenario.steps.map((s) => `${s.id}@${s.offset}`).join(", ")} (catch_up ${scenario.catchUp}, min ${scenario.minDaysBetween} days between)`);

  const uncertain = invoice.records.find((r) => r.status === "uncertain");
  if (uncertain) {
    return skip("uncertain_delivery", `${uncertain.step} of ${uncertain.date} may or may not have gone out; record what happened with \`dunning resolve\``, why);
  }
  const done = invoice.records.filter((r) => r.status === "done");
  if (why) for (const r of done) why.push(`journal: ${r.step} by ${r.channel} on ${r.date}`);
  const doneIds = new Set(done.map((r) => r.step));
  let lastIndex = -1;
  scenario.steps.forEach((s, i) => {
    if (doneIds.has(s.id)) lastIndex = i;
  });
  const lastDate = done.reduce<PlainDate | undefined>((d, r) => (d === undefined || r.date > d ? r.date : d), undefined);

  const remaining = scenario.steps.slice(lastIndex + 1).filter((s) => {
    if (s.offset < 0 && daysLate > 0) {
      why?.push(`${s.id} (before the due date) skipped: the due date has passed`);
      return false;
    }
    return true;
  });
  if (remaining.length === 0) return skip("scenario_finished", `every step of "${scenario.id}" has been done`, why);

  const reached = remaining.filter((s) => s.offset <= daysLate);
  const candidate = scenario.catchUp === "latest" ? latestWorthSending(reached, invoice, why) : remaining[0];
  if (candidate === undefined || candidate.offset > daysLate) {
    const next = remaining[0] as Step;
    const when = addDays(invoice.dueDate, next.offset);
    return lastIndex < 0
      ? skip("not_due", `first step ${next.id} on ${when}`, why)
      : skip("already_sent", `${scenario.steps[lastIndex]?.id} done on ${lastDate}; next step ${next.id} on ${when}`, why);
  }
  if (scenario.catchUp === "latest" && reached.indexOf(candidate) > 0) {
    why?.push(`catch_up latest: jumps over ${reached.slice(0, reached.indexOf(candidate)).map((s) => s.id).join(", ")} to ${candidate.id}`);
  }
  const gap = candidate.minDaysBetween ?? scenario.minDaysBetween;
  if (lastDate !== undefined && daysBetween(lastDate, asOf) < gap) {
    return skip("too_soon", `${candidate.id} is due but the previous reminder was on ${lastDate}; not before ${addDays(lastDate, gap)}`, why);
  }
  // Any step refused for good and not done since blocks the invoice, not only when it is the
  // candidate again: catch_up latest would otherwise jump past it to the same dead address.
  const failed = invoice.records.find((r) => r.status === "failed" && !doneIds.has(r.step));
  if (failed) {
    return skip("delivery_failed", `${failed.step} was refused by the mail server on ${failed.date}; fix the address (or the message, if the server refused its content), then \`dunning resolve\``, why);
  }
  why?.push(`→ ${candidate.id} is due (offset ${candidate.offset} reached on ${addDays(invoice.dueDate, candidate.offset)})`);
  return { kind: "due", step: candidate, why: why ?? NO_WHY };
}
