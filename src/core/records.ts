// Decoded CSV tables → invoices and payments: header mapping, each amount column's decimal mark
// and the file's day/month order decided from all values, row checks that collect every problem.
// Pure; exported step by step (votes, reading, slices, assembly) so io can convert in slices.

import { addDays, decideDateOrder, orderKeepingDue, orderName, otherOrder, parseDate, type DayMonthOrder, type PlainDate } from "./dates.js";
import {
  INVOICE_ALIASES, PAYMENT_ALIASES, looksLikeFec, mapHeader, moreLabelColumns, normalizeHeader, type ColumnMap, type InvoiceField, type PaymentField,
} from "./headers.js";
import { cell, codeCell, isKeptMeaning, statusKeyOf, type DocumentType, type Invoice, type Mutable, type OwnStatus, type Payment, type Table } from "./model.js";
import {
  amountFailure, compactMinor, currencyExponent, decideDecimalMark, decimalMarkEvidence, markConflict, markedOtherThan, normalizeCurrency, parseAmount, type DecimalMark,
} from "./money.js";
import { DEFAULT_MAX_ERRORS, problem, ProblemSink, type Problem } from "./problem.js";
import { statusHolds } from "./holds.js";
import { isBalanceLabel, isCustomerTotal, isHeaderAgain, isReportLine, isTotalLabel, recordColumns, REPORT_LINE, type RecordColumns } from "./report-lines.js";
import { dueFromTerms, type EndOfMonthTerms } from "./terms.js";
import { stripAccents } from "./text.js";

export interface ReadOptions {
  /** Currency of rows without a currency column or value (config `company.currency`). */
  readonly defaultCurrency: string;
  /** Days added to the issue date when a due date is missing (config `payment_terms_days`). */
  readonly paymentTermsDays: number;
  /** How end-of-month terms count (config `end_of_month_terms`); days, then the month's end, by default. */
  readonly endOfMonthTerms?: EndOfMonthTerms | undefined;
  /** Forced day/month order (config `date_format`); decided from the values when absent. */
  readonly dateOrder?: DayMonthOrder | undefined;
  /** Forced decimal mark of every amount column (config `csv.decimal_mark`); else decided per column. */
  readonly decimalMark?: DecimalMark | undefined;
  /** Order assumed when every date of a file reads both ways. */
  readonly fallbackDateOrder: DayMonthOrder;
  /** Payment terms per customer code (the customers file), for rows with neither a due date nor terms. */
  readonly customerTerms?: ReadonlyMap<string, string> | undefined;
  /** Config `columns.invoices` / `columns.payments`: canonical field → header. */
  readonly columns?: Readonly<Record<string, string>> | undefined;
  /** Stop listing errors after this many per file. */
  readonly maxErrors?: number | undefined;
  /**
   * The business's own status words (config `statuses.invoices` / `statuses.payments`), by their
   * statusKeyOf: what each means, over the built-in vocabulary.
   */
  readonly statuses?: Readonly<Record<string, OwnStatus>> | undefined;
  /** The run's as-of date: an issue date guessed from a due date is never after it. */
  readonly asOf?: PlainDate | undefined;
}

export interface ReadResult<T> {
  readonly records: T[];
  readonly problems: Problem[];
  /** How the file's day/month order was settled, when it has day-month dates (see across-exports.ts). */
  readonly dateOrder?: DateOrderFound | undefined;
  /** The file has no currency column: every record has ReadOptions.defaultCurrency. */
  readonly noCurrencyColumn?: boolean | undefined;
  /** Which column each field was read from (field, header as written), for `dunning check`. */
  readonly columns?: readonly ColumnRead[] | undefined;
}

/** A field and the header of the column it was read from. */
export interface ColumnRead {
  readonly field: string;
  readonly header: string;
}

/** A file's day/month order and what settled it: date_format, its own values, the locale's
 * default because every value reads both ways (`assumed`), or nothing (no day-month date). */
export interface DateOrderFound {
  readonly order: DayMonthOrder;
  readonly basis: "config" | "values" | "assumed" | "none";
}

/** An invoice's terms that gave no date, where they are (for one warning naming the first). */
export interface UnreadTerms {
  readonly line: number;
  readonly terms: string;
}

/** Which export a table is; every step below is told. */
export type RecordKind = "invoices" | "payments";

type Field = InvoiceField | PaymentField;
type Columns = ColumnMap<Field>;


/** Amount columns whose decimal mark is decided, in the order their conflicts are reported. */
const MARK_FIELDS = {
  invoices: [["amount", "amount"], ["paid", "paid"], ["open", "open amount"]],
  payments: [["amount", "amount"], ["credit", "credit"], ["debit", "debit"], ["refunded", "refunded amount"]],
} as const satisfies Record<RecordKind, readonly (readonly [Field, string])[]>;
const DATE_FIELDS = { invoices: ["issue_date", "due_date"], payments: ["date"] } as const satisfies Record<RecordKind, readonly Field[]>;

const maxErrorsOf = (options: ReadOptions): number => options.maxErrors ?? DEFAULT_MAX_ERRORS;

// ---------------------------------------------------------------------------------------------
// Step 1: the header.

/** The columns of a file, and what is wrong with its header. */
export interface Layout {
  /** The header row as written, whose positions `columns` gives. */
  readonly header: readonly string[];
  readonly columns: Readonly<Columns>;
  /** Header mapping problems (not counted against the error cap, as they come first and few). */
  readonly mapping: readonly Problem[];
  /** Required fields without a column. */
  readonly missing: readonly Problem[];
}

const REQUIRED = {
  invoices: [["invoice"], ["customer", "customer_name"], ["amount", "open"], ["issue_date", "due_date"]],
  payments: [["date"], ["amount", "credit"]],
} as const satisfies Record<RecordKind, readonly (readonly Field[])[]>;

export function layoutOf(kind: RecordKind, header: readonly string[], options: ReadOptions, file: string, line = 1): Layout {
  const mapped = kind === "invoices"
    ? mapHeader<InvoiceField>(header, INVOICE_ALIASES, options.columns ?? {}, file)
    : mapHeader<PaymentField>(header, PAYMENT_ALIASES, options.columns ?? {}, file);
  const columns = mapped.columns as Columns;
  const missing: Problem[] = [];
  if (looksLikeFec(header) && REQUIRED[kind].some((group) => group.every((f) => columns[f] === undefined))) {
    missing.push(problem("error", "fec_given_as_csv", `this is a French general-ledger export (FEC), not ${kind === "invoices" ? "an invoices" : "a payments"} export`, {
      file, line: 1, hint: "read it with --fec FILE (or data.fec in dunning.yaml): the invoices and the payments both come from it",
    }));
    return { header, columns, mapping: mapped.problems, missing };
  }
  // Every column the other kind needs, where this kind's are missing: the files were given the
  // wrong way round. An invoices header given as payments has an amount of its own, but never the
  // payment's date (its dates are issue and due dates); a payments header given as invoices has
  // none of an invoice's own columns.
  const other: RecordKind = kind === "invoices" ? "payments" : "invoices";
  const own = kind === "invoices" ? [columns.invoice, columns.due_date, columns.customer, columns.customer_name] : [columns.date];
  const swapped = own.every((c) => c === undefined) && fitsKind(other, header);
  // A line holding a date is values, not names: the file has no header line to map.
  const values = header.find((h) => parseDate(h.trim(), "dmy") !== undefined);
  for (const group of REQUIRED[kind] as readonly (readonly Field[])[]) {
    if (group.some((f) => columns[f] !== undefined)) continue;
    missing.push(problem("error", "missing_column", `no ${group.join(" or ")} column in the ${kind} file (header${line === 1 ? "" : ` on line ${line}`}: ${header.join(", ")})`, {
      file, line, hint: swapped ? `this header is ${other === "invoices" ? "an invoices" : "a payments"} export's: are --invoices and --payments (data.invoices, data.payments) swapped?`
        : values !== undefined ? `no line names the file's columns (this one holds values, such as ${values}): add a line naming them above the first record (${kind === "payments" ? "date, label, amount…" : "invoice, customer, issue_date, due_date, amount…"}), or export the file with its column headers`
          : `name a column ${group[0]} or map yours in dunning.yaml under columns.${kind}`,
    }));
  }
  return { header, columns, mapping: mapped.problems, missing };
}

/** Does this header name every column a `kind` export needs, by its own names? */
function fitsKind(kind: RecordKind, header: readonly string[]): boolean {
  const columns = (kind === "invoices" ? mapHeader<InvoiceField>(header, INVOICE_ALIASES, {}, "") : mapHeader<PaymentField>(header, PAYMENT_ALIASES, {}, "")).columns as Columns;
  return REQUIRED[kind].every((group) => group.some((f) => columns[f] !== undefined));
}

export const layoutOk = (layout: Layout): boolean => layout.mapping.length === 0 && layout.missing.length === 0;

