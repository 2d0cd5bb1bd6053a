// What reduced each invoice, and when: the lettrage's allocations dated by their payment (the day
// the money arrived) or their credit note (its issue date). Late interest is counted on the base
// these leave open day by day, for a reminder's open invoices and a paid invoice's charges alike;
// payer segments read when an invoice was paid from them. Pure.

import type { Ledger } from "./ledger.js";
import { lineId } from "./records.js";
import type { PlainDate } from "./dates.js";
import type { BaseChange } from "./interest.js";
import type { Receipt } from "./reminder.js";

/** Per invoice number, its receipts in allocation order; an allocation whose payment is not in the ledger has no date and is left out. */
export function receiptsByInvoice(ledger: Ledger): Map<string, Receipt[]> {
  const dateOf = new Map<string, PlainDate>(ledger.payments.map((p) => [p.id, p.date]));
  const movedTo = new Map<string, string>(ledger.payments.flatMap((p) => (p.movedTo !== undefined ? [[p.id, p.movedTo] as const] : [])));
  const madeUp = new Set(ledger.payments.flatMap((p) => (p.id === lineId(p.file, p.line) ? [p.id] : [])));
  const creditNotes = new Set<string>();
  for (const { invoice } of ledger.items) {
    if (invoice.type !== "credit_note") continue;
    dateOf.set(invoice.number, invoice.issueDate);
    creditNotes.add(invoice.number);
  }
  const receipts = new Map<string, Receipt[]>();
  for (const a of ledger.allocations) {
    const date = dateOf.get(a.payment);
    if (date === undefined) continue;
    let got = receipts.get(a.invoice);
    if (!got) receipts.set(a.invoice, (got = []));
    const moved = movedTo.get(a.payment);
    got.push({
      kind: creditNotes.has(a.payment) ? "credit_note" : "payment", reference: a.payment, date, invoice: a.invoice, amount: a.amount,
      ...(moved !== undefined ? { movedTo: moved } : {}), ...(madeUp.has(a.payment) ? { madeUpId: true as const } : {}),
    });
  }
  return receipts;
}

/** The day the last money came in for an invoice: its latest payment (credit notes and debts moved elsewhere are no payment), if any. */
export function lastPaymentDate(receipts: readonly Receipt[] | undefined): PlainDate | undefined {
  let last: PlainDate | undefined;
  for (const r of receipts ?? []) if (r.kind === "payment" && r.movedTo === undefined && (last === undefined || r.date > last)) last = r.date;
  return last;
}

/** Receipts as the interest engine reads them: from its date, this much less is open. */
export function baseChanges(receipts: readonly Receipt[] | undefined): BaseChange[] {
  return (receipts ?? []).map((r) => ({ date: r.date, reduction: r.amount }));
}
