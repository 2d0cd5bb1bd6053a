// Late-payment charges on invoices paid late: interest from the day after the due date to the day
// before the last payment came in, on what was open each day, plus the fixed indemnity — through
// the real lettrage, with the amounts worked out here from the law's formula, not read back.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chargesOnPaidLate, type ChargesOptions } from "../../src/core/charges.js";
import { addDays, daysBetween } from "../../src/core/dates.js";
import { makeProfile, type ProfileName } from "../../src/core/interest.js";
import type { Ledger } from "../../src/core/ledger.js";
import { matchPayments } from "../../src/core/match.js";
import type { Invoice, Payment } from "../../src/core/model.js";
import { credit, inv, pay } from "../helpers/ledger-fixtures.js";
import { allocation, done, invoice, item, payment } from "../helpers/plan-fixtures.js";

const AS_OF = "2026-06-30";
/** fr-b2b in 2026-H1: the ECB rate of 1 January 2026 (2.15 %) + 10 points, in hundredths of a percent. */
const FR_RATE_2026_H1 = 1215;

/** Σ base × rate × days / (365 × 100 × 100), rounded half up: the law's simple interest in cents. */
function simpleInterest(parts: readonly { base: number; days: number }[], rate: number): number {
  const exact = parts.reduce((s, p) => s + p.base * rate * p.days, 0) / 3_650_000;
  return Math.floor(exact + 0.5);
}

function charges(invoices: Invoice[], payments: Payment[], options: Partial<Omit<ChargesOptions, "profile">> & { profile?: ProfileName } = {}) {
  const ledger = matchPayments({ invoices, payments, asOf: options.asOf ?? AS_OF });
  return chargesOnPaidLate(ledger, { asOf: AS_OF, ...options, profile: makeProfile({ profile: options.profile ?? "fr-b2b" }) });
}

const paidFor = (number: string) => ({ invoices: [number] });
const NOTICES: ReadonlySet<string> = new Set(["formal-notice"]);

