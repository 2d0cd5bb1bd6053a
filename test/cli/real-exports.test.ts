// Exports as accounting packages write them, end to end: the cases an exploratory test found
// read wrong in silence (a payment lost to the other file's date order, a short invoice number in
// a memo, a decimal comma in a comma-separated file, an export without issue dates, vendors'
// column names).

import { readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Writes the files into a fresh folder; returns it. */
function project(files: Record<string, string | Buffer>): string {
  const dir = tempDir("exports");
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const age = (dir: string, extra: readonly string[] = []) =>
  runCli(["age", "--format", "json", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22", ...extra], { cwd: dir });

interface AgeJson { customers: { id: string; currency: string; total: string; unapplied: string }[] }

describe("exports as accounting packages write them", { timeout: 30_000 }, () => {
  it("a payments file whose dates could be read both ways follows the order the invoices prove (QuickBooks)", () => {
    const dir = project({
      "invoices.csv": "Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance\n9/5/2026,Invoice,1012,Cool Cars,10/5/2026,875.25,875.25\n9/20/2026,Invoice,1015,Bill's Windsurf Shop,10/20/2026,400.00,400.00\n",
      "payments.csv": "Date,Transaction type,Num,Customer full name,Memo/Description,Amount\n11/12/2026,Payment,,Cool Cars,,875.25\n",
    });
    const r = age(dir);
    expect(r.code).toBe(0);
    // Read 11 December (day first, the C locale's default), the payment fell after the as-of date
    // and Cool Cars, who had paid, was owed 875.25.
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total])).toEqual([["Bill's Windsurf Shop", "400.00"]]);
    expect(r.stderr).toContain("payments.csv: warning: every date could be dd/mm/yyyy or mm/dd/yyyy; read as mm/dd/yyyy, the order invoices.csv proves");
  });
});

describe("values the header does not name", { timeout: 30_000 }, () => {
  it("a decimal comma in a comma-separated file is an error at the split value, not 1234 in silence", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount\nA-1001,Foo,2026-10-01,2026-10-31,1234,50\nA-1002,Foo,2026-10-01,2026-10-31,99.00,\n",
      "payments.csv": "Date,Customer,Amount\n",
    });
    const r = age(dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // Line 3's empty field after a trailing separator is no value.
    expect(r.stderr).toContain('invoices.csv:2:6: this row has 6 fields, the header 5: "50" comes after the last column (Amount) — quote a value that holds the separator');
    expect(r.stderr).not.toContain("invoices.csv:3");
  });
});

describe("what some exports leave out or name their own way", { timeout: 30_000 }, () => {
  it("without an issue date column, an invoice not yet due is counted (issued payment_terms_days before its due date)", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Due date,Amount\nA-1001,Foo Ltd,2026-12-15,100.00\nA-1002,Foo Ltd,2026-10-15,200.00\n",
      "payments.csv": "Date,Customer,Amount\n",
    });
    const r = age(dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ customers: [{ id: "Foo Ltd", total: "300.00", open_invoices: 2, buckets: { not_due: "100.00", "31-60": "200.00" } }] });
    expect(r.stderr).toContain("invoices.csv: warning: no issue date column: each invoice is taken as issued 30 days (payment_terms_days) before its due date, and never after the as-of date; letters leave that date out");
  });

  it("a letter does not print an issue date the export did not give, and prints the ones it gave", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Issue date,Due date,Amount\nA-1001,Foo Ltd,,2026-10-15,200.00\nA-1002,Foo Ltd,2026-09-20,2026-10-20,300.00\n",
      "payments.csv": "Date,Customer,Amount\n",
    });
    const r = runCli(["letter", "--customer", "Foo Ltd", "--no-record", "--out", "out", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(0);
    const html = readFileSync(path.join(dir, "out", readdirSync(path.join(dir, "out")).find((f) => f.endsWith(".html")) as string), "utf8");
    // A-1001's worked-out date (2026-09-15, the due date less 30 days) is no fact to put in a formal notice.
    expect(html).toContain("<td>A-1001</td><td>—</td>");
    expect(html).not.toMatch(/15 Sep|Sep 15/);
    expect(html).toMatch(/<td>A-1002<\/td><td>20\u00a0Sept?\u00a02026<\/td>/);
  });

  it("Sage's N° pièce and Date pièce, QuickBooks' Memo/Description and No., a bank's Payee", () => {
    const dir = project({
      "invoices.csv": "N° pièce;Date pièce;Échéance;Code client;Montant TTC\nFA2026-001;05/09/2026;05/10/2026;DUPONT;200,00\nFA2026-002;05/10/2026;05/11/2026;DUPONT;200,00\n",
      "payments.csv": "Date,Payee,Memo/Description,Amount\n2026-11-10,DUPONT,FA2026-002,200.00\n",
    });
    const r = runCli(["match", "--format", "json", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ allocations: [{ invoice: "FA2026-002", rule: "R2" }] });
    const qb = project({
      "invoices.csv": "Date,No.,Customer,Due date,Amount\n2026-09-01,1001,Amy,2026-10-01,500.00\n",
      "payments.csv": "Date,Customer,Amount\n",
    });
    expect(age(qb).code).toBe(0);
  });
});

