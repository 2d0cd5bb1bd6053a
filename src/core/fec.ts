// Reading a French FEC (Fichier des Écritures Comptables, art. A47 A-1 LPF; domain.md §4) as the
// invoices and payments of its customer accounts. Other exports list open invoices; the FEC is
// the whole ledger, so its 411 lines become the same records every command reads, and the
// accountant's lettrage (EcritureLet) is kept (fec-records.ts): a payment lettered with invoices
// settles those invoices before the matching looks anywhere else. Pure.

import { parseDate, type DayMonthOrder, type PlainDate } from "./dates.js";
import { mapHeader } from "./headers.js";
import { amountFailure, currencyExponent, decideDecimalMark, markConflict, normalizeCurrency, parseAmount, type DecimalMark } from "./money.js";
import { cell, type Invoice, type Payment, type Table } from "./model.js";
import { problem, ProblemSink, type Problem } from "./problem.js";
import { ADJUSTMENT, CASH, EXCHANGE, fecRecords, OPENING, SALE, type FecLine } from "./fec-records.js";
import { dateOrderOf, type ReadOptions } from "./records.js";
import { dueDateOf } from "./terms.js";

export type FecField =
  | "journal" | "entry" | "entry_date" | "account" | "account_label" | "aux" | "aux_label" | "piece"
  | "piece_date" | "label" | "debit" | "credit" | "amount" | "direction" | "letter" | "currency_amount"
  | "currency" | "due_date";

/** Field → its column in the header. */
type Columns = Partial<Record<FecField, number>>;

/**
 * The 18 columns of A47 A-1 by their official names, the spellings generators use (`EcrtureLet`,
 * `MontantDevise`), French-localised headers, the `Montant` + `Sens` variant, and a due date some
 * software adds though the format has none.
 */
const FEC_ALIASES: Readonly<Record<FecField, readonly string[]>> = {
  journal: ["journalcode", "code journal", "journal"],
  entry: ["ecriturenum", "numero d'ecriture", "numero ecriture", "n° ecriture", "n° d'ecriture"],
  entry_date: ["ecrituredate", "date ecriture", "date d'ecriture", "date comptable", "date"],
  account: ["comptenum", "numero de compte", "n° compte", "compte general", "compte"],
  account_label: ["comptelib", "libelle compte", "libelle du compte", "libelle de compte", "intitule du compte"],
  aux: ["compauxnum", "compte auxiliaire", "numero de compte auxiliaire", "code tiers", "tiers"],
  aux_label: ["compauxlib", "libelle compte auxiliaire", "libelle de compte auxiliaire", "libelle du compte auxiliaire", "libelle tiers", "nom du tiers"],
  piece: ["pieceref", "reference piece", "reference de la piece", "n° piece", "numero de piece", "piece"],
  piece_date: ["piecedate", "date piece", "date de la piece", "date de piece"],
  label: ["ecriturelib", "libelle ecriture", "libelle de l'ecriture", "libelle"],
  debit: ["montant debit", "debit"],
  credit: ["montant credit", "credit"],
  amount: ["montant"],
  direction: ["sens"],
  letter: ["ecriturelet", "ecrturelet", "lettrage", "code lettrage"],
  currency_amount: ["montantdevise", "montant devise", "montant en devise"],
  currency: ["idevise", "identifiant de la devise", "identifiant devise", "devise", "code devise"],
  due_date: ["dateecheance", "date echeance", "date d'echeance", "echeance", "dateech"],
};

/** The official header, for hints. */
export const FEC_HEADER = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|"
  + "PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise";

/**
 * The CSV exports' reading options that apply to an FEC — the company currency (Debit and Credit
 * are always in it), date order, decimal mark, `columns.fec` — and, as the format has no due
 * dates, payment_terms_days or the customer's terms (the customers file), counted as
 * `end_of_month_terms` says; lines entered after `asOf` are left out (the ledger as it stood then).
 */
export interface FecOptions extends Pick<ReadOptions,
  "defaultCurrency" | "paymentTermsDays" | "customerTerms" | "endOfMonthTerms" | "dateOrder" | "fallbackDateOrder" | "decimalMark" | "columns" | "asOf"> {
  /** Prefixes of the accounts read as customer accounts. */
  readonly accounts: readonly string[];
  /** The file's separator: a label holding it was split into extra fields, which are joined back. */
  readonly delimiter?: string | undefined;
}

export interface FecRead {
  readonly invoices: Invoice[];
  readonly payments: Payment[];
  readonly problems: Problem[];
}

