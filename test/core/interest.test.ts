// Late-payment interest and indemnities by profile: the worked example of domain.md §1.4, half-year
// boundaries, partial payments, rounding once per invoice, missing rates, UK/DE/EU/custom/none,
// and what the planner claims from consumers and in other currencies.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/core/dates.js";
import { computeInterest, makeProfile, standIn, type BaseChange, type ProfileConfig } from "../../src/core/interest.js";
import { planReminders } from "../../src/core/plan.js";
import { ECB_MRO, halfYearOf, nextHalfYearStart } from "../../src/core/rates.js";
import { allocation, invoice, item, ledgerOf, ladder, payment, planInput, reminderOf } from "../helpers/plan-fixtures.js";

const FR = makeProfile({ profile: "fr-b2b" });
const interest = (config: ProfileConfig, due: string, asOf: string, base: number, changes: BaseChange[] = []) =>
  computeInterest(makeProfile(config), "F1", due, asOf, base, changes);

describe("the worked example (domain.md §1.4)", () => {
  it("15 000 EUR at 15 % for 30 days is 184.93 EUR", () => {
    const r = interest({ profile: "custom", rate: 1500 }, "2026-03-01", "2026-03-31", 1_500_000);
    expect(r.interest).toBe(18_493);
    expect(r.periods).toEqual([{ invoice: "F1", from: "2026-03-02", to: "2026-03-31", days: 30, rate: "15.00", base: 1_500_000, interest: 18_493 }]);
  });

  it("runs from the day after the due date to the as-of date inclusive", () => {
    expect(interest({ profile: "custom", rate: 1500 }, "2026-03-01", "2026-03-01", 1_500_000)).toEqual({ interest: 0, periods: [], missing: [], belowFloor: [] });
    expect(interest({ profile: "custom", rate: 1500 }, "2026-03-01", "2026-03-02", 1_500_000).periods[0]?.days).toBe(1);
  });
});

