// Loading invoices.csv and payments.csv named by the settings (a path or `-` for stdin) into
// records, collecting the problems of both files; errors stop the command before it does anything.

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Invoice, Payment } from "../core/model.js";
import { hasErrors, problem, type Problem } from "../core/problem.js";
import { toInvoices, toPayments, type ReadOptions } from "../core/records.js";
import { InputError } from "../errors.js";
import { readCsv } from "./csv.js";
import type { Settings } from "./settings.js";

export interface Inputs {
  readonly invoices: Invoice[];
  readonly payments: Payment[];
  /** Warnings from both files (errors have been thrown). */
  readonly warnings: Problem[];
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Name shown in messages: relative to cwd when inside it. */
function displayName(file: string, cwd: string): string {
  if (file === "-") return "<stdin>";
  const rel = path.relative(cwd, file);
  return rel.startsWith("..") ? file : rel;
}

async function readBytes(file: string, shown: string, what: string): Promise<Uint8Array> {
  if (file === "-") return readStdin();
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([problem("error", "file_unreadable",
      code === "ENOENT" ? `the ${what} file does not exist` : `cannot read the ${what} file (${code ?? (err as Error).message})`,
      { file: shown, hint: `check the path given to --${what} or data.${what} in dunning.yaml` })]);
  }
}

export async function loadInputs(settings: Settings, cwd: string): Promise<Inputs> {
  const missing: Problem[] = [];
  for (const what of ["invoices", "payments"] as const) {
    if (settings[what] === undefined) {
      missing.push(problem("error", "no_input", `no ${what} file given`, {
        hint: `pass --${what} FILE, or set data.${what} in dunning.yaml`,
      }));
    }
  }
  if (settings.invoices === "-" && settings.payments === "-") {
    missing.push(problem("error", "two_stdin", "invoices and payments cannot both come from standard input", { hint: "give one of them as a file" }));
  }
  if (missing.length > 0) throw new InputError(missing);
  const options = (columns: Readonly<Record<string, string>> | undefined): ReadOptions => ({
    defaultCurrency: settings.currency, paymentTermsDays: settings.paymentTermsDays, dateOrder: settings.dateOrder,
    fallbackDateOrder: settings.fallbackDateOrder, columns,
  });
  const problems: Problem[] = [];
  const read = async <T>(what: "invoices" | "payments", convert: typeof toInvoices | typeof toPayments): Promise<T[]> => {
    const file = settings[what] as string;
    const shown = displayName(file, cwd);
    const parsed = readCsv(await readBytes(file, shown, what), shown, settings.csv);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      return [];
    }
    const result = convert(parsed.table, options(settings.columns[what]));
    problems.push(...result.problems);
    return result.records as T[];
  };
  const invoices = await read<Invoice>("invoices", toInvoices);
  const payments = await read<Payment>("payments", toPayments);
  if (hasErrors(problems)) throw new InputError(problems);
  return { invoices, payments, warnings: problems };
}
