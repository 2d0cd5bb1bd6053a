// End-to-end planning commands on examples/dunning.yaml as of 2026-11-22: golden dry-run table,
// JSON and --explain, simulate, the JSON contract, a dry run never writing state, dunning hold,
// dunning check and located configuration errors. Needs `npm run build` first.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleCopy } from "../helpers/example-copy.js";
import { ROOT, runCli, transcript } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const FR = ["--config", "examples/dunning.yaml", "--as-of", "2026-11-22"];
/** Time for a test that spawns the CLI several times on a busy machine. */
const SPAWNS = 60_000;
const REASONS = ["not_due", "held", "too_soon", "below_minimum", "covered_by_credit", "already_sent", "scenario_finished", "uncertain_delivery", "delivery_failed"];

/** Every file and folder under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split(path.sep).join("/")).sort();
}

interface PlanJson {
  schema_version: number;
  as_of: string;
  reminders: Record<string, unknown>[];
  skipped: { invoice: string; reason: string; detail: string }[];
}

const planOf = (args: string[], cwd?: string): PlanJson => {
  const r = runCli(["run", "--dry-run", ...args, "--format", "json"], cwd === undefined ? {} : { cwd });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PlanJson;
};
const reasonOf = (plan: PlanJson, invoice: string) => plan.skipped.find((s) => s.invoice === invoice)?.reason;

describe("golden outputs on the French example", { timeout: SPAWNS }, () => {
  it.each([
    ["table", ["run", "--dry-run", ...FR]],
    ["json", ["run", "--dry-run", ...FR, "--format", "json"]],
    ["explain-held-litige", ["run", "--dry-run", ...FR, "--explain", "F2026-0207"]],
    ["explain-held-promise", ["run", "--dry-run", ...FR, "--explain", "F2026-0225"]],
    ["explain-due", ["run", "--dry-run", ...FR, "--explain", "F2026-0216"]],
    ["explain-paid", ["run", "--dry-run", ...FR, "--explain", "F2026-0201"]],
    ["simulate", ["simulate", ...FR, "--to", "2027-01-31"]],
    ["simulate-customer-json", ["simulate", ...FR, "--to", "2027-01-31", "--customer", "CL014", "--format", "json"]],
  ])("%s", async (name, args) => {
    const r = runCli(args);
    expect(r.code).toBe(0);
    await expect(transcript(r)).toMatchFileSnapshot(`golden/run-${name}.txt`);
  });

  it("explains the held and the due invoices in words", () => {
    expect(runCli(["run", "--dry-run", ...FR, "--explain", "F2026-0207"]).stdout).toContain('→ nothing today: held, dispute: status "litige" in the export (status column)');
    expect(runCli(["run", "--dry-run", ...FR, "--explain", "F2026-0225"]).stdout).toMatch(/→ nothing today: held, promise until 2026-11-30: .* \(examples\/fr\/holds\.csv:2\)/);
    expect(runCli(["run", "--dry-run", ...FR, "--explain", "F2026-0216"]).stdout).toMatch(/→ reminder-1 is due \(offset 7 reached on 2026-10-22\)\n$/);
  });

  it("refuses to explain an invoice that is not in the exports", () => {
    const r = runCli(["run", "--dry-run", ...FR, "--explain", "F1999-0001"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invoice F1999-0001 is not in the invoices file");
  });

  it("does not send from a script without --yes, and writes no state", () => {
    const dir = exampleCopy("run");
    const r = runCli(["run", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("--dry-run");
    expect(existsSync(path.join(dir, ".dunning", "journal.jsonl"))).toBe(false);
  });
});

describe("the JSON contract (schema_version 1)", { timeout: SPAWNS }, () => {
  let doc: PlanJson;
  beforeAll(() => {
    doc = planOf(FR);
  });

  it("keeps the documented keys", () => {
    expect(doc.schema_version).toBe(1);
    expect(doc.as_of).toBe("2026-11-22");
    expect(doc.reminders.length).toBeGreaterThan(0);
    for (const r of doc.reminders) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(["customer", "step", "channel", "to", "invoices", "amount", "currency", "fees", "interest"]));
      for (const key of ["amount", "fees", "interest"]) expect(r[key]).toMatch(/^\d+\.\d{2}$/);
      expect(r.invoices).toEqual(expect.arrayContaining([expect.stringMatching(/^F2026-/)]));
      expect(["email", "letter", "phone"]).toContain(r.channel);
    }
    expect(doc.skipped.length).toBeGreaterThan(0);
    for (const s of doc.skipped) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(["invoice", "reason"]));
      expect(REASONS).toContain(s.reason);
    }
  });

  it("lists every open invoice once, as a reminder line or a skip", () => {
    const inReminders = doc.reminders.flatMap((r) => r.invoices as string[]);
    const all = [...inReminders, ...doc.skipped.map((s) => s.invoice)];
    expect(new Set(all).size).toBe(all.length);
    expect(reasonOf(doc, "F2026-0207")).toBe("held");
    expect(reasonOf(doc, "F2026-0225")).toBe("held");
    expect(inReminders).toContain("F2026-0216");
    expect(all).not.toContain("F2026-0201");
    expect(all).not.toContain("AV2026-0011");
  });

  it("claims 40 EUR and interest at 12.15 % on a late business invoice", () => {
    const r = doc.reminders.find((x) => (x.invoices as string[]).includes("F2026-0216"));
    expect(r).toMatchObject({ customer: "CL052", step: "reminder-1", currency: "EUR", fees: "40.00" });
    expect(Number(r?.interest)).toBeGreaterThan(0);
  });

  it("shows a customer without e-mail as a letter", () => {
    const later = planOf(["--config", "examples/dunning.yaml", "--as-of", "2026-11-27"]);
    expect(later.reminders.find((x) => x.customer === "CL045")).toMatchObject({ step: "reminder-1", channel: "letter", fallback: "no_email", to: "" });
  });
});

describe("a dry run writes nothing", { timeout: SPAWNS }, () => {
  it("never creates the state folder or a journal, with --out, simulate and check too", () => {
    const dir = exampleCopy("run");
    const before = tree(dir);
    for (const args of [["run", "--dry-run"], ["run", "--dry-run", "--format", "json"], ["run", "--dry-run", "--explain", "F2026-0216"], ["simulate", "--to", "2027-01-31"], ["check"]]) {
      const r = runCli([...args, "--as-of", "2026-11-22"], { cwd: dir });
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
    }
    expect(existsSync(path.join(dir, ".dunning"))).toBe(false);
    expect(tree(dir)).toEqual(before);
    const out = runCli(["run", "--dry-run", "--out", "previews", "--as-of", "2026-11-22"], { cwd: dir });
    expect(out.code).toBe(0);
    expect(existsSync(path.join(dir, ".dunning"))).toBe(false);
    const previews = readdirSync(path.join(dir, "previews")).filter((f) => f.endsWith(".html"));
    expect(previews.length).toBe(planOf(["--as-of", "2026-11-22"], dir).reminders.length);
  });

  it("reads an existing journal without touching it", () => {
    const dir = exampleCopy("run");
    mkdirSync(path.join(dir, ".dunning"));
    const journal = path.join(dir, ".dunning", "journal.jsonl");
    const lines = [
      { type: "intent", key: "m1", date: "2026-11-20", customer: "CL052", step: "reminder-1", channel: "email", invoices: ["F2026-0216"] },
      { type: "sent", key: "m1", date: "2026-11-20" },
      { type: "intent", key: "m2", date: "2026-11-20", customer: "CL022", step: "reminder-1", channel: "email", invoices: ["F2026-0219"] },
    ];
    const text = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
    writeFileSync(journal, text);
    const mtime = statSync(journal).mtimeMs;
    const plan = planOf(["--as-of", "2026-11-22"], dir);
    // reminder-1 went out two days ago: reminder-2 (+15) is reached but must wait 7 days.
    expect(plan.skipped.find((s) => s.invoice === "F2026-0216")).toMatchObject({ reason: "too_soon", detail: expect.stringContaining("not before 2026-11-27") });
    expect(reasonOf(plan, "F2026-0219")).toBe("uncertain_delivery");
    expect(readFileSync(journal, "utf8")).toBe(text);
    expect(statSync(journal).mtimeMs).toBe(mtime);
    expect(readdirSync(path.join(dir, ".dunning"))).toEqual(["journal.jsonl"]);
  });
});

describe("previews (--out)", { timeout: SPAWNS }, () => {
  it("writes each message but not the calls, which have no template", () => {
    const dir = exampleCopy("run");
    mkdirSync(path.join(dir, ".dunning"));
    writeFileSync(path.join(dir, ".dunning", "journal.jsonl"), [
      { type: "intent", key: "m1", date: "2026-11-01", customer: "CL014", step: "reminder-2", channel: "email", invoices: ["F2026-0214"] },
      { type: "sent", key: "m1", date: "2026-11-01" },
    ].map((l) => JSON.stringify(l)).join("\n") + "\n");
    const plan = planOf(["--as-of", "2026-11-22"], dir);
    expect(plan.reminders.find((r) => r.customer === "CL014")).toMatchObject({ step: "call", channel: "phone" });
    const r = runCli(["run", "--dry-run", "--out", "previews", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const html = readdirSync(path.join(dir, "previews")).filter((f) => f.endsWith(".html"));
    expect(html).toEqual(plan.reminders.filter((x) => x.channel !== "phone").map((x) => `2026-11-22_${x.customer as string}_${x.step as string}.html`));
  });
});

describe("dunning hold", { timeout: SPAWNS }, () => {
  it("appends to holds.csv and the next dry run shows the invoice as held", () => {
    const dir = exampleCopy("run");
    expect(planOf(["--as-of", "2026-11-22"], dir).reminders.some((r) => (r.invoices as string[]).includes("F2026-0216"))).toBe(true);
    const r = runCli(["hold", "F2026-0216", "--type", "promise", "--until", "2026-12-05", "--note", "Virement promis, appel du 20/11", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("hold added to fr/holds.csv: F2026-0216 promise until 2026-12-05\n");
    expect(readFileSync(path.join(dir, "fr/holds.csv"), "utf8").split("\n").slice(1)).toEqual([
      'F2026-0225,,promise,2026-11-30,"M. Roux promet un virement le 30/11 (appel du 18/11)"',
      'F2026-0216,,promise,2026-12-05,"Virement promis, appel du 20/11"',
      "",
    ]);
    const plan = planOf(["--as-of", "2026-11-22"], dir);
    expect(plan.skipped.find((s) => s.invoice === "F2026-0216")).toMatchObject({ reason: "held", detail: "promise until 2026-12-05: Virement promis, appel du 20/11 (fr/holds.csv:3)" });
    expect(reasonOf(planOf(["--as-of", "2026-12-06"], dir), "F2026-0216")).toBeUndefined();
  });

  it("a holds file data.holds names that has gone stops every command but dunning hold, which makes it again", () => {
    const dir = exampleCopy("run");
    rmSync(path.join(dir, "fr/holds.csv"));
    const dry = runCli(["run", "--dry-run", "--as-of", "2026-11-22"], { cwd: dir });
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain("fr/holds.csv: the holds file data.holds names does not exist: its disputes and promises would not hold — restore it");
    expect(runCli(["check", "--as-of", "2026-11-22"], { cwd: dir }).code).toBe(2);
    expect(runCli(["hold", "F2026-0216", "--type", "dispute", "--as-of", "2026-11-22"], { cwd: dir }).code).toBe(0);
    expect(reasonOf(planOf(["--as-of", "2026-11-22"], dir), "F2026-0216")).toBe("held");
  });

  it("holds a whole customer", () => {
    const dir = exampleCopy("run");
    expect(runCli(["hold", "--customer", "CL014", "--type", "plan", "--note", "échéancier 3 x", "--as-of", "2026-11-22"], { cwd: dir }).code).toBe(0);
    const plan = planOf(["--as-of", "2026-11-22"], dir);
    expect(plan.reminders.map((r) => r.customer)).not.toContain("CL014");
    expect(reasonOf(plan, "F2026-0214")).toBe("held");
  });

  it("adds the missing final newline of a hand-edited file instead of gluing the row to it", () => {
    const dir = exampleCopy("run");
    writeFileSync(path.join(dir, "fr/holds.csv"), "invoice,customer,type,until,note\nF2026-0225,,promise,2026-11-30,appel");
    expect(runCli(["hold", "F2026-0216", "--type", "dispute", "--as-of", "2026-11-22"], { cwd: dir }).code).toBe(0);
    const plan = planOf(["--as-of", "2026-11-22"], dir);
    expect([reasonOf(plan, "F2026-0216"), reasonOf(plan, "F2026-0225")]).toEqual(["held", "held"]);
  });

  it("writes a French ;-separated file in its own columns", () => {
    const dir = exampleCopy("run");
    writeFileSync(path.join(dir, "fr/holds.csv"), "N° facture;Motif;Jusqu'au;Commentaire\r\nF2026-0225;promise;30/11/2026;appel\r\n");
    expect(runCli(["hold", "F2026-0216", "--type", "promise", "--until", "2026-12-05", "--note", "oui; bientôt", "--as-of", "2026-11-22"], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, "fr/holds.csv"), "utf8")).toBe("N° facture;Motif;Jusqu'au;Commentaire\r\nF2026-0225;promise;30/11/2026;appel\r\nF2026-0216;promise;2026-12-05;\"oui; bientôt\"\r\n");
    expect(reasonOf(planOf(["--as-of", "2026-11-22"], dir), "F2026-0216")).toBe("held");
  });

  it("appends to a holds file saved as Excel's \"Unicode text\" in UTF-16, without a second BOM", () => {
    const dir = exampleCopy("run");
    const file = path.join(dir, "fr/holds.csv");
    const bom = Buffer.from([0xff, 0xfe]);
    writeFileSync(file, Buffer.concat([bom, Buffer.from("N° facture\tMotif\tJusqu'au\tCommentaire\r\nF2026-0225\tpromise\t30/11/2026\tappel\r\n", "utf16le")]));
    expect(runCli(["hold", "F2026-0216", "--type", "promise", "--until", "2026-12-05", "--note", "virement « bientôt »", "--as-of", "2026-11-22"], { cwd: dir }).code).toBe(0);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2)).toEqual(bom);
    expect(bytes.subarray(2).toString("utf16le")).toBe("N° facture\tMotif\tJusqu'au\tCommentaire\r\nF2026-0225\tpromise\t30/11/2026\tappel\r\nF2026-0216\tpromise\t2026-12-05\tvirement « bientôt »\r\n");
    const plan = planOf(["--as-of", "2026-11-22"], dir);
    expect([reasonOf(plan, "F2026-0216"), reasonOf(plan, "F2026-0225")]).toEqual(["held", "held"]);
  });

  it("starts a holds file that holds nothing but a byte order mark afresh, header first", () => {
    const dir = exampleCopy("run");
    const file = path.join(dir, "fr/holds.csv");
    writeFileSync(file, Buffer.from([0xff, 0xfe]));
    expect(runCli(["hold", "F2026-0216", "--type", "dispute", "--as-of", "2026-11-22"], { cwd: dir }).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("invoice,customer,type,until,note\nF2026-0216,,dispute,,\n");
  });

  it("takes the exports from --invoices/--payments like every input command", () => {
    const dir = exampleCopy("run");
    const r = runCli(["hold", "INV-2026-0109", "--type", "promise", "--invoices", "invoices.csv", "--payments", "payments.csv", "--decisions", "decisions.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, "fr/holds.csv"), "latin1")).toContain("INV-2026-0109");
  });

  it.each([
    ["neither invoice nor customer", ["--type", "dispute"], "name either an invoice or a customer"],
    ["an unknown type", ["F2026-0216", "--type", "promised"], "Allowed choices are dispute, promise, plan, no_dunning"],
    ["an until already past", ["F2026-0216", "--type", "promise", "--until", "2026-11-21"], "--until 2026-11-21 is already past"],
    ["an invoice not in the exports (a typo)", ["F2026-0261", "--type", "dispute"], "invoice F2026-0261 is in no export: this dispute hold holds nothing"],
    ["a customer not in the exports", ["--customer", "CL41", "--type", "dispute"], "customer CL41 has no invoice in the exports: this dispute hold holds nothing"],
  ])("refuses %s and leaves holds.csv alone", (_name, args, message) => {
    const dir = exampleCopy("run");
    const before = readFileSync(path.join(dir, "fr/holds.csv"), "utf8");
    const r = runCli(["hold", ...args, "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(readFileSync(path.join(dir, "fr/holds.csv"), "utf8")).toBe(before);
  });
});

describe("dunning check and configuration errors", { timeout: SPAWNS }, () => {
  it("exits 0 on the examples", () => {
    const r = runCli(["check", ...FR]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("scenarios: standard, gentle (default standard)\n");
    expect(r.stdout).toMatch(/\nok\n$/);
  });

  /** A copy of the example config with one text replaced; the expected LINE:COL of `marker`. */
  function brokenConfig(from: string, to: string, marker: string): { dir: string; where: string } {
    const dir = exampleCopy("run");
    const text = readFileSync(path.join(dir, "dunning.yaml"), "utf8");
    expect(text).toContain(from);
    const broken = text.replace(from, to);
    writeFileSync(path.join(dir, "dunning.yaml"), broken);
    const lines = broken.split("\n");
    const line = lines.findIndex((l) => l.includes(marker));
    return { dir, where: `dunning.yaml:${line + 1}:${(lines[line] as string).indexOf(marker) + 1}` };
  }

  it("exits 2 on a rule naming an unknown scenario, located at its line and column", () => {
    const { dir, where } = brokenConfig("{scenario: gentle, ids: [CL060]}", "{scenario: gentel, ids: [CL060]}", "gentel");
    const r = runCli(["check", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${where}: customers.rules.0.scenario: scenario "gentel" is not defined under scenarios — use one of: standard, gentle`);
  });

  it("check refuses a step whose template exists in no language, before it ever falls due", () => {
    const { dir } = brokenConfig("template: reminder-2}", "template: reminder-3}", "reminder-3");
    const r = runCli(["check", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dunning\.yaml: scenarios\.(standard|gentle)\.steps\.\d: template "reminder-3" exists in no language/);
  });

  it("check reads the SMTP settings as run does: warns of what run would refuse, passes when it would send", () => {
    const without = runCli(["check", ...FR]);
    expect(without.code).toBe(0);
    expect(without.stderr).toContain("dunning run will stop: e-mail reminders are due but no SMTP server is configured");
    const noFrom = runCli(["check", ...FR], { env: { DUNNING_SMTP_URL: "smtp://127.0.0.1:2525" } });
    expect(noFrom.stderr).toContain("smtp.from is not set");
    expect(runCli(["check", ...FR], { env: { DUNNING_SMTP_URL: "" } }).stderr).toContain("no SMTP server is configured");
    const ready = runCli(["check", ...FR], { env: { DUNNING_SMTP_URL: "smtp://127.0.0.1:2525", DUNNING_SMTP_FROM: "Compta <compta@atelier.example>" } });
    expect(ready.code).toBe(0);
    expect(ready.stderr).not.toContain("SMTP");
    expect(ready.stdout).toContain("smtp: smtp://127.0.0.1:2525, from Compta <compta@atelier.example>\n");
  });

  it("DUNNING_INVOICES, DUNNING_PAYMENTS and DUNNING_DECISIONS stand for the input flags, relative to the current folder", () => {
    const dir = exampleCopy("run");
    const viaEnv = runCli(["age", "--format", "json", "--as-of", "2026-11-22"], {
      cwd: dir, env: { DUNNING_INVOICES: "invoices.csv", DUNNING_PAYMENTS: "payments.csv", DUNNING_DECISIONS: "decisions.csv" },
    });
    const viaFlags = runCli(["age", "--format", "json", "--as-of", "2026-11-22", "--invoices", "invoices.csv", "--payments", "payments.csv", "--decisions", "decisions.csv"], { cwd: dir });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toBe(viaFlags.stdout);
    expect(viaEnv.stdout).toContain('"id": "C003"');
  });

  it("flags win over the environment across the two ways of giving the ledger: --invoices/--payments over DUNNING_FEC, --fec over DUNNING_INVOICES", () => {
    const dir = tempDir("env-inputs");
    const csv = ["--invoices", path.join(ROOT, "examples/invoices.csv"), "--payments", path.join(ROOT, "examples/payments.csv")];
    const age = ["age", "--format", "json", "--as-of", "2026-11-22"];
    const viaFlags = runCli([...age, ...csv], { cwd: dir });
    const overFec = runCli([...age, ...csv], { cwd: dir, env: { DUNNING_FEC: "no-such-fec.txt" } });
    expect(overFec.code, overFec.stderr).toBe(0);
    expect(overFec.stdout).toBe(viaFlags.stdout);
    const fec = ["--fec", path.join(ROOT, "examples/fec/123456789FEC20261231.txt")];
    const fecAlone = runCli([...age, ...fec], { cwd: dir });
    const overCsv = runCli([...age, ...fec], { cwd: dir, env: { DUNNING_INVOICES: "invoices.csv", DUNNING_PAYMENTS: "payments.csv" } });
    expect(overCsv.code, overCsv.stderr).toBe(0);
    expect(overCsv.stdout).toBe(fecAlone.stdout);
    // Both on the command line is still the user's contradiction.
    expect(runCli([...age, ...fec, ...csv], { cwd: dir }).code).toBe(2);
  });

  it("locates a missing required key at the entry that lacks it", () => {
    const { dir, where } = brokenConfig("{id: formal-notice, offset: 30, channel: letter", "{id: formal-notice, channel: letter", "{id: formal-notice, channel");
    const r = runCli(["check", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${where}: scenarios.standard.steps.4.offset: "offset" is missing here (a number is required)`);
  });

  it("locates an unknown step key and suggests the right one", () => {
    const { dir, where } = brokenConfig("min_amount: 100, deadline_days: 8", "min_amont: 100, deadline_days: 8", "min_amont");
    const r = runCli(["run", "--dry-run", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${where}: unknown key "scenarios.standard.steps.4.min_amont" — did you mean "min_amount"?`);
  });

  it("locates steps listed out of offset order", () => {
    const { dir, where } = brokenConfig("{id: reminder-2, offset: 15,", "{id: reminder-2, offset: 5,", "5, channel: email, template: reminder-2");
    const r = runCli(["check", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${where}: scenarios.standard.steps.2.offset: step reminder-2 (offset 5) comes after reminder-1 (offset 7)`);
  });

  it("reports a damaged journal line and plans nothing", () => {
    const dir = exampleCopy("run");
    mkdirSync(path.join(dir, ".dunning"));
    writeFileSync(path.join(dir, ".dunning", "journal.jsonl"), "{\"type\":\"sent\" \"key\":\"m1\"}\n[1, 2]\n");
    const r = runCli(["check", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(".dunning/journal.jsonl:1: this journal line is not a valid record");
    expect(r.stderr).toContain(".dunning/journal.jsonl:2: this journal line is not a valid record");
  });

  it("ignores a line torn by a crash, also once a later run has appended after it", () => {
    const dir = exampleCopy("run");
    mkdirSync(path.join(dir, ".dunning"));
    const journal = path.join(dir, ".dunning", "journal.jsonl");
    const sent = [
      { type: "intent", key: "m1", date: "2026-11-20", customer: "CL052", step: "reminder-1", channel: "email", invoices: ["F2026-0216"] },
      { type: "sent", key: "m1", date: "2026-11-20" },
    ].map((l) => JSON.stringify(l)).join("\n");
    // The crash cut the intent of m2 short; the next run ended that line and wrote m3.
    writeFileSync(journal, `${sent}\n{"type":"intent","key":"m2","date":"2026-11-21","cust`);
    const first = runCli(["run", "--dry-run", "--as-of", "2026-11-22", "--format", "json"], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(".dunning/journal.jsonl:3: warning: this journal line is incomplete");
    writeFileSync(journal, `${readFileSync(journal, "utf8")}\n${JSON.stringify({ type: "intent", key: "m3", date: "2026-11-22", customer: "CL022", step: "reminder-1", channel: "email", invoices: ["F2026-0219"] })}\n`);
    const plan = planOf(["--as-of", "2026-11-22"], dir);
    expect(reasonOf(plan, "F2026-0216")).toBe("too_soon");
    expect(reasonOf(plan, "F2026-0219")).toBe("uncertain_delivery");
  });
});

describe("dunning age --segments", { timeout: SPAWNS }, () => {
  it("shows each customer's payer segment", () => {
    const r = runCli(["age", ...FR, "--segments"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^CL031 .* at_risk$/m);
    expect(r.stdout).toMatch(/^CL060 .* new$/m);
  });
});
