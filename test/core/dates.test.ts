// Date reading as exports write it (ISO, dd/mm, mm/dd, dotted, compact, 2-digit years), the
// per-file day/month decision, refusal of impossible dates, and zone-proof day arithmetic.

import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  addDays, dayNumber, daysBetween, decideDateOrder, fromDayNumber, parseDate, parseIsoDate, type DayMonthOrder,
} from "../../src/core/dates.js";

describe("parseDate", () => {
  it.each<[string, DayMonthOrder, string]>([
    ["2026-03-15", "dmy", "2026-03-15"],
    ["2026-03-15", "mdy", "2026-03-15"],
    ["2026-3-5", "dmy", "2026-03-05"],
    ["2026-03-15T10:20:30Z", "dmy", "2026-03-15"],
    ["2026-03-15 10:20:30", "dmy", "2026-03-15"],
    ["2026-03-15T23:30:00+02:00", "dmy", "2026-03-15"],
    ["20260315", "dmy", "2026-03-15"],
    ["20261020120000", "dmy", "2026-10-20"],
    ["202610201200", "dmy", "2026-10-20"],
    ["20261020120000.000[-5:EST]", "mdy", "2026-10-20"],
    ["20261020120000[+1]", "dmy", "2026-10-20"],
    ["15/03/2026", "dmy", "2026-03-15"],
    ["03/15/2026", "mdy", "2026-03-15"],
    ["05/03/2026", "dmy", "2026-03-05"],
    ["05/03/2026", "mdy", "2026-05-03"],
    ["5/3/2026", "dmy", "2026-03-05"],
    ["15-03-2026", "dmy", "2026-03-15"],
    ["03-15-2026", "mdy", "2026-03-15"],
    ["15/03/2026 14:05", "dmy", "2026-03-15"],
    ["  15/03/2026  ", "dmy", "2026-03-15"],
    ["15/03/26", "dmy", "2026-03-15"],
    ["03/15/26", "mdy", "2026-03-15"],
    ["01/01/00", "dmy", "2000-01-01"],
    ["31/12/68", "dmy", "2068-12-31"],
    ["31/12/99", "dmy", "1999-12-31"],
    ["01/01/69", "dmy", "1969-01-01"],
  ])("%j read %s → %s", (raw, order, iso) => {
    expect(parseDate(raw, order)).toBe(iso);
  });

  it.each<DayMonthOrder>(["dmy", "mdy"])("reads dotted dates day-first whatever the file order (%s)", (order) => {
    expect(parseDate("05.03.2026", order)).toBe("2026-03-05");
    expect(parseDate("15.03.2026", order)).toBe("2026-03-15");
    expect(parseDate("15.03.26", order)).toBe("2026-03-15");
  });

  it.each<[string, DayMonthOrder]>([
    ["31/02/2026", "dmy"],
    ["29/02/2026", "dmy"],
    ["02/31/2026", "mdy"],
    ["31/04/2026", "dmy"],
    ["31.06.2026", "dmy"],
    ["2026-02-30", "dmy"],
    ["2026-13-01", "dmy"],
    ["2026-00-10", "dmy"],
    ["20260230", "dmy"],
    ["00/01/2026", "dmy"],
    ["15/03/2026", "mdy"],
    ["03/15/2026", "dmy"],
    ["1899-12-31", "dmy"],
    ["15/03/1026", "dmy"],
    ["", "dmy"],
    ["tomorrow", "dmy"],
    ["15 Foo 2026", "dmy"],
    ["31 Feb 2026", "dmy"],
    ["Total 2026", "dmy"],
    ["15/03-2026", "dmy"],
    ["2026/03/15", "dmy"],
    ["15/03/202", "dmy"],
    ["150326", "dmy"],
  ])("refuses %j read %s", (raw, order) => {
    expect(parseDate(raw, order)).toBeUndefined();
  });

  it.each<[string, string]>([
    ["15 Jul 2026", "2026-07-15"],
    ["15-Jul-26", "2026-07-15"],
    ["Jul 15, 2026", "2026-07-15"],
    ["July 15th, 2026", "2026-07-15"],
    ["1er juillet 2026", "2026-07-01"],
    ["15 févr. 2026", "2026-02-15"],
    ["3 AOÛT 2026", "2026-08-03"],
    ["15. März 2026", "2026-03-15"],
    ["15 déc. 2026 10:32", "2026-12-15"],
    ["3rd July 2026", "2026-07-03"],
    ["1ER JUILLET 2026", "2026-07-01"],
    ["Wed, 15 Jul 2026", "2026-07-15"],
    ["Wednesday, July 15, 2026 9:15 AM", "2026-07-15"],
    ["46348", "2026-11-22"],
    ["45351", "2024-02-29"],
  ])("reads a month written out or an Excel serial, %j, whatever the file's order", (raw, iso) => {
    expect([parseDate(raw, "dmy"), parseDate(raw, "mdy")]).toEqual([iso, iso]);
    // No vote: the fallback stands, and nothing is ambiguous.
    expect(decideDateOrder([raw], "mdy")).toEqual({ order: "mdy", ambiguous: false, conflict: false, proven: false });
  });

  it("accepts 29 February only in leap years (2000 yes, 2100 no)", () => {
    expect(parseDate("29/02/2024", "dmy")).toBe("2024-02-29");
    expect(parseDate("29/02/2000", "dmy")).toBe("2000-02-29");
    expect(parseDate("29/02/2100", "dmy")).toBeUndefined();
    expect(parseDate("20280229", "dmy")).toBe("2028-02-29");
  });
});