/** Counterpart accounts that say what an entry is: revenue or collected VAT, money, or a charge or financial income. */
const SALES_ACCOUNT = /^(70|4457)/;
const CASH_ACCOUNT = /^5/;
const ADJUSTMENT_ACCOUNT = /^(6|76|77)/;
/** Equity and opening-balance accounts (not loans, 16–17), or an opening journal (à nouveaux): balances carried forward. */
const OPENING_ACCOUNT = /^(1[0-5]|89)/;
/** Exchange gains and losses: a customer line against them is an exchange difference. */
const EXCHANGE_ACCOUNT = /^(666|766)/;
const OPENING_JOURNAL = /^(AN|RAN|ANO|ANX|OUV)$/i;

/** Customer accounts a user may mean to read as well: said when the file has them and they are not. */
const UNREAD_ACCOUNTS = [["416", "doubtful customers"], ["419", "advances and credits received"]] as const;

/** Placeholders for an empty PieceRef (Odoo writes `-`, others SANS_PIECE_REF). */
const NO_PIECE = /^(-|sans_piece_ref|sans piece|n\/a)?$/i;

const MARK_FIELDS = [["debit", "debit"], ["credit", "credit"], ["amount", "amount"], ["currency_amount", "amount in currency"]] as const;
const DATE_FIELDS = ["entry_date", "piece_date", "due_date"] as const;

/** What each typed column may hold, to tell a row read in place from one read shifted. */
const DATE = String.raw`(\d{8}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})`;
const TIME = String.raw`([ T][\d:.]+Z?)?`;
const DATE_SHAPE = new RegExp(String.raw`^${DATE}?${TIME}$`);
const AMOUNT_SHAPE = /^[\s+-]*[\d\s.,]*-?$/;
const SHAPES: readonly (readonly [FecField, RegExp])[] = [
  ["account", /^\w/], ["entry_date", new RegExp(String.raw`^${DATE}${TIME}$`)], ["piece_date", DATE_SHAPE],
  ["due_date", DATE_SHAPE], ["debit", AMOUNT_SHAPE], ["credit", AMOUNT_SHAPE], ["amount", AMOUNT_SHAPE], ["direction", /^([DdCc+-]|1$)/],
  ["currency_amount", AMOUNT_SHAPE], ["letter", /^[\w*.-]{0,12}$/], ["currency", /^([A-Za-z]{3})?$/],
];

/** An amount in another currency names it: a number there without a code is something else shifted in. */
const ZERO = /^[\s+-]*0*([.,]0*)?$/;

/**
 * A row as the header reads it. One with more fields: a separator after the last field (empty
 * fields at the end, dropped), a label that held the separator (joined back), or both — the first
 * reading, trimming most, that puts every typed column in shape; a join whose extra parts look
 * like amounts or dates could be a shifted row as well, and is not taken. Undefined when nothing
 * fits: a name or another value held the separator. A row with as many fields or fewer whose
 * amount column holds words may be one whose last fields were left off and whose label held the
 * separator: read so when that puts every column in shape, else as it is (a mistyped amount
 * such as 12O,00 has digits, and gets its own error).
 */
function fitted(row: readonly string[], width: number, c: Columns, delimiter: string | undefined): readonly string[] | undefined {
  const aligned = (fit: readonly string[]): boolean => SHAPES.every(([field, shape]) => c[field] === undefined || shape.test(cell(fit, c[field])))
    && (c.currency_amount === undefined || c.currency === undefined || ZERO.test(cell(fit, c.currency_amount)) || cell(fit, c.currency) !== "");
  if (row.length <= width) {
    const words = (field: FecField): boolean => c[field] !== undefined && /^[^\d]+$/.test(cell(row, c[field]));
    // The cheap test first: most rows have numbers where amounts go.
    if (!(words("debit") || words("credit") || words("amount")) || aligned(row)) return row;
    for (let missing = 1; missing <= 2; missing++) {
      const fit = longerFitted([...row, ...new Array<string>(width - row.length + missing).fill("")], width, c, delimiter, aligned);
      if (fit !== undefined) return fit;
    }
    return row;
  }
  return longerFitted(row, width, c, delimiter, aligned);
}

