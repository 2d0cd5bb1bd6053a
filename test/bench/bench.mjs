// `npm run bench`: times `dunning age --format json` on 10 k, 100 k and 1 M generated invoices,
// with node's bare start-up for scale; figures only, no duration is asserted. Options: --sizes
// 10000,100000 --runs N --seed S --fr --markdown (for RESULTS.md) --root DIR (another build).

import { readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.mjs";
import { measure, method } from "./measure.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const sizes = option("sizes", "10000,100000,1000000").split(",").map(Number);
// --root DIR: time another build (a checkout with its own bin/ and dist/), e.g. the one before a change.
const BIN = path.join(path.resolve(option("root", ROOT)), "bin/dunning.js");
const seed = Number(option("seed", "42"));
const fr = process.argv.includes("--fr");
const runsFor = (size) => Number(option("runs", size >= 1_000_000 ? "3" : "5"));
// A fixed, minimal environment so results do not depend on the shell the bench runs from.
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", TZ: "Europe/Paris", LANG: "C.UTF-8" };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmtS = (ms) => `${(ms / 1000).toFixed(3)} s`;
const fmtMb = (kb) => (kb === undefined ? "?" : `${(kb / 1024).toFixed(0)} MiB`);
const loadavg = () => os.loadavg()[0].toFixed(2);
const fmtN = (n) => n.toLocaleString("en-US");

async function series(args, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await measure(args, { cwd: ROOT, env }));
  const failed = results.find((r) => r.code !== 0);
  if (failed) {
    process.stderr.write(`command failed (exit ${failed.code}): node ${args.join(" ")}\n${failed.stderr}\n`);
    process.exit(1);
  }
  const hashes = new Set(results.map((r) => r.stdoutHash));
  return {
    wall: median(results.map((r) => r.wallMs)),
    best: Math.min(...results.map((r) => r.wallMs)),
    cpu: median(results.map((r) => r.cpuMs ?? 0)),
    rss: Math.max(...results.map((r) => r.rssKb ?? 0)) || undefined,
    hash: hashes.size === 1 ? [...hashes][0] : "varies!",
    stderr: results[0].stderr,
  };
}

/** Data lines of a generated file (one record per line: the generator writes no multi-line cell). */
function countRows(file) {
  const buf = readFileSync(file);
  let n = -1;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

const rows = [];
const startup = await series(["-e", "0"], 5);
const load0 = loadavg();
rows.push(["node -e 0 (start-up)", "", "", fmtS(startup.wall), fmtS(startup.best), fmtS(startup.cpu), fmtMb(startup.rss), ""]);
const version = await series([BIN, "--version"], 5);
rows.push(["dunning --version", "", "", fmtS(version.wall), fmtS(version.best), fmtS(version.cpu), fmtMb(version.rss), ""]);

for (const size of sizes) {
  process.stderr.write(`preparing ${fmtN(size)} invoices…\n`);
  const data = generate(size, { seed, fr });
  const args = [BIN, "age", "--format", "json", "--as-of", "2026-11-22", "--invoices", data.invoices, "--payments", data.payments];
  process.stderr.write(`timing dunning age on ${fmtN(size)} invoices…\n`);
  const r = await series(args, runsFor(size));
  const mb = (statSync(data.invoices).size + statSync(data.payments).size) / 1e6;
  const lines = `${fmtN(size)} + ${fmtN(countRows(data.payments))}`;
  rows.push([`age ${fmtN(size)} invoices`, `${mb.toFixed(1)} MB`, lines, fmtS(r.wall), fmtS(r.best), fmtS(r.cpu), fmtMb(r.rss), r.hash]);
}

const head = ["run", "input", "rows (inv. + pay.)", "wall (median)", "wall (best)", "CPU (median)", "peak RSS", "stdout sha256"];
const about = `node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; `
  + `memory via ${method}; seed ${seed}${fr ? ", French exports" : ""}; load average ${load0} before, ${loadavg()} after`;
if (process.argv.includes("--markdown")) {
  console.log(`${about}\n`);
  console.log(`| ${head.join(" | ")} |\n|${head.map((_, i) => (i < 2 ? " --- " : " ---: ")).join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
} else {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  console.log(about);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}