describe("parseIsoDate (user-typed --as-of)", () => {
  it("accepts strict YYYY-MM-DD only", () => {
    expect(parseIsoDate("2026-10-15")).toBe("2026-10-15");
    expect(parseIsoDate(" 2026-10-15 ")).toBe("2026-10-15");
    expect(parseIsoDate("2026-2-3")).toBeUndefined();
    expect(parseIsoDate("15/10/2026")).toBeUndefined();
    expect(parseIsoDate("2026-02-29")).toBeUndefined();
    expect(parseIsoDate("2026-10-15T00:00")).toBeUndefined();
  });
});

describe("decideDateOrder (one decision per file)", () => {
  it("decides dd/mm when any first part is above 12", () => {
    expect(decideDateOrder(["05/03/2026", "13/03/2026", "01/02/2026"], "mdy"))
      .toEqual({ order: "dmy", ambiguous: false, conflict: false, proven: true });
  });

  it("decides mm/dd when any second part is above 12", () => {
    expect(decideDateOrder(["05/03/2026", "03/13/2026", "01/02/2026"], "dmy"))
      .toEqual({ order: "mdy", ambiguous: false, conflict: false, proven: true });
  });

  it("decides from dashed dates and 2-digit years too", () => {
    expect(decideDateOrder(["05-03-26", "12-31-25"], "dmy").order).toBe("mdy");
    expect(decideDateOrder(["05-03-26", "31-12-25"], "mdy").order).toBe("dmy");
  });

  it.each<DayMonthOrder>(["dmy", "mdy"])("falls back to %s and says so when every value reads both ways", (fallback) => {
    expect(decideDateOrder(["05/03/2026", "12/11/2025", "01/01/2026"], fallback))
      .toEqual({ order: fallback, ambiguous: true, conflict: false, proven: false });
  });

  it("reports a conflict, not a guess, when values prove both orders", () => {
    expect(decideDateOrder(["13/01/2026", "01/13/2026"], "dmy"))
      .toEqual({ order: "dmy", ambiguous: false, conflict: true, proven: false });
    expect(decideDateOrder(["13/01/2026", "01/13/2026"], "mdy"))
      .toEqual({ order: "mdy", ambiguous: false, conflict: true, proven: false });
  });

  it("is not ambiguous when no value has a day/month pair (ISO, compact, dotted)", () => {
    expect(decideDateOrder(["2026-03-05", "20260305", "05.03.2026"], "mdy"))
      .toEqual({ order: "mdy", ambiguous: false, conflict: false, proven: false });
    expect(decideDateOrder([], "dmy")).toEqual({ order: "dmy", ambiguous: false, conflict: false, proven: false });
  });

  it("lets dotted dates vote for nothing: they are day-first by convention", () => {
    expect(decideDateOrder(["13.01.2026", "01/13/2026"], "dmy"))
      .toEqual({ order: "mdy", ambiguous: false, conflict: false, proven: true });
  });

  it("ignores values that are not dates and values that prove nothing (13/13)", () => {
    expect(decideDateOrder(["n/a", "13/13/2026", "2026-01-01", "04/05/2026"], "dmy"))
      .toEqual({ order: "dmy", ambiguous: true, conflict: false, proven: false });
  });

  it("consumes any iterable once (records.ts passes arrays, callers may pass generators)", () => {
    function* values(): Generator<string> {
      yield "01/02/2026";
      yield "25/02/2026";
    }
    expect(decideDateOrder(values(), "mdy").order).toBe("dmy");
  });
});