function longerFitted(
  row: readonly string[], width: number, c: Columns, delimiter: string | undefined, aligned: (fit: readonly string[]) => boolean,
): readonly string[] | undefined {
  let trailing = 0;
  while (trailing < row.length - width && (row[row.length - 1 - trailing] as string).trim() === "") trailing++;
  for (let t = trailing; t >= 0; t--) {
    const body = row.slice(0, row.length - t);
    const extra = body.length - width;
    if (extra === 0) {
      if (aligned(body)) return body;
      continue;
    }
    if (c.label === undefined || delimiter === undefined) continue;
    const parts = body.slice(c.label + 1, c.label + extra + 1);
    if (parts.every((p) => p.trim() !== "" && (AMOUNT_SHAPE.test(p) || DATE_SHAPE.test(p.trim())))) continue;
    const joined = [...body.slice(0, c.label), body.slice(c.label, c.label + extra + 1).join(delimiter), ...body.slice(c.label + extra + 1)];
    if (aligned(joined)) return joined;
  }
  return undefined;
}

/** Reads an FEC table into the invoices, credit notes and payments of its customer accounts. */
export function fromFec(table: Table, options: FecOptions): FecRead {
  const { file } = table;
  const layout = layoutOf(table, options);
  if ("problems" in layout) return { invoices: [], payments: [], problems: layout.problems };
  const c = layout.columns;
  const sink = new ProblemSink(file);
  const { rows, lines: rowLines } = fittedRows(table, c, options.delimiter, sink);
  const { nature, keys, kept } = entries(rows, c, options.accounts);
  if (kept.length === 0) {
    if (sink.errors === 0) noCustomerLines(rows, c, options.accounts, sink);
    return { invoices: [], payments: [], problems: sink.finish() };
  }
  const warnings = unreadAccounts(rows, c, options.accounts, file);
  const { marks, order } = readings(rows, rowLines, kept, c, options, file, sink, warnings);
  const lines: FecLine[] = [];
  for (const i of kept) {
    const row = rows[i] as readonly string[];
    const key = keys[i] as string;
    const read = readLine(row, rowLines[i] as number, key, c, marks, order, options, sink, nature.get(key) ?? 0);
    if (read !== undefined && (read.net !== 0 || read.amount !== 0) && (options.asOf === undefined || read.date <= options.asOf)) lines.push(read);
  }
  if (sink.errors > 0) return { invoices: [], payments: [], problems: [...sink.finish(), ...warnings] };
  if (lines.some((l) => l.net > 0 && l.dueDate === undefined && !options.customerTerms?.has(l.customer))) {
    warnings.push(problem("warning", "fec_no_due_dates",
      `the FEC gives no due dates: invoices are taken as due ${options.paymentTermsDays} days after their document date (payment_terms_days)`, {
        file, hint: "set payment_terms_days in dunning.yaml to the terms you grant, or each customer's terms in the customers file",
      }));
  }
  const due = (customer: string, issue: PlainDate): PlainDate =>
    dueDateOf(options.customerTerms?.get(customer) ?? "", issue, options.endOfMonthTerms, options.paymentTermsDays);
  const { invoices, payments } = fecRecords(lines, options.defaultCurrency, file, due);
  return { invoices, payments, problems: [...sink.finish(), ...warnings] };
}

/** The header's columns, or why the file is not an FEC. */
function layoutOf(table: Table, options: FecOptions): { columns: Columns } | { problems: Problem[] } {
  const mapped = mapHeader(table.header, FEC_ALIASES, options.columns ?? {}, table.file);
  const c = mapped.columns;
  const missing = [
    c.account === undefined ? "CompteNum" : undefined,
    c.entry_date === undefined ? "EcritureDate" : undefined,
    c.piece === undefined && c.entry === undefined ? "PieceRef" : undefined,
    (c.debit === undefined || c.credit === undefined) && (c.amount === undefined || c.direction === undefined) ? "Debit and Credit" : undefined,
  ].filter((m): m is string => m !== undefined);
  if (missing.length === 0 && mapped.problems.length === 0) return { columns: c };
  const problems = mapped.problems.slice();
  if (missing.length > 0) {
    problems.push(problem("error", "fec_column_missing", `not an FEC: no ${missing.join(", ")} column`, {
      file: table.file, line: 1, hint: `an FEC starts with the header ${FEC_HEADER} (tab or | between them); columns.fec in dunning.yaml maps other names`,
    }));
  }
  return { problems };
}

