// Tables → invoices and payments (toInvoices/toPayments on hand-built tables): credit notes,
// currencies, derived due dates, paid/open/status, duplicates, and located, collected problems.

import { describe, expect, it } from "vitest";
import type { Table } from "../../src/core/model.js";
import type { Problem } from "../../src/core/problem.js";
import { crossCurrency, crossDateOrder } from "../../src/core/across-exports.js";
import { toInvoices, toPayments, type ReadOptions } from "../../src/core/records.js";

const OPTIONS: ReadOptions = { defaultCurrency: "EUR", paymentTermsDays: 30, fallbackDateOrder: "dmy" };

/**
 * A table from `;`-separated lines (first line the header). Rows sit on lines 2, 3, … unless
 * `lines` says otherwise, as after blank lines or multi-line records.
 */
function tableOf(text: string, options: { file?: string; lines?: number[] } = {}): Table {
  const [header, ...rows] = text.trim().split("\n").map((l) => l.split(";"));
  return {
    file: options.file ?? "data/invoices.csv",
    header: header ?? [],
    rows,
    lines: options.lines ?? rows.map((_, i) => i + 2),
  };
}

const errors = (problems: readonly Problem[]) => problems.filter((p) => p.severity === "error");
const warnings = (problems: readonly Problem[]) => problems.filter((p) => p.severity === "warning");

/** The `FILE:LINE:COLUMN` a user would be pointed to. */
const where = (p: Problem) => `${p.file}:${p.line}:${p.column}`;