describe("fr-b2b: ECB rate of 1 Jan / 1 Jul + 10 points, piecewise by half-year", () => {
  it.each<[string, string, string, number, [string, string, number, string, number][]]>([
    // 10 000 EUR; each row: due, as-of, expected total, periods (from, to, days, rate, interest).
    ["a boundary where the rate stays (2025-H2 12.15 % → 2026-H1 12.15 %)", "2025-12-16", "2026-01-15", 9_986, [
      ["2025-12-17", "2025-12-31", 15, "12.15", 4_993], ["2026-01-01", "2026-01-15", 15, "12.15", 4_993],
    ]],
    ["a boundary where the rate changes (2024-H2 14.25 % → 2025-H1 13.15 %)", "2024-12-21", "2025-01-20", 11_110, [
      ["2024-12-22", "2024-12-31", 10, "14.25", 3_904], ["2025-01-01", "2025-01-20", 20, "13.15", 7_206],
    ]],
    ["the July boundary (2025-H1 13.15 % → 2025-H2 12.15 %)", "2025-06-20", "2025-07-10", 6_932, [
      ["2025-06-21", "2025-06-30", 10, "13.15", 3_603], ["2025-07-01", "2025-07-10", 10, "12.15", 3_329],
    ]],
    ["within one half-year (2023-H2 14 %)", "2023-09-30", "2023-10-30", 11_507, [["2023-10-01", "2023-10-30", 30, "14.00", 11_507]]],
  ])("%s", (_name, due, asOf, total, periods) => {
    const r = interest({ profile: "fr-b2b" }, due, asOf, 1_000_000);
    expect(r.periods.map((p) => [p.from, p.to, p.days, p.rate, p.interest])).toEqual(periods);
    expect(r.interest).toBe(total);
    expect(r.missing).toEqual([]);
  });

  it("rounds once per invoice, not per period; the rows still add up to it", () => {
    // 1 000.23 EUR: 390.50… + 720.71… = 1 111.21… → 11.11 EUR, where rounded periods would give
    // 11.12; the rows take their exact values rounded down, the cent left over goes to the larger fraction.
    const r = interest({ profile: "fr-b2b" }, "2024-12-21", "2025-01-20", 100_023);
    expect(r.periods.map((p) => p.interest)).toEqual([390, 721]);
    expect(r.interest).toBe(1_111);
  });

  it("a letter's interest table adds up to the interest claimed, each row within a cent of its own value and never negative", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 50_000_000 }), fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 700 }),
      fc.array(fc.record({ day: fc.integer({ min: 1, max: 700 }), reduction: fc.integer({ min: 1, max: 5_000_000 }) }), { maxLength: 4 }),
      (base, dueOffset, length, payments) => {
        const due = addDays("2023-01-01", dueOffset);
        const asOf = addDays(due, length);
        const changes = payments.map((p) => ({ date: addDays(due, p.day), reduction: p.reduction }));
        const r = interest({ profile: "fr-b2b" }, due, asOf, base, changes);
        expect(r.periods.reduce((s, p) => s + p.interest, 0)).toBe(r.interest);
        for (const p of r.periods) {
          const exact = (p.base * Math.round(Number(p.rate) * 100) * p.days) / 3_650_000;
          expect(p.interest).toBeGreaterThanOrEqual(0);
          expect(Math.abs(p.interest - exact)).toBeLessThan(1);
        }
      }), { numRuns: 300 });
  });

  it("a partial payment lowers the base from the day the money arrives", () => {
    // 10 000 EUR due 31 Jan, 4 000 received 11 Feb: 10 days on 10 000, then 20 days on 6 000.
    const r = interest({ profile: "fr-b2b" }, "2026-01-31", "2026-03-02", 1_000_000, [{ date: "2026-02-11", reduction: 400_000 }]);
    expect(r.periods.map((p) => [p.from, p.to, p.days, p.base])).toEqual([
      ["2026-02-01", "2026-02-10", 10, 1_000_000], ["2026-02-11", "2026-03-02", 20, 600_000],
    ]);
    expect(r.interest).toBe(7_323);
  });

  it("payments before the first day of interest lower the base from the start; later ones in date order", () => {
    const r = interest({ profile: "fr-b2b" }, "2026-01-31", "2026-02-28", 1_000_000, [
      { date: "2026-02-20", reduction: 100_000 }, { date: "2026-01-15", reduction: 300_000 }, { date: "2026-02-01", reduction: 100_000 },
    ]);
    expect(r.periods.map((p) => [p.from, p.to, p.base])).toEqual([["2026-02-01", "2026-02-19", 600_000], ["2026-02-20", "2026-02-28", 500_000]]);
  });

  it("stops when the invoice is paid in full", () => {
    const r = interest({ profile: "fr-b2b" }, "2026-01-31", "2026-03-31", 1_000_000, [{ date: "2026-02-06", reduction: 1_000_000 }]);
    expect(r.periods.map((p) => [p.from, p.to])).toEqual([["2026-02-01", "2026-02-05"]]);
  });

  it("reports a half-year missing from the table and uses the last known rate", () => {
    const r = interest({ profile: "fr-b2b" }, "2026-06-20", "2026-07-20", 1_000_000);
    expect(r.missing).toEqual(["2026-H2"]);
    expect(r.periods.map((p) => [p.from, p.rate])).toEqual([["2026-06-21", "12.15"], ["2026-07-01", "12.15"]]);
  });

  it("reports a half-year before the table and uses its first rate", () => {
    const r = interest({ profile: "fr-b2b" }, "2019-12-01", "2020-01-10", 1_000_000);
    expect(r.missing).toEqual(["2019-H2"]);
    expect(r.periods.map((p) => p.rate)).toEqual(["10.00", "10.00"]);
    expect(standIn(ECB_MRO.rates, "2019-H2")).toEqual({ half: "2020-H1", later: true });
    expect(standIn(ECB_MRO.rates, "2031-H1")).toEqual({ half: "2026-H1", later: false });
  });

  it("knows the rates of the half-years still within the limitation periods before domain.md's table", () => {
    // A UK debt late since March 2021: Bank Rate 0.10 % on 31 December 2020, fixed for the debt.
    const uk = interest({ profile: "uk" }, "2021-03-31", "2022-03-31", 100_000);
    expect(uk.missing).toEqual([]);
    expect(uk.periods.map((p) => p.rate)).toEqual(["8.10"]);
    expect(uk.interest).toBe(8100);
    expect(interest({ profile: "fr-b2b" }, "2021-06-30", "2021-07-10", 1_000_000).periods.map((p) => p.rate)).toEqual(["10.00"]);
  });

  it("takes half-years added or corrected in dunning.yaml", () => {
    const r = interest({ profile: "fr-b2b", rates: { "2026-H2": 240, "2025-H2": 300 } }, "2025-12-21", "2026-07-10", 1_000_000);
    expect(r.missing).toEqual([]);
    expect(r.periods.map((p) => p.rate)).toEqual(["13.00", "12.15", "12.40"]);
  });

  it("claims 40 EUR per late EUR invoice, nothing in other currencies", () => {
    expect(FR.indemnity(100, "EUR")).toBe(4_000);
    expect(FR.indemnity(10_000_000, "EUR")).toBe(4_000);
    expect(FR.indemnity(100_000, "USD")).toBe(0);
    expect(FR.indemnity(100_000, "GBP")).toBe(0);
  });
});

