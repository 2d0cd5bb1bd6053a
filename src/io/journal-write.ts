// Appending to state/journal.jsonl: one JSON line per event, written and fsync'ed before the
// next step, so that after a crash the journal holds every intent that may have reached the mail
// server. Never rewrites a line.

import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { JournalEntry } from "../core/history.js";
import { JOURNAL_FILE } from "./journal-read.js";
import { JournalWriteError } from "../errors.js";
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
        await handle.write(JSON.stringify(line) + "\n");
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
