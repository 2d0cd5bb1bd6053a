// How old an export may be before a run refuses to send from it: the boundary day, a date after
// the as-of date (a past day re-run), the check turned off, and what the message says.

import { describe, expect, it } from "vitest";
import { staleExports, type ExportStamp } from "../../src/core/freshness.js";

const stamp = (modified: string, what: ExportStamp["what"] = "payments"): ExportStamp => ({ file: `${what}.csv`, what, modified });

describe("staleExports", () => {
  it("lets an export through up to max_age_days old, not a day more", () => {
    expect(staleExports([stamp("2026-11-15")], "2026-11-22", 7, "error", "")).toEqual([]);
    const [p] = staleExports([stamp("2026-11-14")], "2026-11-22", 7, "error", "; reminders could claim money already received");
    expect(p).toMatchObject({ severity: "error", code: "export_stale", file: "payments.csv" });
    expect(p?.message).toBe("last changed on 2026-11-14, 8 days before 2026-11-22 (data.max_age_days: 7): what was paid since is not in it; reminders could claim money already received");
    expect(p?.hint).toContain("export it again");
  });

  it("0 asks for an export of the day itself", () => {
    expect(staleExports([stamp("2026-11-22")], "2026-11-22", 0, "warning", "")).toEqual([]);
    expect(staleExports([stamp("2026-11-21")], "2026-11-22", 0, "warning", "")).toHaveLength(1);
  });

  it("an export changed after the as-of date (a past day run again) is never stale", () => {
    expect(staleExports([stamp("2026-12-30")], "2026-11-22", 0, "error", "")).toEqual([]);
  });

  it("names each old file, in the words of what it holds", () => {
    const problems = staleExports([stamp("2026-10-01", "invoices"), stamp("2026-11-21", "payments"), stamp("2026-10-01", "fec")], "2026-11-22", 7, "warning", "");
    expect(problems.map((p) => [p.file, p.severity])).toEqual([["invoices.csv", "warning"], ["fec.csv", "warning"]]);
    expect(problems[0]?.message).toContain("what was invoiced or credited since is not in it");
    expect(problems[1]?.message).toContain("what was invoiced or paid since is not in it");
  });

  it("false turns the check off", () => {
    expect(staleExports([stamp("2020-01-01")], "2026-11-22", false, "error", "")).toEqual([]);
  });
});
