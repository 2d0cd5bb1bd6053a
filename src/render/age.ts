// The aged balance as a table for people, CSV for spreadsheets and the JSON contract for tools
// (schema_version 1: amounts as decimal strings in major units). Pure.

import type { ChalkInstance } from "chalk";
import type { AgingReport, CustomerAging, CurrencyTotal } from "../core/aging.js";
import type { CustomerSegment } from "../core/segments.js";
import { formatMinor } from "../core/money.js";
import { formatAmount } from "./amounts.js";
import { renderCsv } from "./csv.js";
import { makeTable, tableText } from "./table.js";

function bucketObject(names: readonly string[], values: readonly number[], currency: string): Record<string, string> {
  return Object.fromEntries(names.map((n, i) => [n, formatMinor(values[i] as number, currency)]));
}

/** The contract read by tooling outside the repo: keep these names. */
export function renderAgeJson(report: AgingReport, segments?: ReadonlyMap<string, CustomerSegment>): string {
  const doc = {
    schema_version: 1,
    as_of: report.asOf,
    basis: report.basis,
    buckets: report.buckets,
    customers: report.customers.map((c) => ({
      id: c.customer,
      name: c.name,
      currency: c.currency,
      buckets: bucketObject(report.buckets, c.buckets, c.currency),
      total: formatMinor(c.total, c.currency),
      overdue: formatMinor(c.overdue, c.currency),
      open_invoices: c.openInvoices,
      unapplied: formatMinor(c.unapplied, c.currency),
      net: formatMinor(c.total - c.unapplied, c.currency),
      ...(segments ? segmentJson(segments.get(c.customer)) : {}),
    })),
    totals: report.totals.map((t) => ({
      currency: t.currency,
      buckets: bucketObject(report.buckets, t.buckets, t.currency),
      total: formatMinor(t.total, t.currency),
      unapplied: formatMinor(t.unapplied, t.currency),
    })),
    unidentified: report.unidentified.map((u) => ({ currency: u.currency, amount: formatMinor(u.amount, u.currency), payments: u.payments })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

function segmentJson(s: CustomerSegment | undefined): Record<string, unknown> {
  if (!s) return { segment: "new" };
  return { segment: s.segment, paid_invoices: s.paidInvoices, avg_days_late: s.avgDaysLate, share_paid_late: Math.round(s.shareLate * 100) / 100 };
}

export function renderAgeCsv(report: AgingReport, segments?: ReadonlyMap<string, CustomerSegment>): string {
  const header = ["customer_id", "customer_name", "currency", ...report.buckets, "total", "open_invoices", "unapplied", ...(segments ? ["segment"] : [])];
  const rows = report.customers.map((c) => [
    c.customer, c.name, c.currency, ...c.buckets.map((v) => formatMinor(v, c.currency)),
    formatMinor(c.total, c.currency), String(c.openInvoices), formatMinor(c.unapplied, c.currency),
    ...(segments ? [segments.get(c.customer)?.segment ?? "new"] : []),
  ]);
  return renderCsv(header, rows);
}

export interface TableStyle {
  readonly chalk: ChalkInstance;
  readonly locale: string;
}

/** Colour for a bucket: nothing when not yet due, yellow in the first overdue bucket, red after. */
function paint(chalk: ChalkInstance, report: AgingReport, bucket: number, text: string, amount: number): string {
  if (amount === 0 || report.basis !== "due_date" || bucket === 0) return text;
  return bucket === 1 ? chalk.yellow(text) : chalk.red(text);
}

function amountCells(report: AgingReport, values: readonly number[], currency: string, style: TableStyle): string[] {
  return values.map((v, i) => paint(style.chalk, report, i, v === 0 ? "" : formatAmount(v, currency, style.locale), v));
}

export function renderAgeTable(report: AgingReport, style: TableStyle, segments?: ReadonlyMap<string, CustomerSegment>): string {
  if (report.customers.length === 0) return `Nothing open as of ${report.asOf}.\n${unidentifiedLines(report, style)}`;
  const head = ["Customer", "Name", "Cur", ...report.buckets, "Total", "Inv", "Unapplied", ...(segments ? ["Segment"] : [])];
  const table = makeTable(head, style.chalk, (i) => i >= 3 && head[i] !== "Segment");
  for (const c of report.customers) table.push([...customerRow(report, c, style), ...(segments ? [segments.get(c.customer)?.segment ?? "new"] : [])]);
  for (const t of report.totals) table.push([...totalRow(report, t, style), ...(segments ? [""] : [])]);
  return tableText(table) + unidentifiedLines(report, style) + `\nAs of ${report.asOf}; ages by ${report.basis === "due_date" ? "days past due" : "days since issue"}.\n`;
}

/** Money no customer row holds, which may have paid an invoice above: said under the table. */
function unidentifiedLines(report: AgingReport, style: TableStyle): string {
  return report.unidentified.map((u) => `\nAlso received from payers not identified: ${formatAmount(u.amount, u.currency, style.locale)} ${u.currency} (${u.payments} payment${u.payments === 1 ? "" : "s"}); if it paid an invoice above, dunning match --review shows what to decide.`).join("") + (report.unidentified.length > 0 ? "\n" : "");
}

function customerRow(report: AgingReport, c: CustomerAging, style: TableStyle): string[] {
  return [c.customer, c.name, c.currency, ...amountCells(report, c.buckets, c.currency, style),
    formatAmount(c.total, c.currency, style.locale), String(c.openInvoices),
    c.unapplied === 0 ? "" : formatAmount(c.unapplied, c.currency, style.locale)];
}

function totalRow(report: AgingReport, t: CurrencyTotal, style: TableStyle): string[] {
  const b = style.chalk.bold;
  return [b("TOTAL"), "", t.currency, ...amountCells(report, t.buckets, t.currency, style).map((s) => b(s)),
    b(formatAmount(t.total, t.currency, style.locale)), "",
    t.unapplied === 0 ? "" : b(formatAmount(t.unapplied, t.currency, style.locale))];
}