describe("charges on an invoice paid late", () => {
  it("charges 29 days of interest and the 40 EUR indemnity on 1 000 EUR paid 30 days late", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "1000.00")], [pay("P1", "2026-03-03", "C1", "1000.00", "", paidFor("F1"))]);
    expect(report.invoices).toHaveLength(1);
    const [f1] = report.invoices;
    expect(f1?.paidOn).toBe("2026-03-03");
    expect(f1?.daysLate).toBe(30);
    // Interest runs from 2 February to 2 March: the money arrived on the 3rd.
    expect(f1?.interest).toBe(simpleInterest([{ base: 100_000, days: 29 }], FR_RATE_2026_H1));
    expect(f1?.interest).toBe(965);
    expect(f1?.indemnity).toBe(4000);
    expect(report.totals).toEqual([{ currency: "EUR", invoices: 1, interest: 965, indemnity: 4000 }]);
    expect(report.customers).toEqual([{ customer: "C1", name: "C1 Ltd", currency: "EUR", invoices: 1, interest: 965, indemnity: 4000 }]);
  });

  it("lowers the base from the day each instalment came in", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "1000.00")], [
      pay("P1", "2026-02-11", "C1", "400.00", "", paidFor("F1")),
      pay("P2", "2026-03-03", "C1", "600.00", "", paidFor("F1")),
    ]);
    // 2–10 February on 1 000, 11 February – 2 March on 600.
    expect(report.invoices[0]?.interest).toBe(simpleInterest([{ base: 100_000, days: 9 }, { base: 60_000, days: 20 }], FR_RATE_2026_H1));
    expect(report.invoices[0]?.periods.map((p) => [p.from, p.to, p.base])).toEqual([["2026-02-02", "2026-02-10", 100_000], ["2026-02-11", "2026-03-02", 60_000]]);
  });

  it("charges nothing on an invoice paid on its due date or before", () => {
    const report = charges(
      [inv("F1", "C1", "2026-02-01", "1000.00"), inv("F2", "C1", "2026-02-10", "500.00")],
      [pay("P1", "2026-02-01", "C1", "1000.00", "", paidFor("F1")), pay("P2", "2026-01-20", "C1", "500.00", "", paidFor("F2"))],
    );
    expect(report.invoices).toEqual([]);
    expect(report.totals).toEqual([]);
  });

  it("still owes the indemnity when the money came in the day after the due date (no whole day of interest)", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "1000.00")], [pay("P1", "2026-02-02", "C1", "1000.00", "", paidFor("F1"))]);
    expect(report.invoices.map((i) => [i.daysLate, i.interest, i.indemnity])).toEqual([[1, 0, 4000]]);
  });

  it("leaves open invoices to the reminders: only settled ones are counted", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "1000.00")], [pay("P1", "2026-03-03", "C1", "900.00", "", paidFor("F1"))]);
    expect(report.invoices).toEqual([]);
  });

  it("stops interest with the last payment when the lettrage closed a small difference", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "1000.00")], [pay("P1", "2026-03-03", "C1", "999.00", "", paidFor("F1"))]);
    expect(report.invoices.map((i) => [i.paidOn, i.interest])).toEqual([["2026-03-03", simpleInterest([{ base: 100_000, days: 29 }], FR_RATE_2026_H1)]]);
  });

  it("lowers the base by a credit note from its date, as the reminders do: what accrued before it stays owed (domain.md §9.1)", () => {
    const report = charges(
      [inv("F1", "C1", "2026-02-01", "1000.00"), credit("AV1", "C1", "2026-02-20", "200.00", { appliesTo: "F1" })],
      [pay("P1", "2026-03-03", "C1", "800.00", "", paidFor("F1"))],
    );
    // 2–19 February on 1 000, 20 February – 2 March on 800.
    expect(report.invoices.map((i) => [i.invoice.number, i.base, i.interest]))
      .toEqual([["F1", 100_000, simpleInterest([{ base: 100_000, days: 18 }, { base: 80_000, days: 11 }], FR_RATE_2026_H1)]]);
  });

  it("counts interest until the last receipt, a credit note after the last payment included; late is the last payment's day", () => {
    const report = charges(
      [inv("F1", "C1", "2026-02-01", "1000.00"), credit("AV1", "C1", "2026-03-11", "300.00", { appliesTo: "F1" })],
      [pay("P1", "2026-03-01", "C1", "700.00", "", paidFor("F1"))],
    );
    expect(report.invoices.map((i) => [i.paidOn, i.daysLate, i.interest]))
      .toEqual([["2026-03-01", 28, simpleInterest([{ base: 100_000, days: 27 }, { base: 30_000, days: 10 }], FR_RATE_2026_H1)]]);
  });

  it("charges nothing on an invoice paid on time whose rest was credited after the due date, and counts it", () => {
    const report = charges(
      [inv("F1", "C1", "2026-02-01", "1000.00"), credit("AV1", "C1", "2026-03-10", "200.00", { appliesTo: "F1" })],
      [pay("P1", "2026-01-25", "C1", "800.00", "", paidFor("F1"))],
    );
    expect(report.invoices).toEqual([]);
    expect(report.leftOut.credited).toBe(1);
  });

  it("gives as base what bore interest on its first day, a payment that day off it, as the periods say", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "1000.00")], [
      pay("P1", "2026-02-02", "C1", "400.00", "", paidFor("F1")), pay("P2", "2026-03-03", "C1", "600.00", "", paidFor("F1")),
    ]);
    const [f1] = report.invoices;
    expect([f1?.base, f1?.periods[0]?.base]).toEqual([60_000, 60_000]);
  });

  it("gives as base what was open when interest began: a payment before the due date is off it", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "1000.00")], [
      pay("P1", "2026-01-20", "C1", "300.00", "", paidFor("F1")), pay("P2", "2026-03-03", "C1", "700.00", "", paidFor("F1")),
    ]);
    expect(report.invoices.map((i) => [i.base, i.interest])).toEqual([[70_000, simpleInterest([{ base: 70_000, days: 29 }], FR_RATE_2026_H1)]]);
  });

  it("does not charge an invoice settled late by a credit note alone, and says so: cancelled, or a payment row read as one", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "1000.00"), credit("AV1", "C1", "2026-03-20", "1000.00", { appliesTo: "F1" })], []);
    expect(report.invoices).toEqual([]);
    expect(report.leftOut).toMatchObject({ credited: 1, undated: 0 });
  });
});