/** Column positions a conversion reads, so a reader can drop the others early. */
export function usedColumns(layout: Layout): number[] {
  return [...new Set(Object.values(layout.columns) as number[])].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Step 2: what the values say about how to read them, mergeable across slices of a file.

/** What one amount column's values prove about its decimal mark (see decideDecimalMark). */
export interface MarkVotes {
  readonly dots: number;
  readonly commas: number;
  /** Only meaningful when no value proves a mark: some value reads as a thousands dot. */
  readonly dotThousands: boolean;
  /**
   * Values with one separator and three digits after it (`12.500`, `12,500`), proving nothing:
   * in rows of a three-decimal currency (KWD, BHD, TND…), by separator, and in all other rows.
   * A column where only three-decimal rows are ambiguous reads that separator as decimal.
   */
  readonly threeDot: number;
  readonly threeComma: number;
  readonly otherAmbiguous: number;
}

export interface Votes {
  /**
   * Distinct date values. decideDateOrder depends only on which values occur, not how often,
   * so the distinct values of every slice decide exactly as all values would.
   */
  readonly dates: readonly string[];
  /** Per amount column, in MARK_FIELDS order. */
  readonly marks: readonly MarkVotes[];
  /** Invoices whose issue and due dates read both ways and stay in order one way only (orderKeepingDue), per order. */
  readonly inOrder: { readonly dmy: number; readonly mdy: number };
}

function markVotes(rows: readonly (readonly string[])[], index: number | undefined, exponentOf: (row: readonly string[]) => number): MarkVotes {
  if (index === undefined) return { dots: 0, commas: 0, dotThousands: false, threeDot: 0, threeComma: 0, otherAmbiguous: 0 };
  let dots = 0;
  let commas = 0;
  let threeDot = 0;
  let threeComma = 0;
  let otherAmbiguous = 0;
  let values = 0;
  // Index loops: these run once per piece, often before the optimiser sees them, and an
  // unoptimised for-of makes an iterator result per row.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly string[];
    const v = cell(row, index);
    if (v === "") continue;
    values++;
    const e = decimalMarkEvidence(v);
    if (e === ".") dots++;
    else if (e === ",") commas++;
    else if (LONE_THREE.test(v)) {
      if (exponentOf(row) !== 3) otherAmbiguous++;
      else if (v.includes(".")) threeDot++;
      else threeComma++;
    }
  }
  // With no proof either way decideDecimalMark looks for thousands dots; ask it, on these values
  // (gathered again only then: most columns prove their mark).
  const dotThousands = dots === 0 && commas === 0 && values > 0 && decideDecimalMark(cells(rows, index)).mark === ",";
  return { dots, commas, dotThousands, threeDot, threeComma, otherAmbiguous };
}

/** One separator followed by exactly three digits, signs and currency symbols aside. */
const LONE_THREE = /^[^\d.,]*\d+[.,]\d{3}[^\d.,]*$/;

/** The non-empty cells of a column. */
function cells(rows: readonly (readonly string[])[], index: number): string[] {
  const values: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = cell(rows[i] as readonly string[], index);
    if (v !== "") values.push(v);
  }
  return values;
}

export function votesOf(kind: RecordKind, rows: readonly (readonly string[])[], columns: Readonly<Columns>, defaultCurrency = "EUR"): Votes {
  const dates = new Set<string>();
  for (const field of DATE_FIELDS[kind]) {
    const index = columns[field];
    if (index === undefined) continue;
    for (let i = 0; i < rows.length; i++) {
      const v = cell(rows[i] as readonly string[], index);
      if (v !== "") dates.add(v);
    }
  }
  const currencyIndex = columns.currency;
  const exponentOf = (row: readonly string[]): number => {
    const raw = cell(row, currencyIndex);
    return currencyExponent(raw === "" ? defaultCurrency : normalizeCurrency(raw) ?? defaultCurrency);
  };
  return { dates: [...dates], marks: MARK_FIELDS[kind].map(([field]) => markVotes(rows, columns[field], exponentOf)), inOrder: inOrderVotes(kind, rows, columns) };
}

/** Per order, the invoices only it keeps issued on or before their due date (see Votes.inOrder). */
function inOrderVotes(kind: RecordKind, rows: readonly (readonly string[])[], columns: Readonly<Columns>): Votes["inOrder"] {
  const issue = (columns as Partial<Record<InvoiceField, number>>).issue_date;
  const due = (columns as Partial<Record<InvoiceField, number>>).due_date;
  let dmy = 0;
  let mdy = 0;
  if (kind !== "invoices" || issue === undefined || due === undefined) return { dmy, mdy };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly string[];
    const order = orderKeepingDue(cell(row, issue), cell(row, due));
    if (order === "dmy") dmy++;
    else if (order === "mdy") mdy++;
  }
  return { dmy, mdy };
}

export function mergeVotes(a: Votes, b: Votes): Votes {
  const dates = new Set(a.dates);
  for (const d of b.dates) dates.add(d);
  return {
    dates: [...dates],
    inOrder: { dmy: a.inOrder.dmy + b.inOrder.dmy, mdy: a.inOrder.mdy + b.inOrder.mdy },
    marks: a.marks.map((m, i) => {
      const n = b.marks[i] as MarkVotes;
      return {
        dots: m.dots + n.dots, commas: m.commas + n.commas, dotThousands: m.dotThousands || n.dotThousands,
        threeDot: m.threeDot + n.threeDot, threeComma: m.threeComma + n.threeComma, otherAmbiguous: m.otherAmbiguous + n.otherAmbiguous,
      };
    }),
  };
}

/** The mark decideDecimalMark picks for values with these votes (its rule, on counts). */
function markOf(v: MarkVotes): DecimalMark {
  // KWD 12.500 is twelve and a half dinars: where only three-decimal rows are ambiguous, their
  // lone separator is the decimal mark.
  if (v.dots === 0 && v.commas === 0 && v.threeDot + v.threeComma > 0 && v.otherAmbiguous === 0) return v.threeComma > v.threeDot ? "," : ".";
  if (v.dots === 0 && v.commas === 0) return v.dotThousands ? "," : ".";
  return v.commas > v.dots ? "," : ".";
}

// ---------------------------------------------------------------------------------------------
// Step 3: how to read the file, decided from all its votes.

export interface Reading {
  readonly order: DayMonthOrder;
  /** Per amount column, in MARK_FIELDS order. */
  readonly marks: readonly DecimalMark[];
  /** The marks come from the configuration (`csv.decimal_mark`), not from the values. */
  readonly forcedMark?: boolean;
  /** Per amount column: whether some value contradicts the mark (then each one is reported). */
  readonly contested: readonly boolean[];
}

/**
 * The day/month order of a file: as forced by date_format, else decided from all its date values,
 * with a warning in `warnings` when the values left it open or contradict each other.
 */
export function dateOrderOf(
  dates: Iterable<string>, options: Pick<ReadOptions, "dateOrder" | "fallbackDateOrder">, file: string, warnings: Problem[],
): DayMonthOrder {
  return dateOrderFound(dates, options, file, warnings).order;
}

/** dateOrderOf, telling what settled the order. */
function dateOrderFound(
  dates: Iterable<string>, options: Pick<ReadOptions, "dateOrder" | "fallbackDateOrder">, file: string, warnings: Problem[],
  inOrder: Votes["inOrder"] = { dmy: 0, mdy: 0 },
): DateOrderFound {
  if (options.dateOrder) return { order: options.dateOrder, basis: "config" };
  const decided = decideDateOrder(dates, options.fallbackDateOrder);
  // No value decides: the order that keeps every invoice issued on or before its due date does.
  const other = otherOrder(decided.order);
  if (decided.ambiguous && inOrder[other] > 0 && inOrder[decided.order] === 0) {
    const n = inOrder[other];
    warnings.push(problem("warning", "ambiguous_dates", `every date could be dd/mm/yyyy or mm/dd/yyyy; read as ${orderName(other)}, the order that keeps every due date on or after its issue date (as ${orderName(decided.order)}, ${n} invoice${n === 1 ? " would be" : "s would be"} due before ${n === 1 ? "it was" : "they were"} issued)`, {
      file, hint: `if that is wrong, set date_format: ${orderName(decided.order)} in dunning.yaml`,
    }));
    // Read from the values (their pairs): a payments file whose dates cannot say follows it.
    return { order: other, basis: "values" };
  }
  const name = orderName(decided.order);
  if (decided.conflict) {
    warnings.push(problem("warning", "mixed_date_order", `dates read both as dd/mm and as mm/dd; assumed ${name}`, {
      file, hint: "set date_format in dunning.yaml",
    }));
  } else if (decided.ambiguous) {
    warnings.push(problem("warning", "ambiguous_dates", `every date could be dd/mm/yyyy or mm/dd/yyyy; assumed ${name}`, {
      file, hint: `if that is wrong, set date_format: ${orderName(otherOrder(decided.order))} in dunning.yaml`,
    }));
    return { order: decided.order, basis: "assumed" };
  }
  // No day-month date at all (ISO dates, or no rows): the order was neither proven nor needed.
  return { order: decided.order, basis: decided.proven ? "values" : "none" };
}

