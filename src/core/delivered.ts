// When the messages the journal records reached the customer, which is when they take effect: a
// formal notice makes a consumer's legal interest run and sets its days to pay from its receipt,
// and in Germany a business debtor is in default from the first reminder's. The planner, which
// claims the charges of open invoices, and the charges report of paid ones both count from here. Pure.

import { addDays, type PlainDate } from "./dates.js";
import type { Channel, Scenario, Step, StepRecord } from "./reminder.js";

/**
 * Days from a formal notice's date (the journal's: when the letter was written) to when it counts
 * as received — a registered letter's first presentation, at the earliest: the notice takes
 * effect on receipt, and claiming interest for days before it would claim too much.
 */
const NOTICE_RECEIPT_DAYS = 3;

/** Does this step set a date to pay by: a step with deadline_days, or a formal notice's template. */
export const setsDeadline = (step: Step): boolean => step.deadlineDays !== undefined || (step.template ?? step.id) === "formal-notice";

/** The ids of the steps that send a formal notice (those setsDeadline names), in any scenario. */
export function formalNoticeSteps(scenarios: ReadonlyMap<string, Scenario>): Set<string> {
  return new Set([...scenarios.values()].flatMap((s) => s.steps.filter(setsDeadline).map((st) => st.id)));
}

/**
 * When a notice dated `date` counts as received: a posted letter's first presentation
 * NOTICE_RECEIPT_DAYS after its date at the earliest, an e-mail at once. Its days to pay, and a
 * consumer's interest, run from then.
 */
export function noticeReceived(date: PlainDate, channel: Channel): PlainDate {
  return channel === "letter" ? addDays(date, NOTICE_RECEIPT_DAYS) : date;
}

/** The journal's records by invoice number, in journal order. */
export function recordsByInvoice(history: readonly StepRecord[]): Map<string, StepRecord[]> {
  const map = new Map<string, StepRecord[]>();
  for (const r of history) {
    let list = map.get(r.invoice);
    if (!list) map.set(r.invoice, (list = []));
    list.push(r);
  }
  return map;
}

/** The formal notices among an invoice's records that went out. */
export const noticesDone = (records: readonly StepRecord[], formalNotices: ReadonlySet<string>): StepRecord[] =>
  records.filter((r) => r.status === "done" && formalNotices.has(r.step));

/** When the first formal notice sent for the invoice counts as received, if any. */
export function firstNoticeReceived(records: readonly StepRecord[], formalNotices: ReadonlySet<string>): PlainDate | undefined {
  return noticesDone(records, formalNotices).map((r) => noticeReceived(r.date, r.channel)).sort()[0];
}

/**
 * When the first reminder sent for an invoice due on `dueDate`, after that day, reached the
 * customer, if any: an e-mail or a letter. A call is not counted: the journal says the call was
 * listed, not that it was made or that anyone heard it.
 */
export function firstReminderReceived(dueDate: PlainDate, records: readonly StepRecord[]): PlainDate | undefined {
  let first: PlainDate | undefined;
  for (const r of records) {
    if (r.status !== "done" || r.date <= dueDate || r.channel === "phone") continue;
    const received = noticeReceived(r.date, r.channel);
    if (first === undefined || received < first) first = received;
  }
  return first;
}
