// Pass P6 (matching.md §2.5 F1) and the refund pre-pass (§3.7): unexplained money of a known
// payer applied oldest due first as a labelled policy; refunds cancelling an earlier payment.

import { formatMinor } from "../money.js";
import {
  allocateFromCredit, allocateFromPayment, customerList, isRejected, payerList, stop, SEP, type Alloc, type Ctx, type Evidence, type Item, type Pay,
} from "./state.js";

const FIFO_FLAGS: readonly string[] = ["FIFO"];

/**
 * F1's evidence, one per source, written when read (see Evidence): a payment's names the amount
 * it had when FIFO began (`start`), a credit note's names the credit note (`creditNote`).
 */
class PolicyEvidence implements Evidence {
  constructor(private readonly customer: string, private readonly start: number, private readonly creditNote: string) {}

  text(a: Alloc): string {
    return this.creditNote === ""
      ? `no match for ${formatMinor(this.start, a.currency)}: applied to the oldest open invoices of ${this.customer} (policy, not a match)`
      : `credit note ${this.creditNote} names no invoice: applied to the oldest open invoices of ${this.customer} (policy)`;
  }
}

/**
 * F1: payments still open (no candidate, search truncated) or with an over-payment remainder, and
 * unlinked credit notes, settle the payer's oldest-due open invoices. Held items, disputed
 * payments and unidentified payers are never touched.
 */
export function fifoPass(ctx: Ctx): void {
  if (ctx.options.unallocatedPolicy !== "fifo") return;
  const payments: Pay[] = [];
  const open = ctx.stillOpen;
  for (let payAt = 0; payAt < open.length; payAt++) {
    const pay = open[payAt] as Pay;
    if ((pay.status === "open" || pay.status === "remainder") && pay.remaining > 0 && pay.payerLevel === "full" && pay.payer !== "") {
      payments.push(pay);
    }
  }
  const credits: Item[] = [];
  for (let cnAt = 0; cnAt < ctx.credits.length; cnAt++) {
    const cn = ctx.credits[cnAt] as Item;
    if (cn.open < 0 && !cn.held && cn.inv.appliesTo.trim() === "") credits.push(cn);
  }
  credits.sort((a, b) => a.issueDay - b.issueDay || a.idx - b.idx);
  // Payments are already in date order; credit notes go first on a given day (our own documents,
  // known before the bank's). The two lists are merged as they are read, no object per source.
  for (let i = 0, j = 0; i < payments.length || j < credits.length;) {
    const p = payments[i];
    const c = credits[j];
    if (c && (!p || c.issueDay <= p.day)) {
      fifoSource(ctx, undefined, c);
      j++;
    } else if (p) {
      fifoSource(ctx, p, undefined);
      i++;
    }
  }
}

/**
 * One source of F1: the payment `pay`, or else the credit note `cn`. Per list (fifoCursor), the
 * position before which nothing can take FIFO money any more (settled, held, credit notes, or
 * consumed), so each item is passed once overall.
 */
function fifoSource(ctx: Ctx, pay: Pay | undefined, cn: Item | undefined): void {
  const customer = pay ? pay.payer : (cn as Item).customer;
  const currency = pay ? pay.currency : (cn as Item).currency;
  // A payment's list is usually cached on it already (the amount passes looked it up).
  const list = pay ? payerList(ctx, pay) : customerList(ctx, customer, currency);
  if (!list) return;
  let i = Math.max(list.cursor, list.fifoCursor);
  let keep: number | undefined;
  // Written once something is applied: most sources on a large ledger find nothing left to take.
  const start = pay ? pay.remaining : 0;
  let evidence: Evidence | undefined;
  // No issue-date window here: this is the customer's running balance, not an identification,
  // so a payment on account also settles invoices issued after it (oldest due first).
  for (; i < list.items.length; i++) {
    const left = pay ? pay.remaining : -(cn as Item).open;
    if (left <= 0) break;
    const item = list.items[i] as Item;
    if (item.credit || item.open <= 0 || item.held) continue;
    if (pay && isRejected(pay, item)) {
      keep ??= i;
      continue;
    }
    const amount = Math.min(left, item.open);
    evidence ??= pay ? new PolicyEvidence(customer, start, "") : new PolicyEvidence(customer, 0, (cn as Item).number);
    if (pay) allocateFromPayment(ctx, pay, item, amount, "F1", "policy", FIFO_FLAGS, evidence);
    else allocateFromCredit(ctx, cn as Item, item, amount, "F1", "policy", FIFO_FLAGS, evidence);
    if (item.open > 0) break;
  }
  list.fifoCursor = keep ?? i;
  if (pay && pay.remaining === 0) pay.status = "done";
}

/**
 * §3.7: a negative payment cancels the latest earlier positive payment of the same payer, currency
 * and amount within the window; that payment is then not applied at all (its invoices stay open).
 */
export function reversalPass(ctx: Ctx): void {
  const refunds = ctx.refunds;
  if (refunds.length === 0) return;
  const positives = new Map<string, Pay[]>();
  const key = (pay: Pay, amount: number): string => pay.payer + SEP + pay.currency + SEP + String(amount);
  // Only amounts some refund returns are worth a key: refunds are rare, payments are not.
  const refunded = new Set<number>();
  for (let negAt = 0; negAt < refunds.length; negAt++) refunded.add(-(refunds[negAt] as Pay).p.amount);
  // This pass runs first: a positive payment's `remaining` is still its amount. Amounts are read
  // from ctx.paid, and a payment only when some refund returns its amount.
  const paid = ctx.paid;
  for (let payAt = 0; payAt < paid.length; payAt++) {
    const amount = paid[payAt] as number;
    if (amount <= 0 || !refunded.has(amount)) continue;
    const pay = ctx.pays[payAt] as Pay;
    if (pay.payerLevel === "full" && pay.payer !== "") {
      const k = key(pay, amount);
      const list = positives.get(k);
      if (list) list.push(pay);
      else positives.set(k, [pay]);
    }
  }
  for (let negAt = 0; negAt < refunds.length; negAt++) {
    const neg = refunds[negAt] as Pay;
    const list = neg.payerLevel === "full" && neg.payer !== "" ? positives.get(key(neg, -neg.p.amount)) ?? [] : [];
    let best: Pay | undefined;
    for (let posAt = 0; posAt < list.length; posAt++) {
      const pos = list[posAt] as Pay;
      if (pos.status === "reversed" || pos.day > neg.day || pos.day < neg.day - ctx.options.reversalWindowDays) continue;
      if (!best || pos.day > best.day || (pos.day === best.day && pos.idx > best.idx)) best = pos;
    }
    if (best) {
      best.status = "reversed";
      best.remaining = 0;
      ctx.touchedPays.push(best.idx);
      neg.status = "reversed";
      ctx.reversals.push({ payment: neg.id, reverses: best.id, amount: -neg.p.amount, currency: neg.currency });
    } else {
      stop(neg, "refused", "NEGATIVE_UNEXPLAINED", `refund of ${formatMinor(-neg.p.amount, neg.currency)} matches no earlier payment of the same payer and amount`);
    }
  }
}
