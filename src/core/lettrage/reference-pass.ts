// Pass P2 (matching.md §2.3, §2.5 R1/R2): invoices cited by the payment (invoice column, checked
// structured reference, invoice numbers in the label), graded full / partial / over, or refused.

import { formatMinor, formatMoney } from "../money.js";
import { citations, cited, type Citation, type RefIndexes } from "./indexes.js";
import { feeMarkers, scanLabel } from "./labels.js";
import {
  actionFor, addReview, allocateFromCredit, allocateFromPayment, payerList, isRejected, MAX_WALK, NO_FLAGS, payerCap, stop, weaker, writeOff,
  type Ctx, type Evidence, type Facts, type Item, type Pay,
} from "./state.js";
import { amountWindow, eligible, feeSuspected, groupTolerance } from "./tolerance.js";
import type { Confidence, ReviewItem } from "../ledger.js";

export function referencePass(ctx: Ctx, idx: RefIndexes): void {
  const o = ctx.options;
  const markers = feeMarkers(o.feeMarkers);
  const folded = new Map<string, string>();
  // Payments an export lettered itself go first: a label elsewhere citing their invoices must not
  // take them (most runs have none, and then the order is the payments' own).
  const order = ctx.lettered.length === 0 ? ctx.pays : [...ctx.lettered, ...ctx.pays.filter((p) => p.p.lettered === undefined)];
  for (let payAt = 0; payAt < order.length; payAt++) {
    const pay = order[payAt] as Pay;
    if (pay.status !== "open" || pay.remaining <= 0) continue;
    // Most bank labels without a digit cannot cite anything: scanLabel stops reading them.
    const needDigit = pay.p.invoices.length === 0 && !idx.letterKeys;
    const scan = scanLabel(pay.p.reference, pay.p.date, pay.p.amount, markers, folded, needDigit);
    if (scan === undefined) continue;
    const count = citations(idx, pay.p, scan, o.minRefLength, o.minDigitsRef);
    if (count > 0) byReference(ctx, pay, count, scan.feeMarker);
  }
}

const NO_ITEMS: readonly Item[] = [];

const citedIn = (i: Item): string => `${i.number} (${formatMoney(i.open, i.currency)})`;

/**
 * CURRENCY_MISMATCH of one cited invoice, written when read (see Facts): the payment's amount and
 * currency are the review item's; the invoice's open amount is kept as it was (the candidate's
 * amount is never below 0).
 */
class MismatchEvidence implements Facts<ReviewItem> {
  constructor(private readonly number: string, private readonly open: number, private readonly currency: string) {}

  text(r: ReviewItem): string {
    return `${formatMoney(r.amount, r.currency)} cites ${this.number} (${formatMoney(this.open, this.currency)})`;
  }
}

const listOf = (pay: Pay, items: readonly Item[]): { item: Item; amount: number }[] =>
  items.map((item) => ({ item, amount: Math.max(0, Math.min(item.open, pay.remaining)) }));

/**
 * A reference to an invoice issued long after the payment is not credible (pro-forma
 * prepayments happen, payments for invoices a quarter away do not): it is ignored.
 */
function usable(pay: Pay, i: Item, latest: number): boolean {
  return !i.credit && !isRejected(pay, i) && i.issueDay <= latest;
}

function isForeign(ctx: Ctx, pay: Pay, i: Item): boolean {
  return i.customer !== pay.payer && !ctx.alternative(pay.payer, i.customer);
}

function names(items: readonly Item[]): string {
  return items.length === 1 ? (items[0] as Item).number : items.map((i) => i.number).join(", ");
}