/** Every row as the header reads it (see fitted), with its line; the rows that cannot be are errors. */
function fittedRows(table: Table, c: Columns, delimiter: string | undefined, sink: ProblemSink): { rows: (readonly string[])[]; lines: number[] } {
  const width = table.header.length;
  const rows: (readonly string[])[] = [];
  const lines: number[] = [];
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i] as readonly string[];
    const fit = fitted(row, width, c, delimiter);
    if (fit === undefined) {
      sink.error("fec_extra_fields", `the line has ${row.length} fields where the header has ${width}: a value holds the separator`, table.lines[i] as number, undefined,
        `remove the ${delimiter === "\t" ? "tab" : delimiter ?? "separator"} from that line's names and labels, or export the FEC with another separator`);
    } else {
      rows.push(fit);
      lines.push(table.lines[i] as number);
    }
  }
  return { rows, lines };
}

/** The entry a line belongs to: journal and number, or for an unnumbered one journal, date and document. */
function entryKey(row: readonly string[], c: Columns): string {
  return c.entry !== undefined && cell(row, c.entry) !== ""
    ? `${cell(row, c.journal)}\u0000${cell(row, c.entry)}`
    : `${cell(row, c.journal)}\u0000${cell(row, c.entry_date)}\u0000${cell(row, c.piece)}\u0000?`;
}

/** Each row's entry, what each entry is from all its lines (the customer's line alone does not say), and the customer lines. */
function entries(rows: readonly (readonly string[])[], c: Columns, accounts: readonly string[]): { nature: Map<string, number>; keys: string[]; kept: number[] } {
  const nature = new Map<string, number>();
  const keys: string[] = [];
  const kept: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly string[];
    const key = entryKey(row, c);
    keys.push(key);
    const account = cell(row, c.account);
    const bits = (SALES_ACCOUNT.test(account) ? SALE : 0) | (CASH_ACCOUNT.test(account) ? CASH : 0) | (ADJUSTMENT_ACCOUNT.test(account) ? ADJUSTMENT : 0)
      | (OPENING_ACCOUNT.test(account) || OPENING_JOURNAL.test(cell(row, c.journal)) ? OPENING : 0) | (EXCHANGE_ACCOUNT.test(account) ? EXCHANGE : 0);
    if (bits !== 0) nature.set(key, (nature.get(key) ?? 0) | bits);
    if (accounts.some((prefix) => account.startsWith(prefix))) kept.push(i);
  }
  return { nature, keys, kept };
}

/** No customer line at all: which class-41 accounts the file has instead, for the hint. */
function noCustomerLines(rows: readonly (readonly string[])[], c: Columns, accounts: readonly string[], sink: ProblemSink): void {
  const near = [...new Set(rows.map((r) => cell(r, c.account)).filter((a) => a.startsWith("41")).map((a) => a.slice(0, 4)))].slice(0, 5);
  sink.error("fec_no_customer_lines", `no line of the FEC is on a customer account (${accounts.map((a) => `${a}…`).join(", ")})`, 1, undefined,
    near.length > 0 ? `its class-41 accounts start ${near.join(", ")}: list yours in fec.accounts in dunning.yaml` : "set fec.accounts in dunning.yaml to the prefixes of your customer accounts");
}

/** A warning naming the 416 and 419 lines fec.accounts leaves out. */
function unreadAccounts(rows: readonly (readonly string[])[], c: Columns, accounts: readonly string[], file: string): Problem[] {
  const unread = UNREAD_ACCOUNTS.filter(([prefix]) => !accounts.some((a) => prefix.startsWith(a) || a.startsWith(prefix))
    && rows.some((r) => cell(r, c.account).startsWith(prefix)));
  if (unread.length === 0) return [];
  return [problem("warning", "fec_accounts_unread", `the FEC has lines on ${unread.map(([p, what]) => `${p} (${what})`).join(" and ")}, which are not read`, {
    file, hint: `fec.accounts: [${[...accounts, ...unread.map(([p]) => p)].join(", ")}] in dunning.yaml reads them${unread.some(([p]) => p === "416") ? " (doubtful debts are shown, held from reminders)" : ""}`,
  })];
}

/** Decimal marks per amount column and the day/month order, from the customer lines' values. */
function readings(
  rows: readonly (readonly string[])[], rowLines: readonly number[], kept: readonly number[], c: Columns, options: FecOptions, file: string,
  sink: ProblemSink, warnings: Problem[],
): { marks: Map<FecField, DecimalMark>; order: DayMonthOrder } {
  const marks = new Map<FecField, DecimalMark>();
  for (const [field, what] of MARK_FIELDS) {
    const index = c[field];
    if (index === undefined) continue;
    const values = kept.map((i) => cell(rows[i] as readonly string[], index));
    const decided = options.decimalMark === undefined ? decideDecimalMark(values) : { mark: options.decimalMark, conflicts: [] };
    marks.set(field, decided.mark);
    for (const k of decided.conflicts) {
      sink.error("amount_mark_conflict", markConflict(what, values[k] as string, decided.mark), rowLines[kept[k] as number] as number, index + 1,
        "write every amount of the column with the same decimal mark");
    }
  }
  const dates = DATE_FIELDS.flatMap((f) => (c[f] === undefined ? [] : kept.map((i) => cell(rows[i] as readonly string[], c[f]))));
  return { marks, order: dateOrderOf(dates, options, file, warnings) };
}