describe("money from payers nobody identified", { timeout: 30_000 }, () => {
  it("is shown under the aged balance and in its JSON, as dunning match counts it", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount,Currency\nINV-0101,Acme,2026-08-03,2026-09-02,1200.00,GBP\n",
      "payments.csv": "Date,Amount,Description,Currency\n2026-11-18,480.00,on account,GBP\n2026-11-19,20.00,misc,GBP\n",
    });
    const json = JSON.parse(age(dir).stdout) as { unidentified: unknown; totals: { unapplied: string }[] };
    expect(json.unidentified).toEqual([{ currency: "GBP", amount: "500.00", payments: 2 }]);
    expect(json.totals[0]?.unapplied).toBe("0.00");
    const table = runCli(["age", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(table.stdout).toContain("Also received from payers not identified: 500.00 GBP (2 payments); if it paid an invoice above, dunning match --review shows what to decide.");
    const match = runCli(["match", "--format", "json", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(match.stdout).toContain('"CUSTOMER_UNKNOWN"');
    const one = runCli(["age", "--format", "json", "--customer", "Acme", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect((JSON.parse(one.stdout) as { unidentified: unknown }).unidentified).toEqual([]);
  });
});

describe("a bank's CSV has no currency column", { timeout: 30_000 }, () => {
  it("it is read in the invoices' one currency, not company.currency's default euro", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount,Currency\nINV-1,Bramble,2026-09-01,2026-10-01,500.00,GBP\nINV-2,Acme,2026-09-01,2026-10-01,300.00,GBP\n",
      "payments.csv": "Date,Payee,Reference,Amount\n10/5/2026,Bramble,INV-1,500.00\n",
    });
    const r = age(dir);
    expect(r.code).toBe(0);
    // Read in euros, Bramble's payment paid nothing and Bramble, who had paid, was owed 500.00.
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total, c.unapplied])).toEqual([["Acme", "300.00", "0.00"]]);
    expect(r.stderr).toContain("payments.csv: warning: no currency column: read in GBP, the currency of every record of invoices.csv (company.currency is not set, which would mean EUR)");
    // Invoices in two currencies settle nothing: company.currency it is, and nothing matches across.
    const two = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount,Currency\nINV-1,Bramble,2026-09-01,2026-10-01,500.00,GBP\nINV-2,Acme,2026-09-01,2026-10-01,300.00,USD\n",
      "payments.csv": "Date,Payee,Reference,Amount\n2026-10-05,Bramble,INV-1,500.00\n",
    });
    expect(age(two).stderr).not.toContain("no currency column");
  });
});

describe("a bank statement given as the payments", { timeout: 30_000 }, () => {
  it("its balance lines are no money received, its debits nobody's credit", () => {
    const dir = project({
      "invoices.csv": "invoice;customer;issue_date;due_date;amount\nFA2026-014;DUPONT;2026-09-05;2026-10-05;1234,56\nFA2026-015;LEFEVRE;2026-09-05;2026-10-05;2000,00\n",
      "payments.csv": "Date opération;Libellé;Débit;Crédit\n30/09/2026;SOLDE CREDITEUR AU 30/09/2026;;5 432,10\n02/10/2026;VIR SEPA RECU /DE SARL DUPONT /MOTIF FACT FA2026-014;;1 234,56\n20/10/2026;PRLV SEPA URSSAF;1 200,00;\n21/10/2026;VIR RECU INCONNU;;300,00\n22/10/2026;SOLDE FACTURE 2026 REGLEMENT;;40,00\n30/10/2026;Nouveau solde au 30/10/2026;;5 806,66\n",
    });
    const r = age(dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as AgeJson & { unidentified: unknown };
    expect(json.customers.map((c) => [c.id, c.total, c.unapplied])).toEqual([["LEFEVRE", "2000.00", "0.00"]]);
    // The 300.00 and the 40.00 ("Solde facture": a balance paid) nobody identified; not the
    // statement's balances, not the URSSAF debit.
    expect(json.unidentified).toEqual([{ currency: "EUR", amount: "340.00", payments: 2 }]);
    expect(r.stderr).toContain("payments.csv:2: warning: 2 lines are the report's own");
  });
});

describe("a payment dated after today", { timeout: 30_000 }, () => {
  it("is named when the as-of date is today, not on a past day re-run", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount\nINV-1,Bramble,2026-09-01,2026-10-01,500.00\n",
      "payments.csv": "Date,Payee,Reference,Amount\n2099-01-05,Bramble,INV-1,500.00\n",
    });
    const today = runCli(["age", "--invoices", "invoices.csv", "--payments", "payments.csv"], { cwd: dir });
    expect(today.code).toBe(0);
    expect(today.stderr).toMatch(/payments\.csv:2: warning: 1 payment is dated after today, \d{4}-\d\d-\d\d \(first: payments\.csv:2 on 2099-01-05\): left out/);
    expect(age(dir).stderr).not.toContain("after today");
  });

  it("so is an invoice issued after today (2062 typed for 2026), which the aged balance leaves out", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount\nINV-1,Bramble,2026-09-01,2026-10-01,500.00\nINV-2,Bramble,01/11/2062,01/12/2062,1000.00\n",
      "payments.csv": "Date,Payee,Reference,Amount\n",
    });
    const today = runCli(["age", "--invoices", "invoices.csv", "--payments", "payments.csv"], { cwd: dir });
    expect(today.stderr).toMatch(/invoices\.csv:3: warning: 1 invoice is dated after today, \d{4}-\d\d-\d\d \(first: INV-2 on 2062-11-01\): left out, as not issued yet/);
  });
});