describe("what is left out, and said", () => {
  it("counts invoices paid per the export alone and due before the as-of date: their delay is unknown", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "0.00", { paid: "1000.00" }), inv("F2", "C1", "2026-07-15", "0.00", { paid: "500.00", issue: "2026-06-15" })], []);
    expect(report.invoices).toEqual([]);
    expect(report.leftOut).toEqual({ undated: 1, credited: 0, moved: 0, consumers: 0, beforeDefault: 0, disputed: 0, held: 0, barred: 0, noCharge: 0 });
    // A consumer's too: how late is as unknown.
    const consumer = { ...inv("F3", "C3", "2026-02-01", "0.00", { paid: "100.00" }), customerType: "particulier" };
    expect(charges([consumer], []).leftOut.undated).toBe(1);
  });

  it("does not take an FEC entry that moved the debt to 416 for a payment: no money came in", () => {
    const f = invoice("F1", { dueDate: "2026-02-01" });
    const ledger = {
      items: [item(f, 0)], payments: [payment("OD1", "2026-04-01", 100_000, { movedTo: "416000" })], allocations: [allocation("OD1", "F1", 100_000)], unapplied: [],
    };
    const report = chargesOnPaidLate(ledger, { asOf: AS_OF, profile: makeProfile({ profile: "fr-b2b" }) });
    expect(report.invoices).toEqual([]);
    expect(report.leftOut.moved).toBe(1);
  });

  it("dates an invoice the export says is paid by the payments that cite it alone, when they pay it all", () => {
    const paidByExport = (n: string, amount: string) => inv(n, "C1", "2026-02-01", "0.00", { paid: amount });
    const report = charges([paidByExport("F1", "1000.00"), paidByExport("F2", "500.00"), paidByExport("F3", "300.00")], [
      pay("P1", "2026-02-11", "C1", "400.00", "", paidFor("F1")), pay("P2", "2026-03-03", "C1", "600.00", "", paidFor("F1")),
      // Cites two invoices: how it splits is not said. And F3's payment does not pay it all.
      pay("P3", "2026-03-03", "C1", "500.00", "", { invoices: ["F2", "F9"] }), pay("P4", "2026-03-03", "C1", "100.00", "", paidFor("F3")),
    ]);
    expect(report.invoices.map((i) => [i.invoice.number, i.paidOn, i.base, i.interest]))
      .toEqual([["F1", "2026-03-03", 100_000, simpleInterest([{ base: 100_000, days: 9 }, { base: 60_000, days: 20 }], FR_RATE_2026_H1)]]);
    expect(report.leftOut.undated).toBe(2);
  });

  it("leaves out an invoice on hold in the holds file, or whose customer is, whatever the hold's end", () => {
    const invoices = [inv("F1", "C1", "2026-02-01", "1000.00"), inv("F2", "C2", "2026-02-01", "500.00"), inv("F3", "C3", "2026-02-01", "200.00")];
    const payments = [
      pay("P1", "2026-03-03", "C1", "1000.00", "", paidFor("F1")), pay("P2", "2026-03-03", "C2", "500.00", "", paidFor("F2")),
      pay("P3", "2026-03-03", "C3", "200.00", "", paidFor("F3")),
    ];
    const holds = [
      { invoice: "F1", type: "dispute" as const, until: "2026-02-15", note: "", source: "holds.csv:2" },
      { customer: "C2", type: "plan" as const, note: "", source: "holds.csv:3" },
    ];
    const report = charges(invoices, payments, { holds });
    expect(report.invoices.map((i) => i.invoice.number)).toEqual(["F3"]);
    expect(report.leftOut.held).toBe(2);
  });

  it("charges a consumer nothing without a formal notice received before it paid", () => {
    const f1 = { ...inv("F1", "C1", "2026-02-01", "1000.00"), customerType: "particulier" };
    const report = charges([f1], [pay("P1", "2026-03-03", "C1", "1000.00", "", paidFor("F1"))]);
    expect(report.invoices).toEqual([]);
    expect(report.leftOut.consumers).toBe(1);
    // A notice posted on 2 March is received on the 5th, after the payment of the 3rd.
    const late = charges([f1], [pay("P1", "2026-03-03", "C1", "1000.00", "", paidFor("F1"))], { history: [done("F1", "formal-notice", "2026-03-02", "letter")], formalNotices: NOTICES });
    expect(late.invoices).toEqual([]);
  });

  it("charges a consumer the legal interest a formal notice made run, from its receipt, with no indemnity (FR art. 1344-1 C. civ.)", () => {
    const f1 = { ...inv("F1", "C1", "2026-02-01", "1000.00"), customerType: "particulier" };
    const history = [done("F1", "reminder-1", "2026-02-08"), done("F1", "formal-notice", "2026-02-20", "letter")];
    const report = charges([f1], [pay("P1", "2026-03-13", "C1", "1000.00", "", paidFor("F1"))], { history, formalNotices: NOTICES });
    // Received on 23 February: 24 February – 12 March, 17 days at the legal rate of 2026-H1 (2.62 %).
    expect(report.invoices.map((i) => [i.consumer, i.interest, i.indemnity, i.periods[0]?.from])).toEqual([[true, simpleInterest([{ base: 100_000, days: 17 }], 262), 0, "2026-02-24"]]);
  });

  it("leaves out an invoice whose status is a dispute or an insolvency", () => {
    const f1 = { ...inv("F1", "C1", "2026-02-01", "1000.00"), status: "litige" };
    const f2 = { ...inv("F2", "C1", "2026-02-01", "500.00"), status: "redressement judiciaire" };
    const report = charges([f1, f2], [pay("P1", "2026-03-03", "C1", "1000.00", "", paidFor("F1")), pay("P2", "2026-03-03", "C1", "500.00", "", paidFor("F2"))]);
    expect(report.invoices).toEqual([]);
    expect(report.leftOut.disputed).toBe(2);
  });

  it("reads the status as the business's configuration says (statusMeaning) before the words", () => {
    const f1 = { ...inv("F1", "C1", "2026-02-01", "1000.00"), status: "transmis huissier", statusMeaning: "no_dunning" as const };
    const f2 = { ...inv("F2", "C1", "2026-02-01", "500.00"), status: "litige", statusMeaning: "open" as const };
    const report = charges([f1, f2], [pay("P1", "2026-03-03", "C1", "1000.00", "", paidFor("F1")), pay("P2", "2026-03-03", "C1", "500.00", "", paidFor("F2"))]);
    expect(report.invoices.map((i) => i.invoice.number)).toEqual(["F2"]);
    expect(report.leftOut.disputed).toBe(1);
  });

  it("leaves out what the limitation period has barred (5 years from issue in France)", () => {
    const old = inv("F0", "C1", "2020-02-01", "1000.00", { issue: "2020-01-02" });
    const report = charges([old], [pay("P0", "2020-04-01", "C1", "1000.00", "", paidFor("F0"))]);
    expect(report.invoices).toEqual([]);
    expect(report.leftOut.barred).toBe(1);
  });
});

