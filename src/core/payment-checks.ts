// What the payments export says that the invoices export cannot confirm: an invoice number or a
// customer id that does not exist. The lettrage copes (other rules, or unapplied credit), but a
// user must hear of it: it is a typo, or an invoices export filtered to open invoices. And money
// both exports may count: a payment lettered to an invoice the export already counts as paid. Pure.

import type { PlainDate } from "./dates.js";
import type { Allocation, Unapplied } from "./ledger.js";
import type { Invoice, Payment } from "./model.js";
import { formatMinor } from "./money.js";
import { problem, type Problem } from "./problem.js";
import { fastKeyOf, keyPrint, labelKeys } from "./references.js";

const EXAMPLES = 3;

export function paymentWarnings(invoices: readonly Invoice[], payments: readonly Payment[]): Problem[] {
  const unknownInvoice = unknownCitations(invoices, payments);
  const customers = new Set<string>();
  // Index loops: this runs once, and an unoptimised for-of makes an object per record.
  for (let i = 0; i < invoices.length; i++) customers.add((invoices[i] as Invoice).customer);
  const unknownCustomer: Payment[] = [];
  for (let i = 0; i < payments.length; i++) {
    const p = payments[i] as Payment;
    if (p.customer !== "" && !customers.has(p.customer)) unknownCustomer.push(p);
  }
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
 * Cited numbers no invoice has, compared as the lettrage does (referenceKey). A Set of a million
 * numbers costs a second to fill; a table of their keys' prints (keyPrint) a tenth of that, and
 * keys are written only for a cited number not found verbatim.
 */
function unknownCitations(invoices: readonly Invoice[], payments: readonly Payment[]): { payment: Payment; invoice: string }[] {
  let index: NumberIndex | undefined;
  const unknown: { payment: Payment; invoice: string }[] = [];
  for (let i = 0; i < payments.length; i++) {
    const p = payments[i] as Payment;
    for (let k = 0; k < p.invoices.length; k++) {
      const n = p.invoices[k] as string;
      index ??= new NumberIndex(invoices);
      if (!index.has(n)) unknown.push({ payment: p, invoice: n });
    }
  }
  return unknown;
}

/** Its key's print, for any text (a non-ASCII one is normalised first). */
const printOf = (text: string): number => {
  const print = keyPrint(text);
  return print === -1 ? keyPrint(fastKeyOf(text)) : print;
};

/** Invoice numbers by the print of their key: open addressing on prints, invoices of one print chained. */
class NumberIndex {
  private readonly prints: Int32Array;
  /** Per slot, its first invoice + 1 (0: empty slot). */
  private readonly heads: Int32Array;
  /** Per invoice, the next one of the same print + 1. */
  private readonly next: Int32Array;
  private readonly mask: number;

  constructor(private readonly invoices: readonly Invoice[]) {
    let cap = 16;
    while (cap < 2 * invoices.length) cap *= 2;
    this.mask = cap - 1;
    this.prints = new Int32Array(cap);
    this.heads = new Int32Array(cap);
    this.next = new Int32Array(invoices.length);
    for (let i = 0; i < invoices.length; i++) {
      const print = printOf((invoices[i] as Invoice).number);
      const at = this.slot(print);
      this.prints[at] = print;
      this.next[i] = this.heads[at] as number;
      this.heads[at] = i + 1;
    }
  }

  /** The slot of this print, or the empty one where it would go. */
  private slot(print: number): number {
    for (let at = Math.imul(print, 0x9e3779b1) >>> 0 & this.mask; ; at = (at + 1) & this.mask) {
      if (this.heads[at] === 0 || this.prints[at] === (print | 0)) return at;
    }
  }

  has(number: string): boolean {
    const first = this.heads[this.slot(printOf(number))] as number;
    for (let i = first; i !== 0; i = this.next[i - 1] as number) if ((this.invoices[i - 1] as Invoice).number === number) return true;
    if (first === 0) return false;
    const key = fastKeyOf(number);
    for (let i = first; i !== 0; i = this.next[i - 1] as number) if (fastKeyOf((this.invoices[i - 1] as Invoice).number) === key) return true;
    return false;
  }
}

/**
 * An invoices export that says what is already paid (its paid or open column) lettered with a
 * payments export counts a payment twice when both hold it (matching.md §3.7): Xero's
 * InvoiceAmountPaid beside Xero's payments. Such a payment cannot be told from a second instalment
 * of the same amount, so this is a warning naming how many went to an invoice the export already
 * counts as paid by at least that much, and the first — only of payments dated no later than the
 * invoices export was made (`exportedOn`, its file's date, when known). Twice counted money reminds too little,
 * never a customer who paid.
 */
/** An invoice the export itself says is paid, in part or in full (its paid or open column, or a paid status). */
export const paidByExport = (inv: Invoice): boolean => inv.type === "invoice" && inv.paid > 0;

export function paidTwiceWarnings(
  invoices: readonly Invoice[], payments: readonly Payment[], allocations: readonly Allocation[], exportedOn: PlainDate | undefined,
  unapplied: readonly Unapplied[] = [],
): Problem[] {
  let paid: Map<string, Invoice> | undefined;
  // The lettrage allocates only to what is open: an invoice the export says is paid in full
  // takes no allocation, so only the partly paid ones are looked up for each allocation (a status
  // column of `paid` makes most invoices paid in full, and the look-ups cost a second at 1 M).
  let partly: Map<string, Invoice> | undefined;
  const creditNotes = new Set<string>();
  for (let i = 0; i < invoices.length; i++) {
    const inv = invoices[i] as Invoice;
    if (inv.type === "credit_note") creditNotes.add(inv.number);
    else if (paidByExport(inv)) {
      (paid ??= new Map()).set(inv.number, inv);
      if (inv.paid < inv.amount) (partly ??= new Map()).set(inv.number, inv);
    }
  }
  if (paid === undefined) return [];
  // A payment received after the invoices export was made cannot be in its paid column
  // (with data.balances_as_of set this check is not made: every payment left is later).
  let after: Set<string> | undefined;
  if (exportedOn !== undefined) {
    for (let i = 0; i < payments.length; i++) {
      const p = payments[i] as Payment;
      if (p.date > exportedOn) (after ??= new Set()).add(p.id);
    }
  }
  let count = 0;
  let first: { allocation: Allocation; invoice: Invoice } | undefined;
  for (let i = 0; partly !== undefined && i < allocations.length; i++) {
    const a = allocations[i] as Allocation;
    const inv = partly.get(a.invoice);
    if (inv === undefined || creditNotes.has(a.payment) || a.amount > inv.paid || after?.has(a.payment) === true) continue;
    count++;
    first ??= { allocation: a, invoice: inv };
  }
  const out: Problem[] = [];
  if (first !== undefined) {
    const { allocation: a, invoice: inv } = first;
    out.push(problem("warning", "paid_counted_twice",
      `${count} payment${count === 1 ? "" : "s"} went to invoices this export already counts as paid by at least that much (first: ${a.payment} → ${inv.number}, ${formatMinor(a.amount, a.currency)} where the export says ${formatMinor(inv.paid, inv.currency)} paid): if its paid or open column counts the same payments, they are counted twice and the invoices show less owed than they are`, {
        file: inv.file, line: inv.line, hint: TWICE_HINT,
      }));
  }
  const credited = creditedTwice(paid, payments, unapplied, after);
  if (credited !== undefined) {
    const { count: n, payment: p, invoice: inv, amount } = credited;
    out.push(problem("warning", "paid_credited_twice",
      `${n} payment${n === 1 ? " cites" : "s cite"} only invoices this export already counts as paid, and ${n === 1 ? "is" : "are"} kept as the customer's credit (first: ${p.id} → ${inv.number}, ${formatMinor(amount, inv.currency)}): that credit covers the customer's other invoices and stops their reminders — if the export's paid or open column counts the same payment, the credit does not exist`, {
        file: inv.file, line: inv.line, hint: TWICE_HINT,
      }));
  }
  return out;
}

const TWICE_HINT = "set data.balances_as_of in dunning.yaml to the day the invoices export was made (its payments up to then are counted there), or give an invoices export without paid/open columns, or a payments file of what came in after it";

/**
 * The payments an invoices export with paid or open amounts as of `balancesAsOf` does not count
 * yet: those dated after that day (matching.md §3.7). The others are said once, not lettered again.
 */
export function paymentsAfterBalances(payments: readonly Payment[], balancesAsOf: PlainDate, file: string): { payments: Payment[]; problems: Problem[] } {
  const kept = payments.filter((p) => p.date > balancesAsOf);
  const left = payments.length - kept.length;
  if (left === 0) return { payments: kept, problems: [] };
  return {
    payments: kept,
    problems: [problem("warning", "payments_in_balances", `${left} payment${left === 1 ? "" : "s"} dated up to ${balancesAsOf} left out: the invoices export's paid and open amounts count them (data.balances_as_of)`, {
      file, hint: "nothing to do if the invoices export was made that day; otherwise correct data.balances_as_of in dunning.yaml",
    })],
  };
}

/**
 * Payments refused for citing invoices already settled (REF_ALREADY_PAID) whose cited invoices
 * the export itself counts as paid by at least the payment: most likely the very payment the
 * export counted, left as credit in the customer's favour.
 */
function creditedTwice(
  paid: ReadonlyMap<string, Invoice>, payments: readonly Payment[], unapplied: readonly Unapplied[], after: ReadonlySet<string> | undefined,
): { count: number; payment: Payment; invoice: Invoice; amount: number } | undefined {
  const refused = new Map<string, Unapplied>();
  for (const u of unapplied) if (u.reason === "REF_ALREADY_PAID" && u.amount > 0 && after?.has(u.payment) !== true) refused.set(u.payment, u);
  if (refused.size === 0) return undefined;
  const paidOf = new Map<string, Invoice[]>();
  for (const inv of paid.values()) {
    const list = paidOf.get(inv.customer);
    if (list) list.push(inv);
    else paidOf.set(inv.customer, [inv]);
  }
  let count = 0;
  let first: { payment: Payment; invoice: Invoice; amount: number } | undefined;
  for (let i = 0; i < payments.length; i++) {
    const p = payments[i] as Payment;
    const u = refused.get(p.id);
    if (u === undefined) continue;
    // Cited in the invoice column, or in the label as the lettrage reads it (by whole keys: the
    // label of F-2026-12 does not cite F-2026-1).
    const inLabel = new Set(labelKeys(p.reference));
    const cited = (paidOf.get(u.customer) ?? []).find((inv) => inv.paid >= u.amount && (p.invoices.includes(inv.number) || inLabel.has(fastKeyOf(inv.number))));
    if (cited === undefined) continue;
    count++;
    first ??= { payment: p, invoice: cited, amount: u.amount };
  }
  return first === undefined ? undefined : { ...first, count };
}

/**
 * Payments dated after today: the lettrage leaves them out (they had not arrived as of today),
 * and money cannot arrive in the future — most often a date read the wrong way round (11/12
 * as 11 December) or mistyped. Only said when the as-of date is today: a past day re-run with
 * --as-of has later payments by design.
 */
export function futurePaymentWarnings(payments: readonly Payment[], today: PlainDate): Problem[] {
  return futureWarning(payments, (p) => p.date, (p) => p.id, today, "payment", "received");
}

/** Invoices issued after today: left out by the lettrage and the aged balance alike, and said so (a 2062 typed for 2026). */
export function futureInvoiceWarnings(invoices: readonly Invoice[], today: PlainDate): Problem[] {
  return futureWarning(invoices, (inv) => inv.issueDate, (inv) => inv.number, today, "invoice", "issued");
}

const FUTURE_HINT = "a date in the future is often one read the wrong way round (day and month) or mistyped: check it, and set date_format in dunning.yaml if the order is wrong";

function futureWarning<T extends { readonly file: string; readonly line: number }>(
  records: readonly T[], dateOf: (r: T) => PlainDate, name: (r: T) => string, today: PlainDate, what: string, done: string,
): Problem[] {
  let count = 0;
  let first: T | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as T;
    if (dateOf(r) <= today) continue;
    count++;
    first ??= r;
  }
  if (first === undefined) return [];
  return [problem("warning", `${what}_in_future`, `${count} ${what}${count === 1 ? " is" : "s are"} dated after today, ${today} (first: ${name(first)} on ${dateOf(first)}): left out, as not ${done} yet`, {
    file: first.file, line: first.line, hint: FUTURE_HINT,
  })];
}
