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
  /** The example project without its decisions file (they name the payments). */
  function project(): string {
    const dir = exampleCopy("empty-payments");
    writeFileSync(path.join(dir, "dunning.yaml"), readFileSync(path.join(dir, "dunning.yaml"), "utf8").replace(/^ {2}decisions:.*\n/m, ""));
    return dir;
  }
  /** Its payments export reduced to the header line, as a scheduled export that failed writes it. */
  function cutShort(dir: string): void {
    const file = path.join(dir, "fr/reglements.csv");
    writeFileSync(file, readFileSync(file).subarray(0, readFileSync(file).indexOf(0x0a) + 1));
  }
  // A real run that reads the exports and then finds no mail server: it has read them, and says so.
  const SMTP = { DUNNING_SMTP_URL: "smtp://127.0.0.1:9", DUNNING_SMTP_FROM: "Compta <compta@atelier.example>" };
  const EMPTY = "fr/reglements.csv: warning: holds no payment";

  it("is an error for dunning run where the last real run read payments, a warning in the dry run", () => {
    const dir = project();
    expect(runCli(["run", "--yes", "--as-of", "2026-11-22"], { cwd: dir, env: SMTP }).code).toBe(1);
    cutShort(dir);
    const dry = runCli(["run", "--dry-run", "--as-of", "2026-11-23"], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`${EMPTY} (the one read on 2026-11-22 held 6), and the invoices export does not say what is paid: every invoice is taken as unpaid; dunning run will not send from it`);
    const real = runCli(["run", "--yes", "--as-of", "2026-11-23"], { cwd: dir, env: SMTP });
    expect(real.code).toBe(2);
    expect(real.stderr).toContain("fr/reglements.csv: holds no payment (the one read on 2026-11-22 held 6), and the invoices export does not say what is paid: every invoice is taken as unpaid; reminders planned from it could claim money already received");
    expect(real.stderr).toContain("nothing was sent or written");
  });

  it("never stops a business whose payments export has never held a payment: said, run after run", () => {
    const dir = project();
    cutShort(dir);
    for (const day of ["2026-11-22", "2026-11-23"]) {
      const r = runCli(["run", "--yes", "--as-of", day], { cwd: dir, env: SMTP });
      expect(r.stderr, day).toContain(`${EMPTY}, and the invoices export does not say what is paid: every invoice is taken as unpaid — export the payments again`);
      expect(r.stderr).not.toContain("nothing was sent or written");
    }
  });

  it("says nothing beside an invoices export with an open column", () => {
    const dir = tempDir("empty-open");
    writeFileSync(path.join(dir, "invoices.csv"), "invoice,customer,issue_date,due_date,amount,open\nF-1,C1,2026-09-01,2026-10-01,100.00,100.00\n");
    writeFileSync(path.join(dir, "payments.csv"), "date,customer,amount\n");
    const r = runCli(["run", "--dry-run", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.stderr).not.toContain("holds no payment");
  });
});
