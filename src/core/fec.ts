// Reading a French FEC (Fichier des Écritures Comptables, art. A47 A-1 LPF; domain.md §4) as the
// invoices and payments of its customer accounts. Other exports list open invoices; the FEC is
// the whole ledger, so its 411 lines become the same records every command reads, and the
// accountant's lettrage (EcritureLet) becomes explicit citations that the matching engine
// follows: a payment lettered with invoices settles those invoices, no others. Pure.

import { addDays, dayNumber, parseDate, type DayMonthOrder, type PlainDate } from "./dates.js";
import { mapHeader } from "./headers.js";
import { amountFailure, currencyExponent, decideDecimalMark, markConflict, normalizeCurrency, parseAmount, type DecimalMark } from "./money.js";
import { cell, type Invoice, type Payment, type Table } from "./model.js";
import { problem, ProblemSink, type Problem } from "./problem.js";
import { dateOrderOf } from "./records.js";
import { dueFromTerms, type EndOfMonthTerms } from "./terms.js";

export type FecField =
  | "journal" | "entry" | "entry_date" | "account" | "account_label" | "aux" | "aux_label" | "piece"
  | "piece_date" | "label" | "debit" | "credit" | "amount" | "direction" | "letter" | "currency_amount"
  | "currency" | "due_date";

/**
 * The 18 columns of A47 A-1 by their official names, the spellings generators use (`EcrtureLet`,
 * `MontantDevise`), French-localised headers, the `Montant` + `Sens` variant, and a due date some
 * software adds though the format has none.
 */
export const FEC_ALIASES: Readonly<Record<FecField, readonly string[]>> = {
  journal: ["journalcode", "code journal", "journal"],
  entry: ["ecriturenum", "numero d'ecriture", "numero ecriture", "n° ecriture", "n° d'ecriture"],
  entry_date: ["ecrituredate", "date ecriture", "date d'ecriture", "date comptable", "date"],
  account: ["comptenum", "numero de compte", "n° compte", "compte general", "compte"],
  account_label: ["comptelib", "libelle compte", "libelle du compte", "intitule du compte"],
  aux: ["compauxnum", "compte auxiliaire", "numero de compte auxiliaire", "code tiers", "tiers"],
  aux_label: ["compauxlib", "libelle compte auxiliaire", "libelle tiers", "nom du tiers"],
  piece: ["pieceref", "reference piece", "reference de la piece", "n° piece", "numero de piece", "piece"],
  piece_date: ["piecedate", "date piece", "date de la piece", "date de piece"],
  label: ["ecriturelib", "libelle ecriture", "libelle de l'ecriture", "libelle"],
  debit: ["montant debit", "debit"],
  credit: ["montant credit", "credit"],
  amount: ["montant"],
  direction: ["sens"],
  letter: ["ecriturelet", "ecrturelet", "lettrage", "code lettrage"],
  currency_amount: ["montantdevise", "montant devise", "montant en devise"],
  currency: ["idevise", "devise", "code devise"],
  due_date: ["dateecheance", "date echeance", "date d'echeance", "echeance", "dateech"],
};

/** The official header, for hints. */
export const FEC_HEADER = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|"
  + "PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise";

/** Customer receivables (PCG class 41: 411 clients); `fec.accounts` in dunning.yaml changes it. */
export const DEFAULT_FEC_ACCOUNTS: readonly string[] = ["411"];

export interface FecOptions {
  /** Company currency: Debit and Credit are always in it (config `company.currency`). */
  readonly defaultCurrency: string;
  /** The FEC has no due dates: an invoice is due this many days after its document date… */
  readonly paymentTermsDays: number;
  /** …or by its customer's terms (the customers file), counted as `end_of_month_terms` says. */
  readonly customerTerms?: ReadonlyMap<string, string> | undefined;
  readonly endOfMonthTerms?: EndOfMonthTerms | undefined;
  /** Prefixes of the accounts read as customer accounts. */
  readonly accounts: readonly string[];
  readonly dateOrder?: DayMonthOrder | undefined;
  readonly fallbackDateOrder: DayMonthOrder;
  readonly decimalMark?: DecimalMark | undefined;
  /** Config `columns.fec`: field → header. */
  readonly columns?: Readonly<Record<string, string>> | undefined;
  /** The file's separator: a label holding it was split into extra fields, which are joined back. */
  readonly delimiter?: string | undefined;
  readonly maxErrors?: number | undefined;
}

export interface FecRead {
  readonly invoices: Invoice[];
  readonly payments: Payment[];
  readonly problems: Problem[];
}

type Kind = "invoice" | "credit_note" | "payment" | "refund";

