#!/usr/bin/env node
// Entry shim: the program is bundled into dist/dunning.bundle.js (+ dist/chunks/) by `npm run build`,
// run by `prepare`; one file to load instead of dozens of modules keeps start-up fast. With --debug,
// stacks point into src/*.ts through the source maps (Node reads them only when asked).
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);
await import("../dist/dunning.bundle.js");
