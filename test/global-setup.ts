// The test run's own temp folder, and the check that the tests leave nothing in it: a test that
// forgets its temp folders would otherwise fill the machine's temp folder a little more each run.

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  // A folder of its own rather than a before/after listing of the system temp folder, which other
  // checkouts' runs on the same machine fill and empty at the same time.
  const root = mkdtempSync(path.join(os.tmpdir(), "dunning-test-run-"));
  // Test workers start after global setup, with this process's environment; processes they spawn
  // inherit it unless given their own (runCli passes TMPDIR on).
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(root).sort();
    rmSync(root, { recursive: true, force: true });
    if (left.length === 0) return;
    // Vitest only logs an error thrown at teardown, and would still exit 0.
    process.exitCode = 1;
    throw new Error([
      `the tests left ${left.length} ${left.length === 1 ? "entry" : "entries"} in the temp folder (${root}, now removed); make temp folders with tempDir() of test/helpers/temp-dir.ts:`,
      ...left.map((name) => `  ${name}`),
    ].join("\n"));
  };
}
