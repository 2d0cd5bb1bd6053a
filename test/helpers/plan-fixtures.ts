// Builders for planner tests: invoices, ledgers, journal records and plan inputs made by hand,
// with the example ladder (courtesy −5 … formal notice +30, 7 days apart) as the default scenario.

import { addDays, type PlainDate } from "../../src/core/dates.js";
import type { Hold } from "../../src/core/holds.js";
import { makeProfile } from "../../src/core/interest.js";
import type { Allocation, Ledger, OpenItem, Unapplied } from "../../src/core/ledger.js";
import type { Invoice, Payment } from "../../src/core/model.js";
import { planReminders, type PlanInput } from "../../src/core/plan.js";
import type { Channel, Plan, Reminder, Scenario, Skip, StepRecord } from "../../src/core/reminder.js";

/** The due date most tests use; the example ladder puts its steps on the dates below. */
export const DUE = "2026-10-01";
export const LADDER_DATES = {
  courtesy: "2026-09-26", "reminder-1": "2026-10-08", "reminder-2": "2026-10-16", call: "2026-10-21", "formal-notice": "2026-10-31",
} as const;

export const STANDARD: Scenario = {
  id: "standard",
  minDaysBetween: 7,
  catchUp: "next",
  steps: [
    { id: "courtesy", offset: -5, channel: "email", template: "courtesy" },
    { id: "reminder-1", offset: 7, channel: "email", template: "reminder-1" },
    { id: "reminder-2", offset: 15, channel: "email", template: "reminder-2" },
    { id: "call", offset: 20, channel: "phone" },
    { id: "formal-notice", offset: 30, channel: "letter", template: "formal-notice", minAmount: "100", deadlineDays: 8 },
  ],
};

/** The example ladder with other settings (catch-up mode, gap, per-step changes). */
export function ladder(changes: Partial<Omit<Scenario, "steps">> & { stepChanges?: Record<string, object> } = {}): Scenario {
  const { stepChanges = {}, ...rest } = changes;
  return { ...STANDARD, ...rest, steps: STANDARD.steps.map((s) => ({ ...s, ...stepChanges[s.id] })) };
}

/** An invoice of 1 000.00 EUR due on DUE from customer C1 with an e-mail address, unless told. */
export function invoice(number: string, changes: Partial<Invoice> = {}): Invoice {
  const dueDate = changes.dueDate ?? DUE;
  return {
    number, customer: "C1", customerName: "Client One", email: "ap@c1.example", issueDate: addDays(dueDate, -30), dueDate,
    amount: 100_000, paid: 0, currency: "EUR", type: "invoice", status: "", appliesTo: "", language: "", customerType: "",
    file: "invoices.csv", line: 2, ...changes,
  };
}

/** Open item of an invoice; open defaults to amount − paid. */
export function item(inv: Invoice, open = inv.amount - inv.paid): OpenItem {
  return { invoice: inv, open };
}

export function payment(id: string, date: PlainDate, amount: number, changes: Partial<Payment> = {}): Payment {
  return { id, date, customer: "C1", payerName: "", amount, currency: "EUR", reference: "", invoices: [], file: "payments.csv", line: 2, ...changes };
}

export function allocation(paymentId: string, invoiceNumber: string, amount: number, currency = "EUR"): Allocation {
  return { payment: paymentId, invoice: invoiceNumber, amount, currency, rule: "test", confidence: "certain", evidence: "test" };
}

export function unapplied(customer: string, amount: number, currency = "EUR"): Unapplied {
  return { payment: `U-${customer}-${amount}`, customer, amount, currency, reason: "no_reference" };
}

/** A ledger of open items built from invoices (each fully open unless given as an OpenItem). */
export function ledgerOf(items: readonly (Invoice | OpenItem)[], more: Partial<Ledger> = {}): Ledger {
  return {
    items: items.map((i) => ("invoice" in i ? i : item(i))),
    payments: [], allocations: [], unapplied: [], ...more,
  };
}

export function done(inv: string, step: string, date: PlainDate, channel: Channel = "email"): StepRecord {
  return { invoice: inv, step, channel, date, status: "done" };
}

export function record(inv: string, step: string, date: PlainDate, status: StepRecord["status"], channel: Channel = "email"): StepRecord {
  return { invoice: inv, step, channel, date, status };
}

export function hold(target: { invoice?: string; customer?: string }, type: Hold["type"], until?: PlainDate): Hold {
  return { ...target, type, note: "", source: "holds.csv:2", ...(until !== undefined ? { until } : {}) };
}

/** A plan input with the example ladder, no holds, no history, no late-payment profile. */
export function planInput(ledger: Ledger, asOf: PlainDate, changes: Partial<PlanInput> = {}): PlanInput {
  return {
    ledger, asOf,
    scenarios: new Map([["standard", STANDARD]]),
    defaultScenario: "standard",
    rules: [], holds: [], heldByMatching: new Set(), history: [],
    profile: makeProfile({ profile: "none" }),
    segments: new Map(), defaultLanguage: "fr",
    ...changes,
  };
}

/** What one invoice gets in a plan: the step of its message, or `skip:REASON`. */
export function outcomeOf(plan: Plan, inv: string): string {
  const r = reminderOf(plan, inv);
  if (r) return r.step.id;
  const s = skipOf(plan, inv);
  return s ? `skip:${s.reason}` : "absent";
}

export function reminderOf(plan: Plan, inv: string): Reminder | undefined {
  return plan.reminders.find((r) => r.lines.some((l) => l.invoice === inv));
}

export function skipOf(plan: Plan, inv: string): Skip | undefined {
  return plan.skipped.find((s) => s.invoice === inv);
}

/**
 * Runs the planner on each of `days` in turn as a daily job would, recording every reminder as
 * done; returns `date step` for each invoice line sent, in order.
 */
export function runDays(input: PlanInput, days: readonly PlainDate[]): string[] {
  let history = [...input.history];
  const sent: string[] = [];
  for (const day of days) {
    const plan = planReminders({ ...input, asOf: day, history });
    for (const r of plan.reminders) {
      for (const l of r.lines) {
        sent.push(`${day} ${r.step.id}${r.lines.length > 1 || plan.reminders.length > 1 ? ` ${l.invoice}` : ""}`);
        history = history.concat(done(l.invoice, r.step.id, day, r.channel));
      }
    }
  }
  return sent;
}

/** Every day from `from` to `to` inclusive, except those in `missed`. */
export function daysFrom(from: PlainDate, to: PlainDate, missed: readonly PlainDate[] = []): PlainDate[] {
  const out: PlainDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!missed.includes(d)) out.push(d);
  return out;
}
