// Reading holds.csv rows (invoice or customer, type, until, note) into holds, with located
// problems for a bad type or date. Pure.

import { parseDate } from "./dates.js";
import { HOLD_TYPES, type Hold, type HoldType } from "./holds.js";
import { mapHeader } from "./headers.js";
import type { Table } from "./model.js";
import { problem, type Problem } from "./problem.js";

type HoldField = "invoice" | "customer" | "type" | "until" | "note";
const HOLD_ALIASES: Record<HoldField, readonly string[]> = {
  invoice: ["invoice number", "facture", "n° facture"],
  customer: ["customer id", "client", "code client"],
  type: ["hold type", "kind", "motif"],
  until: ["until date", "jusqu'au", "jusqu au", "date de fin", "expires"],
  note: ["comment", "commentaire", "remarque"],
};

export type HoldColumns = Partial<Record<HoldField, number>>;

/** Where each hold field sits in a holds.csv header (also used to append in the file's own order). */
export function holdColumns(header: readonly string[], file: string): { columns: HoldColumns; problems: Problem[] } {
  return mapHeader<HoldField>(header, HOLD_ALIASES, {}, file);
}

export function toHolds(table: Table): { holds: Hold[]; problems: Problem[] } {
  const { columns: c, problems } = holdColumns(table.header, table.file);
  if (c.type === undefined || (c.invoice === undefined && c.customer === undefined)) {
    problems.push(problem("error", "missing_column", "holds.csv needs a type column and an invoice or customer column", {
      file: table.file, line: 1, hint: "header: invoice,customer,type,until,note",
    }));
    return { holds: [], problems };
  }
  const holds: Hold[] = [];
  const get = (row: readonly string[], i: number | undefined): string => (i === undefined ? "" : (row[i] ?? "").trim());
  table.rows.forEach((row, i) => {
    const line = table.lines[i] as number;
    const type = get(row, c.type).toLowerCase() as HoldType;
    const invoice = get(row, c.invoice);
    const customer = get(row, c.customer);
    const untilRaw = get(row, c.until);
    const until = untilRaw === "" ? undefined : parseDate(untilRaw, "dmy");
    let ok = true;
    if (!HOLD_TYPES.includes(type)) {
      ok = false;
      problems.push(problem("error", "bad_hold_type", `hold type "${get(row, c.type)}" is unknown`, { file: table.file, line, column: (c.type as number) + 1, hint: `use one of: ${HOLD_TYPES.join(", ")}` }));
    }
    if (untilRaw !== "" && until === undefined) {
      ok = false;
      problems.push(problem("error", "bad_date", `until "${untilRaw}" is not a date`, { file: table.file, line, column: (c.until as number) + 1, hint: "write it as 2026-12-15" }));
    }
    if (invoice === "" && customer === "") {
      ok = false;
      problems.push(problem("error", "missing_value", "the hold names neither an invoice nor a customer", { file: table.file, line, hint: "fill in one of them" }));
    }
    if (!ok) return;
    const hold: { -readonly [K in keyof Hold]: Hold[K] } = { type, note: get(row, c.note), source: `${table.file}:${line}` };
    if (invoice !== "") hold.invoice = invoice;
    if (customer !== "") hold.customer = customer;
    if (until !== undefined) hold.until = until;
    holds.push(hold);
  });
  return { holds, problems };
}
