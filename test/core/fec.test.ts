// The FEC reader (core/fec.ts): which customer-account lines become invoices, credit notes,
// payments and refunds, how the accountant's lettrage is kept, and the format's variants.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromFec, FEC_HEADER, type FecOptions } from "../../src/core/fec.js";
import { matchPayments } from "../../src/core/match.js";
import type { Table } from "../../src/core/model.js";

const OPTIONS: FecOptions = { defaultCurrency: "EUR", paymentTermsDays: 30, accounts: ["411"], fallbackDateOrder: "dmy", delimiter: "|" };

/** A table from FEC lines written with `|`, the header first (the official one by default). */
function table(lines: readonly string[], header = FEC_HEADER): Table {
  return { file: "FEC.txt", header: header.split("|"), rows: lines.map((l) => l.split("|")), lines: lines.map((_, i) => i + 2) };
}

/** One line in the official column order; the dates also give ValidDate. */
function line(journal: string, entry: string, date: string, account: string, aux: string, name: string, piece: string,
  label: string, debit: string, credit: string, letter = "", currency: [string, string] = ["", ""]): string {
  return [journal, journal, entry, date, account, "Clients", aux, name, piece, date, label, debit, credit, letter, letter ? date : "", date, ...currency].join("|");
}

/** A sale: the customer's debit and its revenue and VAT credits. */
function sale(entry: string, date: string, aux: string, piece: string, ttc: string, letter = ""): string[] {
  return [
    line("VT", entry, date, "411000", aux, `Client ${aux}`, piece, `Facture ${piece}`, ttc, "0,00", letter),
    line("VT", entry, date, "706000", "", "", piece, `Facture ${piece}`, "0,00", "1000,00"),
    line("VT", entry, date, "445710", "", "", piece, `TVA ${piece}`, "0,00", "200,00"),
  ];
}

/** Money received: the bank's debit and the customer's credit. */
function receipt(entry: string, date: string, aux: string, amount: string, label: string, letter = "", piece = ""): string[] {
  return [
    line("BQ", entry, date, "512000", "", "", piece, label, amount, "0,00"),
    line("BQ", entry, date, "411000", aux, `Client ${aux}`, piece, label, "0,00", amount, letter),
  ];
}

