// Appending to state/journal.jsonl: one JSON line per event, written and fsync'ed before the
// next step, so that after a crash the journal holds every intent that may have reached the mail
// server. Never rewrites a line.

import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { JournalEntry } from "../core/history.js";
import { JournalWriteError } from "../errors.js";
import { JOURNAL_FILE } from "./journal-read.js";
import type { FailureScope } from "./mailer.js";

/** What a line holds beyond the folded fields: amounts, recipient, Message-ID, time, error. */
export interface JournalLine extends JournalEntry {
  readonly v: 1;
  /** Instant the line was written (ISO 8601, UTC). */
  readonly at: string;
  readonly to?: string;
  readonly message_id?: string;
  readonly amount?: string;
  readonly fees?: string;
  readonly interest?: string;
  readonly currency?: string;
  readonly error?: string;
  /** failed: whose problem it was — the address (`recipient`), this message's content
   * (`message`: too large, refused as spam) or the sender's SMTP setup (`server`, retried). */
  readonly reason?: FailureScope;
  /** sent: delivered to the customer, but something needs a look (an archive copy refused). */
  readonly warning?: string;
  readonly files?: readonly string[];
}

export interface JournalWriter {
  append(line: JournalLine): Promise<void>;
  close(): Promise<void>;
}

export async function openJournal(stateDir: string): Promise<JournalWriter> {
  await mkdir(stateDir, { recursive: true });
  const handle: FileHandle = await open(path.join(stateDir, JOURNAL_FILE), "a");
  // A torn last line from a crash must not glue itself to the next record.
  const { size } = await handle.stat();
  if (size > 0) {
    const last = Buffer.alloc(1);
    const probe = await open(path.join(stateDir, JOURNAL_FILE), "r");
    await probe.read(last, 0, 1, size - 1);
    await probe.close();
    if (last[0] !== 0x0a) await handle.write("\n");
  }
  return {
    async append(line) {
      try {
        // A write may take only part of the line (the disk fills up in the middle of it) without
        // an error: the rest is written until it is all on disk or the write fails. An intent torn
        // in silence would let its e-mail go out and the next run, skipping the torn line, send
        // it again.
        const bytes = Buffer.from(JSON.stringify(line) + "\n");
        for (let done = 0; done < bytes.length;) {
          const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
          if (bytesWritten <= 0) throw Object.assign(new Error("no space left on device, write"), { code: "ENOSPC" });
          done += bytesWritten;
        }
        await handle.sync();
      } catch (err) {
        throw new JournalWriteError(path.join(stateDir, JOURNAL_FILE), line.type, err as NodeJS.ErrnoException);
      }
    },
    async close() {
      await handle.close();
    },
  };
}
