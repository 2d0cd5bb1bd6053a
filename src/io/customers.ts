// Loading the customers file (--customers, data.customers): decoded and split like any export,
// read by core/customers.ts. Its errors stop the command like the exports' own.

import { termsByCustomer, toCustomers, unusedCustomers, withCustomers } from "../core/customers.js";
import type { Invoice } from "../core/model.js";
import type { Problem } from "../core/problem.js";
import { readExport } from "./csv.js";
import { displayName, readBytes } from "./inputs.js";
import type { Settings } from "./settings.js";

/** The customers file as the readers use it: its warnings, its terms, and its details laid over invoices. */
export interface Customers {
  readonly problems: Problem[];
  readonly terms: ReadonlyMap<string, string>;
  readonly apply: (invoices: readonly Invoice[]) => Invoice[];
  /** Its rows no invoice matches, as a warning (see unusedCustomers). */
  readonly unused: (invoices: readonly Invoice[]) => Problem[];
}

/** `file`: the customers file (settings.customers), resolved. */
export async function loadCustomers(file: string, settings: Settings, cwd: string): Promise<Customers> {
  const shown = displayName(file, cwd);
  // Its own separator (csv.delimiter describes the accounting exports, not a file kept by hand);
  // a forced encoding is the user's files' and applies.
  const read = readExport(await readBytes(file, shown, "customers"), shown, { encoding: settings.csv.encoding },
    (table) => toCustomers(table, settings.columns.customers));
  return {
    problems: read.problems, terms: termsByCustomer(read), apply: (invoices) => withCustomers(invoices, read),
    unused: (invoices) => unusedCustomers(invoices, read, shown),
  };
}
