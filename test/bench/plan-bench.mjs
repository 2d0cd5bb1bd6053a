// `node test/bench/plan-bench.mjs` after `npm run build`: times planReminders on 100 k open
// invoices built in memory (with history, holds, payments and fr-b2b interest), reading excluded.
// Prints figures only; nothing here asserts a duration. Options: --size N --runs N --holds N.

import { performance } from "node:perf_hooks";
import { addDays } from "../../dist/core/dates.js";
import { makeProfile } from "../../dist/core/interest.js";
import { planReminders } from "../../dist/core/plan.js";
import { DEFAULT_SCENARIO } from "../../dist/io/plan-settings.js";
import { segmentCustomers, DEFAULT_SEGMENT_THRESHOLDS } from "../../dist/core/segments.js";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback);
}

const size = option("size", 100_000);
const runs = option("runs", 5);
const holdCount = option("holds", 2_000);
const AS_OF = "2026-11-22";

// A deterministic generator so every run plans the same ledger.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);

function build() {
  const items = [];
  const payments = [];
  const allocations = [];
  const unapplied = [];
  const history = [];
  const customers = Math.max(1, Math.floor(size / 10));
  for (let n = 0; n < size; n++) {
    const customer = `C${String(n % customers).padStart(6, "0")}`;
    const dueDate = addDays(AS_OF, 10 - Math.floor(rand() * 120));
    const amount = 5_000 + Math.floor(rand() * 2_000_000);
    const number = `F${String(n).padStart(7, "0")}`;
    const invoice = {
      number, customer, customerName: `Customer ${customer}`, email: n % 7 === 0 ? "" : `ap@${customer}.example`,
      issueDate: addDays(dueDate, -30), dueDate, amount, paid: 0, currency: n % 11 === 0 ? "USD" : "EUR", type: "invoice",
      status: n % 97 === 0 ? "litige" : "", appliesTo: "", language: "fr", customerType: n % 13 === 0 ? "b2c" : "",
      file: "invoices.csv", line: n + 2,
    };
    let open = amount;
    if (n % 5 === 0 && dueDate < AS_OF) {
      const id = `P${n}`;
      const part = Math.floor(amount / 3);
      payments.push({ id, date: addDays(dueDate, 3), customer, payerName: "", amount: part, currency: invoice.currency, reference: number, invoices: [number], file: "payments.csv", line: n + 2 });
      allocations.push({ payment: id, invoice: number, amount: part, currency: invoice.currency, rule: "reference", confidence: "certain", evidence: "bench" });
      open -= part;
    }
    items.push({ invoice, open });
    const late = Math.floor((Date.parse(AS_OF) - Date.parse(dueDate)) / 86_400_000);
    if (late >= 7 && n % 2 === 0) history.push({ invoice: number, step: "reminder-1", channel: "email", date: addDays(dueDate, 7), status: "done" });
    if (late >= 15 && n % 4 === 0) history.push({ invoice: number, step: "reminder-2", channel: "email", date: addDays(dueDate, 15), status: "done" });
    if (n % 500 === 0) history.push({ invoice: number, step: "call", channel: "phone", date: AS_OF, status: "uncertain" });
  }
  for (let c = 0; c < customers; c += 17) unapplied.push({ payment: `U${c}`, customer: `C${String(c).padStart(6, "0")}`, amount: 50_000, currency: "EUR", reason: "no_reference" });
  const holds = [];
  for (let h = 0; h < holdCount; h++) {
    const n = Math.floor(rand() * size);
    holds.push(h % 4 === 0
      ? { customer: `C${String(n % customers).padStart(6, "0")}`, type: "no_dunning", note: "", source: `holds.csv:${h + 2}` }
      : { invoice: `F${String(n).padStart(7, "0")}`, type: "promise", until: addDays(AS_OF, Math.floor(rand() * 20) - 10), note: "", source: `holds.csv:${h + 2}` });
  }
  const ledger = { items, payments, allocations, unapplied, held: [] };
  return { ledger, history, holds };
}

const t0 = performance.now();
const { ledger, history, holds } = build();
const built = performance.now() - t0;
const segments = segmentCustomers(ledger, AS_OF, DEFAULT_SEGMENT_THRESHOLDS);
const input = {
  ledger, asOf: AS_OF, scenarios: new Map([["standard", DEFAULT_SCENARIO]]), defaultScenario: "standard",
  rules: [{ scenario: "standard", segment: "good_payer" }], holds, heldByMatching: new Set(), history,
  profile: makeProfile({ profile: "fr-b2b", rates: { "2026-H2": 215 } }), segments, defaultLanguage: "fr",
};

// CPU time next to wall time: on a busy machine the wall clock mostly measures the neighbours.
const times = [];
const cpu = [];
let plan;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const startCpu = process.cpuUsage();
  plan = planReminders(input);
  times.push(performance.now() - start);
  const used = process.cpuUsage(startCpu);
  cpu.push((used.user + used.system) / 1000);
}
cpu.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(3)} s`;
console.log(`built ${size.toLocaleString("en-US")} open invoices, ${history.length.toLocaleString("en-US")} journal records, ${holds.length} holds in ${fmt(built)}`);
console.log(`planReminders: median ${fmt(median)} over ${runs} runs (min ${fmt(times[0])}, max ${fmt(times[times.length - 1])})`);
console.log(`planReminders: median CPU time ${fmt(cpu[Math.floor(cpu.length / 2)])} (includes parallel GC threads)`);
console.log(`plan: ${plan.reminders.length.toLocaleString("en-US")} reminders, ${plan.skipped.length.toLocaleString("en-US")} skipped`);
