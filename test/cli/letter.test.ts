// `dunning letter` on a copy of the French example: the formal notice an accountant prints must
// recall the reminders the journal says went out (and only those), whatever the ladder did, and
// is itself recorded there, so that no run posts it again or goes back down the ladder.

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exampleCopy } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

/** One journal message: its intent, then its outcome. */
function journalLines(key: string, date: string, step: string, channel: string, outcome: string): string[] {
  const base = { v: 1, key, run: `${date}-test`, at: `${date}T07:00:00.000Z`, date, customer: "CL052", step, channel, invoices: ["F2026-0216"] };
  return [JSON.stringify({ ...base, type: "intent" }), JSON.stringify({ ...base, type: outcome })];
}

describe("dunning letter --customer", { timeout: 30_000 }, () => {
  it("recalls the reminders sent and posted, not the calls only put on a call list", () => {
    const dir = exampleCopy("letter");
    mkdirSync(path.join(dir, ".dunning"));
    writeFileSync(path.join(dir, ".dunning/journal.jsonl"), [
      ...journalLines("k1", "2026-10-22", "reminder-1", "email", "sent"),
      ...journalLines("k2", "2026-10-30", "reminder-2", "email", "sent"),
      ...journalLines("k3", "2026-11-04", "call", "phone", "written"),
      ...journalLines("k4", "2026-11-10", "reminder-2", "email", "failed"),
    ].join("\n") + "\n");
    const r = runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir });
    expect(r.stderr).toContain("recorded 1 letter in the journal: dunning run will not write it again\n");
    // Dated by --as-of, not the day it is written: said, since the journal counts from that date.
    expect(r.stderr).toMatch(/^warning: recorded as written on 2026-11-22 \(--as-of or DUNNING_AS_OF\), not today \d{4}-\d\d-\d\d: /m);
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, "out")).sort()).toEqual(["2026-11-22_CL052_formal-notice.html", "2026-11-22_CL052_formal-notice.pdf"]);
    const html = readFileSync(path.join(dir, "out/2026-11-22_CL052_formal-notice.html"), "utf8");
    expect(html).toContain("plusieurs rappels restés");
    expect(html).toMatch(/première relance du 22\/10\/2026 \(e-mail\)/);
    expect(html).toMatch(/deuxième relance du 30\/10\/2026 \(e-mail\)/);
    expect(html).not.toContain("04/11/2026");
    expect(html).not.toContain("10/11/2026");

    // Dated in the past, the same letter recalls only what had gone out by then.
    const past = runCli(["letter", "--customer", "CL052", "--as-of", "2026-10-25", "--out", "past"], { cwd: dir });
    expect(past.code).toBe(0);
    const earlier = readFileSync(path.join(dir, "past/2026-10-25_CL052_formal-notice.html"), "utf8");
    expect(earlier).toMatch(/première relance du 22\/10\/2026/);
    expect(earlier).not.toContain("30/10/2026");
  });
});

describe("what planning finds to say", { timeout: 30_000 }, () => {
  it("a letter claiming interest for a half-year the rate tables lack says so, as a run does", () => {
    const dir = exampleCopy("letter");
    const config = path.join(dir, "dunning.yaml");
    // The example adds 2026-H2's rate; without it the notice's interest rests on the last known one.
    writeFileSync(config, readFileSync(config, "utf8").replace(/^  rates:.*\n.*\n/m, ""));
    const warning = "warning: late_payment: no reference rate for 2026-H2; the last known rate was used — add it under late_payment.rates in dunning.yaml";
    for (const args of [["--customer", "CL052"], ["--all", "--step", "reminder-1"]]) {
      const r = runCli(["letter", ...args, "--as-of", "2026-11-22", "--out", "out", "--no-record"], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(warning);
    }
  });
});

/** The journal of a project copy, one object per line. */
function journal(dir: string): Record<string, unknown>[] {
  const file = path.join(dir, ".dunning/journal.jsonl");
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>) : [];
}

