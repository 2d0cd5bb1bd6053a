// Bank labels as the reference pass reads them: words kept as ranges of the label in reused
// buffers must not lose any, whatever folding does to the label's length.

import { describe, expect, it } from "vitest";
import { matchPayments } from "../../src/core/match.js";
import { allocationLines, inv, pay } from "../helpers/ledger-fixtures.js";

const run = (label: string) =>
  matchPayments({ invoices: [inv("FA-2024-00123", "C1", "03-01", "100.00")], payments: [pay("P", "03-02", "", "100.00", label)], asOf: "2024-12-31" });

describe("label words", () => {
  it("a number after a stretch that folding makes longer than the first character buffer is read (ŉ folds to ʼN)", () => {
    expect(allocationLines(run(`${"ŉ".repeat(300)} FA-2024-00123`))).toEqual(["P→FA-2024-00123 100.00 R2 certain"]);
  });

  it("a number in a label that folding makes longer than 512 characters is read", () => {
    expect(allocationLines(run(`${"ß".repeat(400)} fa-2024-00123`))).toEqual(["P→FA-2024-00123 100.00 R2 certain"]);
  });

  it("one label read does not leak into the next (buffers are reused)", () => {
    const l = matchPayments({
      invoices: [inv("FA-2024-00123", "C1", "03-01", "100.00"), inv("FA-2024-00124", "C1", "03-01", "50.00")],
      payments: [pay("P1", "03-02", "", "100.00", "VIR FA-2024-00123 MERCI"), pay("P2", "03-03", "", "50.00", "VIR 2024")],
      asOf: "2024-12-31",
    });
    expect(allocationLines(l).filter((a) => a.includes("R2"))).toEqual(["P1→FA-2024-00123 100.00 R2 certain"]);
    // Had P1's words stayed in the buffers, P2 would cite the invoice P1 settled (REF_ALREADY_PAID);
    // read alone, "VIR 2024" cites nothing and P2 is only suggested by its amount.
    expect(l.review.filter((r) => r.payment === "P2").map((r) => `${r.rule} ${r.reason}`)).toEqual(["R5 CUSTOMER_UNKNOWN"]);
  });
});

describe("short numeric invoice numbers (QuickBooks counts from 1001)", () => {
  it("a list announced once cites each number of it", () => {
    const l = matchPayments({
      invoices: [inv("1001", "C1", "09-01", "300.00"), inv("1003", "C1", "09-15", "450.00"), inv("1005", "C1", "09-20", "300.00")],
      payments: [pay("P", "11-13", "", "750.00", "MOTIF Invoices 1003, 1005")], asOf: "2024-12-31",
    });
    expect(allocationLines(l)).toEqual(["P→1003 450.00 R2 certain", "P→1005 300.00 R2 certain"]);
  });

  const invoices = [inv("1001", "C1", "09-01", "500.00"), inv("1002", "C1", "09-15", "500.00")];
  const cited = (label: string): string[] =>
    allocationLines(matchPayments({ invoices, payments: [pay("P", "11-13", "C1", "500.00", label)], asOf: "2024-12-31" }));

  it.each(["Inv 1002", "Invoice #1002", "INVOICE NO 1002", "Invoice ref 1002", "Facture n° 1002", "Rechnung Nr. 1002", "INV-1002", "FA1002", "inv1002",
    "Inv 1002 1 of 2", "Invoice 1002 (500 EUR)"])(
    "%s names invoice 1002 when announced as an invoice number", (label) => {
      expect(cited(label)).toEqual(["P→1002 500.00 R2 certain"]);
    });

  it.each(["1002", "VIR 1002 LYON", "CP 1002", "2024 payment", "REMISE CHEQUE N 1002", "PO NO 1002", "CLIENT REF 1002"])("%s is any number: no citation, the amount decides", (label) => {
    expect(cited(label).every((l) => !l.includes("R2"))).toBe(true);
  });
});
