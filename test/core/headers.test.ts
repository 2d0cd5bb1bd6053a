// Header recognition: case-, accent- and punctuation-insensitive matching, the English, French and
// vendor aliases of domain.md §8 (Xero `*`, QuickBooks, French ledgers and banks), config overrides.

import { describe, expect, it } from "vitest";
import {
  INVOICE_ALIASES, PAYMENT_ALIASES, mapHeader, normalizeHeader, type InvoiceField, type PaymentField,
} from "../../src/core/headers.js";

const invoices = (header: readonly string[], overrides: Record<string, string> = {}) =>
  mapHeader<InvoiceField>(header, INVOICE_ALIASES, overrides, "invoices.csv");
const payments = (header: readonly string[], overrides: Record<string, string> = {}) =>
  mapHeader<PaymentField>(header, PAYMENT_ALIASES, overrides, "payments.csv");

describe("normalizeHeader", () => {
  it.each([
    ["Invoice Number", "invoicenumber"],
    ["INVOICE_NUMBER", "invoicenumber"],
    ["invoice-number", "invoicenumber"],
    ["  Invoice.Number  ", "invoicenumber"],
    ["*InvoiceNumber", "invoicenumber"],
    ["N° Facture*", "nfacture"],
    ["Date d'échéance", "datedecheance"],
    ["DATE D’ÉCHÉANCE", "datedecheance"],
    ["Libellé", "libelle"],
    ["Crédit (€)", "credit"],
    ["\ufeffNuméro", "numero"],
    ["Invoice #", "invoice"],
  ])("%j → %j", (header, key) => {
    expect(normalizeHeader(header)).toBe(key);
  });
});

describe("mapHeader for invoices", () => {
  it.each([
    ["Invoice Number"], ["invoice_number"], ["INVOICE NO"], ["Invoice #"], ["N° facture"], ["N° Facture"],
    ["Numéro de facture"], ["no facture"], ["Num"], ["DocNumber"], ["*InvoiceNumber"], ["PieceRef"], ["Facture"],
  ])("finds the invoice number under %j", (name) => {
    expect(invoices(["Something", name]).columns.invoice).toBe(1);
  });

  it("maps a French ledger export", () => {
    const header = ["N° facture", "Code client", "Raison sociale", "Date", "Date d'échéance", "Montant TTC", "Devise",
      "Reste à payer", "Statut", "Courriel"];
    const { columns, problems } = invoices(header);
    expect(problems).toEqual([]);
    expect(columns).toEqual({
      invoice: 0, customer: 1, customer_name: 2, issue_date: 3, due_date: 4, amount: 5, currency: 6, open: 7,
      status: 8, email: 9,
    });
  });

  it.each([
    [["Numéro", "Client", "Nom du client", "Montant TTC"], { customer: 1, customer_name: 2 }],
    [["Numéro", "Nom du client", "Client", "Montant TTC"], { customer: 2, customer_name: 1 }],
    [["Numéro", "Code client", "Client", "Montant TTC"], { customer: 1, customer_name: 2 }],
    [["Numéro", "Client", "Montant TTC"], { customer: undefined, customer_name: 1 }],
  ])("reads a Client column as the code beside a name column, else as the name: %j", (header, expected) => {
    const { columns } = invoices(header);
    expect({ customer: columns.customer, customer_name: columns.customer_name }).toEqual(expected);
  });

  it("maps a Xero sales-invoice export with `*` required markers", () => {
    const header = ["*ContactName", "EmailAddress", "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate", "Total",
      "InvoiceAmountPaid", "InvoiceAmountDue", "Currency", "Type", "Status"];
    const { columns, problems } = invoices(header);
    expect(problems).toEqual([]);
    expect(columns).toEqual({
      customer_name: 0, email: 1, invoice: 2, issue_date: 4, due_date: 5, amount: 6, paid: 7, open: 8,
      currency: 9, type: 10, status: 11,
    });
  });

  it("maps a QuickBooks A/R aging header whose first cell is empty", () => {
    const header = ["", "Date", "Transaction type", "Num", "Customer full name", "Due date", "Amount", "Open balance"];
    expect(invoices(header).columns).toEqual({
      issue_date: 1, type: 2, invoice: 3, customer_name: 4, due_date: 5, amount: 6, open: 7,
    });
  });

  it("maps the canonical names themselves, in any case", () => {
    const header = ["INVOICE", "Customer", "Customer_Name", "Issue Date", "Due-Date", "AMOUNT", "currency", "Customer Type"];
    expect(invoices(header).columns).toEqual({
      invoice: 0, customer: 1, customer_name: 2, issue_date: 3, due_date: 4, amount: 5, currency: 6, customer_type: 7,
    });
  });

  it("prefers the canonical name over an alias found earlier in the header", () => {
    // "Total" is an alias of amount, but a column literally named "amount" is the amount.
    expect(invoices(["Total", "Amount"]).columns.amount).toBe(1);
  });

  it("uses each column for one field only", () => {
    // "Date" is an alias of issue_date; once the override gives it to due_date it is taken.
    const { columns } = invoices(["Date", "Montant"], { due_date: "Date" });
    expect(columns.due_date).toBe(0);
    expect(columns.issue_date).toBeUndefined();
  });

  it("does not mistake near-miss headers for fields", () => {
    const { columns } = invoices(["Montant HT", "Date de livraison", "Invoice Numbers Total"]);
    expect(columns).toEqual({});
  });
});