describe("fromFec: what each customer line is", () => {
  it("reads a sale as an invoice due after payment_terms_days, with one warning that the FEC has no due dates", () => {
    const r = fromFec(table(sale("1", "20261015", "C1", "F-1", "1200,00")), OPTIONS);
    expect(r.invoices).toEqual([expect.objectContaining({
      number: "F-1", customer: "C1", customerName: "Client C1", issueDate: "2026-10-15", dueDate: "2026-11-14",
      amount: 120000, paid: 0, currency: "EUR", type: "invoice", line: 2, file: "FEC.txt",
    })]);
    expect(r.payments).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(["fec_no_due_dates"]);
  });

  it("reads money received as a payment, labelled with its line and document reference", () => {
    const r = fromFec(table([...sale("1", "20261001", "C1", "F-1", "1200,00"), ...receipt("7", "20261102", "C1", "250,00", "VIR DUPONT", "", "REL-12")]), OPTIONS);
    expect(r.payments).toEqual([{
      id: "BQ-7", date: "2026-11-02", customer: "C1", payerName: "Client C1", amount: 25000, currency: "EUR",
      reference: "VIR DUPONT REL-12", invoices: [], file: "FEC.txt", line: 6,
    }]);
  });

  it("keeps no name on the payment of a customer without invoices: the account, not a namesake, is the payer", () => {
    const r = fromFec(table([...sale("1", "20261001", "C1", "F-1", "100,00"), ...receipt("2", "20261002", "C2", "500,00", "ACOMPTE")]), OPTIONS);
    expect(r.payments[0]).toMatchObject({ customer: "C2", payerName: "" });
  });

  it("reads a sale whose deposit is taken in the same entry as the invoice, less the deposit", () => {
    const r = fromFec(table([
      line("VT", "1", "20261001", "411000", "C1", "Client C1", "F-2", "Facture F-2", "1200,00", "0,00"),
      line("VT", "1", "20261001", "411000", "C1", "Client C1", "F-2", "Acompte déduit", "0,00", "300,00"),
      line("VT", "1", "20261001", "419100", "", "", "F-2", "Acompte déduit", "300,00", "0,00"),
      line("VT", "1", "20261001", "706000", "", "", "F-2", "Facture F-2", "0,00", "1200,00"),
    ]), OPTIONS);
    expect(r.invoices).toEqual([expect.objectContaining({ number: "F-2", amount: 90000 })]);
  });

  it("reads a sale paid at the counter in the same entry as an invoice and a payment, not a refund", () => {
    const r = fromFec(table([
      line("VT", "1", "20261001", "411000", "C1", "Client C1", "F-3", "Facture F-3", "1200,00", "0,00"),
      line("VT", "1", "20261001", "706000", "", "", "F-3", "Facture F-3", "0,00", "1200,00"),
      line("VT", "1", "20261001", "411000", "C1", "Client C1", "ESP-1", "Espèces", "0,00", "200,00"),
      line("VT", "1", "20261001", "530000", "", "", "ESP-1", "Espèces", "200,00", "0,00"),
    ]), OPTIONS);
    expect(r.invoices).toEqual([expect.objectContaining({ number: "F-3", amount: 120000 })]);
    expect(r.payments).toEqual([expect.objectContaining({ amount: 20000 })]);
  });

  it("tells unnumbered entries apart by journal, date and document", () => {
    const r = fromFec(table([
      line("VT", "", "20261012", "411000", "C1", "Client C1", "AV-7", "Avoir", "0,00", "300,00"),
      line("VT", "", "20261012", "706000", "", "", "AV-7", "Avoir", "300,00", "0,00"),
      line("VT", "", "20261013", "411000", "C1", "Client C1", "F-8", "Facture", "500,00", "0,00"),
    ]), OPTIONS);
    expect(r.invoices.map((i) => [i.number, i.type])).toEqual([["F-8", "invoice"], ["AV-7", "credit_note"]]);
  });

  it("reads a credit on the customer in a sales entry as a credit note, and a debit in a bank entry as a refund", () => {
    const r = fromFec(table([
      line("VT", "2", "20261012", "411000", "C1", "Client C1", "AV-7", "Avoir AV-7", "0,00", "300,00"),
      line("VT", "2", "20261012", "706000", "", "", "AV-7", "Avoir AV-7", "250,00", "0,00"),
      line("BQ", "3", "20261020", "411000", "C1", "Client C1", "", "Remboursement", "80,00", "0,00"),
      line("BQ", "3", "20261020", "512000", "", "", "", "Remboursement", "0,00", "80,00"),
    ]), OPTIONS);
    expect(r.invoices).toEqual([expect.objectContaining({ number: "AV-7", type: "credit_note", amount: -30000 })]);
    expect(r.payments).toEqual([expect.objectContaining({ id: "BQ-3", amount: -8000 })]);
  });

  it("reads an opening entry holding the bank and capital balances too as invoices carried forward, not refunds", () => {
    const r = fromFec(table([
      line("AN", "1", "20260101", "411000", "C1", "Client C1", "F2025-090", "A nouveau", "800,00", "0,00"),
      line("AN", "1", "20260101", "512000", "", "", "", "A nouveau banque", "5000,00", "0,00"),
      line("AN", "1", "20260101", "101000", "", "", "", "Capital", "0,00", "5800,00"),
    ]), OPTIONS);
    expect(r.invoices).toEqual([expect.objectContaining({ number: "F2025-090", amount: 80000 })]);
    expect(r.payments).toEqual([]);
  });

  it("reads an opening balance (à nouveaux) as the invoice it carries forward, with its own document date", () => {
    const r = fromFec(table([
      "AN|A nouveaux|1|20260101|411000|Clients|C2|Garage|F2025-412|20251210|A nouveau|2400,00|0,00||||| ",
      "AN|A nouveaux|1|20260101|890000|Bilan|||AN|20260101|A nouveaux|0,00|2400,00|||||",
    ]), OPTIONS);
    expect(r.invoices).toEqual([expect.objectContaining({ number: "F2025-412", issueDate: "2025-12-10", dueDate: "2026-01-09", amount: 240000 })]);
  });

  it("keeps only the customer accounts (411 by default, fec.accounts otherwise); a 416 line is a doubtful debt", () => {
    const lines = [
      line("OD", "4", "20261001", "416000", "C3", "Client C3", "F-9", "Douteux F-9", "500,00", "0,00"),
      line("OD", "4", "20261001", "411000", "C3", "Client C3", "F-9", "Douteux F-9", "0,00", "500,00"),
    ];
    expect(fromFec(table(lines), OPTIONS).invoices).toEqual([]);
    const both = fromFec(table(lines), { ...OPTIONS, accounts: ["411", "416"] });
    expect(both.invoices).toEqual([expect.objectContaining({ number: "F-9", status: "douteux", amount: 50000 })]);
    expect(both.payments).toEqual([expect.objectContaining({ id: "OD-4", amount: 50000 })]);
  });

  it("takes the account as the customer when there is no auxiliary account", () => {
    const r = fromFec(table([line("VT", "1", "20261001", "4110DUPONT", "", "", "F-1", "Facture", "100,00", "0,00")]), OPTIONS);
    expect(r.invoices[0]).toMatchObject({ customer: "4110DUPONT", customerName: "Clients" });
  });
});

