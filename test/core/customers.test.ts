// The customers file (core/customers.ts): read with the invoices' header aliases, its details
// laid over the invoices of each customer, its terms used where an invoice has no due date.

import { describe, expect, it } from "vitest";
import { termsByCustomer, toCustomers, unusedCustomers, withCustomers } from "../../src/core/customers.js";
import { fromFec, FEC_HEADER } from "../../src/core/fec.js";
import type { Invoice, Table } from "../../src/core/model.js";
import { toInvoices } from "../../src/core/records.js";

function table(header: string, rows: readonly string[]): Table {
  return { file: "clients.csv", header: header.split(";"), rows: rows.map((r) => r.split(";")), lines: rows.map((_, i) => i + 2) };
}

const FRENCH = "Code client;Raison sociale;Courriel;Adresse;Code postal;Ville;Langue;Conditions de paiement;SIREN;Type de client";

function invoice(number: string, customer: string, extra: Partial<Invoice> = {}): Invoice {
  return {
    number, customer, customerName: customer, email: "", issueDate: "2026-10-01", dueDate: "2026-10-31", amount: 10000, paid: 0,
    currency: "EUR", type: "invoice", status: "", appliesTo: "", language: "", customerType: "", file: "invoices.csv", line: 2, ...extra,
  };
}

describe("toCustomers", () => {
  it("reads French headers, joins the address lines and keeps only what is filled in", () => {
    const r = toCustomers(table(FRENCH, [
      "C1;Dupont SA;compta@dupont.example;12 rue des Lilas;69003;Lyon;FR;45 jours fin de mois;512345678;",
      "C2;;;;;;;;;Particulier",
    ]));
    expect(r.problems).toEqual([]);
    expect(r.byKey.get("C1")).toEqual({
      id: "C1", customerName: "Dupont SA", email: "compta@dupont.example", address: "12 rue des Lilas\n69003 Lyon", language: "fr",
      terms: "45 jours fin de mois", siren: "512345678", line: 2,
    });
    expect(r.byKey.get("C2")).toEqual({ id: "C2", customerType: "particulier", line: 3 });
    expect(r.byKey.get("Dupont SA")?.id).toBe("C1");
  });

  it("gives an address only with its street line: a town alone leaves the export's address", () => {
    const r = toCustomers(table("Code client;Ville", ["CL014;Lyon"]));
    const [after] = withCustomers([invoice("F1", "CL014", { address: "18 rue de la Roquette\n75011 Paris" })], r);
    expect(after?.address).toBe("18 rue de la Roquette\n75011 Paris");
  });

  it("names no one by a name two codes share, and says so", () => {
    const r = toCustomers(table("customer;customer_name;email", ["C1;Martin;a@x.example", "C2;Martin;b@x.example", "C3;Durand;c@x.example"]));
    expect(r.byKey.has("Martin")).toBe(false);
    expect(r.byKey.get("Durand")?.id).toBe("C3");
    expect(r.problems).toEqual([expect.objectContaining({ severity: "warning", code: "shared_customer_name", line: 3 })]);
  });

  it("says which terms it cannot read (a payment method, instalments) and leaves the default to them", () => {
    const r = toCustomers(table("customer;terms", ["C1;Virement", "C2;1/3 à 30 jours, 1/3 à 60 jours", "C3;2/10 Net 30"]));
    expect(r.problems.map((p) => [p.severity, p.code, p.line])).toEqual([["warning", "terms_unread", 2], ["warning", "terms_unread", 3]]);
    expect([...termsByCustomer(r)]).toEqual([["C3", "2/10 Net 30"]]);
  });

  it("refuses a file without a customer column, an empty code, and a code twice with other details", () => {
    expect(toCustomers(table("Nom;Courriel", ["Dupont;a@b.example"])).problems).toEqual([
      expect.objectContaining({ code: "missing_column", line: 1 }),
    ]);
    const r = toCustomers(table("Customer;Email", [";x@y.example", "C1;a@b.example", "C1;a@b.example", "C1;other@b.example"]));
    expect(r.problems).toEqual([
      expect.objectContaining({ code: "missing_value", line: 2, column: 1 }),
      expect.objectContaining({ code: "duplicate_customer", line: 5, column: 1, message: "customer C1 appears again with other details (first on line 3)" }),
    ]);
  });

  it("refuses a row with a value past the header's last column: an unquoted ; between two addresses shifts the rest", () => {
    const r = toCustomers(table("Code client;Courriel;Adresse;Ville", ["CL01;compta@dupre.example;direction@dupre.example;3 rue Zola;Lyon"]));
    expect(r.problems).toEqual([expect.objectContaining({ severity: "error", code: "field_past_header", line: 2, column: 5 })]);
  });
});

