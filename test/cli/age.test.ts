// End-to-end `dunning age`: spawns the built bin on the shipped examples and fixtures and compares
// exit code, stdout and stderr with golden files (update them deliberately with `vitest -u`).

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { runCli, transcript } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const EN = ["--invoices", "examples/invoices.csv", "--payments", "examples/payments.csv", "--as-of", "2026-11-22"];
const FR = ["--config", "examples/dunning.yaml", "--as-of", "2026-11-22"];
const OK = ["--invoices", "test/fixtures/ok/invoices.csv", "--payments", "test/fixtures/ok/payments.csv", "--as-of", "2026-11-22"];

describe("dunning age on the shipped examples", () => {
  it.each([
    ["en-table", [...EN]],
    ["en-json", [...EN, "--format", "json"]],
    ["en-csv", [...EN, "--format", "csv"]],
    ["fr-table", [...FR]],
    ["fr-json", [...FR, "--format", "json"]],
    ["fr-sort-name", [...FR, "--sort", "name"]],
    ["fr-min-overdue", [...FR, "--min-overdue", "2000"]],
    ["fr-customer", [...FR, "--customer", "dupré"]],
    ["fr-csv-sort-total", [...FR, "--format", "csv", "--sort", "total"]],
  ])("%s", async (name, args) => {
    const r = runCli(["age", ...args]);
    expect(r.code).toBe(0);
    await expect(transcript(r)).toMatchFileSnapshot(`golden/age-${name}.txt`);
  });
});