export function readingOf(kind: RecordKind, votes: Votes, options: ReadOptions, file: string): { reading: Reading; warnings: Problem[]; dateOrder: DateOrderFound } {
  const warnings: Problem[] = [];
  const dateOrder = dateOrderFound(votes.dates, options, file, warnings, votes.inOrder);
  const marks = votes.marks.map((v) => options.decimalMark ?? markOf(v));
  const contested = votes.marks.map((v, i) => (marks[i] === "," ? v.dots : v.commas) > 0);
  return { reading: { order: dateOrder.order, marks, contested, ...(options.decimalMark ? { forcedMark: true } : {}) }, warnings, dateOrder };
}

// ---------------------------------------------------------------------------------------------
// Step 4: converting rows, one slice of the file at a time.

/** What converting one slice of rows gives; slices are assembled in file order. */
export interface Slice<T> {
  readonly records: T[];
  /** Problems of the rows in row order; errors beyond the cap are only counted. */
  readonly problems: Problem[];
  readonly droppedErrors: number;
  /** Per amount column: values that contradict its decimal mark, same cap. */
  readonly conflicts: Problem[][];
  readonly droppedConflicts: number[];
  /** Invoices whose due date was derived from the issue date, and the first one's line. */
  readonly derivedDue: number;
  readonly firstDerivedLine: number | undefined;
  /** Of those, the ones whose terms said no date this tool reads (a payment method), and the first. */
  readonly unreadTerms: number;
  readonly firstUnreadTerms: UnreadTerms | undefined;
  /** keyHash of each record's invoice number or payment id, made where the records are. */
  readonly keyHashes: Int32Array;
  /** What is said of some rows in one warning per file (rowNoteWarnings): how many, the first's line. */
  readonly notes: readonly RowNote[];
}

/**
 * Rows read as they are but worth a word, counted per slice and said once per file: a status or
 * type value no rule knows (per value), an invoice due before its issue date, an empty open amount.
 */
export interface RowNote {
  readonly what: "status" | "type" | "due_before_issue" | "open_blank" | "debit_unsigned";
  /** The value, for status and type. */
  readonly value: string;
  readonly count: number;
  readonly line: number;
}

/** Notes counted per what and value, the first line kept (rows, then slices, come in file order). */
class RowNotes {
  private readonly seen = new Map<string, { what: RowNote["what"]; value: string; count: number; line: number }>();
  add(what: RowNote["what"], value: string, line: number, count = 1): void {
    const k = `${what}\u0000${value}`;
    const v = this.seen.get(k);
    if (v === undefined) this.seen.set(k, { what, value, count, line });
    else v.count += count;
  }
  list(): RowNote[] {
    return [...this.seen.values()];
  }
}

const UNKNOWN_MEANS: Readonly<Record<RecordKind, Readonly<Record<"status" | "type", string>>>> = {
  invoices: { status: "read as still owed (not paid, void nor disputed)", type: "read as invoices (not credit notes)" },
  payments: { status: "read as money received", type: "" },
};

/** One warning per kind of note, across the slices: unknown values named with their rows. */
function rowNoteWarnings(kind: RecordKind, slices: readonly Slice<unknown>[], header: readonly string[], columns: Readonly<Columns>, sink: ProblemSink): void {
  const merged = new RowNotes();
  for (const s of slices) for (const u of s.notes) merged.add(u.what, u.value, u.line, u.count);
  const notes = merged.list();
  const headerOf = (field: string): string => header[(columns as Record<string, number | undefined>)[field] ?? -1] ?? field;
  for (const what of ["status", "type", "due_before_issue", "open_blank", "debit_unsigned"] as const) {
    const values = notes.filter((u) => u.what === what).sort((a, b) => a.line - b.line);
    const first = values[0];
    if (first === undefined) continue;
    const rows = values.reduce((n, u) => n + u.count, 0);
    const s = rows === 1 ? "" : "s";
    if (what === "due_before_issue") {
      sink.warn("due_before_issue", `${rows} invoice${s} ${rows === 1 ? "is" : "are"} due before ${rows === 1 ? "its" : "their"} issue date: read as written, late from the due date`, first.line,
        "check the dates (a day and a month swapped, a year mistyped)");
      continue;
    }
    if (what === "debit_unsigned") {
      const column = header[directionColumn(header, columns)] ?? "direction";
      sink.warn("direction_unread", `${rows} row${s} ${rows === 1 ? "says" : "say"} debit in the "${column}" column, which dunning does not read, where the amount has no minus sign: read as money received`, first.line,
        "export debits as negative amounts, or as separate debit and credit columns (mapped with columns.payments.debit and .credit in dunning.yaml)");
      continue;
    }
    if (what === "open_blank") {
      sink.warn("open_blank", `${rows} invoice${s} ${rows === 1 ? "has" : "have"} an empty ${headerOf("open")}: read as owed in full`, first.line,
        "if the export leaves a zero balance empty, those invoices are paid: write 0 in it, or export the balance of every invoice");
      continue;
    }
    const shown = values.slice(0, 4).map((u) => `"${u.value}" (${u.count})`).join(", ") + (values.length > 4 ? ", …" : "");
    sink.warn(`unknown_${what}`, `${rows} row${rows === 1 ? " has" : "s have"} a ${headerOf(what)} this tool does not know: ${shown} — ${UNKNOWN_MEANS[kind][what]}`, first.line,
      what === "type" ? "if they are credit notes, give them negative amounts or write avoir / credit note in the column"
        : kind === "payments" ? "say what they mean under statuses.payments in dunning.yaml (received or failed), or leave rows of money that did not come in out of the export"
          : "say what they mean under statuses.invoices in dunning.yaml (open, paid, void, dispute or no_dunning), or leave paid and void invoices out of the export");
  }
}

/** FNV-1a over UTF-16 code units: cheap enough to compute on the thread that makes the records. */
export function keyHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Errors of one slice, capped like the file's so a slice never holds more than it can show. */
class SliceProblems {
  readonly problems: Problem[] = [];
  errors = 0;
  constructor(private readonly file: string, private readonly max: number) {}
  error(code: string, message: string, line: number, column: number | undefined, hint: string): void {
    if (this.errors++ < this.max) this.problems.push(problem("error", code, message, { file: this.file, line, column, hint }));
  }
  /** The header line again, skipped; said where it is (rare: one per export joined to another). */
  headerAgain(line: number): void {
    this.problems.push(problem("warning", "header_again", "the header line again, amid the records (two exports joined end to end?): skipped", {
      file: this.file, line, hint: "nothing to do if the files were joined on purpose",
    }));
  }
  /** A report's own line, skipped: assemble says how many, once (see isReportLine). */
  reportLine(line: number): void {
    this.problems.push(problem("warning", REPORT_LINE, "", { file: this.file, line }));
  }
  get dropped(): number {
    return Math.max(0, this.errors - this.max);
  }
}

/** Per-slice memo of pure functions of a cell: exports repeat dates, statuses and currencies. */
function memo<V>(fn: (raw: string) => V): (raw: string) => V {
  const cache = new Map<string, V>();
  return (raw) => {
    let v = cache.get(raw);
    if (v === undefined && !cache.has(raw)) {
      v = fn(raw);
      cache.set(raw, v);
    }
    return v as V;
  };
}

/**
 * One string per distinct value of a slice (memo of the identity): a customer's code, name and
 * e-mail repeat on every one of its rows, and a million-row export kept a copy of each per row.
 */
const intern = (): ((raw: string) => string) => memo((raw: string) => raw);

const DATE_HINT = "write dates as 2026-10-15, 15/10/2026 or 15.10.2026";

/**
 * A date value that does not read in the file's order: when it reads the other way round, the
 * file mixes the two orders (the other values decided), and the message says so.
 */
function badDate(sink: SliceProblems, label: string, raw: string, order: DayMonthOrder, line: number, column: number): void {
  const other = otherOrder(order);
  const otherWay = parseDate(raw, other);
  if (otherWay === undefined) {
    sink.error("bad_date", `${label} "${raw}" is not a date`, line, column, DATE_HINT);
    return;
  }
  sink.error("bad_date", `${label} "${raw}" is not a date as ${orderName(order)}, the order of this file's other dates; read as ${orderName(other)} it would be ${otherWay}`, line, column,
    `write this date as the others are written (or set date_format in dunning.yaml if the others are the wrong way round)`);
}

function amountHint(mark: DecimalMark): string {
  return mark === "," ? "write amounts like 1 234,56 or -12,00" : "write amounts like 1234.56 or -12.00";
}