describe("fromFec: the accountant's lettrage", () => {
  it("has a payment lettered with invoices cite them, so it settles those and no others", () => {
    const r = fromFec(table([
      ...sale("1", "20261001", "C1", "F-1", "1200,00", "AA"),
      ...sale("2", "20261002", "C1", "F-2", "600,00", "AA"),
      ...sale("3", "20261003", "C1", "F-3", "900,00"),
      ...receipt("4", "20261020", "C1", "1800,00", "VIR CLIENT", "AA"),
    ]), OPTIONS);
    expect(r.payments).toEqual([expect.objectContaining({ id: "BQ-4", invoices: ["F-1", "F-2"] })]);
  });

  it("has a partial lettrage cite its invoices too: what is left stays open on them", () => {
    const r = fromFec(table([...sale("1", "20261001", "C1", "F-1", "1200,00", "b"), ...receipt("2", "20261020", "C1", "300,00", "CHQ", "b")]), OPTIONS);
    expect(r.payments[0]?.invoices).toEqual(["F-1"]);
    expect(r.invoices[0]?.amount).toBe(120000);
  });

  it("counts a lettered credit note as paid on its group's invoices, oldest first, however many it covers", () => {
    const r = fromFec(table([
      ...sale("1", "20261001", "C1", "F-1", "100,00", "AC"),
      ...sale("2", "20261002", "C1", "F-2", "100,00", "AC"),
      line("VT", "3", "20261003", "411000", "C1", "Client C1", "AV-1", "Avoir", "0,00", "150,00", "AC"),
      line("VT", "3", "20261003", "706000", "", "", "AV-1", "Avoir", "150,00", "0,00"),
      ...receipt("4", "20261020", "C1", "50,00", "VIR", "AC"),
    ]), OPTIONS);
    expect(r.invoices.map((i) => [i.number, i.amount, i.paid])).toEqual([["F-1", 10000, 10000], ["F-2", 10000, 5000], ["AV-1", -15000, -15000]]);
    expect(r.payments[0]).toMatchObject({ invoices: ["F-2"], lettered: "AC" });
    expect(openAfterMatching(r)).toEqual({ "F-1": 0, "F-2": 0 });
  });

  it("counts a lettered write-off as paid, and a lettered refund off the group's payment", () => {
    const r = fromFec(table([
      ...sale("1", "20261001", "C1", "F-1", "100,40", "AD"),
      ...receipt("2", "20261020", "C1", "150,00", "VIR", "AD"),
      line("OD", "3", "20261021", "411000", "C1", "Client C1", "", "Écart de règlement", "0,00", "0,40", "AD"),
      line("OD", "3", "20261021", "658000", "", "", "", "Écart de règlement", "0,40", "0,00"),
      line("BQ", "4", "20261025", "411000", "C1", "Client C1", "", "Remboursement trop-perçu", "50,00", "0,00", "AD"),
      line("BQ", "4", "20261025", "512000", "", "", "", "Remboursement trop-perçu", "0,00", "50,00"),
    ]), OPTIONS);
    expect(r.invoices[0]).toMatchObject({ amount: 10040, paid: 40 });
    expect(r.payments).toEqual([expect.objectContaining({ id: "BQ-2", amount: 10000, invoices: ["F-1"] })]);
    const ledger = matchPayments({ invoices: r.invoices, payments: r.payments, asOf: "2026-11-22" });
    expect(ledger.unapplied).toEqual([]);
    expect(openAfterMatching(r)).toEqual({ "F-1": 0 });
  });

  it("reads the ledger as it stood on --as-of: a credit note entered later settles nothing yet", () => {
    const lines = [
      ...sale("1", "20261001", "C1", "F-1", "100,00", "AF"),
      line("VT", "2", "20261120", "411000", "C1", "Client C1", "AV-1", "Avoir", "0,00", "100,00", "AF"),
      line("VT", "2", "20261120", "706000", "", "", "AV-1", "Avoir", "100,00", "0,00"),
    ];
    expect(fromFec(table(lines), OPTIONS).invoices.map((i) => [i.number, i.paid])).toEqual([["F-1", 10000], ["AV-1", -10000]]);
    expect(fromFec(table(lines), { ...OPTIONS, asOf: "2026-11-19" }).invoices.map((i) => [i.number, i.paid])).toEqual([["F-1", 0]]);
  });

  it("leaves out an exchange difference: nothing in the invoice's currency", () => {
    const r = fromFec(table([
      line("VT", "1", "20261001", "411000", "C6", "Smith", "F-6", "Invoice", "1290,00", "0,00", "AE", ["1500,00", "USD"]),
      line("BQ", "2", "20261020", "411000", "C6", "Smith", "", "Payment", "0,00", "1280,00", "AE", ["1500,00", "USD"]),
      line("OD", "3", "20261020", "411000", "C6", "Smith", "", "Perte de change", "0,00", "10,00", "AE", ["0,00", "USD"]),
      line("OD", "3", "20261020", "666000", "", "", "", "Perte de change", "10,00", "0,00"),
    ]), OPTIONS);
    expect(r.payments).toEqual([expect.objectContaining({ currency: "USD", amount: 150000, invoices: ["F-6"] })]);
    const ledger = matchPayments({ invoices: r.invoices, payments: r.payments, asOf: "2026-11-22" });
    expect([ledger.unapplied, ledger.review]).toEqual([[], []]);
    expect(openAfterMatching(r)).toEqual({ "F-6": 0 });
  });

  it("has a lettered payment take its invoice before an unlettered one whose label cites it", () => {
    const r = fromFec(table([
      ...sale("1", "20261001", "C1", "F-1", "100,00", "AA"),
      ...sale("2", "20261002", "C1", "F-2", "100,00"),
      ...receipt("3", "20261010", "C1", "100,00", "VIR F-1"),
      ...receipt("4", "20261011", "C1", "100,00", "VIR", "AA"),
    ]), OPTIONS);
    const ledger = matchPayments({ invoices: r.invoices, payments: r.payments, asOf: "2026-11-22" });
    expect(ledger.allocations.map((a) => [a.payment, a.invoice])).toEqual(expect.arrayContaining([["BQ-4", "F-1"], ["BQ-3", "F-2"]]));
    expect(ledger.unapplied).toEqual([]);
  });

  it("leaves out an exchange gain posted in the company's currency on a foreign-currency group, and one nobody lettered", () => {
    const r = fromFec(table([
      line("VT", "1", "20261001", "411000", "C6", "Smith", "F-6", "Invoice", "1290,00", "0,00", "A", ["1500,00", "USD"]),
      line("BQ", "2", "20261020", "411000", "C6", "Smith", "", "Payment", "0,00", "1300,00", "A", ["1500,00", "USD"]),
      line("OD", "3", "20261020", "411000", "C6", "Smith", "", "Gain de change", "10,00", "0,00", "A"),
      line("OD", "3", "20261020", "766000", "", "", "", "Gain de change", "0,00", "10,00"),
      line("OD", "4", "20261021", "411000", "C6", "Smith", "", "Perte de change", "0,00", "10,00"),
      line("OD", "4", "20261021", "666000", "", "", "", "Perte de change", "10,00", "0,00"),
    ]), OPTIONS);
    expect(r.invoices.map((i) => i.number)).toEqual(["F-6"]);
    expect(r.payments).toEqual([expect.objectContaining({ currency: "USD", invoices: ["F-6"] })]);
    expect(openAfterMatching(r)).toEqual({ "F-6": 0 });
  });

  it("reads 419 (advances) as credit: its debit uses the advance up, it is no invoice", () => {
    const r = fromFec(table([
      line("BQ", "1", "20260901", "419100", "C1", "Client C1", "AC-1", "Acompte", "0,00", "300,00"),
      line("BQ", "1", "20260901", "512000", "", "", "AC-1", "Acompte", "300,00", "0,00"),
      line("VT", "2", "20261001", "411000", "C1", "Client C1", "F-2", "Facture F-2", "1200,00", "0,00"),
      line("VT", "2", "20261001", "411000", "C1", "Client C1", "F-2", "Acompte déduit", "0,00", "300,00"),
      line("VT", "2", "20261001", "419100", "C1", "Client C1", "F-2", "Acompte déduit", "300,00", "0,00"),
      line("VT", "2", "20261001", "706000", "", "", "F-2", "Facture F-2", "0,00", "1200,00"),
    ]), { ...OPTIONS, accounts: ["411", "419"] });
    expect(r.invoices.map((i) => [i.number, i.amount])).toEqual([["F-2", 90000]]);
    expect(openAfterMatching(r)).toEqual({ "F-2": 90000 });
  });

  it("uses a customer's advances up, oldest first, whenever they came: only what is left of them is credit", () => {
    const advance = (entry: string, date: string, amount: string): string[] => [
      line("BQ", entry, date, "419100", "C1", "Client C1", `AC-${entry}`, "Acompte", "0,00", amount),
      line("BQ", entry, date, "512000", "", "", `AC-${entry}`, "Acompte", amount, "0,00"),
    ];
    const invoiceUsing = (used: string): string[] => [
      line("VT", "9", "20261001", "411000", "C1", "Client C1", "F-2", "Facture F-2", "1200,00", "0,00"),
      line("VT", "9", "20261001", "411000", "C1", "Client C1", "F-2", "Acompte déduit", "0,00", used),
      line("VT", "9", "20261001", "419100", "C1", "Client C1", "F-2", "Acompte déduit", used, "0,00"),
      line("VT", "9", "20261001", "706000", "", "", "F-2", "Facture F-2", "0,00", "1200,00"),
    ];
    const accounts = { ...OPTIONS, accounts: ["411", "419"] };
    const longBefore = fromFec(table([...advance("1", "20260715", "300,00"), ...invoiceUsing("300,00")]), accounts);
    expect(longBefore.payments).toEqual([]);
    expect(openAfterMatching(longBefore)).toEqual({ "F-2": 90000 });
    const partly = fromFec(table([...advance("1", "20260715", "500,00"), ...invoiceUsing("300,00")]), accounts);
    expect(partly.payments.map((p) => p.amount)).toEqual([20000]);
    const paidBack = fromFec(table([
      ...advance("1", "20260715", "300,00"),
      line("BQ", "2", "20261029", "419100", "C1", "Client C1", "", "Remboursement acompte", "300,00", "0,00"),
      line("BQ", "2", "20261029", "512000", "", "", "", "Remboursement acompte", "0,00", "300,00"),
      ...sale("3", "20261001", "C1", "F-1", "300,00"),
    ]), accounts);
    expect(paidBack.payments).toEqual([]);
    expect(openAfterMatching(paidBack)).toEqual({ "F-1": 30000 });
  });

  it("reads a refund in a bank entry as a refund, whatever else the entry holds (a loan instalment)", () => {
    const r = fromFec(table([
      line("BQ", "11", "20261011", "512000", "", "", "REL11", "Relevé", "0,00", "600,00"),
      line("BQ", "11", "20261011", "164000", "", "", "REL11", "Échéance emprunt", "500,00", "0,00"),
      line("BQ", "11", "20261011", "411000", "C1", "Client C1", "REL11", "Remboursement doublon", "100,00", "0,00"),
    ]), OPTIONS);
    expect(r.invoices).toEqual([]);
    expect(r.payments).toEqual([expect.objectContaining({ amount: -10000 })]);
  });

  it("leaves out exchange differences by their group's currency, or by the exchange account, on a customer with two currencies", () => {
    const r = fromFec(table([
      ...sale("1", "20261001", "C6", "F-E", "200,00"),
      line("VT", "2", "20261002", "411000", "C6", "Smith", "F-6", "Invoice", "1290,00", "0,00", "A", ["1500,00", "USD"]),
      line("BQ", "3", "20261020", "411000", "C6", "Smith", "", "Payment", "0,00", "1300,00", "A", ["1500,00", "USD"]),
      line("OD", "4", "20261020", "411000", "C6", "Smith", "", "Gain de change", "10,00", "0,00", "A"),
      line("OD", "4", "20261020", "766000", "", "", "", "Gain de change", "0,00", "10,00"),
      line("OD", "5", "20261021", "411000", "C6", "Smith", "", "Perte de change", "0,00", "10,00"),
      line("OD", "5", "20261021", "666000", "", "", "", "Perte de change", "10,00", "0,00"),
    ]), OPTIONS);
    expect(r.invoices.map((i) => i.number)).toEqual(["F-E", "F-6"]);
    expect(r.payments.map((p) => p.currency)).toEqual(["USD"]);
    expect(openAfterMatching(r)).toEqual({ "F-E": 20000, "F-6": 0 });
  });

  it("settles a group that balances in the company's currency though its foreign-currency payment fell short", () => {
    const r = fromFec(table([
      line("VT", "1", "20261001", "411000", "C6", "Smith", "F-6", "Invoice", "1290,00", "0,00", "A", ["1500,00", "USD"]),
      line("BQ", "2", "20261020", "411000", "C6", "Smith", "", "Payment", "0,00", "1281,40", "A", ["1490,00", "USD"]),
      line("OD", "3", "20261021", "411000", "C6", "Smith", "", "Frais", "0,00", "8,60", "A"),
      line("OD", "3", "20261021", "654000", "", "", "", "Frais", "8,60", "0,00"),
    ]), OPTIONS);
    expect(r.invoices[0]).toMatchObject({ currency: "USD", amount: 150000, paid: 1000 });
    const ledger = matchPayments({ invoices: r.invoices, payments: r.payments, asOf: "2026-11-22" });
    expect([ledger.unapplied, ledger.review]).toEqual([[], []]);
    expect(openAfterMatching(r)).toEqual({ "F-6": 0 });
  });

  it("settles a foreign-currency invoice lettered with a payment booked in the company's currency, which pays nothing else", () => {
    const r = fromFec(table([
      line("VT", "1", "20261001", "411000", "C6", "Smith", "F-1", "Invoice", "900,00", "0,00", "AA", ["1000,00", "USD"]),
      ...receipt("2", "20261020", "C6", "900,00", "VIR SMITH", "AA"),
      ...sale("3", "20261005", "C6", "F-2", "900,00"),
    ]), OPTIONS);
    expect(r.payments).toEqual([]);
    expect(openAfterMatching(r)).toEqual({ "F-1": 0, "F-2": 90000 });
  });

  it("uses up a balanced group's money across its currencies: a EUR transfer paying EUR and USD invoices pays nothing else", () => {
    const r = fromFec(table([
      ...sale("1", "20261001", "C6", "F-1", "500,00", "AA"),
      line("VT", "2", "20261002", "411000", "C6", "Smith", "F-2", "Invoice", "900,00", "0,00", "AA", ["1000,00", "USD"]),
      ...receipt("3", "20261020", "C6", "1400,00", "VIR SMITH", "AA"),
      ...sale("4", "20261003", "C6", "F-3", "900,00"),
      line("VT", "5", "20261004", "411000", "C6", "Smith", "F-4", "Invoice", "900,00", "0,00", "AB", ["1000,00", "USD"]),
      ...receipt("6", "20261021", "C6", "810,00", "WIRE", "AB").map((l) => l.replace("|BQ|6|20261021|411000|", "|BQ|6|20261021|411000|").replace(/\|\|$/, "|900,00|USD")),
      line("VT", "7", "20261022", "411000", "C6", "Smith", "AV-1", "Avoir", "0,00", "90,00", "AB"),
      line("VT", "7", "20261022", "706000", "", "", "AV-1", "Avoir", "90,00", "0,00"),
    ]), OPTIONS);
    expect(openAfterMatching(r)).toEqual({ "F-1": 0, "F-2": 0, "F-3": 90000, "F-4": 0 });
  });

  it("settles an invoice whose instalments are lettered in two groups, each with its own credit notes", () => {
    const creditNote = (entry: string, piece: string, amount: string, letter: string): string[] => [
      line("VT", entry, "20261010", "411000", "C1", "Client C1", piece, "Avoir", "0,00", amount, letter),
      line("VT", entry, "20261010", "706000", "", "", piece, "Avoir", amount, "0,00"),
    ];
    const r = fromFec(table([
      line("VT", "1", "20261001", "411000", "C1", "Client C1", "F-1", "Facture 1/2", "500,00", "0,00", "AA"),
      line("VT", "1", "20261001", "411000", "C1", "Client C1", "F-1", "Facture 2/2", "500,00", "0,00", "AB"),
      line("VT", "1", "20261001", "706000", "", "", "F-1", "Facture", "0,00", "1000,00"),
      ...creditNote("2", "AV-0", "500,00", "AA"),
      ...creditNote("3", "AV-1", "200,00", "AB"),
      ...receipt("4", "20261020", "C1", "300,00", "VIR", "AB"),
    ]), OPTIONS);
    const ledger = matchPayments({ invoices: r.invoices, payments: r.payments, asOf: "2026-11-22" });
    expect(ledger.unapplied).toEqual([]);
    expect(ledger.items.map((i) => [i.invoice.number, i.open])).toEqual(expect.arrayContaining([["F-1", 0], ["AV-0", 0], ["AV-1", 0]]));
  });

  it("reads a 666 line naming its EUR invoice as a write-off, though the customer deals in USD too", () => {
    const r = fromFec(table([
      ...sale("1", "20261001", "C1", "F-1", "1000,00"),
      line("VT", "2", "20261002", "411000", "C1", "Client C1", "F-6", "Invoice", "900,00", "0,00", "", ["1000,00", "USD"]),
      ...receipt("3", "20261020", "C1", "990,00", "VIR F-1"),
      line("OD", "4", "20261021", "411000", "C1", "Client C1", "F-1", "Écart F-1", "0,00", "10,00"),
      line("OD", "4", "20261021", "666000", "", "", "F-1", "Écart F-1", "10,00", "0,00"),
    ]), OPTIONS);
    expect(openAfterMatching(r)).toEqual({ "F-1": 0, "F-6": 100000 });
  });

  it("reads a 666 line of a customer who deals in the company's currency only as a write-off", () => {
    const r = fromFec(table([
      ...sale("1", "20261001", "C1", "F-1", "1000,00"),
      ...receipt("2", "20261020", "C1", "990,00", "VIR F-1"),
      line("OD", "3", "20261021", "411000", "C1", "Client C1", "F-1", "Écart de change F-1", "0,00", "10,00"),
      line("OD", "3", "20261021", "666000", "", "", "F-1", "Écart de change F-1", "10,00", "0,00"),
    ]), OPTIONS);
    expect(r.payments.map((p) => p.amount)).toEqual([99000, 1000]);
    expect(openAfterMatching(r)).toEqual({ "F-1": 0 });
  });

  it("has the lettrage win over the label, and over the dates: a deposit lettered with a later invoice pays it", () => {
    const r = fromFec(table([
      ...receipt("1", "20260301", "C1", "300,00", "ACOMPTE COMMANDE F-3", "AA"),
      ...sale("2", "20260905", "C1", "F-1", "300,00", "AA"),
      ...sale("3", "20260910", "C1", "F-3", "300,00"),
    ]), OPTIONS);
    expect(openAfterMatching(r)).toEqual({ "F-1": 0, "F-3": 30000 });
  });

  it("drops a lettered group that balances without an invoice (a credit note refunded): nothing in it is owed", () => {
    const r = fromFec(table([
      line("VT", "1", "20261003", "411000", "C1", "Client C1", "AV-1", "Avoir", "0,00", "200,00", "AD"),
      line("VT", "1", "20261003", "706000", "", "", "AV-1", "Avoir", "200,00", "0,00"),
      line("BQ", "2", "20261010", "411000", "C1", "Client C1", "", "Remboursement avoir", "200,00", "0,00", "AD"),
      line("BQ", "2", "20261010", "512000", "", "", "", "Remboursement avoir", "0,00", "200,00"),
    ]), OPTIONS);
    expect(r.invoices).toEqual([]);
    expect(r.payments).toEqual([]);
  });

  it("letters per account: the same code on two customers is two groups", () => {
    const r = fromFec(table([
      ...sale("1", "20261001", "C1", "F-1", "100,00", "AA"),
      ...receipt("2", "20261020", "C2", "100,00", "VIR", "AA"),
    ]), OPTIONS);
    expect(r.payments[0]?.invoices).toEqual([]);
  });
});

