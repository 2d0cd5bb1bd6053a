// An export that stopped being refreshed: dunning run sends nothing from it (exit 2, no state
// folder), the dry run, letter and check warn, and data.max_age_days moves the limit.

import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exampleCopy } from "../helpers/example-copy.js";
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
  it("is never old: the invoices' open column says what is paid, and an empty file never changes", () => {
    const dir = exampleCopy("fresh");
    // The export's own header (Windows-1252, as the example's), and no row.
    const bytes = readFileSync(path.join(dir, "fr/reglements.csv"));
    writeFileSync(path.join(dir, "fr/reglements.csv"), bytes.subarray(0, bytes.indexOf(0x0a) + 1));
    // The decisions file names payments of the full export.
    const config = readFileSync(path.join(dir, "dunning.yaml"), "utf8");
    writeFileSync(path.join(dir, "dunning.yaml"), config.replace(/^ {2}decisions: .*$/m, ""));
    const old = new Date("2026-10-01T12:00:00Z");
    utimesSync(path.join(dir, "fr/reglements.csv"), old, old);
    const r = runCli(["run", "--dry-run", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("last changed");
  });
});
