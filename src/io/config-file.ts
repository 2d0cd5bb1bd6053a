// Finding dunning.yaml without loading the YAML parser and the config schema (yaml and zod take
// about a tenth of a second to load) when there is no file to read; io/config.ts reads and
// checks the file when there is one, with the same messages as before.

import { stat } from "node:fs/promises";
import path from "node:path";
import type { LoadedConfig } from "./config.js";

/** io/config.ts's loadConfig, loaded only when a file is named or ./dunning.yaml exists. */
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<LoadedConfig> {
  if (explicit === undefined) {
    try {
      await stat(path.join(cwd, "dunning.yaml"));
    } catch (err) {
      // Exactly the case io/config.ts answers with the defaults; any other error is its to report.
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { config: {}, path: undefined, baseDir: cwd };
    }
  }
  return (await import("./config.js")).loadConfig(explicit, cwd);
}
