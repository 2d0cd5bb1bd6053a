// Lettrage: the explainable payment-matching engine of matching.md. Indexes the invoices once,
// runs the global passes in order of evidence (refunds, P0 decisions … P6 FIFO policy), checks
// the invariants after each, and returns the ledger every report reads. Pure.

import type { PlainDate } from "./dates.js";
import type { Allocation, LetteredLedger, OpenItem, Unapplied } from "./ledger.js";
import { combinationPass, exactAmountPass, uniqueAmountPass } from "./lettrage/amount-passes.js";
import { applyLinkedCreditNotes, type CreditReason } from "./lettrage/credit-notes.js";
import { applyDecisions, type Decision } from "./lettrage/decisions.js";
import { fifoPass, reversalPass } from "./lettrage/fifo.js";
import { buildAmountIndexes, buildRefIndexes, findNumber } from "./lettrage/indexes.js";
import { checkUnapplied, InvariantChecker } from "./lettrage/invariants.js";
import { assignLetters } from "./lettrage/letters.js";
import { currencyTunables, resolveOptions, type CurrencyTunables, type MatchOptions } from "./lettrage/options.js";
import { PayerIndex } from "./lettrage/payer.js";
import { referencePass } from "./lettrage/reference-pass.js";
import { dayOf, isoDayOf } from "./lettrage/tolerance.js";
import { creditedCustomer, LazyUnapplied, NO_FLAGS, NO_WINDOW, openAtStart, SEP, type CustomerList, type Ctx, type Item, type Pay } from "./lettrage/state.js";
import type { Invoice, Payment } from "./model.js";
import type { Problem } from "./problem.js";
import { compareText } from "./text.js";

export { nameKey } from "./lettrage/payer.js";
export type { Decision } from "./lettrage/decisions.js";
export { DEFAULT_MATCH_OPTIONS, type MatchOptions } from "./lettrage/options.js";

export interface MatchInput {
  readonly invoices: readonly Invoice[];
  readonly payments: readonly Payment[];
  /** Payments after this date and invoices issued after it are ignored, so reports re-run. */
  readonly asOf: PlainDate;
  /** decisions.csv: confirmed pairs are applied first, rejected ones never proposed again. */
  readonly decisions?: readonly Decision[] | undefined;
  /** Tunables; anything absent takes the default of matching.md §6. */
  readonly options?: Partial<MatchOptions> | undefined;
}


// I5: every order has explicit tie-breaks down to the full record, so input order never shows.
function compareInvoices(a: Invoice, b: Invoice): number {
  return compareText(a.dueDate, b.dueDate) || compareText(a.issueDate, b.issueDate) || compareSameDays(a, b);
}

/** compareInvoices past the dates, for invoices known to share both. */
function compareSameDays(a: Invoice, b: Invoice): number {
  return compareText(a.number, b.number) || compareText(a.customer, b.customer) || compareText(a.currency, b.currency) || a.amount - b.amount || a.paid - b.paid
    || compareText(a.appliesTo, b.appliesTo);
}

function comparePayments(a: Payment, b: Payment): number {
  return compareText(a.date, b.date) || compareText(a.id, b.id) || a.amount - b.amount || compareText(a.currency, b.currency) || compareText(a.customer, b.customer)
    || compareText(a.payerName, b.payerName) || compareText(a.reference, b.reference) || compareText(a.invoices.join("\n"), b.invoices.join("\n"));
}

/** What the set-up learns of one customer while reading the invoices in input order. */
interface CustomerSeen {
  /** The name of its last invoice read: rows of a customer repeat it, and only a new one is news to the payer index. */
  name: string | undefined;
  first: CustomerList | undefined;
}

interface Built {
  readonly items: Item[];
  /** Input position of each item, by rank. */
  readonly order: ArrayLike<number>;
  readonly byCustomer: Map<string, CustomerList>;
  /** Every list, in order of first item. */
  readonly lists: CustomerList[];
  /** Per item, its open amount at start (for the invariant check, which would read every invoice again). */
  readonly open0: Float64Array;
  /** The credit notes, in rank order (see Ctx.credits). */
  readonly credits: Item[];
}