function conflictsOf(kind: RecordKind, rows: readonly (readonly string[])[], lines: readonly number[], columns: Readonly<Columns>,
  reading: Reading, file: string, max: number): { conflicts: Problem[][]; dropped: number[] } {
  const conflicts: Problem[][] = [];
  const dropped: number[] = [];
  MARK_FIELDS[kind].forEach(([field, label], k) => {
    const index = columns[field];
    const sink = new SliceProblems(file, max);
    const mark = reading.marks[k] as DecimalMark;
    if (index !== undefined && reading.contested[k]) {
      rows.forEach((row, i) => {
        const v = cell(row, index);
        if (v === "") return;
        const e = decimalMarkEvidence(v);
        if (e === undefined || e === mark) return;
        if (reading.forcedMark) {
          sink.error("mixed_decimal_mark", markConflict(label, v, mark, `csv.decimal_mark is "${mark}"`), lines[i] as number, index + 1,
            "write the amount with that mark, or change csv.decimal_mark in dunning.yaml");
        } else sink.error("mixed_decimal_mark", markConflict(label, v, mark), lines[i] as number, index + 1, "use one decimal mark in the whole column");
      });
    }
    conflicts.push(sink.problems);
    dropped.push(sink.dropped);
  });
  return { conflicts, dropped };
}

/** Resolves the currency of a row, reporting an unreadable code. */
function rowCurrency(raw: string, index: number | undefined, normalize: (raw: string) => string | undefined,
  options: ReadOptions, line: number, sink: SliceProblems): string | undefined {
  if (raw === "") return options.defaultCurrency;
  const code = normalize(raw);
  if (!code) sink.error("bad_currency", `currency "${raw}" is not an ISO 4217 code`, line, (index as number) + 1, "write a three-letter code such as EUR, USD or GBP");
  return code;
}

/** `known`: the row's currency was read (a wrong code is its own error; the amount's mark is not checked then). */
function readAmount(raw: string, mark: DecimalMark, currency: string, what: string, line: number, index: number, sink: SliceProblems, known = true): number | undefined {
  const r = parseAmount(raw, mark, currencyExponent(currency));
  // `$4,250.00` in a row read as EUR (no currency column, company.currency left at EUR) would
  // be dunned in euros.
  const written = r.ok && known ? markedOtherThan(raw, currency) : undefined;
  if (written !== undefined) {
    sink.error("amount_currency", `${what} "${raw}" is written in ${written} but read as ${currency}`,
      line, index + 1, "give the row its currency in a currency column, or set company.currency in dunning.yaml (the currency of rows without one)");
    return undefined;
  }
  if (r.ok) return r.minor;
  sink.error("bad_amount", amountFailure(what, raw, r.reason, currency), line, index + 1, amountHint(mark));
  return undefined;
}

// Not sent yet (Xero's Submitted is awaiting its approval) or never to be paid.
const SKIPPED_STATUSES = /^(void|voided|cancel+ed|annulee?|abandonnee?|abandoned|draft|brouillon|deleted|supprimee?|storniert|entwurf|geloscht|submitted|awaiting approval|en attente de validation)$/;
// Odoo's "In Payment" / "En paiement": a payment is registered, awaiting the bank's reconciliation.
// Lettrée: matched with its payment in the ledger. With the words exports add (`Paid (bank
// transfer)`, `Réglée le 12/10/2026`, `Payée par chèque`, `Paid by card`).
const PAID_STATUSES = /^(paid|payee?|reglee?|soldee?|settled|lettree?|closed|paid in full|fully paid|in payment|en paiement|auto paid|bezahlt|beglichen)(\s*\(.*\)|\s+(le|on|am|par|by|via|mit|per)\s.*)?$/;
/**
 * Statuses of invoices still owed, in part or in full, as invoicing software writes them: known,
 * so that a status this tool does not know (neither these, nor paid, void or a hold) is said.
 */
const OPEN_STATUSES = new RegExp("^(open|sent|overdue|due|unpaid|outstanding|pending|awaiting payment|posted|approved|authori[sz]ed|validated|issued"
  + "|partially paid|partiallypaid|partial|part paid|late|past due|not paid|viewed|payment due|due today|not yet due|finali[sz]ed|reminded"
  + "|envoyee?|en retard|impayee?|a payer|a regler|validee?|emise?|ouverte?|en attente( de (paiement|reglement))?|partiellement (payee?|reglee?)"
  + "|echue?|non echue?|a venir|a encaisser|non (payee?|reglee?)|relancee?|en cours|offen|versendet|uberfallig|teilweise bezahlt|fallig|nicht bezahlt|unbezahlt|gemahnt|gebucht)$");

/** The id of a payment whose export gives none: its file's name and its line (`payments.csv:12`). */
export function lineId(file: string, line: number): string {
  return `${file.split(/[\\/]/).pop() ?? file}:${line}`;
}

// Receipts and payments listed among invoices (Sage 50's SR and SA, QuickBooks' Payment rows)
// lower the customer's balance as credit notes do: their open part is credit, the rest was applied.
// The whole value only: a "Down payment invoice" or a "Prepayment invoice" is an invoice.
const CREDIT_TYPES = /credit|avoir|gutschrift|rechnungskorrektur|^(sc|cn|nc|av|avc)$|refund|^(sr|sa|receipt|sales receipt|payment|payment on account|paiement|reglement|encaissement)$/;
/** Document types of an invoice, so that a type this tool does not know is said rather than read as one in silence. */
const INVOICE_TYPES = /^(invoice|facture|fa|f|fc|bill|sales invoice|tax invoice|customer invoice|invoice \(customer\)|si|inv|standard|normal|rechnung|ausgangsrechnung|factura|fattura|(down payment|prepayment|deposit) invoice|acompte|facture d'acompte|facture de vente|vente)$/;


/** A date parsed in the file's order, or null when the value is not a date (memo-friendly). */
const dateReader = (order: DayMonthOrder): ((raw: string) => PlainDate | null) => memo((raw) => parseDate(raw, order) ?? null);

export function convertSlice(kind: "invoices", table: Table, columns: Readonly<Columns>, reading: Reading, options: ReadOptions): Slice<Invoice>;
export function convertSlice(kind: "payments", table: Table, columns: Readonly<Columns>, reading: Reading, options: ReadOptions): Slice<Payment>;
export function convertSlice(kind: RecordKind, table: Table, columns: Readonly<Columns>, reading: Reading, options: ReadOptions): Slice<Invoice | Payment> {
  const max = maxErrorsOf(options);
  const { conflicts, dropped } = conflictsOf(kind, table.rows, table.lines, columns, reading, table.file, max);
  const sink = new SliceProblems(table.file, max);
  pastHeader(table, sink);
  const rows = kind === "invoices"
    ? invoiceRows(table, columns as ColumnMap<InvoiceField>, reading, options, sink)
    : { ...paymentRows(table, columns as ColumnMap<PaymentField>, reading, options, sink), derivedDue: 0, firstDerivedLine: undefined, unreadTerms: 0, firstUnreadTerms: undefined };
  const keyHashes = new Int32Array(rows.records.length);
  rows.records.forEach((r, i) => (keyHashes[i] = keyHash("number" in r ? r.number : r.id)));
  return {
    records: rows.records, problems: sink.problems, droppedErrors: sink.dropped, conflicts, droppedConflicts: dropped,
    derivedDue: rows.derivedDue, firstDerivedLine: rows.firstDerivedLine, unreadTerms: rows.unreadTerms, firstUnreadTerms: rows.firstUnreadTerms, keyHashes,
    notes: rows.notes,
  };
}

/**
 * A value past the header's last column was split off another by an unquoted separator (`1234,50`
 * in a comma-separated file reads as 1234 and 50) or has no column name: either way a value would
 * be read wrong or not at all, in silence. Empty ones (a separator ending the line) are nothing.
 * The exports' rule, and the customers file's (two addresses split by an unquoted `;` shifted the
 * rest of the row: an e-mail address became a letter's street line).
 */
export function pastHeader(table: Table, sink: Pick<SliceProblems, "error">): void {
  const width = table.header.length;
  const { rows, lines } = table;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly string[];
    if (row.length <= width) continue;
    for (let k = width; k < row.length; k++) {
      if ((row[k] as string).trim() === "") continue;
      sink.error("field_past_header", `this row has ${row.length} fields, the header ${width}: "${row[k]}" comes after the last column (${table.header[width - 1] ?? ""})`, lines[i] as number, k + 1,
        "quote a value that holds the separator (a decimal comma in a comma-separated file splits 1234,50 in two: write \"1234,50\" or 1234.50, or export with ; as separator), or give the column a name in the header");
      break;
    }
  }
}