describe("fr-b2b with the rate of the conditions of sale (late_payment.rate)", () => {
  it("a percent: that rate for the whole debt, in place of ECB + 10 points; the 40 EUR stays", () => {
    const r = interest({ profile: "fr-b2b", rate: 1200 }, "2025-12-21", "2026-01-20", 1_000_000);
    expect(r.periods.map((p) => [p.from, p.to, p.rate])).toEqual([["2025-12-22", "2026-01-20", "12.00"]]);
    expect(r.interest).toBe(Math.round(1_000_000 * 1200 * 30 / 3_650_000));
    expect(r.belowFloor).toEqual([]);
    expect(makeProfile({ profile: "fr-b2b", rate: 1200 }).indemnity(100_000, "EUR")).toBe(4_000);
  });

  it("a percent below three times the legal rate of a half-year it runs in is said, half-year by half-year, and still charged", () => {
    // 2024-H1 floor 3 × 5.07 = 15.21 %, 2024-H2 3 × 4.92 = 14.76 %, 2025-H1 3 × 3.71 = 11.13 %.
    const r = interest({ profile: "fr-b2b", rate: 1200 }, "2024-05-31", "2025-02-01", 1_000_000);
    expect(r.belowFloor).toEqual([{ half: "2024-H1", floor: 1521, legalHalf: "2024-H1" }, { half: "2024-H2", floor: 1476, legalHalf: "2024-H2" }]);
    expect(r.periods.every((p) => p.rate === "12.00")).toBe(true);
  });

  it("3x_legal: three times the legal rate of each half-year, piecewise", () => {
    const r = interest({ profile: "fr-b2b", rate: "3x_legal" }, "2024-06-20", "2024-07-10", 1_000_000);
    expect(r.periods.map((p) => [p.from, p.to, p.rate])).toEqual([["2024-06-21", "2024-06-30", "15.21"], ["2024-07-01", "2024-07-10", "14.76"]]);
    expect(r.belowFloor).toEqual([]);
    // A half-year the legal table lacks is said (its rates are the legal ones), the last one's used.
    const late = interest({ profile: "fr-b2b", rate: "3x_legal", legalRates: { "2026-H2": 300 } }, "2026-06-30", "2026-07-10", 1_000_000);
    expect(late.periods.map((p) => p.rate)).toEqual(["9.00"]);
    expect(interest({ profile: "fr-b2b", rate: "3x_legal" }, "2026-06-30", "2026-07-10", 1_000_000).missing).toEqual(["2026-H2"]);
  });
});