describe("filters", () => {
  const invoices = [inv("F1", "C1", "2026-02-01", "1000.00"), inv("F2", "C2", "2026-03-01", "500.00", { name: "Bricolage Dupont" })];
  const payments = [pay("P1", "2026-02-11", "C1", "1000.00", "", paidFor("F1")), pay("P2", "2026-04-15", "C2", "500.00", "", paidFor("F2"))];

  it("--since keeps the invoices whose last payment came in on or after the date", () => {
    expect(charges(invoices, payments, { since: "2026-04-01" }).invoices.map((i) => i.invoice.number)).toEqual(["F2"]);
    expect(charges(invoices, payments, { since: "2026-02-11" }).invoices.map((i) => i.invoice.number)).toEqual(["F1", "F2"]);
  });

  it("--min-days-late drops the invoices paid less late", () => {
    expect(charges(invoices, payments, { minDaysLate: 11 }).invoices.map((i) => i.invoice.number)).toEqual(["F2"]);
    expect(charges(invoices, payments, { minDaysLate: 10 }).invoices.map((i) => i.invoice.number)).toEqual(["F1", "F2"]);
  });

  it("--customer by id or part of the name, totals of that customer only", () => {
    const report = charges(invoices, payments, { customer: "dupont" });
    expect(report.invoices.map((i) => i.invoice.number)).toEqual(["F2"]);
    expect(report.totals.map((t) => t.invoices)).toEqual([1]);
    expect(charges(invoices, payments, { customer: "C1" }).invoices.map((i) => i.invoice.number)).toEqual(["F1"]);
  });
});