describe("--customer that names no customer", () => {
  it.each([["age"], ["match"], ["simulate", "--to", "2026-12-31"]])("is an error for %s, not an empty report", (...command) => {
    const r = runCli([...command, ...FR, "--customer", "CL14"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--customer "CL14" is no customer id and part of no customer name in the exports');
    expect(r.stdout).toBe("");
  });

  it("simulate takes part of a name, as age and match do", () => {
    const r = runCli(["simulate", ...FR, "--to", "2026-11-30", "--customer", "boulangerie"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("CL014");
  });
});

describe("--min-overdue", () => {
  it("reads amounts as a French or English user types them, and refuses what is no amount", () => {
    const ids = (args: string[]) => (JSON.parse(runCli(["age", ...FR, "--format", "json", ...args]).stdout) as { customers: { id: string }[] }).customers.map((c) => c.id);
    expect(ids(["--min-overdue", "2 980,50"])).toEqual(ids(["--min-overdue", "2980.50"]));
    expect(ids(["--min-overdue", "2980.50"])).toContain("CL014");
    expect(ids(["--min-overdue", "2980.51"])).not.toContain("CL014");
    for (const bad of ["abc", "1e3", "3000EUR", "1,000"]) {
      const r = runCli(["age", ...FR, "--min-overdue", bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--min-overdue "${bad}" is not an amount`);
      expect(r.stdout).toBe("");
    }
  });
});

describe("the JSON contract", () => {
  it("keeps the documented names and writes money as decimal strings", () => {
    const r = runCli(["age", ...FR, "--format", "json"]);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(["schema_version", "as_of", "buckets", "customers", "totals"]));
    expect(doc.schema_version).toBe(1);
    expect(doc.as_of).toBe("2026-11-22");
    expect(doc.buckets).toEqual(["not_due", "1-30", "31-60", "61-90", "90+"]);
    const customers = doc.customers as Record<string, unknown>[];
    expect(customers.length).toBeGreaterThan(0);
    for (const c of customers) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(["id", "name", "currency", "buckets", "total", "open_invoices", "unapplied"]));
      for (const v of [c.total, c.unapplied, ...Object.values(c.buckets as object)]) expect(v).toMatch(/^-?\d+\.\d{2}$/);
      expect(typeof c.open_invoices).toBe("number");
    }
    const totals = doc.totals as { currency: string; total: string }[];
    expect(totals.map((t) => t.currency)).toEqual(["EUR"]);
  });

  it("never adds two currencies: one total per currency", () => {
    const r = runCli(["age", ...OK, "--format", "json"]);
    const doc = JSON.parse(r.stdout) as { totals: { currency: string; total: string }[] };
    expect(doc.totals).toEqual([
      expect.objectContaining({ currency: "EUR", total: "3600.00" }),
      expect.objectContaining({ currency: "USD", total: "99.90" }),
    ]);
  });
});

describe("inputs", () => {
  it("reads invoices from standard input with -", () => {
    const fromFile = runCli(["age", ...OK, "--format", "json"]);
    const r = runCli(["age", "--invoices", "-", "--payments", "test/fixtures/ok/payments.csv", "--as-of", "2026-11-22", "--format", "json"], {
      input: readFileSync("test/fixtures/ok/invoices.csv"),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fromFile.stdout);
  });

  it("warns, rather than guessing in silence, when every date reads both ways", async () => {
    const r = runCli(["age", "--invoices", "test/fixtures/ambiguous-dates/invoices.csv", "--payments", "test/fixtures/ambiguous-dates/payments.csv", "--as-of", "2026-11-22"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: every date could be dd/mm/yyyy or mm/dd/yyyy");
    await expect(transcript(r)).toMatchFileSnapshot("golden/age-ambiguous-dates.txt");
  });

  it("csv.decimal_mark in the configuration forces how amounts are read", () => {
    const dir = tempDir("mark");
    writeFileSync(path.join(dir, "invoices.csv"), "invoice;customer;issue_date;due_date;amount;currency\nK1;C1;2026-10-01;2026-10-31;12.500;KWD\nE1;C2;2026-10-01;2026-10-31;1.250;EUR\n");
    writeFileSync(path.join(dir, "payments.csv"), "id;date;customer;amount\n");
    const base = "data: {invoices: invoices.csv, payments: payments.csv}\n";
    const totals = (yaml: string): unknown => {
      writeFileSync(path.join(dir, "dunning.yaml"), yaml);
      const r = runCli(["age", "--config", path.join(dir, "dunning.yaml"), "--as-of", "2026-11-22", "--format", "json"]);
      // Nothing said of the amounts (the empty payments file is said, as it is empty).
      expect(r.stderr.split("\n").filter((l) => l !== "" && !l.includes("payments.csv: warning: holds no payment"))).toEqual([]);
      return (JSON.parse(r.stdout) as { totals: { currency: string; total: string }[] }).totals.map((t) => [t.currency, t.total]);
    };
    // Without it, a column whose every value is ambiguous reads thousands separators.
    expect(totals(base)).toEqual([["EUR", "1250.00"], ["KWD", "12500.000"]]);
    expect(totals(`${base}csv: {decimal_mark: "."}\n`)).toEqual([["EUR", "1.25"], ["KWD", "12.500"]]);
  });

  it("reads the French exports saved as Excel's \"Unicode text\" (UTF-16, with or without BOM) as the originals", () => {
    const original = runCli(["age", ...FR, "--format", "json"]);
    expect(original.code).toBe(0);
    for (const [name, encode] of [
      ["utf-16le with BOM", (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")])],
      ["utf-16be without BOM", (t: string) => Buffer.from(t, "utf16le").swap16()],
    ] as const) {
      const dir = tempDir("utf16");
      for (const file of ["factures.csv", "reglements.csv"]) {
        writeFileSync(path.join(dir, file), encode(iconv.decode(readFileSync(path.join("examples/fr", file)), "win1252")));
      }
      const r = runCli(["age", ...FR, "--format", "json", "--invoices", path.join(dir, "factures.csv"), "--payments", path.join(dir, "reglements.csv")]);
      expect([name, r.code, r.stdout]).toEqual([name, 0, original.stdout]);
    }
  });

  it("reads QuickBooks' A/R Aging Detail report as exported: title, section titles, subtotals and totals skipped, and said", async () => {
    const r = runCli(["age", "--config", "test/fixtures/reports/dunning.yaml", "--as-of", "2026-11-22"]);
    expect(r.code).toBe(0);
    await expect(transcript(r)).toMatchFileSnapshot("golden/age-qbo-report.txt");
  });

  it("reads the French exports converted to UTF-8 twice (Ã© for é) as the originals, and says so", () => {
    const original = runCli(["age", ...FR, "--format", "json"]);
    const dir = tempDir("twice");
    for (const file of ["factures.csv", "reglements.csv"]) {
      const utf8 = Buffer.from(iconv.decode(readFileSync(path.join("examples/fr", file)), "win1252"), "utf8");
      writeFileSync(path.join(dir, file), Buffer.from(iconv.decode(utf8, "win1252"), "utf8"));
    }
    const r = runCli(["age", ...FR, "--format", "json", "--invoices", path.join(dir, "factures.csv"), "--payments", path.join(dir, "reglements.csv")]);
    expect([r.code, r.stdout]).toEqual([0, original.stdout]);
    expect(r.stderr).toContain("factures.csv:1: warning: the file was converted to UTF-8 twice (é written Ã©, € written â‚¬): read as it was meant");
  });

  it("reads a bank statement with its account lines above the header and its closing balance below, as the bare export", () => {
    const original = runCli(["age", ...FR, "--format", "json"]);
    const dir = tempDir("statement");
    const bare = readFileSync("examples/fr/reglements.csv");
    writeFileSync(path.join(dir, "reglements.csv"), Buffer.concat([
      iconv.encode("Relevé de compte\r\nCompte courant;FR76 3000 6000 0112 3456 7890 189\r\nSolde au 01/07/2026;12 345,67\r\n\r\n", "win1252"),
      bare,
      iconv.encode("Solde au 22/11/2026;13 545,67\r\n", "win1252"),
    ]));
    const r = runCli(["age", ...FR, "--format", "json", "--payments", path.join(dir, "reglements.csv")]);
    expect([r.code, r.stdout]).toEqual([0, original.stdout]);
    expect(r.stderr).toContain("reglements.csv:1: warning: lines 1–4 come before the header on line 5");
    expect(r.stderr).toContain("reglements.csv:12: warning: 1 line is the report's own (section titles, totals, a statement's balances), not payments: skipped (line 12)");
  });

  it("--as-of changes the buckets: the same data ten days later is older", () => {
    const early = JSON.parse(runCli(["age", ...FR, "--format", "json", "--as-of", "2026-11-01"]).stdout) as { totals: { buckets: Record<string, string> }[] };
    const late = JSON.parse(runCli(["age", ...FR, "--format", "json", "--as-of", "2027-03-01"]).stdout) as { totals: { buckets: Record<string, string> }[] };
    expect(early.totals[0]?.buckets["90+"]).toBe("0.00");
    expect(late.totals[0]?.buckets["not_due"]).toBe("0.00");
  });
});
