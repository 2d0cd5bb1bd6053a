// Late-payment charges owed on invoices paid late but paid: interest from the day after the due
// date until the money came in, and the fixed recovery indemnity. The law makes them due from the
// first day of delay, without a reminder (domain.md §1.4: "paid late but paid in full"); the
// reminders only ever claim them on what is still open, so once an invoice is paid they would
// otherwise vanish (peers.md, complaint 10). This report says what could be invoiced. Pure.

import { matchesCustomer } from "./aging-view.js";
import { addDays, daysBetween, type PlainDate } from "./dates.js";
import { customerKind } from "./customer-kind.js";
import { indexHolds, statusHoldOf, type Hold } from "./holds.js";
import { fastKeyOf } from "./references.js";
import { chargesStart, computeInterest, rateWarnings, type LatePaymentProfile, type ProfileName } from "./interest.js";
import type { Ledger } from "./ledger.js";
import { limitationOf, limitationState } from "./limitation.js";
import type { Invoice, Payment } from "./model.js";
import { firstNoticeReceived, firstReminderReceived, recordsByInvoice } from "./delivered.js";
import { baseChanges, lastPaymentDate, receiptsByInvoice } from "./receipts.js";
import type { InterestPeriod, Receipt, StepRecord } from "./reminder.js";
import { compareText } from "./text.js";

export interface ChargesOptions {
  readonly asOf: PlainDate;
  readonly profile: LatePaymentProfile;
  /** Only invoices settled on or after this day (the period being invoiced). */
  readonly since?: PlainDate | undefined;
  /** Only invoices settled at least this many days late (1: every day of delay counts, as the law says). */
  readonly minDaysLate?: number | undefined;
  /** Only this customer's invoices: its id, or part of its name (as --customer of every report). */
  readonly customer?: string | undefined;
  /** The holds file's holds, whatever their end: a dispute, promise or plan agreed is not charged for. */
  readonly holds?: readonly Hold[] | undefined;
  /** The journal: when a reminder (Germany) or a formal notice (a consumer) reached the customer. */
  readonly history?: readonly StepRecord[] | undefined;
  /** The steps that send a formal notice (formalNoticeSteps of the scenarios). */
  readonly formalNotices?: ReadonlySet<string> | undefined;
}

/** One invoice paid late, with what its delay cost. */
export interface PaidLateInvoice {
  readonly invoice: Invoice;
  /** A consumer's: the legal interest its formal notice made run, and no indemnity. */
  readonly consumer: boolean;
  /** The day its last payment came in. */
  readonly paidOn: PlainDate;
  /** Days from the due date to that day. */
  readonly daysLate: number;
  /** What was still open when interest began to run, and bore it. */
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
  /** Due before the as-of date and paid according to the export's paid column or status alone: when is unknown. */
  readonly undated: number;
  /**
   * Settled late by credit notes alone (or payment rows of the invoices export, read as such), or
   * paid on time with the rest credited later: cancelled or set off, nothing paid late — to check.
   */
  readonly credited: number;
  /** Closed by an FEC entry that moved the debt to another account (416 doubtful, another customer): no money came in. */
  readonly moved: number;
  /**
   * The customer is a consumer and owes nothing: no business interest nor indemnity (FR L111-8
   * CPCE; UK and EU law are B2B), and no formal notice reached it before it paid (or the profile
   * gives a consumer no interest).
   */
  readonly consumers: number;
  /** Germany: paid late, but before the debtor was in default (30 days, or a reminder received), so nothing is owed. */
  readonly beforeDefault: number;
  /** The export's status is a dispute, an insolvency or a doubtful debt. */
  readonly disputed: number;
  /** The holds file has (or had) a hold on the invoice or its customer: a dispute, a promise, a plan. */
  readonly held: number;
  /** Past the limitation period: they can no longer be claimed. */
  readonly barred: number;
  /** Paid late, yet the profile charges nothing on them (profile none; no whole day of interest and no indemnity in their currency). */
  readonly noCharge: number;
}

export interface ChargesReport {
  readonly asOf: PlainDate;
  readonly profile: ProfileName;
  readonly since: PlainDate | undefined;
  /** By customer, currency, settlement day and number. */
  readonly invoices: readonly PaidLateInvoice[];
  readonly customers: readonly CustomerCharges[];
  readonly totals: readonly CurrencyCharges[];
  readonly leftOut: ChargesLeftOut;
  /** Rates missing from the tables, a contractual rate below the floor: for dunning.yaml. */
  readonly warnings: readonly string[];
}

/**
 * The charges on every invoice the ledger shows settled after the day it became late. As the
 * reminders count them: interest on what was open each day, each payment and each credit note
 * lowering the base from its date (a credit note does not undo what had accrued before it,
 * domain.md §9.1), until the invoice was settled; and the profile's fixed indemnity.
 */
