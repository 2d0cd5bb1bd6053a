// Made-up reminders that switch every optional section of a letter on, then off, so that
// `dunning check` can render each template before any real run and catch a misspelt variable
// hidden in a branch that today's data would not reach. Pure.

import { addDays, type PlainDate } from "../core/dates.js";
import type { Reminder, ReminderLine, Step } from "../core/reminder.js";

function sampleLine(invoice: string, asOf: PlainDate, daysLate: number, amount: number, paid: number, extra: number): ReminderLine {
  const dueDate = addDays(asOf, -daysLate);
  return {
    invoice, issueDate: addDays(dueDate, -30), issueGiven: true, dueDate, amount, paid, open: amount - paid, daysLate,
    interest: extra, indemnity: extra > 0 ? 4000 : 0,
  };
}

/**
 * Two reminders for a step template: `full` (business customer, interest, indemnities, a fee,
 * payments, other open items, credit, previous reminders, a deadline) and `bare` (a consumer
 * with one untouched invoice and nothing else).
 */
export function sampleReminders(template: string, asOf: PlainDate): { full: Reminder; bare: Reminder } {
  const step: Step = { id: template, offset: 0, channel: "letter", template, deadlineDays: 8, fee: { fixed: "10" } };
  const lines = [sampleLine("SAMPLE-1", asOf, 40, 120000, 20000, 1200), sampleLine("SAMPLE-2", asOf, 20, 60000, 0, 300)];
  const common: Reminder = {
    customer: "SAMPLE", customerName: "Sample Customer Ltd", to: "sample@example.invalid", language: "en",
    customerType: "b2b", scenario: "sample", step, channel: "letter", currency: "EUR", lines,
    amount: 160000, fees: 9000, interest: 1500, totalClaimed: 170500,
    interestPeriods: [
      { invoice: "SAMPLE-1", from: addDays(asOf, -39), to: asOf, days: 40, rate: "12.15", base: 100000, interest: 1200 },
      { invoice: "SAMPLE-2", from: addDays(asOf, -19), to: asOf, days: 20, rate: "12.15", base: 60000, interest: 300 },
    ],
    otherOpen: [sampleLine("SAMPLE-3", asOf, -10, 30000, 0, 0), sampleLine("SAMPLE-4", asOf, 5, 10000, 0, 0)],
    unapplied: 5000,
    previous: [{ step: "reminder-1", channel: "email", date: addDays(asOf, -10), invoices: ["SAMPLE-1", "SAMPLE-2"] }],
    receipts: [
      { kind: "payment", reference: "SAMPLE-PAY", date: addDays(asOf, -15), invoice: "SAMPLE-1", amount: 15000 },
      { kind: "credit_note", reference: "SAMPLE-CN", date: addDays(asOf, -12), invoice: "SAMPLE-1", amount: 5000 },
    ],
  };
  const full: Reminder = common;
  const bare: Reminder = {
    ...common, customerType: "b2c", channel: "email", step: { id: template, offset: 0, channel: "email", template },
    lines: [sampleLine("SAMPLE-5", asOf, -3, 50000, 0, 0)], amount: 50000, fees: 0, interest: 0, totalClaimed: 50000,
    interestPeriods: [], otherOpen: [], unapplied: 0, previous: [], receipts: [],
  };
  return { full, bare };
}
