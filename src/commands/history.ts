// `dunning history`: what was sent, written or refused, when and by which channel, from the
// journal — per customer or per invoice.

import path from "node:path";
import { foldJournal } from "../core/journal-view.js";
import { hasErrors } from "../core/problem.js";
import { InputError } from "../errors.js";
import { loadConfig } from "../io/config-file.js";
import { JOURNAL_FILE, readJournal } from "../io/journal-read.js";
import { resolvePlanSettings } from "../io/plan-settings.js";
import { makeTable, tableText } from "../render/table.js";
import type { Context } from "./context.js";
import { warn } from "./pipeline.js";

export interface HistoryOptions {
  readonly customer?: string;
  readonly invoice?: string;
  readonly format: "table" | "json";
}

export async function runHistory(ctx: Context, options: HistoryOptions): Promise<number> {
  const loaded = await loadConfig(ctx.options.config, ctx.cwd);
  const stateDir = resolvePlanSettings(loaded.config, loaded.baseDir).stateDir;
  const shown = path.relative(ctx.cwd, path.join(stateDir, JOURNAL_FILE));
  const journal = await readJournal(stateDir, shown);
  if (hasErrors(journal.problems)) throw new InputError(journal.problems);
  warn(ctx, journal.problems);
  const all = foldJournal(journal.entries);
  // Compared without case, as --customer is by age, match and simulate (cl014 is CL014); the
  // journal holds ids, not names, so only the id is looked for.
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  const { customer, invoice } = options;
  const rows = all.filter((m) => (customer === undefined || same(m.customer, customer))
    && (invoice === undefined || m.invoices.some((n) => same(n, invoice))));
  if (options.format === "json") {
    ctx.stdout(JSON.stringify({
      schema_version: 1,
      messages: rows.map((m) => ({ key: m.key, date: m.date, customer: m.customer, step: m.step, channel: m.channel, invoices: m.invoices, to: m.to, message_id: m.messageId, status: m.status, error: m.error })),
    }, null, 2) + "\n");
    return 0;
  }
  if (rows.length === 0) {
    // Nothing for this filter is not an empty journal: a person would conclude nothing was ever sent.
    const filter = [customer === undefined ? "" : `customer ${customer}`, invoice === undefined ? "" : `invoice ${invoice}`].filter(Boolean).join(" and ");
    ctx.stdout(all.length === 0 || filter === ""
      ? `Nothing in the journal yet (${shown}).\n`
      : `No message for ${filter} among the ${all.length} of the journal (${shown}); customers by id, as dunning age shows them.\n`);
    return 0;
  }
  const table = makeTable(["Date", "Customer", "Step", "Channel", "Invoices", "To", "Status", "Key"], ctx.out, () => false);
  for (const m of rows) table.push([m.date, m.customer, m.step, m.channel, m.invoices.join(" "), m.to, m.error ? `${m.status}: ${m.error}` : m.status, m.key]);
  ctx.stdout(tableText(table));
  return 0;
}