function invoiceRows(table: Table, c: ColumnMap<InvoiceField>, reading: Reading, options: ReadOptions, sink: SliceProblems):
  { records: Invoice[]; derivedDue: number; firstDerivedLine: number | undefined; unreadTerms: number; firstUnreadTerms: UnreadTerms | undefined; notes: RowNote[] } {
  const [amountMark, paidMark, openMark] = reading.marks as [DecimalMark, DecimalMark, DecimalMark];
  const marks = { amount: amountMark, paid: paidMark, open: openMark };
  const date = dateReader(reading.order);
  const statusKey = memo(statusKeyOf);
  // The business's own words first (config statuses.invoices), then the built-in vocabulary.
  const own = (key: string): OwnStatus | undefined => options.statuses?.[key];
  const skipped = memo((key: string) => (own(key) ?? (SKIPPED_STATUSES.test(key) ? "void" : "")) === "void");
  const paidStatus = memo((key: string) => (own(key) ?? (PAID_STATUSES.test(key) ? "paid" : "")) === "paid");
  const creditType = memo((raw: string) => CREDIT_TYPES.test(stripAccents(raw).toLowerCase()));
  const knownStatus = memo((key: string) => key === "" || own(key) !== undefined || paidStatus(key) || OPEN_STATUSES.test(key) || statusHolds(key));
  const knownType = memo((raw: string) => raw === "" || creditType(raw) || INVOICE_TYPES.test(stripAccents(raw).toLowerCase()));
  const notes = new RowNotes();
  const currencyCode = memo(normalizeCurrency);
  const same = intern();
  const records: Invoice[] = [];
  let derivedDue = 0;
  let firstDerivedLine: number | undefined;
  let unreadTerms = 0;
  let firstUnreadTerms: UnreadTerms | undefined;
  const { rows, lines, file } = table;
  const identity = IDENTITY_FIELDS.some((f) => c[f] !== undefined);
  const report = recordColumns(c, c.invoice, [c.issue_date, c.due_date], [c.amount, c.paid, c.open]);
  const paidFlags = flagColumn(table.header, c.paid);

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly string[];
    const line = lines[i] as number;
    if (isHeaderAgain(row, table.header)) {
      sink.headerAgain(line);
      continue;
    }
    // Void and draft rows are dropped before anything else: exports often leave them unnumbered.
    const status = same(cell(row, c.status).toLowerCase());
    const key = statusKey(status);
    if (skipped(key)) continue;
    const number = codeCell(row, c.invoice);
    const customerId = codeCell(row, c.customer);
    const customerName = cell(row, c.customer_name);
    if (isTotalRow(row, c, report, number, customerId, customerName)) {
      sink.reportLine(line);
      continue;
    }
    if (number === "") {
      sink.error("missing_value", "invoice number is empty", line, (c.invoice as number) + 1, "every row needs an invoice number");
      continue;
    }
    const customer = same(customerId || customerName);
    if (customer === "") {
      sink.error("missing_value", `invoice ${number} has no customer`, line, ((c.customer ?? c.customer_name) as number) + 1, "fill in the customer code or name");
    }
    const currency = rowCurrency(cell(row, c.currency), c.currency, currencyCode, options, line, sink);
    const dates = readDates(row, c, date, reading.order, line, sink);
    // Amounts are checked even when the currency or a date is wrong, so every problem of the
    // row is reported at once.
    const amounts = readInvoiceAmounts(row, c, marks, currency ?? options.defaultCurrency, currency !== undefined, paidFlags, line, sink);
    if (currency === undefined || dates === undefined || amounts === undefined || customer === "") continue;
    let issueDate = dates.issue;
    let dueDate = dates.due;
    if (dueDate === undefined) {
      const terms = cell(row, c.terms) || (options.customerTerms?.get(customer) ?? "");
      // Read once: whether terms give a date does not depend on the issue date they count from.
      const fromTerms = terms === "" ? undefined : dueFromTerms(terms, issueDate as PlainDate, options.endOfMonthTerms);
      dueDate = fromTerms ?? addDays(issueDate as PlainDate, options.paymentTermsDays);
      derivedDue++;
      firstDerivedLine ??= line;
      if (terms !== "" && fromTerms === undefined) {
        unreadTerms++;
        firstUnreadTerms ??= { line, terms };
      }
    }
    // Without an issue date, the issue date derived from the due date as the due date is from it,
    // and never after the as-of date: taken as the due date, an invoice not yet due would count as
    // issued after it, and be left out.
    const issueGuessed = issueDate === undefined;
    if (issueDate === undefined) {
      const guess = addDays(dueDate, -options.paymentTermsDays);
      issueDate = options.asOf !== undefined && guess > options.asOf ? options.asOf : guess;
    }
    const rawType = cell(row, c.type);
    const type: DocumentType = amounts.amount < 0 || creditType(rawType) ? "credit_note" : "invoice";
    if (!knownType(rawType)) notes.add("type", rawType, line);
    if (!knownStatus(key)) notes.add("status", cell(row, c.status), line);
    if (dueDate < issueDate) notes.add("due_before_issue", "", line);
    if (c.open !== undefined && c.amount !== undefined && cell(row, c.open) === "") notes.add("open_blank", "", line);
    const sign = type === "credit_note" ? -1 : 1;
    const amount = compactMinor(sign * Math.abs(amounts.amount));
    let paid = compactMinor(sign * Math.abs(amounts.paid ?? (amounts.open !== undefined ? Math.abs(amounts.amount) - Math.abs(amounts.open) : 0)));
    if (amounts.paid === undefined && amounts.open === undefined && paidStatus(key)) paid = amount;
    const invoice: Mutable<Invoice> = {
      number, customer, customerName: same(customerName) || customer, email: same(cell(row, c.email)),
      issueDate, dueDate, amount, paid, currency, type, status, appliesTo: cell(row, c.applies_to),
      language: cell(row, c.language).toLowerCase(), customerType: cell(row, c.customer_type).toLowerCase(),
      file, line,
    };
    if (issueGuessed) invoice.issueGuessed = true;
    const meaning = own(key);
    if (isKeptMeaning(meaning)) invoice.statusMeaning = meaning;
    if (identity) addIdentity(invoice, row, c);
    records.push(invoice);
  }
  return { records, derivedDue, firstDerivedLine, unreadTerms, firstUnreadTerms, notes: notes.list() };
}

/**
 * A report's own line among the invoices: without a customer, one isReportLine recognises; or a
 * total row with no number that writes its word in the name column (EBP), or in the code column
 * before the code (Sage's `Total C001`), or as a bare TOTAL there when nothing else names a
 * customer or a date (a customer coded TOTAL has its name and its invoice's dates).
 */
function isTotalRow(row: readonly string[], c: ColumnMap<InvoiceField>, report: RecordColumns, number: string, customerId: string, customerName: string): boolean {
  if (customerId === "") return customerName === "" ? isReportLine(row, report) : number === "" && isTotalLabel(customerName);
  if (number !== "") return false;
  return isCustomerTotal(customerId) || (customerName === "" && isTotalLabel(customerId) && cell(row, c.issue_date) === "" && cell(row, c.due_date) === "");
}

const ADDRESS_FIELDS = ["address", "address2", "postcode", "city", "region", "country"] as const;
const IDENTITY_FIELDS = [...ADDRESS_FIELDS, "phone", "siren", "vat_number"] as const;

/** Contact and identity columns, set only when the row has them (on an invoice, or a customer's details). */
export function addIdentity(
  invoice: { phone?: string; siren?: string; vat?: string; address?: string }, row: readonly string[], c: ColumnMap<InvoiceField>,
): void {
  const phone = cell(row, c.phone);
  if (phone !== "") invoice.phone = phone;
  const siren = cell(row, c.siren);
  if (siren !== "") invoice.siren = siren;
  const vat = cell(row, c.vat_number);
  if (vat !== "") invoice.vat = vat;
  const lines = [cell(row, c.address), cell(row, c.address2), ...townLines(cell(row, c.postcode), cell(row, c.city), cell(row, c.region), cell(row, c.country))]
    .flatMap((s) => s.split(/\r?\n/)).map((s) => s.trim()).filter((s) => s !== "");
  if (lines.length > 0) invoice.address = lines.join("\n");
}

const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;
const US_ZIP = /^\d{5}(-\d{4})?$/;
const US_COUNTRY = /^(us|usa|u\.s\.a?\.?|united states( of america)?)$/i;

/**
 * The last lines of a postal address split over columns, in the order of the country's post: a
 * British postcode on its own line after the town (Royal Mail), an American ZIP after the state on
 * the town's line ("Springfield, IL 62701"), elsewhere the postcode before the town ("75001 Paris").
 */
function townLines(postcode: string, city: string, region: string, country: string): string[] {
  if (UK_POSTCODE.test(postcode)) return [city, region, postcode.toUpperCase(), country];
  if (US_ZIP.test(postcode) && (US_COUNTRY.test(country) || /^[A-Z]{2}$/.test(region))) {
    return [`${[city, region].filter((s) => s !== "").join(", ")} ${postcode}`.trim(), country];
  }
  return [[postcode, city].filter((s) => s !== "").join(" "), region, country];
}

const INVOICE_DATES = [["issue", "issue_date", "issue date"], ["due", "due_date", "due date"]] as const;

function readDates(row: readonly string[], c: ColumnMap<InvoiceField>, date: (raw: string) => PlainDate | null, order: DayMonthOrder, line: number, sink: SliceProblems): { issue?: PlainDate; due?: PlainDate } | undefined {
  const out: { issue?: PlainDate; due?: PlainDate } = {};
  let ok = true;
  for (let k = 0; k < INVOICE_DATES.length; k++) {
    // Read by index: array destructuring iterates too.
    const d = INVOICE_DATES[k] as (typeof INVOICE_DATES)[number];
    const key = d[0];
    const field = d[1];
    const label = d[2];
    const raw = cell(row, c[field]);
    if (raw === "") continue;
    const parsed = date(raw);
    if (parsed === null) {
      ok = false;
      badDate(sink, label, raw, order, line, (c[field] as number) + 1);
    } else out[key] = parsed;
  }
  if (ok && out.issue === undefined && out.due === undefined) {
    sink.error("missing_value", "the row has neither an issue date nor a due date", line, ((c.issue_date ?? c.due_date) as number) + 1, DATE_HINT);
    return undefined;
  }
  return ok ? out : undefined;
}

