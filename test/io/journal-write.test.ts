// The journal takes a line whole or says it could not: a disk that fills up in the middle of an
// intent must not leave it torn in silence (its e-mail would go out, and the next run, which skips
// a torn line, would send it again). The file-size limit of a child process (ulimit -f) makes the
// kernel take part of a write, as a full disk does, without privileges.

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Appends two ~1.1 kB lines through the built journal writer, the file limited to 1 KiB. */
function appendUnderLimit(dir: string): string {
  const script = path.join(dir, "append.mjs");
  writeFileSync(script, `
const { openJournal } = await import(${JSON.stringify(path.join(ROOT, "dist/io/journal-write.js"))});
const journal = await openJournal(${JSON.stringify(dir)});
const line = { v: 1, key: "k", run: "r", at: "t", date: "2026-11-22", customer: "C".repeat(1000), step: "reminder-1", channel: "email", invoices: [], type: "intent" };
try {
  await journal.append(line);
  console.log("appended");
} catch (err) {
  console.log(err.name + " " + err.line + ": " + err.message);
}
`);
  const r = spawnSync("bash", ["-c", `ulimit -f 1; exec "${process.execPath}" "${script}"`], { encoding: "utf8" });
  return r.stdout.trim();
}

describe.skipIf(process.platform !== "linux")("journal appends", () => {
  it("a line the disk takes only part of is an error, never a torn line taken as written", () => {
    const dir = tempDir("journal-write");
    const out = appendUnderLimit(dir);
    expect(out).toMatch(/^JournalWriteError intent: cannot write .*journal\.jsonl: EFBIG/);
    // What reached the disk is the torn part, which the reader reports and ignores.
    expect(readFileSync(path.join(dir, "journal.jsonl"), "utf8")).not.toContain("\n");
  });
});
