// Turning decoded CSV tables into invoices and payments: header mapping, the decimal mark of each
// amount column and the day/month order of the file decided from all values, then row-by-row
// validation that collects every problem instead of stopping at the first. Pure.

import { addDays, decideDateOrder, parseDate, type DayMonthOrder, type PlainDate } from "./dates.js";
import {
  INVOICE_ALIASES, PAYMENT_ALIASES, mapHeader, type ColumnMap, type InvoiceField, type PaymentField,
} from "./headers.js";
import type { DocumentType, Invoice, Payment, Table } from "./model.js";
import { currencyExponent, decideDecimalMark, normalizeCurrency, parseAmount, type DecimalMark } from "./money.js";
import { problem, type Problem } from "./problem.js";

export interface ReadOptions {
  /** Currency of rows without a currency column or value (config `company.currency`). */
  readonly defaultCurrency: string;
  /** Days added to the issue date when a due date is missing (config `payment_terms_days`). */
  readonly paymentTermsDays: number;
  /** Forced day/month order (config `date_format`); decided from the values when absent. */
  readonly dateOrder?: DayMonthOrder | undefined;
  /** Order assumed when every date of a file reads both ways. */
  readonly fallbackDateOrder: DayMonthOrder;
  /** Config `columns.invoices` / `columns.payments`: canonical field → header. */
  readonly columns?: Readonly<Record<string, string>> | undefined;
  /** Stop listing errors after this many per file. */
  readonly maxErrors?: number | undefined;
}

export interface ReadResult<T> {
  readonly records: T[];
  readonly problems: Problem[];
}

const DEFAULT_MAX_ERRORS = 50;

/** Collects problems for one file, capping errors so a wrong file does not flood the terminal. */
class ProblemSink {
  readonly problems: Problem[] = [];
  private errors = 0;
  private dropped = 0;
  constructor(private readonly file: string, private readonly max: number) {}
  error(code: string, message: string, line: number, column: number | undefined, hint: string): void {
    if (this.errors++ >= this.max) {
      this.dropped++;
      return;
    }
    this.problems.push(problem("error", code, message, { file: this.file, line, column, hint }));
  }
  warn(code: string, message: string, line: number | undefined, hint?: string): void {
    this.problems.push(problem("warning", code, message, { file: this.file, line, hint }));
  }
  finish(): Problem[] {
    if (this.dropped > 0) {
      this.problems.push(problem("error", "too_many_errors", `${this.dropped} more errors not shown`, {
        file: this.file, hint: "fix the ones above first; they are often the same mistake",
      }));
    }
    return this.problems;
  }
}

/** Reads cells of one column; absent columns read as "". */
function cell(row: readonly string[], index: number | undefined): string {
  return index === undefined ? "" : (row[index] ?? "").trim();
}

function columnValues(table: Table, index: number | undefined): string[] {
  if (index === undefined) return [];
  return table.rows.map((r) => (r[index] ?? "").trim()).filter((v) => v !== "");
}

/** Decides the decimal mark of an amount column and reports values that contradict it. */
function decideMark(table: Table, index: number | undefined, sink: ProblemSink, field: string): DecimalMark {
  if (index === undefined) return ".";
  const rows: number[] = [];
  const values: string[] = [];
  table.rows.forEach((r, i) => {
    const v = (r[index] ?? "").trim();
    if (v !== "") {
      rows.push(i);
      values.push(v);
    }
  });
  const { mark, conflicts } = decideDecimalMark(values);
  for (const c of conflicts) {
    const row = rows[c] as number;
    sink.error("mixed_decimal_mark",
      `${field} "${values[c]}" uses "${mark === "," ? "." : ","}" as decimal mark but the rest of the column uses "${mark}"`,
      table.lines[row] as number, index + 1, "use one decimal mark in the whole column");
  }
  return mark;
}

function decideOrder(table: Table, indexes: (number | undefined)[], options: ReadOptions, sink: ProblemSink): DayMonthOrder {
  if (options.dateOrder) return options.dateOrder;
  const values = indexes.flatMap((i) => columnValues(table, i));
  const decided = decideDateOrder(values, options.fallbackDateOrder);
  const name = decided.order === "dmy" ? "dd/mm/yyyy" : "mm/dd/yyyy";
  if (decided.conflict) {
    sink.warn("mixed_date_order", `dates read both as dd/mm and as mm/dd; assumed ${name}`, undefined,
      "set date_format in dunning.yaml");
  } else if (decided.ambiguous) {
    sink.warn("ambiguous_dates", `every date could be dd/mm/yyyy or mm/dd/yyyy; assumed ${name}`, undefined,
      `if that is wrong, set date_format: ${decided.order === "dmy" ? "mm/dd/yyyy" : "dd/mm/yyyy"} in dunning.yaml`);
  }
  return decided.order;
}