/** The `count` citations of the payment in `cited` (see citations). */
function byReference(ctx: Ctx, pay: Pay, count: number, feeMarker: boolean): void {
  // Made on the first usable citation: most payments cite nothing usable.
  let refs: Item[] | undefined;
  let structured = false;
  // An export's own lettrage may pay an invoice issued long after (a deposit lettered with the
  // invoice that followed): only a cited number is held to the window.
  const latest = pay.p.lettered === undefined ? pay.day + ctx.options.refMaxDaysAhead : Number.MAX_SAFE_INTEGER;
  for (let cAt = 0; cAt < count; cAt++) {
    const c = cited[cAt] as Citation;
    const hit = c.hit;
    const only = !Array.isArray(hit) ? hit : hit.length === 1 ? (hit[0] as Item) : undefined;
    let chosen: Item | undefined;
    if (only) chosen = usable(pay, only, latest) ? only : undefined;
    else {
      const items = (hit as Item[]).filter((i) => usable(pay, i, latest));
      chosen = items.length === 1 ? items[0] : undefined;
      if (items.length > 1) {
        const mine = pay.payerLevel === "full" ? items.filter((i) => !isForeign(ctx, pay, i)) : [];
        const pool = mine.length > 0 ? mine : items;
        const exact = pool.filter((i) => i.currency === pay.currency && i.open === pay.remaining);
        chosen = pool.length === 1 ? pool[0] : exact.length === 1 ? exact[0] : undefined;
        if (!chosen) {
          addReview(ctx, {
            kind: "ambiguity", payment: pay.id, customer: pay.payerLevel === "full" ? pay.payer : "", amount: pay.remaining,
            currency: pay.currency, rule: "R2", confidence: "ambiguous", reason: "AMBIGUOUS_REFERENCE",
            candidates: pool.map((i) => listOf(pay, [i])), hold: true,
            evidence: `"${c.text}" matches ${names(pool)}; neither payer nor amount tells which`,
          });
          stop(pay, "ambiguous", "AMBIGUOUS_REFERENCE", `"${c.text}" names several invoices`);
          return;
        }
      }
    }
    if (chosen && !refs?.includes(chosen)) {
      (refs ??= []).push(chosen);
      structured ||= c.structured;
    }
  }
  if (refs === undefined) return;
  const rule = structured ? "R1" : "R2";
  // Payer known for sure (id, even one without invoices, or exact name): a reference to someone
  // else's invoice is refused (Tryton). Otherwise the cited invoices identify the payer (§2.4 step 4).
  if (pay.payerLevel === "full") {
    let foreign: Item[] | undefined;
    for (let iAt = 0; iAt < refs.length; iAt++) {
      const i = refs[iAt] as Item;
      if (isForeign(ctx, pay, i)) (foreign ??= []).push(i);
    }
    if (foreign) {
      addReview(ctx, {
        kind: "suggestion", payment: pay.id, customer: pay.payer, amount: pay.remaining, currency: pay.currency, rule,
        confidence: "medium", reason: "REF_CUSTOMER_MISMATCH", candidates: [listOf(pay, foreign)], hold: true,
        evidence: `${pay.payer} paid citing ${foreign.map((i) => `${i.number} of ${i.customer}`).join(", ")}`,
      });
      stop(pay, "refused", "REF_CUSTOMER_MISMATCH", `cites ${names(foreign)} of another customer`);
      return;
    }
  } else {
    const customers = refs.length > 1 ? new Set(refs.map((i) => i.customer)) : undefined;
    if (customers !== undefined && customers.size > 1) {
      addReview(ctx, {
        kind: "ambiguity", payment: pay.id, customer: "", amount: pay.remaining, currency: pay.currency, rule, confidence: "ambiguous",
        reason: "AMBIGUOUS_CUSTOMER", candidates: refs.map((i) => listOf(pay, [i])), hold: true, evidence: `cites ${names(refs)} of ${[...customers].join(", ")}`,
      });
      stop(pay, "ambiguous", "AMBIGUOUS_CUSTOMER", `cited invoices belong to ${customers.size} customers`);
      return;
    }
    const customer = (refs[0] as Item).customer;
    if (pay.payerLevel === "partial" && pay.payer !== customer) pay.flags = [...pay.flags, "PAYER_NAME_DIFFERS"];
    pay.payer = customer;
    pay.payerLevel = "full";
  }
  // One cited invoice in another currency is enough to refuse: money cannot be split between a
  // same-currency part and a conversion nobody agreed on. Candidate amounts are in invoice currency.
  let allOpen = true;
  for (let iAt = 0; iAt < refs.length; iAt++) {
    const i = refs[iAt] as Item;
    if (i.currency !== pay.currency) {
      addReview(ctx, {
        kind: "suggestion", payment: pay.id, customer: pay.payer, amount: pay.remaining, currency: pay.currency, rule, confidence: "medium",
        reason: "CURRENCY_MISMATCH", candidates: [refs.map((item) => ({ item, amount: Math.max(0, item.open) }))], hold: true,
        evidence: refs.length === 1 ? new MismatchEvidence(i.number, i.open, i.currency) : `${formatMoney(pay.remaining, pay.currency)} cites ${refs.map(citedIn).join(", ")}`,
      });
      stop(pay, "held", "CURRENCY_MISMATCH", `cites ${names(refs)} in another currency`);
      return;
    }
    if (i.open <= 0) allOpen = false;
  }
  // Usually every cited invoice is open: no copies then (grade reads both lists, never changes them).
  const open = allOpen ? refs : refs.filter((i) => i.open > 0);
  const closed = allOpen ? NO_ITEMS : refs.filter((i) => i.open <= 0);
  if (open.length === 0) {
    alreadyPaid(ctx, pay, closed, rule);
    return;
  }
  grade(ctx, pay, open, closed, feeMarker, rule);
}

