// The aged balance: open invoices per customer and currency, sorted into buckets of days past
// due (or since issue), with unapplied credit beside them and totals per currency — never
// across currencies. Pure.

import { dayNumber, type PlainDate } from "./dates.js";
import type { Ledger, OpenItem, Unapplied } from "./ledger.js";
import type { Payment } from "./model.js";
import { DEFAULT_MATCH_OPTIONS } from "./lettrage/options.js";
import { compareText, stripAccents } from "./text.js";

export type AgingBasis = "due_date" | "issue_date";

export interface AgingOptions {
  readonly asOf: PlainDate;
  /** Upper bounds of the day buckets, ascending (default 30, 60, 90). */
  readonly buckets: readonly number[];
  readonly basis: AgingBasis;
}

export const DEFAULT_BUCKETS: readonly number[] = [30, 60, 90];

/** One customer in one currency. Amounts in minor units of `currency`. */
export interface CustomerAging {
  readonly customer: string;
  readonly name: string;
  readonly currency: string;
  /** Open amount per bucket, in the order of `AgingReport.buckets`. */
  readonly buckets: readonly number[];
  readonly total: number;
  /** Part of the total past its due date (everything but the first bucket on due-date basis). */
  readonly overdue: number;
  readonly openInvoices: number;
  /** Credit in the customer's favour not applied to any invoice (positive). */
  readonly unapplied: number;
}

export interface CurrencyTotal {
  readonly currency: string;
  readonly buckets: readonly number[];
  readonly total: number;
  readonly unapplied: number;
}

export interface AgingReport {
  readonly asOf: PlainDate;
  readonly basis: AgingBasis;
  /** Bucket names: `not_due`, `1-30`, …, `90+` (or `0-30`, … on issue-date basis). */
  readonly buckets: readonly string[];
  /** Sorted by currency, then customer id. */
  readonly customers: readonly CustomerAging[];
  /** Sorted by currency. */
  readonly totals: readonly CurrencyTotal[];
  /**
   * Money received from payers nobody could identify, per currency (sorted): in no customer's
   * row, yet it may have paid one of the invoices listed (dunning match says which to look at).
   */
  readonly unidentified: readonly UnidentifiedMoney[];
}

export interface UnidentifiedMoney {
  readonly currency: string;
  readonly amount: number;
  readonly payments: number;
}

/** Bucket names for the given bounds: due-date basis starts with `not_due`. */
export function bucketNames(bounds: readonly number[], basis: AgingBasis): string[] {
  const names = basis === "due_date" ? ["not_due"] : [];
  let low = basis === "due_date" ? 1 : 0;
  for (const high of bounds) {
    names.push(`${low}-${high}`);
    low = high + 1;
  }
  names.push(`${low - 1}+`);
  return names;
}

/** Index of the bucket an age in days falls in. */
function bucketIndex(days: number, bounds: readonly number[], basis: AgingBasis): number {
  const offset = basis === "due_date" ? 1 : 0;
  if (basis === "due_date" && days <= 0) return 0;
  for (let i = 0; i < bounds.length; i++) if (days <= (bounds[i] as number)) return i + offset;
  return bounds.length + offset;
}

interface Row {
  customer: string;
  name: string;
  nameDate: string;
  currency: string;
  buckets: number[];
  openInvoices: number;
  unapplied: number;
}

export function ageBalances(ledger: Ledger, options: AgingOptions): AgingReport {
  const names = bucketNames(options.buckets, options.basis);
  // Per currency, then customer: a key string made per item (and hashed) cost more than the rest
  // of the loop at 1 M items.
  const rows = new Map<string, Map<string, Row>>();
  const list: Row[] = [];
  const rowFor = (customer: string, currency: string): Row => {
    let byCustomer = rows.get(currency);
    if (!byCustomer) rows.set(currency, (byCustomer = new Map()));
    let row = byCustomer.get(customer);
    if (!row) {
      row = { customer, name: "", nameDate: "", currency, buckets: names.map(() => 0), openInvoices: 0, unapplied: 0 };
      byCustomer.set(customer, row);
      list.push(row);
    }
    return row;
  };
  // Exports repeat dates: each date's bucket is worked out once.
  const asOf = dayNumber(options.asOf);
  const bucketOf = new Map<PlainDate, number>();
  // Index loops: this runs once, and an unoptimised for-of makes an object per item.
  for (let k = 0; k < ledger.items.length; k++) {
    const { invoice, open } = ledger.items[k] as OpenItem;
    const row = rowFor(invoice.customer, invoice.currency);
    // The most recent invoice carries the customer's current name.
    if (invoice.issueDate >= row.nameDate) {
      row.name = invoice.customerName;
      row.nameDate = invoice.issueDate;
    }
    if (invoice.type !== "invoice" || open <= 0) continue;
    const from = options.basis === "due_date" ? invoice.dueDate : invoice.issueDate;
    let i = bucketOf.get(from);
    if (i === undefined) bucketOf.set(from, (i = bucketIndex(asOf - dayNumber(from), options.buckets, options.basis)));
    row.buckets[i] = (row.buckets[i] as number) + open;
    row.openInvoices++;
  }
  const anonymous: Unapplied[] = [];
  for (let k = 0; k < ledger.unapplied.length; k++) {
    const u = ledger.unapplied[k] as Unapplied;
    if (u.customer !== "") rowFor(u.customer, u.currency).unapplied += u.amount;
    else anonymous.push(u);
  }
  const unidentified = unidentifiedMoney(anonymous, ledger.payments);
  const customers: CustomerAging[] = list
    .filter((r) => r.openInvoices > 0 || r.unapplied !== 0)
    .map((r) => {
      const total = sum(r.buckets);
      const overdue = options.basis === "due_date" ? total - (r.buckets[0] as number) : total;
      return { customer: r.customer, name: r.name || r.customer, currency: r.currency, buckets: r.buckets, total, overdue, openInvoices: r.openInvoices, unapplied: r.unapplied };
    })
    .sort((a, b) => compareText(a.currency, b.currency) || compareText(a.customer, b.customer));
  return { asOf: options.asOf, basis: options.basis, buckets: names, customers, totals: totalsOf(customers, names.length), unidentified };
}

