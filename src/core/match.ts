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
import { dayOf } from "./lettrage/tolerance.js";
import { creditedCustomer, findList, SEP, type CustomerList, type Ctx, type Item, type Pay } from "./lettrage/state.js";
import type { Invoice, Payment } from "./model.js";
import type { Problem } from "./problem.js";

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

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// I5: every order has explicit tie-breaks down to the full record, so input order never shows.
function compareInvoices(a: Invoice, b: Invoice): number {
  return cmp(a.dueDate, b.dueDate) || cmp(a.issueDate, b.issueDate) || cmp(a.number, b.number) || cmp(a.customer, b.customer)
    || cmp(a.currency, b.currency) || a.amount - b.amount || a.paid - b.paid || cmp(a.appliesTo, b.appliesTo);
}

function comparePayments(a: Payment, b: Payment): number {
  return cmp(a.date, b.date) || cmp(a.id, b.id) || a.amount - b.amount || cmp(a.currency, b.currency) || cmp(a.customer, b.customer)
    || cmp(a.payerName, b.payerName) || cmp(a.reference, b.reference) || cmp(a.invoices.join("\n"), b.invoices.join("\n"));
}

/**
 * Items in (due, issue, number, …) order. Day numbers are computed once; when they fit, the sort
 * runs on numbers alone (due, issue, input position packed in one double) and only invoices
 * sharing both days are compared as records, which is the same order as one stable sort.
 */
function buildItems(invoices: readonly Invoice[], payers: PayerIndex): Item[] {
  const n = invoices.length;
  const due = new Int32Array(n);
  const issue = new Int32Array(n);
  let minDue = Infinity;
  let maxDue = -Infinity;
  let minIssue = Infinity;
  let maxIssue = -Infinity;
  for (let i = 0; i < n; i++) {
    const inv = invoices[i] as Invoice;
    const d = dayOf(inv.dueDate);
    const s = dayOf(inv.issueDate);
    due[i] = d;
    issue[i] = s;
    if (d < minDue) minDue = d;
    if (d > maxDue) maxDue = d;
    if (s < minIssue) minIssue = s;
    if (s > maxIssue) maxIssue = s;
    payers.addInvoice(inv);
  }
  const order = sortedOrder(invoices, due, issue, minDue, maxDue, minIssue, maxIssue);
  const items = new Array<Item>(n);
  for (let idx = 0; idx < n; idx++) {
    const input = order[idx] as number;
    const inv = invoices[input] as Invoice;
    const open0 = inv.amount - inv.paid;
    items[idx] = {
      idx, input, inv, number: inv.number, customer: inv.customer, currency: inv.currency, credit: inv.type === "credit_note",
      open0, open: open0, issueDay: issue[input] as number, dueDay: due[input] as number, held: false, r3taken: false,
    };
  }
  return items;
}

function sortedOrder(
  invoices: readonly Invoice[], due: Int32Array, issue: Int32Array, minDue: number, maxDue: number, minIssue: number, maxIssue: number,
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
  for (let start = 0; start < n;) {
    const first = order[start] as number;
    let end = start + 1;
    while (end < n && due[order[end] as number] === due[first] && issue[order[end] as number] === issue[first]) end++;
    if (end - start > 1) {
      const run = order.slice(start, end).sort((a, b) => compareInvoices(invoices[a] as Invoice, invoices[b] as Invoice));
      for (let k = 0; k < run.length; k++) order[start + k] = run[k] as number;
    }
    start = end;
  }
  return order;
}

function buildPays(payments: readonly Payment[], payers: PayerIndex): Pay[] {
  const days = new Int32Array(payments.length);
  // A plain array: its sort is adaptive, and bank exports usually come in date order already.
  const order = new Array<number>(payments.length);
  payments.forEach((p, i) => {
    days[i] = dayOf(p.date);
    order[i] = i;
  });
  order.sort((a, b) => (days[a] as number) - (days[b] as number) || comparePayments(payments[a] as Payment, payments[b] as Payment));
  return Array.from(order, (input, idx) => {
    const p = payments[input] as Payment;
    const who = payers.identify(p);
    return {
      idx, p, id: p.id, currency: p.currency, day: days[input] as number, remaining: Math.max(0, p.amount),
      payer: who.customer, payerLevel: who.level, payerHow: who.how, flags: who.flags,
      status: p.amount === 0 ? "done" : "open", reason: "", detail: "", rejected: undefined, window: undefined, list: undefined, listOf: undefined,
    };
  });
}