/**
 * Items in (due, issue, number, …) order, and per customer and currency the lists of its items.
 * Day numbers are computed once; when they fit, the sort runs on numbers alone (due, issue, input
 * position packed in one double) and only invoices sharing both days are compared as records,
 * which is the same order as one stable sort. Each invoice costs one look-up of its customer,
 * which serves the payer index (input order) and the lists (rank order) alike.
 */
function buildItems(invoices: readonly Invoice[], payers: PayerIndex): Built {
  const n = invoices.length;
  const due = new Int32Array(n);
  const issue = new Int32Array(n);
  const seenOf = new Array<CustomerSeen>(n);
  const customers = new Map<string, CustomerSeen>();
  let minDue = Infinity;
  let maxDue = -Infinity;
  let minIssue = Infinity;
  let maxIssue = -Infinity;
  // Exports usually list invoices by number: stretches of the input in increasing number order
  // (segments) are noted here, while the rows are read in order anyway (see sortedOrder).
  const segment = new Int32Array(n);
  let segments = 0;
  let validDates = true;
  let previous = "";
  for (let i = 0; i < n; i++) {
    const inv = invoices[i] as Invoice;
    if (i > 0 && !(previous < inv.number)) segments++;
    segment[i] = segments;
    previous = inv.number;
    let d = isoDayOf(inv.dueDate);
    let s = isoDayOf(inv.issueDate);
    if (d !== d || s !== s) {
      validDates = false;
      d = dayOf(inv.dueDate);
      s = dayOf(inv.issueDate);
    }
    due[i] = d;
    issue[i] = s;
    if (d < minDue) minDue = d;
    if (d > maxDue) maxDue = d;
    if (s < minIssue) minIssue = s;
    if (s > maxIssue) maxIssue = s;
    let seen = customers.get(inv.customer);
    if (seen === undefined) customers.set(inv.customer, (seen = { name: undefined, first: undefined }));
    if (seen.name !== inv.customerName) {
      payers.addInvoice(inv);
      seen.name = inv.customerName;
    }
    seenOf[i] = seen;
  }
  const order = sortedOrder(invoices, due, issue, minDue, maxDue, minIssue, maxIssue, validDates ? segment : undefined);
  const items = new Array<Item>(n);
  const byCustomer = new Map<string, CustomerList>();
  const lists: CustomerList[] = [];
  const open0 = new Float64Array(n);
  const credits: Item[] = [];
  for (let idx = 0; idx < n; idx++) {
    const input = order[idx] as number;
    const inv = invoices[input] as Invoice;
    const open = openAtStart(inv);
    const credit = inv.type === "credit_note";
    const item: Item = { idx, inv, number: inv.number, customer: inv.customer, currency: inv.currency, credit, open, issueDay: issue[input] as number, held: false };
    items[idx] = item;
    open0[idx] = open;
    const seen = seenOf[input] as CustomerSeen;
    let list = seen.first;
    let last = list;
    while (list !== undefined && list.currency !== inv.currency) list = (last = list).next;
    if (list === undefined) {
      list = {
        currency: inv.currency, next: undefined, items: [], cursor: 0, openCredits: 0, credits: [], fifoCursor: 0, minIssue: undefined, amounts: undefined, skip: undefined,
      };
      lists.push(list);
      if (last === undefined) {
        seen.first = list;
        byCustomer.set(inv.customer, list);
      } else last.next = list;
    }
    list.items.push(item);
    if (credit) {
      credits.push(item);
      list.credits.push(item);
      if (open < 0) list.openCredits++;
    }
  }
  return { items, order, byCustomer, lists, open0, credits };
}

/**
 * `segment`: per input position, its stretch of increasing invoice numbers, given only when every
 * date is valid (one day number is then one date string).
 */
