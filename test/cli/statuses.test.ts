// A business's own status words (statuses: in dunning.yaml), end to end through the built bin:
// paid and void ones leave the aged balance, a dispute or no_dunning one holds the invoice in the
// day's plan, an open one over a built-in word dunns it, a failed payment is no money — and none
// of them is warned of as unknown any more. A meaning that is none is a configuration error.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const INVOICES = `invoice,customer,customer_name,email,issue_date,due_date,amount,currency,status
F1,C1,Alpha,a@a.example,2026-08-01,2026-09-01,100.00,EUR,A relancer
F2,C1,Alpha,a@a.example,2026-08-01,2026-09-01,200.00,EUR,Encaissée
F3,C2,Beta,b@b.example,2026-08-01,2026-09-01,300.00,EUR,Transmis huissier
F4,C2,Beta,b@b.example,2026-08-01,2026-09-01,400.00,EUR,Archivée
F5,C3,Gamma,c@c.example,2026-08-01,2026-09-01,500.00,EUR,Contestation partielle
F6,C3,Gamma,c@c.example,2026-08-01,2026-09-01,600.00,EUR,Litige
`;
const PAYMENTS = `id,date,customer,amount,reference,status
P1,2026-10-01,C1,50.00,F1,Encaissé
P2,2026-10-01,C2,10.00,F3,Chèque impayé
`;
const STATUSES = `statuses:
  invoices:
    "À relancer": open
    "encaissée": paid
    "Transmis huissier": no_dunning
    "ARCHIVEE": void
    "contestation-partielle": dispute
    "litige": open
  payments:
    "Chèque impayé": failed
`;

function project(statuses: string): string[] {
  const dir = tempDir("statuses");
  writeFileSync(path.join(dir, "invoices.csv"), INVOICES);
  writeFileSync(path.join(dir, "payments.csv"), PAYMENTS);
  writeFileSync(path.join(dir, "dunning.yaml"), `data: {invoices: invoices.csv, payments: payments.csv, holds: holds.csv}\nstate: state\n${statuses}`);
  writeFileSync(path.join(dir, "holds.csv"), "invoice,customer,type,until,note\n");
  return ["--config", path.join(dir, "dunning.yaml"), "--as-of", "2026-11-22"];
}

const totals = (args: string[]): Record<string, string> => {
  const doc = JSON.parse(runCli(["age", ...args, "--format", "json"]).stdout) as { customers: { id: string; total: string }[] };
  return Object.fromEntries(doc.customers.map((c) => [c.id, c.total]));
};

describe("statuses: in dunning.yaml", () => {
  it("reads the business's own words as it says, and no longer warns of them", () => {
    const without = project("");
    expect(runCli(["age", ...without]).stderr).toContain('5 rows have a status this tool does not know: "A relancer" (1), "Encaissée" (1)');
    // Without the words, every invoice is owed and P2 is money received.
    expect(totals(without)).toEqual({ C1: "250.00", C2: "690.00", C3: "1100.00" });
    const own = project(STATUSES);
    const age = runCli(["age", ...own]);
    expect(age.code).toBe(0);
    expect(age.stderr).toBe("");
    // F2 paid, F4 void, P2 failed: no money.
    expect(totals(own)).toEqual({ C1: "50.00", C2: "300.00", C3: "1100.00" });
  });

  it("holds a dispute or no_dunning word in the day's plan, and dunns a built-in dispute word said to be open", () => {
    const plan = JSON.parse(runCli(["run", "--dry-run", "--format", "json", ...project(STATUSES)]).stdout) as {
      reminders: { invoices: string[] }[]; skipped: { invoice: string; reason: string; detail: string }[];
    };
    expect(plan.reminders.flatMap((r) => r.invoices).sort()).toEqual(["F1", "F6"]);
    const held = Object.fromEntries(plan.skipped.map((s) => [s.invoice, `${s.reason}: ${s.detail}`]));
    expect(held.F3).toMatch(/^held: no_dunning: status "transmis huissier" in the export/);
    expect(held.F5).toMatch(/^held: dispute: status "contestation partielle" in the export/);
  });

  it.each([
    ["a meaning that is none of the known ones", `statuses:\n  invoices:\n    "À relancer": ouvert\n`,
      'dunning.yaml:5:19: statuses.invoices.À relancer: Invalid option: expected one of "open"|"paid"|"void"|"dispute"|"no_dunning"'],
    ["a word of nothing but a dash, which would stand for every empty status", `statuses:\n  payments:\n    "-": failed\n`,
      "dunning.yaml:5:10: statuses.payments.-: a status word needs letters or digits"],
    ["one word spelt twice with two meanings", `statuses:\n  invoices:\n    "À relancer": open\n    a_relancer: paid\n`,
      'dunning.yaml:6:17: statuses.invoices.a_relancer: "a_relancer" is the same word as "À relancer" (case, accents, spaces, _ and - aside), which says open: keep one'],
  ])("is a configuration error, exit 2, nothing on stdout: %s", (_what, yaml, message) => {
    const r = runCli(["age", ...project(yaml)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });

  it("says a word of the business's own holds an invoice as it says, not as an insolvency", () => {
    const plan = JSON.parse(runCli(["run", "--dry-run", "--format", "json", ...project(STATUSES)]).stdout) as { skipped: { invoice: string; detail: string }[] };
    expect(plan.skipped.find((s) => s.invoice === "F3")?.detail).toBe('no_dunning: status "transmis huissier" in the export: out of dunning, as statuses.invoices in dunning.yaml says (status column)');
  });
});
