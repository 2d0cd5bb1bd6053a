// Reading state/journal.jsonl: one JSON object per line, append-only. A torn line (the process
// died while writing it) is reported and ignored; any other damaged line stops the run, because
// planning on a journal with a hole could send a reminder twice.

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { JournalEntry } from "../core/history.js";
import { problem, type Problem } from "../core/problem.js";

export const JOURNAL_FILE = "journal.jsonl";

export interface JournalRead {
  readonly entries: JournalEntry[];
  readonly problems: Problem[];
}

export async function readJournal(stateDir: string, shownAs: string): Promise<JournalRead> {
  let text: string;
  try {
    text = await readFile(path.join(stateDir, JOURNAL_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], problems: [] };
    throw err;
  }
  const lines = text.split("\n");
  const entries: JournalEntry[] = [];
  const problems: Problem[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    try {
      const value = JSON.parse(raw) as JournalEntry;
      if (typeof value !== "object" || value === null || typeof value.key !== "string" || typeof value.type !== "string") throw new Error("not a journal record");
      entries.push(value);
    } catch {
      // A record cut short by a crash is a prefix of `{…}`: it never reached its closing brace.
      // The writer ends it with a newline before appending, so it is not always the last line;
      // it is safe to ignore anywhere (an intent is complete before anything is sent).
      const torn = raw.trimStart().startsWith("{") && !raw.trimEnd().endsWith("}");
      problems.push(torn
        ? problem("warning", "journal_torn", "this journal line is incomplete (a run was interrupted while writing it); it is ignored", {
          file: shownAs, line: i + 1, hint: "nothing before it is lost; a torn intent's message never went out, and a message whose outcome was torn is held until dunning resolve says what happened (said below when so)",
        })
        : problem("error", "journal_damaged", "this journal line is not a valid record", {
          file: shownAs, line: i + 1, hint: "the journal is append-only: restore it from a backup, or fix that line by hand",
        }));
    }
  });
  return { entries, problems };
}
