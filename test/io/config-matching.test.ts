// The `matching:` section of dunning.yaml: snake_case keys onto the engine's options, typos with
// a "did you mean", money that must be an amount of its currency, and a tunable that visibly
// changes how a payment is lettered.

import { describe, expect, it } from "vitest";
import { matchPayments } from "../../src/core/match.js";
import { problem } from "../../src/core/problem.js";
import { parseConfig } from "../../src/io/config.js";
import { locateOptionProblems, matchOptionsOf, resolveSettings } from "../../src/io/settings.js";
import { renderProblems } from "../../src/render/problems.js";
import { makeChalk } from "../../src/render/style.js";
import { configErrors } from "../helpers/config-errors.js";
import { allocationLines, inv, pay } from "../helpers/ledger-fixtures.js";

const chalk = makeChalk(false);

const errorsOf = configErrors;

const FULL = `
matching:
  tolerance_abs: 2
  tolerance_pct: 1
  fee_max: "25.00"
  fee_amounts: [5, 7.5, "10"]
  min_unique_amount: 100
  lookback_months: 12
  grace_days: 3
  unapplied_policy: hold
  auto_apply_threshold: certain
  auto_apply_unique_combination: true
  allocation_order: label
  max_items: 4
  max_candidates: 20
  currencies:
    JPY: {tolerance_abs: 100, fee_amounts: [500, 1000]}
  fee_markers: [sha, Frais]
  alternative_payers:
    C1: [C2, 1003]
  aliases:
    "DUPRE BOULANGERIE": CL014
  running_balance_customers: [CL060]
`;

