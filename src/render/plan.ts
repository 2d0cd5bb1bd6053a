// The reminder plan as people read it (a table of messages, skips grouped by reason, and the
// reasoning for one invoice) and as the JSON contract tools read (schema_version 1). Pure.

import type { ChalkInstance } from "chalk";
import { formatMinor } from "../core/money.js";
import { invoiceSteps, type Plan, type Reminder, type Skip, type SkipReason } from "../core/reminder.js";
import { formatAmount } from "./amounts.js";
import { makeTable, tableText } from "./table.js";

/** What each skip reason means, in the words of the README's reason table. */
export const SKIP_REASONS: Readonly<Record<SkipReason, string>> = {
  not_due: "no step reached yet",
  held: "on hold (dispute, promise, plan, no_dunning, or a payment under review)",
  too_soon: "a step is due but the previous reminder is too recent",
  below_minimum: "the message total is below the step's min_amount",
  covered_by_credit: "the customer's unapplied credit covers the amount",
  already_sent: "the latest step reached has been done; the next one is not due yet",
  scenario_finished: "every step of the scenario has been done",
  uncertain_delivery: "a previous send may or may not have gone out: resolve it first",
  delivery_failed: "the mail server refused this step for good: fix the address or the message, then resolve",
  no_channel: "no way to reach the customer",
  time_barred: "past its limitation period: no reminder may suggest it can still be enforced",
};

export function renderPlanJson(plan: Plan): string {
  const doc = {
    schema_version: 1,
    as_of: plan.asOf,
    reminders: plan.reminders.map((r) => ({
      customer: r.customer,
      customer_name: r.customerName,
      scenario: r.scenario,
      step: r.step.id,
      channel: r.channel,
      ...(r.fallback ? { fallback: r.fallback } : {}),
      to: r.to,
      ...(r.phone ? { phone: r.phone } : {}),
      invoices: r.lines.map((l) => l.invoice),
      // Invoices due at an earlier step than the message's, which each keeps in the journal.
      ...withInvoiceSteps(r),
      amount: formatMinor(r.amount, r.currency),
      currency: r.currency,
      fees: formatMinor(r.fees, r.currency),
      interest: formatMinor(r.interest, r.currency),
      total: formatMinor(r.totalClaimed, r.currency),
      ...(r.deadline ? { deadline: r.deadline } : {}),
    })),
    skipped: plan.skipped.map((s) => ({ invoice: s.invoice, customer: s.customer, reason: s.reason, detail: s.detail })),
    warnings: plan.warnings,
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

function channelText(r: Reminder, chalk: ChalkInstance): string {
  return r.fallback === "no_email" ? `${r.channel} ${chalk.yellow("(no e-mail)")}` : r.channel;
}

export function renderPlanTable(plan: Plan, chalk: ChalkInstance, locale: string): string {
  let out = "";
  if (plan.reminders.length === 0) {
    out += `No reminder is due as of ${plan.asOf}.\n`;
  } else {
    const table = makeTable(["Customer", "Name", "Step", "Channel", "Invoices", "Cur", "Amount due", "Fees", "Interest"], chalk, (i) => i >= 6);
    for (const r of plan.reminders) {
      table.push([r.customer, r.customerName, r.step.id, channelText(r, chalk), r.lines.map((l) => l.invoice).join(" "), r.currency,
        formatAmount(r.amount, r.currency, locale), formatAmount(r.fees, r.currency, locale), formatAmount(r.interest, r.currency, locale)]);
    }
    out += tableText(table);
    const customers = new Set(plan.reminders.map((r) => r.customer)).size;
    out += `\n${plan.reminders.length} reminder${plan.reminders.length === 1 ? "" : "s"} to ${customers} customer${customers === 1 ? "" : "s"} as of ${plan.asOf}.\n`;
  }
  out += renderSkipSummary(plan.skipped);
  return out;
}

/** Skipped invoices grouped by reason, most frequent first, a few invoice numbers each. */
export function renderSkipSummary(skipped: readonly Skip[]): string {
  if (skipped.length === 0) return "";
  const byReason = new Map<SkipReason, Skip[]>();
  for (const s of skipped) {
    const list = byReason.get(s.reason) ?? [];
    list.push(s);
    byReason.set(s.reason, list);
  }
  const lines = [...byReason.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1)).map(([reason, list]) => {
    const shown = list.slice(0, 5).map((s) => s.invoice).join(", ");
    const more = list.length > 5 ? `, … ${list.length - 5} more` : "";
    return `  ${reason.padEnd(19)} ${String(list.length).padStart(5)}  ${shown}${more}`;
  });
  return `\nNothing today for ${skipped.length} open invoice${skipped.length === 1 ? "" : "s"} (use --explain INVOICE for one):\n${lines.join("\n")}\n`;
}

export function renderExplanation(plan: Plan, invoice: string): string | undefined {
  const lines = plan.explanations.get(invoice);
  return lines === undefined ? undefined : lines.join("\n") + "\n";
}

/** `invoice_steps` of a message that took invoices due at several steps (see invoiceSteps), for the JSON documents. */
export function withInvoiceSteps(r: Reminder): { invoice_steps?: Record<string, string> } {
  const steps = invoiceSteps(r);
  return steps === undefined ? {} : { invoice_steps: steps };
}