describe("what the review of these inferences found", { timeout: 60_000 }, () => {
  it("company.currency written in the configuration is never overridden by the other export", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount,Currency\nF-1,Acme,2026-09-01,2026-10-01,500.00,USD\n",
      "payments.csv": "Date,Payee,Reference,Amount\n2026-10-05,Acme,F-1,500.00\n",
      "dunning.yaml": "company: {currency: EUR}\n",
    });
    const r = age(dir, ["--config", "dunning.yaml"]);
    expect(r.stderr).not.toContain("no currency column");
    // 500 EUR does not pay 500 USD: a euro credit beside a dollar debt.
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.currency, c.total, c.unapplied]))
      .toEqual([["Acme", "EUR", "0.00", "500.00"], ["Acme", "USD", "500.00", "0.00"]]);
  });

  it("an invoice due long after its guessed issue date is still counted (the guess is never after the as-of date)", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Due date,Amount\nF-1,Foo,2027-01-06,200.00\nF-2,Foo,2026-10-15,400.00\n",
      "payments.csv": "Date,Customer,Amount\n",
    });
    expect((JSON.parse(age(dir).stdout) as AgeJson).customers.map((c) => c.total)).toEqual(["600.00"]);
  });

  it("the swapped-files hint is kept for a header with nothing of an invoice", () => {
    const dir = project({
      "invoices.csv": "Type,Date,Num,Who,Due Date,Amount\nInvoice,2026-09-01,1001,Amy,2026-10-01,100.00\n",
      "payments.csv": "Date,Customer,Amount\n",
    });
    const r = age(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no customer or customer_name column");
    expect(r.stderr).not.toContain("swapped");
  });

  it("a payment received after the invoices export was made is not said to be counted twice", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount,Open balance\nF-1,Acme,2026-09-01,2026-10-01,1000.00,600.00\n",
      "payments.csv": "Date,Customer,Reference,Amount\n2026-11-10,Acme,F-1,400.00\n",
    });
    const exported = new Date("2026-11-01T12:00:00Z");
    utimesSync(path.join(dir, "invoices.csv"), exported, exported);
    expect(age(dir).stderr).not.toContain("counted twice");
    const later = new Date("2026-11-20T12:00:00Z");
    utimesSync(path.join(dir, "invoices.csv"), later, later);
    expect(age(dir).stderr).toContain("counted twice");
  });

  it("a transfer sent back cancels the receipt it returns in the money from unidentified payers", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount\nF-1,Acme,2026-09-01,2026-10-01,1000.00\n",
      "payments.csv": "Date,Label,Amount\n2026-11-10,VIR RECU X,100.00\n2026-11-12,RETOUR VIR X,-100.00\n2026-11-13,PRLV EDF,-85.40\n",
    });
    expect((JSON.parse(age(dir).stdout) as { unidentified: unknown }).unidentified).toEqual([]);
    // A debit before the receipt (a supplier's direct debit in September) sends nothing back.
    const before = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount\nF-1,Acme,2026-09-01,2026-10-01,1000.00\n",
      "payments.csv": "Date,Label,Amount\n2026-09-02,PRLV SEPA EDF ECHEANCE,-300.00\n2026-11-20,VIR SEPA RECU /DE M PIERRE LEBLANC,300.00\n",
    });
    expect((JSON.parse(age(before).stdout) as { unidentified: unknown }).unidentified).toEqual([{ currency: "EUR", amount: "300.00", payments: 1 }]);
    // Nor does the rent paid after a customer's transfer of the same amount: nothing says it went back.
    const rent = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount\nF-1,Acme,2026-09-01,2026-10-01,1000.00\n",
      "payments.csv": "Date,Label,Amount\n2026-10-20,VIR SEPA RECU /DE SARL DUPONT FRERES,1200.00\n2026-10-30,PRLV SCI DES LILAS LOYER,-1200.00\n",
    });
    expect((JSON.parse(age(rent).stdout) as { unidentified: unknown }).unidentified).toEqual([{ currency: "EUR", amount: "1200.00", payments: 1 }]);
    // Nor a loan's repayment or a payout, whose words only look like a refund's.
    const lookalikes = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount\nF-1,Acme,2026-09-01,2026-10-01,1000.00\n",
      "payments.csv": "Date,Label,Amount\n2026-10-20,VIR SEPA M DURAND,1200.00\n2026-10-25,REMBOURSEMENT PRET 0012345,-1200.00\n"
        + "2026-10-20,VIR SEPA RECU PARTENAIRE,450.00\n2026-10-26,REVERSEMENT COMMISSION PARTENAIRE,-450.00\n",
    });
    expect((JSON.parse(age(lookalikes).stdout) as { unidentified: unknown }).unidentified).toEqual([{ currency: "EUR", amount: "1650.00", payments: 2 }]);
    // A direct debit rejected (its due date in the label), an unpaid bill of exchange: sent back.
    const rejected = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount\nF-1,Acme,2026-09-01,2026-10-01,1000.00\n",
      "payments.csv": "Date,Label,Amount\n2026-10-05,PRLV SEPA CLIENT X,80.00\n2026-10-09,REJET PRLV ECHEANCE 05/10,-80.00\n2026-10-10,LCR CLIENT Y,300.00\n2026-10-20,LCR IMPAYEE,-300.00\n",
    });
    expect((JSON.parse(age(rejected).stdout) as { unidentified: unknown }).unidentified).toEqual([]);
  });

  it("dates the other export proves the same way are not said to be assumed", () => {
    const dir = project({
      "invoices.csv": "invoice,customer,issue_date,due_date,amount\nF-1,C1,25/09/2026,25/10/2026,100.00\n",
      "payments.csv": "date,customer,amount\n05/10/2026,C1,50.00\n",
    });
    expect(age(dir).stderr).not.toContain("every date could be");
  });
});

