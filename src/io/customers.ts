// Loading the customers file (--customers, data.customers): decoded and split like any export,
// read by core/customers.ts. Its errors stop the command like the exports' own.

import { toCustomers, type CustomersRead } from "../core/customers.js";
import { hasErrors } from "../core/problem.js";
import { InputError } from "../errors.js";
import { readCsv } from "./csv.js";
import { displayName, readBytes } from "./inputs.js";
import type { Settings } from "./settings.js";

export async function loadCustomers(settings: Settings, cwd: string): Promise<CustomersRead | undefined> {
  if (settings.customers === undefined) return undefined;
  const shown = displayName(settings.customers, cwd);
  const parsed = readCsv(await readBytes(settings.customers, shown, "customers"), shown, settings.csv);
  if (!parsed.ok) throw new InputError(parsed.problems);
  const read = toCustomers(parsed.table, settings.columns.customers);
  const problems = [...(parsed.table.warnings ?? []), ...read.problems];
  if (hasErrors(problems)) throw new InputError(problems);
  return { byKey: read.byKey, problems };
}