/** One customer-account line, or undefined (with an error in `sink`) when a value does not read. */
function readLine(
  row: readonly string[], at: number, entryKey: string, c: Columns, marks: ReadonlyMap<FecField, DecimalMark>,
  order: DayMonthOrder, options: FecOptions, sink: ProblemSink, nature: number,
): FecLine | undefined {
  const company = options.defaultCurrency;
  const money = (field: FecField, currency: string, what: string): number | undefined => {
    const index = c[field] as number;
    const raw = cell(row, index);
    if (raw === "") return 0;
    const parsed = parseAmount(raw, marks.get(field) ?? ",", currencyExponent(currency));
    if (parsed.ok) return parsed.minor;
    sink.error("bad_amount", amountFailure(what, raw, parsed.reason, currency), at, index + 1, "write amounts as in the FEC format: 1234,56 (sign first, no thousands separator)");
    return undefined;
  };
  const date = (field: FecField, what: string): PlainDate | undefined | null => {
    const index = c[field];
    const raw = cell(row, index);
    if (index === undefined || raw === "") return undefined;
    const parsed = parseDate(raw, order);
    if (parsed !== undefined) return parsed;
    sink.error("bad_date", `${what} "${raw}" is not a date`, at, index + 1, "write dates as in the FEC format: YYYYMMDD, e.g. 20261122");
    return null;
  };

  let net: number | undefined;
  if (c.debit !== undefined && c.credit !== undefined) {
    const debit = money("debit", company, "debit");
    const credit = money("credit", company, "credit");
    net = debit === undefined || credit === undefined ? undefined : debit - credit;
  } else {
    const amount = money("amount", company, "amount");
    const sens = cell(row, c.direction).toUpperCase();
    if (!/^([DC+-]|1$)/.test(sens)) {
      sink.error("bad_direction", `direction "${cell(row, c.direction)}" is neither D (debit) nor C (credit)`, at, (c.direction as number) + 1, "write D or C in the Sens column");
      return undefined;
    }
    net = amount === undefined ? undefined : (/^([D+]|1$)/.test(sens) ? amount : -amount);
  }
  const entryDate = date("entry_date", "entry date");
  const pieceDate = date("piece_date", "document date");
  const dueDate = date("due_date", "due date");
  if (entryDate === undefined) sink.error("missing_value", "the entry date is empty", at, (c.entry_date as number) + 1, "every FEC line has an EcritureDate");
  if (net === undefined || !entryDate || pieceDate === null || dueDate === null) return undefined;

  let currency = company;
  let amount = net;
  const code = cell(row, c.currency);
  if (code !== "" && c.currency_amount !== undefined && cell(row, c.currency_amount) !== "") {
    const normal = normalizeCurrency(code);
    if (normal === undefined) {
      sink.error("bad_currency", `currency "${code}" is not an ISO 4217 code`, at, (c.currency as number) + 1, "write the currency as three capitals, e.g. USD");
      return undefined;
    }
    if (normal !== company) {
      const foreign = money("currency_amount", normal, "amount in currency");
      if (foreign === undefined) return undefined;
      // Signed as the line: some generators sign Montantdevise, others do not.
      currency = normal;
      amount = net < 0 ? -Math.abs(foreign) : Math.abs(foreign);
    }
  }
  const account = cell(row, c.account);
  const aux = cell(row, c.aux);
  const piece = cell(row, c.piece);
  const journal = cell(row, c.journal);
  const entry = cell(row, c.entry);
  return {
    line: at, entryKey, account, customer: aux || account, name: cell(row, c.aux_label) || cell(row, c.account_label), journal, entry,
    piece: NO_PIECE.test(piece) ? "" : piece, label: cell(row, c.label), letter: cell(row, c.letter),
    date: entryDate, pieceDate: pieceDate ?? entryDate, dueDate, net, currency, amount, nature,
  };
}