const INVOICE_AMOUNTS = [["amount", "amount"], ["paid", "paid amount"], ["open", "open amount"]] as const;

function readInvoiceAmounts(
  row: readonly string[], c: ColumnMap<InvoiceField>, marks: Record<"amount" | "paid" | "open", DecimalMark>,
  currency: string, known: boolean, paidFlags: boolean, line: number, sink: SliceProblems,
): { amount: number; paid?: number; open?: number } | undefined {
  const out: { amount?: number; paid?: number; open?: number } = {};
  let ok = true;
  for (let k = 0; k < INVOICE_AMOUNTS.length; k++) {
    const a = INVOICE_AMOUNTS[k] as (typeof INVOICE_AMOUNTS)[number];
    const field = a[0];
    const label = a[1];
    const raw = cell(row, c[field]);
    if (raw === "") continue;
    // A paid column of yes/no (Stripe's Paid: true/false) says whether the invoice is settled,
    // not how much: yes is the whole amount (read just before), no says nothing the open column
    // would not say better.
    const said = field === "paid" ? yesNo(raw, paidFlags) : undefined;
    if (said !== undefined) {
      if (said && out.amount !== undefined) out.paid = out.amount;
      continue;
    }
    const v = readAmount(raw, marks[field], currency, label, line, c[field] as number, sink, known);
    if (v === undefined) ok = false;
    else out[field] = v;
  }
  if (!ok) return undefined;
  const amount = out.amount ?? out.open;
  if (amount === undefined) {
    sink.error("missing_value", "amount is empty", line, ((c.amount ?? c.open) as number) + 1, "every invoice needs its total including tax");
    return undefined;
  }
  out.amount = amount;
  // More open than the invoice's total (a remaining amount converted to another currency, a
  // column taken for the wrong one) would read as money paid back.
  if (out.open !== undefined && Math.abs(out.open) > Math.abs(amount)) {
    sink.error("bad_amount", `open amount ${cell(row, c.open)} is more than the invoice's amount ${cell(row, c.amount)}`, line, (c.open as number) + 1,
      "check that the open (remaining) column is in the invoice's currency, or map the right columns with columns.invoices in dunning.yaml");
    return undefined;
  }
  return out as { amount: number; paid?: number; open?: number };
}

const YES_NO = /^(?:(true|yes|oui|ja|y)|false|no|non|nein|n)$/i;

/**
 * A yes/no cell (`true`, `non`, `ja`…): true or false; undefined when it is not one (an amount).
 * In a column whose header names no amount (`Facture payée`, `Paid`), 1 and 0 are yes and no too.
 */
function yesNo(raw: string, digits = false): boolean | undefined {
  if (digits && (raw === "1" || raw === "0")) return raw === "1";
  const m = YES_NO.exec(raw);
  return m === null ? undefined : m[1] !== undefined;
}

const AMOUNT_WORDS = /montant|amount|betrag|total|somme|sum|regle$/;

/** Is this column's header a yes/no question (Dolibarr's `Facture payée`) rather than an amount (`Montant payé`, `Déjà réglé`)? */
function flagColumn(header: readonly string[], column: number | undefined): boolean {
  return column !== undefined && !AMOUNT_WORDS.test(normalizeHeader(header[column] ?? ""));
}

const NO_INVOICES: readonly string[] = Object.freeze([]);
/** An invoice cell naming one number, as most do: no list to split. */
const ONE_NUMBER = /^[^,;|\s]+$/;

/**
 * The invoice numbers a payment's invoice cell names: separated by `,` `;` `|` `/` `+` `&`, or by
 * spaces between words that are numbers (`F-1 F-2`), other words (`et`, `Facture`) left out; a
 * short prefix in capitals before a number is part of it (`FA 13`, `INV 123`).
 */
function invoiceNumbers(cellValue: string): string[] {
  const numbers: string[] = [];
  for (const part of cellValue.split(/[,;|/+&]+/)) {
    const words = part.trim().split(/\s+/).filter((w) => w !== "");
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      const next = words[i + 1];
      if (/\d/.test(w)) numbers.push(w);
      else if (PREFIX.test(w) && next !== undefined && /\d/.test(next)) {
        numbers.push(`${w} ${next}`);
        i++;
      }
    }
  }
  return numbers;
}

const PREFIX = /^(?!ET$|AND$|UND$|OU$|OR$)[A-Z]{1,4}\.?$/;
const PAYMENT_AMOUNTS = [["amount", 1, 0], ["credit", 1, 1], ["debit", -1, 2], ["refunded", -1, 3]] as const;

/** Statuses of money that came in, so that one this tool does not know is said, not counted in silence. */
const GOOD_PAYMENT_STATUSES = new RegExp("^(paid|paid out|succeeded|success|successful|completed?|settled|cleared|posted|booked|confirmed|captured|received|partially refunded"
  + "|deposited|reconciled|validated|available|done|ok|active|encaissee?|recue?|validee?|effectuee?|comptabilisee?|rapprochee?|terminee?|payee?|reglee?"
  + "|bezahlt|gebucht|ausgefuhrt|erledigt|abgeschlossen|eingegangen)$");

/**
 * Payments that brought no money (failed, declined, cancelled, a draft), or not yet (pending), or
 * gave it all back (refunded), as card processors and invoicing apps list them (Stripe, Invoice
 * Ninja, Odoo): dropped as void invoices are.
 */
const SKIPPED_PAYMENT_STATUSES = /^(failed|failure|declined|refused|rejected|cancel+ed|void|voided|draft|pending|processing|requires payment method|refunded|fully refunded|reversed|reverted|expired|charged back|chargeback|disputed|returned|bounced|payment failed|customer approval denied|pending customer approval|pending submission|submitted|impayee?|retournee?|echoue|echec|refuse|rejete|annule|brouillon|en attente|rembourse|fehlgeschlagen|abgelehnt|storniert|entwurf|ausstehend|erstattet)$/;

/** The label column's value and those of the further label columns, each once, space-separated. */
function labelOf(row: readonly string[], first: number | undefined, more: readonly number[]): string {
  const parts: string[] = [];
  for (const i of [first, ...more]) {
    const v = cell(row, i);
    if (v !== "" && !parts.includes(v)) parts.push(v);
  }
  return parts.join(" ");
}