/** One line of a customer account, read. */
interface Line {
  readonly line: number;
  readonly account: string;
  readonly customer: string;
  readonly name: string;
  readonly journal: string;
  readonly entry: string;
  readonly piece: string;
  readonly label: string;
  readonly letter: string;
  readonly date: PlainDate;
  readonly pieceDate: PlainDate;
  readonly dueDate: PlainDate | undefined;
  /** Debit − credit in the company currency, minor units: what lettrage balances. */
  readonly net: number;
  readonly currency: string;
  /** Absolute amount in `currency`. */
  readonly amount: number;
  readonly kind: Kind;
}

/** Counterpart accounts that say what an entry is: revenue or collected VAT → a sale; class 5 → money. */
const SALES_ACCOUNT = /^(7|4457)/;
const CASH_ACCOUNT = /^5/;
const SALE = 1;
const CASH = 2;

/** Placeholders for an empty PieceRef (Odoo writes `-`, others SANS_PIECE_REF). */
const NO_PIECE = /^(-|sans_piece_ref|sans piece|n\/a)?$/i;

const MARK_FIELDS = [["debit", "debit"], ["credit", "credit"], ["amount", "amount"], ["currency_amount", "amount in currency"]] as const;
const DATE_FIELDS = ["entry_date", "piece_date", "due_date"] as const;

/** A label that held the separator came out as extra fields: joined back into the label. */
function rejoined(row: readonly string[], width: number, label: number | undefined, delimiter: string | undefined): readonly string[] {
  if (row.length <= width || label === undefined || delimiter === undefined) return row;
  const extra = row.length - width;
  return [...row.slice(0, label), row.slice(label, label + extra + 1).join(delimiter), ...row.slice(label + extra + 1)];
}

/** Reads an FEC table into the invoices, credit notes and payments of its customer accounts. */
export function fromFec(table: Table, options: FecOptions): FecRead {
  const { file } = table;
  const mapped = mapHeader(table.header, FEC_ALIASES, options.columns ?? {}, file);
  const c = mapped.columns;
  const missing = [
    c.account === undefined ? "CompteNum" : undefined,
    c.entry_date === undefined ? "EcritureDate" : undefined,
    c.piece === undefined && c.entry === undefined ? "PieceRef" : undefined,
    (c.debit === undefined || c.credit === undefined) && (c.amount === undefined || c.direction === undefined) ? "Debit and Credit" : undefined,
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0 || mapped.problems.length > 0) {
    const problems = mapped.problems.slice();
    if (missing.length > 0) {
      problems.push(problem("error", "fec_column_missing", `not an FEC: no ${missing.join(", ")} column`, {
        file, line: 1, hint: `an FEC starts with the header ${FEC_HEADER} (tab or | between them); columns.fec in dunning.yaml maps other names`,
      }));
    }
    return { invoices: [], payments: [], problems };
  }
  const sink = new ProblemSink(file, options.maxErrors ?? 50);
  const width = table.header.length;
  const rows = table.rows.map((r) => rejoined(r, width, c.label, options.delimiter));

  // What each entry is, from all its lines (the customer's line alone does not say).
  const entryKey = (row: readonly string[], i: number): string =>
    (c.entry === undefined || cell(row, c.entry) === "" ? `#${i}` : `${cell(row, c.journal)}\u0000${cell(row, c.entry)}`);
  const nature = new Map<string, number>();
  const kept: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly string[];
    const account = cell(row, c.account);
    const bits = (SALES_ACCOUNT.test(account) ? SALE : 0) | (CASH_ACCOUNT.test(account) ? CASH : 0);
    if (bits !== 0) {
      const key = entryKey(row, i);
      nature.set(key, (nature.get(key) ?? 0) | bits);
    }
    if (options.accounts.some((prefix) => account.startsWith(prefix))) kept.push(i);
  }
  if (kept.length === 0) {
    const near = [...new Set(rows.map((r) => cell(r, c.account)).filter((a) => a.startsWith("41")).map((a) => a.slice(0, 4)))].slice(0, 5);
    sink.error("fec_no_customer_lines", `no line of the FEC is on a customer account (${options.accounts.map((a) => `${a}…`).join(", ")})`, 1, undefined,
      near.length > 0 ? `its class-41 accounts start ${near.join(", ")}: list yours in fec.accounts in dunning.yaml` : "set fec.accounts in dunning.yaml to the prefixes of your customer accounts");
    return { invoices: [], payments: [], problems: sink.finish() };
  }

  // Decimal marks per amount column and the day/month order, from the customer lines' values.
  const warnings: Problem[] = [];
  const marks = new Map<FecField, DecimalMark>();
  for (const [field, what] of MARK_FIELDS) {
    const index = c[field];
    if (index === undefined) continue;
    const values = kept.map((i) => cell(rows[i] as readonly string[], index));
    const decided = options.decimalMark === undefined ? decideDecimalMark(values) : { mark: options.decimalMark, conflicts: [] };
    marks.set(field, decided.mark);
    for (const k of decided.conflicts) {
      sink.error("amount_mark_conflict", markConflict(what, values[k] as string, decided.mark), table.lines[kept[k] as number] as number, index + 1,
        "write every amount of the column with the same decimal mark");
    }
  }
  const dates = DATE_FIELDS.flatMap((f) => (c[f] === undefined ? [] : kept.map((i) => cell(rows[i] as readonly string[], c[f]))));
  const order = dateOrderOf(dates, options, file, warnings);

  const lines: Line[] = [];
  for (const i of kept) {
    const row = rows[i] as readonly string[];
    const at = table.lines[i] as number;
    const read = readLine(row, at, c, marks, order, options, sink, nature.get(entryKey(row, i)) ?? 0);
    if (read !== undefined && read.net !== 0) lines.push(read);
  }
  if (sink.errors > 0) return { invoices: [], payments: [], problems: [...sink.finish(), ...warnings] };
  if (lines.some((l) => l.kind === "invoice" && l.dueDate === undefined && !options.customerTerms?.has(l.customer))) {
    warnings.push(problem("warning", "fec_no_due_dates",
      `the FEC gives no due dates: invoices are taken as due ${options.paymentTermsDays} days after their document date (payment_terms_days)`, {
        file, hint: "set payment_terms_days in dunning.yaml to the terms you grant, or each customer's terms in the customers file",
      }));
  }
  const due = (customer: string, issue: PlainDate): PlainDate =>
    dueFromTerms(options.customerTerms?.get(customer) ?? "", issue, options.endOfMonthTerms) ?? addDays(issue, options.paymentTermsDays);
  const { invoices, payments } = records(settledApart(lines), file, due);
  return { invoices, payments, problems: [...sink.finish(), ...warnings] };
}

