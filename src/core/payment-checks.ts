// What the payments export says that the invoices export cannot confirm: an invoice number or a
// customer id that does not exist. The lettrage copes (other rules, or unapplied credit), but a
// user must hear of it: it is a typo, or an invoices export filtered to open invoices. Pure.

import type { Invoice, Payment } from "./model.js";
import { problem, type Problem } from "./problem.js";
import { fastKeyOf } from "./references.js";

const EXAMPLES = 3;

export function paymentWarnings(invoices: readonly Invoice[], payments: readonly Payment[]): Problem[] {
  const unknownInvoice = unknownCitations(invoices, payments);
  const customers = new Set<string>();
  for (const inv of invoices) customers.add(inv.customer);
  const unknownCustomer: Payment[] = [];
  for (const p of payments) if (p.customer !== "" && !customers.has(p.customer)) unknownCustomer.push(p);
  const out: Problem[] = [];
  const first = unknownInvoice[0];
  if (first) {
    const shown = unknownInvoice.slice(0, EXAMPLES).map((u) => `${u.payment.id} → ${u.invoice} (line ${u.payment.line})`);
    out.push(problem("warning", "payment_unknown_invoice",
      `${unknownInvoice.length} invoice number${unknownInvoice.length === 1 ? "" : "s"} cited by payments ${unknownInvoice.length === 1 ? "is" : "are"} not in the invoices export: ${shown.join(", ")}${unknownInvoice.length > EXAMPLES ? ", …" : ""}; those payments are matched by the other rules or stay unapplied`,
      { file: first.payment.file, line: first.payment.line, hint: "check the numbers, and export every invoice of the period, not only the open ones" }));
  }
  const firstCustomer = unknownCustomer[0];
  if (firstCustomer) {
    const ids = [...new Set(unknownCustomer.map((p) => p.customer))];
    const shown = unknownCustomer.slice(0, EXAMPLES).map((p) => `${p.id} → ${p.customer} (line ${p.line})`);
    out.push(problem("warning", "payment_unknown_customer",
      `${unknownCustomer.length} payment${unknownCustomer.length === 1 ? " names a customer" : "s name customers"} with no invoice in the export (${ids.length} id${ids.length === 1 ? "" : "s"}): ${shown.join(", ")}${unknownCustomer.length > EXAMPLES ? ", …" : ""}; their payer is looked for by name, else the money stays unapplied`,
      { file: firstCustomer.file, line: firstCustomer.line, hint: "check that both exports use the same customer codes" }));
  }
  return out;
}

/**
 * Cited numbers no invoice has, compared as the lettrage does (referenceKey). Numbers are nearly
 * always cited as exported, so normalised keys — a second of work per million invoices — are
 * computed only when some citation is not found verbatim.
 */
function unknownCitations(invoices: readonly Invoice[], payments: readonly Payment[]): { payment: Payment; invoice: string }[] {
  let exact: Set<string> | undefined;
  let keys: Set<string> | undefined;
  const unknown: { payment: Payment; invoice: string }[] = [];
  for (const p of payments) {
    for (const n of p.invoices) {
      exact ??= new Set(invoices.map((inv) => inv.number));
      if (exact.has(n)) continue;
      keys ??= new Set(invoices.map((inv) => fastKeyOf(inv.number)));
      if (!keys.has(fastKeyOf(n))) unknown.push({ payment: p, invoice: n });
    }
  }
  return unknown;
}