/** The aged balance's customers as [id, currency, total, unapplied]. */
const balances = (dir: string, extra: readonly string[] = []) =>
  (JSON.parse(age(dir, extra).stdout) as AgeJson).customers.map((c) => [c.id, c.currency, c.total, c.unapplied]);

describe("invoicing apps and their statuses (found by an exploratory test, /tmp/explore2)", { timeout: 30_000 }, () => {
  it("Zoho Books: its Invoice Status column drops drafts; a payment spread over two invoices, a row each, is paid once", () => {
    const dir = project({
      "invoices.csv": "Invoice Date,Invoice Number,Invoice Status,Customer ID,Customer Name,Due Date,Currency Code,Total,Balance\n"
        + "2026-09-25,INV-000106,Overdue,K1,Kestrel plc,2026-10-25,GBP,1000.00,1000.00\n2026-10-02,INV-000107,Overdue,K1,Kestrel plc,2026-11-01,GBP,500.00,500.00\n"
        + "2026-10-05,INV-000108,Overdue,K1,Kestrel plc,2026-11-04,GBP,1500.00,1500.00\n2026-11-01,INV-000103,Draft,O1,Orchard Bakery,2026-12-01,GBP,1200.00,1200.00\n"
        + "2026-10-01,INV-000104,Sent,O1,Orchard Bakery,2026-10-31,GBP,600.00,600.00\n",
      "payments.csv": "Payment Number,CustomerID,Customer Name,Amount,Currency Code,Date,Reference Number,Invoice Number,Amount Applied to Invoice\n"
        + "7,K1,Kestrel plc,1500.00,GBP,2026-11-10,BACS 88231,INV-000106,1000.00\n7,K1,Kestrel plc,1500.00,GBP,2026-11-10,BACS 88231,INV-000107,500.00\n",
    });
    expect(balances(dir)).toEqual([["K1", "GBP", "1500.00", "0.00"], ["O1", "GBP", "600.00", "0.00"]]);
  });

  it("Odoo: the Partner is the customer (its Company is the seller), Total in Currency the amount, In Payment settled", () => {
    const dir = project({
      "invoices.csv": '"Number","Partner","Invoice Date","Due Date","Total","Total in Currency","Currency","Status","Company"\n'
        + '"INV/2026/00044","Gemini Furniture","2026-09-20","2026-10-20","920.0","1000.0","USD","Posted","YourCompany SAS"\n'
        + '"INV/2026/00045","Azure Interior","2026-09-20","2026-10-20","300.0","300.0","EUR","In Payment","YourCompany SAS"\n'
        + '"INV/2026/00046","Ready Mat","2026-10-10","2026-11-09","300.0","300.0","EUR","Posted","YourCompany SAS"\n',
      "payments.csv": "Date,Customer,Amount\n",
    });
    expect(balances(dir)).toEqual([["Ready Mat", "EUR", "300.00", "0.00"], ["Gemini Furniture", "USD", "1000.00", "0.00"]]);
  });

  it("a payment in yen is lettered with the default settings, whose euro-sized bank charges (7.5) do not apply to it", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount,Currency\nJP-1,Sakura KK,2026-09-01,2026-10-01,150000,JPY\nFR-1,Dupont,2026-09-01,2026-10-01,1000.00,EUR\n",
      "payments.csv": "Date,Customer,Reference,Amount,Currency\n2026-10-05,Sakura KK,JP-1,100000,JPY\n",
    });
    const r = age(dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.currency, c.total])).toEqual([["Dupont", "EUR", "1000.00"], ["Sakura KK", "JPY", "50000"]]);
  });

  it("Odoo: Amount Due beside Total in Currency is in the company's currency, said for the invoices in another one", () => {
    const invoices = (due: string) => `"Number","Partner","Invoice Date","Due Date","Total in Currency","${due}","Currency"\n`
      + '"INV/2026/00044","Gemini Furniture","2026-09-20","2026-10-20","1000.0","920.0","USD"\n'
      + '"INV/2026/00046","Ready Mat","2026-10-10","2026-11-09","300.0","300.0","EUR"\n';
    const r = age(project({ "invoices.csv": invoices("Amount Due"), "payments.csv": "Date,Customer,Amount\n" }));
    expect(r.stderr).toContain('invoices.csv:2: warning: 1 invoice is in another currency than EUR (first: INV/2026/00044, USD), and this export\'s "Amount Due" is in the company\'s currency where "Total in Currency" is in the invoice\'s: their open amounts are read in the wrong currency');
    // Amount Due in Currency is the invoice's own: nothing to say.
    expect(age(project({ "invoices.csv": invoices("Amount Due in Currency"), "payments.csv": "Date,Customer,Amount\n" })).stderr).not.toContain("company's currency");
  });

  it("Odoo in French and EBP: Numéro, Date de facturation and Montant dû are read", () => {
    const dir = project({
      "invoices.csv": '"Numéro";"Client";"Date de facturation";"Date d\'échéance";"Total";"Montant dû";"Statut"\n'
        + '"FAC/2026/00112";"Dupont SARL";"03/08/2026";"02/09/2026";"1200,00";"0,00";"Comptabilisé"\n'
        + '"FAC/2026/00113";"Dupont SARL";"01/09/2026";"01/10/2026";"3000,00";"1000,00";"Comptabilisé"\n',
      "payments.csv": "Date;Montant\n",
    });
    const r = age(dir);
    expect(r.stderr).not.toContain("no issue date column");
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total])).toEqual([["Dupont SARL", "1000.00"]]);
  });

  it("Lexoffice: German headers and statuses (bezahlt, storniert, Entwurf), a German bank's payments", () => {
    const dir = project({
      "invoices.csv": "\ufeffRechnungsnummer;Rechnungsdatum;Fälligkeitsdatum;Kundennummer;Kunde;Bruttobetrag;Offener Betrag;Währung;Status\n"
        + "RE2026-0101;03.08.2026;02.09.2026;10001;Müller GmbH;1.190,00;0,00;EUR;bezahlt\n"
        + "RE2026-0102;01.09.2026;01.10.2026;10001;Müller GmbH;2.975,00;975,00;EUR;teilweise bezahlt\n"
        + "RE2026-0104;20.09.2026;20.10.2026;10002;Schmidt & Söhne KG;476,00;476,00;EUR;storniert\n"
        + "RE2026-0105;20.10.2026;20.11.2026;10002;Schmidt & Söhne KG;1.071,00;1.071,00;EUR;offen\n"
        + "RE2026-0106;21.11.2026;21.12.2026;10002;Schmidt & Söhne KG;99,00;99,00;EUR;Entwurf\n",
      "payments.csv": "Buchungstag;Auftraggeber/Empfänger;Verwendungszweck;Betrag;Währung\n05.11.2026;Schmidt & Söhne KG;RE2026-0105;71,00;EUR\n",
    });
    expect(balances(dir)).toEqual([["10002", "EUR", "1000.00", "0.00"], ["10001", "EUR", "975.00", "0.00"]]);
  });

  it("Stripe and Invoice Ninja: failed, pending and refunded payments brought no money; a partial refund leaves the rest", () => {
    const dir = project({
      "invoices.csv": "Number,Customer,Date,Due Date,Total\nA-1,Acme,2026-09-01,2026-10-01,3000.00\nG-1,Globex,2026-09-01,2026-10-01,1200.00\nH-1,Hooli,2026-09-01,2026-10-01,800.00\n",
      "payments.csv": "id,Created,Customer,Amount,Amount Refunded,Status,Description\n"
        + "ch_1,2026-11-10,Acme,3000.00,0.00,Failed,A-1\nch_2,2026-10-05,Globex,500.00,500.00,Refunded,G-1\n"
        + "ch_3,2026-11-19,Globex,1200.00,0.00,Pending,G-1\nch_4,2026-10-06,Hooli,800.00,300.00,Paid,H-1\n",
    });
    expect(balances(dir)).toEqual([["Acme", "EUR", "3000.00", "0.00"], ["Globex", "EUR", "1200.00", "0.00"], ["Hooli", "EUR", "300.00", "0.00"]]);
  });

  it.each(["charged_back", "Returned", "Chargeback", "Bounced", "Impayé", "pending_submission"])("a payment %s brought no money", (status) => {
    const dir = project({
      "invoices.csv": "Number,Customer,Date,Due Date,Total\nF1,C1,2026-09-01,2026-10-01,100.00\n",
      "payments.csv": `id,Date,Customer,Amount,Invoice,Status\nP1,2026-10-05,C1,100.00,F1,${status}\n`,
    });
    expect(balances(dir)).toEqual([["C1", "EUR", "100.00", "0.00"]]);
  });

  it("a payment status no rule knows is said, and the money counted as received", () => {
    const dir = project({
      "invoices.csv": "Number,Customer,Date,Due Date,Total\nF1,C1,2026-09-01,2026-10-01,100.00\n",
      "payments.csv": "id,Date,Customer,Amount,Invoice,Status\nP1,2026-10-05,C1,100.00,F1,On hold at bank\nP2,2026-10-06,C1,5.00,,Completed\n",
    });
    const r = age(dir);
    expect(r.stderr).toContain('payments.csv:2: warning: 1 row has a Status this tool does not know: "On hold at bank" (1) — read as money received');
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total, c.unapplied])).toEqual([["C1", "0.00", "5.00"]]);
  });

  it("Revolut Business: a REVERTED transfer came back, and brought no money", () => {
    const dir = project({
      "invoices.csv": "Number,Customer,Date,Due Date,Total\nC-1,Café de l'Étoile,2026-10-15,2026-11-14,599.99\n",
      "payments.csv": "Date completed (UTC),ID,Type,State,Description,Payer,Amount,Currency\n2026-11-05,rev-99,TRANSFER,REVERTED,Payment C-1,Café de l'Étoile,599.99,EUR\n",
    });
    expect(balances(dir)).toEqual([["Café de l'Étoile", "EUR", "599.99", "0.00"]]);
  });

  it("a payment of an invoice the export already counts as paid is said to be kept as credit that stops reminders", () => {
    const dir = project({
      "invoices.csv": "Invoice Number,Customer Name,Invoice Date,Due Date,Total,Balance,Invoice Status\n"
        + "INV-000101,Bramble Ltd,2026-08-03,2026-09-02,1200.00,0.00,Paid\nINV-000102,Bramble Ltd,2026-09-01,2026-10-01,500.00,500.00,Overdue\n",
      "payments.csv": "Date,Customer,Invoice,Amount\n2026-09-01,Bramble Ltd,INV-000101,1200.00\n",
    });
    const r = age(dir);
    expect(r.stderr).toContain("warning: 1 payment cites only invoices this export already counts as paid, and is kept as the customer's credit (first: payments.csv:2 → INV-000101, 1200.00)");
  });

  it("Sage 50: receipts and payments on account listed among the invoices lower the balance; O/S is what is open", () => {
    const dir = project({
      "invoices.csv": "No,Type,A/C,Name,Date,Ref,Details,Amount,O/S\n"
        + "1541,SI,BRA001,Bramble Ltd,03/08/2026,10021,Consultancy August,1200.00,0.00\n1560,SI,BRA001,Bramble Ltd,01/09/2026,10022,Consultancy September,3000.00,1000.00\n"
        + "1577,SR,BRA001,Bramble Ltd,01/09/2026,BACS,Sales Receipt,1200.00,0.00\n1601,SR,BRA001,Bramble Ltd,20/10/2026,BACS,Sales Receipt,2000.00,0.00\n"
        + "1602,SI,ORC002,Orchard Bakery,15/09/2026,10023,Oven service,1200.00,1200.00\n1603,SC,ORC002,Orchard Bakery,02/10/2026,CN0007,Goodwill credit,120.00,120.00\n"
        + "1610,SA,ORC002,Orchard Bakery,05/11/2026,CHQ 004512,Payment on Account,500.00,500.00\n",
      "payments.csv": "Date,Amount\n",
    });
    expect(balances(dir, ["--quiet"])).toEqual([["BRA001", "EUR", "1000.00", "0.00"], ["ORC002", "EUR", "580.00", "0.00"]]);
  });

  it("EBP: a total row with its word in the name column is the report's, not an invoice without a number", () => {
    const dir = project({
      "invoices.csv": "N° pièce;Date pièce;Code client;Client;Montant TTC;Reste dû\nFA00000233;15/09/2026;CL00027;Garage Lefèvre;1 200,00 €;1 200,00 €\n;;;;;\n;;;Total;1 200,00 €;1 200,00 €\n",
      "payments.csv": "Date;Montant\n",
    });
    const r = age(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("1 line is the report's own (section titles, subtotals, totals), not invoices: skipped (line 4)");
  });

  it("an open amount above the invoice's total is an error, not money paid back", () => {
    const dir = project({
      "invoices.csv": "Numéro de facture;Client;Date d'échéance;Montant TTC;Devise;Reste à payer\nF-2026-0104;Globex Ltd;20/10/2026;1 000,00;GBP;1 150,00\n",
      "payments.csv": "Date;Montant\n",
    });
    const r = age(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invoices.csv:2:6: open amount 1 150,00 is more than the invoice's amount 1 000,00 — check that the open (remaining) column is in the invoice's currency");
  });

  it("Stripe: its Paid column of true/false settles an invoice, where it was refused as an amount", () => {
    const dir = project({
      "invoices.csv": "id,Number,Customer,Amount Due,Amount Paid,Amount Remaining,Currency,Date (UTC),Due Date (UTC),Paid,Status,Total\n"
        + "in_1,A-0001,cus_1,1200.00,1200.00,0.00,eur,2026-08-03 10:32:00,2026-09-02 10:32:00,true,paid,1200.00\n"
        + "in_2,A-0002,cus_1,3000.00,1000.00,2000.00,eur,2026-09-01 09:00:00,2026-10-01 09:00:00,false,open,3000.00\n",
      "payments.csv": "Date,Amount\n",
    });
    const r = age(dir);
    expect(r.stderr).not.toContain("is not a number");
    // false says nothing: Amount Remaining gives the 2 000 still open.
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total])).toEqual([["cus_1", "2000.00"]]);
  });

  it("data.balances_as_of: payments the export's balances count are left out, so its customer is reminded of what is open", () => {
    const files = {
      "invoices.csv": "Invoice Number,Customer Name,Invoice Date,Due Date,Total,Balance,Invoice Status\n"
        + "INV-000101,Bramble Ltd,2026-08-03,2026-09-02,1200.00,0.00,Paid\nINV-000102,Bramble Ltd,2026-09-01,2026-10-01,500.00,500.00,Overdue\n",
      "payments.csv": "Date,Customer,Invoice,Amount\n2026-09-01,Bramble Ltd,INV-000101,1200.00\n",
    };
    // Without it, the payment of INV-000101 is the customer's credit, which covers INV-000102.
    expect(balances(project(files), ["--quiet"])).toEqual([["Bramble Ltd", "EUR", "500.00", "1200.00"]]);
    const dir = project({ ...files, "dunning.yaml": "data:\n  balances_as_of: 2026-11-20\n" });
    const r = age(dir, ["--config", "dunning.yaml"]);
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total, c.unapplied])).toEqual([["Bramble Ltd", "500.00", "0.00"]]);
    expect(r.stderr).toContain("payments.csv: warning: 1 payment dated up to 2026-11-20 left out: the invoices export's paid and open amounts count them (data.balances_as_of)");
    expect(r.stderr).not.toContain("counted twice");
    expect(runCli(["check", "--config", "dunning.yaml", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir }).stdout)
      .toContain("balances: the invoices export's paid and open amounts as of 2026-11-20 (data.balances_as_of); payments after it are lettered\n");
    const bad = project({ ...files, "dunning.yaml": "data:\n  balances_as_of: 20/11/2026\n" });
    expect(age(bad, ["--config", "dunning.yaml"]).code).toBe(2);
  });

  it("data.balances_as_of set: a later instalment on an invoice the export counts as partly paid is not said to be counted twice", () => {
    const files = {
      "invoices.csv": "Invoice Number,Customer Name,Invoice Date,Due Date,Total,Balance\nINV-000201,Bramble Ltd,2026-08-03,2026-09-02,500.00,300.00\n",
      "payments.csv": "Date,Customer,Invoice,Amount\n2026-11-21,Bramble Ltd,INV-000201,100.00\n",
    };
    // Without it, the instalment may be one the Balance column already counts: said.
    expect(age(project(files)).stderr).toContain("counted twice");
    const r = age(project({ ...files, "dunning.yaml": "data:\n  balances_as_of: 2026-11-20\n" }), ["--config", "dunning.yaml"]);
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total])).toEqual([["Bramble Ltd", "200.00"]]);
    expect(r.stderr).not.toContain("counted twice");
  });

  it("what the readers of those exports must leave alone (found by the review of them, /tmp/review12)", () => {
    // A down payment or prepayment invoice is an invoice; TOTAL ENERGIES and Balance Consulting are customers.
    const typed = project({
      "invoices.csv": "invoice,customer,customer_name,issue_date,due_date,amount,document type\n"
        + "F-1,C1,Acme,2026-09-01,2026-10-01,1000.00,Invoice\nF-2,C1,Acme,2026-09-01,2026-10-01,3000.00,Down payment invoice\n"
        + "F-3,C2,Bolt,2026-09-01,2026-10-01,500.00,Prepayment invoice\n",
      "payments.csv": "date,amount\n",
    });
    expect(balances(typed)).toEqual([["C1", "EUR", "4000.00", "0.00"], ["C2", "EUR", "500.00", "0.00"]]);
    const named = project({
      "invoices.csv": "invoice,customer,customer_name,issue_date,due_date,amount\n,,TOTAL ENERGIES,2026-09-01,2026-10-01,3000.00\n",
      "payments.csv": "date,amount\n",
    });
    expect(age(named).stderr).toContain("invoices.csv:2:1: invoice number is empty");
    // A Refunded column of yes/no; a Partner beside the Customer column is not the customer.
    const refunds = project({
      "invoices.csv": "Invoice,Customer,Partner,Date,Due date,Amount\nA-1,Acme Ltd,Reseller One,2026-09-01,2026-10-01,2000.00\nA-2,Acme Ltd,Reseller One,2026-09-01,2026-10-01,700.00\n",
      "payments.csv": "id,Date,Customer,Amount,Refunded,Description\nch_1,2026-11-10,Acme Ltd,1000.00,false,A-1\nch_2,2026-11-11,Acme Ltd,700.00,true,A-2\n",
    });
    const r = age(refunds, ["--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { customers: { id: string; name: string; total: string }[] }).customers.map((c) => [c.id, c.name, c.total])).toEqual([["Acme Ltd", "Acme Ltd", "1700.00"]]);
    // QuickBooks' Customer Balance Detail: Open Balance per invoice beside a running Balance.
    const qb = project({
      "invoices.csv": "Date,Num,Customer,Due Date,Amount,Open Balance,Balance\n09/01/2026,1001,Cool Cars,10/01/2026,500.00,200.00,200.00\n09/15/2026,1002,Cool Cars,10/15/2026,300.00,300.00,500.00\n",
      "payments.csv": "Date,Amount\n",
    });
    expect(balances(qb)).toEqual([["Cool Cars", "EUR", "500.00", "0.00"]]);
  });

  it("dunning check says which column each field was read from, so an export named its own way can be checked", () => {
    const dir = project({
      "invoices.csv": '"Number","Partner","Invoice/Bill Date","Due Date","Total","Amount Due","Status","Company"\n"INV/2026/00042","Azure Interior","2026-09-01","2026-10-01","3000.0","1000.0","Posted","YourCompany SAS"\n',
      "payments.csv": "Date,Amount\n2026-09-20,2000.00\n",
    });
    const r = runCli(["check", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("invoices: 1 read\n  columns: invoice ← Number, customer_name ← Partner, issue_date ← Invoice/Bill Date, due_date, amount ← Total, open ← Amount Due, status\n");
    expect(r.stdout).toContain("payments: 1 read\n  columns: date, amount\n");
    // Its Amount Due says 2 000 is paid: the double count of a full payments file is pointed out.
    expect(r.stdout).toContain("balances: 1 invoice paid in part or in full by the export itself; if the payments file holds those payments too, set data.balances_as_of to the day of the invoices export\n");
  });
});

describe("Sage 100's aged balance (balance âgée clients), with a total line per customer", { timeout: 30_000 }, () => {
  it("reads its invoices, credit notes and receipts, and passes over its Total C001 lines", () => {
    const dir = project({
      "invoices.csv": iconv.encode([
        "MON ENTREPRISE SARL;;;;;;;;;;;", "Balance âgée clients par échéance au 22/11/2026;;;;;;;;;;;", ";;;;;;;;;;;",
        "N° compte tiers;Intitulé;Date pièce;N° pièce;Libellé;Date échéance;Solde;Non échu;0 à 30 jours;31 à 60 jours;61 à 90 jours;Plus de 90 jours",
        "C001;SARL DUPONT FRERES;01/10/2026;FA-2026-021;Facture FA-2026-021;31/10/2026;3 456,78;;3 456,78;;;",
        "Total C001;;;;;;3 456,78;;3 456,78;;;",
        "C003;BOULANGERIE LEFEVRE;10/07/2026;FA-2026-008;Facture FA-2026-008;09/08/2026;12 345,60;;;;;12 345,60",
        "C003;BOULANGERIE LEFEVRE;20/07/2026;AV-2026-002;Avoir AV-2026-002;20/07/2026;-345,60;;;;;-345,60",
        "Total C003;;;;;;12 000,00;;;;;12 000,00",
        "Total général;;;;;;15 456,78;;3 456,78;;;12 000,00",
      ].join("\r\n") + "\r\n", "win1252"),
      "payments.csv": "Date;Montant\n",
    });
    const r = age(dir);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total])).toEqual([["C003", "12000.00"], ["C001", "3456.78"]]);
    expect(r.stderr).toContain("3 lines are the report's own (section titles, subtotals, totals), not invoices: skipped (lines 6, 9, 10)");
    // A customer coded TOTAL, its invoice number missing, is still an error, not a total line.
    const coded = project({ "invoices.csv": "N° compte tiers;Intitulé;Date pièce;N° pièce;Date échéance;Solde\nTOTAL;TotalEnergies;01/10/2026;;31/10/2026;100,00\n", "payments.csv": "Date;Montant\n" });
    expect(age(coded).stderr).toContain("invoices.csv:2:4: invoice number is empty");
    // A bare TOTAL line, with nothing but amounts beside it, is the report's.
    const bare = project({ "invoices.csv": "N° compte tiers;Intitulé;Date pièce;N° pièce;Date échéance;Solde\nC001;Dupont;01/10/2026;F1;31/10/2026;100,00\nTOTAL;;;;;100,00\n", "payments.csv": "Date;Montant\n" });
    const r2 = age(bare);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toContain("1 line is the report's own");
  });
});