describe("unusedCustomers", () => {
  it("says when no row matches a customer of the exports (codes written another way), not when some do", () => {
    const read = toCustomers(table("customer;email", ["MOREAU;m@x.example", "DUPONT;d@x.example"]));
    expect(unusedCustomers([invoice("F1", "411MOREAU")], read, "clients.csv").map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      "clients.csv:2: no customer of the customers file is a customer of the exports (first: MOREAU): its details are not used",
    ]);
    expect(unusedCustomers([invoice("F1", "411MOREAU"), invoice("F2", "DUPONT")], read, "clients.csv")).toEqual([]);
  });
});

describe("withCustomers", () => {
  it("lays the file's values over the invoices of each customer it lists and leaves the others as they are", () => {
    const read = toCustomers(table("customer;email;language;phone", ["C1;new@c1.example;en;", "C2;;;+33 1 23 45 67 89"]));
    const before = [invoice("F1", "C1", { email: "old@c1.example", language: "fr" }), invoice("F2", "C2", { email: "c2@example.fr" }), invoice("F3", "C3")];
    const after = withCustomers(before, read);
    expect(after[0]).toMatchObject({ email: "new@c1.example", language: "en" });
    expect(after[1]).toMatchObject({ email: "c2@example.fr", phone: "+33 1 23 45 67 89" });
    expect(after[2]).toBe(before[2]);
    expect(before[0]?.email).toBe("old@c1.example");
  });
});

describe("the customers' terms", () => {
  const terms = termsByCustomer(toCustomers(table("customer;terms", ["C1;60", "C2;fin de mois"])));

  it("give the due date of an invoice row without one (and without terms of its own)", () => {
    const invoices = toInvoices(table("invoice;customer;issue_date;amount;terms", [
      "F1;C1;2026-10-01;100.00;", "F2;C2;2026-10-10;100.00;", "F3;C3;2026-10-01;100.00;", "F4;C1;2026-10-01;100.00;10",
    ]), { defaultCurrency: "EUR", paymentTermsDays: 30, fallbackDateOrder: "dmy", customerTerms: terms });
    expect(invoices.records.map((i) => i.dueDate)).toEqual(["2026-11-30", "2026-10-31", "2026-10-31", "2026-10-11"]);
  });

  it("give the due dates of an FEC's invoices, and no warning when every customer has terms", () => {
    const fec = (aux: string): string => `VT|Ventes|1|20261001|411000|Clients|${aux}|X|F-${aux}|20261001|Facture|100,00|0,00|||20261001||`;
    const options = { defaultCurrency: "EUR", paymentTermsDays: 30, accounts: ["411"], fallbackDateOrder: "dmy" as const, customerTerms: terms };
    const withTerms = fromFec({ file: "FEC.txt", header: FEC_HEADER.split("|"), rows: [fec("C1").split("|")], lines: [2] }, options);
    expect(withTerms.invoices[0]?.dueDate).toBe("2026-11-30");
    expect(withTerms.problems).toEqual([]);
    const without = fromFec({ file: "FEC.txt", header: FEC_HEADER.split("|"), rows: [fec("C3").split("|")], lines: [2] }, options);
    expect(without.invoices[0]?.dueDate).toBe("2026-10-31");
    expect(without.problems.map((p) => p.code)).toEqual(["fec_no_due_dates"]);
  });
});
