// Reading one CSV export into a Table: decoding, separator sniffing (`,` `;` tab `|`), parsing
// with csv-parse (quoted separators and newlines), and the physical line each record starts on.
// Also the pieces a parallel read needs: the header alone, and cut points between records.

import { parse, type Options } from "csv-parse/sync";
import type { Table } from "../core/model.js";
import { hasErrors, problem, type Problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { splitRecords } from "./csv-split.js";
import { fromWin1252, prepareBytes } from "./decode.js";

const CANDIDATES = [";", ",", "\t", "|"] as const;

/** Lines a report's title may take before the header (see sniffDelimiter). */
const TITLE_LINES = 20;

/** Per line of the first `max` (quoted line breaks inside), how often each candidate occurs outside quotes. */
function separatorCounts(text: string, max: number): Map<string, number>[] {
  const lines: Map<string, number>[] = [];
  let counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const ch = text[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n"))) {
      lines.push(counts);
      counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
    } else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  if (lines.length < max) lines.push(counts);
  return lines;
}

/** The most frequent candidate of a line (the first of CANDIDATES on a tie), and how often. */
function bestOf(counts: Map<string, number>): [string, number] {
  let best = ",";
  let bestCount = 0;
  for (const c of CANDIDATES) {
    const n = counts.get(c) as number;
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return [best, bestCount];
}

/**
 * Counts each candidate separator outside quotes on the first line; the most frequent wins. A
 * report's title above the header is passed over: a line with none (the company, the report's
 * name), or with a single one the next line lacks (`As of November 22, 2026` above a tab or `;`
 * header). Up to TITLE_LINES lines; past them the first line with a separator decides.
 */
export function sniffDelimiter(text: string): string {
  const lines = separatorCounts(text, TITLE_LINES);
  let first: string | undefined;
  for (let k = 0; k < lines.length; k++) {
    const [best, n] = bestOf(lines[k] as Map<string, number>);
    if (n === 0) continue;
    first ??= best;
    const next = lines.slice(k + 1).find((l) => bestOf(l)[1] > 0);
    if (n >= 2 || next === undefined || (next.get(best) as number) > 0) return best;
  }
  return first ?? ",";
}

/** Where sniffDelimiter stops reading: the first line break outside quotes, or -1. */
function firstLineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) return i;
  }
  return -1;
}

export interface CsvOptions {
  readonly delimiter?: string | undefined;
  readonly encoding?: string | undefined;
  /** False for formats without quoting (the FEC): a `"` is text, every line one record. */
  readonly quoted?: boolean | undefined;
}

export type CsvResult =
  | { readonly ok: true; readonly table: Table; readonly delimiter: string }
  | { readonly ok: false; readonly problems: Problem[] };

const DECODE_ERRORS = {
  binary: ["is a binary file, not a CSV export", "export the data as CSV (text), not as .xlsx or .pdf"],
  empty: ["is empty", "export the data again; the file must have a header line and one row per record"],
  unknown_encoding: ["has an encoding this tool does not know", "set csv.encoding to utf-8 or windows-1252"],
} as const;

/** How one file is written, decided once for the whole file so every piece is read alike. */
export interface Dialect {
  readonly delimiter: string;
  /** The record delimiter csv-parse found at the top of the file; undefined: let it find it. */
  readonly recordDelimiter?: string | undefined;
  /** Bytes are Windows-1252: parsed as latin1, then fields with high bytes decoded again. */
  readonly win1252: boolean;
  /** The byte counted as a line break: \n, or \r in (old Mac) files without any \n. */
  readonly newline: number;
  /** False: no quoting (see CsvOptions.quoted). */
  readonly quoted?: boolean | undefined;
}

const PREFIX = 64 * 1024;

/** Text of the start of the file, long enough to hold its first line (for sniffing). */
function firstLineText(bytes: Buffer, win1252: boolean): string {
  for (let size = PREFIX; ; size *= 2) {
    const text = bytes.toString(win1252 ? "latin1" : "utf8", 0, Math.min(size, bytes.length));
    if (size >= bytes.length || firstLineEnd(text) >= 0) return text;
  }
}