function sortedOrder(
  invoices: readonly Invoice[], due: Int32Array, issue: Int32Array, minDue: number, maxDue: number, minIssue: number, maxIssue: number,
  segment: Int32Array | undefined,
): ArrayLike<number> {
  const n = invoices.length;
  const issueSpan = maxIssue - minIssue + 1;
  const daySpan = (maxDue - minDue + 1) * issueSpan;
  if (n === 0 || !Number.isSafeInteger(daySpan * n) || !(daySpan > 0)) {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => (due[a] as number) - (due[b] as number) || (issue[a] as number) - (issue[b] as number)
      || compareInvoices(invoices[a] as Invoice, invoices[b] as Invoice));
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (((due[i] as number) - minDue) * issueSpan + ((issue[i] as number) - minIssue)) * n + i;
  keys.sort();
  const order = new Array<number>(n);
  for (let k = 0; k < n; k++) order[k] = (keys[k] as number) % n;
  // Runs of equal (due, issue): ordered as records, ties kept in input order (sort is stable).
  const byRecord = (a: number, b: number): number => compareInvoices(invoices[a] as Invoice, invoices[b] as Invoice);
  const byRest = (a: number, b: number): number => compareSameDays(invoices[a] as Invoice, invoices[b] as Invoice);
  for (let start = 0; start < n;) {
    const first = order[start] as number;
    let end = start + 1;
    while (end < n && due[order[end] as number] === due[first] && issue[order[end] as number] === issue[first]) end++;
    // A run within one segment is in record order already: its invoices share both dates, and the
    // day sort kept them in input order, which is increasing number order there.
    if (end - start > 1 && (segment === undefined || segment[first] !== segment[order[end - 1] as number])) {
      const run = order.slice(start, end);
      // One day number is one date string when every date is valid (`segment` is then given);
      // otherwise the run's dates are checked once here rather than in every comparison.
      run.sort(segment !== undefined || sameDates(invoices, run) ? byRest : byRecord);
      for (let k = 0; k < run.length; k++) order[start + k] = run[k] as number;
    }
    start = end;
  }
  return order;
}

/** Do the invoices at these positions share one due date and one issue date? */
function sameDates(invoices: readonly Invoice[], run: readonly number[]): boolean {
  const head = invoices[run[0] as number] as Invoice;
  for (let k = 1; k < run.length; k++) {
    const inv = invoices[run[k] as number] as Invoice;
    if (inv.dueDate !== head.dueDate || inv.issueDate !== head.issueDate) return false;
  }
  return true;
}

/** The payments in order, and what the refund pass and the invariant check would otherwise read from every record again. */
interface BuiltPays {
  readonly pays: Pay[];
  readonly refunds: Pay[];
  readonly lettered: Pay[];
  /** Per payment, its amount in the input (negative for a refund). */
  readonly paid: Float64Array;
}

function buildPays(payments: readonly Payment[], payers: PayerIndex): BuiltPays {
  const n = payments.length;
  const days = new Int32Array(n);
  const byPosition = (a: number, b: number): number =>
    (days[a] as number) - (days[b] as number) || comparePayments(payments[a] as Payment, payments[b] as Payment);
  // Bank exports usually come in date order already. The sort would first compare each payment
  // with the one before it and, finding no descent, keep the input order: the same comparisons
  // are made here, while the days are read, and the sort only runs when one fails.
  let inOrder = true;
  for (let i = 0; i < n; i++) {
    days[i] = dayOf((payments[i] as Payment).date);
    if (inOrder && i > 0) inOrder = byPosition(i, i - 1) >= 0;
  }
  let order: ArrayLike<number> | undefined;
  if (!inOrder) {
    const sorted = new Array<number>(n);
    for (let i = 0; i < n; i++) sorted[i] = i;
    order = sorted.sort(byPosition);
  }
  const pays = new Array<Pay>(n);
  const refunds: Pay[] = [];
  const lettered: Pay[] = [];
  const paid = new Float64Array(n);
  for (let idx = 0; idx < n; idx++) {
    const input = order === undefined ? idx : (order[idx] as number);
    const p = payments[input] as Payment;
    const who = payers.identify(p);
    const pay: Pay = {
      idx, p, id: p.id, currency: p.currency, day: days[input] as number, remaining: Math.max(0, p.amount),
      payer: who.customer, payerLevel: who.level, flags: who.flags,
      status: p.amount === 0 ? "done" : "open", reason: "", detail: "", rejected: undefined, from: NO_WINDOW, to: 0, list: undefined, listOf: undefined,
    };
    pays[idx] = pay;
    paid[idx] = p.amount;
    if (p.amount < 0) refunds.push(pay);
    if (p.lettered !== undefined) lettered.push(pay);
  }
  return { pays, refunds, lettered, paid };
}