/** Each invoice's open amount once the matching engine has lettered the records. */
function openAfterMatching(r: { invoices: readonly import("../../src/core/model.js").Invoice[]; payments: readonly import("../../src/core/model.js").Payment[] }): Record<string, number> {
  const ledger = matchPayments({ invoices: r.invoices, payments: r.payments, asOf: "2026-11-22" });
  return Object.fromEntries(ledger.items.filter((i) => i.invoice.type === "invoice").map((i) => [i.invoice.number, i.open]));
}

describe("fromFec: a debt moved between customer accounts", () => {
  it("keeps the invoice's dates on the account it moves to: to 416 when doubtful, to another customer when corrected", () => {
    const doubtful = fromFec(table([
      ...sale("1", "20250601", "C1", "F-1", "1200,00"),
      line("OD", "9", "20261105", "411000", "C1", "Client C1", "F-1", "Transfert en douteux", "0,00", "1200,00"),
      line("OD", "9", "20261105", "416000", "C1", "Client C1", "F-1", "Transfert en douteux", "1200,00", "0,00"),
    ]), { ...OPTIONS, accounts: ["411", "416"] });
    // Closed on 411 by the transfer, still owed on 416 since its own due date (held there).
    expect(openAfterMatching(doubtful)).toEqual({ "F-1": 0, "F-1/2": 120000 });
    expect(doubtful.invoices.find((i) => i.number === "F-1/2")).toMatchObject({ issueDate: "2025-06-01", dueDate: "2025-07-01" });
    const corrected = fromFec(table([
      ...sale("1", "20260601", "ALPHA", "F500", "2400,00", "AB"),
      line("OD", "9", "20261110", "411000", "ALPHA", "Client ALPHA", "OD9", "Erreur de compte", "0,00", "2400,00", "AB"),
      line("OD", "9", "20261110", "411000", "BETA", "Client BETA", "OD9", "Erreur de compte", "2400,00", "0,00"),
    ]), OPTIONS);
    expect(corrected.invoices.find((i) => i.customer === "BETA")).toMatchObject({ issueDate: "2026-06-01", dueDate: "2026-07-01" });
    // The credit closing the original is no money received: the lettrage says where the debt went.
    expect(doubtful.payments.map((p) => p.movedTo)).toEqual(["416000 C1"]);
    expect(corrected.payments.map((p) => p.movedTo)).toEqual(["411000 BETA"]);
    const ledger = matchPayments({ invoices: doubtful.invoices, payments: doubtful.payments, asOf: "2026-11-22" });
    expect(ledger.allocations.map((a) => [a.invoice, String(a.evidence)])).toEqual([["F-1", expect.stringContaining("F-1 moved to 416000 C1 in the export (no money: the debt is owed there)")]]);
  });
});

