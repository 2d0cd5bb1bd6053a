// End-to-end help, version and colour policy: what a user sees first, and what cron sees.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, transcript } from "../helpers/run-cli.js";

const AGE = ["age", "--invoices", "examples/invoices.csv", "--payments", "examples/payments.csv", "--as-of", "2026-11-22"];
const ANSI = /\u001b\[/;

describe("help and version", () => {
  it("--version prints the package version", () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")) as { version: string };
    const r = runCli(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it.each([["main", ["--help"]], ["age", ["help", "age"]]])("%s help shows examples", async (name, args) => {
    const r = runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    await expect(transcript(r)).toMatchFileSnapshot(`golden/help-${name}.txt`);
  });

  it("help shown because the command line said nothing usable is a usage error: no command, help for no command", () => {
    for (const args of [[], ["help", "nosuch"]]) {
      const r = runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain("Usage: dunning");
      expect(r.stdout).toBe("");
    }
  });
});

describe("colour policy", () => {
  it("no colour when not a terminal", () => {
    expect(runCli(AGE, { env: { NO_COLOR: "" } }).stdout).not.toMatch(ANSI);
  });
  it("FORCE_COLOR colours the overdue buckets", () => {
    expect(runCli(AGE, { env: { NO_COLOR: "", FORCE_COLOR: "1" } }).stdout).toMatch(ANSI);
  });
  it("NO_COLOR wins over FORCE_COLOR", () => {
    expect(runCli(AGE, { env: { NO_COLOR: "1", FORCE_COLOR: "1" } }).stdout).not.toMatch(ANSI);
  });
  it("--color wins over NO_COLOR, and --no-color over FORCE_COLOR", () => {
    expect(runCli([...AGE, "--color"], { env: { NO_COLOR: "1" } }).stdout).toMatch(ANSI);
    expect(runCli([...AGE, "--no-color"], { env: { NO_COLOR: "", FORCE_COLOR: "1" } }).stdout).not.toMatch(ANSI);
  });
  it("JSON is never coloured", () => {
    expect(runCli([...AGE, "--format", "json", "--color"]).stdout).not.toMatch(ANSI);
  });
});