/**
 * The rows `keep` accepts, in order: the rows themselves when it accepts them all (usually nothing
 * is dated after the as-of date), else a copy made at its size, where filter grows its result
 * (copying it) as it goes.
 */
function kept<T>(rows: readonly T[], keep: (row: T) => boolean): readonly T[] {
  // The verdicts are noted on the first reading, so the copy asks nothing of the rows again.
  const keeps = new Uint8Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    if (keep(rows[i] as T)) {
      keeps[i] = 1;
      count++;
    }
  }
  if (count === rows.length) return rows;
  const out = new Array<T>(count);
  for (let i = 0, k = 0; i < rows.length; i++) if (keeps[i] === 1) out[k++] = rows[i] as T;
  return out;
}

/** `YYYY-MM-DD` in shape (a calendar-invalid one such as 2026-13-45 is still ordered consistently). */
const isDateShaped = (d: unknown): boolean =>
  typeof d === "string" && d.length === 10 && d.charCodeAt(4) === 45 && d.charCodeAt(7) === 45;

/**
 * The reader gives every record its dates as `YYYY-MM-DD`; a caller that does not would get a
 * TypeError from deep inside the sort (an empty due date) or a silently odd order (`31/01/2026`).
 * Said here instead, as the programming error it is.
 */
function checkDates(input: MatchInput): void {
  const fail = (what: string, d: unknown): never => {
    throw new TypeError(`matchPayments: ${what} ${JSON.stringify(d)}; dates must be YYYY-MM-DD`);
  };
  if (!isDateShaped(input.asOf)) fail("as-of date", input.asOf);
  for (let i = 0; i < input.invoices.length; i++) {
    const inv = input.invoices[i] as Invoice;
    if (!isDateShaped(inv.issueDate)) fail(`invoice ${inv.number} (${inv.file}:${inv.line}) has issue date`, inv.issueDate);
    if (!isDateShaped(inv.dueDate)) fail(`invoice ${inv.number} (${inv.file}:${inv.line}) has due date`, inv.dueDate);
  }
  for (let i = 0; i < input.payments.length; i++) {
    const p = input.payments[i] as Payment;
    if (!isDateShaped(p.date)) fail(`payment ${p.id} (${p.file}:${p.line}) has date`, p.date);
  }
}

export function matchPayments(input: MatchInput): LetteredLedger {
  checkDates(input);
  const problems: Problem[] = [];
  const options = resolveOptions(input.options, problems);
  const invoices = kept(input.invoices, (inv) => inv.issueDate <= input.asOf);
  const payments = kept(input.payments, (p) => p.date <= input.asOf);
  const payers = new PayerIndex(options.aliases, options.fuzzyThreshold, options.fuzzyMargin);
  const { items, order, byCustomer, lists, open0, credits } = buildItems(invoices, payers);
  const { pays, refunds, lettered, paid } = buildPays(payments, payers);
  const tunables = new Map<string, CurrencyTunables>();
  const alternatives = new Set(options.alternativePayers.map((a) => a.payer + SEP + a.customer));
  const ctx: Ctx = {
    options, problems, items, pays, byCustomer,
    tunables: (currency) => {
      let t = tunables.get(currency);
      if (!t) tunables.set(currency, (t = currencyTunables(options, currency, problems)));
      return t;
    },
    alternative: (payer, customer) => alternatives.size > 0 && alternatives.has(payer + SEP + customer),
    runningBalance: new Set(options.runningBalanceCustomers),
    allocs: [], allocSource: [], allocItem: [], review: [], differences: [], reversals: [],
    writtenOff: new Float64Array(items.length),
    nodesLeft: options.globalNodeBudget,
    touchedPays: [], touchedItems: [], refunds, lettered, paid, stillOpen: pays, credits,
  };
  const refs = buildRefIndexes(items, options.minRefLength, options.minDigitsRef);
  const creditReasons: CreditReason = new Map();

  const invariants = new InvariantChecker(ctx, { paid, open0 });
  reversalPass(ctx);
  invariants.check("refunds");
  const decisions = input.decisions ?? [];
  if (decisions.length > 0) {
    applyDecisions(ctx, decisions, {
      payById: new Map(pays.map((p) => [p.id, p])),
      findItem: (number) => findNumber(refs, number),
      laterPayments: new Set(input.payments.filter((p) => p.date > input.asOf).map((p) => p.id)),
      laterInvoices: new Set(input.invoices.filter((i) => i.issueDate > input.asOf).map((i) => i.number)),
    });
  }
  invariants.check("P0");
  applyLinkedCreditNotes(ctx, refs, creditReasons);
  invariants.check("P1");
  referencePass(ctx, refs);
  invariants.check("P2");
  ctx.stillOpen = stillOpen(pays);
  const amounts = buildAmountIndexes(lists);
  exactAmountPass(ctx, amounts);
  invariants.check("P3");
  combinationPass(ctx);
  invariants.check("P4");
  uniqueAmountPass(ctx, amounts);
  invariants.check("P5");
  fifoPass(ctx);
  invariants.check("P6");
  invariants.checkAll("the run");
  return toLedger(ctx, invoices, order, creditReasons, paid);
}

