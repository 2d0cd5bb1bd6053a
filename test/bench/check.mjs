// `node test/bench/check.mjs [--sizes 100000] [--fr] [--dir DIR]` (after `npm run build`): reads
// awkward exports (multi-line cells, CRLF, Windows-1252, errors past the cap, duplicates across
// pieces, a report's title and total lines…) in threaded pieces and in one pass, and fails if
// records or problems differ in anything. The files go to DIR (test/io/threaded-read.test.ts runs
// it on a temporary folder), by default test/bench/data/check.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIR = process.argv.includes("--dir") ? path.resolve(process.argv[process.argv.indexOf("--dir") + 1]) : path.join(ROOT, "test/bench/data/check");
const { displayName, loadInputs, reading } = await import(path.join(ROOT, "dist/io/inputs.js"));
reading.parallelBytes = 0; // these files are small: send them through the threads anyway
const { stats } = await import(path.join(ROOT, "dist/io/parallel.js"));
const { readCsv } = await import(path.join(ROOT, "dist/io/csv.js"));
const { toInvoices, toPayments } = await import(path.join(ROOT, "dist/core/records.js"));
const { resolveSettings } = await import(path.join(ROOT, "dist/io/settings.js"));

let seed = 7;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const pad = (n, w) => String(n).padStart(w, "0");