const DATE_HINT = "write dates as 2026-10-15, 15/10/2026 or 15.10.2026";

function amountHint(mark: DecimalMark): string {
  return mark === "," ? "write amounts like 1 234,56 or -12,00" : "write amounts like 1234.56 or -12.00";
}

/** Resolves the currency of a row, reporting an unreadable code. */
function rowCurrency(row: readonly string[], index: number | undefined, options: ReadOptions, line: number, sink: ProblemSink): string | undefined {
  const raw = cell(row, index);
  if (raw === "") return options.defaultCurrency;
  const code = normalizeCurrency(raw);
  if (!code) sink.error("bad_currency", `currency "${raw}" is not an ISO 4217 code`, line, (index as number) + 1, "write a three-letter code such as EUR, USD or GBP");
  return code;
}

function readAmount(raw: string, mark: DecimalMark, currency: string, what: string, line: number, index: number, sink: ProblemSink): number | undefined {
  const r = parseAmount(raw, mark, currencyExponent(currency));
  if (r.ok) return r.minor;
  const message = r.reason === "too_many_decimals"
    ? `${what} "${raw}" has more decimals than ${currency} allows (${currencyExponent(currency)})`
    : r.reason === "too_large" ? `${what} "${raw}" is too large` : `${what} "${raw}" is not a number`;
  sink.error("bad_amount", message, line, index + 1, amountHint(mark));
  return undefined;
}

function requireColumns<F extends string>(columns: ColumnMap<F>, groups: readonly (readonly F[])[], header: readonly string[], kind: string, sink: ProblemSink): boolean {
  let ok = true;
  for (const group of groups) {
    if (group.some((f) => columns[f] !== undefined)) continue;
    ok = false;
    sink.error("missing_column", `no ${group.join(" or ")} column in the ${kind} file (header: ${header.join(", ")})`, 1, undefined,
      `name a column ${group[0]} or map yours in dunning.yaml under columns.${kind}`);
  }
  return ok;
}

const SKIPPED_STATUSES = /^(void|voided|cancel+ed|annulee?|draft|brouillon|deleted|supprimee?)$/;
const PAID_STATUSES = /^(paid|payee?|reglee?|soldee?|closed)$/;
const CREDIT_TYPES = /credit|avoir|^sc$|^cn$|refund/;

function documentType(raw: string, amount: number): DocumentType {
  return amount < 0 || CREDIT_TYPES.test(raw.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase())
    ? "credit_note" : "invoice";
}

/** Terms as exports write them: `30`, `Net 30`, `30 jours`, `45 days`. */
function termsDays(raw: string): number | undefined {
  const m = /(\d{1,3})/.exec(raw);
  return m ? Number(m[1]) : undefined;
}

