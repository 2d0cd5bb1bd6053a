// Passes P3–P5 (matching.md §2.5): exact amount for a known payer (R3/R3t), oldest-first exact
// sum (R4a) and unique combination (R4b), and the globally unique amount of an unknown payer (R5).

import type { CandidateExplanation, Confidence, ReviewItem, Unapplied } from "../ledger.js";
import { formatMinor, formatMoney } from "../money.js";
import { findCombination } from "./combination.js";
import { amountList, type AmountIndexes, type AmountList } from "./indexes.js";
import { applySet, oldestPrefix } from "./sets.js";
import {
  actionFor, addReview, allocateFromPayment, laterIssues, MAX_WALK, nextLive, NO_FLAGS, payerList, payerCap, sortShort, stop, weaker,
  type Alloc, type Ctx, type Evidence, type Facts, type Item, type Pay,
} from "./state.js";
import { amountWindow, eligible, type Window } from "./tolerance.js";

const money = (pay: Pay, v: number): string => formatMinor(v, pay.currency);
const whole = (items: readonly Item[]): { item: Item; amount: number }[] => items.map((item) => ({ item, amount: Math.abs(item.open) }));

/** Up to `max` eligible items of an amount list; settled or too old ones are passed for good. */
function firstEligible(list: AmountList, cents: number, pay: Pay, w: Window, max: number): Item[] {
  while (list.cursor < list.items.length) {
    const head = list.items[list.cursor] as Item;
    if (head.open === cents && head.issueDay >= w.from) break;
    list.cursor++;
  }
  const out: Item[] = [];
  const end = Math.min(list.items.length, list.cursor + MAX_WALK);
  for (let i = list.cursor; i < end && out.length < max; i++) {
    const item = list.items[i] as Item;
    if (item.open === cents && eligible(pay, item, w)) out.push(item);
  }
  return out;
}

const TIE_OLDEST: readonly string[] = ["TIE_OLDEST"];

/** R3's evidence, written when read (see Evidence): the amount and currency are the allocation's. */
class OnlyAmountEvidence implements Evidence {
  /** `how`: how an uncertain payer was found ("" for a payer known for sure). */
  constructor(private readonly payer: string, private readonly tie: boolean, private readonly how: string) {}

  text(a: Alloc): string {
    return this.write(a.amount, a.currency);
  }

  write(cents: number, currency: string): string {
    return `only open amount of ${this.payer} equal to ${formatMinor(cents, currency)}${this.tie ? " (several: oldest due first)" : ""}${this.how}`;
  }
}

/** How an uncertain payer was found, for the evidence; "" for a payer known for sure. */
const uncertainPayer = (pay: Pay): string => (pay.payerLevel !== "partial" ? ""
  : pay.flags.includes("PAYER_IN_LABEL") ? "; payer named in the label only" : "; payer found by a similar name");

const knownPayer = (pay: Pay): boolean => pay.status === "open" && pay.remaining > 0 && pay.payer !== "" && pay.payerLevel !== "none";
const suggestReason = (pay: Pay): string => (pay.payerLevel === "partial" ? "PAYER_UNCERTAIN" : "BELOW_AUTO_THRESHOLD");

/** P3: one open item of the payer equals the payment (R3), or several and the oldest wins (R3t). */
export function exactAmountPass(ctx: Ctx, amounts: AmountIndexes): void {
  const pays = ctx.stillOpen;
  for (let payAt = 0; payAt < pays.length; payAt++) {
    const pay = pays[payAt] as Pay;
    if (!knownPayer(pay)) continue;
    const cents = pay.remaining;
    const own = payerList(ctx, pay);
    const entry = own?.amounts?.get(cents);
    if (!entry) continue;
    const list = amountList(entry);
    const w = amountWindow(ctx, pay);
    const found = firstEligible(list, cents, pay, w, 2);
    const first = found[0];
    if (!first) continue;
    const prefix = oldestPrefix(ctx, pay, cents, false, w);
    if (prefix) {
      addReview(ctx, {
        kind: "ambiguity", payment: pay.id, customer: pay.payer, amount: cents, currency: pay.currency, rule: "R3", confidence: "ambiguous",
        reason: "AMBIGUOUS_EXPLANATION", candidates: [whole([first]), whole(prefix)], hold: true,
        evidence: `${first.number} equals ${money(pay, cents)}, and so do the oldest items ${prefix.map((i) => i.number).join(" + ")}`,
      });
      stop(pay, "ambiguous", "AMBIGUOUS_EXPLANATION", "one invoice and the oldest-first sum both explain the amount");
      continue;
    }
    // Several payments of one amount pair with several invoices of it in date order: every
    // choice leaves the same balance, and oldest first is the legal default imputation.
    const tie = found.length > 1 || list.taken;
    const rule = tie ? "R3t" : "R3";
    const level = weaker("high", payerCap(pay));
    const evidence = new OnlyAmountEvidence(pay.payer, tie, uncertainPayer(pay));
    if (actionFor(ctx, level) === "apply") {
      allocateFromPayment(ctx, pay, first, cents, rule, level, tie ? TIE_OLDEST : NO_FLAGS, evidence);
      list.taken = true;
      pay.status = "done";
    } else {
      suggest(ctx, pay, rule, level, [first], evidence.write(cents, pay.currency));
    }
  }
}

