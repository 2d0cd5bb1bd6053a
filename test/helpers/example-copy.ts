// Private copies of examples/ in the system temp folder, for CLI tests that write (holds, journal,
// outbox, letters): each test works in its own copy, removed after it.

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { ROOT } from "./run-cli.js";

/** Registers the clean-up in the calling test file; returns a function making one copy. */
export function exampleCopies(prefix: string): () => string {
  const temps: string[] = [];
  afterEach(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `dunning-${prefix}-`));
    temps.push(dir);
    cpSync(path.join(ROOT, "examples"), dir, { recursive: true });
    return dir;
  };
}