describe("toInvoices", () => {
  it("reads a plain invoice with every field", () => {
    const { records, problems } = toInvoices(tableOf(`
invoice;customer;customer_name;email;issue_date;due_date;amount;currency;status;language;customer_type
F-1;C1;ACME SARL;compta@acme.fr;15/01/2026;14/02/2026;1 234,56;eur;Disputed;FR;B2C`), OPTIONS);
    expect(problems).toEqual([]);
    expect(records).toEqual([{
      number: "F-1", customer: "C1", customerName: "ACME SARL", email: "compta@acme.fr",
      issueDate: "2026-01-15", dueDate: "2026-02-14", amount: 123456, paid: 0, currency: "EUR", type: "invoice",
      status: "disputed", appliesTo: "", language: "fr", customerType: "b2c", file: "data/invoices.csv", line: 2,
    }]);
  });

  it("reads a French export through its aliases", () => {
    const { records, problems } = toInvoices(tableOf(`
N° facture;Code client;Raison sociale;Date;Date d'échéance;Montant TTC;Devise
FA-2026-001;411ACME;ACME SARL;15/01/2026;14/02/2026;1.234,50;EUR`), OPTIONS);
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      number: "FA-2026-001", customer: "411ACME", customerName: "ACME SARL", issueDate: "2026-01-15",
      dueDate: "2026-02-14", amount: 123450,
    });
  });

  it("joins a split postal address and reads telephone, SIREN and VAT number through French aliases", () => {
    const { records, problems } = toInvoices(tableOf(`
N° facture;Code client;Date;Montant TTC;Téléphone;Adresse;Complément d'adresse;Code postal;Ville;Pays;SIRET;N° TVA intracommunautaire;TVA
FA-1;411ACME;15/01/2026;120,00;01 23 45 67 89;12 rue des Lilas;Bâtiment B;75011;Paris;France;12345678900012;FR12345678901;20,00`), OPTIONS);
    expect(errors(problems)).toEqual([]);
    expect(records[0]).toMatchObject({
      phone: "01 23 45 67 89", address: "12 rue des Lilas\nBâtiment B\n75011 Paris\nFrance", siren: "12345678900012", vat: "FR12345678901",
    });
  });

  it("reads dates that go both ways in the order that keeps every invoice issued on or before its due date, and says so", () => {
    const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
INV-1;C1;01/02/2026;02/01/2026;100.00
INV-2;C1;03/04/2026;04/03/2026;100.00
INV-3;C1;05/05/2026;06/04/2026;100.00`), OPTIONS);
    // As dd/mm, each would be due before it was issued (2 January … 1 February read as 1 February … 2 January).
    expect(records.map((r) => [r.issueDate, r.dueDate])).toEqual([["2026-01-02", "2026-02-01"], ["2026-03-04", "2026-04-03"], ["2026-05-05", "2026-06-04"]]);
    expect(problems.map((p) => [p.code, p.message])).toEqual([["ambiguous_dates",
      "every date could be dd/mm/yyyy or mm/dd/yyyy; read as mm/dd/yyyy, the order that keeps every due date on or after its issue date (as dd/mm/yyyy, 3 invoices would be due before they were issued)"]]);
    // One invoice in order only as dd/mm: neither order keeps them all, the locale's stands.
    const mixed = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
INV-1;C1;01/02/2026;02/01/2026;100.00
INV-2;C1;02/01/2026;01/02/2026;100.00`), OPTIONS);
    expect(mixed.records[0]?.issueDate).toBe("2026-02-01");
  });

  it("writes a British or American address in its own post's order: postcode after the town, ZIP after the state", () => {
    const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;POAddressLine1;POCity;PORegion;POPostalCode;POCountry
INV-1;C1;2026-01-15;10.00;2 Harbour Road;Whitby;North Yorkshire;yo21 3pj;United Kingdom
INV-2;C2;2026-01-15;10.00;1 Example Street;Springfield;IL;62701;USA
INV-3;C3;2026-01-15;10.00;12 rue des Lilas;Paris;;75011;France`), OPTIONS);
    expect(records.map((r) => r.address)).toEqual([
      "2 Harbour Road\nWhitby\nNorth Yorkshire\nYO21 3PJ\nUnited Kingdom",
      "1 Example Street\nSpringfield, IL 62701\nUSA",
      "12 rue des Lilas\n75011 Paris\nFrance",
    ]);
  });

  it("leaves contact fields out when the export has no such column or the cell is empty", () => {
    const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;phone;address
F-1;C1;2026-01-15;10.00;;
F-2;C1;2026-01-15;10.00;+44 20 7946 0000;"1 High St"`), OPTIONS);
    expect(records[0]).not.toHaveProperty("phone");
    expect(records[0]).not.toHaveProperty("address");
    expect(records[1]).toMatchObject({ phone: "+44 20 7946 0000", address: '"1 High St"' });
    expect(toInvoices(tableOf(`
invoice;customer;issue_date;amount;VAT
F-1;C1;2026-01-15;12.00;2.00`), OPTIONS).records[0]).not.toHaveProperty("vat");
  });

  it("uses the customer name as the customer when there is no customer id column", () => {
    const { records } = toInvoices(tableOf(`
invoice;customer_name;issue_date;amount
F-1;ACME SARL;2026-01-15;10.00`), OPTIONS);
    expect(records[0]).toMatchObject({ customer: "ACME SARL", customerName: "ACME SARL" });
  });

  describe("credit notes", () => {
    it("reads a negative amount as a credit note", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount;applies_to
AV-1;C1;2026-01-20;2026-01-20;-120.00;F-1`), OPTIONS);
      expect(records[0]).toMatchObject({ type: "credit_note", amount: -12000, appliesTo: "F-1" });
      // Nothing paid on it is 0, not the credit note's sign times 0: a -0 shows as "-0.00" in
      // some formatters and is a boxed double in every record of the file.
      expect(Object.is(records[0]?.paid, 0)).toBe(true);
    });

    it.each(["Credit Note", "credit_note", "Credit Memo", "Avoir", "AVOIR", "SC", "Refund"])(
      "reads type %j with a positive amount as a negative credit note", (type) => {
        const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;type
AV-1;C1;2026-01-20;120.00;${type}`), OPTIONS);
        expect(errors(problems)).toEqual([]);
        expect(records[0]).toMatchObject({ type: "credit_note", amount: -12000 });
      });

    it.each(["Invoice", "Facture", "SI", ""])("keeps type %j with a positive amount as an invoice", (type) => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;type
F-1;C1;2026-01-20;120.00;${type}`), OPTIONS);
      expect(records[0]).toMatchObject({ type: "invoice", amount: 12000 });
    });

    it("gives a credit note's paid part the credit note's sign", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;paid;type
AV-1;C1;2026-01-20;100.00;40.00;Avoir`), OPTIONS);
      expect(records[0]).toMatchObject({ amount: -10000, paid: -4000 });
    });
  });

  describe("currency marks in amounts", () => {
    it("refuses an amount whose mark names another currency than its row's, rather than read $ as €", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
F1;C1;15/10/2026;$4,250.00;
F2;C1;15/10/2026;£12.50;GBP
F3;C1;15/10/2026;12.00 USD;EUR
F4;C1;15/10/2026;1 234,56 €;
F5;C1;15/10/2026;CAD 10.00;CAD
F6;C1;15/10/2026;(12.00);`), OPTIONS);
      expect(records.map((r) => [r.number, r.amount, r.currency])).toEqual([["F2", 1250, "GBP"], ["F5", 1000, "CAD"], ["F6", -1200, "EUR"]]);
      expect(errors(problems).map((p) => [where(p), p.message])).toEqual([
        ["data/invoices.csv:5:4", 'amount "1 234,56 €" uses "," as decimal mark but the rest of the column uses "."'],
        ["data/invoices.csv:2:4", 'amount "$4,250.00" is written in dollars but read as EUR'],
        ["data/invoices.csv:4:4", 'amount "12.00 USD" is written in USD but read as EUR'],
      ]);
    });

    it("reads them when the currency agrees: a dollar company says so in company.currency", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount
F1;C1;15/10/2026;$4,250.00
F2;C1;15/10/2026;US$ 12.00
F3;C1;15/10/2026;C$ 5.00`), { ...OPTIONS, defaultCurrency: "USD" });
      expect([records.map((r) => r.amount), errors(problems).map((p) => p.message)]).toEqual([[425000, 1200], ['amount "C$ 5.00" is written in CAD but read as USD']]);
    });

    it("lets a bare $ be any dollar or peso, and checks nothing against a currency code that is itself wrong", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
F1;C1;15/10/2026;$12000;CLP
F2;C1;15/10/2026;$12.00;JMD
F3;C1;15/10/2026;$12.00;DOLLAR`), OPTIONS);
      expect(records.map((r) => [r.number, r.amount])).toEqual([["F1", 12000], ["F2", 1200]]);
      expect(errors(problems).map((p) => [p.code, p.line])).toEqual([["bad_currency", 4]]);
    });
  });

  describe("three-decimal currencies", () => {
    it("reads a lone separator and three digits as decimals when only KWD/BHD/TND rows are ambiguous", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
K1;C1;2026-01-15;12.500;KWD
K2;C1;2026-01-15;3.250;BHD
E1;C1;2026-01-15;100;EUR`), OPTIONS);
      expect(errors(problems)).toEqual([]);
      expect(records.map((r) => [r.number, r.amount])).toEqual([["K1", 12_500], ["K2", 3_250], ["E1", 10_000]]);
    });

    it("keeps the thousands reading when two-decimal rows are ambiguous too", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
K1;C1;2026-01-15;12.500;KWD
E1;C1;2026-01-15;1.250;EUR`), OPTIONS);
      expect(records.map((r) => r.amount)).toEqual([12_500_000, 125_000]);
    });

    it("reads them as decimals when the configuration forces the mark (csv.decimal_mark)", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
K1;C1;2026-01-15;12.500;KWD
E1;C1;2026-01-15;1.250;EUR`), { ...OPTIONS, decimalMark: "." });
      expect(errors(problems)).toEqual([]);
      expect(records.map((r) => r.amount)).toEqual([12_500, 125]);
    });

    it("reports a value that contradicts a forced mark", () => {
      const { problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
E1;C1;2026-01-15;1.250,00;EUR
E2;C1;2026-01-15;3.5;EUR`), { ...OPTIONS, decimalMark: "." });
      expect(errors(problems)).toEqual([expect.objectContaining({
        line: 2, column: 4, message: expect.stringContaining('but csv.decimal_mark is "."'), hint: expect.stringContaining("csv.decimal_mark"),
      })]);
    });
  });

  describe("currencies", () => {
    it("uses defaultCurrency when the file has no currency column", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount
F-1;C1;2026-01-15;10.00`), { ...OPTIONS, defaultCurrency: "GBP" });
      expect(records[0]?.currency).toBe("GBP");
    });

    it("uses defaultCurrency for an empty cell and normalizes written codes and symbols", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
F-1;C1;2026-01-15;10.00;
F-2;C1;2026-01-15;10.00;usd
F-3;C1;2026-01-15;10.00;€`), OPTIONS);
      expect(records.map((r) => r.currency)).toEqual(["EUR", "USD", "EUR"]);
    });

    it("reads each row's amount in its own currency's minor unit (JPY 0, KWD 3 decimals)", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
F-1;C1;2026-01-15;"1,234";JPY
F-2;C1;2026-01-15;1234.5;KWD
F-3;C1;2026-01-15;1234.5;EUR`.replaceAll('"', "")), OPTIONS);
      expect(errors(problems)).toEqual([]);
      expect(records.map((r) => r.amount)).toEqual([1234, 1234500, 123450]);
    });

    it("refuses an amount with more decimals than its currency allows", () => {
      const { problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
F-1;C1;2026-01-15;1234.50;JPY`), OPTIONS);
      expect(errors(problems)).toEqual([expect.objectContaining({ code: "bad_amount", line: 2, column: 4 })]);
      expect(problems[0]?.message).toContain("JPY");
    });

    it("refuses a currency that is not an ISO code, at its cell", () => {
      const { problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;currency
F-1;C1;2026-01-15;10.00;EURO`), OPTIONS);
      expect(errors(problems).map((p) => [p.code, where(p)])).toEqual([["bad_currency", "data/invoices.csv:2:5"]]);
    });
  });

  describe("due dates", () => {
    it("derives missing due dates from the issue date with one warning for the file", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount
F-1;C1;15/01/2026;10,00
F-2;C1;31/01/2026;10,00
F-3;C1;28/02/2026;10,00`, { lines: [2, 4, 5] }), { ...OPTIONS, paymentTermsDays: 45 });
      expect(records.map((r) => r.dueDate)).toEqual(["2026-03-01", "2026-03-17", "2026-04-14"]);
      expect(errors(problems)).toEqual([]);
      expect(warnings(problems)).toHaveLength(1);
      expect(warnings(problems)[0]).toMatchObject({ code: "missing_due_date", file: "data/invoices.csv", line: 2 });
      expect(warnings(problems)[0]?.message).toMatch(/^3 invoice/);
      expect(warnings(problems)[0]?.hint).toBeTruthy();
    });

    it("derives only the due dates that are missing, from a terms column when there is one", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount;terms
F-1;C1;2026-01-15;2026-01-20;10.00;
F-2;C1;2026-01-15;;10.00;Net 60
F-3;C1;2026-01-15;;10.00;`), OPTIONS);
      expect(records.map((r) => r.dueDate)).toEqual(["2026-01-20", "2026-03-16", "2026-02-14"]);
      expect(warnings(problems).filter((p) => p.code === "missing_due_date")).toHaveLength(1);
      expect(warnings(problems)[0]).toMatchObject({ line: 3 });
    });

    it("reads end-of-month and on-receipt terms (45 jours fin de mois, EOM, à réception)", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;conditions de paiement
F-1;C1;2026-01-15;10.00;45 jours fin de mois
F-2;C1;2026-01-15;10.00;Net 30 EOM
F-3;C1;2026-01-15;10.00;Fin de mois
F-4;C1;2026-01-15;10.00;À réception
F-5;C1;2026-12-20;10.00;30 j FDM
F-6;C1;2026-01-15;10.00;selon contrat`), OPTIONS);
      expect(records.map((r) => [r.number, r.dueDate])).toEqual([
        ["F-1", "2026-03-31"], ["F-2", "2026-02-28"], ["F-3", "2026-01-31"], ["F-4", "2026-01-15"], ["F-5", "2027-01-31"], ["F-6", "2026-02-14"],
      ]);
      expect(errors(problems)).toEqual([]);
    });

    it("reads the net days beside a discount, a day of the next month, payment on order; not instalments", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;conditions de paiement
F-1;C1;2026-01-15;10.00;2/10 Net 30
F-2;C1;2026-01-15;10.00;60 jours fin de mois le 10
F-3;C1;2026-01-15;10.00;le 10 du mois suivant
F-4;C1;2026-01-15;10.00;100% à la commande
F-5;C1;2026-01-15;10.00;1/3 à 30 jours, 1/3 à 60 jours
F-6;C1;2026-01-15;10.00;Virement`), OPTIONS);
      // Instalments and a payment method give no date: payment_terms_days (30) applies, said once.
      expect(records.map((r) => [r.number, r.dueDate])).toEqual([
        ["F-1", "2026-02-14"], ["F-2", "2026-04-10"], ["F-3", "2026-02-10"], ["F-4", "2026-01-15"], ["F-5", "2026-02-14"], ["F-6", "2026-02-14"],
      ]);
      expect(problems.filter((p) => p.code === "terms_unread")).toEqual([expect.objectContaining({
        severity: "warning", line: 6, message: '2 invoices have terms that say no due date this tool can read ("1/3 à 30 jours, 1/3 à 60 jours"); payment_terms_days applies to them',
      })]);
    });

    it("counts end-of-month terms the other way when end_of_month_terms says so", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;conditions de paiement
F-1;C1;2026-01-15;10.00;45 jours fin de mois
F-3;C1;2026-01-15;10.00;Fin de mois`), { ...OPTIONS, endOfMonthTerms: "month_end_then_days" });
      expect(records.map((r) => [r.number, r.dueDate])).toEqual([["F-1", "2026-03-17"], ["F-3", "2026-01-31"]]);
    });

    it("does not warn when every invoice has its due date", () => {
      const { problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
F-1;C1;2026-01-15;2026-02-14;10.00`), OPTIONS);
      expect(problems).toEqual([]);
    });

    it("takes an invoice as issued payment_terms_days before its due date when only a due date is given", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;due_date;amount
F-1;C1;2026-02-14;10.00`), { ...OPTIONS, paymentTermsDays: 30 });
      expect(records[0]).toMatchObject({ issueDate: "2026-01-15", dueDate: "2026-02-14" });
      expect(problems.map((p) => p.code)).toEqual(["no_issue_date"]);
    });
  });

  describe("dates in the file", () => {
    it("decides day/month order from all date columns together", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
F-1;C1;01/02/2026;03/04/2026;10.00
F-2;C1;02/03/2026;04/15/2026;10.00`), { ...OPTIONS, fallbackDateOrder: "dmy" });
      expect(problems).toEqual([]);
      expect(records[0]).toMatchObject({ issueDate: "2026-01-02", dueDate: "2026-03-04" });
    });

    it("warns once when every date reads both ways, naming the assumption and the setting", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
F-1;C1;01/02/2026;03/04/2026;10.00`), OPTIONS);
      expect(records[0]?.issueDate).toBe("2026-02-01");
      expect(problems).toEqual([expect.objectContaining({ severity: "warning", code: "ambiguous_dates" })]);
      expect(problems[0]?.message).toContain("dd/mm/yyyy");
      expect(problems[0]?.hint).toContain("date_format");
    });

    it("warns when values prove both orders", () => {
      const { problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount
F-1;C1;13/01/2026;10.00
F-2;C1;01/13/2026;10.00`), OPTIONS);
      expect(warnings(problems).map((p) => p.code)).toContain("mixed_date_order");
    });

    it("obeys a configured order without warning", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
F-1;C1;01/02/2026;03/04/2026;10.00`), { ...OPTIONS, dateOrder: "mdy" });
      expect(problems).toEqual([]);
      expect(records[0]).toMatchObject({ issueDate: "2026-01-02", dueDate: "2026-03-04" });
    });
  });

  describe("paid, open and status", () => {
    it("reads a paid column", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;paid
F-1;C1;2026-01-15;100.00;40.00
F-2;C1;2026-01-15;100.00;`), OPTIONS);
      expect(records.map((r) => [r.amount, r.paid])).toEqual([[10000, 4000], [10000, 0]]);
    });

    it("derives paid from an open column", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;open
F-1;C1;2026-01-15;100.00;25.00
F-2;C1;2026-01-15;100.00;0.00`), OPTIONS);
      expect(records.map((r) => [r.amount, r.paid])).toEqual([[10000, 7500], [10000, 10000]]);
    });

    it("uses the open amount as the amount when there is no total column", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;open
F-1;C1;2026-01-15;25.00`), OPTIONS);
      expect(records[0]).toMatchObject({ amount: 2500, paid: 0 });
    });

    it("decides the decimal mark of each amount column separately", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;paid
F-1;C1;2026-01-15;1,234.50;100,5
F-2;C1;2026-01-15;10.00;0`), OPTIONS);
      expect(errors(problems)).toEqual([]);
      expect(records.map((r) => [r.amount, r.paid])).toEqual([[123450, 10050], [1000, 0]]);
    });

    it("reads 1 and 0 as yes and no in a paid column whose header names no amount (Dolibarr's Facture payée), as amounts under Montant payé", () => {
      const flags = toInvoices(tableOf(`
invoice;customer;issue_date;amount;Facture payée
F-1;C1;2026-01-15;1 200,00;1
F-2;C1;2026-01-15;840,00;0`), { ...OPTIONS, columns: { paid: "Facture payée" } });
      expect(errors(flags.problems)).toEqual([]);
      expect(flags.records.map((r) => [r.number, r.paid])).toEqual([["F-1", 120000], ["F-2", 0]]);
      const amounts = toInvoices(tableOf(`
invoice;customer;issue_date;amount;Montant payé
F-1;C1;2026-01-15;1 200,00;1`), OPTIONS);
      expect(amounts.records.map((r) => r.paid)).toEqual([100]);
    });

    it.each(["Settled", "Lettrée", "Paid (bank transfer)", "Réglée le 12/10/2026", "Payée par chèque", "Paid by card", "bezahlt per Überweisung", "payée", "in_payment", "auto-paid"])("reads %j as paid", (status) => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount;status
F-1;C1;2026-01-15;2026-02-14;100.00;${status}`), OPTIONS);
      expect(problems).toEqual([]);
      expect(records.map((r) => r.paid)).toEqual([10000]);
    });

    it("says which statuses and types it does not know, once per column with their rows, and what it read them as", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount;status;type
F-1;C1;2026-01-15;2026-02-14;100.00;Uncollectible;Facture
F-2;C1;2026-01-15;2026-02-14;100.00;Sent;Xyz
F-3;C1;2026-01-15;2026-02-14;100.00;Uncollectible;Gutschrift
F-4;C1;2026-01-15;2026-02-14;100.00;En retard;AVC`), OPTIONS);
      expect(records.map((r) => r.type)).toEqual(["invoice", "invoice", "credit_note", "credit_note"]);
      expect(problems.map((p) => [p.code, p.line, p.message])).toEqual([
        ["unknown_status", 2, '2 rows have a status this tool does not know: "Uncollectible" (2) — read as still owed (not paid, void nor disputed)'],
        ["unknown_type", 3, '1 row has a type this tool does not know: "Xyz" (1) — read as invoices (not credit notes)'],
      ]);
    });

    it("reads the business's own status words as its configuration says, over the built-in ones, and warns of them no more", () => {
      const statuses = { "a relancer": "open", "reglee par cheque": "paid", archivee: "void", "transmis huissier": "no_dunning", "contestation partielle": "dispute", litige: "open" } as const;
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount;status
F-1;C1;2026-01-15;2026-02-14;100.00;À relancer
F-2;C1;2026-01-15;2026-02-14;200.00;Réglée par chèque
F-3;C1;2026-01-15;2026-02-14;300.00;ARCHIVÉE
F-4;C1;2026-01-15;2026-02-14;400.00;Transmis_huissier
F-5;C1;2026-01-15;2026-02-14;500.00;Contestation-partielle
F-6;C1;2026-01-15;2026-02-14;600.00;Litige
F-7;C1;2026-01-15;2026-02-14;700.00;Sent`), { ...OPTIONS, statuses });
      expect(problems).toEqual([]);
      expect(records.map((r) => [r.number, r.paid, r.statusMeaning])).toEqual([
        ["F-1", 0, "open"], ["F-2", 20000, undefined], ["F-4", 0, "no_dunning"], ["F-5", 0, "dispute"], ["F-6", 0, "open"], ["F-7", 0, undefined],
      ]);
      // A spreadsheet's no-break space or doubled space is the same word.
      const spaced = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount;status
