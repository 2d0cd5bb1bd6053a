// Reading big exports on every core: files cut into pieces at record boundaries, read by workers
// and the main thread, checked against the whole file's decisions (date order, decimal marks) and
// assembled in order. Anything unusual sends that file back to the one-pass read.

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
import type { WorkerReply } from "./parse-worker.js";
import { readPiece, type PieceJob, type PieceRead } from "./piece.js";
import { decodeSlice } from "./slice-codec.js";

const WORKER_URL = new URL("./parse-worker.js", import.meta.url);
// Small pieces keep each thread's live rows within its young generation (cheap scavenges), the
// memory low and the main thread responsive; below ~0.5 MB the per-piece messages start to show.
// (2 MB pieces cost a worker ~40 % more CPU at 1 M rows: a piece's rows outlived a scavenge.)
const PIECE = 512 << 10;

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

/** A piece read, wherever it ran, or why it could not be. */
export type PieceOutcome = ({ readonly ok: true } & PieceRead) | { readonly ok: false; readonly message: string; readonly fatal: boolean };

type Done = (r: PieceOutcome) => void;
type Task = { readonly job: PieceJob; readonly done: Done };

/**
 * Parse workers, one per core but one, and the main thread as the last: it takes pieces between
 * handling the workers' replies, and its own slices need no encoding, copying or decoding.
 * Workers start early so their start-up overlaps reading the files.
 */
export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly queue: Task[] = [];
  /** Pieces sent to each worker, oldest first; it answers in order. */
  private readonly running = new Map<Worker, Task[]>();
  /** Per worker and file, the strings it sent so far, by index. */
  private readonly tables = new Map<Worker, Map<number, string[]>>();
  private localScheduled = false;
  private failure: Error | undefined;

  static available(): boolean {
    return availableParallelism() >= 2 && existsSync(fileURLToPath(WORKER_URL));
  }

  constructor(size = Math.min(availableParallelism(), 8) - 1) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER_URL);
      // Idle workers must not keep the process alive; busy ones must, or a pending read is lost.
      w.unref();
      w.on("message", (reply: WorkerReply) => this.reply(w, reply));
      w.on("error", (err) => this.fail(err));
      w.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`parse worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.running.set(w, []);
      this.tables.set(w, new Map());
    }
  }

  run(job: PieceJob, done: Done): void {
    this.queue.push({ job, done });
    this.pump();
  }

  private reply(w: Worker, reply: WorkerReply): void {
    const sent = this.running.get(w) as Task[];
    const task = sent.shift();
    if (sent.length === 0) w.unref();
    this.pump();
    if (!task) return;
    if (!reply.ok) {
      task.done({ ok: false, message: reply.message, fatal: false });
      return;
    }
    // Decoded even when the piece is no longer wanted: later indexes count its strings.
    const files = this.tables.get(w) as Map<number, string[]>;
    let table = files.get(task.job.fileId);
    if (!table) files.set(task.job.fileId, (table = []));
    const slice = decodeSlice(reply.slice, table, task.job.file);
    task.done({ ok: true, votes: reply.votes, reading: reply.reading, slice });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const lost = [...[...this.running.values()].flatMap((sent) => sent.splice(0)), ...this.queue.splice(0)];
    for (const w of this.workers) w.unref();
    for (const { done } of lost) done({ ok: false, message: err.message, fatal: true });
  }

  private pump(): void {
    if (this.failure) return this.fail(this.failure);
    // Two pieces in flight per worker, so it never waits for the main thread to finish its own
    // piece before hearing of the next one.
    for (const w of this.workers) {
      const sent = this.running.get(w) as Task[];
      while (sent.length < 2 && this.queue.length > 0) {
        const task = this.queue.shift() as Task;
        sent.push(task);
        w.ref();
        w.postMessage(task.job);
      }
    }
    if (this.queue.length > 0 && !this.localScheduled) {
      this.localScheduled = true;
      // setImmediate, so the workers' replies are handled between two local pieces.
      setImmediate(() => {
        this.localScheduled = false;
        const task = this.queue.shift();
        if (!task) return;
        let outcome: PieceOutcome;
        try {
          outcome = { ok: true, ...readPiece(task.job, true) };
        } catch (err) {
          outcome = { ok: false, message: (err as Error).message ?? String(err), fatal: false };
        }
        task.done(outcome);
        this.pump();
      });
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
  return Promise.all(files.map((f) => readOne(pool, f, PIECE)));
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
        line: piece.line, dialect: head.dialect, header: head.header, columns: layout.columns as Record<string, number>, options: f.options, reading,
      };
      pool.run(job, (r) => {
        if (settled || piece.dropped) return;
        if (r.ok) {
          piece.result = { slice: r.slice, reading: r.reading };
          if (r.votes) piece.votes = r.votes;
        } else {
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
      const voted = readingOf(f.kind, votes, f.options, f.file);
      const { reading } = voted;
      const warnings = [...prepared.warnings, ...voted.warnings];
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
        ? assemble("invoices", layout, warnings, slices as Slice<Invoice>[], f.file, f.options, voted.dateOrder)
        : assemble("payments", layout, warnings, slices as Slice<Payment>[], f.file, f.options, voted.dateOrder));
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
