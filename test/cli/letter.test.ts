// `dunning letter` on a copy of the French example: the formal notice an accountant prints must
// recall the reminders the journal says went out (and only those), whatever the ladder did.

import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
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
    expect(r.stderr).toBe("");
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
