// Exports as accounting packages write them, end to end: the cases an exploratory test found
// read wrong in silence (a payment lost to the other file's date order, a short invoice number in
// a memo, a decimal comma in a comma-separated file, an export without issue dates, vendors'
// column names).

import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Writes the files into a fresh folder; returns it. */
function project(files: Record<string, string>): string {
  const dir = tempDir("exports");
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const age = (dir: string, extra: readonly string[] = []) =>
  runCli(["age", "--format", "json", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22", ...extra], { cwd: dir });

interface AgeJson { customers: { id: string; total: string; unapplied: string }[] }

describe("exports as accounting packages write them", { timeout: 30_000 }, () => {
  it("a payments file whose dates could be read both ways follows the order the invoices prove (QuickBooks)", () => {
    const dir = project({
      "invoices.csv": "Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance\n9/5/2026,Invoice,1012,Cool Cars,10/5/2026,875.25,875.25\n9/20/2026,Invoice,1015,Bill's Windsurf Shop,10/20/2026,400.00,400.00\n",
      "payments.csv": "Date,Transaction type,Num,Customer full name,Memo/Description,Amount\n11/12/2026,Payment,,Cool Cars,,875.25\n",
    });
    const r = age(dir);
    expect(r.code).toBe(0);
    // Read 11 December (day first, the C locale's default), the payment fell after the as-of date
    // and Cool Cars, who had paid, was owed 875.25.
    expect((JSON.parse(r.stdout) as AgeJson).customers.map((c) => [c.id, c.total])).toEqual([["Bill's Windsurf Shop", "400.00"]]);
    expect(r.stderr).toContain("payments.csv: warning: every date could be dd/mm/yyyy or mm/dd/yyyy; read as mm/dd/yyyy, the order invoices.csv proves");
  });
});

describe("values the header does not name", { timeout: 30_000 }, () => {
  it("a decimal comma in a comma-separated file is an error at the split value, not 1234 in silence", () => {
    const dir = project({
      "invoices.csv": "Invoice,Customer,Date,Due date,Amount\nA-1001,Foo,2026-10-01,2026-10-31,1234,50\nA-1002,Foo,2026-10-01,2026-10-31,99.00,\n",
      "payments.csv": "Date,Customer,Amount\n",
    });
    const r = age(dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // Line 3's empty field after a trailing separator is no value.
    expect(r.stderr).toContain('invoices.csv:2:6: this row has 6 fields, the header 5: "50" comes after the last column (Amount) — quote a value that holds the separator');
    expect(r.stderr).not.toContain("invoices.csv:3");
  });
});
