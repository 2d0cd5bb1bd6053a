// Vitest's defaults, plus the global setup that gives the run its own temp folder and fails the
// run when a test leaves something in it.

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
  },
});