export function dialectOf(bytes: Buffer, win1252: boolean, delimiter: string | undefined, quoted = true): Dialect {
  const dialect = {
    delimiter: delimiter ?? sniffDelimiter(firstLineText(bytes, win1252)),
    win1252,
    newline: bytes.includes(10) ? 10 : 13,
  };
  return quoted ? dialect : { ...dialect, quoted: false };
}

/**
 * Parses bytes into records, one per physical line outside quotes: empty lines stay (as [""])
 * so that line numbers can be counted from the records. Well-formed text takes the fast path
 * (csv-split.ts), whose fields are views into the decoded text (see own-strings.ts). Anything
 * else goes to csv-parse in its fastest mode: arrays, no info, no on_record (each costs a copy
 * of the parser's state per record). Throws CsvError.
 */
export function parseRecords(bytes: Buffer, dialect: Dialect, to?: number): string[][] {
  const encoding = dialect.win1252 ? "latin1" : "utf8";
  if (dialect.quoted === false) {
    const lines = bytes.toString(encoding).split(/\r\n|\n|\r/);
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    return lines.slice(0, to).map((l) => l.split(dialect.delimiter));
  }
  const fast = splitRecords(bytes.toString(encoding), dialect.delimiter, dialect.recordDelimiter, to);
  if (fast !== undefined) return fast;
  const options: Options = {
    delimiter: dialect.delimiter, encoding,
    relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: false,
  };
  if (to !== undefined) options.to = to;
  if (dialect.recordDelimiter !== undefined) options.record_delimiter = dialect.recordDelimiter;
  return parse(bytes, options) as string[][];
}

function count(bytes: Buffer, byte: number): number {
  let n = 0;
  for (let i = bytes.indexOf(byte); i >= 0; i = bytes.indexOf(byte, i + 1)) n++;
  return n;
}

/**
 * The physical line each record starts on, the first starting on `firstLine`. Counts line
 * breaks as bytes, so a CRLF inside a quoted cell is one line, as an editor shows it.
 */
export function startLines(bytes: Buffer, records: readonly (readonly string[])[], newline: number, firstLine: number): number[] {
  const lines = new Array<number>(records.length);
  const physical = bytes.length === 0 ? 0 : count(bytes, newline) + (bytes[bytes.length - 1] === newline ? 0 : 1);
  if (physical === records.length) {
    // One line per record, the common case: no need to look inside the fields.
    for (let i = 0; i < records.length; i++) lines[i] = firstLine + i;
    return lines;
  }
  const ch = String.fromCharCode(newline);
  let line = firstLine;
  for (let i = 0; i < records.length; i++) {
    lines[i] = line;
    line++;
    for (const field of records[i] as readonly string[]) {
      for (let j = field.indexOf(ch); j >= 0; j = field.indexOf(ch, j + 1)) line++;
    }
  }
  return lines;
}

/** What csv-parse gives for an empty line. */
export const isEmptyLine = (record: readonly string[]): boolean => record.length === 1 && record[0] === "";

export function isBlank(record: readonly string[]): boolean {
  for (const f of record) if (f.trim() !== "") return false;
  return true;
}

export function headerCells(record: readonly string[], win1252: boolean): string[] {
  return record.map((h) => (win1252 ? fromWin1252(h) : h).replace(/^\ufeff/, "").trim());
}

/**
 * csv-parse reports an unclosed quote at the end of the file, where it gave up; the user needs
 * the line where the quoted field opened: the start of the first record it could not finish.
 */
function unclosedQuote(err: unknown, bytes: Buffer, dialect: Dialect, file: string): Problem | undefined {
  const e = err as { code?: string; records?: number; index?: number };
  if (e.code !== "CSV_QUOTE_NOT_CLOSED" || typeof e.records !== "number") return undefined;
  const good = e.records === 0 ? [] : parseRecords(bytes, dialect, e.records);
  const line = startLines(bytes, [...good, []], dialect.newline, 1)[good.length];
  return problem("error", "csv_syntax", "a quoted field opens here and is never closed", {
    file, line, ...(typeof e.index === "number" ? { column: e.index + 1 } : {}),
    hint: "close the quote: a field that starts with \" must end with \"; a \" inside a field is written \"\"",
  });
}