F-4;C1;2026-01-15;2026-02-14;400.00;Transmis\u00a0huissier
F-8;C1;2026-01-15;2026-02-14;400.00;transmis  huissier`), { ...OPTIONS, statuses });
      expect(spaced.records.map((r) => r.statusMeaning)).toEqual(["no_dunning", "no_dunning"]);
      // Without the configuration, the same words are read by the built-in rules, and the unknown ones said.
      const plain = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount;status
F-1;C1;2026-01-15;2026-02-14;100.00;À relancer
F-3;C1;2026-01-15;2026-02-14;300.00;ARCHIVÉE`), OPTIONS);
      expect(plain.records.map((r) => r.number)).toEqual(["F-1", "F-3"]);
      expect(plain.problems.map((p) => p.code)).toEqual(["unknown_status"]);
      expect(plain.problems[0]?.hint).toContain("statuses.invoices in dunning.yaml");
    });

    it.each(["void", "Voided", "cancelled", "Draft", "Annulée", "brouillon", "DELETED", "Abandonnée", "abandoned", "SUBMITTED", "Awaiting Approval"])("drops %j rows", (status) => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;status
F-1;C1;2026-01-15;100.00;${status}
F-2;C1;2026-01-15;100.00;open`), OPTIONS);
      expect(errors(problems)).toEqual([]);
      expect(records.map((r) => r.number)).toEqual(["F-2"]);
    });

    it("does not check a dropped row, so a draft's blank amount is no error", () => {
      const { problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;status
F-1;;;;draft`), OPTIONS);
      expect(problems).toEqual([]);
    });

    it.each(["paid", "Payée", "réglé", "closed"])("reads status %j as fully paid when no paid/open column says otherwise", (status) => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;status
F-1;C1;2026-01-15;100.00;${status}`), OPTIONS);
      expect(records[0]).toMatchObject({ amount: 10000, paid: 10000 });
    });

    it("trusts a paid column over a paid status", () => {
      const { records } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;paid;status
F-1;C1;2026-01-15;100.00;30.00;paid`), OPTIONS);
      expect(records[0]?.paid).toBe(3000);
    });
  });

  describe("duplicates", () => {
    it("merges identical rows silently (line-item exports repeat the invoice)", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount;description
F-1;C1;2026-01-15;100.00;Widgets
F-1;C1;2026-01-15;100.00;Gadgets`), OPTIONS);
      expect(errors(problems)).toEqual([]);
      expect(records).toHaveLength(1);
      expect(records[0]?.line).toBe(2);
    });

    it("refuses the same number with different data, naming the first line", () => {
      const { records, problems } = toInvoices(tableOf(`
customer;invoice;issue_date;amount
C1;F-1;2026-01-15;100.00
C1;F-2;2026-01-15;50.00
C1;F-1;2026-01-15;120.00`, { lines: [2, 3, 7] }), OPTIONS);
      expect(records.map((r) => r.number)).toEqual(["F-1", "F-2"]);
      const [duplicate, ...others] = errors(problems);
      expect(others).toEqual([]);
      expect(duplicate).toMatchObject({ code: "duplicate_invoice", file: "data/invoices.csv", line: 7, column: 2 });
      expect(duplicate?.message).toContain("line 2");
      expect(duplicate?.hint).toBeTruthy();
    });
  });

  describe("problems", () => {
    const BAD = tableOf(`
invoice;customer;issue_date;due_date;amount;currency
F-1;C1;01/09/2026;01/10/2026;1 200,00;EUR
F-2;C2;15/10/2026;31/02/2026;12,5O;EUR
;C3;15/10/2026;14/11/2026;80,00;EUR
F-4;C4;15/10/2026;14/11/2026;80,00;EURO
F-5;;2026-13-01;14/11/2026;abc;EUR`, { file: "bad/invoices.csv", lines: [2, 3, 5, 6, 9] });

    it("ignores a void row even when it has no number", () => {
      const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount;status
;C1;01/09/2026;01/10/2026;10,00;annulée
F-2;C1;01/09/2026;01/10/2026;10,00;`), OPTIONS);
      expect(errors(problems)).toEqual([]);
      expect(records.map((r) => r.number)).toEqual(["F-2"]);
    });

    it("reports a value with the other decimal mark once, not also as unreadable", () => {
      const { problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
F-1;C1;01/09/2026;01/10/2026;1,50
F-2;C1;01/09/2026;01/10/2026;1.50
F-3;C1;01/09/2026;01/10/2026;1,234.50`), OPTIONS);
      expect(errors(problems).map((p) => [p.code, where(p)])).toEqual([["mixed_decimal_mark", "data/invoices.csv:2:5"]]);
    });

    it("collects every problem of the file, each at its FILE:LINE:COLUMN", () => {
      const { records, problems } = toInvoices(BAD, OPTIONS);
      expect(records.map((r) => r.number)).toEqual(["F-1"]);
      expect(problems.map((p) => [p.code, where(p)])).toEqual([
        ["bad_date", "bad/invoices.csv:3:4"],
        ["bad_amount", "bad/invoices.csv:3:5"],
        ["missing_value", "bad/invoices.csv:5:1"],
        ["bad_currency", "bad/invoices.csv:6:6"],
        ["missing_value", "bad/invoices.csv:9:2"],
        ["bad_date", "bad/invoices.csv:9:3"],
        ["bad_amount", "bad/invoices.csv:9:5"],
      ]);
    });

    it("gives every row error a file, a line, a column, the offending value and a hint", () => {
      const { problems } = toInvoices(BAD, OPTIONS);
      for (const p of problems) {
        expect(p.severity).toBe("error");
        expect(p.file).toBe("bad/invoices.csv");
        expect(p.line).toBeGreaterThan(1);
        expect(p.column).toBeGreaterThan(0);
        expect(p.hint?.length).toBeGreaterThan(10);
      }
      const messages = problems.map((p) => p.message).join("\n");
      for (const value of ["31/02/2026", "12,5O", "EURO", "2026-13-01", "abc"]) expect(messages).toContain(value);
    });

    it("hints amounts in the column's own style", () => {
      const comma = toInvoices(tableOf(`
invoice;customer;issue_date;amount
F-1;C1;2026-01-15;1 234,56
F-2;C1;2026-01-15;oops`), OPTIONS);
      const point = toInvoices(tableOf(`
invoice;customer;issue_date;amount
F-1;C1;2026-01-15;1234.56
F-2;C1;2026-01-15;oops`), OPTIONS);
      expect(comma.problems[0]?.hint).toContain("1 234,56");
      expect(point.problems[0]?.hint).toContain("1234.56");
    });

    it("reports values whose decimal mark contradicts the rest of their column", () => {
      const { problems } = toInvoices(tableOf(`
invoice;customer;issue_date;amount
F-1;C1;2026-01-15;1 234,56
F-2;C1;2026-01-15;12,00
F-3;C1;2026-01-15;99.95`), OPTIONS);
      const mixed = errors(problems).filter((p) => p.code === "mixed_decimal_mark");
      expect(mixed.map(where)).toEqual(["data/invoices.csv:4:4"]);
      expect(mixed[0]?.message).toContain("99.95");
    });

    it("caps the errors listed and says how many more there are", () => {
      const rows = Array.from({ length: 7 }, (_, i) => `F-${i};C1;2026-01-15;bad${i}`).join("\n");
      const { problems } = toInvoices(tableOf(`invoice;customer;issue_date;amount\n${rows}`), { ...OPTIONS, maxErrors: 3 });
      expect(problems.map((p) => p.code)).toEqual(["bad_amount", "bad_amount", "bad_amount", "too_many_errors"]);
      expect(problems.map((p) => p.line).slice(0, 3)).toEqual([2, 3, 4]);
      expect(problems[3]).toMatchObject({ severity: "error", file: "data/invoices.csv" });
      expect(problems[3]?.message).toBe("4 more errors not shown");
    });

    it("caps at 50 by default", () => {
      const rows = Array.from({ length: 60 }, (_, i) => `F-${i};C1;2026-01-15;bad`).join("\n");
      const { problems } = toInvoices(tableOf(`invoice;customer;issue_date;amount\n${rows}`), OPTIONS);
      expect(problems).toHaveLength(51);
      expect(problems[50]?.message).toBe("10 more errors not shown");
    });

    it("does not add the cap notice when the errors fit", () => {
      const rows = Array.from({ length: 3 }, (_, i) => `F-${i};C1;2026-01-15;bad`).join("\n");
      const { problems } = toInvoices(tableOf(`invoice;customer;issue_date;amount\n${rows}`), { ...OPTIONS, maxErrors: 3 });
      expect(problems.map((p) => p.code)).toEqual(["bad_amount", "bad_amount", "bad_amount"]);
    });

    it("reports every missing required column at once, with the header, and reads no rows", () => {
      const { records, problems } = toInvoices(tableOf(`
Ref;Label
F-1;x`), OPTIONS);
      expect(records).toEqual([]);
      expect(problems.map((p) => p.code)).toEqual(["missing_column", "missing_column", "missing_column", "missing_column"]);
      expect(problems[0]).toMatchObject({ file: "data/invoices.csv", line: 1 });
      expect(problems[0]?.message).toContain("Ref, Label");
      expect(problems[0]?.hint).toContain("columns.invoices");
    });

    it("reads through config column overrides and stops on a mapping to a missing header", () => {
      const table = tableOf(`
Ref;Who;When;Total TTC
F-1;C1;2026-01-15;10.00`);
      const mapped = toInvoices(table, { ...OPTIONS, columns: { invoice: "Ref", customer: "Who", issue_date: "When", amount: "total ttc" } });
      expect(errors(mapped.problems)).toEqual([]);
      expect(mapped.records[0]).toMatchObject({ number: "F-1", customer: "C1", amount: 1000 });
      const wrong = toInvoices(table, { ...OPTIONS, columns: { invoice: "Reference", customer: "Who", issue_date: "When", amount: "Total TTC" } });
      expect(wrong.records).toEqual([]);
      expect(wrong.problems[0]).toMatchObject({ severity: "error", code: "mapped_column_missing", line: 1 });
      expect(wrong.problems[0]?.message).toContain("Reference");
    });
  });
});

describe("reports rather than plain exports", () => {
  // QuickBooks Online's A/R Aging Detail (domain.md §5.1), cut into cells as csv-parse gives them.
  const qbo = (lines: string[][]): Table => ({
    file: "qbo.csv", header: lines[0] as string[], rows: lines.slice(1), lines: lines.slice(1).map((_, i) => i + 2),
  });
  const AGING = [
    ["Craig's Design and Landscaping Services"],
    ["A/R Aging Detail"],
    ["As of November 22", " 2026"],
    ["", "Date", "Transaction type", "Num", "Customer full name", "Due date", "Amount", "Open balance"],
    ["91 or more days past due"],
    ["", "07/15/2026", "Invoice", "1001", "Amy's Bird Sanctuary", "08/14/2026", "1,000.00", "400.00"],
    ["Total for 91 or more days past due", "", "", "", "", "", "$1,000.00", "$400.00"],
    ["CURRENT"],
    ["", "11/01/2026", "Invoice", "1002", "Bill's Windsurf Shop", "12/01/2026", "250.00", "250.00"],
    ["Total for CURRENT", "", "", "", "", "", "$250.00", "$250.00"],
    ["TOTAL", "", "", "", "", "", "$1,250.00", "$650.00"],
    ["Saturday", " Nov 22", " 2026 09:15:01 AM GMT-8"],
  ];

  it("finds the header under the report's title and skips its section titles, subtotals and totals, saying so", () => {
    const { records, problems } = toInvoices(qbo(AGING), { ...OPTIONS, defaultCurrency: "USD" });
    expect(records.map((r) => [r.number, r.customer, r.dueDate, r.amount, r.paid])).toEqual([
      ["1001", "Amy's Bird Sanctuary", "2026-08-14", 100000, 60000],
      ["1002", "Bill's Windsurf Shop", "2026-12-01", 25000, 0],
    ]);
    expect(errors(problems)).toEqual([]);
    expect(warnings(problems).map((p) => [p.code, p.line, p.message])).toEqual([
      ["preamble", 1, "lines 1–3 come before the header on line 4 (the report's title, company or date): not read"],
      ["report_lines", 5, "6 lines are the report's own (section titles, subtotals, totals), not invoices: skipped (lines 5, 7, 8, 10, 11, …)"],
    ]);
  });

  it("reads a bank statement's payments between its account lines and its closing balance", () => {
    const { records, problems } = toPayments(tableOf(`
Compte courant;FR76 3000 6000 0112 3456 7890 189
Solde au 01/11/2026;12 345,67
Date;Libellé;Débit;Crédit
13/11/2026;VIR DUPONT F2026-0001;;1 200,00
14/11/2026;PRLV URSSAF;350,00;
Solde au 22/11/2026;;;13 195,67`, { file: "bank.csv" }), OPTIONS);
    expect(records.map((r) => [r.date, r.amount, r.reference])).toEqual([["2026-11-13", 120000, "VIR DUPONT F2026-0001"], ["2026-11-14", -35000, "PRLV URSSAF"]]);
    expect(errors(problems)).toEqual([]);
    expect(warnings(problems).map((p) => [p.code, p.line])).toEqual([["preamble", 1], ["report_lines", 6]]);
  });

  it("still reports a row that lacks its number but is no report line (its first cell is read), and a total row with a customer", () => {
    const { problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
;;13/10/2026;12/11/2026;12,00
Total;C1;13/10/2026;12/11/2026;12,00
TOTAL;;;;24,00`), OPTIONS);
    expect(problems.map((p) => [p.severity, p.code, p.line])).toEqual([
      ["error", "missing_value", 2], ["warning", "report_lines", 4],
    ]);
  });

  it("never takes a record that lacks a field for a report line: money without a key, a total's word in a name", () => {
    const pays = toPayments(tableOf(`
Compte;Référence;Date;Payeur;Montant
512000;;31/09/2026;ACME;1 250,00
;;;TOTAL ENERGIES;1 200,00`, { file: "bank.csv" }), OPTIONS);
    expect(pays.problems.map((p) => [p.severity, p.code, p.line])).toEqual([["error", "bad_date", 2], ["error", "bad_date", 3]]);
    const invs = toInvoices(tableOf(`
Libellé;Facture;Client;Date;Montant
Solde chantier Dupont;F-12;;13/11/2026;1200,00
VT;;;13/11/2026;1200,00
Balance-7;;;13/11/2026;12,00
Sous-total : chantier;;;;2400,00`), OPTIONS);
    expect(invs.problems.map((p) => [p.severity, p.code, p.line])).toEqual([
      ["error", "missing_value", 2], ["error", "missing_value", 3], ["error", "missing_value", 4], ["warning", "report_lines", 5],
    ]);
  });

  it("says what the line closest to a header lacks when no line is one", () => {
    const { records, problems } = toInvoices(tableOf(`
Aged receivables
Customer;Balance
C1;12,00`), OPTIONS);
    expect(records).toEqual([]);
    expect(problems.map((p) => [p.code, p.line, p.message.split(" column")[0]])).toEqual([
      ["missing_column", 2, "no invoice"], ["missing_column", 2, "no issue_date or due_date"],
    ]);
    expect(problems[0]?.message).toContain("(header on line 2: Customer, Balance)");
  });

  it("says what the first line lacks when nothing comes closer", () => {
    const { problems } = toInvoices(tableOf(`
Aged receivables
Printed on 30/11/2026`), OPTIONS);
    expect(problems.map((p) => [p.code, p.line])).toEqual([["missing_column", 1], ["missing_column", 1], ["missing_column", 1], ["missing_column", 1]]);
  });

  it("a payments export given as the invoices: the hint asks whether the two are swapped", () => {
    const { problems } = toInvoices(tableOf(`
Date;Payee;Reference;Amount
2026-10-05;Bramble;INV-1;500,00`), OPTIONS);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.hint).toBe("this header is a payments export's: are --invoices and --payments (data.invoices, data.payments) swapped?");
  });

  it("says how many invoices are due before their issue date, and how many have an empty open amount", () => {
    const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount;Reste à payer
F-1;C1;2026-10-15;2026-08-14;100,00;100,00
F-2;C1;2026-09-01;2026-10-01;100,00;0
F-3;C1;2026-09-01;2026-10-01;1000,00;
F-4;C1;2026-09-01;2026-10-01;50,00;`), OPTIONS);
    expect(records.map((r) => [r.number, r.paid])).toEqual([["F-1", 0], ["F-2", 10000], ["F-3", 0], ["F-4", 0]]);
    expect(problems.map((p) => [p.code, p.line, p.message])).toEqual([
      ["due_before_issue", 2, "1 invoice is due before its issue date: read as written, late from the due date"],
      ["open_blank", 4, "2 invoices have an empty Reste à payer: read as owed in full"],
    ]);
  });

  it("passes over the header line found again amid the records (two exports joined), and says so", () => {
    const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
F-1;C1;2026-09-01;2026-10-01;100,00
\ufeffinvoice;customer;issue_date;due_date;amount
F-2;C1;2026-10-01;2026-11-01;200,00`), OPTIONS);
    expect(records.map((r) => r.number)).toEqual(["F-1", "F-2"]);
    expect(problems.map((p) => [p.code, p.line])).toEqual([["header_again", 3]]);
  });

  it("says which of two columns of the same name is read", () => {
    const { records, problems } = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;Montant;Montant
F-1;C1;2026-09-01;2026-10-01;100,00;83,33`), OPTIONS);
    expect(records.map((r) => r.amount)).toEqual([10000]);
    expect(problems.map((p) => p.message)).toEqual(['two columns are named "Montant" (columns 5 and 6): the amount is read from column 5']);
  });

  it("says an unsigned amount's direction column (Side, Sens) is not read: a debit would read as money received", () => {
    const { problems } = toPayments(tableOf(`
Date;Counterparty;Amount;Side
02/10/2026;ORANGE;59,99;debit
20/10/2026;SARL DUPONT;1 200,00;credit`), OPTIONS);
    expect(problems.filter((p) => p.code === "direction_unread").map((p) => [p.line, p.message]))
      .toEqual([[2, '1 row says debit in the "Side" column, which dunning does not read, where the amount has no minus sign: read as money received']]);
    // Signed amounts already say it: nothing to warn of; one signed correction does not hide an unsigned debit.
    const signed = toPayments(tableOf(`
Date;Libellé;Montant;Sens
02/10/2026;ORANGE;-59,99;D
20/10/2026;SARL DUPONT;1 200,00;C`), OPTIONS);
    expect(signed.problems.filter((p) => p.code === "direction_unread")).toEqual([]);
    const mixed = toPayments(tableOf(`
Date;Libellé;Montant;Sens
02/10/2026;CORRECTION;-2,50;D
03/10/2026;PRLV ORANGE;59,99;D`), OPTIONS);
    expect(mixed.problems.filter((p) => p.code === "direction_unread").map((p) => p.line)).toEqual([3]);
  });

  it("a file without a header line: the hint says no line names the columns, as there is nothing to map", () => {
    const { problems } = toPayments(tableOf(`
10/11/2026;;;PRLV SEPA EDF;-599,99
05/11/2026;;;VIR SEPA RECU DUPONT FA-2026-014;1 200,00`), OPTIONS);
    expect(problems.map((p) => p.hint)).toEqual([
      "no line names the file's columns (this one holds values, such as 10/11/2026): add a line naming them above the first record (date, label, amount…), or export the file with its column headers",
      "no line names the file's columns (this one holds values, such as 10/11/2026): add a line naming them above the first record (date, label, amount…), or export the file with its column headers",
    ]);
  });

  it("an invoices export given as the payments: it has an amount, never a payment's date, and the hint asks too", () => {
    const { problems } = toPayments(tableOf(`
invoice;customer;issue_date;due_date;amount
F-1;C1;01/10/2026;31/10/2026;500,00`), OPTIONS);
    expect(problems.map((p) => p.hint)).toEqual(["this header is an invoices export's: are --invoices and --payments (data.invoices, data.payments) swapped?"]);
  });
});

describe("toPayments", () => {
  const file = "bank/payments.csv";

  it("reports a bad amount even on a row whose currency is also wrong", () => {
    const { records, problems } = toPayments(tableOf(`
id;date;amount;currency
P1;15/01/2026;abc;EURO`, { file }), OPTIONS);
    expect(records).toEqual([]);
    expect(problems.map((p) => [p.code, where(p)]).sort()).toEqual([["bad_amount", `${file}:2:3`], ["bad_currency", `${file}:2:4`]]);
  });

  it("reads the business's own payment status words as its configuration says: failed left out, received counted, neither warned of", () => {
    const statuses = { "cheque impaye": "failed", "remise en banque": "received", completed: "failed" } as const;
    const { records, problems } = toPayments(tableOf(`
id;date;amount;status
P1;15/01/2026;100,00;Chèque impayé
P2;15/01/2026;200,00;Remise en banque
P3;15/01/2026;300,00;Completed
P4;15/01/2026;400,00;Encaissé`, { file }), { ...OPTIONS, statuses });
    expect(problems).toEqual([]);
    expect(records.map((r) => r.id)).toEqual(["P2", "P4"]);
    const plain = toPayments(tableOf(`
id;date;amount;status
P1;15/01/2026;100,00;Chèque impayé`, { file }), OPTIONS);
    expect(plain.problems[0]?.hint).toContain("statuses.payments in dunning.yaml");
  });

  it("reads a payment, numbering it by file and line when there is no id column", () => {
    const { records, problems } = toPayments(tableOf(`
date;amount;payer_name;reference
15/01/2026;1 234,56;ACME SARL;VIR ACME FACT-2026-0042`, { file, lines: [4] }), OPTIONS);
    expect(problems).toEqual([]);
    expect(records).toEqual([{
      id: "payments.csv:4", date: "2026-01-15", customer: "", payerName: "ACME SARL", amount: 123456, currency: "EUR",
      reference: "VIR ACME FACT-2026-0042", invoices: [], file, line: 4,
    }]);
  });

  it("reads a French bank export with Débit/Crédit columns (debits written positive or negative)", () => {
    const { records, problems } = toPayments(tableOf(`
Date opération;Libellé;Débit;Crédit
15/01/2026;VIR ACME;;1 234,56
16/01/2026;REMBOURSEMENT;50,00;
17/01/2026;FRAIS;-2,50;`, { file }), OPTIONS);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.amount)).toEqual([123456, -5000, -250]);
  });

  it("reads an explicit list of settled invoices", () => {
    const { records } = toPayments(tableOf(`
date;amount;invoice
2026-01-15;100.00;F-1, F-2
2026-01-15;100.00;F-3;F-4
2026-01-15;100.00;
2026-01-15;100.00;F-5 | F-6`, { file }), OPTIONS);
    expect(records.map((r) => r.invoices)).toEqual([["F-1", "F-2"], ["F-3"], [], ["F-5", "F-6"]]);
  });

  it("reads Excel's text-keeping forms as their values: =\"00123\" anywhere, '00123 in codes", () => {
    const invoices = toInvoices(tableOf(`
invoice;customer;issue_date;due_date;amount
="F1";="00123";2026-09-01;2026-10-01;="100,00"
'F2;'00123;2026-09-01;2026-10-01;250,50`), OPTIONS);
    expect(invoices.problems).toEqual([]);
    expect(invoices.records.map((r) => [r.number, r.customer, r.amount])).toEqual([["F1", "00123", 10000], ["F2", "00123", 25050]]);
    const payments = toPayments(tableOf(`
id;date;customer;amount;invoice
'P1;2026-10-05;="00123";100,00;="F1"`, { file }), OPTIONS);
    expect(payments.records.map((r) => [r.id, r.customer, r.invoices])).toEqual([["P1", "00123", ["F1"]]]);
  });

  it("reads the numbers of a cell written in words: FA 13 is one number with a space, et and Facture are no numbers", () => {
    const { records } = toPayments(tableOf(`
date;amount;invoice
2026-01-15;100.00;FA 13
2026-01-15;100.00;F-1 F-2
2026-01-15;100.00;FA 12, FA  13
2026-01-15;100.00;1012 1015
2026-01-15;100.00;F1 et F2
2026-01-15;100.00;Facture F4
2026-01-15;100.00;1012 / 1015
2026-01-15;100.00;INV 123 + INV 124`, { file }), OPTIONS);
    expect(records.map((r) => r.invoices)).toEqual([
      ["FA 13"], ["F-1", "F-2"], ["FA 12", "FA 13"], ["1012", "1015"], ["F1", "F2"], ["F4"], ["1012", "1015"], ["INV 123", "INV 124"],
    ]);
  });

  it("reads refunds as negative amounts and the currency of each row", () => {
    const { records } = toPayments(tableOf(`
date;amount;currency
2026-01-15;(12.00);USD
2026-01-15;12.00-;
2026-01-15;500;JPY`, { file }), { ...OPTIONS, defaultCurrency: "GBP" });
    expect(records.map((r) => [r.amount, r.currency])).toEqual([[-1200, "USD"], [-1200, "GBP"], [500, "JPY"]]);
  });

  it("reports an unparseable amount and date of the same row, each at its cell", () => {
    const { records, problems } = toPayments(tableOf(`
id;date;amount
P-1;31/02/2026;12,5O
P-2;yesterday;10,00
P-3;01/02/2026;`, { file, lines: [2, 5, 6] }), OPTIONS);
    expect(records).toEqual([]);
    expect(problems.map((p) => [p.code, where(p)])).toEqual([
      ["bad_date", "bank/payments.csv:2:2"],
      ["bad_amount", "bank/payments.csv:2:3"],
      ["bad_date", "bank/payments.csv:5:2"],
      ["missing_value", "bank/payments.csv:6:3"],
    ]);
    for (const p of problems) expect(p.hint).toBeTruthy();
    expect(problems[0]?.message).toContain("31/02/2026");
    expect(problems[1]?.message).toContain("12,5O");
  });

  it("refuses an empty payment date", () => {
    const { problems } = toPayments(tableOf(`
date;amount
;10.00`, { file }), OPTIONS);
    expect(problems).toEqual([expect.objectContaining({ code: "bad_date", line: 2, column: 1 })]);
  });

  it("counts a repeated identical payment once with a warning, and refuses a conflicting id", () => {
    const { records, problems } = toPayments(tableOf(`
id;date;amount
P-1;2026-01-15;10.00
P-1;2026-01-15;10.00
P-2;2026-01-16;20.00
P-2;2026-01-16;25.00`, { file }), OPTIONS);
    expect(records.map((r) => r.id)).toEqual(["P-1", "P-2"]);
    expect(problems.map((p) => [p.severity, p.code, p.line])).toEqual([
      ["warning", "duplicate_payment", 3],
      ["error", "duplicate_payment", 5],
    ]);
    expect(problems[1]).toMatchObject({ column: 1 });
    expect(problems[1]?.message).toContain("line 4");
  });

  it("requires a date and an amount or credit column", () => {
    const { problems } = toPayments(tableOf(`
Libellé;Solde
VIR;10`, { file }), OPTIONS);
    expect(problems.map((p) => p.code)).toEqual(["missing_column", "missing_column"]);
    expect(problems[0]?.hint).toContain("columns.payments");
  });

  it("caps errors like invoices do", () => {
    const rows = Array.from({ length: 5 }, (_, i) => `2026-01-15;x${i}`).join("\n");
    const { problems } = toPayments(tableOf(`date;amount\n${rows}`, { file }), { ...OPTIONS, maxErrors: 2 });
    expect(problems.map((p) => p.code)).toEqual(["bad_amount", "bad_amount", "too_many_errors"]);
    expect(problems[2]?.message).toBe("3 more errors not shown");
  });
});

