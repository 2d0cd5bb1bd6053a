// Pass P1 (matching.md §2.5, §3.4): a credit note that names its invoice settles it first, so a
// later payment of the net amount is a full payment, not a partial one.

import { findNumber, type RefIndexes } from "./indexes.js";
import { addReview, allocateFromCredit, NO_FLAGS, type Ctx, type Evidence, type Item } from "./state.js";

/** Why a linked credit note keeps (part of) its credit; read when the ledger is written. */
export type CreditReason = Map<number, { reason: string; detail: string }>;

/** L1's evidence: the allocation's source is the credit note and its invoice the one named. */
const NAMES_ITS_INVOICE: Evidence = { text: (a) => `credit note ${a.payment} names ${a.invoice}` };

function target(idx: RefIndexes, cn: Item): Item | undefined {
  return findNumber(idx, cn.inv.appliesTo.trim());
}

export function applyLinkedCreditNotes(ctx: Ctx, idx: RefIndexes, reasons: CreditReason): void {
  // Credit notes in item order, as the allocations are numbered; an earlier one never changes a
  // later one's balance (a credit note only settles invoices).
  for (let cnAt = 0; cnAt < ctx.credits.length; cnAt++) {
    const cn = ctx.credits[cnAt] as Item;
    if (cn.open >= 0 || cn.inv.appliesTo.trim() === "") continue;
    const inv = target(idx, cn);
    const credit = -cn.open;
    const suggest = (reason: string, evidence: string): void => {
      if (!inv) return;
      addReview(ctx, {
        kind: "suggestion", payment: cn.number, customer: cn.customer, amount: credit, currency: cn.currency, rule: "L1",
        confidence: "medium", reason, candidates: [[{ item: inv, amount: Math.min(credit, Math.max(inv.open, 0)) }]], hold: true, evidence,
      });
    };
    // A linked credit note's leftover stays credit rather than going FIFO: the document was issued
    // against one invoice, and moving it elsewhere (or refunding it) is the bookkeeper's call.
    if (!inv || inv.credit) {
      reasons.set(cn.idx, { reason: "CN_TARGET_UNKNOWN", detail: `credit note names ${cn.inv.appliesTo}, which is not an open invoice in the export` });
      continue;
    }
    if (inv.customer !== cn.customer && !ctx.alternative(cn.customer, inv.customer)) {
      reasons.set(cn.idx, { reason: "CN_CUSTOMER_MISMATCH", detail: `${inv.number} belongs to ${inv.customer}, the credit note to ${cn.customer}` });
      suggest("CN_CUSTOMER_MISMATCH", `credit note ${cn.number} of ${cn.customer} names ${inv.number} of ${inv.customer}`);
      continue;
    }
    if (inv.currency !== cn.currency) {
      reasons.set(cn.idx, { reason: "CURRENCY_MISMATCH", detail: `${inv.number} is in ${inv.currency}, the credit note in ${cn.currency}` });
      suggest("CURRENCY_MISMATCH", `credit note ${cn.number} in ${cn.currency} names ${inv.number} in ${inv.currency}`);
      continue;
    }
    const amount = Math.min(credit, Math.max(inv.open, 0));
    allocateFromCredit(ctx, cn, inv, amount, "L1", "certain", NO_FLAGS, NAMES_ITS_INVOICE);
    if (cn.open < 0) {
      reasons.set(cn.idx, { reason: "CN_EXCEEDS_TARGET", detail: `credit note larger than the open amount of ${inv.number}` });
    }
  }
}
