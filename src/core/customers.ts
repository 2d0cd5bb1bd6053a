// The customers file (--customers, data.customers): one row per customer with what the invoices
// export does not carry — an FEC has no e-mail or postal address, many aged-balance exports no
// contact at all — and the customer's payment terms. Its values complete or correct every
// invoice of that customer. Pure.

import { mapHeader, INVOICE_ALIASES, type InvoiceField } from "./headers.js";
import { cell, codeCell, type Invoice, type Mutable, type Table } from "./model.js";
import { problem, ProblemSink, type Problem } from "./problem.js";
import { addIdentity, pastHeader } from "./records.js";
import { termsReadable } from "./terms.js";

/** The invoice fields a customers file may give, by the same names and aliases as invoices.csv. */
const FIELDS = [
  "customer", "customer_name", "email", "phone", "address", "address2", "postcode", "city", "region", "country",
  "language", "customer_type", "siren", "vat_number", "terms",
] as const satisfies readonly InvoiceField[];
type CustomerField = (typeof FIELDS)[number];
const ALIASES = Object.fromEntries(FIELDS.map((f) => [f, INVOICE_ALIASES[f]])) as Record<CustomerField, readonly string[]>;

/** What the file says about one customer; only what it fills in is set. */
export interface CustomerInfo {
  readonly id: string;
  readonly customerName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly address?: string;
  readonly language?: string;
  readonly customerType?: string;
  readonly siren?: string;
  readonly vat?: string;
  /** Payment terms as written (`30`, `45 jours fin de mois`), for invoices without a due date. */
  readonly terms?: string;
  readonly line: number;
}

export interface CustomersRead {
  /** By customer code, and by name for exports that only name their customers. */
  readonly byKey: ReadonlyMap<string, CustomerInfo>;
  readonly problems: Problem[];
}

/** Reads the customers file. A code given twice with different details is an error. */
export function toCustomers(table: Table, columns: Readonly<Record<string, string>> = {}): CustomersRead {
  const { file } = table;
  const mapped = mapHeader(table.header, ALIASES, columns, file);
  const c = mapped.columns;
  if (c.customer === undefined) {
    mapped.problems.push(problem("error", "missing_column", `no customer column in the customers file (header: ${table.header.join(", ")})`, {
      file, line: 1, hint: "name the column of customer codes customer (or code client), or map it under columns.customers",
    }));
  }
  if (mapped.problems.length > 0) return { byKey: new Map(), problems: mapped.problems };
  const sink = new ProblemSink(file);
  pastHeader(table, sink);
  const byId = new Map<string, CustomerInfo>();
  const optional = [["customerName", c.customer_name], ["email", c.email], ["language", c.language], ["customerType", c.customer_type], ["terms", c.terms]] as const;
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i] as readonly string[];
    const line = table.lines[i] as number;
    const id = codeCell(row, c.customer);
    if (id === "") {
      sink.error("missing_value", "the customer code is empty", line, (c.customer as number) + 1, "every row needs the customer's code as the invoices export writes it");
      continue;
    }
    const info: Mutable<CustomerInfo> = { id, line };
    for (const [key, index] of optional) {
      const value = cell(row, index);
      if (value !== "") info[key] = key === "language" || key === "customerType" ? value.toLowerCase() : value;
    }
    addIdentity(info, row, c);
    // A town alone would replace the export's whole address with it: the street line decides.
    if (cell(row, c.address) === "") delete info.address;
    if (info.terms !== undefined && !termsReadable(info.terms)) {
      // Often a payment method (Virement, LCR) in the terms column: said, and the default applies.
      sink.warn("terms_unread", `customer ${id}: terms "${info.terms}" say no due date this tool can read; payment_terms_days applies`, line,
        "write the days (30, Net 30, 45 jours), 45 jours fin de mois, fin de mois le 10 or à réception");
      delete info.terms;
    }
    const previous = byId.get(id);
    if (previous === undefined) byId.set(id, info);
    else if (!sameDetails(previous, info)) {
      sink.error("duplicate_customer", `customer ${id} appears again with other details (first on line ${previous.line})`, line, (c.customer as number) + 1,
        "keep one row per customer");
    }
  }
  // By name too, for exports that only name their customers; a name two codes share names neither.
  const byKey = new Map(byId);
  const named = new Map<string, CustomerInfo[]>();
  for (const info of byId.values()) {
    if (info.customerName === undefined || byId.has(info.customerName)) continue;
    const same = named.get(info.customerName);
    if (same === undefined) named.set(info.customerName, [info]);
    else same.push(info);
  }
  for (const [name, infos] of named) {
    if (infos.length === 1) byKey.set(name, infos[0] as CustomerInfo);
    else {
      sink.warn("shared_customer_name", `customers ${infos.map((i) => i.id).join(", ")} share the name "${name}": an export naming only "${name}" gets neither's details`,
        infos[1]?.line, "give invoices their customer codes");
    }
  }
  return { byKey, problems: sink.finish() };
}

const DETAILS = ["customerName", "email", "phone", "address", "language", "customerType", "siren", "vat", "terms"] as const;

function sameDetails(a: CustomerInfo, b: CustomerInfo): boolean {
  return DETAILS.every((k) => a[k] === b[k]);
}

/** Payment terms per customer code (and name), for the readers deriving missing due dates. */
export function termsByCustomer(read: CustomersRead): Map<string, string> {
  const terms = new Map<string, string>();
  for (const [key, info] of read.byKey) if (info.terms !== undefined) terms.set(key, info.terms);
  return terms;
}

/**
 * A customers file none of whose rows an invoice's customer matches: its codes are written another
 * way than the exports write them (MOREAU for an FEC's 411MOREAU), and every e-mail and address in
 * it goes unused in silence. Said once. Some rows unmatched is normal (a file of every customer
 * beside an export of this year's invoices), so only a file that matches nobody is.
 */
export function unusedCustomers(invoices: readonly Invoice[], read: CustomersRead, file: string): Problem[] {
  if (invoices.length === 0 || invoices.some((inv) => read.byKey.has(inv.customer))) return [];
  let first: CustomerInfo | undefined;
  for (const info of read.byKey.values()) if (first === undefined || info.line < first.line) first = info;
  if (first === undefined) return [];
  return [problem("warning", "customers_unused", `no customer of the customers file is a customer of the exports (first: ${first.id}): its details are not used`, {
    file, line: first.line, hint: `write the codes as the exports do (${invoices[0]?.customer ?? ""}, …), or the customers' names as they give them`,
  })];
}

/**
 * The invoices with the customers file's details: where it gives a value, that value (a file kept
 * for the purpose is more current than what an export copied onto old invoices); elsewhere the
 * export's. Invoices of customers it does not list are the same objects.
 */
export function withCustomers(invoices: readonly Invoice[], read: CustomersRead): Invoice[] {
  return invoices.map((inv) => {
    const info = read.byKey.get(inv.customer);
    if (info === undefined) return inv;
    const out: Mutable<Invoice> = { ...inv };
    for (const key of DETAILS) {
      if (key === "terms") continue;
      const value = info[key];
      if (value !== undefined) out[key] = value;
    }
    return out;
  });
}
