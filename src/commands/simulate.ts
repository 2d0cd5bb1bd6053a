// `dunning simulate --to DATE`: the reminders each day would bring, assuming nothing is paid and
// every reminder goes out — the quickest way to check a scenario's ladder.

import { matchesCustomer } from "../core/aging-view.js";
import { parseIsoDate } from "../core/dates.js";
import { formatMinor } from "../core/money.js";
import { problem } from "../core/problem.js";
import { simulate } from "../core/simulate.js";
import { InputError } from "../errors.js";
import type { InputFlags } from "../io/settings.js";
import { formatAmount } from "../render/amounts.js";
import { withInvoiceSteps } from "../render/plan.js";
import { makeTable, tableText } from "../render/table.js";
import type { Context } from "./context.js";
import { loadPlanning, requireCustomer } from "./pipeline.js";

export interface SimulateOptions extends InputFlags {
  readonly to: string;
  readonly customer?: string;
  readonly format: "table" | "json";
}

export async function runSimulate(ctx: Context, options: SimulateOptions): Promise<number> {
  const to = parseIsoDate(options.to);
  if (to === undefined || to < ctx.asOf) {
    throw new InputError([problem("error", "bad_date", `--to "${options.to}" must be a date (YYYY-MM-DD) on or after ${ctx.asOf}`, { hint: "e.g. --to 2027-03-31" })]);
  }
  const planning = await loadPlanning(ctx, options);
  requireCustomer(planning.inputs, options.customer);
  const wanted = options.customer;
  // An id, or part of a name, as for age and match.
  const input = wanted === undefined ? planning.input : {
    ...planning.input,
    ledger: { ...planning.ledger, items: planning.ledger.items.filter((i) => matchesCustomer(i.invoice.customer, i.invoice.customerName, wanted)) },
  };
  const days = simulate(input, to);
  const sent = days.flatMap((d) => d.reminders.map((r) => ({ date: d.date, r })));
  if (options.format === "json") {
    const reminders = sent.map(({ date, r }) => ({
      date, customer: r.customer, step: r.step.id, channel: r.channel, invoices: r.lines.map((l) => l.invoice), ...withInvoiceSteps(r),
      amount: formatMinor(r.amount, r.currency), currency: r.currency,
    }));
    ctx.stdout(JSON.stringify({ schema_version: 1, from: ctx.asOf, to, reminders }, null, 2) + "\n");
    return 0;
  }
  const table = makeTable(["Date", "Customer", "Step", "Channel", "Invoices", "Cur", "Amount"], ctx.out, (i) => i === 6);
  // Amounts as the other tables write them, in the configured locale (2 980,50 in French).
  for (const { date, r } of sent) {
    table.push([date, r.customer, r.step.id, r.channel, r.lines.map((l) => l.invoice).join(" "), r.currency, formatAmount(r.amount, r.currency, planning.settings.locale)]);
  }
  ctx.stdout(sent.length === 0 ? `Nothing would go out between ${ctx.asOf} and ${to}.\n` : tableText(table));
  return 0;
}