/** One invoices file and one payments file of about `rows` rows each, shaped by `opts`. */
function files(name, rows, opts) {
  const sep = opts.sep ?? ",";
  const eol = opts.crlf ? "\r\n" : "\n";
  const q = (v) => (v.includes(sep) || v.includes('"') || v.includes("\n") ? `"${v.replaceAll('"', '""')}"` : v);
  const date = (i) => {
    const d = 1 + (i % 28), m = 1 + (Math.floor(i / 28) % 12);
    // `lateProof`: dates read both ways until one row near the end proves the order.
    if (opts.lateProof) return i === rows - 3 ? `${pad(m, 2)}/25/2026` : `${pad(Math.min(d, 12), 2)}/${pad(m, 2)}/2026`;
    return opts.dmy ? `${pad(d, 2)}/${pad(m, 2)}/2026` : `2026-${pad(m, 2)}-${pad(d, 2)}`;
  };
  const amount = (i) => {
    const v = `${1 + (i % 9000)}${opts.comma ? "," : "."}${pad(i % 100, 2)}`;
    if (opts.mixedMarks && i % 997 === 0) return `${i % 90 + 1}${opts.comma ? "." : ","}5`;
    if (opts.badValues && i % 53 === 0) return "12x";
    if (opts.unclosed && i === Math.floor(rows / 2)) return '"12';
    return v;
  };
  // `preamble`: a report's title above the header (the file is then read in one pass either way).
  const title = opts.preamble ? `Aged receivables${eol}As of 22/11/2026${eol}${eol}` : "";
  // `identity`: contact columns, filled for some customers only; `noIssue`: no issue-date column.
  const extra = opts.identity ? ["phone", "address", "city", "siren", "vat_number"] : [];
  // `statuses`: status columns with values no rule knows, in every piece (one warning per file, counted across them).
  const status = opts.statuses ? ["status"] : [];
  const head = ["invoice", "customer", "customer_name", ...(opts.noIssue ? [] : ["issue_date"]), "due_date", "amount", "note", ...extra, ...status];
  let inv = `${title}${opts.blankTop ? eol + eol : ""}${head.join(sep)}${eol}`;
  for (let i = 0; i < rows; i++) {
    const c = i % 500;
    const note = opts.addresses && i % 3 === 0 ? `12 rue des Tanneurs${eol}Bâtiment B${eol}69002 Lyon${eol}France` : opts.multiline && i % 7 === 0 ? `line one${opts.crlf && i % 2 ? "\r\n" : "\n"}line "two"${i % 3 ? "\n\nthree" : ""}` : `n${i}`;
    const num = opts.duplicates && i % 1500 === 1499 ? `F-${pad(i - 1200, 7)}` : `F-${pad(i, 7)}`;
    const cust = opts.badValues && i % 211 === 0 ? "" : `C${c}`;
    const contact = !opts.identity ? [] : c % 4 === 0 ? ["", "", "", "", ""]
      : [`+33 4 72 00 ${pad(c, 2)}`, q(`${c} rue des Tanneurs${c % 3 ? "" : `${eol}Bâtiment B`}`), c % 5 ? "Lyon" : "", c % 2 ? `${pad(c, 9)}` : "", c % 7 ? "" : `FR${pad(c, 11)}`];
    const st = !opts.statuses ? [] : [i % 1000 === 999 ? "Uncollectible" : i % 7 === 0 ? "Sent" : ""];
    inv += [num, cust, q(`Client ${c}, Ltd é€`), ...(opts.noIssue ? [] : [date(i)]), date(i + 30), q(amount(i)), q(note), ...contact, ...st].join(sep) + eol;
    if (opts.blankLines && i % 101 === 0) inv += (i % 2 ? "" : sep + sep) + eol;
    // `reportLines`: subtotals between the records, as a report prints them.
    if (opts.reportLines && i % 997 === 996) inv += [`Total for ${i}`, "", "", "", "", q(amount(i)), ""].join(sep) + eol;
  }
  if (opts.reportLines) inv += ["TOTAL", "", "", "", "", q(amount(1)), ""].join(sep) + eol;
  let pay = `${opts.preamble ? `Account${sep}FR76 3000 6000 0112 3456 7890 189${eol}${eol}` : ""}${opts.noId ? "" : `id${sep}`}date${sep}customer${sep}amount${sep}reference${opts.statuses ? `${sep}status` : ""}${eol}`;
  for (let i = 0; i < rows; i++) {
    const id = opts.duplicates && i % 1700 === 1699 ? `P${i - 1000}` : `P${i}`;
    const label = opts.multiline && i % 11 === 0 ? `VIR${eol}F-${pad(i, 7)}` : `VIR F-${pad(i, 7)}`;
    pay += [...(opts.noId ? [] : [id]), date(i + 40), `C${i % 500}`, q(amount(i)), q(label), ...(opts.statuses ? [i % 1500 === 0 ? "On hold at bank" : "Completed"] : [])].join(sep) + eol;
    if (opts.reportLines && i % 1009 === 1008) pay += [...(opts.noId ? [] : [`Balance on ${date(i + 40)}`]), "", "", q(amount(i)), ""].join(sep) + eol;
  }
  mkdirSync(DIR, { recursive: true });
  // `twice`: converted to UTF-8 twice (UTF-8 read as Windows-1252, saved as UTF-8 again).
  const enc = (s) => (opts.win1252 ? iconv.encode(s, "win1252")
    : opts.twice ? Buffer.from(iconv.decode(Buffer.from(s, "utf8"), "win1252"), "utf8")
    : Buffer.from((opts.bom ? "\ufeff" : "") + s, "utf8"));
  const paths = { invoices: path.join(DIR, `${name}-invoices.csv`), payments: path.join(DIR, `${name}-payments.csv`) };
  writeFileSync(paths.invoices, enc(inv));
  writeFileSync(paths.payments, enc(pay));
  return paths;
}

/** `config`: the case's dunning.yaml, as loaded (its own status words, say). */
function settingsFor(paths, config = {}) {
  return resolveSettings({ invoices: paths.invoices, payments: paths.payments }, { LANG: "C.UTF-8" }, { config, path: undefined, baseDir: ROOT }, ROOT);
}

/** What loadInputs gives (its records and warnings; the files' dates are not read), or the problems it throws. */
async function parallel(paths, config) {
  try {
    const { invoices, payments, warnings } = await loadInputs(settingsFor(paths, config), ROOT);
    return { invoices, payments, warnings };
  } catch (err) {
    if (!err.problems) throw err;
    return { problems: err.problems };
  }
}