describe("fromFec: documents and numbers", () => {
  it("merges the lines of one document (instalments) into one invoice, earliest due date", () => {
    const header = `${FEC_HEADER}|DateEcheance`;
    const r = fromFec(table([
      `${line("VT", "1", "20261001", "411000", "C1", "Client C1", "F-1", "Facture 1/2", "600,00", "0,00")}|20261031`,
      `${line("VT", "1", "20261001", "411000", "C1", "Client C1", "F-1", "Facture 2/2", "600,00", "0,00")}|20261130`,
      `${line("VT", "1", "20261001", "706000", "", "", "F-1", "Facture", "0,00", "1200,00")}|`,
    ], header), OPTIONS);
    expect(r.invoices).toEqual([expect.objectContaining({ number: "F-1", amount: 120000, dueDate: "2026-10-31" })]);
    expect(r.problems).toEqual([]);
  });

  it("numbers documents without a reference by journal and entry, and never gives a number twice", () => {
    const r = fromFec(table([
      line("VT", "5", "20261001", "411000", "C1", "Client C1", "-", "Facture", "100,00", "0,00"),
      line("VT", "6", "20261001", "411000", "C1", "Client C1", "SANS_PIECE_REF", "Facture", "100,00", "0,00"),
      line("VT", "7", "20261001", "411000", "C2", "Client C2", "F-1", "Facture", "100,00", "0,00"),
      line("VT", "8", "20261001", "411000", "C3", "Client C3", "F-1", "Facture", "100,00", "0,00"),
      line("BQ", "9", "20261002", "411000", "C1", "Client C1", "", "VIR", "0,00", "10,00"),
      line("BQ", "9", "20261002", "411000", "C2", "Client C2", "", "VIR", "0,00", "10,00"),
    ]), OPTIONS);
    expect(r.invoices.map((i) => i.number)).toEqual(["VT-5", "VT-6", "F-1", "F-1/2"]);
    expect(r.payments.map((p) => p.id)).toEqual(["BQ-9", "BQ-9/2"]);
  });

  it("reads a foreign-currency line in its currency (Montantdevise, Idevise), lettrage balanced in the company's", () => {
    const r = fromFec(table([line("VT", "1", "20261025", "411000", "C6", "Smith", "F-6", "Invoice", "1290,00", "0,00", "", ["1500,00", "USD"])]), OPTIONS);
    expect(r.invoices[0]).toMatchObject({ currency: "USD", amount: 150000 });
    const same = fromFec(table([line("VT", "1", "20261025", "411000", "C6", "Smith", "F-6", "Invoice", "1290,00", "0,00", "", ["1290,00", "EUR"])]), OPTIONS);
    expect(same.invoices[0]).toMatchObject({ currency: "EUR", amount: 129000 });
  });
});

