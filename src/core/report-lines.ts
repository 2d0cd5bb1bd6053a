// The lines a report prints among its records — QuickBooks' bucket titles ("CURRENT"), its
// "Total for …" and "TOTAL" rows and closing timestamp, a bank statement's balances — told
// apart from records that lack a field, which stay errors. Pure.

import { cell } from "./model.js";
import { stripAccents } from "./text.js";

/** The code of the per-line problem a slice carries; assemble counts them into one warning. */
export const REPORT_LINE = "report_line";

/** The words a report's totals and balances begin with. */
const TOTALS = "sous[- ]?totals?|sub[- ]?totals?|grand total|totals?|solde|balance";
const TOTAL_WORDS = new RegExp(`^(${TOTALS})(?=$|[\\s:])`);

const fold = (s: string): string => stripAccents(s).toLowerCase();

/** Where a kind of record keeps what a report line lacks, by column. */
export interface RecordColumns {
  /** 1 for each column some field is read from. */
  readonly read: Uint8Array;
  /** The invoice number's or payment id's column. */
  readonly key: number | undefined;
  readonly dates: readonly number[];
  readonly amounts: readonly number[];
}

/** `columns`: every field's column; the others name the key, date and amount fields' columns. */
export function recordColumns(
  columns: Readonly<Record<string, number | undefined>>, key: number | undefined,
  dates: readonly (number | undefined)[], amounts: readonly (number | undefined)[],
): RecordColumns {
  const indexes = Object.values(columns).filter((i): i is number => i !== undefined);
  const read = new Uint8Array(Math.max(0, ...indexes) + 1);
  for (const i of indexes) read[i] = 1;
  const known = (list: readonly (number | undefined)[]): number[] => list.filter((i): i is number => i !== undefined);
  return { read, key, dates: known(dates), amounts: known(amounts) };
}

/**
 * For a row that cannot be a record (no customer; no payment date): is it a report's own line?
 * Its first filled cell starts with a total's word (`Total for …`, `Solde au …`) in a column
 * nothing reads, the date's or the key's, and the row has no other key; or it is a title: no key,
 * no amount, and its first filled cell in a column nothing reads. A row with money and no key, or
 * a name such as TOTAL ENERGIES in the payer's column, is not one.
 */
export function isReportLine(row: readonly string[], c: RecordColumns): boolean {
  const key = cell(row, c.key);
  for (let i = 0; i < row.length; i++) {
    const v = (row[i] as string).trim();
    if (v === "") continue;
    const unread = c.read[i] !== 1;
    if ((unread || i === c.key || c.dates.includes(i)) && TOTAL_WORDS.test(fold(v))) return key === "" || i === c.key;
    return key === "" && unread && c.amounts.every((a) => cell(row, a) === "");
  }
  return false;
}

/**
 * A name cell that is nothing but a total's word (EBP writes its total row's `Total` there):
 * the whole cell, since TOTAL ENERGIES or Balance Consulting are customers.
 */
export function isTotalLabel(value: string): boolean {
  return WHOLE_TOTAL.test(fold(value));
}

const WHOLE_TOTAL = new RegExp(`^(${TOTALS}|total general|totaux)\\s*:?$`);

/**
 * A customer-code cell that opens with a total's word, on a row with no invoice number: Sage's
 * aged balance closes each customer with `Total C001` in the account column. A code cannot be
 * that and still be an invoice's.
 */
export function isCustomerTotal(value: string): boolean {
  return CUSTOMER_TOTAL.test(fold(value));
}

/** A total's word and what it totals (`Total C001`): a code TOTAL or SOLDE alone may be a customer's. */
const CUSTOMER_TOTAL = new RegExp(`^(${TOTALS})\\s*:?\\s+\\S`);

/**
 * A bank statement's dated balance, by its label (`SOLDE CREDITEUR AU 30/09/2026`, `Opening
 * balance`): `Solde` only alone or before a date, as `Solde facture FA-12` is a customer paying
 * the balance of an invoice. Read on every payment's label: anchored and on the label as it is
 * (accents in the pattern, no folding), so other labels fail at their first letter.
 */
const BALANCE_LABEL = /^\s*(?:(?:ancien|nouveau) solde|solde(?: (?:cr[ée]diteur|d[ée]biteur|comptable|disponible|final|initial|de cl[ôo]ture|d'ouverture))?(?: (?:au|le|du|en date du))?\s*:?\s*(?:\d|$))|^\s*(?:opening|closing|ending|starting|previous|new|available|ledger) balance\b|^\s*balance (?:brought|carried) forward\b/i;

export function isBalanceLabel(label: string): boolean {
  return BALANCE_LABEL.test(label);
}

/**
 * The header line again among the records: two exports joined end to end (`cat`), the second's
 * header (and its byte order mark) in the middle.
 */
export function isHeaderAgain(row: readonly string[], header: readonly string[]): boolean {
  if (row.length < header.length || header.length < 2) return false;
  // Most rows differ at the last header cell already (a name is no amount): one cheap test first.
  const last = header.length - 1;
  if ((row[last] as string).trim() !== (header[last] as string).trim()) return false;
  for (let i = 0; i < last; i++) {
    if ((row[i] as string).replace(/^\ufeff/, "").trim() !== (header[i] as string).trim()) return false;
  }
  return true;
}
