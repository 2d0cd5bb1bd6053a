// holds.csv: reading the holds (a missing file means no holds) and appending one for
// `dunning hold`, creating the file with its header when needed.

import { appendFile, readFile, writeFile } from "node:fs/promises";
import { holdColumns, toHolds, type HoldColumns } from "../core/hold-records.js";
import type { Hold } from "../core/holds.js";
import { problem, type Problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { csvStringify, renderCsv } from "../render/csv.js";
import { readCsv, sniffDelimiter } from "./csv.js";
import { decodeBytes, encodeAs } from "./decode.js";

export const HOLDS_HEADER = ["invoice", "customer", "type", "until", "note"] as const;

export async function readHolds(file: string, shownAs: string, named: boolean): Promise<{ holds: Hold[]; problems: Problem[] }> {
  const bytes = await readExisting(file);
  // The default holds.csv may never have been made; a file data.holds names was, and gone it
  // would drop every dispute and promise in silence.
  if (bytes === undefined && named) {
    return { holds: [], problems: [problem("error", "holds_missing", "the holds file data.holds names does not exist: its disputes and promises would not hold", {
      file: shownAs, hint: "restore it; if there is no hold yet, create it empty or with its header (invoice,customer,type,until,note) — dunning hold makes it with its first hold",
    })] };
  }
  if (bytes === undefined || bytes.toString("utf8").trim() === "") return { holds: [], problems: [] };
  const parsed = readCsv(bytes, shownAs);
  if (!parsed.ok) return { holds: [], problems: parsed.problems };
  return toHolds(parsed.table);
}

async function readExisting(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/**
 * Appends one hold; writes the header first when the file is new or empty. An existing file is
 * written the way it already is — its separator, column order, line ending and encoding — and a
 * missing final newline is added first: users keep this file by hand, often in a spreadsheet,
 * and a row glued to the last line or written with the wrong separator would lose the hold.
 */
export async function appendHold(file: string, hold: Hold, shownAs = file): Promise<void> {
  const bytes = await readExisting(file);
  const values: Record<keyof HoldColumns, string> = {
    invoice: hold.invoice ?? "", customer: hold.customer ?? "", type: hold.type, until: hold.until ?? "", note: hold.note,
  };
  const decoded = bytes === undefined ? undefined : decodeBytes(bytes);
  if (bytes === undefined || decoded === undefined || (!decoded.ok && decoded.reason === "empty")) {
    await writeFile(file, renderCsv(HOLDS_HEADER, [HOLDS_HEADER.map((k) => values[k])]), "utf8");
    return;
  }
  const parsed = readCsv(bytes, shownAs);
  if (!decoded.ok || !parsed.ok) throw new InputError(parsed.ok ? [] : parsed.problems);
  const { columns } = holdColumns(parsed.table.header, shownAs);
  const missing = (Object.keys(values) as (keyof HoldColumns)[]).filter((k) => values[k] !== "" && columns[k] === undefined);
  if (missing.length > 0) {
    throw new InputError([problem("error", "holds_column_missing", `${shownAs} has no ${missing.join(", ")} column for this hold`, {
      file: shownAs, line: 1, hint: `add the column to its header (${HOLDS_HEADER.join(",")})`,
    })]);
  }
  const row = parsed.table.header.map(() => "");
  for (const k of Object.keys(values) as (keyof HoldColumns)[]) {
    const at = columns[k];
    if (at !== undefined) row[at] = values[k];
  }
  const eol = decoded.text.includes("\r\n") ? "\r\n" : "\n";
  const line = csvStringify().stringify([row], { delimiter: sniffDelimiter(decoded.text), record_delimiter: eol === "\r\n" ? "windows" : "unix" });
  const text = (/\r?\n$/.test(decoded.text) ? "" : eol) + line;
  await appendFile(file, encodeAs(text, decoded.encoding));
}
