// `dunning init`: a new project gets the shipped templates and an example configuration that
// validates, and an existing one is never overwritten without --force.

import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Chalk } from "chalk";
import { describe, expect, test } from "vitest";
import type { Context } from "../../src/commands/context.js";
import { runInit } from "../../src/commands/init.js";
import { stillExample } from "../../src/core/company-example.js";
import { InputError } from "../../src/errors.js";
import { loadConfig } from "../../src/io/config.js";
import { checkTemplates, loadTemplates } from "../../src/io/templates.js";
import { tempDir } from "../helpers/temp-dir.js";

function context(cwd: string, out: string[] = []): Context {
  const chalk = new Chalk({ level: 0 });
  return { cwd, env: {}, asOf: "2026-11-22", today: "2026-11-22", stdout: (t) => void out.push(t), stderr: () => {}, out: chalk, err: chalk, options: {} };
}

describe("runInit", () => {
  test("copies the templates and writes a configuration that loads", async () => {
    const cwd = tempDir("init");
    const out: string[] = [];
    expect(await runInit(context(cwd, out), { dir: "project" })).toBe(0);
    const dir = path.join(cwd, "project");
    expect((await readdir(path.join(dir, "templates"))).sort()).toEqual(["en", "fr", "partials"]);
    const loaded = await loadConfig(path.join(dir, "dunning.yaml"), cwd);
    expect(loaded.config.templates).toBe("templates");
    expect(loaded.config.company?.locale).toBe("fr-FR");
    const templates = await loadTemplates({ user: path.join(dir, "templates") });
    expect(templates.names("fr")).toEqual(["courtesy", "formal-notice", "reminder-1", "reminder-2"]);
    expect(await checkTemplates({ user: path.join(dir, "templates") }, { asOf: "2026-11-22", company: {}, locale: "fr-FR" })).toEqual([]);
    expect(out.join("")).toContain("wrote project/dunning.yaml and project/templates/");
    // The next steps name the new folder, not the one the command ran in.
    expect(out.join("")).toContain("save your exports as invoices.csv and payments.csv in project (or point data: at them), then run: cd project && dunning check");
  });

  test.each([
    [{ locale: "en-GB" }, {}, { locale: "en-GB", currency: "GBP", profile: "uk", deadline: 14 }],
    [{}, { LANG: "en_US.UTF-8" }, { locale: "en-US", currency: "USD", profile: "none", deadline: 10 }],
    [{}, { LANG: "fr_FR.UTF-8" }, { locale: "fr-FR", currency: "EUR", profile: "fr-b2b", deadline: 8 }],
    [{ locale: "fr-FR" }, { LANG: "en_GB.UTF-8" }, { locale: "fr-FR", currency: "EUR", profile: "fr-b2b", deadline: 8 }],
  ])("writes the example of the business --locale or the machine's locale says: %j %j", async (options, env, expected) => {
    const cwd = tempDir("init");
    expect(await runInit({ ...context(cwd), env }, { dir: ".", ...options })).toBe(0);
    const { config } = await loadConfig(path.join(cwd, "dunning.yaml"), cwd);
    expect({
      locale: config.company?.locale, currency: config.company?.currency, profile: config.late_payment?.profile,
      deadline: config.scenarios?.standard?.steps.find((s) => s.id === "formal-notice")?.deadline_days,
    }).toEqual(expected);
    // Until the company block is the user's own, every planning command says so.
    expect(stillExample(config.company ?? {})).toEqual(expect.arrayContaining(["company.name", "company.email", "company.signatory"]));
    expect(stillExample({ name: "Hartley Joinery Ltd", email: "accounts@hartley.example", iban: "GB29 NWBK 6016 1331 9268 19" })).toEqual([]);
  });

  test("refuses to overwrite without --force, and keeps the user's own files with it", async () => {
    const cwd = tempDir("init");
    await writeFile(path.join(cwd, "dunning.yaml"), "company: {name: Mine}\n");
    const error = await runInit(context(cwd), { dir: "." }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([expect.objectContaining({ code: "init_exists", message: "dunning.yaml already exists; nothing was written" })]);
    expect(await readFile(path.join(cwd, "dunning.yaml"), "utf8")).toBe("company: {name: Mine}\n");
    await expect(readdir(path.join(cwd, "templates"))).rejects.toThrow();

    expect(await runInit(context(cwd), { dir: ".", force: true })).toBe(0);
    await writeFile(path.join(cwd, "templates", "fr", "mine.text.hbs"), "x");
    expect(await runInit(context(cwd), { dir: ".", force: true })).toBe(0);
    expect(await readdir(path.join(cwd, "templates", "fr"))).toContain("mine.text.hbs");
  });
});
