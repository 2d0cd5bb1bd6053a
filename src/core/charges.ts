// Late-payment charges owed on invoices paid late but paid: interest from the day after the due
// date until the money came in, and the fixed recovery indemnity. The law makes them due from the
// first day of delay, without a reminder (domain.md §1.4: "paid late but paid in full"); the
// reminders only ever claim them on what is still open, so once an invoice is paid they would
// otherwise vanish (peers.md, complaint 10). This report says what could be invoiced. Pure.

import { matchesCustomer } from "./aging-view.js";
import { addDays, daysBetween, type PlainDate } from "./dates.js";
import { customerKind } from "./customer-kind.js";
import { statusHolds } from "./holds.js";
import { computeInterest, rateWarnings, type LatePaymentProfile, type ProfileName } from "./interest.js";
import type { Ledger } from "./ledger.js";
import { limitationOf, limitationState } from "./limitation.js";
import type { Invoice } from "./model.js";
import { lastPaymentDate, receiptsByInvoice } from "./receipts.js";
import type { InterestPeriod } from "./reminder.js";
import { compareText } from "./text.js";

export interface ChargesOptions {
  readonly asOf: PlainDate;
  readonly profile: LatePaymentProfile;
  /** Only invoices whose last payment came in on or after this day (the period being invoiced). */
  readonly since?: PlainDate | undefined;
  /** Only invoices paid at least this many days late (1: every day of delay counts, as the law says). */
  readonly minDaysLate?: number | undefined;
  /** Only this customer's invoices: its id, or part of its name (as --customer of every report). */
  readonly customer?: string | undefined;
}

/** One invoice paid late, with what its delay cost. */
export interface PaidLateInvoice {
  readonly invoice: Invoice;
  /** The day the last payment came in (interest runs to the day before). */
  readonly paidOn: PlainDate;
  readonly daysLate: number;
  /** What was owed on the due date and bore interest: the total less the export's paid and any credit note. */
  readonly base: number;
  readonly interest: number;
  readonly indemnity: number;
  readonly periods: readonly InterestPeriod[];
}

export interface CustomerCharges {
  readonly customer: string;
  readonly name: string;
  readonly currency: string;
  readonly invoices: number;
  readonly interest: number;
  readonly indemnity: number;
}

export interface CurrencyCharges {
  readonly currency: string;
  readonly invoices: number;
  readonly interest: number;
  readonly indemnity: number;
}

/** Settled invoices left out, and why: said under the report so that no silence reads as "nothing owed". */
export interface ChargesLeftOut {
  /** Paid according to the export's paid column or status, with no dated payment: the delay is unknown. */
  readonly undated: number;
  /** The customer is a consumer: no business interest nor indemnity (FR L111-8 CPCE, UK and EU law are B2B). */
  readonly consumers: number;
  /** The export's status is a dispute, an insolvency or a doubtful debt. */
  readonly disputed: number;
  /** Past the limitation period: they can no longer be claimed. */
  readonly barred: number;
}

export interface ChargesReport {
  readonly asOf: PlainDate;
  readonly profile: ProfileName;
  readonly since: PlainDate | undefined;
  /** By customer, currency, payment day and number. */
  readonly invoices: readonly PaidLateInvoice[];
  readonly customers: readonly CustomerCharges[];
  readonly totals: readonly CurrencyCharges[];
  readonly leftOut: ChargesLeftOut;
  /** Rates missing from the tables, a contractual rate below the floor: for dunning.yaml. */
  readonly warnings: readonly string[];
}

/**
 * The charges on every invoice the ledger shows settled whose last payment came after its due
 * date. The interest base is what was open on the due date less any credit note against it (a
 * credited amount was never owed); each payment lowers it from the day it came in. A written-off
 * difference stops interest with the last payment too.
 */