/** Every cited invoice is settled: a duplicate or a typo. Nothing applied; a same-amount invoice is suggested. */
function alreadyPaid(ctx: Ctx, pay: Pay, closed: readonly Item[], rule: string): void {
  const settled = names(closed);
  const list = payerList(ctx, pay);
  const w = amountWindow(ctx, pay);
  const same: Item[] = [];
  for (let i = list?.cursor ?? 0; list && i < list.items.length && i < list.cursor + MAX_WALK && same.length < 2; i++) {
    const item = list.items[i] as Item;
    if (!item.credit && item.open === pay.remaining && eligible(pay, item, w)) same.push(item);
  }
  const alt = same.length === 1 ? same[0] : undefined;
  addReview(ctx, {
    kind: alt ? "suggestion" : "refusal", payment: pay.id, customer: pay.payer, amount: pay.remaining, currency: pay.currency, rule,
    confidence: alt ? "medium" : "ambiguous", reason: "REF_ALREADY_PAID", candidates: alt ? [[{ item: alt, amount: pay.remaining }]] : [], hold: alt !== undefined,
    evidence: `${settled} already settled (possible duplicate payment)${alt ? `; ${alt.number} is open for the same amount` : ""}`,
  });
  stop(pay, "held", "REF_ALREADY_PAID", `${settled} already settled`);
}

/**
 * The one open unlinked credit note of the payer that explains a shortfall (`INV 0111 LESS
 * CREDIT`): the payer deducted it. Two that fit are no explanation.
 */
function nettingCredit(ctx: Ctx, pay: Pay, gap: number, tol: number): Item | undefined {
  const list = payerList(ctx, pay);
  if (gap <= tol || !list || list.openCredits === 0) return undefined;
  let found: Item | undefined;
  for (let cnAt = 0; cnAt < list.credits.length; cnAt++) {
    const cn = list.credits[cnAt] as Item;
    if (cn.open >= 0 || cn.held || cn.issueDay > pay.day + ctx.options.graceDays) continue;
    const residual = gap + cn.open;
    if (residual < 0 || residual > tol) continue;
    // Last: the credit note's record is far in memory, and few credit notes get this far.
    if (cn.inv.appliesTo.trim() !== "") continue;
    if (found) return undefined;
    found = cn;
  }
  return found;
}