describe("crossDateOrder", () => {
  it("carries an order proven by one export's values to the other export's open one, only then", () => {
    expect(crossDateOrder({ order: "dmy", basis: "assumed" }, { order: "mdy", basis: "values" })).toBe("mdy");
    expect(crossDateOrder({ order: "dmy", basis: "assumed" }, { order: "dmy", basis: "values" })).toBeUndefined();
    expect(crossDateOrder({ order: "dmy", basis: "assumed" }, { order: "mdy", basis: "assumed" })).toBeUndefined();
    expect(crossDateOrder({ order: "dmy", basis: "values" }, { order: "mdy", basis: "values" })).toBeUndefined();
    expect(crossDateOrder({ order: "dmy", basis: "config" }, { order: "mdy", basis: "values" })).toBeUndefined();
    expect(crossDateOrder(undefined, { order: "mdy", basis: "values" })).toBeUndefined();
    // A file without day-month dates (ISO) has nothing to read again.
    expect(crossDateOrder({ order: "dmy", basis: "none" }, { order: "mdy", basis: "values" })).toBeUndefined();
  });
});

describe("crossCurrency", () => {
  const read = (currencies: string[], noCurrencyColumn: boolean) =>
    ({ records: currencies.map((currency) => ({ currency })), problems: [], noCurrencyColumn }) as unknown as Parameters<typeof crossCurrency>[0];
  it("gives a file without a currency column the other file's one currency, when it is not the default", () => {
    expect(crossCurrency(read(["EUR"], true), read(["GBP", "GBP"], false), "EUR")).toBe("GBP");
    expect(crossCurrency(read(["EUR"], true), read(["GBP", "USD"], false), "EUR")).toBeUndefined();
    expect(crossCurrency(read(["EUR"], true), read(["EUR"], false), "EUR")).toBeUndefined();
    expect(crossCurrency(read(["EUR"], true), read([], false), "EUR")).toBeUndefined();
    expect(crossCurrency(read(["EUR"], false), read(["GBP"], false), "EUR")).toBeUndefined();
    expect(crossCurrency(read(["EUR"], true), read(["EUR"], true), "EUR")).toBeUndefined();
  });
});

describe("a date the other way round from the file's", () => {
  it("says which order the file's dates have and what it would be read the other way", () => {
    const { problems } = toPayments(tableOf(`
date;amount
25/10/2026;10,00
10/15/2026;10,00`), OPTIONS);
    const bad = problems.find((p) => p.code === "bad_date");
    expect(bad).toMatchObject({ line: 3, column: 1 });
    expect(bad?.message).toBe(`payment date "10/15/2026" is not a date as dd/mm/yyyy, the order of this file's other dates; read as mm/dd/yyyy it would be 2026-10-15`);
    const plain = toPayments(tableOf(`
date;amount
31/02/2026;10,00`), OPTIONS).problems.find((p) => p.code === "bad_date");
    expect(plain?.message).toBe('payment date "31/02/2026" is not a date');
  });
});
