// Limitation periods by profile (domain.md §2.5): the last day a debt can be claimed, counted
// from the issue date, and when the plan must stop dunning or warn.

import { describe, expect, it } from "vitest";
import { addYears } from "../../src/core/dates.js";
import { limitationOf, limitationState, WARN_DAYS } from "../../src/core/limitation.js";

describe("limitationOf", () => {
  it.each([
    ["fr-b2b", false, "2021-03-15", "2026-03-15", "5 years (art. L110-4 Code de commerce)"],
    ["fr-b2b", true, "2024-03-15", "2026-03-15", "2 years against a consumer (art. L218-2 Code de la consommation)"],
    ["de", false, "2022-01-10", "2025-12-31", "3 years from the end of the year it arose (§§ 195, 199 BGB)"],
    ["de", true, "2022-12-31", "2025-12-31", "3 years from the end of the year it arose (§§ 195, 199 BGB)"],
    ["uk", false, "2020-02-29", "2026-02-28", "6 years (Limitation Act 1980, s. 5)"],
  ] as const)("%s (consumer %s), issued %s: last day %s", (profile, consumer, issued, lastDay, rule) => {
    expect(limitationOf(profile, consumer, issued)).toEqual({ lastDay, rule });
  });

  it.each(["eu", "none", "custom"] as const)("says nothing under %s: national law or the contract decides", (profile) => {
    expect(limitationOf(profile, false, "2001-01-01")).toBeUndefined();
  });

  it("keeps 29 February where the year has one", () => {
    expect(addYears("2020-02-29", 4)).toBe("2024-02-29");
    expect(addYears("2020-02-29", 5)).toBe("2025-02-28");
  });
});

describe("limitationState", () => {
  const fr = limitationOf("fr-b2b", false, "2021-11-22");

  it("is running until the warning window, ending in it, barred only after the last day", () => {
    expect(fr?.lastDay).toBe("2026-11-22");
    expect(limitationState(fr, "2026-08-23")).toBe("running");
    expect(limitationState(fr, "2026-08-24")).toBe("ending");
    expect(WARN_DAYS).toBe(90);
    expect(limitationState(fr, "2026-11-22")).toBe("ending");
    expect(limitationState(fr, "2026-11-23")).toBe("barred");
    expect(limitationState(undefined, "2099-01-01")).toBe("running");
  });
});
