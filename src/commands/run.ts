// `dunning run --dry-run`: the reminders due today and why every other open invoice gets
// nothing. Reads the journal, never writes it, never sends.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatMoney } from "../core/money.js";
import { planReminders } from "../core/plan.js";
import { problem } from "../core/problem.js";
import type { Plan } from "../core/reminder.js";
import { letterBaseName, letterPdf } from "../io/letters.js";
import { loadRenderer } from "./renderer.js";
import { InputError } from "../errors.js";
import type { InputFlags } from "../io/settings.js";
import { renderExplanation, renderPlanJson, renderPlanTable } from "../render/plan.js";
import type { Context } from "./context.js";
import { loadPlanning, staleInputs, warn, warnPlan, type Planning } from "./pipeline.js";

export interface RunOptions extends InputFlags {
  readonly dryRun?: boolean;
  readonly explain?: string;
  readonly out?: string;
  readonly format: "table" | "json";
}

export async function runRun(ctx: Context, options: RunOptions): Promise<number> {
  if (!options.dryRun && options.explain === undefined) return (await import("./run-send.js")).runSend(ctx, options);
  const planning = await loadPlanning(ctx, options);
  warn(ctx, staleInputs(ctx, planning, "warning", "; dunning run will not send from it"));
  const plan = planReminders(planning.input);
  warnPlan(ctx, plan.warnings);
  if (options.explain !== undefined) {
    ctx.stdout(explain(plan, planning, options.explain));
    return 0;
  }
  if (options.out !== undefined) {
    const written = await writePreviews(ctx, planning, plan, path.resolve(ctx.cwd, options.out));
    if (!ctx.options.quiet) ctx.stderr(`wrote ${written} preview${written === 1 ? "" : "s"} to ${options.out}\n`);
  }
  ctx.stdout(options.format === "json" ? renderPlanJson(plan) : renderPlanTable(plan, ctx.out, planning.settings.locale));
  return 0;
}

/** The reasoning for one invoice, or what settled it when it is not open. */
function explain(plan: Plan, planning: Planning, invoice: string): string {
  const text = renderExplanation(plan, invoice);
  if (text !== undefined) return text;
  const item = planning.ledger.items.find((i) => i.invoice.number === invoice);
  if (!item) {
    throw new InputError([problem("error", "unknown_invoice", `invoice ${invoice} is not in the invoices file (or is issued after ${plan.asOf})`, { hint: "check the number: it must be written as in the export" })]);
  }
  const inv = item.invoice;
  const lines = [`${inv.number} (${inv.customer} ${inv.customerName}): ${inv.type === "credit_note" ? "a credit note" : "nothing open"} as of ${plan.asOf}; no reminder.`];
  if (inv.paid !== 0) lines.push(`paid per the export: ${formatMoney(inv.paid, inv.currency)}`);
  for (const a of planning.ledger.allocations.filter((x) => x.invoice === invoice)) {
    lines.push(`settled by ${a.payment}: ${formatMoney(a.amount, a.currency)} (${a.rule}, ${a.confidence}: ${a.evidence})`);
  }
  return lines.join("\n") + "\n";
}

/** Each message as it would go out: e-mails as HTML and text, letters as HTML and PDF. */
async function writePreviews(ctx: Context, planning: Planning, plan: Plan, dir: string): Promise<number> {
  const renderer = await loadRenderer(ctx, planning);
  const letters = renderer.renderAll(plan.reminders);
  warn(ctx, letters.flatMap((l) => l.warnings));
  await mkdir(dir, { recursive: true });
  for (const letter of letters) {
    const base = path.join(dir, letterBaseName(plan.asOf, letter.reminder, planning.settings.currency));
    const { subject, text, html } = letter.rendered;
    await writeFile(`${base}.html`, html, "utf8");
    await writeFile(`${base}.txt`, `Subject: ${subject}\nTo: ${letter.reminder.to || "(by post)"}\n\n${text}`, "utf8");
    if (letter.reminder.channel === "letter") await writeFile(`${base}.pdf`, await letterPdf(letter));
  }
  return letters.length;
}