describe("French bank statements as payments files (found by /tmp/explore9)", { timeout: 30_000 }, () => {
  const INVOICES = "N° facture;Code client;Raison sociale;Date facture;Date d'échéance;Montant TTC\n"
    + "FA-2026-014;C001;SARL Dupont Frères;15/09/2026;15/10/2026;1 200,00\nFA-2026-021;C001;SARL Dupont Frères;01/10/2026;31/10/2026;3 456,78\n"
    + "FA-2026-017;C002;Martin & Fils SAS;20/09/2026;20/10/2026;840,00\n";
  const owed = (payments: string | Buffer): [string, string][] => {
    const r = age(project({ "invoices.csv": INVOICES, "payments.csv": payments }), ["--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total]);
  };
  const PAID = [["C001", "3456.78"]];

  it("reads the invoice number from a second label column: Libellé complémentaire, Informations complementaires, Détail de l'écriture", () => {
    expect(owed("\ufeffDate opération;Date valeur;Libellé;Libellé complémentaire;Débit;Crédit\n"
      + "20/10/2026;20/10/2026;VIR SEPA RECU;DE SARL DUPONT FRERES /MOTIF FACTURE FA-2026-014 /REF 2026102000123;;1 200,00\n"
      + "25/10/2026;25/10/2026;VIR SEPA RECU;DE MARTIN ET FILS /MOTIF REGLT FA2026017;;840,00\n"
      + "30/10/2026;30/10/2026;LOYER NOVEMBRE;SCI DES LILAS;1 200,00;\n")).toEqual(PAID);
    // Caisse d'Épargne: its own Reference column (REF1001) is no label to read alone.
    expect(owed("Date de comptabilisation;Libelle simplifie;Libelle operation;Reference;Informations complementaires;Type operation;Categorie;Sous categorie;Debit;Credit;Date operation;Date de valeur;Pointage operation\r\n"
      + "20/10/2026;SARL DUPONT FRERES;VIR SEPA RECU /DE SARL DUPONT FRERES;REF1001;/MOTIF FACTURE FA-2026-014 /REF 2026102000123;Virement recu;;;;+1200,00;20/10/2026;20/10/2026;0\r\n"
      + "25/10/2026;MARTIN ET FILS;VIR SEPA RECU /DE MARTIN ET FILS;REF1003;/MOTIF REGLT FA2026017;Virement recu;;;;+840,00;25/10/2026;25/10/2026;0\r\n")).toEqual(PAID);
    // Société Générale: its date and amount columns are named after the operation.
    expect(owed(iconv.encode("Date de l'opération;Libellé;Détail de l'écriture;Montant de l'opération;Devise\n"
      + "20/10/2026;VIR RECU 1234567;DE: SARL DUPONT FRERES MOTIF: FA-2026-014;1200,00;EUR\n"
      + "25/10/2026;VIR RECU 7654321;DE: MARTIN ET FILS MOTIF: FA2026017;840,00;EUR\n", "win1252"))).toEqual(PAID);
  });

  it("dunning check names every label column read", () => {
    const dir = project({ "invoices.csv": INVOICES, "payments.csv": "Date opération;Libellé;Libellé complémentaire;Montant\n20/10/2026;VIR;FA-2026-014;1 200,00\n" });
    const r = runCli(["check", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.stdout).toContain("payments: 1 read\n  columns: date ← Date opération, reference ← Libellé, reference ← Libellé complémentaire, amount ← Montant\n");
    // A reference column named in dunning.yaml is the one read.
    writeFileSync(path.join(dir, "dunning.yaml"), "columns:\n  payments:\n    reference: Libellé\n");
    const mapped = runCli(["check", "--config", "dunning.yaml", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(mapped.stdout).toContain("  columns: date ← Date opération, reference ← Libellé, amount ← Montant\n");
  });
});
