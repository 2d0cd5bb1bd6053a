// The lettrage for people (a table per section and a summary per currency), for spreadsheets
// (one CSV row per line, with a `section` column), for tools (the JSON contract, schema_version 1)
// and as the decisions to make, in the decisions file's own CSV format. Pure.

import type { ChalkInstance } from "chalk";
import { compareText } from "../core/text.js";
import { matchesCustomer } from "../core/aging-view.js";
import type { Allocation, Confidence, Difference, LetteredLedger, Reversal, ReviewItem, Unapplied } from "../core/ledger.js";
import type { Invoice } from "../core/model.js";
import { formatMinor } from "../core/money.js";
import { formatAmount } from "./amounts.js";
import { renderCsv } from "./csv.js";
import { makeTable, tableText } from "./table.js";


/** The lettrage as shown: rows filtered to one customer when asked, the review list sorted. */
export interface MatchView {
  readonly asOf: string;
  readonly allocations: readonly Allocation[];
  readonly unapplied: readonly Unapplied[];
  /** Per currency, most money first; ties by payment, reason, first candidate invoice. */
  readonly review: readonly ReviewItem[];
  readonly held: readonly string[];
  readonly differences: readonly Difference[];
  readonly reversals: readonly Reversal[];
  /** Invoice number → the invoice, for customers and currencies of candidates. */
  readonly invoices: ReadonlyMap<string, Invoice>;
  /** Payment id → its customer as the payments export gives it, possibly empty (a review item may also concern a credit note). */
  readonly payments: ReadonlyMap<string, string>;
}

/** Review order: never compares amounts across currencies; every tie broken down to the candidates. */
function compareReview(a: ReviewItem, b: ReviewItem): number {
  return compareText(a.currency, b.currency) || b.amount - a.amount || compareText(a.payment, b.payment) || compareText(a.reason, b.reason)
    || compareText(a.kind, b.kind) || compareText(a.candidates[0]?.invoices.join(" ") ?? "", b.candidates[0]?.invoices.join(" ") ?? "");
}

/** `--customer`: the customer id, or part of its name (case-insensitive), as for `dunning age`. */
export function viewMatch(ledger: LetteredLedger, asOf: string, customer?: string): MatchView {
  const invoices = new Map<string, Invoice>();
  const names = new Map<string, string>();
  for (const { invoice } of ledger.items) {
    invoices.set(invoice.number, invoice);
    names.set(invoice.customer, invoice.customerName);
  }
  const paymentCustomer = new Map(ledger.payments.map((p) => [p.id, p]));
  const matches = (id: string): boolean => customer === undefined || (id !== "" && matchesCustomer(id, names.get(id) ?? "", customer));
  const invoiceMatches = (number: string): boolean => customer === undefined || matches(invoices.get(number)?.customer ?? "");
  const review = ledger.review
    .filter((r) => matches(r.customer) || r.candidates.some((c) => c.invoices.some(invoiceMatches)))
    .sort(compareReview);
  return {
    asOf,
    allocations: ledger.allocations.filter((a) => invoiceMatches(a.invoice)),
    unapplied: ledger.unapplied.filter((u) => matches(u.customer)),
    review,
    held: ledger.held.filter(invoiceMatches),
    differences: ledger.differences.filter((d) => invoiceMatches(d.invoice)),
    reversals: ledger.reversals.filter((r) => {
      const p = paymentCustomer.get(r.payment);
      return customer === undefined || (p !== undefined && (matches(p.customer) || matchesCustomer(p.customer, p.payerName, customer)));
    }),
    invoices,
    payments: new Map(ledger.payments.map((p) => [p.id, p.customer])),
  };
}

/** Currency of a candidate's amount: the invoice's (they differ only for CURRENCY_MISMATCH). */
function candidateCurrency(view: MatchView, r: ReviewItem, invoice: string): string {
  return view.invoices.get(invoice)?.currency ?? r.currency;
}

// ---------------------------------------------------------------------------------------------
// Summary per currency.

export interface CurrencySummary {
  readonly currency: string;
  readonly allocations: number;
  readonly allocated: number;
  /** Allocations per confidence, in the order certain … policy. */
  readonly byConfidence: readonly (readonly [Confidence, number])[];
  /** Money received that no invoice took. */
  readonly unapplied: number;
  /** Money that went out (refunds, and a statement's other debits) matched to nothing, as a positive sum: never netted against the above. */
  readonly paidOut: number;
  readonly reviewItems: number;
  readonly toReview: number;
  readonly heldInvoices: number;
}

const LEVELS: readonly Confidence[] = ["certain", "high", "medium", "low", "policy", "ambiguous"];