// One list per flag, shared by every allocation that carries it alone (as NO_FLAGS is).
const SMALL_DIFFERENCE: readonly string[] = ["SMALL_DIFFERENCE"];
const SMALL_OVERPAYMENT: readonly string[] = ["SMALL_OVERPAYMENT"];
const OVERPAYMENT: readonly string[] = ["OVERPAYMENT"];
const CREDIT_NOTE_NETTED: readonly string[] = ["CREDIT_NOTE_NETTED"];
const FEE_SUSPECTED: readonly string[] = ["FEE_SUSPECTED"];
const PARTIAL: readonly string[] = ["PARTIAL"];

/**
 * `… cited; open …, paid …` of grade, from its facts. Without an allocation (a suggestion) the
 * facts are all there is; CITED_EXACTLY reads the one invoice and the amount off the allocation.
 */
class CitedEvidence implements Evidence {
  constructor(
    private readonly cited: string, private readonly sumOpen: number, private readonly paid: number, private readonly currency: string,
    private readonly credit: string, private readonly suffix: string, private readonly how = "cited",
  ) {}

  text(): string {
    return citedText(this.cited, this.sumOpen, this.paid, this.currency, this.credit, this.how) + this.suffix;
  }
}

const CITED_EXACTLY: Evidence = { text: (a) => citedText(a.invoice, a.amount, a.amount, a.currency, "") };

/** `how`: `cited`, or how an export's own lettrage named the invoices (see Payment.lettered). */
function citedText(cited: string, sumOpen: number, remaining: number, currency: string, credit: string, how = "cited"): string {
  const gap = sumOpen - remaining;
  // Usually paid = open: written once.
  const paid = formatMinor(remaining, currency);
  const money = gap === 0 ? "" : formatMinor(Math.abs(gap), currency);
  return `${cited} ${how}; open ${gap === 0 ? paid : formatMinor(sumOpen, currency)}, paid ${paid}${gap === 0 ? "" : gap > 0 ? `, short by ${money}` : `, over by ${money}`}${credit !== "" ? ` = credit note ${credit}` : ""}`;
}

