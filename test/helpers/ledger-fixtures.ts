// Small builders for invoices, credit notes and payments in matching tests: amounts as decimal
// strings in major units, dates as `MM-DD` of 2024 (or full ISO), issue date = due − 30 days.

import { addDays } from "../../src/core/dates.js";
import type { LetteredLedger } from "../../src/core/ledger.js";
import type { Invoice, Payment } from "../../src/core/model.js";
import { formatMinor, parseMajor } from "../../src/core/money.js";

/** `02-01` → `2024-02-01`; full dates pass through. */
export function day(d: string): string {
  return d.length === 5 ? `2024-${d}` : d;
}

/** `"100.00"` → 10000 minor units of the currency. */
export function cents(major: string, currency = "EUR"): number {
  const v = parseMajor(major, currency);
  if (v === undefined) throw new Error(`bad amount in a test: ${major}`);
  return v;
}

export function major(minor: number, currency = "EUR"): string {
  return formatMinor(minor, currency);
}

export interface InvoiceExtra {
  readonly issue?: string;
  readonly currency?: string;
  readonly name?: string;
  /** Already paid according to the export, major units. */
  readonly paid?: string;
  readonly appliesTo?: string;
  readonly paymentReference?: string;
}

/** An invoice open for `open` (total = open + paid). */
export function inv(number: string, customer: string, due: string, open: string, extra: InvoiceExtra = {}): Invoice {
  const currency = extra.currency ?? "EUR";
  const paid = extra.paid !== undefined ? cents(extra.paid, currency) : 0;
  const base: Invoice = {
    number, customer, customerName: extra.name ?? `${customer} Ltd`, email: "", issueDate: extra.issue ? day(extra.issue) : addDays(day(due), -30),
    dueDate: day(due), amount: cents(open, currency) + paid, paid, currency, type: "invoice", status: "", appliesTo: extra.appliesTo ?? "",
    language: "", customerType: "", file: "invoices.csv", line: 0,
  };
  return extra.paymentReference !== undefined ? ({ ...base, paymentReference: extra.paymentReference } as Invoice) : base;
}

/** A credit note of `amount` (positive, major units) dated `date`. */
export function credit(number: string, customer: string, date: string, amount: string, extra: InvoiceExtra = {}): Invoice {
  const currency = extra.currency ?? "EUR";
  return {
    number, customer, customerName: extra.name ?? `${customer} Ltd`, email: "", issueDate: day(extra.issue ?? date), dueDate: day(date),
    amount: -cents(amount, currency), paid: 0, currency, type: "credit_note", status: "", appliesTo: extra.appliesTo ?? "",
    language: "", customerType: "", file: "invoices.csv", line: 0,
  };
}

export interface PaymentExtra {
  readonly currency?: string;
  readonly name?: string;
  readonly invoices?: readonly string[];
}

export function pay(id: string, date: string, customer: string, amount: string, label = "", extra: PaymentExtra = {}): Payment {
  const currency = extra.currency ?? "EUR";
  const negative = amount.startsWith("-");
  const minor = cents(negative ? amount.slice(1) : amount, currency);
  return {
    id, date: day(date), customer, payerName: extra.name ?? "", amount: negative ? -minor : minor, currency, reference: label,
    invoices: extra.invoices ?? [], file: "payments.csv", line: 0,
  };
}

/** Allocations as `payment→invoice amount rule level [flags]` strings, easy to read in a failing diff. */
export function allocationLines(ledger: LetteredLedger): string[] {
  return ledger.allocations.map((a) => {
    const flags = a.flags && a.flags.length > 0 ? ` [${a.flags.join(",")}]` : "";
    return `${a.payment}→${a.invoice} ${major(a.amount, a.currency)} ${a.rule} ${a.confidence}${flags}`;
  });
}

export function unappliedLines(ledger: LetteredLedger): string[] {
  return ledger.unapplied.map((u) => `${u.payment} ${major(u.amount, u.currency)} ${u.reason}${u.customer ? ` on ${u.customer}` : ""}`);
}

export function reviewLines(ledger: LetteredLedger): string[] {
  return ledger.review.map((r) => {
    const cands = r.candidates.map((c) => `{${c.invoices.join("+")}}`).join(" ");
    return `${r.kind} ${r.payment} ${r.reason} ${r.confidence}${cands ? ` ${cands}` : ""}${r.held.length > 0 ? " HOLD" : ""}`;
  });
}

export function openOf(ledger: LetteredLedger, number: string): string {
  const item = ledger.items.find((i) => i.invoice.number === number);
  if (!item) throw new Error(`no item ${number}`);
  return major(item.open, item.invoice.currency);
}