function syntaxProblem(err: unknown, file: string): Problem {
  const e = err as { message?: string; lines?: number };
  return problem("error", "csv_syntax", `the file is not valid CSV: ${e.message ?? String(err)}`, {
    file, line: e.lines, hint: "check the quotes on that line: a field that starts with \" must end with \"",
  });
}

const emptyFile = (file: string): Problem =>
  problem("error", "file_empty", "the file is empty", { file, line: 1, hint: DECODE_ERRORS.empty[1] });

/** Decodes and sizes up one export; the problems are the ones readCsv reports, `warnings` what it says besides. */
export function prepareCsv(bytes: Uint8Array, file: string, options: CsvOptions):
  { ok: true; bytes: Buffer; dialect: Dialect; warnings: Problem[] } | { ok: false; problems: Problem[] } {
  const prepared = prepareBytes(bytes, options.encoding);
  if (!prepared.ok) {
    const [what, hint] = DECODE_ERRORS[prepared.reason];
    return { ok: false, problems: [problem("error", `file_${prepared.reason}`, `the file ${what}`, { file, line: 1, hint })] };
  }
  const warnings = prepared.repaired
    ? [problem("warning", "converted_twice", "the file was converted to UTF-8 twice (é written Ã©, € written â‚¬): read as it was meant", {
      file, line: 1, hint: "export it once, as UTF-8 or Windows-1252, or save it again from the software that made it",
    })]
    : [];
  if (prepared.strays !== undefined) {
    const n = prepared.strays.count;
    warnings.push(problem("warning", "mixed_encoding", `the file is UTF-8 but for ${n} byte${n === 1 ? "" : "s"}, read as Windows-1252 (é, €…): check the names on that line${n === 1 ? "" : " and the others"}`, {
      file, line: prepared.strays.line, hint: "save the file again as UTF-8 from the software that made it",
    }));
  }
  return { ok: true, bytes: prepared.bytes, dialect: dialectOf(prepared.bytes, prepared.win1252, options.delimiter, options.quoted), warnings };
}

/** Parses the bytes of one export. `file` is the name used in messages. */
export function readCsv(bytes: Uint8Array, file: string, options: CsvOptions = {}): CsvResult {
  const prepared = prepareCsv(bytes, file, options);
  if (!prepared.ok) return prepared;
  const { dialect } = prepared;
  let records: string[][];
  try {
    records = parseRecords(prepared.bytes, dialect);
  } catch (err) {
    return { ok: false, problems: [unclosedQuote(err, prepared.bytes, dialect, file) ?? syntaxProblem(err, file)] };
  }
  const starts = startLines(prepared.bytes, records, dialect.newline, 1);
  let h = 0;
  while (h < records.length && isEmptyLine(records[h] as string[])) h++;
  const first = records[h];
  if (!first) return { ok: false, problems: [emptyFile(file)] };
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = h + 1; i < records.length; i++) {
    const record = records[i] as string[];
    if (isBlank(record)) continue;
    rows.push(dialect.win1252 ? record.map(fromWin1252) : record);
    lines.push(starts[i] as number);
  }
  const table: Table = { file, header: headerCells(first, dialect.win1252), rows, lines };
  return { ok: true, table: prepared.warnings.length > 0 ? { ...table, warnings: prepared.warnings } : table, delimiter: dialect.delimiter };
}

/**
 * An export read into records by `read` (given the table and its separator); the table's own
 * warnings come first among the problems, and any error among them stops the command.
 */
export function readExport<R extends { readonly problems: Problem[] }>(
  bytes: Uint8Array, file: string, options: CsvOptions, read: (table: Table, delimiter: string) => R,
): R {
  const parsed = readCsv(bytes, file, options);
  if (!parsed.ok) throw new InputError(parsed.problems);
  const result = read(parsed.table, parsed.delimiter);
  const problems = [...(parsed.table.warnings ?? []), ...result.problems];
  if (hasErrors(problems)) throw new InputError(problems);
  return { ...result, problems };
}