describe("usage mistakes say what was wrong", { timeout: 30_000 }, () => {
  it("resolve --sent without a key records nothing and says so; letter with --customer and --all says not both", () => {
    const dir = exampleCopy("usage");
    const resolve = runCli(["resolve", "--sent"], { cwd: dir });
    expect(resolve.code).toBe(2);
    expect(resolve.stderr).toContain("--sent needs the key of the message it is about; nothing was recorded");
    const letter = runCli(["letter", "--all", "--customer", "CL014", "--as-of", "2026-11-22"], { cwd: dir });
    expect(letter.code).toBe(2);
    expect(letter.stderr).toContain("--customer and --all together: one customer, or every customer at a step, not both");
  });

  it("--customer takes part of a name when it names one customer, and says which ones when it names several", () => {
    const dir = exampleCopy("usage");
    const byName = runCli(["letter", "--customer", "dupré", "--no-record", "--out", "out", "--as-of", "2026-11-22"], { cwd: dir });
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain("2026-11-22_CL014_formal-notice.pdf");
    const several = runCli(["letter", "--customer", "&", "--no-record", "--out", "out", "--as-of", "2026-11-22"], { cwd: dir });
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('--customer "&" names 2 customers: CL022 (Œuvres & Cie), CL045 (Cabinet Lefèvre & Associés) — give the customer\'s id');
    const nobody = runCli(["letter", "--customer", "Nobody", "--no-record", "--as-of", "2026-11-22"], { cwd: dir });
    expect(nobody.stderr).toContain('--customer "Nobody" is no customer id and part of no customer name in the exports');
  });
});

describe("dunning history", { timeout: 30_000 }, () => {
  it("finds a customer or invoice whatever its case, and tells a filter matching nothing from an empty journal", () => {
    const dir = exampleCopy("history");
    const empty = runCli(["history"], { cwd: dir });
    expect(empty.stdout).toBe("Nothing in the journal yet (.dunning/journal.jsonl).\n");
    mkdirSync(path.join(dir, ".dunning"));
    writeFileSync(path.join(dir, ".dunning/journal.jsonl"), `${journalLines("k1", "2026-11-14", "reminder-1", "email", "sent").join("\n")}\n`);
    expect(runCli(["history", "--customer", "cl052"], { cwd: dir }).stdout).toContain("F2026-0216");
    expect(runCli(["history", "--invoice", "f2026-0216"], { cwd: dir }).stdout).toContain("CL052");
    expect(runCli(["history", "--customer", "CL999"], { cwd: dir }).stdout)
      .toBe("No message for customer CL999 among the 1 of the journal (.dunning/journal.jsonl); customers by id, as dunning age shows them.\n");
  });
});