function suggest(ctx: Ctx, pay: Pay, rule: string, level: Confidence, items: readonly Item[], evidence: string): void {
  addReview(ctx, {
    kind: "suggestion", payment: pay.id, customer: pay.payer, amount: pay.remaining, currency: pay.currency, rule, confidence: level,
    reason: suggestReason(pay), candidates: [whole(items)], hold: actionFor(ctx, level) === "suggest-hold", evidence,
  });
  stop(pay, "held", suggestReason(pay), evidence);
}

/** P4: the oldest items sum to the payment (R4a, HIGH), else one unique exact combination (R4b, MEDIUM). */
export function combinationPass(ctx: Ctx): void {
  const o = ctx.options;
  const pays = ctx.stillOpen;
  for (let payAt = 0; payAt < pays.length; payAt++) {
    const pay = pays[payAt] as Pay;
    if (!knownPayer(pay)) continue;
    const w = amountWindow(ctx, pay);
    const prefix = oldestPrefix(ctx, pay, pay.remaining, true, w);
    if (prefix) {
      applySet(ctx, pay, prefix, {
        rule: "R4a", level: weaker("high", payerCap(pay)), flags: ["FIFO_EXACT"], suggestReason: suggestReason(pay),
        evidence: `the ${prefix.length} oldest open items of ${pay.payer} (${prefix.map((i) => i.number).join(", ")}) sum to ${money(pay, pay.remaining)}`,
      });
      continue;
    }
    if (ctx.nodesLeft <= 0) {
      pay.reason = "SEARCH_BUDGET";
      pay.detail = "the run's combination-search budget was spent before this payment";
      continue;
    }
    const pool = candidates(ctx, pay, w);
    const result = findCombination(pay.remaining, pool.invoices, pool.credits, {
      maxItems: o.maxItems, maxCreditNotesPerSet: o.maxCreditNotesPerSet, nodeBudget: o.perPaymentNodeBudget, global: ctx,
    });
    if (result.kind === "unique") {
      const names = result.set.map((i) => i.number).join(" + ");
      const level = weaker("medium", payerCap(pay));
      // Uniqueness is only proven inside the candidate window, so a truncated pool is never auto-applied.
      const force = o.autoApplyUniqueCombination && !pool.truncated && pay.payerLevel === "full";
      applySet(ctx, pay, result.set, {
        rule: "R4b", level, flags: force ? ["AUTO_COMBINATION"] : [], force, suggestReason: "COMBINATION_SUGGESTED",
        evidence: `${names} is the only set of ${result.set.length} open items of ${pay.payer} equal to ${money(pay, pay.remaining)}${pool.truncated ? ` (among the ${o.maxCandidates} oldest)` : ""}`,
      });
    } else if (result.kind === "ambiguous") {
      const [a, b] = result.sets as [readonly Item[], readonly Item[]];
      addReview(ctx, {
        kind: "ambiguity", payment: pay.id, customer: pay.payer, amount: pay.remaining, currency: pay.currency, rule: "R4b",
        confidence: "ambiguous", reason: "AMBIGUOUS_COMBINATION", candidates: [whole(a), whole(b)], hold: true,
        evidence: `${a.map((i) => i.number).join(" + ")} and ${b.map((i) => i.number).join(" + ")} both equal ${money(pay, pay.remaining)}`,
      });
      stop(pay, "ambiguous", "AMBIGUOUS_COMBINATION", "two different sets of the same size explain the amount");
    } else if (result.kind === "truncated") {
      pay.reason = result.budget === "global" ? "SEARCH_BUDGET" : "SEARCH_TRUNCATED";
      pay.detail = "the combination search hit its budget; a partial search proves nothing";
    } else {
      pay.reason = "NO_CANDIDATE";
      pay.detail = "no cited invoice, no equal amount, no exact sum of open items";
    }
  }
}

const byOpenDescending = (a: Item, b: Item): number => b.open - a.open || a.idx - b.idx;

