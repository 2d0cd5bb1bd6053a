// End-to-end `dunning charges`: the late-payment charges owed on invoices paid late, from the
// built bin on the shipped examples — golden transcripts, the JSON's totals against its rows, the
// options' errors (exit 2, nothing on stdout) and a profile that charges nothing said as such.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, transcript } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const FR = ["--config", "examples/dunning.yaml", "--as-of", "2026-11-22"];
const EN = ["--invoices", "examples/invoices.csv", "--payments", "examples/payments.csv", "--as-of", "2026-11-22"];

/** A configuration reading the English examples under a late-payment profile. */
function englishUnder(profile: string): string[] {
  const file = path.join(tempDir("charges"), "dunning.yaml");
  writeFileSync(file, `data:\n  invoices: ${path.join(ROOT, "examples/invoices.csv")}\n  payments: ${path.join(ROOT, "examples/payments.csv")}\nlate_payment:\n  profile: ${profile}\n`);
  return ["--config", file, "--as-of", "2026-11-22"];
}

interface ChargesJson {
  invoices: { invoice: string; currency: string; paid_on: string; due_date: string; days_late: number; interest: string; indemnity: string; total: string }[];
  totals: { currency: string; invoices: number; interest: string; indemnity: string; total: string }[];
  left_out: Record<string, number>;
}

const json = (args: string[]): ChargesJson => JSON.parse(runCli(["charges", ...args, "--format", "json"]).stdout) as ChargesJson;
const cents = (s: string): number => Math.round(Number(s) * 100);

describe("dunning charges on the French example (fr-b2b)", () => {
  it.each([
    ["fr-table", [...FR]],
    ["fr-json", [...FR, "--format", "json"]],
    ["fr-csv", [...FR, "--format", "csv"]],
    ["fr-since", [...FR, "--since", "2026-11-01"]],
  ])("%s", async (name, args) => {
    const r = runCli(["charges", ...args]);
    expect(r.code).toBe(0);
    await expect(transcript(r)).toMatchFileSnapshot(`golden/charges-${name}.txt`);
  });
});

describe("dunning charges on the English example (uk)", () => {
  it("charges the UK's fixed sum by the invoice's size, in pounds only, each currency totalled apart", () => {
    const doc = json(englishUnder("uk"));
    expect(doc.invoices.length).toBeGreaterThan(0);
    for (const i of doc.invoices) {
      expect(i.paid_on > i.due_date).toBe(true);
      expect(cents(i.total)).toBe(cents(i.interest) + cents(i.indemnity));
      expect(["0.00", "40.00", "70.00", "100.00"]).toContain(i.indemnity);
      if (i.currency !== "GBP") expect(i.indemnity).toBe("0.00");
    }
    for (const t of doc.totals) {
      const rows = doc.invoices.filter((i) => i.currency === t.currency);
      expect(t.invoices).toBe(rows.length);
      expect(cents(t.total)).toBe(rows.reduce((s, i) => s + cents(i.total), 0));
    }
    expect(new Set(doc.totals.map((t) => t.currency)).size).toBe(doc.totals.length);
    // One worked out by hand: £720 due 27 September, paid 30 October — 28 September to 29 October,
    // 32 days at the Bank of England's 2026-H1 rate (3.75 %, the last known) + 8 points; £40 below £1,000.
    const inv0109 = doc.invoices.find((i) => i.invoice === "INV-2026-0109");
    expect([inv0109?.interest, inv0109?.indemnity]).toEqual([(Math.round((72_000 * 1175 * 32) / 3_650_000) / 100).toFixed(2), "40.00"]);
    expect(doc.invoices.find((i) => i.invoice === "INV-2026-0105")?.indemnity).toBe("70.00");
  });

  it("says that the profile none computes nothing, and how many invoices were paid late all the same", () => {
    const r = runCli(["charges", ...EN]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("No late-payment charges computed as of 2026-11-22: late_payment.profile is none (the default).\n"
      + "5 invoices were paid late: set late_payment.profile in dunning.yaml (fr-b2b, eu, uk, de or custom) to count what they owe.\n");
    expect(r.stderr).toContain("late_payment.profile is none (the default): no interest nor indemnity is computed");
    // The same five, counted under the uk profile: listed, or said why not.
    const uk = json(englishUnder("uk"));
    expect(uk.invoices.length + Object.values(uk.left_out).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("--min-days-late leaves out the invoices paid a little late", () => {
    const all = json(englishUnder("uk"));
    const some = json([...englishUnder("uk"), "--min-days-late", "31"]);
    expect(some.invoices.map((i) => i.invoice)).toEqual(all.invoices.filter((i) => i.days_late >= 31).map((i) => i.invoice));
    expect(some.invoices.length).toBeLessThan(all.invoices.length);
  });
});

describe("bad options", () => {
  it.each([
    [["--since", "01/11/2026"], '--since "01/11/2026" is not a date'],
    [["--min-days-late", "two weeks"], '--min-days-late "two weeks" is not a number of days'],
    [["--customer", "CL14"], '--customer "CL14" is no customer id and part of no customer name in the exports'],
  ])("%j is exit 2 with nothing on stdout", (args, message) => {
    const r = runCli(["charges", ...FR, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });
});
