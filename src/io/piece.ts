// One piece of a big export read into a converted slice, on whichever thread runs it: the bytes
// are shared, the piece says what its values vote for (date order, decimal marks) so the file's
// decision can be checked against the one the piece took alone.

import type { Invoice, Payment, Table } from "../core/model.js";
import {
  convertSlice, readingOf, votesOf, type Reading, type ReadOptions, type RecordKind, type Slice, type Votes,
} from "../core/records.js";
import { isBlank, parseRecords, startLines, type Dialect } from "./csv.js";
import { fromWin1252 } from "./decode.js";
import { ownStrings } from "./own-strings.js";

export interface PieceJob {
  readonly id: number;
  /** Identifies the file, for the string table its pieces share on a worker. */
  readonly fileId: number;
  readonly kind: RecordKind;
  readonly file: string;
  readonly buffer: SharedArrayBuffer;
  readonly start: number;
  readonly end: number;
  /** Line on which the piece starts. */
  readonly line: number;
  readonly dialect: Dialect;
  /** The file's header: its width says which values come after the last column. */
  readonly header: readonly string[];
  readonly columns: Readonly<Record<string, number>>;
  readonly options: ReadOptions;
  /** The file's reading when already decided (a piece read again); else decided from the piece. */
  readonly reading?: Reading | undefined;
}

export interface PieceRead {
  /** Undefined when the reading was given. */
  readonly votes: Votes | undefined;
  readonly reading: Reading;
  readonly slice: Slice<Invoice | Payment>;
}

/**
 * Throws csv-parse's error when the piece does not parse (most often: it ends inside quotes).
 * `kept`: the records stay in this thread for the whole run (the main thread's own pieces), so
 * their strings are copied out of the piece's text (own-strings.ts): at 1 M rows views kept
 * ~190 MB of text alive. A worker's records are copied out by the message anyway.
 */
export function readPiece(job: PieceJob, kept = false): PieceRead {
  const bytes = Buffer.from(job.buffer, job.start, job.end - job.start);
  const records = parseRecords(bytes, job.dialect);
  const starts = startLines(bytes, records, job.dialect.newline, job.line);
  const used = job.dialect.win1252 ? [...new Set(Object.values(job.columns))] : [];
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as string[];
    if (isBlank(record)) continue;
    // Only the columns read need their Windows-1252 letters put right.
    for (const c of used) if (record[c] !== undefined) record[c] = fromWin1252(record[c]);
    rows.push(record);
    lines.push(starts[i] as number);
  }
  const table: Table = { file: job.file, header: job.header, rows, lines };
  const votes = job.reading ? undefined : votesOf(job.kind, rows, job.columns, job.options.defaultCurrency);
  const reading = job.reading ?? readingOf(job.kind, votes as Votes, job.options, job.file).reading;
  const slice = job.kind === "invoices"
    ? convertSlice("invoices", table, job.columns, reading, job.options)
    : convertSlice("payments", table, job.columns, reading, job.options);
  if (kept) ownStrings(job.kind, slice.records);
  return { votes, reading, slice };
}