/** One customer-account line, or undefined (with an error in `sink`) when a value does not read. */
function readLine(
  row: readonly string[], at: number, c: Partial<Record<FecField, number>>, marks: ReadonlyMap<FecField, DecimalMark>,
  order: DayMonthOrder, options: FecOptions, sink: ProblemSink, nature: number,
): Line | undefined {
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
    if (!/^[DC+-]/.test(sens)) {
      sink.error("bad_direction", `direction "${cell(row, c.direction)}" is neither D (debit) nor C (credit)`, at, (c.direction as number) + 1, "write D or C in the Sens column");
      return undefined;
    }
    net = amount === undefined ? undefined : (sens.startsWith("D") || sens.startsWith("+") ? amount : -amount);
  }
  const entryDate = date("entry_date", "entry date");
  const pieceDate = date("piece_date", "document date");
  const dueDate = date("due_date", "due date");
  if (entryDate === undefined) sink.error("missing_value", "the entry date is empty", at, (c.entry_date as number) + 1, "every FEC line has an EcritureDate");
  if (net === undefined || !entryDate || pieceDate === null || dueDate === null) return undefined;

  let currency = company;
  let amount = Math.abs(net);
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
      // Zero in currency on a foreign-currency line (an exchange difference) stays in the company's currency.
      if (foreign !== 0) {
        currency = normal;
        amount = Math.abs(foreign);
      }
    }
  }
  const account = cell(row, c.account);
  const aux = cell(row, c.aux);
  const piece = cell(row, c.piece);
  const journal = cell(row, c.journal);
  const entry = cell(row, c.entry);
  const kind: Kind = net > 0 ? (nature & CASH ? "refund" : "invoice") : (nature & SALE && !(nature & CASH) ? "credit_note" : "payment");
  return {
    line: at, account, customer: aux || account, name: cell(row, c.aux_label) || cell(row, c.account_label), journal, entry,
    piece: NO_PIECE.test(piece) ? "" : piece, label: cell(row, c.label), letter: cell(row, c.letter),
    date: entryDate, pieceDate: pieceDate ?? entryDate, dueDate, net, currency, amount, kind,
  };
}

/** An entry's name: `BQ-000123`, or Odoo's `BQ/2026/0001` as it is; the line's when it has none. */
function entryName(l: Line): string {
  if (l.entry === "") return `L${l.line}`;
  return l.journal === "" || l.entry.startsWith(l.journal) ? l.entry : `${l.journal}-${l.entry}`;
}

/** Lines lettered together: same account, same code. */
const groupOf = (l: Line): string => `${l.account}\u0000${l.customer}\u0000${l.letter}`;

