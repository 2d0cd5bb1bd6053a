// End-to-end errors: every malformed input gives FILE:LINE:COLUMN messages with a fix, exit code
// 2, nothing on stdout and never a stack trace. Golden files hold the exact wording.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, runCliAsync, transcript } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const PAYMENTS = ["--payments", "test/fixtures/ok/payments.csv", "--as-of", "2026-11-22"];

describe("malformed inputs exit 2 with located messages", () => {
  it.each(["missing-column", "bad-values", "duplicate", "empty", "binary", "unclosed-quote"])("%s", async (name) => {
    const r = runCli(["age", "--invoices", `test/fixtures/bad/${name}/invoices.csv`, ...PAYMENTS]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^test/fixtures/bad/${name}/invoices\\.csv:\\d+`, "m"));
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    await expect(transcript(r)).toMatchFileSnapshot(`golden/error-${name}.txt`);
  });

  it("past 50 errors in a file, says how many more there are after them, and counts them all", () => {
    const dir = tempDir("many-errors");
    const rows = Array.from({ length: 60 }, (_, i) => `A${i + 1},C1,Acme,2026-01-01,2026-02-01,x${i + 1}`);
    writeFileSync(path.join(dir, "invoices.csv"), ["invoice,customer,customer_name,issue_date,due_date,amount", ...rows].join("\n") + "\n");
    writeFileSync(path.join(dir, "payments.csv"), "date,amount\n");
    const r = runCli(["age", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(52);
    expect(lines[0]).toBe('invoices.csv:2:6: amount "x1" is not a number — write amounts like 1234.56 or -12.00');
    expect(lines.slice(-2)).toEqual([
      "invoices.csv: 10 more errors not shown — fix the ones above first; they are often the same mistake",
      "dunning: 60 errors in the input; nothing was sent or written.",
    ]);
  });

  it("keeps exit 2 when the reader of its messages has gone (2>&1 | head -1)", async () => {
    const r = await runCliAsync(["age", "--invoices", "test/fixtures/bad/bad-values/invoices.csv", ...PAYMENTS], { onSpawn: (child) => child.stderr?.destroy() });
    expect(r.code).toBe(2);
  });

  it("reports every bad value of a file at once", () => {
    const r = runCli(["age", "--invoices", "test/fixtures/bad/bad-values/invoices.csv", ...PAYMENTS]);
    const located = r.stderr.split("\n").filter((l) => /^test\/fixtures\/bad\/bad-values\/invoices\.csv:\d+:\d+: /.test(l));
    expect(located.length).toBe(7);
    expect(r.stderr).toContain(':3:5: amount "12,5O" is not a number');
  });

  it("a configuration typo is located and gets a suggestion", async () => {
    const r = runCli(["age", "--config", "test/fixtures/bad/bad-config/dunning.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dunning.yaml:1:1: unknown key "compnay" — did you mean "company"?');
    await expect(transcript(r)).toMatchFileSnapshot("golden/error-bad-config.txt");
  });

  it.each([
    ["a missing file", ["age", "--invoices", "nope.csv", ...PAYMENTS], "nope.csv: the invoices file does not exist"],
    ["no input at all", ["age", "--as-of", "2026-11-22"], "no invoices file given"],
    ["a bad --as-of", ["age", "--as-of", "22/11/2026"], '--as-of "22/11/2026" is not a date'],
    ["an unknown option", ["age", "--bogus"], "unknown option '--bogus'"],
    ["a bad --format", ["age", "--format", "xml"], "Allowed choices are table, csv, json"],
  ])("%s", (_name, args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });
});
