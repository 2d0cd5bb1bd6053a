// CommonJS packages loaded on first use instead of at start-up: iconv-lite (~70 ms to load, for
// Windows-1252 files only), cli-table3 (~50 ms, for tables only) and csv-stringify (for CSV
// output only) would otherwise be paid by every `dunning age --format json` on a UTF-8 export.

import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

/** A getter that requires `specifier` the first time it is called. */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(specifier) as T);
}