function paymentRows(table: Table, c: ColumnMap<PaymentField>, reading: Reading, options: ReadOptions, sink: SliceProblems): { records: Payment[]; notes: RowNote[] } {
  const date = dateReader(reading.order);
  const currencyCode = memo(normalizeCurrency);
  const same = intern();
  const records: Payment[] = [];
  const { rows, lines, file } = table;
  const report = recordColumns(c, c.id, [c.date], [c.amount, c.credit, c.debit]);
  const statusKey = memo(statusKeyOf);
  // The business's own words first (config statuses.payments), then the built-in vocabulary.
  const own = (status: string): OwnStatus | undefined => options.statuses?.[statusKey(status)];
  const skippedStatus = (status: string): boolean => (own(status) ?? (SKIPPED_PAYMENT_STATUSES.test(statusKey(status)) ? "failed" : "")) === "failed";
  const knownStatus = memo((status: string) => status === "" || own(status) !== undefined || GOOD_PAYMENT_STATUSES.test(statusKey(status)));
  const notes = new RowNotes();
  const directionAt = directionColumn(table.header, c);
  const more = moreLabelColumns(table.header, c, options.columns ?? {});
  const label = more.length === 0 ? (row: readonly string[]) => cell(row, c.reference) : (row: readonly string[]) => labelOf(row, c.reference, more);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly string[];
    const line = lines[i] as number;
    if (isHeaderAgain(row, table.header)) {
      sink.headerAgain(line);
      continue;
    }
    if (c.status !== undefined) {
      const status = cell(row, c.status);
      if (skippedStatus(status)) continue;
      if (!knownStatus(status)) notes.add("status", status, line);
    }
    const rawDate = cell(row, c.date);
    const parsed = rawDate === "" ? null : date(rawDate);
    if (parsed === null && isReportLine(row, report)) {
      sink.reportLine(line);
      continue;
    }
    if (parsed === null) {
      if (rawDate === "") sink.error("bad_date", "payment date is empty", line, (c.date as number) + 1, DATE_HINT);
      else badDate(sink, "payment date", rawDate, reading.order, line, (c.date as number) + 1);
    }
    // A bank statement's dated balance (`SOLDE CREDITEUR AU 30/09/2026`) is no money received.
    if (parsed !== null && cell(row, c.customer) === "" && cell(row, c.payer_name) === "" && cell(row, c.invoice) === "" && isBalanceLabel(cell(row, c.reference))) {
      sink.reportLine(line);
      continue;
    }
    const currency = rowCurrency(cell(row, c.currency), c.currency, currencyCode, options, line, sink);
    let amount: number | undefined = 0;
    let refundedAll = false;
    // Read even under a bad currency code, so every problem of the row is reported at once.
    for (let f = 0; f < PAYMENT_AMOUNTS.length; f++) {
      const a = PAYMENT_AMOUNTS[f] as (typeof PAYMENT_AMOUNTS)[number];
      const field = a[0];
      const sign = a[1];
      const k = a[2];
      const raw = cell(row, c[field]);
      if (raw === "" || amount === undefined) continue;
      // A refunded column of yes/no: yes gave it all back, no nothing.
      const said = field === "refunded" ? yesNo(raw) : undefined;
      if (said !== undefined) {
        refundedAll = said;
        continue;
      }
      const v = readAmount(raw, reading.marks[k] as DecimalMark, currency ?? options.defaultCurrency, field, line, c[field] as number, sink, currency !== undefined);
      amount = v === undefined ? undefined : amount + sign * (field === "debit" ? Math.abs(v) : v);
    }
    if (currency === undefined || parsed === null || amount === undefined) continue;
    if (amount === 0 && cell(row, c.amount) === "" && cell(row, c.credit) === "" && cell(row, c.debit) === "") {
      sink.error("missing_value", "payment amount is empty", line, ((c.amount ?? c.credit) as number) + 1, "every payment needs its amount");
      continue;
    }
    if (directionAt >= 0 && amount > 0 && DEBIT_SIDE.test(stripAccents(cell(row, directionAt)).toLowerCase())) notes.add("debit_unsigned", "", line);
    // Refunded in full: nothing stayed.
    if (refundedAll || (amount === 0 && cell(row, c.refunded) !== "")) continue;
    const invoice = codeCell(row, c.invoice);
    records.push({
      id: codeCell(row, c.id) || lineId(file, line), date: parsed, customer: same(codeCell(row, c.customer)),
      payerName: same(cell(row, c.payer_name)), amount: compactMinor(amount), currency, reference: label(row),
      invoices: invoice === "" ? NO_INVOICES : ONE_NUMBER.test(invoice) ? [invoice] : invoiceNumbers(invoice), file, line,
    });
  }
  return { records, notes: notes.list() };
}

// ---------------------------------------------------------------------------------------------
// Step 5: the slices of a file, in order, into its records and problems.

function sameInvoice(a: Invoice, b: Invoice): boolean {
  return a.customer === b.customer && a.amount === b.amount && a.paid === b.paid && a.currency === b.currency
    && a.issueDate === b.issueDate && a.dueDate === b.dueDate && a.type === b.type;
}

/**
 * Joins converted slices as one pass over the file would have: problems in the same order
 * (so the error cap keeps the same ones), duplicates found across slices.
 */
export function assemble(kind: "invoices", layout: Layout, warnings: readonly Problem[], slices: readonly Slice<Invoice>[], file: string, options: ReadOptions, dateOrder: DateOrderFound): ReadResult<Invoice>;
export function assemble(kind: "payments", layout: Layout, warnings: readonly Problem[], slices: readonly Slice<Payment>[], file: string, options: ReadOptions, dateOrder: DateOrderFound): ReadResult<Payment>;
export function assemble(
  kind: RecordKind, layout: Layout, warnings: readonly Problem[], slices: readonly Slice<Invoice | Payment>[], file: string, options: ReadOptions, dateOrder: DateOrderFound,
): ReadResult<Invoice | Payment> {
  const sink = headerSink(layout, file, options);
  if (kind === "invoices" && layout.columns.issue_date === undefined) {
    sink.problems.push(problem("warning", "no_issue_date", `no issue date column: each invoice is taken as issued ${options.paymentTermsDays} days (payment_terms_days) before its due date, and never after the as-of date; letters leave that date out`, {
      file, hint: "export the invoice date too, or map its column with columns.invoices in dunning.yaml",
    }));
  }
  sink.problems.push(...warnings);
  // A value with the wrong decimal mark usually fails to parse too: one report per cell is enough.
  const misMarked = new Set<string>();
  for (let k = 0; k < MARK_FIELDS[kind].length; k++) {
    for (const s of slices) {
      for (const p of s.conflicts[k] ?? []) {
        sink.add(p);
        misMarked.add(`${p.line}:${p.column}`);
      }
      sink.skip(s.droppedConflicts[k] ?? 0);
    }
  }
  const c = layout.columns;
  const records: (Invoice | Payment)[] = [];
  const reportLines: number[] = [];
  const seen = new KeySet(slices.reduce((n, s) => n + s.records.length, 0), records, kind === "invoices" ? "number" : "id");
  for (const s of slices) {
    let next = 0;
    const flushBefore = (line: number): void => {
      while (next < s.problems.length && ((s.problems[next] as Problem).line ?? 0) < line) {
        const p = s.problems[next++] as Problem;
        if (p.code === REPORT_LINE) reportLines.push(p.line as number);
        else if (!(p.code === "bad_amount" && misMarked.has(`${p.line}:${p.column}`))) sink.add(p);
      }
    };
    for (let i = 0; i < s.records.length; i++) {
      const r = s.records[i] as Invoice | Payment;
      flushBefore(r.line);
      const at = seen.find(r, s.keyHashes[i] as number);
      if (at < 0) {
        records.push(r);
        continue;
      }
      const first = records[at] as Invoice | Payment;
      if (kind === "invoices") {
        const inv = r as Invoice;
        const previous = first as Invoice;
        if (!sameInvoice(previous, inv)) {
          sink.add(problem("error", "duplicate_invoice", `invoice ${inv.number} appears again with different data (first on line ${previous.line})`, {
            file, line: inv.line, column: (c.invoice as number) + 1, hint: "keep one row per invoice, or export invoices rather than invoice lines",
          }));
        }
      } else {
        const pay = r as Payment;
        const previous = first as Payment;
        const added = pay.invoices.filter((n) => !previous.invoices.includes(n));
        if (previous.amount !== pay.amount || previous.date !== pay.date || previous.currency !== pay.currency) {
          sink.add(problem("error", "duplicate_payment", `payment id ${pay.id} appears again with different data (first on line ${previous.line})`, {
            file, line: pay.line, column: (c.id as number) + 1, hint: "payment ids must be unique; remove the id column to number payments by line",
          }));
        } else if (added.length > 0) {
          // One payment settling several invoices, a row per invoice with the payment's whole
          // amount on each (Zoho Books): one payment citing them all.
          records[at] = { ...previous, invoices: [...previous.invoices, ...added] };
        } else {
          sink.warn("duplicate_payment", `payment ${pay.id} appears twice with the same data (first on line ${previous.line}); counted once`, pay.line);
        }
      }
    }
    flushBefore(Infinity);
    sink.skip(s.droppedErrors);
  }
  if (reportLines.length > 0) {
    const n = reportLines.length;
    const shown = reportLines.slice(0, 5).join(", ") + (n > 5 ? ", …" : "");
    const what = kind === "invoices" ? "section titles, subtotals, totals" : "section titles, totals, a statement's balances";
    const needs = kind === "invoices" ? "a record needs its invoice number and customer" : "a payment needs its date, and a label that is not a balance (`Solde au …`)";
    sink.warn("report_lines", `${n} line${n === 1 ? " is" : "s are"} the report's own (${what}), not ${kind}: skipped (line${n === 1 ? "" : "s"} ${shown})`,
      reportLines[0], `nothing to do if they are; ${needs}`);
  }
  const derivedDue = slices.reduce((n, s) => n + s.derivedDue, 0);
  if (derivedDue > 0) {
    const first = slices.find((s) => s.firstDerivedLine !== undefined)?.firstDerivedLine;
    sink.warn("missing_due_date", `${derivedDue} invoice${derivedDue === 1 ? " has" : "s have"} no due date; used their terms (terms column or customers file), else the issue date + ${options.paymentTermsDays} days`,
      first, "add a due date column or set payment_terms_days in dunning.yaml");
  }
  const unreadTerms = slices.reduce((n, s) => n + s.unreadTerms, 0);
  const firstUnread = slices.find((s) => s.firstUnreadTerms !== undefined)?.firstUnreadTerms;
  if (unreadTerms > 0 && firstUnread !== undefined) {
    sink.warn("terms_unread", `${unreadTerms} invoice${unreadTerms === 1 ? " has" : "s have"} terms that say no due date this tool can read ("${firstUnread.terms}"); payment_terms_days applies to them`,
      firstUnread.line, "write the days (30, Net 30, 45 jours), 45 jours fin de mois or à réception, or add a due date column");
  }
  rowNoteWarnings(kind, slices, layout.header, c, sink);
  sameNamedColumns(layout, file, sink.problems);
  if (kind === "invoices") openInCompanyCurrency(layout, records as Invoice[], sink);
  return { records, problems: sink.finish(), dateOrder, noCurrencyColumn: c.currency === undefined, columns: columnsRead(layout, kind === "payments" ? moreLabelColumns(layout.header, c as ColumnMap<PaymentField>, options.columns ?? {}) : []) };
}

