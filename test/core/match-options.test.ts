// The money thresholds of one currency: the default bank-charge amounts are euro-sized and are
// not forced on a currency without cents, written out in a configuration or not.

import { describe, expect, it } from "vitest";
import { currencyTunables, DEFAULT_MATCH_OPTIONS } from "../../src/core/lettrage/options.js";
import type { Problem } from "../../src/core/problem.js";

describe("currencyTunables", () => {
  it("takes none of the default fee amounts in JPY, whether given by default or written out", () => {
    for (const feeAmounts of [DEFAULT_MATCH_OPTIONS.feeAmounts, [...DEFAULT_MATCH_OPTIONS.feeAmounts]]) {
      const problems: Problem[] = [];
      expect([...currencyTunables({ ...DEFAULT_MATCH_OPTIONS, feeAmounts }, "JPY", problems).feeAmounts]).toEqual([]);
      expect(problems).toEqual([]);
      expect([...currencyTunables({ ...DEFAULT_MATCH_OPTIONS, feeAmounts }, "EUR", problems).feeAmounts]).toHaveLength(8);
    }
  });

  it("checks a list of the user's own value by value", () => {
    const problems: Problem[] = [];
    expect([...currencyTunables({ ...DEFAULT_MATCH_OPTIONS, feeAmounts: ["500", "7.5"] }, "JPY", problems).feeAmounts]).toEqual([500]);
    expect(problems.map((p) => p.message)).toEqual(['fee amount "7.5" is not an amount in JPY']);
  });
});
