// What reduced each invoice, and when: the lettrage's allocations dated by their payment (the day
// the money arrived) or their credit note (its issue date). Late interest is counted on the base
// these leave open day by day, for a reminder's open invoices and a paid invoice's charges alike;
// payer segments read when an invoice was paid from them. Pure.

import type { Ledger } from "./ledger.js";
import type { Payment } from "./model.js";
import { lineId } from "./records.js";
import type { PlainDate } from "./dates.js";
import type { BaseChange } from "./interest.js";
import type { Receipt } from "./reminder.js";

/** Per invoice number, its receipts in allocation order; an allocation whose payment is not in the ledger has no date and is left out. */
export function receiptsByInvoice(ledger: Ledger): Map<string, Receipt[]> {
  const payments = new Map<string, Payment>(ledger.payments.map((p) => [p.id, p]));
  const creditNotes = new Map<string, PlainDate>();
  for (const { invoice } of ledger.items) if (invoice.type === "credit_note") creditNotes.set(invoice.number, invoice.issueDate);
  const receipts = new Map<string, Receipt[]>();
  for (const a of ledger.allocations) {
    // A credit note's number wins over a payment id that happens to be the same, as its date does.
    const noteDate = creditNotes.get(a.payment);
    const p = noteDate === undefined ? payments.get(a.payment) : undefined;
    const date = noteDate ?? p?.date;
    if (date === undefined) continue;
    let got = receipts.get(a.invoice);
    if (!got) receipts.set(a.invoice, (got = []));
    got.push({
      kind: noteDate !== undefined ? "credit_note" : "payment", reference: a.payment, date, invoice: a.invoice, amount: a.amount,
      ...(p?.movedTo !== undefined ? { movedTo: p.movedTo } : {}),
      // Only the payments an allocation names are looked at: a ledger has many more.
      ...(p !== undefined && p.id === lineId(p.file, p.line) ? { madeUpId: true as const } : {}),
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
