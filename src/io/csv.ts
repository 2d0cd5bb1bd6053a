// Reading one CSV export into a Table: decoding, separator sniffing (`,` `;` tab `|`), parsing
// with csv-parse (quoted separators and newlines), and the physical line each record starts on.

import { parse } from "csv-parse/sync";
import type { Table } from "../core/model.js";
import { problem, type Problem } from "../core/problem.js";
import { decodeBytes } from "./decode.js";

const CANDIDATES = [";", ",", "\t", "|"] as const;

/** Counts each candidate separator outside quotes on the first line; the most frequent wins. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best = ",";
  let bestCount = 0;
  for (const c of CANDIDATES) {
    const n = counts.get(c) as number;
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}

export interface CsvOptions {
  readonly delimiter?: string | undefined;
  readonly encoding?: string | undefined;
}

export type CsvResult = { readonly ok: true; readonly table: Table } | { readonly ok: false; readonly problems: Problem[] };

const DECODE_ERRORS = {
  binary: ["is a binary file, not a CSV export", "export the data as CSV (text), not as .xlsx or .pdf"],
  empty: ["is empty", "export the data again; the file must have a header line and one row per record"],
  unknown_encoding: ["has an encoding this tool does not know", "set csv.encoding to utf-8 or windows-1252"],
} as const;

/** Parses the bytes of one export. `file` is the name used in messages. */
export function readCsv(bytes: Uint8Array, file: string, options: CsvOptions = {}): CsvResult {
  const decoded = decodeBytes(bytes, options.encoding);
  if (!decoded.ok) {
    const [what, hint] = DECODE_ERRORS[decoded.reason];
    return { ok: false, problems: [problem("error", `file_${decoded.reason}`, `the file ${what}`, { file, line: 1, hint })] };
  }
  const delimiter = options.delimiter ?? sniffDelimiter(decoded.text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(decoded.text, {
      delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    return {
      ok: false,
      problems: [problem("error", "csv_syntax", `the file is not valid CSV: ${e.message ?? String(err)}`, {
        file, line: e.lines, hint: "check the quotes on that line: a field that starts with \" must end with \"",
      })],
    };
  }
  const first = records[0];
  if (!first) return { ok: false, problems: [problem("error", "file_empty", "the file is empty", { file, line: 1, hint: DECODE_ERRORS.empty[1] })] };
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = 1; i < records.length; i++) {
    const { record, info } = records[i] as { record: string[]; info: { lines: number } };
    if (record.every((f) => f.trim() === "")) continue;
    lines.push(info.lines - newlinesIn(record));
    rows.push(record);
  }
  const header = first.record.map((h) => h.replace(/^\ufeff/, "").trim());
  return { ok: true, table: { file, header, rows, lines } };
}

/** Newlines inside quoted fields, so a multi-line record reports the line it starts on. */
function newlinesIn(record: readonly string[]): number {
  let n = 0;
  for (const field of record) {
    for (let i = field.indexOf("\n"); i >= 0; i = field.indexOf("\n", i + 1)) n++;
  }
  return n;
}