describe("other profiles", () => {
  it("uk: 8 points over the base rate of the half-year the debt became late, fixed for its life", () => {
    // Late from 21 Jun 2025 (2025-H1, base 4.75 %): 12.75 % even after 1 July.
    const r = interest({ profile: "uk" }, "2025-06-20", "2025-08-20", 1_000_000);
    expect(r.periods.map((p) => [p.from, p.to, p.days, p.rate])).toEqual([["2025-06-21", "2025-08-20", 61, "12.75"]]);
    expect(r.interest).toBe(21_308);
  });

  it("uk: a debt late from 1 July takes the second half-year's reference", () => {
    expect(interest({ profile: "uk" }, "2025-06-30", "2025-07-30", 1_000_000).periods.map((p) => p.rate)).toEqual(["12.25"]);
  });

  it("uk: a partial payment still splits the period, at the same fixed rate", () => {
    const r = interest({ profile: "uk" }, "2025-12-20", "2026-01-20", 1_000_000, [{ date: "2026-01-05", reduction: 500_000 }]);
    expect(r.periods.map((p) => [p.from, p.to, p.rate, p.base])).toEqual([
      ["2025-12-21", "2026-01-04", "12.25", 1_000_000], ["2026-01-05", "2026-01-20", "12.25", 500_000],
    ]);
  });

  it.each<[number, string, number]>([
    [99_999, "GBP", 4_000], [100_000, "GBP", 7_000], [999_999, "GBP", 7_000], [1_000_000, "GBP", 10_000], [50_000_000, "GBP", 10_000], [100_000, "EUR", 0],
  ])("uk: fixed compensation for a debt of %i minor units in %s is %i", (amount, currency, expected) => {
    expect(makeProfile({ profile: "uk" }).indemnity(amount, currency)).toBe(expected);
  });

  it("de: Basiszinssatz + 9 points, piecewise (2025-H1 11.27 % → 2025-H2 10.27 %), 40 EUR", () => {
    const r = interest({ profile: "de" }, "2025-06-15", "2025-07-15", 1_000_000);
    expect(r.periods.map((p) => [p.days, p.rate])).toEqual([[15, "11.27"], [15, "10.27"]]);
    expect(r.interest).toBe(8_852);
    expect(makeProfile({ profile: "de" }).indemnity(100_000, "EUR")).toBe(4_000);
  });

  it("de: a negative Basiszinssatz still gives a positive rate (2022: 8.12 %)", () => {
    expect(interest({ profile: "de" }, "2022-03-01", "2022-03-31", 1_000_000).periods.map((p) => p.rate)).toEqual(["8.12"]);
  });

  it("eu: ECB rate + 8 points", () => {
    expect(interest({ profile: "eu" }, "2026-01-31", "2026-03-02", 1_000_000)).toMatchObject({ interest: 8_342, periods: [{ rate: "10.15" }] });
  });

  it("custom: one flat rate whatever the half-year, and its own fixed fee in the company's currency only (25 is not 25 yen)", () => {
    const r = interest({ profile: "custom", rate: 1000 }, "2025-12-16", "2026-01-15", 1_000_000);
    expect(r.periods.map((p) => [p.days, p.rate])).toEqual([[30, "10.00"]]);
    const p = makeProfile({ profile: "custom", rate: 1000, fixedFee: "25" });
    expect([p.indemnity(1, "EUR"), p.indemnity(1, "JPY")]).toEqual([2_500, 0]);
    const yen = makeProfile({ profile: "custom", rate: 1000, fixedFee: "2500", currency: "JPY" });
    expect([yen.indemnity(1, "EUR"), yen.indemnity(1, "JPY")]).toEqual([0, 2_500]);
    expect(makeProfile({ profile: "custom", rate: 1000 }).indemnity(100_000, "EUR")).toBe(0);
  });

  it("none: no interest, no indemnity", () => {
    expect(interest({ profile: "none" }, "2025-01-01", "2026-01-01", 1_000_000)).toEqual({ interest: 0, periods: [], missing: [], belowFloor: [] });
    expect(makeProfile({ profile: "none" }).indemnity(1_000_000, "EUR")).toBe(0);
  });
});

describe("half-years", () => {
  it.each([["2026-01-01", "2026-H1", "2026-07-01"], ["2026-06-30", "2026-H1", "2026-07-01"], ["2026-07-01", "2026-H2", "2027-01-01"], ["2026-12-31", "2026-H2", "2027-01-01"]])(
    "%s is in %s; the next starts %s", (date, half, next) => {
      expect(halfYearOf(date)).toBe(half);
      expect(nextHalfYearStart(date)).toBe(next);
    },
  );
});

