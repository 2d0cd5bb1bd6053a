// A parse worker: turns one piece of a big export (bytes shared with the main thread) into a
// converted slice, and says what the piece's values vote for (date order, decimal marks) so the
// main thread can check the piece was read as the whole file must be.

import { parentPort } from "node:worker_threads";
import type { Table } from "../core/model.js";
import {
  convertSlice, readingOf, votesOf, type Reading, type ReadOptions, type RecordKind, type Slice, type Votes,
} from "../core/records.js";
import type { Invoice, Payment } from "../core/model.js";
import { isBlank, parseRecords, startLines, type Dialect } from "./csv.js";
import { fromWin1252 } from "./decode.js";
import { encodeSlice, StringTable, type EncodedSlice } from "./slice-codec.js";

export interface PieceJob {
  readonly id: number;
  /** Identifies the file, for the string table shared by its pieces. */
  readonly fileId: number;
  readonly kind: RecordKind;
  readonly file: string;
  readonly buffer: SharedArrayBuffer;
  readonly start: number;
  readonly end: number;
  /** Line on which the piece starts. */
  readonly line: number;
  readonly dialect: Dialect;
  readonly columns: Readonly<Record<string, number>>;
  readonly options: ReadOptions;
  /** The file's reading when already decided (a piece read again); else decided from the piece. */
  readonly reading?: Reading | undefined;
}

export type PieceResult =
  | { readonly id: number; readonly ok: true; readonly votes: Votes | undefined; readonly reading: Reading; readonly slice: EncodedSlice }
  | { readonly id: number; readonly ok: false; readonly message: string; /** The pool broke, not the piece. */ readonly fatal?: boolean };

const tables = new Map<number, StringTable>();

export function runPiece(job: PieceJob): { result: PieceResult; transfer: ArrayBuffer[] } {
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
  const table: Table = { file: job.file, header: [], rows, lines };
  const votes = job.reading ? undefined : votesOf(job.kind, rows, job.columns);
  const reading = job.reading ?? readingOf(job.kind, votes as Votes, job.options, job.file).reading;
  const slice: Slice<Invoice | Payment> = job.kind === "invoices"
    ? convertSlice("invoices", table, job.columns, reading, job.options)
    : convertSlice("payments", table, job.columns, reading, job.options);
  let strings = tables.get(job.fileId);
  if (!strings) tables.set(job.fileId, (strings = new StringTable()));
  const { encoded, transfer } = encodeSlice(job.kind, slice, strings);
  return { result: { id: job.id, ok: true, votes, reading, slice: encoded }, transfer };
}

parentPort?.on("message", (job: PieceJob) => {
  let out: { result: PieceResult; transfer: ArrayBuffer[] };
  try {
    out = runPiece(job);
  } catch (err) {
    // Most often a piece cut inside a quoted cell: the main thread reads the file in one go.
    out = { result: { id: job.id, ok: false, message: (err as Error).message ?? String(err) }, transfer: [] };
  }
  parentPort?.postMessage(out.result, out.transfer);
});