describe("mapHeader for payments", () => {
  it.each([
    ["Lloyds", ["Transaction Date", "Transaction Type", "Sort Code", "Account Number", "Transaction Description", "Debit Amount", "Credit Amount", "Balance"],
      { date: 0, reference: 4, debit: 5, credit: 6 }],
    ["Nationwide", ["Date", "Transaction type", "Description", "Paid out", "Paid in", "Balance"], { date: 0, reference: 2, debit: 3, credit: 4 }],
    ["NatWest", ["Date", "Type", "Description", "Value", "Balance", "Account Name", "Account Number"], { date: 0, reference: 2, amount: 3 }],
    ["Starling", ["Date", "Counter Party", "Reference", "Type", "Amount (GBP)", "Balance (GBP)", "Spending Category", "Notes"],
      { date: 0, payer_name: 1, reference: 2, amount: 4 }],
    ["Chase", ["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #"], { date: 1, amount: 3 }],
  ])("reads a %s statement without configuration; its own account number is no customer", (_bank, header, expected) => {
    const { columns } = payments(header);
    expect(columns).toMatchObject(expected);
    expect(columns.customer).toBeUndefined();
  });

  it("maps a French bank export with debit/credit columns", () => {
    const header = ["Date opération", "Libellé", "Débit", "Crédit"];
    expect(payments(header).columns).toEqual({ date: 0, reference: 1, debit: 2, credit: 3 });
  });

  it.each([
    ["Reste à payer TTC"], ["Montant restant dû"], ["Restant dû TTC"], ["Reste à régler"], ["Solde restant dû"], ["Montant dû TTC"],
  ])("reads %j as what is still open on an invoice", (header) => {
    expect(invoices(["N° facture", "Client", "Date facture", "Montant TTC", header]).columns.open).toBe(4);
  });

  it("maps the invoice lists of French invoicing software (Dolibarr, Sage, Sellsy)", () => {
    expect(invoices(["Réf. facture", "Nom du tiers", "Date facturation", "Date limite de règlement", "Montant TTC (EUR)"]).columns)
      .toEqual({ invoice: 0, customer_name: 1, issue_date: 2, due_date: 3, amount: 4 });
    expect(invoices(["N° document", "Société", "Date de la facture", "Montant total TTC"]).columns)
      .toEqual({ invoice: 0, customer_name: 1, issue_date: 2, amount: 3 });
  });

  it("maps French banks' operation columns (Société Générale, Revolut's Date completed)", () => {
    expect(payments(["Date de l'opération", "Libellé", "Détail de l'écriture", "Montant de l'opération", "Devise"]).columns)
      .toEqual({ date: 0, reference: 1, amount: 3, currency: 4 });
    expect(payments(["Date completed (UTC)", "Description", "Amount"]).columns).toEqual({ date: 0, reference: 1, amount: 2 });
  });

  it("maps a Crédit Agricole style header (`Débit euros`, `Crédit euros`)", () => {
    expect(payments(["Date", "Libellé", "Débit euros", "Crédit euros"]).columns)
      .toEqual({ date: 0, reference: 1, debit: 2, credit: 3 });
  });

  it("maps French payment aliases", () => {
    const header = ["Date de règlement", "Code client", "Raison sociale", "Montant", "Devise", "N° facture", "Libellé"];
    expect(payments(header).columns).toEqual({
      date: 0, customer: 1, payer_name: 2, amount: 3, currency: 4, invoice: 5, reference: 6,
    });
  });

  it("maps an English payment export", () => {
    const header = ["Payment ID", "Payment Date", "Customer ID", "Payer", "Amount Received", "Currency Code",
      "Invoice Numbers", "Memo"];
    expect(payments(header).columns).toEqual({
      id: 0, date: 1, customer: 2, payer_name: 3, amount: 4, currency: 5, invoice: 6, reference: 7,
    });
  });
});

describe("config overrides (columns:)", () => {
  it("win over canonical names and aliases", () => {
    const { columns, problems } = invoices(["Montant TTC", "Montant HT", "amount"], { amount: "Montant HT" });
    expect(problems).toEqual([]);
    expect(columns.amount).toBe(1);
  });

  it("are matched insensitively, like headers", () => {
    expect(invoices(["Réf. Pièce"], { invoice: "ref piece" }).columns.invoice).toBe(0);
  });

  it("name a header that is missing → an error on line 1 listing the header", () => {
    const { problems } = invoices(["Num", "Total"], { invoice: "Facture No" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: "error", code: "mapped_column_missing", file: "invoices.csv", line: 1,
    });
    expect(problems[0]?.message).toContain("Facture No");
    expect(problems[0]?.hint).toContain("Num, Total");
  });

  it("name a field that does not exist → an error listing the fields", () => {
    const { problems } = payments(["Date", "Amount"], { amount_received: "Amount" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: "error", code: "unknown_field", file: "payments.csv", line: 1 });
    expect(problems[0]?.hint).toContain("amount");
  });

  it("report every wrong override, not only the first", () => {
    expect(invoices(["A"], { invoice: "X", customer: "Y", nonsense: "A" }).problems).toHaveLength(3);
  });
});