/** The header of a big file read alone, and where (byte, line) its data starts. */
export interface Head {
  readonly header: string[];
  /** The dialect with the record delimiter fixed, so every piece splits records alike. */
  readonly dialect: Dialect;
  readonly dataStart: number;
  readonly dataLine: number;
}

/**
 * Reads records at the top of the file until the header, as readCsv would. Undefined when that
 * takes more than the whole file or the file does not read as CSV: readCsv then says why.
 */
export function readHead(bytes: Buffer, dialect: Dialect): Head | undefined {
  for (let size = PREFIX; size < bytes.length * 2; size *= 2) {
    const prefix = bytes.subarray(0, Math.min(size, bytes.length));
    let records: { record: string[]; info: { bytes: number } }[];
    try {
      records = parse(prefix, {
        delimiter: dialect.delimiter, encoding: dialect.win1252 ? "latin1" : "utf8", info: true, to: 100,
        relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: false,
      }) as unknown as { record: string[]; info: { bytes: number } }[];
    } catch {
      continue; // a quoted field runs past the prefix
    }
    const h = records.findIndex((r) => !isEmptyLine(r.record));
    const head = records[h];
    const first = records[0];
    // The record must have ended on a line break inside the prefix, not at its edge.
    if (!head || !first || head.info.bytes >= prefix.length || h + 1 >= records.length) continue;
    // csv-parse settles on the line break that ends the first record (empty or not).
    const end = first.info.bytes;
    const recordDelimiter = bytes[end - 1] === 10 ? (bytes[end - 2] === 13 ? "\r\n" : "\n") : bytes[end - 1] === 13 ? "\r" : undefined;
    if (recordDelimiter === undefined) return undefined;
    const dataStart = head.info.bytes;
    return {
      header: headerCells(head.record, dialect.win1252),
      dialect: { ...dialect, recordDelimiter },
      dataStart,
      dataLine: 1 + count(bytes.subarray(0, dataStart), dialect.newline),
    };
  }
  return undefined;
}

/** Number of quote bytes in [from, to). */
function quotes(bytes: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = bytes.indexOf(34, from); i >= 0 && i < to; i = bytes.indexOf(34, i + 1)) n++;
  return n;
}

/**
 * Cuts the data of a file into pieces of about `size` bytes, each ending just after a record
 * delimiter whose own line and next line hold an even number of quotes (so, as far as can be
 * told without parsing from the top, not inside a quoted cell). A wrong guess cannot go
 * unnoticed: the piece before it then ends inside quotes and csv-parse refuses it.
 * Returns the pieces with the line each starts on.
 */
export function cutPieces(bytes: Buffer, head: Head, size: number): { start: number; end: number; line: number }[] {
  const { newline, recordDelimiter = "\n" } = head.dialect;
  const last = recordDelimiter.charCodeAt(recordDelimiter.length - 1);
  const pieces: { start: number; end: number; line: number }[] = [];
  let start = head.dataStart;
  let line = head.dataLine;
  while (bytes.length - start > size * 1.5) {
    let cut = -1;
    let first = -1;
    let at = bytes.indexOf(last, start + size);
    for (let tries = 0; at >= 0 && tries < 1000; tries++, at = bytes.indexOf(last, at + 1)) {
      if (recordDelimiter === "\r\n" && bytes[at - 1] !== 13) continue;
      if (first < 0) first = at;
      const lineStart = bytes.lastIndexOf(last, at - 1) + 1;
      const next = bytes.indexOf(last, at + 1);
      if (quotes(bytes, lineStart, at) % 2 === 0 && quotes(bytes, at + 1, next < 0 ? bytes.length : next) % 2 === 0) {
        cut = at + 1;
        break;
      }
    }
    if (cut < 0) cut = first + 1;
    if (cut <= start || cut >= bytes.length) break;
    pieces.push({ start, end: cut, line });
    line += count(bytes.subarray(start, cut), newline);
    start = cut;
  }
  pieces.push({ start, end: bytes.length, line });
  return pieces;
}
