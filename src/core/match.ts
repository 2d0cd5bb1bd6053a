// First lettrage: a payment's explicit invoice numbers, then invoice numbers found in its label,
// each allocated up to the invoice's open amount; what remains stays as the customer's unapplied
// credit. Credit notes settle the invoice they name, or become unapplied credit. The full
// engine (matching.md) replaces the inside of matchPayments, not its signature. Pure.

import type { PlainDate } from "./dates.js";
import type { Allocation, Ledger, OpenItem, Unapplied } from "./ledger.js";
import type { Invoice, Payment } from "./model.js";
import { labelKeys, referenceKey } from "./references.js";

export interface MatchInput {
  readonly invoices: readonly Invoice[];
  readonly payments: readonly Payment[];
  /** Payments after this date and invoices issued after it are ignored, so reports re-run. */
  readonly asOf: PlainDate;
}

/** Customer name reduced for comparison: accents, case, punctuation and legal forms dropped. */
export function nameKey(name: string): string {
  return name
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase()
    .replace(/[^A-Z0-9]+/g, " ")
    .replace(/\b(SA|SAS|SASU|SARL|EURL|SCI|SNC|GMBH|LTD|LIMITED|INC|LLC|BV|PLC)\b/g, " ")
    .replace(/\s+/g, " ").trim();
}

function byDateThenId(a: Payment, b: Payment): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Index of customers by id and by name key; a name shared by two customers identifies no one. */
function payerIndex(invoices: readonly Invoice[]): { ids: Set<string>; names: Map<string, string | null> } {
  const ids = new Set<string>();
  const names = new Map<string, string | null>();
  for (const inv of invoices) {
    ids.add(inv.customer);
    const key = nameKey(inv.customerName);
    const known = names.get(key);
    if (known === undefined) names.set(key, inv.customer);
    else if (known !== inv.customer) names.set(key, null);
  }
  return { ids, names };
}

export function matchPayments(input: MatchInput): Ledger {
  const invoices = input.invoices.filter((inv) => inv.issueDate <= input.asOf);
  const payments = input.payments.filter((p) => p.date <= input.asOf).sort(byDateThenId);
  const open = new Map<string, number>();
  const byKey = new Map<string, Invoice | null>();
  for (const inv of invoices) {
    open.set(inv.number, inv.amount - inv.paid);
    const key = referenceKey(inv.number);
    byKey.set(key, byKey.has(key) && byKey.get(key)?.number !== inv.number ? null : inv);
  }
  const allocations: Allocation[] = [];
  const unapplied: Unapplied[] = [];
  const allocate = (from: string, inv: Invoice, wanted: number, rule: string, evidence: string): number => {
    const amount = Math.min(wanted, open.get(inv.number) ?? 0);
    if (amount <= 0) return 0;
    open.set(inv.number, (open.get(inv.number) ?? 0) - amount);
    allocations.push({ payment: from, invoice: inv.number, amount, currency: inv.currency, rule, confidence: "certain", evidence });
    return amount;
  };

  applyCreditNotes(invoices, byKey, open, allocate, unapplied);
  const payers = payerIndex(invoices);
  for (const p of payments) {
    if (p.amount <= 0) {
      if (p.amount < 0) unapplied.push({ payment: p.id, customer: p.customer, amount: p.amount, currency: p.currency, reason: "refund" });
      continue;
    }
    let remaining = p.amount;
    let customer = p.customer || (payers.names.get(nameKey(p.payerName)) ?? "");
    const explicit = p.invoices.map((n) => byKey.get(referenceKey(n))).filter((inv): inv is Invoice => !!inv);
    const referenced = labelKeys(p.reference).map((k) => byKey.get(k)).filter((inv): inv is Invoice => !!inv);
    for (const [targets, rule, why] of [[explicit, "explicit_invoice", "invoice column"], [referenced, "reference", "label"]] as const) {
      for (const inv of targets) {
        if (remaining <= 0 || inv.currency !== p.currency || inv.type !== "invoice") continue;
        const took = allocate(p.id, inv, remaining, rule, `${inv.number} named in the payment's ${why}`);
        remaining -= took;
        if (took > 0 && customer === "") customer = inv.customer;
      }
    }
    if (remaining > 0) {
      const reason = customer === "" ? "unknown_payer" : remaining === p.amount ? "no_invoice_reference" : "overpayment";
      unapplied.push({ payment: p.id, customer, amount: remaining, currency: p.currency, reason });
    }
  }
  const items: OpenItem[] = invoices.map((invoice) => ({ invoice, open: open.get(invoice.number) ?? 0 }));
  return { items, payments, allocations, unapplied };
}

/** A credit note settles the invoice it names (same customer and currency); the rest is credit. */
function applyCreditNotes(
  invoices: readonly Invoice[], byKey: Map<string, Invoice | null>, open: Map<string, number>,
  allocate: (from: string, inv: Invoice, wanted: number, rule: string, evidence: string) => number,
  unapplied: Unapplied[],
): void {
  for (const cn of invoices) {
    if (cn.type !== "credit_note") continue;
    let credit = -(open.get(cn.number) ?? 0);
    if (credit <= 0) continue;
    const target = cn.appliesTo ? byKey.get(referenceKey(cn.appliesTo)) : undefined;
    if (target && target.customer === cn.customer && target.currency === cn.currency && target.type === "invoice") {
      credit -= allocate(cn.number, target, credit, "linked_credit_note", `credit note ${cn.number} names ${target.number}`);
    }
    open.set(cn.number, -credit);
    if (credit > 0) {
      unapplied.push({ payment: cn.number, customer: cn.customer, amount: credit, currency: cn.currency, reason: "credit_note" });
    }
  }
}
