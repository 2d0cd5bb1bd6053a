// Vitest's defaults, plus the global setup that gives the run its own temp folder and fails the
// run when a test leaves something in it, and at least two workers: on CI's two cores Vitest would
// run one (cores − 1), while most of the suite's time is spent waiting for the CLI processes it spawns.

import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
