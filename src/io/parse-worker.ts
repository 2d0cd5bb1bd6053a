// A parse worker: reads pieces of big exports (bytes shared with the main thread) and sends the
// converted slices back as columns, with the strings of each file interned across its pieces.

import { parentPort } from "node:worker_threads";
import type { Reading, Votes } from "../core/records.js";
import { readPiece, type PieceJob } from "./piece.js";
import { encodeSlice, StringTable, type EncodedSlice } from "./slice-codec.js";

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly votes: Votes | undefined; readonly reading: Reading; readonly slice: EncodedSlice }
  | { readonly id: number; readonly ok: false; readonly message: string };

const tables = new Map<number, StringTable>();

parentPort?.on("message", (job: PieceJob) => {
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const { votes, reading, slice } = readPiece(job);
    let strings = tables.get(job.fileId);
    if (!strings) tables.set(job.fileId, (strings = new StringTable()));
    const encoded = encodeSlice(job.kind, slice, strings);
    transfer = encoded.transfer;
    reply = { id: job.id, ok: true, votes, reading, slice: encoded.encoded };
  } catch (err) {
    // Most often a piece cut inside a quoted cell: the main thread reads it with the next one.
    reply = { id: job.id, ok: false, message: (err as Error).message ?? String(err) };
  }
  parentPort?.postMessage(reply, transfer);
});
