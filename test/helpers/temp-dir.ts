// Temp folders for tests, each removed once nothing can still use it, so a run leaves nothing
// behind in the temp folder (test/global-setup.ts fails the run if it does).

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { onTestFinished, TestRunner } from "vitest";

/**
 * A new empty folder `dunning-<prefix>-XXXXXX` in the temp folder, removed when the calling test
 * has finished, after its afterEach hooks (a child process the test awaited is gone by then).
 * Only inside a test (or its beforeEach): a folder made while a file is collected would be
 * removed by an afterAll, which vitest skips when a filter (-t, .only) skips the block's tests,
 * and the run's leak check would then fail a run that only ran other tests.
 */
export function tempDir(prefix: string): string {
  if (!TestRunner.getCurrentTest()) throw new Error(`tempDir("${prefix}") outside a test: make the folder inside each test that uses it`);
  const dir = mkdtempSync(path.join(os.tmpdir(), `dunning-${prefix}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