/**
 * Drops lettered groups that balance without an invoice (a credit note refunded, a payment paid
 * back): nothing in them is owed, and a credit note on its own would be applied to another invoice.
 * Groups with invoices stay: the engine letters them again from the citations, which keeps
 * --as-of true (a payment after that date did not settle anything yet).
 */
function settledApart(lines: readonly Line[]): Line[] {
  const sums = new Map<string, { net: number; invoices: number }>();
  for (const l of lines) {
    if (l.letter === "") continue;
    const g = sums.get(groupOf(l)) ?? { net: 0, invoices: 0 };
    g.net += l.net;
    if (l.kind === "invoice") g.invoices++;
    sums.set(groupOf(l), g);
  }
  return lines.filter((l) => {
    const g = l.letter === "" ? undefined : sums.get(groupOf(l));
    return g === undefined || g.net !== 0 || g.invoices > 0;
  });
}

/** Gives each wanted name once: the second `F12` asked for is `F12/2`. */
function namer(): (wanted: string) => string {
  const taken = new Set<string>();
  return (wanted) => {
    let name = wanted;
    for (let k = 2; taken.has(name); k++) name = `${wanted}/${k}`;
    taken.add(name);
    return name;
  };
}

/**
 * Invoices (and credit notes) merged by document and account (a 416 copy of a 411 invoice stays
 * apart), each with a number used once; then the payments.
 */
function records(lines: readonly Line[], file: string, due: (customer: string, issue: PlainDate) => PlainDate): { invoices: Invoice[]; payments: Payment[] } {
  interface Doc { number: string; first: Line; amount: number; issue: PlainDate; due: PlainDate | undefined; letters: Set<string> }
  const docs = new Map<string, Doc>();
  const unique = namer();
  // Invoices first, so that an invoice keeps its number when a credit note or payment reuses it.
  const byKind = (kinds: readonly Kind[]): Line[] => lines.filter((l) => kinds.includes(l.kind));
  for (const l of [...byKind(["invoice"]), ...byKind(["credit_note"])]) {
    const key = `${l.kind}\u0000${l.account}\u0000${l.customer}\u0000${l.currency}\u0000${l.piece || entryName(l)}`;
    const doc = docs.get(key);
    if (doc === undefined) {
      docs.set(key, {
        number: unique(l.piece || entryName(l)),
        first: l, amount: l.amount, issue: l.pieceDate, due: l.dueDate, letters: new Set(l.letter ? [groupOf(l)] : []),
      });
    } else {
      doc.amount += l.amount;
      if (l.pieceDate < doc.issue) doc.issue = l.pieceDate;
      if (l.dueDate !== undefined && (doc.due === undefined || l.dueDate < doc.due)) doc.due = l.dueDate;
      if (l.letter) doc.letters.add(groupOf(l));
    }
  }
  // Per lettrage group, its invoices, the largest first (where a credit note of the group goes).
  const cited = new Map<string, Doc[]>();
  for (const doc of docs.values()) {
    if (doc.first.kind !== "invoice") continue;
    for (const g of doc.letters) cited.set(g, [...(cited.get(g) ?? []), doc]);
  }
  for (const list of cited.values()) list.sort((a, b) => b.amount - a.amount || dayNumber(a.issue) - dayNumber(b.issue));
  const citedBy = (l: Line): Doc[] => (l.letter === "" ? [] : cited.get(groupOf(l)) ?? []);

  const invoices: Invoice[] = [];
  for (const doc of docs.values()) {
    const l = doc.first;
    const credit = l.kind === "credit_note";
    invoices.push({
      number: doc.number, customer: l.customer, customerName: l.name, email: "", issueDate: doc.issue,
      dueDate: doc.due ?? due(l.customer, doc.issue), amount: credit ? -doc.amount : doc.amount, paid: 0, currency: l.currency,
      type: credit ? "credit_note" : "invoice", status: l.account.startsWith("416") ? "douteux" : "",
      appliesTo: credit ? (citedBy(l)[0]?.number ?? "") : "", language: "", customerType: "", file, line: l.line,
    });
  }
  const uniqueId = namer();
  const payments: Payment[] = [];
  for (const l of byKind(["payment", "refund"])) {
    const id = uniqueId(entryName(l));
    const reference = l.piece === "" || l.label.includes(l.piece) ? l.label : `${l.label} ${l.piece}`.trim();
    payments.push({
      id, date: l.date, customer: l.customer, payerName: l.name, amount: l.kind === "refund" ? -l.amount : l.amount, currency: l.currency,
      reference, invoices: l.kind === "refund" ? [] : citedBy(l).map((d) => d.number), file, line: l.line,
    });
  }
  return { invoices, payments };
}