describe("profiles and currencies", () => {
  it("under the uk profile: GBP 40, 70 or 100 by the invoice's size, each currency totalled apart", () => {
    const gbp = { currency: "GBP" };
    const invoices = [
      inv("U1", "C1", "2026-02-01", "999.99", gbp), inv("U2", "C1", "2026-02-01", "1000.00", gbp), inv("U3", "C1", "2026-02-01", "10000.00", gbp),
      inv("E1", "C1", "2026-02-01", "1000.00"),
    ];
    const payments = [
      pay("P1", "2026-03-03", "C1", "999.99", "", { ...gbp, invoices: ["U1"] }), pay("P2", "2026-03-03", "C1", "1000.00", "", { ...gbp, invoices: ["U2"] }),
      pay("P3", "2026-03-03", "C1", "10000.00", "", { ...gbp, invoices: ["U3"] }), pay("P4", "2026-03-03", "C1", "1000.00", "", { invoices: ["E1"] }),
    ];
    const report = charges(invoices, payments, { profile: "uk" });
    expect(report.invoices.map((i) => [i.invoice.number, i.indemnity])).toEqual([["E1", 0], ["U1", 4000], ["U2", 7000], ["U3", 10_000]]);
    // The Bank of England's rate of the half-year the debt became late (2026-H1: 3.75 %) + 8 points.
    expect(report.invoices.find((i) => i.invoice.number === "U2")?.interest).toBe(simpleInterest([{ base: 100_000, days: 29 }], 1175));
    expect(report.totals.map((t) => t.currency)).toEqual(["EUR", "GBP"]);
    expect(report.totals.find((t) => t.currency === "GBP")?.indemnity).toBe(21_000);
  });

  it("computes nothing under the profile none, and counts the invoices paid late", () => {
    const report = charges([inv("F1", "C1", "2026-02-01", "1000.00")], [pay("P1", "2026-03-03", "C1", "1000.00", "", paidFor("F1"))], { profile: "none" });
    expect(report.invoices).toEqual([]);
    expect(report.leftOut.noCharge).toBe(1);
  });

  it("under de, counts from a reminder's receipt when it came before the 30th day; a call is no reminder", () => {
    const invoices = [inv("F1", "C1", "2026-02-01", "1000.00")];
    const payments = [pay("P1", "2026-02-21", "C1", "1000.00", "", paidFor("F1"))];
    const reminded = charges(invoices, payments, { profile: "de", history: [done("F1", "reminder-1", "2026-02-08", "letter")], formalNotices: NOTICES });
    // Posted on the 8th, received on the 11th: 12–20 February.
    expect(reminded.invoices.map((i) => [i.interest, i.indemnity])).toEqual([[simpleInterest([{ base: 100_000, days: 9 }], 1027), 4000]]);
    const called = charges(invoices, payments, { profile: "de", history: [done("F1", "call", "2026-02-08", "phone")], formalNotices: NOTICES });
    expect(called.invoices).toEqual([]);
  });

  it("under de, counts from default: 30 days after the due date without a reminder (BGB §286(3))", () => {
    const invoices = [inv("F1", "C1", "2026-02-01", "1000.00"), inv("F2", "C1", "2026-02-01", "1000.00")];
    const payments = [pay("P1", "2026-03-03", "C1", "1000.00", "", paidFor("F1")), pay("P2", "2026-03-13", "C1", "1000.00", "", paidFor("F2"))];
    const report = charges(invoices, payments, { profile: "de" });
    expect(report.leftOut.beforeDefault).toBe(1);
    // F1 came in on the 30th day: no default yet. F2, 40 days late: 10 days in default less the day it came in,
    // at the Basiszinssatz of 2026-H1 (1.27 %) + 9 points.
    expect(report.invoices.map((i) => [i.invoice.number, i.daysLate, i.interest, i.indemnity]))
      .toEqual([["F2", 40, simpleInterest([{ base: 100_000, days: 9 }], 1027), 4000]]);
  });

  it("charges the custom fixed_fee in the company's currency only", () => {
    const ledger = matchPayments({
      invoices: [inv("F1", "C1", "2026-02-01", "1000.00"), inv("J1", "C1", "2026-02-01", "100000", { currency: "JPY" })],
      payments: [pay("P1", "2026-03-03", "C1", "1000.00", "", paidFor("F1")), pay("P2", "2026-03-03", "C1", "100000", "", { currency: "JPY", invoices: ["J1"] })],
      asOf: AS_OF,
    });
    const profile = makeProfile({ profile: "custom", rate: 800, fixedFee: "40", currency: "EUR" });
    const report = chargesOnPaidLate(ledger, { asOf: AS_OF, profile });
    expect(report.invoices.map((i) => [i.invoice.number, i.indemnity])).toEqual([["F1", 4000], ["J1", 0]]);
  });
});

