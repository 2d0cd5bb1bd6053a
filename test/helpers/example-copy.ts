// Private copies of examples/ in a temp folder, for CLI tests that write (holds, journal, outbox,
// letters): each test works in its own copy, removed after it.

import { cpSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./run-cli.js";
import { tempDir } from "./temp-dir.js";

/** A copy of examples/ in `dunning-<prefix>-XXXXXX`; call it inside the test that uses it. */
export function exampleCopy(prefix: string): string {
  const dir = tempDir(prefix);
  cpSync(path.join(ROOT, "examples"), dir, { recursive: true });
  return dir;
}