describe("fromFec: the format as generators write it", () => {
  it("reads Odoo's zero-padded, sign-first amounts", () => {
    const r = fromFec(table([
      "VT|Ventes|VT/2026/0001|20261001|411100|Clients|7|Azure Interior|INV/2026/00001|20261001|INV/2026/00001|000000000001437,12|0,00|||20261001|000000000001437,12|EUR",
      "BQ|Banque|BQ/2026/0001|20261010|411100|Clients|7|Azure Interior|-|20261010|Paiement| 000000000000000,00| 000000000001437,12|||20261010|-000000000001437,12|EUR",
    ]), OPTIONS);
    expect(r.invoices[0]).toMatchObject({ number: "INV/2026/00001", amount: 143712 });
    expect(r.payments[0]).toMatchObject({ id: "BQ/2026/0001", amount: 143712, reference: "Paiement" });
  });

  it("reads the Montant + Sens variant, the EcrtureLet misspelling and French headers", () => {
    const variant = "JournalCode|EcritureNum|EcritureDate|CompteNum|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Montant|Sens|EcrtureLet";
    const a = fromFec(table(["VT|1|20261001|411000|C1|Dupont|F-1|20261001|Facture|120,00|D|AA", "BQ|2|20261005|411000|C1|Dupont||20261005|VIR|120,00|C|AA"], variant), OPTIONS);
    expect(a.invoices[0]).toMatchObject({ number: "F-1", amount: 12000 });
    expect(a.payments[0]).toMatchObject({ amount: 12000, invoices: ["F-1"] });
    const french = "Code journal;N° écriture;Date écriture;Numéro de compte;Compte auxiliaire;Libellé tiers;Référence pièce;Date pièce;Libellé écriture;Débit;Crédit;Lettrage";
    const b = fromFec({ ...table(["VT;1;01/10/2026;411000;C1;Dupont;F-1;01/10/2026;Facture;120,00;0,00;"], french.replaceAll(";", "|")), rows: [["VT", "1", "01/10/2026", "411000", "C1", "Dupont", "F-1", "01/10/2026", "Facture", "120,00", "0,00", ""]] }, OPTIONS);
    expect(b.invoices[0]).toMatchObject({ number: "F-1", issueDate: "2026-10-01", amount: 12000 });
  });

  it("reads the long French names of the 18 columns, the customer's name and the currency among them", () => {
    const header = "Code journal|Libellé journal|Numéro d'écriture|Date d'écriture|Numéro de compte|Libellé de compte|Numéro de compte auxiliaire|"
      + "Libellé de compte auxiliaire|Référence de la pièce|Date de la pièce|Libellé de l'écriture|Montant débit|Montant crédit|Lettrage|"
      + "Date de lettrage|Date de validation|Montant en devise|Identifiant de la devise";
    const r = fromFec(table([line("VT", "1", "20261001", "411000", "C600", "Smith Ltd", "F-1", "Facture", "1290,00", "0,00", "", ["1500,00", "USD"])], header), OPTIONS);
    expect(r.invoices[0]).toMatchObject({ number: "F-1", customer: "C600", customerName: "Smith Ltd", currency: "USD", amount: 150000 });
  });

  it("joins back a label that held the separator", () => {
    const r = fromFec(table([line("BQ", "1", "20261115", "411000", "C5", "Lefèvre", "", "ACOMPTE | LEFEVRE", "0,00", "1000,00")]), OPTIONS);
    expect(r.problems).toEqual([]);
    expect(r.payments[0]).toMatchObject({ reference: "ACOMPTE | LEFEVRE", amount: 100000, date: "2026-11-15" });
  });

  it("drops the empty field a separator at the end of each line makes", () => {
    const r = fromFec(table([`${line("VT", "1", "20261001", "411000", "C1", "X", "F-1", "Facture", "1200,00", "0,00")}|`]), OPTIONS);
    expect(r.invoices[0]).toMatchObject({ number: "F-1", amount: 120000 });
  });

  it("reads a label holding the separator on a line ending with a separator", () => {
    const r = fromFec(table([`${line("VT", "1", "20261001", "411000", "C5", "Lefèvre", "F-5", "ACOMPTE | LEFEVRE", "1500,00", "0,00")}|`]), OPTIONS);
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(r.invoices[0]).toMatchObject({ number: "F-5", amount: 150000 });
  });

  it.each([
    ["a label whose second part reads as an amount", line("VT", "1", "20261001", "411000", "C1", "X", "F-1", "Facture 2026 | 45", "1200,00", "0,00")],
    ["a label whose second part reads as an amount, the credit empty", line("VT", "1", "20261001", "411000", "C1", "X", "F-1", "Facture | 12", "1200,00", "")],
    ["a journal name", line("VT", "1", "20261001", "411000", "C1", "X", "F-1", "Facture", "1200,00", "0,00").replace("|VT|", "|Ventes | France|")],
    ["an account name", line("VT", "1", "20261001", "411000", "C1", "X", "000123", "Facture", "1200,00", "0,00").replace("|Clients|", "|Clients | France|")],
  ])("refuses a line where the separator is in %s, rather than read it shifted", (_what, text) => {
    const r = fromFec(table([text]), OPTIONS);
    expect(r.problems.map((p) => p.code)).toEqual(["fec_extra_fields"]);
  });

  it("refuses a line whose name holds the separator, rather than read its columns shifted", () => {
    const r = fromFec(table([line("VT", "1", "20261001", "411000", "C1", "Dupont | Fils", "F-9", "Facture", "100,00", "0,00")]), OPTIONS);
    expect(r.problems).toEqual([expect.objectContaining({ code: "fec_extra_fields", line: 2, message: "the line has 19 fields where the header has 18: a value holds the separator" })]);
  });

  it("joins back a label on lines that leave off their last field (Idevise)", () => {
    const text = line("VT", "1", "20261001", "411000", "C1", "X", "F-1", "Facture | acompte", "1200,00", "0,00").replace(/\|$/, "");
    expect(text.split("|")).toHaveLength(18);
    const r = fromFec(table([text]), OPTIONS);
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(r.invoices[0]).toMatchObject({ number: "F-1", amount: 120000 });
  });

  it("joins back a label on lines with a date and time, a lettrage code with a dash, an account with letters", () => {
    const r = fromFec(table([
      line("VT", "1", "2026-10-01T00:00:00", "411000", "C1", "X", "F-1", "Facture | acompte", "100,00", "0,00"),
      line("VT", "2", "20261001", "411000", "C1", "X", "F-2", "Facture | acompte", "100,00", "0,00", "A-12"),
      line("VT", "3", "20261001", "C0001", "", "", "F-3", "Facture | acompte", "100,00", "0,00"),
    ]), { ...OPTIONS, accounts: ["411", "C"] });
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(r.invoices.map((i) => i.number)).toEqual(["F-1", "F-2", "F-3"]);
  });

  it("reads Sens written 1 / -1", () => {
    const variant = "EcritureNum|EcritureDate|CompteNum|CompAuxNum|PieceRef|Montant|Sens";
    const r = fromFec(table(["1|20261001|411000|C1|F-1|120,00|1", "2|20261005|411000|C1||20,00|-1"], variant), OPTIONS);
    expect(r.invoices[0]?.amount).toBe(12000);
    expect(r.payments[0]?.amount).toBe(2000);
  });
});

