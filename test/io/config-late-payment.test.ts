// The `late_payment:` section of dunning.yaml: a rate or fee the profile would not use is an error
// naming the key (it was read and ignored), and fr-b2b takes the rate of the conditions of sale.

import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/io/config.js";
import { resolvePlanSettings } from "../../src/io/plan-settings.js";
import { configErrors as errorsOf } from "../helpers/config-errors.js";

describe("late_payment", () => {
  it("fr-b2b takes a percent or 3x_legal as its rate, and keeps French law's indemnity", () => {
    for (const rate of ["12", "3x_legal"]) {
      const yaml = `late_payment:\n  profile: fr-b2b\n  rate: ${rate}\n`;
      expect(errorsOf(yaml)).toBe("");
      const profile = resolvePlanSettings(parseConfig(yaml, "dunning.yaml"), "/tmp").profile;
      expect(profile).toMatchObject(rate === "12" ? { name: "fr-b2b", flatRate: 1200 } : { name: "fr-b2b", factor: 3, legalRate: true });
      expect(profile.indemnity(100_000, "EUR")).toBe(4_000);
    }
  });

  it("a rate under a profile with a statutory rate of its own, or a fixed_fee outside custom, is an error", () => {
    expect(errorsOf("late_payment:\n  profile: eu\n  rate: 12\n")).toContain("late_payment.rate: the eu profile charges its statutory rate and has no rate of its own");
    expect(errorsOf("late_payment:\n  rate: 12\n")).toContain("late_payment.rate: the none profile (the default) charges no interest");
    expect(errorsOf("late_payment:\n  profile: fr-b2b\n  fixed_fee: 100\n")).toContain("late_payment.fixed_fee: the fr-b2b profile's indemnity is set by its law, not by fixed_fee");
    expect(errorsOf("late_payment:\n  profile: custom\n  rate: 3x_legal\n")).toContain("3x_legal is French law's rate");
    expect(errorsOf("late_payment:\n  profile: custom\n")).toContain("the custom profile needs a rate");
    // Beside a rate of its own, the reference rates are not read: harmless, and no reason to stop a cron run.
    expect(errorsOf("late_payment:\n  profile: fr-b2b\n  rate: 12\n  rates:\n    - {period: 2026-H2, rate: 2.15}\n")).toBe("");
    expect(errorsOf("late_payment:\n  profile: fr-b2b\n  rate: 2x_legal\n")).toContain("late_payment.rate: expected an annual percent from 0 to 100 such as 12, or 3x_legal (fr-b2b)");
  });
});
