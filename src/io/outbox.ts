// The outbox of a run, state/outbox/DATE/: letters to print and post (written by the letters
// renderer) listed in index.csv, and the day's call list in calls.csv. Rows are appended so
// several runs on one day add to the same lists. Both are for people, opened in a spreadsheet:
// UTF-8 with a byte-order mark, without which Excel reads "Café" as "CafÃ©".

import { appendFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import type { PlainDate } from "../core/dates.js";
import { renderCsv } from "../render/csv.js";

export function outboxDir(stateDir: string, asOf: PlainDate): string {
  return path.join(stateDir, "outbox", asOf);
}

async function appendRows(file: string, header: readonly string[], rows: readonly (readonly string[])[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const size = await stat(file).then((s) => s.size, () => 0);
  const csv = renderCsv(header, rows);
  await appendFile(file, size === 0 ? `\ufeff${csv}` : csv.slice(csv.indexOf("\n") + 1), "utf8");
}

export const INDEX_HEADER = ["file", "customer", "name", "step", "invoices", "amount", "currency", "address_missing"] as const;
export const CALLS_HEADER = ["customer", "name", "phone", "email", "invoices", "amount", "currency", "last_reminder"] as const;

export function appendLetterIndex(dir: string, row: readonly string[]): Promise<void> {
  return appendRows(path.join(dir, "index.csv"), INDEX_HEADER, [row]);
}

export function appendCall(dir: string, row: readonly string[]): Promise<void> {
  return appendRows(path.join(dir, "calls.csv"), CALLS_HEADER, [row]);
}