describe("fromFec: what it refuses", () => {
  it("refuses a file that is not an FEC, naming the missing columns and the official header", () => {
    const r = fromFec(table(["F-1|C1|100"], "Invoice|Customer|Amount"), OPTIONS);
    expect(r.problems).toEqual([expect.objectContaining({
      severity: "error", code: "fec_column_missing", line: 1, message: "not an FEC: no CompteNum, EcritureDate, PieceRef, Debit and Credit column",
    })]);
    expect(r.problems[0]?.hint).toContain(FEC_HEADER);
  });

  it("says which class-41 accounts the file has when none is a customer account", () => {
    const r = fromFec(table([line("VT", "1", "20261001", "410000", "C1", "X", "F-1", "Facture", "100,00", "0,00")]), OPTIONS);
    expect(r.problems).toEqual([expect.objectContaining({ code: "fec_no_customer_lines", hint: expect.stringContaining("4100") })]);
  });

  it("points at the line and column of an amount or a date that does not read, and gives no records", () => {
    const r = fromFec(table([
      line("VT", "1", "20261001", "411000", "C1", "X", "F-1", "Facture", "12O,00", "0,00"),
      line("VT", "2", "20261341", "411000", "C1", "X", "F-2", "Facture", "100,00", "0,00"),
    ]), OPTIONS);
    expect(r.invoices).toEqual([]);
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([
      expect.objectContaining({ code: "bad_amount", line: 2, column: 12, message: 'debit "12O,00" is not a number' }),
      expect.objectContaining({ code: "bad_date", line: 3, column: 4, message: 'entry date "20261341" is not a date' }),
      expect.objectContaining({ code: "bad_date", line: 3, column: 10, message: 'document date "20261341" is not a date' }),
    ]);
  });
});

