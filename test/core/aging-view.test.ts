// --min-overdue as typed, and compared in each row's own currency: a threshold with cents still
// filters a currency without them (500.50 in JPY is at least 501 yen).

import { describe, expect, it } from "vitest";
import type { AgingReport, CustomerAging } from "../../src/core/aging.js";
import { readMinimum, viewAging } from "../../src/core/aging-view.js";

const row = (customer: string, currency: string, overdue: number): CustomerAging =>
  ({ customer, name: customer, currency, buckets: [0, overdue], total: overdue, overdue, openInvoices: 1, unapplied: 0 });

describe("--min-overdue", () => {
  it.each([["500", "500"], ["500.50", "500.50"], ["500,50", "500.50"], ["2 000,50", "2000.50"], ["2\u202f000", "2000"], ["1,000", undefined], ["1.000", undefined], ["2.000,50", undefined], ["1e3", undefined], ["-5", undefined], ["", undefined]])(
    "%j reads as %j", (raw, expected) => expect(readMinimum(raw)).toBe(expected),
  );

  it("finds a customer by id whatever its case, or by part of its name", () => {
    const report = { asOf: "2026-11-22", basis: "due_date", buckets: ["not_due", "1+"], totals: [], unidentified: [],
      customers: [{ ...row("CL014", "EUR", 100), name: "Boulangerie Dupré" }, row("CL022", "EUR", 100)] } as AgingReport;
    expect(viewAging(report, { sort: "name", customer: "cl014" }).customers.map((r) => r.customer)).toEqual(["CL014"]);
    expect(viewAging(report, { sort: "name", customer: "dupré" }).customers.map((r) => r.customer)).toEqual(["CL014"]);
  });

  it("compares in each row's currency, rounding a threshold up to what the currency can hold", () => {
    const report = { asOf: "2026-11-22", basis: "due_date", buckets: ["not_due", "1+"], totals: [], unidentified: [],
      customers: [row("A", "EUR", 50_050), row("B", "EUR", 50_049), row("C", "JPY", 501), row("D", "JPY", 500)] } as AgingReport;
    expect(viewAging(report, { sort: "name", minOverdue: "500.50" }).customers.map((r) => r.customer)).toEqual(["A", "C"]);
  });
});
