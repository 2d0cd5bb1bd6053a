// Reading big exports on every core: each file is cut into pieces at record boundaries, worker
// threads parse and convert the pieces, and the main thread checks every piece was read with the
// decisions taken from the whole file (date order, decimal marks), then assembles them in order.
// Anything unusual (a cut inside quotes, a bad header) sends that file back to the one-pass path.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Invoice, Payment } from "../core/model.js";
import {
  assemble, layoutOf, layoutOk, mergeVotes, readingOf, type Reading, type ReadOptions, type ReadResult, type RecordKind,
  type Slice, type Votes,
} from "../core/records.js";
import { cutPieces, prepareCsv, readHead, type CsvOptions } from "./csv.js";
import type { PieceJob, PieceResult } from "./parse-worker.js";
import { decodeSlice } from "./slice-codec.js";

const WORKER_URL = new URL("./parse-worker.js", import.meta.url);
// Small pieces keep each worker's live rows within its young generation (cheap scavenges) and
// the memory low; below ~0.5 MB the per-piece messages start to show.
const MIN_PIECE = 512 << 10;
const MAX_PIECE = 2 << 20;

export interface FileToRead {
  readonly kind: RecordKind;
  readonly bytes: Buffer;
  /** Name used in messages. */
  readonly file: string;
  readonly csv: CsvOptions;
  readonly options: ReadOptions;
}

/** The outcome for one file: its records and problems, or a request to read it in one pass. */
export type ParallelOutcome = ReadResult<Invoice | Payment> | "one-pass";

/** Threads the machine can run at once; below two, threads only add overhead. */
export function parallelism(): number {
  return Math.min(availableParallelism(), 8);
}