/** Reads invoices.csv. Voided and draft documents are dropped; duplicates must be identical. */
export function toInvoices(table: Table, options: ReadOptions): ReadResult<Invoice> {
  const sink = new ProblemSink(table.file, options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const mapped = mapHeader<InvoiceField>(table.header, INVOICE_ALIASES, options.columns ?? {}, table.file);
  sink.problems.push(...mapped.problems);
  const c = mapped.columns;
  const ok = requireColumns(c, [["invoice"], ["customer", "customer_name"], ["amount", "open"], ["issue_date", "due_date"]], table.header, "invoices", sink);
  if (!ok || mapped.problems.length > 0) return { records: [], problems: sink.finish() };

  const order = decideOrder(table, [c.issue_date, c.due_date], options, sink);
  const amountMark = decideMark(table, c.amount, sink, "amount");
  const paidMark = decideMark(table, c.paid, sink, "paid");
  const openMark = decideMark(table, c.open, sink, "open amount");
  const records: Invoice[] = [];
  const seen = new Map<string, Invoice>();
  let derivedDue = 0;
  let firstDerivedLine: number | undefined;

  table.rows.forEach((row, i) => {
    const line = table.lines[i] as number;
    const number = cell(row, c.invoice);
    if (number === "") {
      sink.error("missing_value", "invoice number is empty", line, (c.invoice as number) + 1, "every row needs an invoice number");
      return;
    }
    const status = cell(row, c.status).toLowerCase();
    const statusKey = status.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    if (SKIPPED_STATUSES.test(statusKey)) return;
    const customer = cell(row, c.customer) || cell(row, c.customer_name);
    if (customer === "") {
      sink.error("missing_value", `invoice ${number} has no customer`, line, ((c.customer ?? c.customer_name) as number) + 1, "fill in the customer code or name");
    }
    const currency = rowCurrency(row, c.currency, options, line, sink);
    const dates = readDates(row, c, order, line, sink);
    // Amounts are checked even when the currency or a date is wrong, so every problem of the
    // row is reported at once.
    const amounts = readInvoiceAmounts(row, c, { amount: amountMark, paid: paidMark, open: openMark }, currency ?? options.defaultCurrency, line, sink);
    if (currency === undefined || dates === undefined || amounts === undefined || customer === "") return;
    let issueDate = dates.issue;
    let dueDate = dates.due;
    if (dueDate === undefined) {
      const days = termsDays(cell(row, c.terms)) ?? options.paymentTermsDays;
      dueDate = addDays(issueDate as PlainDate, days);
      derivedDue++;
      firstDerivedLine ??= line;
    }
    issueDate ??= dueDate;
    const type = documentType(cell(row, c.type), amounts.amount);
    const sign = type === "credit_note" ? -1 : 1;
    const amount = sign * Math.abs(amounts.amount);
    let paid = sign * Math.abs(amounts.paid ?? (amounts.open !== undefined ? Math.abs(amounts.amount) - Math.abs(amounts.open) : 0));
    if (amounts.paid === undefined && amounts.open === undefined && PAID_STATUSES.test(statusKey)) paid = amount;
    const invoice: Invoice = {
      number, customer, customerName: cell(row, c.customer_name) || customer, email: cell(row, c.email),
      issueDate, dueDate, amount, paid, currency, type, status, appliesTo: cell(row, c.applies_to),
      language: cell(row, c.language).toLowerCase(), customerType: cell(row, c.customer_type).toLowerCase(),
      file: table.file, line,
    };
    const previous = seen.get(number);
    if (previous) {
      if (!sameInvoice(previous, invoice)) {
        sink.error("duplicate_invoice", `invoice ${number} appears again with different data (first on line ${previous.line})`, line,
          (c.invoice as number) + 1, "keep one row per invoice, or export invoices rather than invoice lines");
      }
      return;
    }
    seen.set(number, invoice);
    records.push(invoice);
  });
  if (derivedDue > 0) {
    sink.warn("missing_due_date", `${derivedDue} invoice(s) have no due date; used the issue date + ${options.paymentTermsDays} days (or their terms column)`,
      firstDerivedLine, "add a due date column or set payment_terms_days in dunning.yaml");
  }
  return { records, problems: sink.finish() };
}

function readDates(row: readonly string[], c: ColumnMap<InvoiceField>, order: DayMonthOrder, line: number, sink: ProblemSink): { issue?: PlainDate; due?: PlainDate } | undefined {
  const out: { issue?: PlainDate; due?: PlainDate } = {};
  let ok = true;
  for (const [key, field, label] of [["issue", "issue_date", "issue date"], ["due", "due_date", "due date"]] as const) {
    const raw = cell(row, c[field]);
    if (raw === "") continue;
    const date = parseDate(raw, order);
    if (date === undefined) {
      ok = false;
      sink.error("bad_date", `${label} "${raw}" is not a date`, line, (c[field] as number) + 1, DATE_HINT);
    } else out[key] = date;
  }
  if (ok && out.issue === undefined && out.due === undefined) {
    sink.error("missing_value", "the row has neither an issue date nor a due date", line, ((c.issue_date ?? c.due_date) as number) + 1, DATE_HINT);
    return undefined;
  }
  return ok ? out : undefined;
}

function readInvoiceAmounts(
  row: readonly string[], c: ColumnMap<InvoiceField>, marks: Record<"amount" | "paid" | "open", DecimalMark>,
  currency: string, line: number, sink: ProblemSink,
): { amount: number; paid?: number; open?: number } | undefined {
  const out: { amount?: number; paid?: number; open?: number } = {};
  let ok = true;
  for (const [field, label] of [["amount", "amount"], ["paid", "paid amount"], ["open", "open amount"]] as const) {
    const raw = cell(row, c[field]);
    if (raw === "") continue;
    const v = readAmount(raw, marks[field], currency, label, line, c[field] as number, sink);
    if (v === undefined) ok = false;
    else out[field] = v;
  }
  if (!ok) return undefined;
  const amount = out.amount ?? out.open;
  if (amount === undefined) {
    sink.error("missing_value", "amount is empty", line, ((c.amount ?? c.open) as number) + 1, "every invoice needs its total including tax");
    return undefined;
  }
  return { ...out, amount };
}

function sameInvoice(a: Invoice, b: Invoice): boolean {
  return a.customer === b.customer && a.amount === b.amount && a.paid === b.paid && a.currency === b.currency
    && a.issueDate === b.issueDate && a.dueDate === b.dueDate && a.type === b.type;
}

/** Reads payments.csv. Positive amounts are money received; `credit`/`debit` pairs are netted. */
export function toPayments(table: Table, options: ReadOptions): ReadResult<Payment> {
  const sink = new ProblemSink(table.file, options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const mapped = mapHeader<PaymentField>(table.header, PAYMENT_ALIASES, options.columns ?? {}, table.file);
  sink.problems.push(...mapped.problems);
  const c = mapped.columns;
  const ok = requireColumns(c, [["date"], ["amount", "credit"]], table.header, "payments", sink);
  if (!ok || mapped.problems.length > 0) return { records: [], problems: sink.finish() };

  const order = decideOrder(table, [c.date], options, sink);
  const marks = {
    amount: decideMark(table, c.amount, sink, "amount"),
    credit: decideMark(table, c.credit, sink, "credit"),
    debit: decideMark(table, c.debit, sink, "debit"),
  };
  const records: Payment[] = [];
  const seen = new Map<string, Payment>();
  const baseName = table.file.split(/[\\/]/).pop() ?? table.file;
  table.rows.forEach((row, i) => {
    const line = table.lines[i] as number;
    const rawDate = cell(row, c.date);
    const date = parseDate(rawDate, order);
    if (date === undefined) {
      sink.error("bad_date", rawDate === "" ? "payment date is empty" : `payment date "${rawDate}" is not a date`, line, (c.date as number) + 1, DATE_HINT);
    }
    const currency = rowCurrency(row, c.currency, options, line, sink);
    if (currency === undefined) return;
    let amount: number | undefined = 0;
    for (const [field, sign] of [["amount", 1], ["credit", 1], ["debit", -1]] as const) {
      const raw = cell(row, c[field]);
      if (raw === "" || amount === undefined) continue;
      const v = readAmount(raw, marks[field], currency, field, line, c[field] as number, sink);
      amount = v === undefined ? undefined : amount + sign * (field === "debit" ? Math.abs(v) : v);
    }
    if (date === undefined || amount === undefined) return;
    if (amount === 0 && cell(row, c.amount) === "" && cell(row, c.credit) === "" && cell(row, c.debit) === "") {
      sink.error("missing_value", "payment amount is empty", line, ((c.amount ?? c.credit) as number) + 1, "every payment needs its amount");
      return;
    }
    const payment: Payment = {
      id: cell(row, c.id) || `${baseName}:${line}`, date, customer: cell(row, c.customer),
      payerName: cell(row, c.payer_name), amount, currency, reference: cell(row, c.reference),
      invoices: cell(row, c.invoice).split(/[,;|\s]+/).filter((s) => s !== ""), file: table.file, line,
    };
    const previous = seen.get(payment.id);
    if (previous) {
      if (previous.amount !== payment.amount || previous.date !== payment.date || previous.currency !== payment.currency) {
        sink.error("duplicate_payment", `payment id ${payment.id} appears again with different data (first on line ${previous.line})`, line,
          (c.id as number) + 1, "payment ids must be unique; remove the id column to number payments by line");
      } else {
        sink.warn("duplicate_payment", `payment ${payment.id} appears twice with the same data (first on line ${previous.line}); counted once`, line);
      }
      return;
    }
    seen.set(payment.id, payment);
    records.push(payment);
  });
  return { records, problems: sink.finish() };
}
