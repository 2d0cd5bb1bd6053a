// `node test/bench/phases.mjs SIZE [--one-pass | --threads] [--fr] [--first]` (after `npm run build`):
// where the time of `dunning age` goes in one process: modules, reading both exports (io/inputs),
// lettrage (core/match), aging and JSON; --one-pass / --threads force a way of reading; --root DIR;
// --first letters with the foundation's lettrage (first-lettrage.mjs) instead of the full cascade.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.mjs";

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// --root DIR: time another build (its dist/), on the same data.
const ROOT = process.argv.includes("--root") ? path.resolve(process.argv[process.argv.indexOf("--root") + 1]) : HERE;
const size = Number(process.argv[2] ?? 100_000);
const data = generate(size, { fr: process.argv.includes("--fr") });
const AS_OF = "2026-11-22";

const ms = (a, b) => `${(b - a).toFixed(0)} ms`;
const t0 = performance.now();
const { loadInputs, reading } = await import(path.join(ROOT, "dist/io/inputs.js"));
if (process.argv.includes("--threads")) reading.parallelBytes = 0;
const { resolveSettings } = await import(path.join(ROOT, "dist/io/settings.js"));
const { matchPayments } = await import(path.join(ROOT, "dist/core/match.js"));
const { ageBalances } = await import(path.join(ROOT, "dist/core/aging.js"));
const { viewAging } = await import(path.join(ROOT, "dist/core/aging-view.js"));
const { renderAgeJson } = await import(path.join(ROOT, "dist/render/age.js"));
const t1 = performance.now();

const settings = resolveSettings({ invoices: data.invoices, payments: data.payments }, { LANG: "C.UTF-8" },
  { config: {}, path: undefined, baseDir: ROOT }, ROOT);
let inputs;
if (process.argv.includes("--one-pass")) {
  // The one-pass path, as loadInputs takes it for small inputs.
  const { readFileSync } = await import("node:fs");
  const { readCsv } = await import(path.join(ROOT, "dist/io/csv.js"));
  const { toInvoices, toPayments } = await import(path.join(ROOT, "dist/core/records.js"));
  const options = (what) => ({ defaultCurrency: settings.currency, paymentTermsDays: settings.paymentTermsDays,
    dateOrder: settings.dateOrder, fallbackDateOrder: settings.fallbackDateOrder, columns: settings.columns[what] });
  const table = (file) => readCsv(readFileSync(file), path.relative(ROOT, file), settings.csv).table;
  inputs = { invoices: toInvoices(table(data.invoices), options("invoices")).records, payments: toPayments(table(data.payments), options("payments")).records };
} else {
  inputs = await loadInputs(settings, ROOT);
}
const t2 = performance.now();
const first = process.argv.includes("--first");
const ledger = first
  ? (await import("./first-lettrage.mjs")).firstLettrage({ invoices: inputs.invoices, payments: inputs.payments, asOf: AS_OF,
    references: await import(path.join(ROOT, "dist/core/references.js")) })
  : matchPayments({ invoices: inputs.invoices, payments: inputs.payments, asOf: AS_OF });
const t3 = performance.now();
const json = renderAgeJson(viewAging(ageBalances(ledger, { asOf: AS_OF, buckets: settings.buckets, basis: settings.basis }), { sort: "overdue" }));
const t4 = performance.now();
const usage = process.resourceUsage();
console.log([
  `${size.toLocaleString("en-US")} invoices (${inputs.invoices.length} + ${inputs.payments.length} records read, `
    + `${process.argv.includes("--one-pass") ? "one pass" : `threads above ${reading.parallelBytes / 2 ** 20} MB`})`,
  `  modules ${ms(t0, t1)}, read ${ms(t1, t2)}, ${first ? "first lettrage" : "match"} ${ms(t2, t3)}, age+json ${ms(t3, t4)} (${json.length} bytes)`,
  `  CPU ${((usage.userCPUTime + usage.systemCPUTime) / 1000).toFixed(0)} ms, peak RSS ${(usage.maxRSS / 1024).toFixed(0)} MiB`,
].join("\n"));