describe("properties", () => {
  /** An invoice of `amount` paid in instalments `days` after its due date (negative: early), as a lettered ledger. */
  function ledgerFor(amount: number, instalments: readonly { share: number; days: number }[]): { ledger: Ledger; due: string } {
    const due = "2026-02-01";
    const f = invoice("F1", { dueDate: due, amount });
    const total = instalments.reduce((s, i) => s + i.share, 0);
    let left = amount;
    const payments: Payment[] = [];
    const allocations = instalments.map((inst, k) => {
      const part = k === instalments.length - 1 ? left : Math.floor((amount * inst.share) / total);
      left -= part;
      payments.push(payment(`P${k}`, addDays(due, inst.days), part));
      return allocation(`P${k}`, "F1", part);
    });
    return { ledger: { items: [item(f, 0)], payments, allocations, unapplied: [] }, due };
  }

  const schedule = fc.record({
    amount: fc.integer({ min: 100, max: 10_000_000 }),
    instalments: fc.array(fc.record({ share: fc.integer({ min: 1, max: 100 }), days: fc.integer({ min: -20, max: 140 }) }), { minLength: 1, maxLength: 5 }),
  });
  const profile = makeProfile({ profile: "fr-b2b" });

  it("is the simple interest on what was open each day from the due date to the last payment (all within one half-year)", () => {
    fc.assert(fc.property(schedule, ({ amount, instalments }) => {
      const { ledger, due } = ledgerFor(amount, instalments);
      const report = chargesOnPaidLate(ledger, { asOf: AS_OF, profile });
      const last = addDays(due, Math.max(...instalments.map((i) => i.days)));
      if (last <= due) return report.invoices.length === 0;
      // Day by day: what was open on each day from the day after the due date to the day before the last payment.
      const parts: { base: number; days: number }[] = [];
      for (let d = addDays(due, 1); d < last; d = addDays(d, 1)) {
        const paidBy = ledger.payments.filter((p) => p.date <= d).reduce((s, p) => s + p.amount, 0);
        parts.push({ base: amount - paidBy, days: 1 });
      }
      const [row] = report.invoices;
      return row !== undefined && row.paidOn === last && row.daysLate === daysBetween(due, last) && row.indemnity === 4000
        && row.interest === simpleInterest(parts, FR_RATE_2026_H1);
    }), { numRuns: 200 });
  });

  it("never charges more when every payment comes in a day earlier", () => {
    fc.assert(fc.property(schedule, ({ amount, instalments }) => {
      const charged = (shift: number): number => {
        const { ledger } = ledgerFor(amount, instalments.map((i) => ({ ...i, days: i.days - shift })));
        return chargesOnPaidLate(ledger, { asOf: AS_OF, profile }).invoices.reduce((s, i) => s + i.interest + i.indemnity, 0);
      };
      return charged(1) <= charged(0);
    }), { numRuns: 200 });
  });

  it("totals per currency add up the invoices' rows", () => {
    fc.assert(fc.property(fc.array(fc.record({ currency: fc.constantFrom("EUR", "USD"), amount: fc.integer({ min: 1000, max: 1_000_000 }), late: fc.integer({ min: -5, max: 90 }) }), { maxLength: 12 }), (rows) => {
      const items = rows.map((r, k) => item(invoice(`F${k}`, { amount: r.amount, currency: r.currency, customer: `C${k % 3}` }), 0));
      const payments = rows.map((r, k) => payment(`P${k}`, addDays(items[k]?.invoice.dueDate as string, r.late), r.amount, { currency: r.currency }));
      const allocations = rows.map((r, k) => allocation(`P${k}`, `F${k}`, r.amount, r.currency));
      const report = chargesOnPaidLate({ items, payments, allocations, unapplied: [] }, { asOf: AS_OF, profile });
      return report.totals.every((t) => {
        const of = report.invoices.filter((i) => i.invoice.currency === t.currency);
        return t.invoices === of.length && t.interest === of.reduce((s, i) => s + i.interest, 0) && t.indemnity === of.reduce((s, i) => s + i.indemnity, 0);
      });
    }), { numRuns: 200 });
  });
});