describe("fromFec: the balance of the customer accounts is kept", () => {
  it("invoices − credit notes − payments + refunds equals debits − credits, per customer, whatever the lines", () => {
    const entryLine = fc.record({
      journal: fc.constantFrom("VT", "BQ", "OD", "AN"),
      customer: fc.constantFrom("C1", "C2", "C3"),
      piece: fc.constantFrom("F-1", "F-2", "AV-1", "", "-"),
      cents: fc.integer({ min: -500_000, max: 500_000 }).filter((n) => n !== 0),
      letter: fc.constantFrom("", "", "AA", "AB"),
    });
    fc.assert(fc.property(fc.array(entryLine, { maxLength: 25 }), (specs) => {
      const money = (n: number): string => `${Math.floor(n / 100)},${String(n % 100).padStart(2, "0")}`;
      const lines = specs.flatMap((s, i) => {
        const debit = s.cents > 0 ? money(s.cents) : "0,00";
        const credit = s.cents < 0 ? money(-s.cents) : "0,00";
        const counterpart = s.journal === "VT" ? "706000" : s.journal === "BQ" ? "512000" : "471000";
        return [
          line(s.journal, String(i + 1), "20261001", "411000", s.customer, s.customer, s.piece, "x", debit, credit, s.letter),
          line(s.journal, String(i + 1), "20261001", counterpart, "", "", s.piece, "x", credit, debit),
        ];
      });
      const r = fromFec(table(lines), OPTIONS);
      for (const customer of ["C1", "C2", "C3"]) {
        const expected = specs.filter((s) => s.customer === customer).reduce((sum, s) => sum + s.cents, 0);
        // Groups dropped as settled balance to zero, so they change nothing.
        const got = r.invoices.filter((i) => i.customer === customer).reduce((sum, i) => sum + i.amount, 0)
          - r.payments.filter((p) => p.customer === customer).reduce((sum, p) => sum + p.amount, 0);
        expect(got).toBe(expected);
      }
    }));
  });
});
