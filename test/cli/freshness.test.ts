// An export that stopped being refreshed: dunning run sends nothing from it (exit 2, no state
// folder), the dry run, letter and check warn, and data.max_age_days moves the limit.

import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exampleCopy } from "../helpers/example-copy.js";
import { tempDir } from "../helpers/temp-dir.js";
import { runCli } from "../helpers/run-cli.js";

/** The example project with its payments export last changed on 2 November 2026 (noon UTC). */
function projectWithOldPayments(): string {
  const dir = exampleCopy("fresh");
  const old = new Date("2026-11-02T12:00:00Z");
  utimesSync(path.join(dir, "fr/reglements.csv"), old, old);
  return dir;
}

const STALE = "fr/reglements.csv: warning: last changed on 2026-11-02, 20 days before 2026-11-22 (data.max_age_days: 7): what was paid since is not in it";

describe("exports older than data.max_age_days", { timeout: 60_000 }, () => {
  it("stop dunning run before anything is planned, sent or written", () => {
    const dir = projectWithOldPayments();
    const r = runCli(["run", "--yes", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("fr/reglements.csv: last changed on 2026-11-02, 20 days before 2026-11-22 (data.max_age_days: 7): what was paid since is not in it; reminders planned from it could claim money already received — export it again");
    expect(r.stderr).toContain("nothing was sent or written");
    expect(r.stderr).not.toContain("factures.csv");
    expect(existsSync(path.join(dir, ".dunning"))).toBe(false);
  });

  it("are a warning for the dry run, letter and check, which go on", () => {
    const dir = projectWithOldPayments();
    const dry = runCli(["run", "--dry-run", "--as-of", "2026-11-22"], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`${STALE}; dunning run will not send from it`);
    const check = runCli(["check", "--as-of", "2026-11-22"], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stderr).toContain(`${STALE}; dunning run will refuse to send from it`);
    const letter = runCli(["letter", "--customer", "CL052", "--no-record", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir });
    expect(letter.code).toBe(0);
    expect(letter.stderr).toContain(`${STALE}; these letters may claim money already received`);
    // Run on the day the export was made (a past day re-run), it is not old.
    expect(runCli(["run", "--dry-run", "--as-of", "2026-11-02"], { cwd: dir }).stderr).not.toContain("last changed");
  });

  it("data.max_age_days raises the limit, and false turns the check off", () => {
    const dir = projectWithOldPayments();
    const config = readFileSync(path.join(dir, "dunning.yaml"), "utf8");
    expect(config).toMatch(/^ {2}max_age_days: 7 /m);
    for (const [value, warned] of [["19", true], ["20", false], ["false", false]] as const) {
      writeFileSync(path.join(dir, "dunning.yaml"), config.replace(/^ {2}max_age_days: 7 /m, `  max_age_days: ${value} `));
      const r = runCli(["run", "--dry-run", "--as-of", "2026-11-22"], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr.includes("last changed on 2026-11-02"), `max_age_days: ${value}`).toBe(warned);
    }
    writeFileSync(path.join(dir, "dunning.yaml"), config.replace(/^ {2}max_age_days: 7 /m, "  max_age_days: -1 "));
    const bad = runCli(["run", "--dry-run", "--as-of", "2026-11-22"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("max_age_days");
  });
});

describe("a payments file with no payment at all", { timeout: 30_000 }, () => {
  const run = (invoices: string): string => {
    const dir = tempDir("fresh-empty");
    writeFileSync(path.join(dir, "invoices.csv"), invoices);
    writeFileSync(path.join(dir, "payments.csv"), "date,customer,amount\n");
    const old = new Date("2026-10-01T12:00:00Z");
    utimesSync(path.join(dir, "payments.csv"), old, old);
    const r = runCli(["run", "--dry-run", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(0);
    return r.stderr;
  };

  it("is not old beside invoices whose open column says what is paid: that column is the news", () => {
    expect(run("invoice,customer,issue_date,due_date,amount,open\nF-1,C1,2026-09-01,2026-10-01,100.00,40.00\n")).not.toContain("last changed");
  });

  it("is old like any export beside invoices that say nothing of payments: exported again, it would hold them", () => {
    expect(run("invoice,customer,issue_date,due_date,amount\nF-1,C1,2026-09-01,2026-10-01,100.00\n")).toContain("payments.csv: warning: last changed on 2026-10-01");
  });
});

describe("a payments export cut short: its header only, beside invoices that say nothing of what is paid", { timeout: 60_000 }, () => {
  /** The example project with today's payments export reduced to its header line (no decisions file: they name its payments). */
  function projectWithEmptyPayments(): string {
    const dir = exampleCopy("empty-payments");
    const file = path.join(dir, "fr/reglements.csv");
    writeFileSync(file, readFileSync(file).subarray(0, readFileSync(file).indexOf(0x0a) + 1));
    writeFileSync(path.join(dir, "dunning.yaml"), readFileSync(path.join(dir, "dunning.yaml"), "utf8").replace(/^ {2}decisions:.*\n/m, ""));
    return dir;
  }
  const EMPTY = "fr/reglements.csv: warning: holds no payment, and the invoices export does not say what is paid: every invoice is taken as unpaid";

  it("is a warning before any reminder went out (a first run may have no payment yet), an error for dunning run after", () => {
    const dir = projectWithEmptyPayments();
    const first = runCli(["run", "--dry-run", "--as-of", "2026-11-22"], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`${EMPTY} — export the payments again`);
    // A letter recorded in the journal: customers have been reminded, and have paid since.
    expect(runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir }).code).toBe(0);
    const dry = runCli(["run", "--dry-run", "--as-of", "2026-11-23"], { cwd: dir });
    expect(dry.stderr).toContain(`${EMPTY}; dunning run will not send from it`);
    const real = runCli(["run", "--yes", "--as-of", "2026-11-23"], { cwd: dir });
    expect(real.code).toBe(2);
    expect(real.stderr).toContain("fr/reglements.csv: holds no payment, and the invoices export does not say what is paid: every invoice is taken as unpaid; reminders planned from it could claim money already received");
    expect(real.stderr).toContain("nothing was sent or written");
  });

  it("says nothing beside an invoices export with an open column", () => {
    const dir = tempDir("empty-open");
    writeFileSync(path.join(dir, "invoices.csv"), "invoice,customer,issue_date,due_date,amount,open\nF-1,C1,2026-09-01,2026-10-01,100.00,100.00\n");
    writeFileSync(path.join(dir, "payments.csv"), "date,customer,amount\n");
    const r = runCli(["run", "--dry-run", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.stderr).not.toContain("holds no payment");
  });
});
