// The mutable working state of one matching run: open items and payments as indexed records, the
// allocations, review items and differences produced so far, and the confidence → action rule.

import type { Allocation, CandidateExplanation, Confidence, Difference, Reversal, ReviewItem, Unapplied } from "../ledger.js";
import { compactMinor } from "../money.js";
import type { Invoice, Payment } from "../model.js";
import type { Problem } from "../problem.js";
import type { AmountEntry } from "./indexes.js";
import type { CurrencyTunables, MatchOptions } from "./options.js";

/**
 * An invoice or credit note being lettered. `idx` is its rank in (due, issue, number) order. One
 * lives per invoice for the whole run, so it holds only what the passes read often; the rest
 * (input position, due day, open amount at start) is kept or derived where it is needed.
 */
export interface Item {
  readonly idx: number;
  readonly inv: Invoice;
  readonly number: string;
  readonly customer: string;
  readonly currency: string;
  readonly credit: boolean;
  /** Current open amount; moves towards 0 only. */
  open: number;
  readonly issueDay: number;
  /** Involved in a suggestion or ambiguity: amount rules and FIFO leave it alone. */
  held: boolean;
}

/**
 * Open amount at run start (negative for a credit note), as an int32 (see compactMinor): a boxed
 * `open` on every item would box every object built from it.
 */
export function openAtStart(inv: Invoice): number {
  return compactMinor(inv.amount - inv.paid);
}

export type PayerLevel = "full" | "partial" | "none";

/** Where a payment stands: `open` still goes through the cascade; `remainder` only reaches FIFO. */
export type PayStatus = "open" | "remainder" | "done" | "held" | "ambiguous" | "refused" | "credit" | "reversed";

export interface Pay {
  readonly idx: number;
  readonly p: Payment;
  readonly id: string;
  readonly currency: string;
  readonly day: number;
  /** Money still to apply, minor units, ≥ 0 (0 for a negative payment). */
  remaining: number;
  payer: string;
  payerLevel: PayerLevel;
  /** Shared with the payer identification; replaced, never mutated, when a flag is added. */
  flags: readonly string[];
  status: PayStatus;
  /** Why the remainder is unapplied (refusal code); empty while nothing has been said. */
  reason: string;
  /** What the unapplied money's detail says, or its facts (see Facts). */
  detail: string | Facts<Unapplied>;
  /** Items a human rejected for this payment (decisions.csv). */
  rejected: Set<number> | undefined;
  /** Issue-date window of the amount rules (see amountWindow); `from` is NO_WINDOW until first use. */
  from: number;
  to: number;
  /** The payer's items in the payment's currency, looked up once per payer (see payerList). */
  list: CustomerList | undefined;
  listOf: string | undefined;
}

/** Issue days an amount rule may consider for one payment: ≥ date − lookback, ≤ date + grace. */
export interface Window {
  readonly from: number;
  readonly to: number;
}

/** `Pay.from` before the window is computed: beyond every day a 4-digit year can give. */
export const NO_WINDOW = 0x3fffffff;

/**
 * An allocation as the ledger shows it; the lettering code is filled in at the end. Its source
 * and item are kept in `Ctx.allocSource` / `Ctx.allocItem` at the same position (one object per
 * allocation on a million-row ledger is enough).
 */
export interface Alloc extends Allocation {
  readonly flags: readonly string[];
  letter: string;
}

/**
 * A text kept as its facts and written when read: most evidence and details are never shown
 * (aging and planning read amounts only), and written up front they were several strings per
 * allocation, review item or unapplied payment, all kept alive with the ledger. `of` is the record
 * the text belongs to: `text` may read its fields (amount, currency, …) rather than keep copies.
 */
export interface Facts<T> {
  text(of: T): string;
}

/** The text of `why` for the record `of`: as given, or written from its facts now. */
function written<T>(why: string | Facts<T>, of: T): string {
  return typeof why === "string" ? why : why.text(of);
}

/** An allocation's evidence, as its facts (see Facts). */
export type Evidence = Facts<Alloc>;

/**
 * An allocation whose evidence is a string or an Evidence. `evidence` is a getter, so JSON.stringify
 * would leave it out: toJSON gives the fields in the order (and with the values) of the plain
 * object this class replaces, so every JSON of the ledger stays byte for byte the same.
 */
export class LazyAlloc implements Alloc {
  letter = "";

  constructor(
    readonly payment: string, readonly invoice: string, readonly amount: number, readonly currency: string, readonly rule: string,
    readonly confidence: Confidence, private readonly why: string | Evidence, readonly flags: readonly string[],
  ) {}

  get evidence(): string {
    return written(this.why, this);
  }

  toJSON(): unknown {
    return {
      payment: this.payment, invoice: this.invoice, amount: this.amount, currency: this.currency, rule: this.rule,
      confidence: this.confidence, evidence: this.evidence, flags: this.flags, letter: this.letter,
    };
  }
}