describe("the journal hears of the letters an accountant prints", { timeout: 60_000 }, () => {
  it("records the formal notice as written: the next runs neither post it again nor go back to a reminder", () => {
    const dir = exampleCopy("letter");
    // Before the letter, the ladder had CL052's invoice at its first reminder by e-mail.
    const before = JSON.parse(runCli(["run", "--dry-run", "--format", "json", "--as-of", "2026-11-23"], { cwd: dir }).stdout) as { reminders: { customer: string; step: string }[] };
    expect(before.reminders.filter((m) => m.customer === "CL052").map((m) => m.step)).toEqual(["reminder-1"]);

    const r = runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("out/2026-11-22_CL052_formal-notice.html\nout/2026-11-22_CL052_formal-notice.pdf\n");
    const lines = journal(dir);
    expect(lines.map((l) => l.type)).toEqual(["intent", "written"]);
    expect(lines[1]).toMatchObject({
      date: "2026-11-22", customer: "CL052", step: "formal-notice", channel: "letter", invoices: ["F2026-0216"], currency: "EUR",
      amount: "15540.00", files: [path.join(dir, "out/2026-11-22_CL052_formal-notice.html"), path.join(dir, "out/2026-11-22_CL052_formal-notice.pdf")],
    });
    expect(lines[0]?.key).toBe(lines[1]?.key);

    const after = JSON.parse(runCli(["run", "--dry-run", "--format", "json", "--as-of", "2026-11-23"], { cwd: dir }).stdout) as { reminders: { customer: string }[]; skipped: { invoice: string; reason: string }[] };
    expect(after.reminders.filter((m) => m.customer === "CL052")).toEqual([]);
    expect(after.skipped.find((s) => s.invoice === "F2026-0216")?.reason).toBe("scenario_finished");
    const history = runCli(["history", "--customer", "CL052", "--format", "json"], { cwd: dir });
    expect(history.stdout).toContain('"formal-notice"');
    expect(history.stdout).toContain('"written"');
  });

  it("a reprint writes the same letter again without recording it twice or recalling itself", () => {
    const dir = exampleCopy("letter");
    const args = ["letter", "--customer", "CL052", "--as-of", "2026-11-22"];
    expect(runCli([...args, "--out", "first"], { cwd: dir }).code).toBe(0);
    const again = runCli([...args, "--out", "again"], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("CL052: this formal-notice (F2026-0216) is in the journal since 2026-11-22: written again, not recorded twice\n");
    expect(journal(dir)).toHaveLength(2);
    expect(readFileSync(path.join(dir, "again/2026-11-22_CL052_formal-notice.html"), "utf8"))
      .toBe(readFileSync(path.join(dir, "first/2026-11-22_CL052_formal-notice.html"), "utf8"));
    // A later day: the reprint says how to get the letter as it was.
    const later = runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-24", "--out", "later"], { cwd: dir });
    expect(later.stderr).toContain("(--as-of 2026-11-22 writes it as it was)");
    expect(journal(dir)).toHaveLength(2);
    // Dated later, it is a new letter that recalls the notice sent on the 22nd.
    expect(readFileSync(path.join(dir, "later/2026-11-24_CL052_formal-notice.html"), "utf8")).toMatch(/mise en demeure du 22\/11\/2026/);
    expect(readFileSync(path.join(dir, "again/2026-11-22_CL052_formal-notice.html"), "utf8")).not.toMatch(/mise en demeure du 22\/11\/2026/);
  });

  it("--all prints a step of the plan as letters, records each once: asked again the same day, the same batch is reprinted", () => {
    const dir = exampleCopy("letter");
    const args = ["letter", "--all", "--step", "reminder-1", "--as-of", "2026-11-22", "--out", "letters"];
    const first = runCli(args, { cwd: dir });
    expect(first.code).toBe(0);
    // The example's plan has three first reminders by e-mail that day; printed, they are letters.
    expect(first.stdout.trim().split("\n").filter((f) => f.endsWith(".pdf"))).toHaveLength(3);
    const recorded = journal(dir).filter((l) => l.type === "written");
    expect(recorded.map((l) => [l.step, l.channel])).toEqual([["reminder-1", "letter"], ["reminder-1", "letter"], ["reminder-1", "letter"]]);
    const second = runCli(args, { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr.match(/is in the journal since 2026-11-22: written again, not recorded twice/g)).toHaveLength(3);
    expect(journal(dir)).toHaveLength(6);
    const plan = JSON.parse(runCli(["run", "--dry-run", "--format", "json", "--as-of", "2026-11-22"], { cwd: dir }).stdout) as { reminders: unknown[] };
    expect(plan.reminders).toEqual([]);
  });

  it("--all twice the same day with a message that took two steps: reprinted, recorded once", () => {
    const dir = exampleCopy("letter-merged");
    // CL052's F2026-0216 had its reminder-1 on 2026-11-15; a second invoice falls due its reminder-1 on the 22nd.
    const first = runCli(["letter", "--customer", "CL052", "--step", "reminder-1", "--as-of", "2026-11-15", "--out", "seed"], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const invoices = path.join(dir, "fr/factures.csv");
    const text = readFileSync(invoices, "latin1");
    const row = text.split("\r\n").find((l) => l.startsWith("F2026-0216;")) as string;
    writeFileSync(invoices, text.replace(row, `${row}\r\n${row.replace("F2026-0216", "F2026-0299").replace(/;\d\d\/\d\d\/2026;(\d\d\/\d\d\/2026);/, ";01/10/2026;$1;")}`), "latin1");
    const plan = JSON.parse(runCli(["run", "--dry-run", "--format", "json", "--as-of", "2026-11-22"], { cwd: dir }).stdout) as { reminders: { customer: string; step: string; invoice_steps?: Record<string, string> }[] };
    const merged = plan.reminders.find((r) => r.customer === "CL052");
    expect(merged?.invoice_steps).toBeDefined();
    const args = ["letter", "--all", "--step", merged?.step as string, "--as-of", "2026-11-22", "--out", "letters"];
    expect(runCli(args, { cwd: dir }).code).toBe(0);
    const written = (): unknown[] => journal(dir).filter((l) => l.type === "written" && l.date === "2026-11-22" && l.customer === "CL052");
    expect(written()).toHaveLength(1);
    expect(runCli(args, { cwd: dir }).code).toBe(0);
    expect(written()).toHaveLength(1);
  });

  it("records the step of the customer's own scenario, found by template; a step it lacks is refused", () => {
    const dir = exampleCopy("letter");
    const config = readFileSync(path.join(dir, "dunning.yaml"), "utf8");
    writeFileSync(path.join(dir, "dunning.yaml"), config.replaceAll("{id: formal-notice, offset:", "{id: mise-en-demeure, offset:"));
    const r = runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("out/2026-11-22_CL052_mise-en-demeure.pdf");
    expect(journal(dir)[1]).toMatchObject({ type: "written", step: "mise-en-demeure" });
    const explain = runCli(["run", "--dry-run", "--explain", "F2026-0216", "--as-of", "2026-11-23"], { cwd: dir });
    expect(explain.stdout).toContain("scenario_finished");

    const unknown = runCli(["letter", "--customer", "CL052", "--step", "relance-speciale", "--as-of", "2026-11-22", "--out", "other"], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('step relance-speciale is not in the scenario "standard" that CL052 follows (courtesy, reminder-1, reminder-2, call, mise-en-demeure)');
    expect(unknown.stderr).toContain("--no-record");
    expect(existsSync(path.join(dir, "other"))).toBe(false);
    expect(journal(dir)).toHaveLength(2);
  });

  it("a letter that cannot be written is recorded as failed, not left of unknown fate", () => {
    const dir = exampleCopy("letter");
    mkdirSync(path.join(dir, "out/2026-11-22_CL052_formal-notice.pdf"), { recursive: true });
    const r = runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(journal(dir).map((l) => [l.type, l.permanent])).toEqual([["intent", undefined], ["failed", false]]);
    const plan = JSON.parse(runCli(["run", "--dry-run", "--format", "json", "--as-of", "2026-11-22"], { cwd: dir }).stdout) as { skipped: { invoice: string; reason: string }[] };
    expect(plan.skipped.find((x) => x.invoice === "F2026-0216")?.reason).not.toBe("uncertain_delivery");
  });

  it("a message of unknown fate holds its invoices; a refused e-mail address does not stop a letter", () => {
    const dir = exampleCopy("letter");
    mkdirSync(path.join(dir, ".dunning"));
    writeFileSync(path.join(dir, ".dunning/journal.jsonl"), journalLines("k1", "2026-11-20", "reminder-2", "email", "intent").slice(0, 1).join("\n") + "\n");
    const held = runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir });
    expect(held.code).toBe(2);
    expect(held.stderr).toContain("of unknown fate: F2026-0216");
    expect(held.stderr).toContain("dunning resolve");

    writeFileSync(path.join(dir, ".dunning/journal.jsonl"), [
      ...journalLines("k2", "2026-11-20", "reminder-2", "email", "failed").map((l) => l.replace('"type":"failed"', '"type":"failed","permanent":true')),
    ].join("\n") + "\n");
    const around = runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir });
    expect(around.code).toBe(0);
  });

  it("a consumer's formal notice recorded by letter starts the legal interest of the letters after it", () => {
    const dir = exampleCopy("letter");
    writeFileSync(path.join(dir, "fr/customers.csv"), "customer,customer_type\nCL052,b2c\n");
    const config = readFileSync(path.join(dir, "dunning.yaml"), "utf8");
    writeFileSync(path.join(dir, "dunning.yaml"), config.replace(/^ {2}holds: /m, "  customers: fr/customers.csv\n  holds: "));
    expect(runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir }).code).toBe(0);
    expect(journal(dir)[1]).toMatchObject({ step: "formal-notice", interest: "0.00" });
    const next = runCli(["letter", "--customer", "CL052", "--step", "reminder-2", "--as-of", "2026-12-20", "--out", "out"], { cwd: dir });
    expect(next.code).toBe(0);
    // Legal interest from 2026-11-25 (received three days after the notice) to 2026-12-20.
    expect(Number(journal(dir)[3]?.interest)).toBeGreaterThan(0);
  });

  it("with --quiet, a recorded letter without a postal address is still reported", () => {
    const dir = exampleCopy("letter");
    const quiet = runCli(["--quiet", "letter", "--customer", "CL045", "--step", "reminder-1", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toContain("no postal address");
    const draft = runCli(["--quiet", "letter", "--customer", "CL045", "--step", "reminder-1", "--no-record", "--as-of", "2026-11-22", "--out", "drafts"], { cwd: dir });
    expect(draft.stderr).toBe("");
  });

  it("a letter of today is recorded without a word about its date", () => {
    const dir = exampleCopy("letter");
    const r = runCli(["letter", "--customer", "CL052", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("not today");
    expect(journal(dir)[1]?.date).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it("--no-record writes drafts and leaves no state folder", () => {
    const dir = exampleCopy("letter");
    const r = runCli(["letter", "--customer", "CL052", "--no-record", "--as-of", "2026-11-22", "--out", "drafts"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(readdirSync(path.join(dir, "drafts"))).toHaveLength(2);
    expect(existsSync(path.join(dir, ".dunning"))).toBe(false);
  });

  it("waits for no run: a live run's lock exits 75 with nothing written; a broken template writes nothing either", () => {
    const dir = exampleCopy("letter");
    mkdirSync(path.join(dir, ".dunning"));
    writeFileSync(path.join(dir, ".dunning/lock"), `${process.pid}\n`);
    const locked = runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: dir });
    expect(locked.code).toBe(75);
    expect(locked.stderr).toContain("holds");
    expect(existsSync(path.join(dir, "out"))).toBe(false);
    expect(journal(dir)).toEqual([]);

    const bad = exampleCopy("letter");
    mkdirSync(path.join(bad, "templates/fr"), { recursive: true });
    writeFileSync(path.join(bad, "templates/fr/formal-notice.html.hbs"), "{{#if}}");
    const config = readFileSync(path.join(bad, "dunning.yaml"), "utf8");
    writeFileSync(path.join(bad, "dunning.yaml"), config.replace(/^templates: .*$/m, "").concat("\ntemplates: templates\n"));
    const broken = runCli(["letter", "--customer", "CL052", "--as-of", "2026-11-22", "--out", "out"], { cwd: bad });
    expect(broken.code).toBe(2);
    expect(existsSync(path.join(bad, "out"))).toBe(false);
    expect(existsSync(path.join(bad, ".dunning"))).toBe(false);
  });
});

describe("a path in the way is the user's setup, not a bug", { timeout: 30_000 }, () => {
  it.each([
    ["--out naming a file (letter)", ["letter", "--customer", "CL052", "--out", "taken"], "cannot use taken: a file of that name is in the way (EEXIST)"],
    ["--out naming a file (dry run)", ["run", "--dry-run", "--out", "taken"], "cannot use taken: a file of that name is in the way (EEXIST)"],
  ])("%s exits 2 with the path and the reason", (_name, args, message) => {
    const dir = exampleCopy("letter");
    writeFileSync(path.join(dir, "taken"), "");
    const r = runCli([...args, "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain("internal error");
  });

  it("state: naming a file exits 2 for the dry run and history alike", () => {
    const dir = exampleCopy("letter");
    writeFileSync(path.join(dir, "taken"), "");
    const config = readFileSync(path.join(dir, "dunning.yaml"), "utf8");
    expect(config).toMatch(/^state: .*$/m);
    writeFileSync(path.join(dir, "dunning.yaml"), config.replace(/^state: .*$/m, "state: taken"));
    for (const args of [["run", "--dry-run"], ["history"]]) {
      const r = runCli([...args, "--as-of", "2026-11-22"], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("a file stands where a folder is needed (ENOTDIR)");
    }
  });
});