export function chargesOnPaidLate(ledger: Ledger, options: ChargesOptions): ChargesReport {
  const { asOf, profile, since } = options;
  const minDaysLate = Math.max(1, options.minDaysLate ?? 1);
  const receipts = receiptsByInvoice(ledger);
  const consumers = new Set<string>();
  for (const { invoice } of ledger.items) if (customerKind(invoice.customerType) === "consumer") consumers.add(invoice.customer);
  const leftOut = { undated: 0, consumers: 0, disputed: 0, barred: 0 };
  const warnings = new Set<string>();
  const invoices: PaidLateInvoice[] = [];
  for (const { invoice: inv, open } of ledger.items) {
    if (inv.type !== "invoice" || open > 0 || inv.amount <= 0) continue;
    if (options.customer !== undefined && !matchesCustomer(inv.customer, inv.customerName, options.customer)) continue;
    const got = receipts.get(inv.number);
    const paidOn = lastPaymentDate(got);
    if (paidOn === undefined) {
      // Settled by credit notes alone is cancelled, not paid late; by the export's word alone, undated.
      if (!(got ?? []).some((r) => r.kind === "credit_note")) leftOut.undated++;
      continue;
    }
    const daysLate = daysBetween(inv.dueDate, paidOn);
    if (daysLate < minDaysLate || (since !== undefined && paidOn < since)) continue;
    if (consumers.has(inv.customer)) {
      leftOut.consumers++;
      continue;
    }
    if (statusHolds(inv.status)) {
      leftOut.disputed++;
      continue;
    }
    if (limitationState(limitationOf(profile.name, false, inv.issueDate), asOf) === "barred") {
      leftOut.barred++;
      continue;
    }
    const credited = (got ?? []).reduce((sum, r) => sum + (r.kind === "credit_note" ? r.amount : 0), 0);
    const base = inv.amount - inv.paid - credited;
    // Nothing was owed beyond what the export says was paid and credited: no payment was late.
    if (base <= 0) continue;
    const changes = (got ?? []).filter((r) => r.kind === "payment").map((r) => ({ date: r.date, reduction: r.amount }));
    const result = computeInterest(profile, inv.number, inv.dueDate, addDays(paidOn, -1), base, changes);
    for (const w of rateWarnings(result, profile)) warnings.add(w);
    invoices.push({
      invoice: inv, paidOn, daysLate, base, interest: result.interest, indemnity: profile.indemnity(inv.amount, inv.currency), periods: result.periods,
    });
  }
  invoices.sort((a, b) => compareText(a.invoice.customer, b.invoice.customer) || compareText(a.invoice.currency, b.invoice.currency)
    || compareText(a.paidOn, b.paidOn) || compareText(a.invoice.number, b.invoice.number));
  const owing = invoices.filter((i) => i.interest + i.indemnity > 0);
  return { asOf, profile: profile.name, since, invoices: owing, customers: byCustomer(owing), totals: byCurrency(owing), leftOut, warnings: [...warnings] };
}

/** Per customer and currency, in the invoices' order; the name is the latest invoice's. */
function byCustomer(invoices: readonly PaidLateInvoice[]): CustomerCharges[] {
  const out = new Map<string, { customer: string; name: string; currency: string; invoices: number; interest: number; indemnity: number; issued: string }>();
  for (const i of invoices) {
    const key = `${i.invoice.customer}\u0000${i.invoice.currency}`;
    let c = out.get(key);
    if (!c) out.set(key, (c = { customer: i.invoice.customer, name: i.invoice.customerName, currency: i.invoice.currency, invoices: 0, interest: 0, indemnity: 0, issued: "" }));
    c.invoices++;
    c.interest += i.interest;
    c.indemnity += i.indemnity;
    if (i.invoice.issueDate >= c.issued) {
      c.issued = i.invoice.issueDate;
      c.name = i.invoice.customerName;
    }
  }
  return [...out.values()].map(({ issued: _issued, ...c }) => c);
}

/** Per currency, in currency order: amounts of two currencies are never added. */
function byCurrency(invoices: readonly PaidLateInvoice[]): CurrencyCharges[] {
  const out = new Map<string, { currency: string; invoices: number; interest: number; indemnity: number }>();
  for (const i of invoices) {
    let t = out.get(i.invoice.currency);
    if (!t) out.set(i.invoice.currency, (t = { currency: i.invoice.currency, invoices: 0, interest: 0, indemnity: 0 }));
    t.invoices++;
    t.interest += i.interest;
    t.indemnity += i.indemnity;
  }
  return [...out.values()].sort((a, b) => compareText(a.currency, b.currency));
}
