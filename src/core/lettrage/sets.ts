// Sets of open items explaining one payment: the oldest-first prefix walk (R4a, and R3's
// ambiguity check) and the application of a set, credit notes first on the oldest invoices.

import type { Confidence } from "../ledger.js";
import { formatMinor } from "../money.js";
import {
  actionFor, addReview, allocateFromCredit, allocateFromPayment, laterIssues, MAX_WALK, nextLive, payerList, stop, writeOff,
  type Ctx, type Item, type Pay,
} from "./state.js";
import { eligible, tolerance, type Window } from "./tolerance.js";

/**
 * The k oldest eligible open items (invoices and at most maxCreditNotesPerSet credit notes, by
 * due date) whose sum equals the target — exactly, or within the group tolerance — with k ≥ 2.
 */
export function oldestPrefix(ctx: Ctx, pay: Pay, target: number, tolerant: boolean, w: Window): Item[] | undefined {
  const list = payerList(ctx, pay);
  if (!list) return undefined;
  const o = ctx.options;
  const set: Item[] = [];
  let sum = 0;
  let tol = 0;
  let credits = 0;
  let invoices = 0;
  const end = Math.min(list.items.length, list.cursor + MAX_WALK);
  const later = laterIssues(list);
  for (let i = nextLive(list, list.cursor); i < end && set.length < o.maxPrefixItems; i = nextLive(list, i + 1)) {
    // Nothing from here on was issued by the end of the window: the walk could only pass it by.
    if ((later[i] as number) > w.to) break;
    const item = list.items[i] as Item;
    if (!eligible(pay, item, w)) continue;
    if (item.credit) {
      if (credits >= o.maxCreditNotesPerSet) break;
      credits++;
    } else invoices++;
    set.push(item);
    sum += item.open;
    if (tolerant) tol += tolerance(ctx, item);
    if (set.length >= 2 && invoices >= 1 && (tolerant ? Math.abs(sum - target) <= tol : sum === target)) return set;
    // Each further invoice adds more than its own tolerance, so only a credit note could come back.
    if (sum - target > tol && list.openCredits === 0) break;
  }
  return undefined;
}

export interface SetMatch {
  readonly rule: string;
  readonly level: Confidence;
  readonly flags: readonly string[];
  readonly evidence: string;
  /** Reason recorded when the level is below the auto-apply threshold. */
  readonly suggestReason: string;
  /** Apply even though the level is below the threshold (autoApplyUniqueCombination). */
  readonly force?: boolean;
}

/** Applies a set (credit notes on the oldest invoices first, then the payment), or suggests it. */
export function applySet(ctx: Ctx, pay: Pay, set: readonly Item[], m: SetMatch): void {
  const invoices = set.filter((i) => !i.credit).sort((a, b) => a.idx - b.idx);
  const credits = set.filter((i) => i.credit).sort((a, b) => a.idx - b.idx);
  let total = 0;
  let tol = 0;
  for (let iAt = 0; iAt < set.length; iAt++) {
    const i = set[iAt] as Item;
    total += i.open;
    tol += tolerance(ctx, i);
  }
  const gap = total - pay.remaining;
  const flags = [...m.flags];
  if (gap > 0) flags.push("SMALL_DIFFERENCE");
  if (gap < 0) flags.push("SMALL_OVERPAYMENT");
  const evidence = `${m.evidence}${gap === 0 ? "" : `; ${gap > 0 ? "short" : "over"} by ${formatMinor(Math.abs(gap), pay.currency)} (tolerance ${formatMinor(tol, pay.currency)})`}`;
  const action = m.force ? "apply" : actionFor(ctx, m.level);
  if (action !== "apply") {
    const plan = planSet(pay, invoices, credits);
    addReview(ctx, {
      kind: "suggestion", payment: pay.id, customer: pay.payer, amount: pay.remaining, currency: pay.currency, rule: m.rule,
      confidence: m.level, reason: m.suggestReason, candidates: [plan], hold: action === "suggest-hold", evidence,
    });
    stop(pay, "held", m.suggestReason, evidence);
    return;
  }
  for (const cn of credits) {
    for (const inv of invoices) {
      if (cn.open >= 0) break;
      allocateFromCredit(ctx, cn, inv, Math.min(-cn.open, inv.open), m.rule, m.level, flags, `${evidence}; credit note ${cn.number} consumed first`);
    }
  }
  for (const inv of invoices) allocateFromPayment(ctx, pay, inv, Math.min(inv.open, pay.remaining), m.rule, m.level, flags, evidence);
  for (const inv of invoices) writeOff(ctx, inv, pay.id, "SMALL_DIFFERENCE");
  if (pay.remaining === 0) {
    pay.status = "done";
    return;
  }
  const last = invoices[invoices.length - 1] as Item;
  ctx.differences.push({ invoice: last.number, payment: pay.id, amount: pay.remaining, currency: pay.currency, kind: "SMALL_OVERPAYMENT" });
  stop(pay, "credit", "SMALL_OVERPAYMENT", evidence);
}

/** What each item of a suggested set would take: credit notes count against the invoices first. */
function planSet(pay: Pay, invoices: readonly Item[], credits: readonly Item[]): { item: Item; amount: number }[] {
  let credit = 0;
  for (const cn of credits) credit -= cn.open;
  let money = pay.remaining;
  const plan: { item: Item; amount: number }[] = [];
  for (const inv of invoices) {
    const fromCredit = Math.min(credit, inv.open);
    credit -= fromCredit;
    const fromMoney = Math.min(money, inv.open - fromCredit);
    money -= fromMoney;
    plan.push({ item: inv, amount: fromMoney });
  }
  for (const cn of credits) plan.push({ item: cn, amount: cn.open });
  return plan;
}
