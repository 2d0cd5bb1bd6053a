// holds.csv: reading the holds (a missing file means no holds) and appending one for
// `dunning hold`, creating the file with its header when needed.

import { appendFile, readFile, stat } from "node:fs/promises";
import { toHolds } from "../core/hold-records.js";
import type { Hold } from "../core/holds.js";
import type { Problem } from "../core/problem.js";
import { renderCsv } from "../render/csv.js";
import { readCsv } from "./csv.js";

export const HOLDS_HEADER = ["invoice", "customer", "type", "until", "note"] as const;

export async function readHolds(file: string, shownAs: string): Promise<{ holds: Hold[]; problems: Problem[] }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { holds: [], problems: [] };
    throw err;
  }
  if (bytes.toString("utf8").trim() === "") return { holds: [], problems: [] };
  const parsed = readCsv(bytes, shownAs);
  if (!parsed.ok) return { holds: [], problems: parsed.problems };
  return toHolds(parsed.table);
}

/** Appends one hold; writes the header first when the file is new or empty. */
export async function appendHold(file: string, hold: Hold): Promise<void> {
  const size = await stat(file).then((s) => s.size, () => 0);
  const row = [hold.invoice ?? "", hold.customer ?? "", hold.type, hold.until ?? "", hold.note];
  const csv = renderCsv(HOLDS_HEADER, [row]);
  await appendFile(file, size === 0 ? csv : csv.slice(csv.indexOf("\n") + 1), "utf8");
}
