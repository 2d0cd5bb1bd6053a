// Temp folders for tests, each removed once nothing can still use it, so a run leaves nothing
// behind in the temp folder (test/global-setup.ts fails the run if it does).

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, onTestFinished, TestRunner } from "vitest";

/**
 * A new empty folder `dunning-<prefix>-XXXXXX` in the temp folder. Made inside a test, it is removed
 * when that test has finished, after its afterEach hooks (a child process the test awaited is gone
 * by then); made while the file is collected (top level or a describe body), after the tests of
 * that file or block, for folders they share. Not from beforeAll/beforeEach: there neither hook
 * would fire, and the run's leak check would report the folder.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `dunning-${prefix}-`));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  if (TestRunner.getCurrentTest()) onTestFinished(remove);
  else afterAll(remove);
  return dir;
}