/** Position of a payment in `allocSource`; credit notes are stored as −1 − item index. */
export const creditSource = (itemIdx: number): number => -1 - itemIdx;

/** Items of one customer in one currency in (due, issue, number) order. */
export interface CustomerList {
  readonly currency: string;
  /** The same customer's list in another currency (most customers have one). */
  next: CustomerList | undefined;
  readonly items: Item[];
  /** Items before it are settled for good (open amounts only move towards 0). */
  cursor: number;
  /** Open credit notes left in the list; a prefix sum above target can still come down only if > 0. */
  openCredits: number;
  /** The credit notes of the list, so looking for one does not walk the invoices. */
  readonly credits: Item[];
  /** FIFO pass: items before it can take no policy money any more. */
  fifoCursor: number;
  /** Per position, the earliest issue day from there to the end (see laterIssues); made on first use. */
  minIssue: Int32Array | undefined;
  /** Open invoices by amount (see buildAmountIndexes), from the amount passes on; undefined when none. */
  amounts: Map<number, AmountEntry> | undefined;
  /** Jumps over items that can never be eligible again (see nextLive); made on first use. */
  skip: Int32Array | undefined;
}

/**
 * The passes walk `items`, `pays` and the other lists of a run by index, not with for-of: each
 * pass runs once, mostly before the optimising compiler has taken over its loop, and there for-of
 * made an iterator result object per element (some 250 MB at 300 000 payments, a third of all the
 * lettrage allocated).
 */
export interface Ctx {
  readonly options: MatchOptions;
  readonly problems: Problem[];
  readonly items: readonly Item[];
  readonly pays: readonly Pay[];
  /** Customer → its first list (see CustomerList.next); keyed by the customer alone, no string built per look-up. */
  readonly byCustomer: Map<string, CustomerList>;
  /** Every list, in order of first item. */
  readonly tunables: (currency: string) => CurrencyTunables;
  readonly alternative: (payer: string, customer: string) => boolean;
  readonly runningBalance: ReadonlySet<string>;
  readonly allocs: Alloc[];
  readonly allocSource: number[];
  readonly allocItem: number[];
  readonly review: ReviewItem[];
  readonly differences: Difference[];
  readonly reversals: Reversal[];
  /** Per item: money written off as a small difference (for the I2 bookkeeping check). */
  readonly writtenOff: Float64Array;
  /** Combination-search nodes left for the whole run. */
  nodesLeft: number;
  /** Payments and items whose balance moved since the last invariant check. */
  readonly touchedPays: number[];
  readonly touchedItems: number[];
  /** The negative payments (refunds), in payment order: found while the payments are built, so the
   * refund pass need not read every payment's record again to learn there are few or none. */
  readonly refunds: readonly Pay[];
  /** The payments an export lettered itself (Payment.lettered), in payment order, found the same way. */
  readonly lettered: readonly Pay[];
  /** Per payment (Ctx.pays order), its amount in the input: a pass that must look at every payment's
   * amount reads it here, in one block, rather than from a million objects. */
  readonly paid: Float64Array;
  /**
   * Payments the amount passes and FIFO may still apply: all of them until the reference pass is
   * done, then those it left open or with a remainder (after it most are done, and no pass makes a
   * payment open again), so each later pass reads only those.
   */
  stillOpen: readonly Pay[];
  /** The credit notes, in item order: the passes looking for them need not read every invoice. */
  readonly credits: readonly Item[];
}

export const SEP = "\u0000";

/** One shared empty flag list: most allocations carry none. */
export const NO_FLAGS: readonly string[] = [];

/** The items of one customer in one currency, if it has any. */
export function findList(byCustomer: ReadonlyMap<string, CustomerList>, customer: string, currency: string): CustomerList | undefined {
  let list = byCustomer.get(customer);
  while (list !== undefined && list.currency !== currency) list = list.next;
  return list;
}

const RANK: Readonly<Record<Confidence, number>> = { certain: 5, high: 4, medium: 3, low: 2, policy: 1, ambiguous: 0 };

export function weaker(a: Confidence, b: Confidence): Confidence {
  return RANK[a] <= RANK[b] ? a : b;
}

/** The most a payer identification lets a match claim (§2.2: a fuzzy payer caps at MEDIUM). */
export function payerCap(pay: Pay): Confidence {
  return pay.payerLevel === "partial" ? "medium" : "certain";
}

export type Action = "apply" | "suggest-hold" | "suggest";

/** §2.2: APPLY at or above the threshold, SUGGEST + HOLD for MEDIUM (or HIGH under a stricter threshold), SUGGEST for LOW. */
export function actionFor(ctx: Ctx, level: Confidence): Action {
  if (RANK[level] >= RANK[ctx.options.autoApplyThreshold]) return "apply";
  return RANK[level] >= RANK.medium ? "suggest-hold" : "suggest";
}

