// A small hand-made ledger as Reminder values, one per step of the example scenario, for the
// letter tests, the golden files and examples/output/. Interest is computed here the way the
// planner does (simple, ACT/365, rounded per period) so every number in the letters adds up.

import type { CompanyIdentity } from "../../src/render/letter-context.js";
import type { InterestPeriod, Reminder, ReminderLine, Step } from "../../src/core/reminder.js";
import { daysBetween } from "../../src/core/dates.js";

export const AS_OF = "2026-11-22";

export const COMPANY: CompanyIdentity = {
  name: "Atelier Martin SARL",
  address: "12 rue des Tanneurs\n69002 Lyon",
  email: "compta@atelier-martin.example",
  phone: "+33 4 78 00 00 00",
  siren: "812 345 678",
  vat: "FR32812345678",
  iban: "FR76 3000 6000 0112 3456 7890 189",
  bic: "AGRIFRPP",
};

export const STEPS: Readonly<Record<string, Step>> = {
  courtesy: { id: "courtesy", offset: -5, channel: "email", template: "courtesy" },
  "reminder-1": { id: "reminder-1", offset: 7, channel: "email", template: "reminder-1" },
  "reminder-2": { id: "reminder-2", offset: 15, channel: "email", template: "reminder-2" },
  "formal-notice": { id: "formal-notice", offset: 30, channel: "letter", template: "formal-notice", minAmount: "100", deadlineDays: 8 },
};

const RATE = "12.15";

/** Interest of one period in minor units: base × rate × days / 365, rounded half-up. */
function periodInterest(base: number, days: number): number {
  return Math.round((base * 1215 * days) / (365 * 10000));
}

function period(invoice: string, from: string, to: string, base: number): InterestPeriod {
  const days = daysBetween(from, to) + 1;
  return { invoice, from, to, days, rate: RATE, base, interest: periodInterest(base, days) };
}

interface LineSpec {
  readonly invoice: string;
  readonly issueDate: string;
  readonly issueGiven?: boolean;
  readonly dueDate: string;
  readonly amount: number;
  readonly paid: number;
  readonly periods?: readonly InterestPeriod[];
  readonly indemnity?: number;
}

function line(spec: LineSpec): ReminderLine {
  const interest = (spec.periods ?? []).reduce((a, p) => a + p.interest, 0);
  return {
    invoice: spec.invoice, issueDate: spec.issueDate, issueGiven: spec.issueGiven ?? true, dueDate: spec.dueDate, amount: spec.amount,
    paid: spec.paid, open: spec.amount - spec.paid, daysLate: daysBetween(spec.dueDate, AS_OF),
    interest, indemnity: spec.indemnity ?? 0,
  };
}

// F-2026-0142: 1 440 € due 15 Oct, 400 € received on 3 Nov, so the interest base drops that day
// (the planner lowers the base from the day a payment arrives; receipts below say the same date).
const P0142 = [period("F-2026-0142", "2026-10-16", "2026-11-02", 144000), period("F-2026-0142", "2026-11-03", AS_OF, 104000)];
const P0157 = [period("F-2026-0157", "2026-10-31", AS_OF, 86400)];

export const LINES = {
  f0142: line({ invoice: "F-2026-0142", issueDate: "2026-09-15", dueDate: "2026-10-15", amount: 144000, paid: 40000, periods: P0142, indemnity: 4000 }),
  f0157: line({ invoice: "F-2026-0157", issueDate: "2026-09-30", dueDate: "2026-10-30", amount: 86400, paid: 0, periods: P0157, indemnity: 4000 }),
  f0163: line({ invoice: "F-2026-0163", issueDate: "2026-10-16", dueDate: "2026-11-15", amount: 62400, paid: 0 }),
  f0171: line({ invoice: "F-2026-0171", issueDate: "2026-11-05", dueDate: "2026-11-27", amount: 51000, paid: 0 }),
} as const;

const CUSTOMERS = {
  fr: { customer: "C00012", customerName: "Boulangerie Dupont SAS", to: "factures@boulangerie-dupont.example", language: "fr" },
  en: { customer: "C00040", customerName: "Northwind Trading Ltd", to: "accounts@northwind.example", language: "en" },
} as const;

export const DEBTORS = {
  fr: { address: "4 place Bellecour\n69002 Lyon", siren: "498 765 432", vat: "FR61498765432" },
  en: { address: "1 Canal Street\nManchester M1 3HE\nUnited Kingdom", vat: "GB123456789" },
} as const;

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The reminder of the example scenario's step `template` for the fr or en customer. */
export function fixtureReminder(template: keyof typeof STEPS, language: "fr" | "en", overrides: Partial<Reminder> = {}): Reminder {
  const step = STEPS[template] as Step;
  const withInterest = template === "reminder-2" || template === "formal-notice";
  const lines: ReminderLine[] = template === "courtesy" ? [LINES.f0171]
    : template === "reminder-1" ? [LINES.f0163]
      : [LINES.f0142, LINES.f0157].map((l) => (withInterest ? l : { ...l, interest: 0, indemnity: 0 }));
  const otherOpen = template === "courtesy" ? [] : template === "reminder-1" ? [LINES.f0171] : [LINES.f0163, LINES.f0171];
  const amount = sum(lines.map((l) => l.open));
  const fees = sum(lines.map((l) => l.indemnity));
  const interest = sum(lines.map((l) => l.interest));
  const previous = template === "formal-notice"
    ? [
      { step: "reminder-1", channel: "email" as const, date: "2026-10-22", invoices: ["F-2026-0142"] },
      { step: "reminder-1", channel: "email" as const, date: "2026-11-06", invoices: ["F-2026-0157"] },
      { step: "reminder-2", channel: "email" as const, date: "2026-11-14", invoices: ["F-2026-0142", "F-2026-0157"] },
    ]
    : template === "reminder-2" ? [{ step: "reminder-1", channel: "email" as const, date: "2026-11-06", invoices: ["F-2026-0142", "F-2026-0157"] }] : [];
  const base: Reminder = {
    ...CUSTOMERS[language],
    customerType: "b2b", scenario: "standard", step, channel: step.channel, currency: "EUR",
    lines, amount, fees, interest, totalClaimed: amount + fees + interest,
    interestPeriods: withInterest ? [...P0142, ...P0157] : [],
    otherOpen, unapplied: template === "reminder-1" ? 15000 : 0, previous,
    ...(template === "formal-notice" ? {
      deadline: "2026-11-30",
      receipts: [{ kind: "payment" as const, reference: "VIR-5521", date: "2026-11-03", invoice: "F-2026-0142", amount: 40000 }],
    } : {}),
  };
  return { ...base, ...overrides };
}