describe("through the planner", () => {
  const profile = makeProfile({ profile: "fr-b2b", rates: { "2026-H2": 215 } });
  const latest = new Map([["standard", ladder({ catchUp: "latest" })]]);
  const plan = (invoices: Parameters<typeof ledgerOf>[0], more: Parameters<typeof ledgerOf>[1] = {}) =>
    planReminders(planInput(ledgerOf(invoices, more), "2026-10-31", { profile, scenarios: latest }));

  it("a business customer: interest and 40 EUR per late invoice", () => {
    const r = reminderOf(plan([invoice("F1"), invoice("F2", { amount: 50_000 })]), "F1");
    expect(r).toMatchObject({ customerType: "b2b", interest: 999 + 499, fees: 8_000 });
    expect(r?.lines.map((l) => l.indemnity)).toEqual([4_000, 4_000]);
  });

  it.each(["b2c", "particulier"])("a consumer (customer_type %s): no indemnity and no B2B interest", (customerType) => {
    const r = reminderOf(plan([invoice("F1", { customerType })]), "F1");
    expect(r).toMatchObject({ customerType: "b2c", interest: 0, fees: 0, totalClaimed: 100_000 });
    expect(r?.lines[0]).toMatchObject({ interest: 0, indemnity: 0 });
  });

  it("a USD invoice: interest, but no 40 EUR", () => {
    const r = reminderOf(plan([invoice("F1", { currency: "USD" })]), "F1");
    expect(r).toMatchObject({ currency: "USD", interest: 999, fees: 0 });
  });

  it("a partial payment allocated by lettrage lowers the base from the payment's date", () => {
    // 400 of 1 000 received on 11 Oct: 9 days on 1 000, then 21 days on 600 at 12.15 %.
    const r = reminderOf(plan([item(invoice("F1"), 60_000)], {
      payments: [payment("P1", "2026-10-11", 40_000)], allocations: [allocation("P1", "F1", 40_000)],
    }), "F1");
    expect(r?.interestPeriods.map((p) => [p.from, p.to, p.base])).toEqual([["2026-10-02", "2026-10-10", 100_000], ["2026-10-11", "2026-10-31", 60_000]]);
    expect(r?.interest).toBe(Math.round((100_000 * 1215 * 9 + 60_000 * 1215 * 21) / 3_650_000));
    expect(r?.amount).toBe(60_000);
  });

  it("a linked credit note lowers the base from its issue date", () => {
    const credit = invoice("AV1", { type: "credit_note", amount: -30_000, issueDate: "2026-10-21" });
    const r = reminderOf(plan([item(invoice("F1"), 70_000), item(credit, 0)], { allocations: [allocation("AV1", "F1", 30_000)] }), "F1");
    expect(r?.interestPeriods.map((p) => [p.from, p.base])).toEqual([["2026-10-02", 100_000], ["2026-10-21", 70_000]]);
  });

  it("a contractual rate below France's floor is warned of once per half-year, naming the floor", () => {
    const low = makeProfile({ profile: "fr-b2b", rate: 700 });
    const p = planReminders(planInput(ledgerOf([invoice("F1"), invoice("F2")]), "2026-10-31", { profile: low, scenarios: latest }));
    expect(p.warnings.filter((w) => w.includes("below the least French law allows"))).toEqual([
      "late_payment: the rate of 7.00 % is below the least French law allows for 2026-H2, three times the legal rate: 7.86 % (2026-H1's legal rate, the last known) (Code de commerce L441-10 II); 7.00 % is claimed — check the rate of your conditions of sale, or write rate: 3x_legal",
    ]);
    expect(reminderOf(p, "F1")?.interestPeriods.map((r) => r.rate)).toEqual(["7.00", "7.00"]);
    const legal = makeProfile({ profile: "fr-b2b", rate: 700, legalRates: { "2026-H2": 230 } });
    expect(planReminders(planInput(ledgerOf([invoice("F1")]), "2026-10-31", { profile: legal, scenarios: latest })).warnings).toEqual([]);
  });

  it("an amount paid per the export (no date) is out of the base from the start", () => {
    const r = reminderOf(plan([invoice("F1", { paid: 25_000 })]), "F1");
    expect(r?.interestPeriods.map((p) => p.base)).toEqual([75_000]);
  });
});