/** The same through readCsv and toInvoices/toPayments in one pass, as for small files. */
function onePass(paths, config) {
  const s = settingsFor(paths, config);
  const problems = [];
  const out = {};
  for (const what of ["invoices", "payments"]) {
    const file = displayName(paths[what], ROOT);
    const parsed = readCsv(readFileSync(paths[what]), file, s.csv);
    const options = { defaultCurrency: s.currency, paymentTermsDays: s.paymentTermsDays, dateOrder: s.dateOrder, fallbackDateOrder: s.fallbackDateOrder, columns: s.columns[what], statuses: s.statuses[what] };
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      out[what] = [];
      continue;
    }
    const r = (what === "invoices" ? toInvoices : toPayments)(parsed.table, options);
    problems.push(...r.problems);
    out[what] = r.records;
  }
  if (problems.some((p) => p.severity === "error")) return { problems };
  return { invoices: out.invoices, payments: out.payments, warnings: problems };
}

const CASES = {
  plain: {},
  crlf: { crlf: true },
  multiline: { multiline: true },
  "multiline-crlf": { multiline: true, crlf: true },
  french: { sep: ";", comma: true, dmy: true, win1252: true, crlf: true },
  "bom-blank": { bom: true, blankTop: true, blankLines: true },
  "late-date-proof": { lateProof: true },
  "mixed-marks": { mixedMarks: true },
  duplicates: { duplicates: true },
  "errors-past-cap": { badValues: true },
  "no-id": { noId: true, multiline: true },
  addresses: { addresses: true },
  "unclosed-quote": { unclosed: true },
  "report-lines": { reportLines: true },
  "converted-twice": { twice: true, sep: ";", comma: true },
  "report-preamble": { reportLines: true, preamble: true, sep: ";", comma: true, dmy: true },
  identity: { identity: true, multiline: true },
  "no-issue-date": { noIssue: true, dmy: true },
  statuses: { statuses: true },
  // The business's own status words (statuses: in dunning.yaml): a dispute, and a built-in open
  // word said again, kept on the records through the pieces; a failed payment left out.
  "own-statuses": { statuses: true, config: { statuses: { invoices: { Uncollectible: "dispute", Sent: "open" }, payments: { "On hold at bank": "failed" } } } },
};

// `--sizes 100000,1000000`: the benchmark's data sets too (English, and French with --fr).
const sizes = process.argv.includes("--sizes") ? process.argv[process.argv.indexOf("--sizes") + 1].split(",").map(Number) : [];
const { generate } = await import("./generate.mjs");
const sets = [
  ...Object.entries(CASES).map(([name, opts]) => [name, () => files(name, 30_000, opts), opts.config]),
  ...sizes.map((n) => [`bench ${n}${process.argv.includes("--fr") ? " fr" : ""}`, () => generate(n, { fr: process.argv.includes("--fr") })]),
];

let failed = 0;
for (const [name, make, config] of sets) {
  const paths = make();
  Object.assign(stats, { pieces: 0, merges: 0, rereads: 0, onePass: 0 });
  const a = JSON.stringify(await parallel(paths, config));
  const b = JSON.stringify(onePass(paths, config));
  const same = a === b;
  if (!same) failed++;
  const summary = JSON.parse(b);
  const what = summary.problems ? `${summary.problems.length} problems` : `${summary.invoices.length} invoices, ${summary.payments.length} payments, ${summary.warnings.length} warnings`;
  const how = `${stats.pieces} pieces, ${stats.merges} merged, ${stats.rereads} read again, ${stats.onePass} file(s) in one pass`;
  console.log(`${same ? "same" : "DIFFERENT"}  ${name.padEnd(16)} ${what.padEnd(42)} (${how})`);
  if (!same) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    console.log(`  parallel: …${a.slice(Math.max(0, i - 200), i + 200)}\n  one pass: …${b.slice(Math.max(0, i - 200), i + 200)}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