/** A fixed set of parse workers, started early so their start-up overlaps reading the files. */
export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { job: PieceJob; done: (r: PieceResult, worker: Worker) => void }[] = [];
  private readonly running = new Map<Worker, (r: PieceResult, worker: Worker) => void>();
  private failure: Error | undefined;

  static available(): boolean {
    return parallelism() >= 2 && existsSync(fileURLToPath(WORKER_URL));
  }

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      // A young generation larger than the default saves scavenges: every parsed row survives
      // until its piece is converted.
      const w = new Worker(WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: 48 } });
      // Idle workers must not keep the process alive; busy ones must, or a pending read is lost.
      w.unref();
      w.on("message", (r: PieceResult) => {
        const done = this.running.get(w);
        this.running.delete(w);
        w.unref();
        this.idle.push(w);
        this.pump();
        done?.(r, w);
      });
      w.on("error", (err) => this.fail(err));
      w.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`parse worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.workers) w.unref();
    for (const [w, done] of this.running) done({ id: -1, ok: false, message: err.message, fatal: true }, w);
    this.running.clear();
    for (const { job, done } of this.queue.splice(0)) done({ id: job.id, ok: false, message: err.message, fatal: true }, this.workers[0] as Worker);
  }

  run(job: PieceJob, done: (r: PieceResult, worker: Worker) => void): void {
    if (this.failure) {
      done({ id: job.id, ok: false, message: this.failure.message, fatal: true }, this.workers[0] as Worker);
      return;
    }
    this.queue.push({ job, done });
    this.pump();
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop() as Worker;
      const { job, done } = this.queue.shift() as { job: PieceJob; done: (r: PieceResult, worker: Worker) => void };
      this.running.set(w, done);
      w.ref();
      w.postMessage(job);
    }
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
  }
}

/** Bytes the workers can all read without a copy each. */
function shared(bytes: Buffer): { buffer: SharedArrayBuffer; offset: number } {
  if (bytes.buffer instanceof SharedArrayBuffer) return { buffer: bytes.buffer, offset: bytes.byteOffset };
  const buffer = new SharedArrayBuffer(bytes.length);
  Buffer.from(buffer).set(bytes);
  return { buffer, offset: 0 };
}

/** What the last reads did, for test/bench/check.mjs to show which path each file took. */
export const stats = { pieces: 0, merges: 0, rereads: 0, onePass: 0 };

let nextFileId = 0;
let nextJobId = 0;

/** Reads every file through the pool; resolves once all are assembled (or sent back). */
export async function readInParallel(pool: ParsePool, files: readonly FileToRead[]): Promise<ParallelOutcome[]> {
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  const size = Math.max(MIN_PIECE, Math.min(MAX_PIECE, Math.ceil(total / (parallelism() * 8))));
  return Promise.all(files.map((f) => readOne(pool, f, size)));
}

function readOne(pool: ParsePool, f: FileToRead, size: number): Promise<ParallelOutcome> {
  const prepared = prepareCsv(f.bytes, f.file, f.csv);
  if (!prepared.ok) return Promise.resolve({ records: [], problems: prepared.problems });
  const head = readHead(prepared.bytes, prepared.dialect);
  if (!head) return onePass();
  const layout = layoutOf(f.kind, head.header, f.options, f.file);
  // Header problems must come out as the one-pass read gives them (after any CSV syntax error).
  if (!layoutOk(layout)) return onePass();
  const { buffer, offset } = shared(prepared.bytes);
  const fileId = nextFileId++;
  const tables = new Map<Worker, string[]>();
  /** The pieces in file order; a piece that ends inside quotes is merged with the next one. */
  const pieces: Piece[] = cutPieces(prepared.bytes, head, size).map((p) => ({ ...p, dropped: false }));
  stats.pieces += pieces.length;

  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: ParallelOutcome): void => {
      settled = true;
      resolve(outcome);
    };
    const submit = (piece: Piece, reading?: Reading): void => {
      piece.result = undefined;
      const job: PieceJob = {
        id: nextJobId++, fileId, kind: f.kind, file: f.file, buffer, start: offset + piece.start, end: offset + piece.end,
        line: piece.line, dialect: head.dialect, columns: layout.columns as Record<string, number>, options: f.options, reading,
      };
      pool.run(job, (r, worker) => {
        if (settled) return;
        if (r.ok) {
          // Even a dropped piece's strings extend the worker's table: later indexes count them.
          let table = tables.get(worker);
          if (!table) tables.set(worker, (table = []));
          const slice = decodeSlice(r.slice, table, f.file);
          if (piece.dropped) return;
          piece.result = { slice, reading: r.reading };
          if (r.votes) piece.votes = r.votes;
        } else {
          if (piece.dropped) return;
          const k = pieces.indexOf(piece);
          const next = pieces[k + 1];
          // The last piece ends where the file does: an open quote there is the file's own error.
          if (r.fatal || !next) {
            stats.onePass++;
            settle("one-pass");
            return;
          }
          // Cut inside a quoted cell: read this piece and the next as one.
          stats.merges++;
          next.dropped = true;
          const merged: Piece = { start: piece.start, end: next.end, line: piece.line, dropped: false };
          pieces.splice(k, 2, merged);
          submit(merged);
          return;
        }
        if (pieces.every((p) => p.result)) finish();
      });
    };
    const finish = (): void => {
      const votes = pieces.map((p) => p.votes as Votes).reduce(mergeVotes);
      const { reading, warnings } = readingOf(f.kind, votes, f.options, f.file);
      // A piece decided alone may have read dates or amounts otherwise (it had no deciding
      // value, say): read it again with the file's decision. Rare with real exports.
      const stale = pieces.filter((p) => !sameReading(p.result?.reading as Reading, reading));
      if (stale.length > 0) {
        stats.rereads += stale.length;
        for (const p of stale) submit(p, reading);
        return;
      }
      const slices = pieces.map((p) => p.result?.slice as Slice<Invoice | Payment>);
      settle(f.kind === "invoices"
        ? assemble("invoices", layout, warnings, slices as Slice<Invoice>[], f.file, f.options)
        : assemble("payments", layout, warnings, slices as Slice<Payment>[], f.file, f.options));
    };
    for (const p of [...pieces]) submit(p);
  });
}

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** Merged into the piece before it: its result, if any comes, is not used. */
  dropped: boolean;
  result?: { slice: Slice<Invoice | Payment>; reading: Reading } | undefined;
  /** What its values vote for, from its first (undirected) reading. */
  votes?: Votes;
}

function onePass(): Promise<ParallelOutcome> {
  stats.onePass++;
  return Promise.resolve("one-pass");
}

/** What matters for converting rows: the order and each mark (conflicts follow from the mark). */
function sameReading(a: Reading, b: Reading): boolean {
  return a.order === b.order && a.marks.every((m, i) => m === b.marks[i]);
}