describe("day arithmetic", () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  // Local-time arithmetic loses or gains an hour on these nights; UTC-only arithmetic must not.
  const zones = ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Auckland"];

  it.each(zones)("counts whole days across DST changes in %s", (tz) => {
    process.env.TZ = tz;
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
    expect(daysBetween("2026-03-07", "2026-03-09")).toBe(2);
    expect(daysBetween("2026-04-04", "2026-04-06")).toBe(2);
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addDays("2026-11-01", -1)).toBe("2026-10-31");
    expect(addDays("2026-01-15", 30)).toBe("2026-02-14");
    expect(Number.isInteger(dayNumber("2026-03-29"))).toBe(true);
  });

  it("crosses leap days and year ends", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-02-29", 1)).toBe("2024-03-01");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(daysBetween("2100-02-28", "2100-03-01")).toBe(1);
    expect(daysBetween("2026-03-01", "2026-02-01")).toBe(-28);
  });

  it("anchors day numbers at 1970-01-01", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dayNumber("1970-01-02")).toBe(1);
    expect(fromDayNumber(0)).toBe("1970-01-01");
    expect(fromDayNumber(-1)).toBe("1969-12-31");
  });

  it("addDays and daysBetween are inverse for any date and offset", () => {
    const day = fc.integer({ min: dayNumber("1900-01-01"), max: dayNumber("2199-12-31") });
    fc.assert(fc.property(day, fc.integer({ min: -20_000, max: 20_000 }), (n, k) => {
      const date = fromDayNumber(n);
      expect(dayNumber(date)).toBe(n);
      expect(daysBetween(date, addDays(date, k))).toBe(k);
    }));
  });

  it("every valid date reads back identically in all the export forms", () => {
    const day = fc.integer({ min: dayNumber("2000-01-01"), max: dayNumber("2068-12-31") });
    fc.assert(fc.property(day, (n) => {
      const iso = fromDayNumber(n);
      const [y, m, d] = iso.split("-") as [string, string, string];
      expect(parseDate(iso, "dmy")).toBe(iso);
      expect(parseDate(`${y}${m}${d}`, "mdy")).toBe(iso);
      expect(parseDate(`${d}/${m}/${y}`, "dmy")).toBe(iso);
      expect(parseDate(`${m}/${d}/${y}`, "mdy")).toBe(iso);
      expect(parseDate(`${d}.${m}.${y}`, "mdy")).toBe(iso);
      expect(parseDate(`${d}-${m}-${y}`, "dmy")).toBe(iso);
      expect(parseDate(`${d}/${m}/${y.slice(2)}`, "dmy")).toBe(iso);
    }));
  });
});
