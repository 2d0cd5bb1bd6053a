// The test run's own temp folder, and the check that the tests leave nothing in it: a test that
// forgets its temp folders would otherwise fill the machine's temp folder a little more each run.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const PREFIX = "dunning-test-run-";
const OWNER = ".owner";

/** Is the process that made a run folder gone? (Its folder was left by a run stopped with Ctrl-C.) */
function abandoned(folder: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(folder, OWNER), "utf8"));
  } catch {
    // Made before runs wrote their pid (or being made now): left only once a day old.
    return Date.now() - (statSync(folder, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 86_400_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  // A run stopped with Ctrl-C never reaches its teardown: its folder is removed by the next run.
  for (const name of readdirSync(os.tmpdir())) {
    const folder = path.join(os.tmpdir(), name);
    if (name.startsWith(PREFIX) && abandoned(folder)) rmSync(folder, { recursive: true, force: true });
  }
  // A folder of its own rather than a before/after listing of the system temp folder, which other
  // checkouts' runs on the same machine fill and empty at the same time.
  const root = mkdtempSync(path.join(os.tmpdir(), PREFIX));
  writeFileSync(path.join(root, OWNER), String(process.pid));
  // Test workers start after global setup, with this process's environment; processes they spawn
  // inherit it unless given their own (runCli passes TMPDIR on).
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(root).filter((name) => name !== OWNER).sort();
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
