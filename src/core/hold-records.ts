// Reading holds.csv rows (invoice or customer, type, until, note) into holds, with located
// problems for a bad type or date. Pure.

import { parseDate } from "./dates.js";
import { HOLD_TYPES, type Hold, type HoldType } from "./holds.js";
import { mapHeader } from "./headers.js";
import { codeCell, type Table } from "./model.js";
import { problem, type Problem } from "./problem.js";

type HoldField = "invoice" | "customer" | "type" | "until" | "note";
const HOLD_ALIASES: Record<HoldField, readonly string[]> = {
  invoice: ["invoice number", "facture", "n° facture"],
  customer: ["customer id", "client", "code client"],
  type: ["hold type", "kind", "motif"],
  until: ["until date", "jusqu'au", "jusqu au", "jusqu'à", "jusqu a", "date de fin", "fin", "date fin", "end date", "end", "expires", "expiry",
    "expiry date", "valid until", "bis", "gültig bis"],
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
  // The file is kept by hand: a column nothing reads (a misspelt `untill`) would turn a dated
  // promise into a hold without end, in silence.
  const read = new Set(Object.values(c));
  table.header.forEach((name, i) => {
    if (read.has(i) || !table.rows.some((row) => get(row, i) !== "")) return;
    problems.push(problem("warning", "hold_column_unread", `column "${name}" is none of invoice, customer, type, until, note: its values are not read`, {
      file: table.file, line: 1, column: i + 1, hint: "rename it (until: the last day of the hold, as 2026-12-15) or remove it",
    }));
  });
  table.rows.forEach((row, i) => {
    const line = table.lines[i] as number;
    const type = get(row, c.type).toLowerCase() as HoldType;
    const invoice = codeCell(row, c.invoice);
    const customer = codeCell(row, c.customer);
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
      // Located at the invoice column (the customer's when the file has no invoice column).
      const column = (c.invoice ?? c.customer) as number + 1;
      problems.push(problem("error", "missing_value", "the hold names neither an invoice nor a customer", { file: table.file, line, column, hint: "fill in one of them" }));
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

/**
 * What is wrong with a hold that holds nothing, or holds something else than its row says: an
 * invoice no export has, a customer with no invoice, an invoice named with another customer than
 * its own — a typo in a hand-kept file leaves the disputed invoice dunned. `owners`: invoice number
 * → its customer; `customers`: every customer with an invoice. Undefined when the hold is sound.
 */
export function whyHoldsNothing(h: Hold, owners: ReadonlyMap<string, string>, customers: ReadonlySet<string>): string | undefined {
  const owner = h.invoice === undefined ? undefined : owners.get(h.invoice);
  if (h.invoice !== undefined && owner === undefined) return `invoice ${h.invoice} is in no export: this ${h.type} hold holds nothing`;
  if (h.invoice !== undefined && h.customer !== undefined && owner !== h.customer) {
    return `invoice ${h.invoice} is ${owner}'s, not ${h.customer}'s: this ${h.type} hold holds the invoice, not customer ${h.customer}`;
  }
  if (h.invoice === undefined && h.customer !== undefined && !customers.has(h.customer)) return `customer ${h.customer} has no invoice in the exports: this ${h.type} hold holds nothing`;
  return undefined;
}

/** The holds of the file still running on `asOf` that whyHoldsNothing finds wrong, located (an ended one holds nothing anyway). */
export function holdsOnNothing(holds: readonly Hold[], owners: ReadonlyMap<string, string>, asOf: string): Problem[] {
  const customers = new Set(owners.values());
  const problems: Problem[] = [];
  for (const h of holds) {
    if (h.until !== undefined && h.until < asOf) continue;
    const what = whyHoldsNothing(h, owners, customers);
    if (what === undefined) continue;
    const at = h.source.lastIndexOf(":");
    problems.push(problem("warning", "hold_on_nothing", what, {
      file: h.source.slice(0, at), line: Number(h.source.slice(at + 1)), hint: "check the number or id (as dunning match prints it); dunning hold refuses one it cannot find",
    }));
  }
  return problems;
}