/**
 * Money received from payers nobody identified, per currency. A debit of a bank statement is
 * nobody's credit (a supplier's direct debit), except that a debit whose label says money went
 * back (a transfer returned, a refund) takes back the latest receipt of its amount in the
 * lettrage's reversal window before it: those two cancel, as the money never stayed. Without a
 * payer to compare, the label is the evidence: the rent paid ten days after a customer's transfer
 * of the same amount takes nothing back.
 */
function unidentifiedMoney(anonymous: readonly Unapplied[], payments: readonly Payment[]): UnidentifiedMoney[] {
  if (anonymous.length === 0) return [];
  const returned = returnedReceipts(anonymous, payments);
  const byCurrency = new Map<string, { amount: number; payments: Set<string> }>();
  for (const u of anonymous) {
    if (u.amount <= 0 || returned?.has(u) === true) continue;
    let m = byCurrency.get(u.currency);
    if (!m) byCurrency.set(u.currency, (m = { amount: 0, payments: new Set() }));
    m.amount += u.amount;
    m.payments.add(u.payment);
  }
  return [...byCurrency].sort(([a], [b]) => compareText(a, b)).map(([currency, m]) => ({ currency, amount: m.amount, payments: m.payments.size }));
}

/** The receipts that a later debit of the same amount sent back; undefined when no money went out. */
function returnedReceipts(anonymous: readonly Unapplied[], payments: readonly Payment[]): Set<Unapplied> | undefined {
  // Most ledgers have no anonymous debit: the dates of every payment are then not needed.
  let debits = anonymous.filter((u) => u.amount < 0);
  if (debits.length === 0) return undefined;
  const negative = new Set(debits.map((u) => u.payment));
  const labels = new Map<string, string>();
  for (let i = 0; i < payments.length; i++) {
    const p = payments[i] as Payment;
    if (negative.has(p.id)) labels.set(p.id, p.reference);
  }
  debits = debits.filter((u) => {
    const label = stripAccents(labels.get(u.payment) ?? "");
    return MONEY_BACK.test(label) && !NOT_MONEY_BACK.test(label);
  });
  if (debits.length === 0) return undefined;
  const wanted = new Set(debits.map((u) => `${u.currency} ${-u.amount}`));
  const receipts = new Map<string, Unapplied[]>();
  for (const u of anonymous) {
    if (u.amount <= 0) continue;
    const key = `${u.currency} ${u.amount}`;
    if (!wanted.has(key)) continue;
    let list = receipts.get(key);
    if (!list) receipts.set(key, (list = []));
    list.push(u);
  }
  const ids = new Set<string>(debits.map((u) => u.payment));
  for (const list of receipts.values()) for (const u of list) ids.add(u.payment);
  const dayOf = new Map<string, number>();
  for (let i = 0; i < payments.length; i++) {
    const p = payments[i] as Payment;
    if (ids.has(p.id)) dayOf.set(p.id, dayNumber(p.date));
  }
  const returned = new Set<Unapplied>();
  for (const u of debits) {
    const day = dayOf.get(u.payment);
    let back: Unapplied | undefined;
    let backDay = 0;
    for (const r of receipts.get(`${u.currency} ${-u.amount}`) ?? []) {
      const received = dayOf.get(r.payment);
      if (returned.has(r) || day === undefined || received === undefined || received > day || day - received > DEFAULT_MATCH_OPTIONS.reversalWindowDays) continue;
      if (back === undefined || received > backDay) {
        back = r;
        backDay = received;
      }
    }
    if (back) returned.add(back);
  }
  return returned;
}

/**
 * The words of a debit that sends a receipt back: returned, rejected, refunded, reversed, charged
 * back — whole words, and not a loan's repayment (REMBOURSEMENT PRET) nor a payout (REVERSEMENT).
 */
const MONEY_BACK = /\b(retour(ne|nee)?s?|rejets?|rejete(e)?s?|impaye(e)?s?|annulations?|remboursements?|rembt|restitutions?|returned|returns?|rejected|refund(s|ed)?|reversals?|reversed|chargebacks?|storno|rucklastschrift(en)?|rucku?berweisung(en)?|erstattung(en)?)\b/i;
const NOT_MONEY_BACK = /\b(pret|emprunt|loan|credit immo\w*)\b/i;

/** Totals per currency of the given rows. */
export function totalsOf(customers: readonly CustomerAging[], width: number): CurrencyTotal[] {
  const byCurrency = new Map<string, { buckets: number[]; unapplied: number }>();
  for (const c of customers) {
    let t = byCurrency.get(c.currency);
    if (!t) {
      t = { buckets: new Array<number>(width).fill(0), unapplied: 0 };
      byCurrency.set(c.currency, t);
    }
    c.buckets.forEach((v, i) => (t.buckets[i] = (t.buckets[i] as number) + v));
    t.unapplied += c.unapplied;
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([currency, t]) => ({ currency, buckets: t.buckets, total: sum(t.buckets), unapplied: t.unapplied }));
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
