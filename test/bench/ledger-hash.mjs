// `node test/bench/ledger-hash.mjs SIZE [--root DIR] [--decisions]` (after `npm run build`): sha256 of
// every field of the ledger matchPayments returns on the generated data, per field, so a change to
// the engine can be shown to give the same ledger byte for byte (compare with --root of the old build).

import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.mjs";

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const i = process.argv.indexOf("--root");
const ROOT = i >= 0 ? path.resolve(process.argv[i + 1]) : HERE;
const size = Number(process.argv[2] ?? 10_000);
const data = generate(size, { fr: process.argv.includes("--fr") });
const AS_OF = "2026-11-22";

const { loadInputs } = await import(path.join(ROOT, "dist/io/inputs.js"));
const { resolveSettings } = await import(path.join(ROOT, "dist/io/settings.js"));
const { matchPayments } = await import(path.join(ROOT, "dist/core/match.js"));
const settings = resolveSettings({ invoices: data.invoices, payments: data.payments }, { LANG: "C.UTF-8" },
  { config: {}, path: undefined, baseDir: HERE }, HERE);
const inputs = await loadInputs(settings, HERE);
// A few decisions drawn from the data, so pass P0 runs too.
const decisions = process.argv.includes("--decisions")
  ? inputs.payments.filter((_, k) => k % 997 === 0).map((p, k) => ({
    payment: p.id, invoice: inputs.invoices[(k * 31) % inputs.invoices.length].number, amount: undefined,
    decision: k % 2 ? "confirm" : "reject",
  }))
  : undefined;
const t0 = performance.now();
const ledger = matchPayments({ invoices: inputs.invoices, payments: inputs.payments, asOf: AS_OF, decisions });
const ms = performance.now() - t0;
const all = createHash("sha256");
const parts = [];
for (const [key, value] of Object.entries(ledger)) {
  const h = createHash("sha256");
  if (Array.isArray(value)) for (const v of value) h.update(JSON.stringify(v) + "\n");
  else h.update(JSON.stringify(value));
  const digest = h.digest("hex").slice(0, 12);
  all.update(`${key}:${digest}\n`);
  parts.push(`${key} ${Array.isArray(value) ? value.length : ""} ${digest}`);
}
console.log(`${size} ledger ${all.digest("hex").slice(0, 12)} (match ${ms.toFixed(0)} ms)\n  ${parts.join("\n  ")}`);