export function isOpen(item: Item): boolean {
  return item.credit ? item.open < 0 : item.open > 0;
}

/** The customer's items from the first one that may still be open; settled ones are skipped for good. */
export function customerList(ctx: Ctx, customer: string, currency: string): CustomerList | undefined {
  const list = findList(ctx.byCustomer, customer, currency);
  if (!list) return undefined;
  while (list.cursor < list.items.length && !isOpen(list.items[list.cursor] as Item)) list.cursor++;
  return list;
}

/** customerList for a payment's payer, cached on the payment (the payer changes at most once). */
export function payerList(ctx: Ctx, pay: Pay): CustomerList | undefined {
  if (pay.listOf !== pay.payer) {
    pay.list = findList(ctx.byCustomer, pay.payer, pay.currency);
    pay.listOf = pay.payer;
  }
  const list = pay.list;
  if (!list) return undefined;
  while (list.cursor < list.items.length && !isOpen(list.items[list.cursor] as Item)) list.cursor++;
  return list;
}

/**
 * Sorts a short list in place (insertion sort). Array.prototype.sort copies every list into a
 * work area first, which was a sizeable share of what the passes allocate, as they sort many
 * lists of a few items. Like sort it is stable (an item only moves past greater ones), so the
 * result is the one sort gives.
 */
export function sortShort<T>(list: T[], cmp: (a: T, b: T) => number): void {
  for (let i = 1; i < list.length; i++) {
    const x = list[i] as T;
    let j = i - 1;
    while (j >= 0 && cmp(list[j] as T, x) > 0) {
      list[j + 1] = list[j] as T;
      j--;
    }
    list[j + 1] = x;
  }
}

/** Bound on items looked at in one walk of a customer's list, so no payment costs O(n). */
export const MAX_WALK = 1_000;

/**
 * The first position ≥ `from` whose item is still open and not held, or the list's length. Both
 * states are final (open amounts only move towards 0, a hold is never lifted), so the jumps over
 * dead items are kept (path-compressed): the walks that restart for every payment of a customer
 * no longer read its settled items again, and skipping them changes nothing those walks decide.
 */
export function nextLive(list: CustomerList, from: number): number {
  const items = list.items;
  const n = items.length;
  let skip = list.skip;
  if (skip === undefined) {
    skip = list.skip = new Int32Array(n + 1);
    for (let k = 0; k <= n; k++) skip[k] = k;
  }
  let r = from;
  while (r < n) {
    const s = skip[r] as number;
    if (s !== r) {
      r = s;
      continue;
    }
    const item = items[r] as Item;
    if (!item.held && isOpen(item)) break;
    skip[r] = ++r;
  }
  for (let i = from; i < r;) {
    const s = skip[i] as number;
    skip[i] = r;
    i = s;
  }
  return r;
}

/**
 * Per position, the earliest issue day of the items from there to the end: a walk for a payment
 * stops once no later item can have been issued inside its window (lists are in due order, so
 * the invoices issued after a payment usually make up the whole tail).
 */
export function laterIssues(list: CustomerList): Int32Array {
  let min = list.minIssue;
  if (min !== undefined) return min;
  const items = list.items;
  min = list.minIssue = new Int32Array(items.length + 1);
  min[items.length] = 0x7fffffff;
  for (let k = items.length - 1; k >= 0; k--) min[k] = Math.min((items[k] as Item).issueDay, min[k + 1] as number);
  return min;
}

export function isRejected(pay: Pay, item: Item): boolean {
  return pay.rejected !== undefined && pay.rejected.has(item.idx);
}

/** Records an allocation of `amount` from a payment to an invoice and moves both balances. */
export function allocateFromPayment(
  ctx: Ctx, pay: Pay, item: Item, amount: number, rule: string, confidence: Confidence, flags: readonly string[], evidence: string | Evidence,
): void {
  if (amount <= 0) return;
  item.open -= amount;
  pay.remaining -= amount;
  ctx.touchedPays.push(pay.idx);
  ctx.touchedItems.push(item.idx);
  ctx.allocs.push(new LazyAlloc(pay.id, item.number, amount, pay.currency, rule, confidence, evidence, flags));
  ctx.allocSource.push(pay.idx);
  ctx.allocItem.push(item.idx);
}

