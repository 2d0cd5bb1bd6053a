// Loading invoices.csv and payments.csv (a path or `-` for stdin) into records with the problems
// of both files; errors stop the command. Inputs over `reading.parallelBytes` are read on every
// core, smaller ones in one pass (cheaper than starting and warming up worker threads).

import { open, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { orderName, type PlainDate } from "../core/dates.js";
import type { ExportStamp } from "../core/freshness.js";
import type { Invoice, Payment } from "../core/model.js";
import { paymentsAfterBalances } from "../core/payment-checks.js";
import { hasErrors, problem, type Problem } from "../core/problem.js";
import { crossCurrency, crossDateOrder } from "../core/across-exports.js";
import { toInvoices, toPayments, type ColumnRead, type ReadOptions, type ReadResult } from "../core/records.js";
import { InputError } from "../errors.js";
import { localDate } from "./clock.js";
import { readCsv } from "./csv.js";
import type { FileToRead, ParallelOutcome, ParsePool } from "./parallel.js";
import { readOptionsOf, type Settings } from "./settings.js";

export interface Inputs {
  readonly invoices: Invoice[];
  readonly payments: Payment[];
  /** Warnings from both files (errors have been thrown). */
  readonly warnings: Problem[];
  /** When each export file was last changed (standard input has no date), for core/freshness.ts. */
  readonly exports?: readonly ExportStamp[];
  /** Which column each field of the two exports was read from (not for an FEC), for `dunning check`. */
  readonly columns?: { readonly invoices: readonly ColumnRead[]; readonly payments: readonly ColumnRead[] };
}

type FileInfo = Awaited<ReturnType<typeof stat>> | undefined;

/** The file's stat, once per command: its size decides the threads, its date the freshness. */
function statOf(file: string): Promise<FileInfo> {
  return file === "-" ? Promise.resolve(undefined) : stat(file).catch(() => undefined);
}

/** A file's last change as a calendar date in the machine's time zone; none for standard input. */
function stampsOf(files: readonly { what: ExportStamp["what"]; shown: string }[], infos: readonly FileInfo[]): ExportStamp[] {
  return files.flatMap((f, i) => {
    const info = infos[i];
    return info?.isFile() ? [{ file: f.shown, what: f.what, modified: localDate(info.mtime) }] : [];
  });
}

/**
 * Below this many bytes (both files), threads cost more than they save. Measured on 2 cores
 * with the fast CSV path (csv-split.ts), one pass against threads: 17 MB 1.1 s against 1.5-1.9 s;
 * 52 MB 3.0-3.2 s against 3.3-3.7 s (495 against 547 MiB); 105 MB a tie on time but 1.13 against
 * 0.87 GiB; 175 MB 10.8 s against 9.1 s. (With csv-parse alone threads paid from ~32 MB.)
 * A setting, not a constant, so test/bench/check.mjs can send small files through the threads.
 */
export const reading = { parallelBytes: 64 * 1024 * 1024 };

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Name shown in messages: relative to cwd when inside it. */
export function displayName(file: string, cwd: string): string {
  if (file === "-") return "<stdin>";
  const rel = path.relative(cwd, file);
  return rel.startsWith("..") ? file : rel;
}

/** The whole file in shared memory, so parse workers read it without a copy each. */
async function readShared(file: string): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const info = await fh.stat();
    if (!info.isFile()) return await readFile(file);
    const buf = Buffer.from(new SharedArrayBuffer(info.size));
    let n = 0;
    while (n < info.size) {
      const { bytesRead } = await fh.read(buf, n, info.size - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

/** A whole input file (or stdin for `-`); a missing or unreadable one is an input error naming --WHAT. */
export async function readBytes(file: string, shown: string, what: string): Promise<Buffer> {
  if (file === "-") return readStdin();
  try {
    return await readShared(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([problem("error", "file_unreadable",
      code === "ENOENT" ? `the ${what} file does not exist` : `cannot read the ${what} file (${code ?? (err as Error).message})`,
      { file: shown, hint: `check the path given to --${what} or data.${what} in dunning.yaml` })]);
  }
}

const KINDS = ["invoices", "payments"] as const;

/**
 * `asOf`: an FEC's lines after that day are left out (the exports' records are filtered by the
 * lettrage), and an invoice's issue date guessed from its due date is never after it.
 */
export async function loadInputs(settings: Settings, cwd: string, asOf?: PlainDate): Promise<Inputs> {
  const missing: Problem[] = [];
  if (settings.fec !== undefined && (settings.invoices !== undefined || settings.payments !== undefined)) {
    missing.push(problem("error", "fec_and_csv", "both an FEC and invoices or payments exports are given", {
      hint: "the FEC holds the invoices and the payments: give --fec (data.fec) alone, or --invoices and --payments (data.invoices, data.payments)",
    }));
  }
  for (const what of KINDS) {
    if (settings[what] === undefined && settings.fec === undefined) {
      missing.push(problem("error", "no_input", `no ${what} file given`, {
        hint: `pass --${what} FILE, or set data.${what} in dunning.yaml`,
      }));
    }
  }
  const stdin = (["fec", "invoices", "payments", "customers", "decisions"] as const).filter((what) => settings[what] === "-");
  if (stdin.length > 1) {
    missing.push(problem("error", "two_stdin", `${stdin.join(" and ")} cannot ${stdin.length > 2 ? "all" : "both"} come from standard input`, { hint: "read only one of them with -" }));
  }
  if (missing.length > 0) throw new InputError(missing);
  const customers = settings.customers === undefined ? undefined : await (await import("./customers.js")).loadCustomers(settings.customers, settings, cwd);
  const exported = await readExports(settings, cwd, asOf, customers?.terms);
  const read = settings.balancesAsOf === undefined || settings.fec !== undefined ? exported : afterBalances(exported, settings.balancesAsOf, displayName(settings.payments as string, cwd));
  if (customers === undefined) return read;
  return { ...read, invoices: customers.apply(read.invoices), warnings: [...customers.problems, ...customers.unused(read.invoices), ...read.warnings] };
}

/** The inputs without the payments the invoices export's balances already count (data.balances_as_of). */
function afterBalances(read: Inputs, balancesAsOf: PlainDate, shown: string): Inputs {
  const { payments, problems } = paymentsAfterBalances(read.payments, balancesAsOf, shown);
  return { ...read, payments, warnings: [...read.warnings, ...problems] };
}

/** The invoices and payments, from the FEC or the two exports; `customerTerms` from the customers file. */
async function readExports(settings: Settings, cwd: string, asOf: PlainDate | undefined, customerTerms: ReadonlyMap<string, string> | undefined): Promise<Inputs> {
  if (settings.fec !== undefined) {
    const { readFec } = await import("./fec.js");
    const shown = displayName(settings.fec, cwd);
    const info = await statOf(settings.fec);
    return { ...readFec(await readBytes(settings.fec, shown, "fec"), shown, settings, customerTerms, asOf), exports: stampsOf([{ what: "fec", shown }], [info]) };
  }
  const options = (what: (typeof KINDS)[number]): ReadOptions => readOptionsOf(settings, settings.columns[what], customerTerms, asOf, settings.statuses[what]);
  const files = KINDS.map((what) => ({ what, path: settings[what] as string, shown: displayName(settings[what] as string, cwd) }));

  // Start the workers before reading when the sizes already say they will be needed, so their
  // start-up overlaps the reading. Small inputs never load the worker code at all.
  const infos = await Promise.all(files.map((f) => statOf(f.path)));
  const sizes = infos.map((info) => info?.size ?? 0);
  let pool: Promise<{ pool: ParsePool; readInParallel: typeof import("./parallel.js").readInParallel } | undefined> | undefined;
  const startPool = (): typeof pool => (pool ??= import("./parallel.js").then((m) =>
    (m.ParsePool.available() ? { pool: new m.ParsePool(), readInParallel: m.readInParallel } : undefined)));
  if ((sizes[0] as number) + (sizes[1] as number) >= reading.parallelBytes) void startPool();
  try {
    // Both files are read at once, but a problem with the invoices is reported first.
    const read = await Promise.allSettled(files.map((f) => readBytes(f.path, f.shown, f.what)));
    for (const r of read) if (r.status === "rejected") throw r.reason;
    const bytes = read.map((r) => (r as PromiseFulfilledResult<Buffer>).value);

    let outcomes: ParallelOutcome[] = ["one-pass", "one-pass"];
    const workers = (bytes[0] as Buffer).length + (bytes[1] as Buffer).length >= reading.parallelBytes ? await startPool() : undefined;
    if (workers) {
      const toRead: FileToRead[] = files.map((f, i) => ({
        kind: f.what, bytes: bytes[i] as Buffer, file: f.shown, csv: settings.csv, options: options(f.what),
      }));
      outcomes = await workers.readInParallel(workers.pool, toRead);
    }
    const problems: Problem[] = [];
    const onePass = (i: number, readOptions: ReadOptions): ReadResult<Invoice | Payment> => {
      const f = files[i] as (typeof files)[number];
      const parsed = readCsv(bytes[i] as Buffer, f.shown, settings.csv);
      if (!parsed.ok) return { records: [], problems: parsed.problems };
      return f.what === "invoices" ? toInvoices(parsed.table, readOptions) : toPayments(parsed.table, readOptions);
    };
    const results = files.map((f, i): ReadResult<Invoice | Payment> => {
      const outcome = outcomes[i] as ParallelOutcome;
      return outcome !== "one-pass" ? outcome : onePass(i, options(f.what));
    });
    settleAcross(results, files.map((f) => f.shown), settings, (i, changes) => onePass(i, { ...options((files[i] as (typeof files)[number]).what), ...changes }));
    for (const r of results) problems.push(...r.problems);
    if (hasErrors(problems)) throw new InputError(problems);
    return {
      invoices: (results[0] as ReadResult<Invoice>).records, payments: (results[1] as ReadResult<Payment>).records, warnings: problems,
      exports: stampsOf(files, infos), columns: { invoices: results[0]?.columns ?? [], payments: results[1]?.columns ?? [] },
    };
  } finally {
    void pool?.then((p) => p?.pool.close());
  }
}

/**
 * What one export settles for the other, decided on both as first read, then each read again
 * once (`reread`, in place): the order its dates prove where the other's leave it open (QuickBooks
 * writes 9/20/2026 in the invoices, 11/12/2026 in the payments), and its one currency where the
 * other has no currency column (a bank's CSV of pounds beside invoices in GBP) and
 * company.currency is not written. Rare, and small files: read again in one pass.
 */
function settleAcross(
  results: ReadResult<Invoice | Payment>[], shown: readonly string[], settings: Settings,
  reread: (i: number, changes: Partial<ReadOptions>) => ReadResult<Invoice | Payment>,
): void {
  const carried = ([[0, 1], [1, 0]] as const).map(([i, other]) => ({
    i, other, order: crossDateOrder(results[i]?.dateOrder, results[other]?.dateOrder),
    currency: settings.company.currency !== undefined ? undefined : crossCurrency(results[i], results[other], settings.currency),
  }));
  for (const { i, other, order, currency } of carried) {
    const r = results[i] as ReadResult<Invoice | Payment>;
    // The same order proven by the other export: nothing was assumed after all.
    if (order === undefined && r.dateOrder?.basis === "assumed" && results[other]?.dateOrder?.basis === "values") {
      results[i] = { ...r, problems: r.problems.filter((p) => p.code !== "ambiguous_dates") };
    }
    if (order === undefined && currency === undefined) continue;
    const again = reread(i, { ...(order ? { dateOrder: order } : {}), ...(currency ? { defaultCurrency: currency } : {}) });
    const said: Problem[] = [];
    if (order) {
      said.push(problem("warning", "dates_from_other_export", `every date could be dd/mm/yyyy or mm/dd/yyyy; read as ${orderName(order)}, the order ${shown[other]} proves`, {
        file: shown[i], hint: "if that is wrong, set date_format in dunning.yaml",
      }));
    }
    if (currency) {
      said.push(problem("warning", "currency_from_other_export", `no currency column: read in ${currency}, the currency of every record of ${shown[other]} (company.currency is not set, which would mean ${settings.currency})`, {
        file: shown[i], hint: `set company.currency: ${currency} in dunning.yaml if that is your currency, or add a currency column`,
      }));
    }
    results[i] = { ...again, problems: [...said, ...again.problems] };
  }
}