/** The payments a pass after the reference pass may still apply (see Ctx.stillOpen), in order. */
function stillOpen(pays: readonly Pay[]): Pay[] {
  const open: Pay[] = [];
  for (let payAt = 0; payAt < pays.length; payAt++) {
    const pay = pays[payAt] as Pay;
    if ((pay.status === "open" || pay.status === "remainder") && pay.remaining > 0) open.push(pay);
  }
  return open;
}

/** `paid`: per payment, its amount in the input (see BuiltPays), read here rather than from every record again. */
function toLedger(ctx: Ctx, invoices: readonly Invoice[], order: ArrayLike<number>, creditReasons: CreditReason, paid: Float64Array): LetteredLedger {
  const n = invoices.length;
  const rank = new Int32Array(n);
  for (let idx = 0; idx < n; idx++) rank[order[idx] as number] = idx;
  const items = new Array<OpenItem>(n);
  // addReview alone holds items, and lists each one it holds in its review item: the held numbers
  // are those of the held items. Read in input order, they come nearly sorted when the export
  // lists invoices by number, which the sort below then only checks.
  const heldNumbers: string[] = [];
  for (let i = 0; i < n; i++) {
    const item = ctx.items[rank[i] as number] as Item;
    items[i] = { invoice: item.inv, open: item.open };
    if (item.held) heldNumbers.push(item.number);
  }
  assignLetters(ctx);
  const allocations: readonly Allocation[] = ctx.allocs;
  const unapplied: Unapplied[] = [];
  for (let payAt = 0; payAt < ctx.pays.length; payAt++) {
    const pay = ctx.pays[payAt] as Pay;
    if (pay.status === "reversed") continue;
    // The record is read for a refund only (its amount from the typed array would be a double).
    const amount = (paid[payAt] as number) < 0 ? pay.p.amount : pay.remaining;
    if (amount === 0) continue;
    unapplied.push(new LazyUnapplied(pay.id, creditedCustomer(pay), amount, pay.currency, pay.reason || defaultReason(pay), pay.flags, pay.detail));
  }
  for (let cnAt = 0; cnAt < ctx.credits.length; cnAt++) {
    const cn = ctx.credits[cnAt] as Item;
    if (cn.open >= 0) continue;
    const why = creditReasons.get(cn.idx);
    unapplied.push(new LazyUnapplied(
      cn.number, cn.customer, -cn.open, cn.currency, why?.reason ?? "CREDIT_NOTE_UNAPPLIED", NO_FLAGS, why?.detail ?? "credit note not used by any invoice",
    ));
  }
  checkUnapplied(unapplied);
  // The default sort orders strings by code units as cmp does, without a call per comparison.
  heldNumbers.sort();
  const held: string[] = [];
  for (const number of heldNumbers) if (held.length === 0 || held[held.length - 1] !== number) held.push(number);
  return {
    items, payments: ctx.pays.map((p) => p.p), allocations, unapplied, review: ctx.review, held,
    differences: ctx.differences, reversals: ctx.reversals, problems: ctx.problems,
  };
}

function defaultReason(pay: Pay): string {
  if (pay.payerLevel === "none") return pay.flags.includes("AMBIGUOUS_PAYER") ? "AMBIGUOUS_PAYER" : "CUSTOMER_UNKNOWN";
  return "NO_CANDIDATE";
}