export function chargesOnPaidLate(ledger: Ledger, options: ChargesOptions): ChargesReport {
  const { asOf, profile, since } = options;
  const minDaysLate = Math.max(1, options.minDaysLate ?? 1);
  const receipts = receiptsByInvoice(ledger);
  const consumers = new Set<string>();
  for (const { invoice } of ledger.items) if (customerKind(invoice.customerType) === "consumer") consumers.add(invoice.customer);
  const holds = options.holds ?? [];
  const holdsOf = indexHolds(holds);
  const leftOut = { undated: 0, credited: 0, moved: 0, consumers: 0, beforeDefault: 0, disputed: 0, held: 0, barred: 0, noCharge: 0 };
  /** Why an invoice's charges are not claimed whatever its dates, if they are not. */
  const exclusion = (inv: Invoice): "disputed" | "held" | "barred" | undefined => {
    if (statusHoldOf(inv) !== undefined) return "disputed";
    if (holdsOf(inv).length > 0) return "held";
    return limitationState(limitationOf(profile.name, consumers.has(inv.customer), inv.issueDate), asOf) === "barred" ? "barred" : undefined;
  };
  const journal = recordsByInvoice(options.history ?? []);
  const cited = citedByNumber(ledger.payments);
  const notices = options.formalNotices ?? new Set<string>();
  const warnings = new Set<string>();
  const invoices: PaidLateInvoice[] = [];
  for (const { invoice: inv, open } of ledger.items) {
    if (inv.type !== "invoice" || open > 0 || inv.amount <= 0) continue;
    if (options.customer !== undefined && !matchesCustomer(inv.customer, inv.customerName, options.customer)) continue;
    const sent = journal.get(inv.number) ?? [];
    // A business owes from the due date (in Germany from default); a consumer only what a formal
    // notice made run, from its receipt, at the rate the profile gives a consumer.
    const consumer = consumers.has(inv.customer);
    const rates = consumer ? profile.consumer : profile;
    const start = consumer ? firstNoticeReceived(sent, notices) : chargesStart(profile.name, inv.dueDate, firstReminderReceived(inv.dueDate, sent));
    // Paid by the export's word: the payments that cite it alone say when, where they add up to it.
    const byExport = (receipts.get(inv.number) ?? []).length === 0;
    const got = byExport ? citedAlone(inv, cited.get(fastKeyOf(inv.number))) : (receipts.get(inv.number) as Receipt[]);
    if (got.length === 0) {
      // Late or not is unknown, unless it was not due yet.
      if (inv.dueDate < asOf && exclusion(inv) === undefined) leftOut.undated++;
      continue;
    }
    // Late is when the money came in; the invoice is settled by its last receipt, a credit note
    // after the last payment included (interest runs on what was open until then).
    let settled = got[0]?.date as PlainDate;
    for (const r of got) if (r.date > settled) settled = r.date;
    const within = (day: PlainDate): boolean => daysBetween(inv.dueDate, day) >= minDaysLate && (since === undefined || day >= since);
    if (got.some((r) => r.movedTo !== undefined)) {
      if (within(settled)) leftOut.moved++;
      continue;
    }
    // Paid on time, or not at all, and the rest credited after the due date: nothing was paid late.
    const paidOn = lastPaymentDate(got);
    if (paidOn === undefined || (paidOn <= inv.dueDate && settled > inv.dueDate)) {
      if (within(settled)) leftOut.credited++;
      continue;
    }
    if (!within(paidOn)) continue;
    const daysLate = daysBetween(inv.dueDate, paidOn);
    if (rates === undefined || start === undefined || paidOn <= start) {
      // Paid before anything was owed: a consumer without a notice received, a German debtor before default.
      if (consumer) leftOut.consumers++;
      else leftOut.beforeDefault++;
      continue;
    }
    const excluded = exclusion(inv);
    if (excluded !== undefined) {
      leftOut[excluded]++;
      continue;
    }
    // The export's paid column counts the very payments read here when they date it.
    const initial = byExport ? inv.amount : inv.amount - inv.paid;
    const result = computeInterest(rates, inv.number, start, addDays(settled, -1), initial, baseChanges(got));
    // What was open on the first day of interest (computeInterest's first period, when there is one).
    const base = result.periods[0]?.base ?? initial - got.reduce((sum, r) => sum + (r.date <= addDays(start, 1) ? r.amount : 0), 0);
    for (const w of rateWarnings(result, rates)) warnings.add(w);
    const indemnity = consumer ? 0 : profile.indemnity(inv.amount, inv.currency);
    if (result.interest + indemnity === 0) {
      leftOut.noCharge++;
      continue;
    }
    invoices.push({ invoice: inv, consumer, paidOn, daysLate, base, interest: result.interest, indemnity, periods: result.periods });
  }
  invoices.sort((a, b) => compareText(a.invoice.customer, b.invoice.customer) || compareText(a.invoice.currency, b.invoice.currency)
    || compareText(a.paidOn, b.paidOn) || compareText(a.invoice.number, b.invoice.number));
  return { asOf, profile: profile.name, since, invoices, customers: byCustomer(invoices), totals: byCurrency(invoices), leftOut, warnings: [...warnings] };
}

/** Money received that cites one invoice and no other, by that number's key (fastKeyOf, as the lettrage compares numbers). */
function citedByNumber(payments: readonly Payment[]): Map<string, Payment[]> {
  const out = new Map<string, Payment[]>();
  for (const p of payments) {
    if (p.invoices.length !== 1 || p.amount <= 0 || p.movedTo !== undefined) continue;
    const key = fastKeyOf(p.invoices[0] as string);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(p);
  }
  return out;
}

/**
 * The receipts of an invoice the invoices export says is paid (no allocation took it), from the
 * payments that cite it alone, in date order, up to its amount — none unless they pay it all: a
 * payment the export's paid column counts is in the payments export too, and dates it.
 */
function citedAlone(inv: Invoice, payments: readonly Payment[] | undefined): Receipt[] {
  if (payments === undefined || inv.paid < inv.amount) return [];
  const receipts: Receipt[] = [];
  let left = inv.amount;
  for (const p of [...payments].sort((a, b) => compareText(a.date, b.date))) {
    if (left <= 0) break;
    if (p.currency !== inv.currency) continue;
    const amount = Math.min(left, p.amount);
    receipts.push({ kind: "payment", reference: p.id, date: p.date, invoice: inv.number, amount });
    left -= amount;
  }
  return left <= 0 ? receipts : [];
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
