// The debtor identity a formal notice needs (postal address, SIREN, VAT), taken from the most
// recent invoice of each customer that carries it.

import type { Invoice } from "../core/model.js";
import type { DebtorIdentity } from "../render/letter-context.js";

export interface LedgerItemLike {
  readonly invoice: Pick<Invoice, "customer" | "issueDate" | "address" | "siren" | "vat">;
}

export function debtorsFrom(items: readonly LedgerItemLike[]): Map<string, DebtorIdentity> {
  const out = new Map<string, { address?: string; siren?: string; vat?: string; seen: string }>();
  for (const { invoice } of items) {
    let d = out.get(invoice.customer);
    if (!d) out.set(invoice.customer, (d = { seen: "" }));
    const newer = invoice.issueDate >= d.seen;
    if (invoice.address && (newer || !d.address)) d.address = invoice.address;
    if (invoice.siren && (newer || !d.siren)) d.siren = invoice.siren;
    if (invoice.vat && (newer || !d.vat)) d.vat = invoice.vat;
    if (newer) d.seen = invoice.issueDate;
  }
  return new Map([...out].map(([k, { seen: _seen, ...identity }]) => [k, identity]));
}
