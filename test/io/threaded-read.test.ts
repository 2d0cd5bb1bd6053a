// The threaded reader (big exports cut in pieces, read by workers and the main thread) must give
// exactly the records and problems of the one-pass read. It needs the built worker, so this runs
// test/bench/check.mjs on the build (`npm test` builds first; after editing src/ alone, run
// `npm run build`): awkward exports of 30 000 rows each, both ways, compared as JSON.

import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("the threaded reader", () => {
  it("reads every awkward export as the one-pass read does, in several pieces", { timeout: 120_000 }, () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "test/bench/check.mjs"), "--dir", tempDir("threads")], { encoding: "utf8", timeout: 110_000 });
    expect(r.stderr).toBe("");
    const lines = r.stdout.trim().split("\n");
    // A case made to go through the threads must have been cut into pieces there (both files
    // together: 30 000 rows make 3 or more pieces each).
    for (const name of ["plain", "multiline-crlf", "french", "report-lines", "converted-twice", "addresses", "statuses"]) {
      expect(lines.find((l) => l.includes(` ${name} `)), name).toMatch(/^same .*\((?:[6-9]|\d\d+) pieces/);
    }
    // And said what these cases are there to say, both ways alike (and, in every case, that the
    // generated dates put some invoices' due dates before their issue dates, at the year's turn).
    expect(lines.find((l) => l.includes(" report-lines "))).toContain("30000 invoices, 30000 payments, 3 warnings");
    expect(lines.find((l) => l.includes(" converted-twice "))).toContain("30000 invoices, 30000 payments, 2 warnings");
    // Status values no rule knows, found in every piece, said once per file.
    expect(lines.find((l) => l.includes(" statuses "))).toMatch(/^same +statuses +30000 invoices, 30000 payments, 3 warnings \((?:[6-9]|\d\d+) pieces/);
    // The business's own status words (statuses: in dunning.yaml): no warning left but the dates',
    // the payments it says failed left out, the meanings kept on the records through the pieces.
    expect(lines.find((l) => l.includes(" own-statuses "))).toMatch(/^same +own-statuses +30000 invoices, 29980 payments, 1 warnings \((?:[6-9]|\d\d+) pieces/);
    expect(lines.filter((l) => !l.startsWith("same "))).toEqual([]);
    expect(lines.length).toBeGreaterThanOrEqual(20);
    expect(r.status).toBe(0);
  });
});