/** Records a credit note settling (part of) an invoice. */
export function allocateFromCredit(
  ctx: Ctx, cn: Item, item: Item, amount: number, rule: string, confidence: Confidence, flags: readonly string[], evidence: string | Evidence,
): void {
  if (amount <= 0) return;
  item.open -= amount;
  cn.open += amount;
  ctx.touchedItems.push(item.idx, cn.idx);
  if (cn.open === 0) {
    const list = findList(ctx.byCustomer, cn.customer, cn.currency);
    if (list) list.openCredits--;
  }
  ctx.allocs.push(new LazyAlloc(cn.number, item.number, amount, cn.currency, rule, confidence, evidence, flags));
  ctx.allocSource.push(creditSource(cn.idx));
  ctx.allocItem.push(item.idx);
}

/** Closes an invoice whose remaining gap is within tolerance; the gap is listed for write-off. */
export function writeOff(ctx: Ctx, item: Item, payment: string, kind: string): void {
  const gap = item.open;
  if (gap <= 0) return;
  item.open = 0;
  ctx.touchedItems.push(item.idx);
  ctx.writtenOff[item.idx] = (ctx.writtenOff[item.idx] ?? 0) + gap;
  ctx.differences.push({ invoice: item.number, payment, amount: gap, currency: item.currency, kind });
}

/** What a pass says of a review item: the ledger's fields, with items rather than their numbers. */
export interface ReviewInput extends Pick<ReviewItem, "kind" | "payment" | "customer" | "amount" | "currency" | "rule" | "confidence" | "reason"> {
  /** Each explanation: items and the amount each would take. */
  readonly candidates: readonly (readonly { item: Item; amount: number }[])[];
  readonly hold: boolean;
  readonly evidence: string | Facts<ReviewItem>;
}

/** One shared empty list of held invoices: review items that hold nothing are most of them. */
const NO_HELD: readonly string[] = [];

/**
 * A review item whose evidence may be kept as facts (see Facts). As for LazyAlloc, toJSON writes
 * the fields of the plain object it replaces, in the same order.
 */
class LazyReview implements ReviewItem {
  readonly kind: ReviewItem["kind"];
  readonly payment: string;
  readonly customer: string;
  readonly amount: number;
  readonly currency: string;
  readonly rule: string;
  readonly confidence: Confidence;
  readonly reason: string;
  private readonly why: string | Facts<ReviewItem>;
  readonly held: readonly string[];
  readonly candidates: readonly CandidateExplanation[];

  constructor(r: ReviewInput, held: readonly string[], candidates: readonly CandidateExplanation[]) {
    this.kind = r.kind;
    this.payment = r.payment;
    this.customer = r.customer;
    this.amount = r.amount;
    this.currency = r.currency;
    this.rule = r.rule;
    this.confidence = r.confidence;
    this.reason = r.reason;
    this.why = r.evidence;
    this.held = held;
    this.candidates = candidates;
  }

  get evidence(): string {
    return written(this.why, this);
  }

  toJSON(): unknown {
    return {
      kind: this.kind, payment: this.payment, customer: this.customer, amount: this.amount, currency: this.currency, rule: this.rule,
      confidence: this.confidence, reason: this.reason, evidence: this.evidence, held: this.held, candidates: this.candidates,
    };
  }
}

/** Adds a review item; when it holds, every candidate invoice is frozen for amount rules and FIFO. */
export function addReview(ctx: Ctx, r: ReviewInput): void {
  let held = NO_HELD;
  if (r.hold) {
    const numbers: string[] = [];
    for (const c of r.candidates) {
      for (const { item } of c) {
        item.held = true;
        if (!numbers.includes(item.number)) numbers.push(item.number);
      }
    }
    // A list grown by push keeps room for more; the review item keeps the list for good.
    held = numbers.slice();
  }
  const candidates = r.candidates.map((c) => ({ invoices: c.map((x) => x.item.number), amounts: c.map((x) => x.amount) }));
  ctx.review.push(new LazyReview(r, held, candidates));
}

/** Stops a payment in the cascade with a reason for its unapplied money. */
export function stop(pay: Pay, status: PayStatus, reason: string, detail: string | Facts<Unapplied>): void {
  pay.status = status;
  pay.reason = reason;
  pay.detail = detail;
}

/**
 * Money no invoice took, whose detail may be kept as facts (see Facts). As for LazyAlloc, toJSON
 * writes the fields of the plain object it replaces, in the same order.
 */
export class LazyUnapplied implements Unapplied {
  constructor(
    readonly payment: string, readonly customer: string, readonly amount: number, readonly currency: string, readonly reason: string,
    readonly flags: readonly string[], private readonly why: string | Facts<Unapplied>,
  ) {}

  get detail(): string {
    return written(this.why, this);
  }

  toJSON(): unknown {
    return {
      payment: this.payment, customer: this.customer, amount: this.amount, currency: this.currency, reason: this.reason, flags: this.flags,
      detail: this.detail,
    };
  }
}

/** The customer a payment's unapplied money is credited to: only a payer identified for sure. */
export function creditedCustomer(pay: Pay): string {
  return pay.payerLevel === "full" ? pay.payer : "";
}