/** §2.5 R2 / §3.1–3.3: within group tolerance → CERTAIN; partial, fee-short or over → HIGH. */
function grade(ctx: Ctx, pay: Pay, open: readonly Item[], closed: readonly Item[], feeMarker: boolean, rule: string): void {
  const order = open.length > 1 && ctx.options.allocationOrder === "due" ? [...open].sort((a, b) => a.idx - b.idx) : open;
  let sumOpen = 0;
  for (let iAt = 0; iAt < order.length; iAt++) {
    const i = order[iAt] as Item;
    sumOpen += i.open;
  }
  const gap = sumOpen - pay.remaining;
  const tol = groupTolerance(ctx, order);
  let level: Confidence = "certain";
  let flags: readonly string[] = NO_FLAGS;
  let kind = "exact";
  let credit: Item | undefined;
  if (gap > 0 && gap <= tol) {
    flags = SMALL_DIFFERENCE;
    kind = "small";
  } else if (gap < 0 && -gap <= tol && closed.length === 0) {
    flags = SMALL_OVERPAYMENT;
    kind = "smallover";
  } else if (gap !== 0) {
    level = "high";
    if (gap < 0) [flags, kind] = [OVERPAYMENT, "over"];
    else if (gap > tol && (credit = nettingCredit(ctx, pay, gap, tol))) [flags, kind] = [CREDIT_NOTE_NETTED, "net"];
    else if (feeSuspected(ctx, pay.payer, pay.currency, gap, feeMarker)) [flags, kind] = [FEE_SUSPECTED, "fee"];
    else [flags, kind] = [PARTIAL, "partial"];
  }
  if (credit && gap + credit.open > 0) flags = [...flags, "SMALL_DIFFERENCE"];
  if (closed.length > 0) flags = [...flags, "REF_PARTLY_PAID"];
  level = weaker(level, payerCap(pay));
  const cited = names(order);
  const how = pay.p.movedTo !== undefined ? `moved to ${pay.p.movedTo} in the export (no money: the debt is owed there)`
    : pay.p.lettered === undefined ? "cited" : `lettered ${pay.p.lettered} in the export`;
  // One invoice paid exactly, the usual case, needs no facts beyond the allocation's own.
  const evidence: Evidence = gap === 0 && order.length === 1 && !credit && pay.p.lettered === undefined && pay.p.movedTo === undefined
    ? CITED_EXACTLY
    : new CitedEvidence(cited, sumOpen, pay.remaining, pay.currency, credit?.number ?? "", "", how);
  const action = actionFor(ctx, level);
  if (action !== "apply") {
    const text = citedText(cited, sumOpen, pay.remaining, pay.currency, credit?.number ?? "", how);
    addReview(ctx, {
      kind: "suggestion", payment: pay.id, customer: pay.payer, amount: pay.remaining, currency: pay.currency, rule, confidence: level,
      reason: "BELOW_AUTO_THRESHOLD", candidates: [listOf(pay, order)], hold: action === "suggest-hold", evidence: text,
    });
    stop(pay, "held", "BELOW_AUTO_THRESHOLD", text);
    return;
  }
  if (credit) {
    const deducted = new CitedEvidence(cited, sumOpen, pay.remaining, pay.currency, credit.number, ", deducted by the payer");
    for (let itemAt = 0; itemAt < order.length; itemAt++) {
      const item = order[itemAt] as Item;
      if (credit.open < 0) allocateFromCredit(ctx, credit, item, Math.min(-credit.open, item.open), rule, level, flags, deducted);
    }
  }
  for (let itemAt = 0; itemAt < order.length; itemAt++) {
    const item = order[itemAt] as Item;
    allocateFromPayment(ctx, pay, item, Math.min(item.open, pay.remaining), rule, level, flags, evidence);
  }
  if (kind === "small" || kind === "net") for (const item of order) writeOff(ctx, item, pay.id, "SMALL_DIFFERENCE");
  if (kind === "fee") {
    const residual = order.filter((i) => i.open > 0);
    for (const item of residual) ctx.differences.push({ invoice: item.number, payment: pay.id, amount: item.open, currency: item.currency, kind: "FEE_SUSPECTED" });
    addReview(ctx, {
      kind: "suggestion", payment: pay.id, customer: pay.payer, amount: gap, currency: pay.currency, rule, confidence: "medium",
      reason: "FEE_SUSPECTED", candidates: [residual.map((item) => ({ item, amount: item.open }))], hold: true,
      evidence: `short by ${formatMinor(gap, pay.currency)}, which looks like bank charges${feeMarker ? " (the label says so)" : ""}: write-off candidate`,
    });
  }
  if (pay.remaining === 0) {
    pay.status = "done";
    return;
  }
  const last = order[order.length - 1] as Item;
  if (kind === "smallover") {
    ctx.differences.push({ invoice: last.number, payment: pay.id, amount: pay.remaining, currency: pay.currency, kind: "SMALL_OVERPAYMENT" });
    // A sub-tolerance excess is a write-off or refund candidate, not money to spread over other invoices.
    stop(pay, "credit", "SMALL_OVERPAYMENT", `paid ${formatMinor(pay.remaining, pay.currency)} more than ${cited}`);
  } else if (closed.length > 0) {
    // Part of the payment cites a settled invoice: the excess is a possible duplicate, held for
    // review rather than spread over other invoices.
    addReview(ctx, {
      kind: "refusal", payment: pay.id, customer: pay.payer, amount: pay.remaining, currency: pay.currency, rule, confidence: "ambiguous",
      reason: "REF_ALREADY_PAID", candidates: [], hold: false, evidence: `${names(closed)} already settled; the excess may be a duplicate`,
    });
    stop(pay, "held", "REF_ALREADY_PAID", `excess over ${cited}; ${names(closed)} already settled`);
  } else {
    stop(pay, "remainder", "OVERPAYMENT", `paid ${formatMinor(pay.remaining, pay.currency)} more than ${cited}`);
  }
}
