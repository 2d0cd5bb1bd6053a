// A small business set up for sending tests: four customers, a short ladder, and a temp folder
// per test so journals never leak between tests.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "../helpers/temp-dir.js";

export const LADDER = `
company: {name: Atelier Test, email: compta@atelier.example, locale: fr-FR, currency: EUR}
data: {invoices: invoices.csv, payments: payments.csv}
smtp: {from: "Atelier Test <compta@atelier.example>", pause_ms: 0, timeout_ms: 5000}
scenarios:
  standard:
    min_days_between: 2
    catch_up: next
    steps:
      - {id: reminder-1, offset: 1, channel: email}
      - {id: reminder-2, offset: 3, channel: email}
      - {id: call, offset: 4, channel: phone}
      - {id: formal-notice, offset: 5, channel: letter, min_amount: 10}
`;

export const INVOICES = [
  "invoice,customer,customer_name,email,issue_date,due_date,amount",
  "INV-1001,C1,Alpha SARL,alpha@client.example,2026-10-01,2026-11-01,100.00",
  "INV-1002,C2,Beta SAS,beta@client.example,2026-10-01,2026-11-01,200.00",
  "INV-1003,C3,Gamma,gamma@client.example,2026-10-01,2026-11-01,300.00",
  "INV-1004,C4,Delta (no e-mail),,2026-10-01,2026-11-01,400.00",
].join("\n") + "\n";

/**
 * The project folder, removed when the calling test has finished: call it inside the test, and
 * await every run started in it (a killed one too) before the test ends.
 */
export function makeProject(options: { invoices?: string; config?: string } = {}): string {
  const dir = tempDir("send");
  writeFileSync(path.join(dir, "dunning.yaml"), options.config ?? LADDER);
  // Beside the invoices to remind, one a customer has paid (and its payment): a payments export
  // with no payment at all, once reminders have gone out, is one cut short, which stops a run.
  const invoices = (options.invoices ?? INVOICES).replace(/\n?$/, "\n");
  writeFileSync(path.join(dir, "invoices.csv"), `${invoices}${PAID_INVOICE}\n`);
  writeFileSync(path.join(dir, "payments.csv"), "id,date,customer,amount,invoice\nP-0900,2026-10-01,C9,10.00,INV-0900\n");
  return dir;
}

/** An invoice paid before the tests' first day, in the first seven columns every fixture's header shares. */
const PAID_INVOICE = "INV-0900,C9,Paid Ltd,paid@client.example,2026-09-01,2026-10-01,10.00";

/** The journal's records, in order; none when no run has written it yet. */
export function journal(dir: string): Record<string, unknown>[] {
  const file = path.join(dir, ".dunning/journal.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * stderr without the warning a real run gives when it records under a date that is not today:
 * these tests fix "today" with --as-of (or DUNNING_AS_OF), so every run they make is back-dated.
 */
export function withoutBackdating(stderr: string): string {
  return stderr.replace(/^warning: recorded as sent on \d{4}-\d\d-\d\d \(--as-of or DUNNING_AS_OF\), not today .*\n/m, "");
}