/**
 * Odoo's invoice list puts "Total in Currency" (the invoice's own) beside "Amount Due" (in the
 * company's currency): an invoice in another currency than the company's then reads an open
 * amount in the wrong unit — a USD invoice of 1,000 owing 920 EUR read as 80 USD paid.
 * The company's currency is taken as the export's most frequent one: company.currency has a
 * default (EUR) a company billing in pounds may never have changed.
 */
function openInCompanyCurrency(layout: Layout, invoices: readonly Invoice[], sink: ProblemSink): void {
  const { open, amount } = layout.columns;
  if (open === undefined || amount === undefined) return;
  const openHeader = layout.header[open] ?? "";
  const amountHeader = layout.header[amount] ?? "";
  if (normalizeHeader(openHeader) !== "amountdue" || !/incurrency$|endevise$/.test(normalizeHeader(amountHeader))) return;
  const counts = new Map<string, number>();
  for (const inv of invoices) counts.set(inv.currency, (counts.get(inv.currency) ?? 0) + 1);
  if (counts.size < 2) return;
  const company = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const others = invoices.filter((inv) => inv.currency !== company);
  const first = others[0];
  if (first === undefined) return;
  sink.warn("open_in_company_currency",
    `${others.length} invoice${others.length === 1 ? " is" : "s are"} in another currency than ${company} (first: ${first.number}, ${first.currency}), and this export's "${openHeader}" is in the company's currency where "${amountHeader}" is in the invoice's: their open amounts are read in the wrong currency`,
    first.line, `export "Amount Due in Currency" instead (Odoo: add that column to the list), or map columns.invoices.open to a column in the invoice's currency`);
}

/** A column read for a field whose name another column has too (`Montant` twice: TTC and HT): the first is read, and that is said. */
function sameNamedColumns(layout: Layout, file: string, problems: Problem[]): void {
  const keys = layout.header.map(normalizeHeader);
  for (const [field, at] of Object.entries(layout.columns)) {
    if (at === undefined || keys[at] === "") continue;
    const other = keys.findIndex((k, i) => i !== at && k === keys[at]);
    if (other < 0) continue;
    problems.push(problem("warning", "same_named_columns", `two columns are named "${layout.header[at]}" (columns ${at + 1} and ${other + 1}): the ${field} is read from column ${at + 1}`, {
      file, hint: "if it is the wrong one, rename one of the two in the export (Montant TTC, Montant HT): columns of one name cannot be told apart",
    }));
  }
}

/** Headers of a column that says which way an unsigned amount went (Sens D/C, Side, Soll/Haben). */
const DIRECTION_HEADERS = new Set(["sens", "side", "debitcredit", "creditdebit", "dc", "cd", "sh", "sollhaben", "direction", "sensdelecriture"]);

/**
 * A column saying debit or credit beside an amount: dunning does not guess which way it counts
 * (credit is money in on a bank's statement and a customer's account, out on the company's own
 * bank ledger). A row it calls a debit whose amount has no minus sign would read as money
 * received — a supplier's direct debit as a customer's payment — and is counted in a warning.
 * −1 when there is no such column, or the amount is not read from one column.
 */
function directionColumn(header: readonly string[], columns: Readonly<Columns>): number {
  if ((columns as ColumnMap<PaymentField>).amount === undefined) return -1;
  const used = new Set(Object.values(columns));
  return header.findIndex((h, i) => !used.has(i) && DIRECTION_HEADERS.has(normalizeHeader(h)));
}

const DEBIT_SIDE = /^(d|db|dr|deb|debit|s|soll|out|outgoing|sortie|decaissement)$/;

/** The fields read and their columns' headers (the payment label's further columns too), in the header's order. */
function columnsRead(layout: Layout, moreLabels: readonly number[]): ColumnRead[] {
  return [...Object.entries(layout.columns), ...moreLabels.map((i) => ["reference", i] as const)]
    .filter((e): e is [string, number] => e[1] !== undefined)
    .sort((a, b) => a[1] - b[1])
    .map(([field, i]) => ({ field, header: layout.header[i] ?? "" }));
}

/**
 * The records kept so far, by invoice number or payment id: open addressing over typed arrays
 * with the hashes made alongside the records, as a Map of a million fresh strings costs ~1 s.
 */
class KeySet {
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;
  constructor(expected: number, private readonly records: readonly (Invoice | Payment)[], private readonly key: "number" | "id") {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }
  /** The position of the record already kept under r's key; else keeps r (the caller pushes it) and gives -1. */
  find(r: Invoice | Payment, hash: number): number {
    const key = (r as unknown as Record<string, string>)[this.key];
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i] as number;
      if (slot === 0) {
        this.slots[i] = this.records.length + 1;
        this.hashes[i] = hash;
        return -1;
      }
      if (this.hashes[i] === hash) {
        const other = this.records[slot - 1] as Invoice | Payment;
        if ((other as unknown as Record<string, string>)[this.key] === key) return slot - 1;
      }
    }
  }
}

function headerSink(layout: Layout, file: string, options: ReadOptions): ProblemSink {
  const sink = new ProblemSink(file, maxErrorsOf(options));
  sink.problems.push(...layout.mapping);
  for (const p of layout.missing) sink.add(p);
  return sink;
}

/** The result for a file whose header cannot be read into records. */
export function headerProblems(layout: Layout, file: string, options: ReadOptions): Problem[] {
  return headerSink(layout, file, options).finish();
}

/** Lines a report may put above its header: company, title, date, account, blank lines. */
const MAX_PREAMBLE = 20;

/**
 * The table from its real header. Reports (QuickBooks' A/R aging detail, bank statements) put a
 * title, the company, a date or an account above it: when the first line lacks a required column
 * and one of the next MAX_PREAMBLE rows has them all, that row is the header and a warning names
 * the lines above it. Otherwise the table as read, whose header's problems are then reported.
 */
function fromHeader(kind: RecordKind, table: Table, options: ReadOptions): { table: Table; layout: Layout; preamble: Problem[] } {
  const layout = layoutOf(kind, table.header, options, table.file);
  if (layout.missing.length === 0) return { table, layout, preamble: [] };
  // The line that comes closest, when none names every required column: its problems say which
  // column is missing, not that the report's title lacks them all.
  let closest = layout;
  for (let i = 0; i < Math.min(table.rows.length, MAX_PREAMBLE); i++) {
    const header = (table.rows[i] as readonly string[]).map((h) => h.replace(/^\ufeff/, "").trim());
    const found = layoutOf(kind, header, options, table.file, table.lines[i] as number);
    if (found.missing.length > 0) {
      // Fewer columns missing, or as few and more recognised (a title line naming a Date is not it).
      const recognised = (l: Layout): number => Object.keys(l.columns).length;
      if (found.missing.length < closest.missing.length || (found.missing.length === closest.missing.length && recognised(found) > recognised(closest))) closest = found;
      continue;
    }
    const line = table.lines[i] as number;
    const preamble = problem("warning", "preamble", `line${line === 2 ? " 1 comes" : `s 1–${line - 1} come`} before the header on line ${line} (the report's title, company or date): not read`, {
      file: table.file, line: 1, hint: "nothing to do if that is what they are",
    });
    return { table: { file: table.file, header, rows: table.rows.slice(i + 1), lines: table.lines.slice(i + 1) }, layout: found, preamble: [preamble] };
  }
  return { table, layout: closest, preamble: [] };
}

function readTable(kind: RecordKind, read: Table, options: ReadOptions): ReadResult<Invoice | Payment> {
  const { table, layout, preamble } = fromHeader(kind, read, options);
  if (!layoutOk(layout)) return { records: [], problems: headerProblems(layout, table.file, options) };
  const voted = readingOf(kind, votesOf(kind, table.rows, layout.columns, options.defaultCurrency), options, table.file);
  const warnings = [...(read.warnings ?? []), ...preamble, ...voted.warnings];
  const slice = kind === "invoices"
    ? convertSlice("invoices", table, layout.columns, voted.reading, options)
    : convertSlice("payments", table, layout.columns, voted.reading, options);
  return kind === "invoices"
    ? assemble("invoices", layout, warnings, [slice as Slice<Invoice>], table.file, options, voted.dateOrder)
    : assemble("payments", layout, warnings, [slice as Slice<Payment>], table.file, options, voted.dateOrder);
}

/** Reads invoices.csv. Voided and draft documents are dropped; duplicates must be identical. */
export function toInvoices(table: Table, options: ReadOptions): ReadResult<Invoice> {
  return readTable("invoices", table, options) as ReadResult<Invoice>;
}

/** Reads payments.csv. Positive amounts are money received; `credit`/`debit` pairs are netted. */
export function toPayments(table: Table, options: ReadOptions): ReadResult<Payment> {
  return readTable("payments", table, options) as ReadResult<Payment>;
}