describe("matching keys", () => {
  it("map onto the engine's options, money as decimal strings in major units", () => {
    const config = parseConfig(FULL, "dunning.yaml");
    const settings = resolveSettings({}, {}, { config, path: "/x/dunning.yaml", baseDir: "/x" }, "/x");
    expect(settings.matching).toEqual({
      toleranceAbs: "2", tolerancePct: 1, feeMax: "25.00", feeAmounts: ["5", "7.5", "10"], minUniqueAmount: "100",
      lookbackMonths: 12, graceDays: 3, unallocatedPolicy: "hold", autoApplyThreshold: "certain", autoApplyUniqueCombination: true,
      allocationOrder: "label", maxItems: 4, maxCandidates: 20, feeMarkers: ["SHA", "FRAIS"], runningBalanceCustomers: ["CL060"],
      currencyOverrides: { JPY: { toleranceAbs: "100", feeAmounts: ["500", "1000"] } },
      alternativePayers: [{ payer: "C1", customer: "C2" }, { payer: "C1", customer: "1003" }],
      aliases: [{ name: "DUPRE BOULANGERIE", customer: "CL014" }],
    });
  });

  it("no matching section: the engine's defaults", () => {
    expect(matchOptionsOf(undefined)).toEqual({});
    const settings = resolveSettings({}, {}, { config: {}, path: undefined, baseDir: "/x" }, "/x");
    expect(settings.matching).toEqual({});
    expect(settings.decisions).toBeUndefined();
  });

  it("end_of_month_terms chooses how fin de mois terms count; an unknown reading is refused", () => {
    const read = (yaml: string) => resolveSettings({}, {}, { config: parseConfig(yaml, "dunning.yaml"), path: "/x/dunning.yaml", baseDir: "/x" }, "/x").endOfMonthTerms;
    expect(read("{}\n")).toBe("days_then_month_end");
    expect(read("end_of_month_terms: month_end_then_days\n")).toBe("month_end_then_days");
    expect(() => parseConfig("end_of_month_terms: sometimes\n", "dunning.yaml")).toThrow();
  });

  it("data.decisions is relative to the configuration file; --decisions to the working folder", () => {
    const config = parseConfig("data:\n  decisions: ar/decisions.csv\n", "dunning.yaml");
    const loaded = { config, path: "/srv/dunning.yaml", baseDir: "/srv" };
    expect(resolveSettings({}, {}, loaded, "/home/me").decisions).toBe("/srv/ar/decisions.csv");
    expect(resolveSettings({ decisions: "mine.csv" }, {}, loaded, "/home/me").decisions).toBe("/home/me/mine.csv");
  });

  it.each([
    ["matching:\n  tolerence_abs: 1\n", 'dunning.yaml:2:3: unknown key "matching.tolerence_abs" — did you mean "tolerance_abs"?'],
    ["matching:\n  unaplied_policy: hold\n", 'dunning.yaml:2:3: unknown key "matching.unaplied_policy" — did you mean "unapplied_policy"?'],
    ["matching:\n  currencies:\n    JPY:\n      fee_maxx: 3000\n", 'dunning.yaml:4:7: unknown key "matching.currencies.JPY.fee_maxx" — did you mean "fee_max"?'],
    ["matchin:\n  grace_days: 3\n", 'dunning.yaml:1:1: unknown key "matchin" — did you mean "matching"?'],
  ])("a typo is located and gets a suggestion: %j", (yaml, message) => {
    expect(errorsOf(yaml)).toContain(message);
  });

  it.each([
    ["matching:\n  unapplied_policy: later\n", /^dunning\.yaml:2:21: matching\.unapplied_policy: .*"fifo".*"hold"/],
    ["matching:\n  currencies:\n    jpy: {tolerance_abs: 100}\n", /^dunning\.yaml:3:10: matching\.currencies\.jpy: currency codes are ISO 4217 codes in capitals/],
    ["matching:\n  tolerance_abs: 1.005\n", /^dunning\.yaml:2:18: matching\.tolerance_abs: 1\.005 is not an amount in EUR \(at most 2 decimals\)/],
    ["matching:\n  currencies:\n    JPY: {tolerance_abs: 0.5}\n", /^dunning\.yaml:3:26: matching\.currencies\.JPY\.tolerance_abs: 0\.5 is not an amount in JPY \(no decimals\)/],
    ["matching:\n  fee_amounts: [5, 0]\n", /^dunning\.yaml:2:20: matching\.fee_amounts\.1: a fee amount of 0 means nothing/],
    ["matching:\n  tolerance_pct: 150\n", /^dunning\.yaml:2:18: matching\.tolerance_pct: /],
    ["matching:\n  alternative_payers: {C1: [C1]}\n", /^dunning\.yaml:2:28: matching\.alternative_payers\.C1: C1 is listed as an alternative payer of itself/],
  ])("a bad value is located: %j", (yaml, message) => {
    expect(errorsOf(yaml)).toMatch(message);
  });
});

describe("a tunable changes the lettrage", () => {
  const invoices = [inv("F2024-0020", "C3", "03-15", "1000.00")];
  const payments = [pay("P05", "03-20", "C3", "999.50", "F2024-0020")];
  const run = (yaml: string): string[] => allocationLines(matchPayments({
    invoices, payments, asOf: "2024-12-31", options: matchOptionsOf(parseConfig(yaml, "dunning.yaml").matching),
  }));

  it("tolerance_abs decides whether a 0.50 shortfall closes the invoice", () => {
    expect(run("matching:\n  tolerance_abs: 1.00\n")).toEqual(["P05→F2024-0020 999.50 R2 certain [SMALL_DIFFERENCE]"]);
    expect(run("matching:\n  tolerance_abs: 0.10\n")).toEqual(["P05→F2024-0020 999.50 R2 high [PARTIAL]"]);
  });
});

describe("the engine's word for a bad option, in dunning.yaml's words", () => {
  it("names the key and the file", () => {
    const engine = problem("error", "match_option_invalid", 'matching option toleranceAbs "0.5" is not an amount in JPY', { hint: "write it in major units, e.g. 1.00" });
    expect(renderProblems(locateOptionProblems([engine], "dunning.yaml"), chalk)).toBe(
      'dunning.yaml: matching.tolerance_abs "0.5" is not an amount in JPY — write it in major units, e.g. 1.00; or set it for JPY under matching.currencies.JPY\n');
  });
});