/** §4.3 pool: the oldest eligible invoices that fit (credit notes may raise the target), and ≤ 5 credit notes. */
function candidates(ctx: Ctx, pay: Pay, w: Window): { invoices: Item[]; credits: Item[]; truncated: boolean } {
  const o = ctx.options;
  const list = payerList(ctx, pay);
  const invoices: Item[] = [];
  const credits: Item[] = [];
  let truncated = false;
  if (list) {
    const end = Math.min(list.items.length, list.cursor + MAX_WALK);
    const all: Item[] = [];
    // Without open credit notes the target cannot grow, so the walk stops once the pool is full.
    const simple = list.openCredits === 0;
    const later = laterIssues(list);
    let i = nextLive(list, list.cursor);
    for (; i < end && !(simple && all.length > o.maxCandidates); i = nextLive(list, i + 1)) {
      // Nothing from here on was issued by the end of the window: the walk would pass it all by.
      if ((later[i] as number) > w.to) {
        i = end;
        break;
      }
      const item = list.items[i] as Item;
      if (!eligible(pay, item, w) || (simple && item.open > pay.remaining)) continue;
      if (item.credit) {
        if (credits.length < 5) credits.push(item);
      } else all.push(item);
    }
    // A jump over dead items may land past the end of the walk: it is still a walk to its end.
    if (i > end) i = end;
    truncated = i === end && end < list.items.length;
    let room = pay.remaining;
    for (let cnAt = 0; cnAt < credits.length; cnAt++) {
      const cn = credits[cnAt] as Item;
      room -= cn.open;
    }
    for (let itemAt = 0; itemAt < all.length; itemAt++) {
      const item = all[itemAt] as Item;
      if (item.open > room) continue;
      if (invoices.length === o.maxCandidates) {
        truncated = true;
        break;
      }
      invoices.push(item);
    }
  }
  // At most maxCandidates invoices (30 by default).
  sortShort(invoices, byOpenDescending);
  return { invoices, credits, truncated };
}

// R5's texts, written when read (see Facts). A refused payment takes nothing after P5, so its
// unapplied amount is the amount it had here; the suggestion's customer, amount and currency are
// the review item's own, and its one candidate is the invoice suggested.
const ONLY_OPEN_ITEM: Facts<ReviewItem> = {
  text: (r) => `payer not identified; ${(r.candidates[0] as CandidateExplanation).invoices[0] as string} of ${r.customer} is the only open item of ${formatMoney(r.amount, r.currency)}`,
};
const SEVERAL_OPEN_ITEMS: Facts<Unapplied> = {
  text: (u) => `payer not identified; several open items of ${formatMoney(u.amount, u.currency)}`,
};
const NO_OPEN_ITEM: Facts<Unapplied> = { text: (u) => `payer not identified and no open item of ${formatMoney(u.amount, u.currency)}` };
const BELOW_COINCIDENCE: Facts<Unapplied> = {
  text: (u) => `payer not identified; ${formatMinor(u.amount, u.currency)} is below the amount a coincidence could explain`,
};

/** P5: unknown payer, one open item in the whole ledger with this amount → LOW suggestion, no hold. */
export function uniqueAmountPass(ctx: Ctx, amounts: AmountIndexes): void {
  const pays = ctx.stillOpen;
  for (let payAt = 0; payAt < pays.length; payAt++) {
    const pay = pays[payAt] as Pay;
    if (pay.status !== "open" || pay.remaining <= 0 || pay.payerLevel !== "none") continue;
    const unknown = pay.flags.includes("AMBIGUOUS_PAYER") ? "AMBIGUOUS_PAYER" : "CUSTOMER_UNKNOWN";
    if (pay.remaining < ctx.tunables(pay.currency).minUniqueAmount) {
      stop(pay, "refused", unknown, BELOW_COINCIDENCE);
      continue;
    }
    const entry = amounts.byCurrency.get(pay.currency)?.get(pay.remaining);
    const list = entry ? amountList(entry) : undefined;
    const found = list ? firstEligible(list, pay.remaining, pay, amountWindow(ctx, pay), 2) : [];
    const [a, b] = found;
    if (a && !b) {
      addReview(ctx, {
        kind: "suggestion", payment: pay.id, customer: a.customer, amount: pay.remaining, currency: pay.currency, rule: "R5", confidence: "low",
        reason: "CUSTOMER_UNKNOWN", candidates: [whole([a])], hold: false,
        evidence: ONLY_OPEN_ITEM,
      });
      stop(pay, "held", unknown, `payer not identified; suggested ${a.number}`);
    } else if (a && b) {
      // Two items of one customer point at the payer but not at the invoice: a distinct reason, so
      // the reviewer knows whom to ask; still no guess, as for two customers.
      const reason = a.customer !== b.customer ? "AMBIGUOUS_CUSTOMER" : "AMBIGUOUS_AMOUNT";
      stop(pay, "refused", reason, SEVERAL_OPEN_ITEMS);
    } else {
      stop(pay, "refused", unknown, NO_OPEN_ITEM);
    }
  }
}