function summarize(view: MatchView): CurrencySummary[] {
  const currencies = new Set<string>();
  for (const x of [...view.allocations, ...view.unapplied, ...view.review]) currencies.add(x.currency);
  const held = view.held.map((n) => view.invoices.get(n)?.currency ?? "");
  for (const c of held) if (c !== "") currencies.add(c);
  return [...currencies].sort(compareText).map((currency) => {
    const allocs = view.allocations.filter((a) => a.currency === currency);
    const review = view.review.filter((r) => r.currency === currency);
    return {
      currency,
      allocations: allocs.length,
      allocated: allocs.reduce((s, a) => s + a.amount, 0),
      byConfidence: LEVELS.map((l) => [l, allocs.filter((a) => a.confidence === l).length] as const).filter(([, n]) => n > 0),
      unapplied: view.unapplied.filter((u) => u.currency === currency && u.amount > 0).reduce((s, u) => s + u.amount, 0),
      paidOut: view.unapplied.filter((u) => u.currency === currency && u.amount < 0).reduce((s, u) => s - u.amount, 0),
      reviewItems: review.length,
      toReview: review.reduce((s, r) => s + r.amount, 0),
      heldInvoices: held.filter((c) => c === currency).length,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// JSON: the contract read by tooling outside the repo. Names are kept; fields may be added.

export function renderMatchJson(view: MatchView): string {
  const money = formatMinor;
  const doc = {
    schema_version: 1,
    as_of: view.asOf,
    allocations: view.allocations.map((a) => ({
      payment: a.payment, invoice: a.invoice, customer: view.invoices.get(a.invoice)?.customer ?? "",
      amount: money(a.amount, a.currency), currency: a.currency, rule: a.rule, confidence: a.confidence,
      evidence: a.evidence, flags: a.flags ?? [], letter: a.letter ?? "",
    })),
    unapplied: view.unapplied.map((u) => ({
      payment: u.payment, customer: u.customer, amount: money(u.amount, u.currency), currency: u.currency,
      reason: u.reason, detail: u.detail ?? "", flags: u.flags ?? [],
    })),
    review: view.review.map((r) => ({
      payment: r.payment, customer: r.customer, amount: money(r.amount, r.currency), currency: r.currency,
      kind: r.kind, rule: r.rule, reason: r.reason, confidence: r.confidence,
      candidates: r.candidates.map((c) => ({
        invoices: c.invoices,
        amounts: c.invoices.map((n, i) => money(c.amounts[i] as number, candidateCurrency(view, r, n))),
        currencies: c.invoices.map((n) => candidateCurrency(view, r, n)),
      })),
      held: r.held, evidence: r.evidence,
    })),
    held: view.held,
    differences: view.differences.map((d) => ({ invoice: d.invoice, payment: d.payment, amount: money(d.amount, d.currency), currency: d.currency, kind: d.kind })),
    reversals: view.reversals.map((r) => ({ payment: r.payment, reverses: r.reverses, amount: money(r.amount, r.currency), currency: r.currency })),
    totals: summarize(view).map((s) => ({
      currency: s.currency, allocations: s.allocations, allocated: money(s.allocated, s.currency),
      unapplied: money(s.unapplied, s.currency), paid_out: money(s.paidOut, s.currency), review_items: s.reviewItems, to_review: money(s.toReview, s.currency),
      held_invoices: s.heldInvoices,
    })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

// ---------------------------------------------------------------------------------------------
// CSV for a spreadsheet: every line of every section, one row each, amounts with a `.` decimal.

const MATCH_CSV_HEADER = [
  "section", "kind", "payment", "invoice", "customer", "currency", "amount", "rule", "confidence", "flags", "letter", "reason",
  "option", "held", "evidence",
] as const;

export function renderMatchCsv(view: MatchView): string {
  const rows: string[][] = [];
  const row = (v: Partial<Record<(typeof MATCH_CSV_HEADER)[number], string>>): void => {
    rows.push(MATCH_CSV_HEADER.map((k) => v[k] ?? ""));
  };
  const customerOf = (invoice: string): string => view.invoices.get(invoice)?.customer ?? "";
  for (const a of view.allocations) {
    row({
      section: "allocation", payment: a.payment, invoice: a.invoice, customer: customerOf(a.invoice), currency: a.currency,
      amount: formatMinor(a.amount, a.currency), rule: a.rule, confidence: a.confidence, flags: (a.flags ?? []).join(" "),
      letter: a.letter ?? "", evidence: a.evidence,
    });
  }
  for (const u of view.unapplied) {
    row({
      section: "unapplied", payment: u.payment, customer: u.customer, currency: u.currency, amount: formatMinor(u.amount, u.currency),
      flags: (u.flags ?? []).join(" "), reason: u.reason, evidence: u.detail ?? "",
    });
  }
  for (const r of view.review) {
    const base = { section: "review", kind: r.kind, payment: r.payment, rule: r.rule, confidence: r.confidence, reason: r.reason, evidence: r.evidence };
    if (r.candidates.length === 0) row({ ...base, customer: r.customer, currency: r.currency, amount: formatMinor(r.amount, r.currency) });
    r.candidates.forEach((c, k) => c.invoices.forEach((n, i) => {
      const currency = candidateCurrency(view, r, n);
      row({
        ...base, invoice: n, customer: customerOf(n) || r.customer, currency, amount: formatMinor(c.amounts[i] as number, currency),
        option: String(k + 1), held: r.held.includes(n) ? "yes" : "",
      });
    }));
  }
  for (const d of view.differences) {
    row({ section: "difference", kind: d.kind, payment: d.payment, invoice: d.invoice, customer: customerOf(d.invoice), currency: d.currency, amount: formatMinor(d.amount, d.currency) });
  }
  for (const r of view.reversals) {
    row({ section: "reversal", kind: "reversal", payment: r.payment, currency: r.currency, amount: formatMinor(r.amount, r.currency), evidence: `returns payment ${r.reverses}` });
  }
  return renderCsv(MATCH_CSV_HEADER, rows);
}

// ---------------------------------------------------------------------------------------------
// The decisions to make, in the decisions file's format (`dunning match --review > decisions.csv`).

/** payment,invoice,amount,decision are read back; the other columns explain and are ignored. */
// `payer`: the payment's customer as its export gives it, read back to tell a payment named by its
// line from the one a re-export put there (io/decisions.ts); `customer`: the invoice's.
const REVIEW_CSV_HEADER = ["payment", "invoice", "amount", "decision", "currency", "customer", "payer", "option", "kind", "reason", "confidence", "evidence"] as const;

// A residual proposed for write-off is not money to place, and a conversion nobody agreed on has
// no amount in the payment's currency: for those a confirmation takes as much as it can.
const NO_AMOUNT = new Set(["FEE_SUSPECTED", "CURRENCY_MISMATCH"]);

/**
 * One row per invoice of each explanation (`option` numbers them within a payment), with the
 * amount that invoice would take and the decision left empty: an empty decision is skipped when
 * the file is read back, so only the rows an accountant answers count. Credit-note items cannot
 * be decided in this file and are counted in `skipped`.
 */
export function renderReviewCsv(view: MatchView): { text: string; rows: number; skipped: number } {
  const rows: string[][] = [];
  let skipped = 0;
  for (const r of view.review) {
    if (!view.payments.has(r.payment)) {
      skipped++;
      continue;
    }
    const base = { payment: r.payment, payer: view.payments.get(r.payment) ?? "", kind: r.kind, reason: r.reason, confidence: r.confidence, evidence: r.evidence };
    const push = (v: Partial<Record<(typeof REVIEW_CSV_HEADER)[number], string>>): void => {
      rows.push(REVIEW_CSV_HEADER.map((k) => v[k] ?? ""));
    };
    let any = false;
    r.candidates.forEach((c, k) => c.invoices.forEach((n, i) => {
      const inv = view.invoices.get(n);
      const amount = c.amounts[i] as number;
      // A credit note cannot be confirmed against a payment, and an invoice that would take
      // nothing of the payment (a credit note covers it) has no decision to make.
      if (inv?.type === "credit_note" || (amount <= 0 && !NO_AMOUNT.has(r.reason))) return;
      any = true;
      push({
        ...base, invoice: n, amount: NO_AMOUNT.has(r.reason) ? "" : formatMinor(amount, r.currency), currency: r.currency,
        customer: inv?.customer ?? r.customer, option: String(k + 1),
      });
    }));
    // Nothing to suggest (a possible duplicate payment): a row to fill in with an invoice, or leave.
    if (!any) push({ ...base, currency: r.currency, customer: r.customer });
  }
  return { text: renderCsv(REVIEW_CSV_HEADER, rows), rows: rows.length, skipped };
}

// ---------------------------------------------------------------------------------------------
// Tables for the terminal.

export interface TableStyle {
  readonly chalk: ChalkInstance;
  readonly locale: string;
}

const RULES = "D0 decision, L1 linked credit note, R1 structured reference, R2 invoice number, R3/R3t exact amount, R4a oldest-first sum, R4b combination, R5 unknown payer, F1 FIFO policy";

function section(title: string, style: TableStyle): string {
  return `${style.chalk.bold(title)}\n`;
}

function withFlags(text: string, flags: readonly string[] | undefined): string {
  return flags && flags.length > 0 ? `${text} [${flags.join(", ")}]` : text;
}

export function renderMatchTable(view: MatchView, style: TableStyle): string {
  const amount = (minor: number, currency: string): string => formatAmount(minor, currency, style.locale);
  const parts: string[] = [];
  if (view.allocations.length > 0) {
    const t = makeTable(["Payment", "Invoice", "Cur", "Amount", "Rule", "Confidence", "Letter", "Evidence"], style.chalk, (i) => i === 3);
    for (const a of view.allocations) {
      t.push([a.payment, a.invoice, a.currency, amount(a.amount, a.currency), a.rule, a.confidence, a.letter ?? "", withFlags(a.evidence, a.flags)]);
    }
    parts.push(section("Allocations", style) + tableText(t));
  }
  if (view.unapplied.length > 0) {
    const t = makeTable(["Payment", "Customer", "Cur", "Amount", "Reason", "Detail"], style.chalk, (i) => i === 3);
    // A payer nobody confirmed but a review item suggests (named in a bank label, a similar name):
    // shown with a question mark rather than as no one.
    const suggested = new Map(view.review.filter((r) => r.customer !== "").map((r) => [r.payment, r.customer]));
    for (const u of view.unapplied) {
      const guess = suggested.get(u.payment);
      const who = u.customer || (guess !== undefined ? `${guess}?` : "?");
      t.push([u.payment, who, u.currency, amount(u.amount, u.currency), u.reason, u.detail ?? ""]);
    }
    parts.push(section("Unapplied", style) + tableText(t));
  }
  if (view.review.length > 0) {
    const t = makeTable(["Payment", "Customer", "Cur", "Amount", "Kind", "Reason", "Confidence", "Explanations", "Held", "Evidence"], style.chalk, (i) => i === 3);
    for (const r of view.review) {
      const money = (n: string, minor: number): string => {
        const currency = candidateCurrency(view, r, n);
        return `${amount(minor, currency)}${currency === r.currency ? "" : ` ${currency}`}`;
      };
      const explanations = r.candidates.map((c, k) => `${k + 1}) ${c.invoices.map((n, i) => `${n} ${money(n, c.amounts[i] as number)}`).join(" + ")}`).join("  ");
      t.push([r.payment, r.customer || "?", r.currency, amount(r.amount, r.currency), r.kind, r.reason, r.confidence, explanations || "-", r.held.join(" "), r.evidence]);
    }
    parts.push(section("To review (most money first)", style) + tableText(t));
  }
  if (view.differences.length > 0) {
    const t = makeTable(["Invoice", "Payment", "Cur", "Amount", "Kind"], style.chalk, (i) => i === 3);
    for (const d of view.differences) t.push([d.invoice, d.payment, d.currency, amount(d.amount, d.currency), d.kind]);
    parts.push(section("Differences (write-off candidates)", style) + tableText(t));
  }
  if (view.reversals.length > 0) {
    const t = makeTable(["Refund", "Returns", "Cur", "Amount"], style.chalk, (i) => i === 3);
    for (const r of view.reversals) t.push([r.payment, r.reverses, r.currency, amount(r.amount, r.currency)]);
    parts.push(section("Reversals", style) + tableText(t));
  }
  const summary = summarize(view);
  if (summary.length === 0) return `Nothing to letter as of ${view.asOf}.\n`;
  const lines = summary.map((s) => {
    const levels = s.byConfidence.map(([l, n]) => `${l} ${n}`).join(", ");
    const review = s.reviewItems === 0 ? "nothing to review" : `${s.reviewItems} to review (${amount(s.toReview, s.currency)})`;
    return `${s.currency}: ${s.allocations} allocation${s.allocations === 1 ? "" : "s"}, ${amount(s.allocated, s.currency)} applied${levels ? ` (${levels})` : ""}; `
      + `unapplied ${amount(s.unapplied, s.currency)}${s.paidOut > 0 ? ` (and ${amount(s.paidOut, s.currency)} paid out, matched to nothing)` : ""}; ${review}; ${s.heldInvoices} invoice${s.heldInvoices === 1 ? "" : "s"} held.`;
  });
  const footer = [`As of ${view.asOf}. Rules: ${RULES}.`];
  if (view.review.length > 0) {
    footer.push("Decide with: dunning match --review > review.csv, fill in the decision column, and name it in data.decisions — or copy its decided rows into the decisions file you have (never redirect onto that file: the shell empties it first).");
  }
  return parts.join("\n") + "\n" + lines.join("\n") + "\n" + footer.join("\n") + "\n";
}