export function matchPayments(input: MatchInput): LetteredLedger {
  const problems: Problem[] = [];
  const options = resolveOptions(input.options, problems);
  const invoices = input.invoices.filter((inv) => inv.issueDate <= input.asOf);
  const payments = input.payments.filter((p) => p.date <= input.asOf);
  const payers = new PayerIndex(options.aliases, options.fuzzyThreshold, options.fuzzyMargin);
  const items = buildItems(invoices, payers);
  const byCustomer = new Map<string, CustomerList>();
  const lists: CustomerList[] = [];
  for (const item of items) {
    let list = findList(byCustomer, item.customer, item.currency);
    if (!list) {
      list = {
        currency: item.currency, next: undefined, items: [], cursor: 0, openCredits: 0, credits: [], fifoCursor: 0, minIssue: undefined, skip: undefined,
      };
      lists.push(list);
      const first = byCustomer.get(item.customer);
      if (first === undefined) byCustomer.set(item.customer, list);
      else {
        let last = first;
        while (last.next !== undefined) last = last.next;
        last.next = list;
      }
    }
    list.items.push(item);
    if (item.credit) list.credits.push(item);
    if (item.credit && item.open < 0) list.openCredits++;
  }
  const pays = buildPays(payments, payers);
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
    touchedPays: [], touchedItems: [],
  };
  const refs = buildRefIndexes(items, options.minRefLength, options.minDigitsRef);
  const creditReasons: CreditReason = new Map();

  const invariants = new InvariantChecker(ctx);
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
  return toLedger(ctx, invoices, creditReasons);
}

function toLedger(ctx: Ctx, invoices: readonly Invoice[], creditReasons: CreditReason): LetteredLedger {
  const items = new Array<OpenItem>(invoices.length);
  for (const item of ctx.items) items[item.input] = { invoice: item.inv, open: item.open };
  assignLetters(ctx);
  const allocations: readonly Allocation[] = ctx.allocs;
  const unapplied: Unapplied[] = [];
  for (const pay of ctx.pays) {
    if (pay.status === "reversed") continue;
    const amount = pay.p.amount < 0 ? pay.p.amount : pay.remaining;
    if (amount === 0) continue;
    unapplied.push({
      payment: pay.id, customer: creditedCustomer(pay), amount, currency: pay.currency, reason: pay.reason || defaultReason(pay),
      flags: pay.flags, detail: pay.detail,
    });
  }
  for (const cn of ctx.items) {
    if (!cn.credit || cn.open >= 0) continue;
    const why = creditReasons.get(cn.idx);
    unapplied.push({
      payment: cn.number, customer: cn.customer, amount: -cn.open, currency: cn.currency, reason: why?.reason ?? "CREDIT_NOTE_UNAPPLIED",
      flags: [], detail: why?.detail ?? "credit note not used by any invoice",
    });
  }
  checkUnapplied(unapplied);
  const held = new Set<string>();
  for (const r of ctx.review) for (const n of r.held) held.add(n);
  return {
    items, payments: ctx.pays.map((p) => p.p), allocations, unapplied, review: ctx.review, held: [...held].sort(cmp),
    differences: ctx.differences, reversals: ctx.reversals, problems: ctx.problems,
  };
}

function defaultReason(pay: Pay): string {
  if (pay.payerLevel === "none") return pay.flags.includes("AMBIGUOUS_PAYER") ? "AMBIGUOUS_PAYER" : "CUSTOMER_UNKNOWN";
  return "NO_CANDIDATE";
}
