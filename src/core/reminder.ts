// The vocabulary of planning: scenarios and their steps as the program uses them, the history of
// what was already done, and the reminders and skips a plan is made of. Pure types.

import type { PlainDate } from "./dates.js";

export type Channel = "email" | "letter" | "phone";

export interface Fee {
  /** Fixed fee in major units of the message currency, as written (`"15"`, `"7.50"`). */
  readonly fixed?: string;
  /** Percentage of the message amount (`1.5` = 1.5 %). */
  readonly percent?: number;
}

export interface Step {
  readonly id: string;
  /** Days relative to the due date; negative = before it. */
  readonly offset: number;
  readonly channel: Channel;
  /** Template base name (`reminder-1`); phone steps have none. */
  readonly template?: string;
  /** Minimum message total in major units of its currency, as written. */
  readonly minAmount?: string;
  /** Overrides the scenario's minimum gap since the previous reminder of an invoice. */
  readonly minDaysBetween?: number;
  /** Formal notice: days given to pay, counted from the as-of date. */
  readonly deadlineDays?: number;
  readonly fee?: Fee;
  /** Attach the PDF of the letter to the e-mail. */
  readonly attachPdf?: boolean;
}

export interface Scenario {
  readonly id: string;
  readonly minDaysBetween: number;
  /** `next`: one step at a time, none skipped; `latest`: jump to the last step reached. */
  readonly catchUp: "next" | "latest";
  readonly steps: readonly Step[];
}

/** What the journal says happened to one step of one invoice. */
export interface StepRecord {
  readonly invoice: string;
  readonly step: string;
  readonly channel: Channel;
  readonly date: PlainDate;
  /** done: sent or written; uncertain: intent without outcome; failed: permanent failure. */
  readonly status: "done" | "uncertain" | "failed";
  /** The customer the message went to, as the journal says. */
  readonly customer?: string;
  /** The step of the message that carried it, when another than its own (one message for several steps). */
  readonly via?: string;
}

/** One invoice inside a reminder, amounts in minor units of the reminder's currency. */
export interface ReminderLine {
  readonly invoice: string;
  readonly issueDate: PlainDate;
  /** False when the export gave no issue date (issueDate was worked out from the due date). */
  readonly issueGiven: boolean;
  readonly dueDate: PlainDate;
  /** Total including tax. */
  readonly amount: number;
  /** Paid so far (export + allocations + linked credit notes). */
  readonly paid: number;
  readonly open: number;
  /** as-of − due date; negative before the due date. */
  readonly daysLate: number;
  /** Late interest accrued to the as-of date. */
  readonly interest: number;
  /** Fixed recovery indemnity for this invoice (e.g. 40 EUR). */
  readonly indemnity: number;
  /**
   * The invoice's own step, when the message is another's: a customer gets one message a day per
   * currency and channel, at the most advanced step due among its invoices; each invoice's ladder
   * records its own step.
   */
  readonly step?: string;
}

/** The step a line of a reminder is at: its own when the message took several, else the message's. */
export function stepOfLine(r: Reminder, l: ReminderLine): string {
  return l.step ?? r.step.id;
}

/** The invoices of a message due at another step than its own, with theirs; undefined when none is. */
export function invoiceSteps(r: Reminder): Record<string, string> | undefined {
  const own = r.lines.filter((l) => l.step !== undefined);
  return own.length === 0 ? undefined : Object.fromEntries(own.map((l) => [l.invoice, stepOfLine(r, l)]));
}

/** What sending or writing a reminder records for each of its invoices. */
export function recordsOf(r: Reminder, date: PlainDate): StepRecord[] {
  return r.lines.map((l) => ({
    invoice: l.invoice, step: stepOfLine(r, l), channel: r.channel, date, status: "done" as const, customer: r.customer,
    ...(l.step !== undefined ? { via: r.step.id } : {}),
  }));
}

/** A previous reminder of any of the message's invoices, from the journal. */
export interface PreviousReminder {
  readonly step: string;
  readonly channel: Channel;
  readonly date: PlainDate;
  readonly invoices: readonly string[];
}

/** Interest detail for letters: one period at one rate. */
export interface InterestPeriod {
  readonly invoice: string;
  readonly from: PlainDate;
  readonly to: PlainDate;
  readonly days: number;
  /** Annual rate in percent, as a decimal string (`"12.15"`). */
  readonly rate: string;
  /** Base in minor units. */
  readonly base: number;
  readonly interest: number;
}

/** Money that reduced an invoice of the message: a payment or a credit note. */
export interface Receipt {
  readonly kind: "payment" | "credit_note";
  /** Payment id or credit note number. */
  readonly reference: string;
  readonly date: PlainDate;
  readonly invoice: string;
  /** Minor units of the reminder's currency, positive. */
  readonly amount: number;
  /**
   * An FEC entry that moved the debt to another account (416 when doubtful, or the customer who
   * owes it), which it names: no money came in.
   */
  readonly movedTo?: string;
  /** The payment's id is the file and line the reader gave it (lineId): it means nothing to the customer. */
  readonly madeUpId?: true;
}

/** One message to one customer, in one currency, at one step. */
export interface Reminder {
  readonly customer: string;
  readonly customerName: string;
  /** E-mail address; empty for letters and calls without one. */
  readonly to: string;
  /** Phone number from the export, for call lists. */
  readonly phone?: string;
  readonly language: string;
  readonly customerType: "b2b" | "b2c";
  readonly scenario: string;
  readonly step: Step;
  /** Channel actually used (an e-mail step without address falls back to a letter). */
  readonly channel: Channel;
  readonly fallback?: "no_email";
  readonly currency: string;
  readonly lines: readonly ReminderLine[];
  /** Σ open of the lines. */
  readonly amount: number;
  /** Step fee plus recovery indemnities. */
  readonly fees: number;
  readonly interest: number;
  /** amount + fees + interest. */
  readonly totalClaimed: number;
  readonly interestPeriods: readonly InterestPeriod[];
  /** The customer's other open invoices in this currency, not part of this message. */
  readonly otherOpen: readonly ReminderLine[];
  /** Unapplied credit of the customer in this currency (positive). */
  readonly unapplied: number;
  readonly previous: readonly PreviousReminder[];
  /**
   * Payments and credit notes the lettrage applied to the invoices of this message, oldest first
   * (a formal notice lists what was received). Absent when there are none; amounts already paid
   * according to the export itself have no detail and are not listed.
   */
  readonly receipts?: readonly Receipt[];
  /** Formal notice deadline (as-of + deadline_days). */
  readonly deadline?: PlainDate;
  /** The first formal notice done for an invoice of this message, when one was: a later reminder does not announce it again. */
  readonly noticeDate?: PlainDate;
}

/** Why an open invoice gets nothing today: a fixed, documented vocabulary. */
export type SkipReason =
  | "not_due" | "held" | "too_soon" | "below_minimum" | "covered_by_credit" | "already_sent"
  | "scenario_finished" | "uncertain_delivery" | "delivery_failed" | "no_channel" | "time_barred";

export interface Skip {
  readonly invoice: string;
  readonly customer: string;
  readonly reason: SkipReason;
  /** Human detail: which hold, which step is next and when, … */
  readonly detail: string;
}

export interface Plan {
  readonly asOf: PlainDate;
  readonly reminders: readonly Reminder[];
  readonly skipped: readonly Skip[];
  /** Step-by-step reasoning per invoice, for --explain. */
  readonly explanations: ReadonlyMap<string, readonly string[]>;
  readonly warnings: readonly string[];
}
