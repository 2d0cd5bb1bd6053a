// `dunning check`: validates the configuration, the exports, the decisions, the holds, the
// journal and every letter template (rendered on sample data, strictly) without doing anything
// else — a pre-flight for cron or CI.

import { paidByExport } from "../core/payment-checks.js";
import { planReminders } from "../core/plan.js";
import { hasErrors, problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { redactUrl, resolveSending, type SendingSettings } from "../io/smtp-settings.js";
import { displayName } from "../io/inputs.js";
import { checkTemplates } from "../io/templates.js";
import type { InputFlags } from "../io/settings.js";
import { normalizeHeader } from "../core/headers.js";
import type { ColumnRead } from "../core/records.js";
import type { Context } from "./context.js";
import { loadPlanning, staleInputs, warn, warnPlan, type Planning } from "./pipeline.js";

export async function runCheck(ctx: Context, options: InputFlags): Promise<number> {
  const planning = await loadPlanning(ctx, options);
  warn(ctx, staleInputs(ctx, planning, "warning", "; dunning run will refuse to send from it"));
  const templates = await checkTemplates({ user: planning.plan.templatesDir }, {
    asOf: ctx.asOf, company: planning.settings.company, locale: planning.settings.locale, required: stepTemplates(ctx, planning),
  });
  if (hasErrors(templates)) throw new InputError(templates);
  warn(ctx, templates);
  // The same resolution as `dunning run`, so check and run never disagree on the SMTP settings.
  const sending = resolveSending(planning.loaded.config, ctx.env, sendsEmail(planning));
  warn(ctx, sending.problems.map((p) => problem("warning", p.code, `when an e-mail step falls due, dunning run will stop: ${p.message}`, { hint: p.hint })));
  const plan = planReminders(planning.input);
  warnPlan(ctx, plan.warnings);
  const { inputs, settings } = planning;
  ctx.stdout([
    `configuration: ${settings.configPath ?? "none (defaults)"}`,
    `invoices: ${inputs.invoices.length} read${settings.fec === undefined ? "" : " from the FEC"}${columnsLine(inputs.columns?.invoices)}`,
    `payments: ${inputs.payments.length} read${settings.fec === undefined ? "" : " from the FEC"}${columnsLine(inputs.columns?.payments)}`,
    ...balancesLine(planning),
    `customers file: ${settings.customers === undefined ? "none (data.customers not set)" : displayName(settings.customers, ctx.cwd)}`,
    `decisions: ${decisionsLine(planning)}`,
    `matching: ${planning.ledger.allocations.length} allocation${planning.ledger.allocations.length === 1 ? "" : "s"}, ${planning.ledger.review.length} to review, ${planning.ledger.held.length} invoice${planning.ledger.held.length === 1 ? "" : "s"} held`,
    `holds: ${planning.input.holds.length}`,
    `journal: ${planning.input.history.length} step records`,
    `scenarios: ${[...planning.plan.scenarios.keys()].join(", ")} (default ${planning.plan.defaultScenario})`,
    `templates: ${planning.plan.templatesDir ?? "shipped"} (every template renders)`,
    `smtp: ${smtpLine(sending)}`,
    "ok",
  ].join("\n") + "\n");
  return 0;
}

/**
 * Which column each field came from (`amount ← Total TTC`): an export named its own way is read
 * by aliases, and this is where a user sees that the right column was taken.
 */
function columnsLine(columns: readonly ColumnRead[] | undefined): string {
  if (columns === undefined || columns.length === 0) return "";
  return `\n  columns: ${columns.map((c) => (normalizeHeader(c.header) === normalizeHeader(c.field) ? c.field : `${c.field} ← ${c.header}`)).join(", ")}`;
}

/**
 * Whether the invoices export says what is paid, and from when the payments file is lettered: the
 * double count of matching.md §3.7 is silent until its warnings, which need evidence to fire.
 */
function balancesLine(planning: Planning): string[] {
  const { settings, inputs } = planning;
  if (settings.fec !== undefined) return [];
  let withPaid = 0;
  for (const inv of inputs.invoices) if (paidByExport(inv)) withPaid++;
  if (withPaid === 0) return [];
  if (settings.balancesAsOf !== undefined) return [`balances: the invoices export's paid and open amounts as of ${settings.balancesAsOf} (data.balances_as_of); payments after it are lettered`];
  if (inputs.payments.length === 0) return [];
  return [`balances: ${withPaid} invoice${withPaid === 1 ? "" : "s"} paid in part or in full by the export itself; if the payments file holds those payments too, set data.balances_as_of to the day of the invoices export`];
}

/** The template each written step of each scenario names, and where (so check finds a missing one now). */
function stepTemplates(ctx: Context, planning: Planning): { template: string; where: string; file: string | undefined }[] {
  const file = planning.settings.configPath === undefined ? undefined : displayName(planning.settings.configPath, ctx.cwd);
  return [...planning.plan.scenarios.values()].flatMap((scenario) => scenario.steps.flatMap((step, i) =>
    (step.channel === "phone" ? [] : [{ template: step.template ?? step.id, where: `scenarios.${scenario.id}.steps.${i}`, file }])));
}

function sendsEmail(planning: Planning): boolean {
  return [...planning.plan.scenarios.values()].some((s) => s.steps.some((step) => step.channel === "email"));
}

/** Where e-mails would go, with any credentials hidden. */
function smtpLine(sending: SendingSettings): string {
  const smtp = sending.smtp;
  if (smtp === undefined) return "not ready (needed only for e-mail steps; see the warnings)";
  return `${redactUrl(smtp.url)}${smtp.user !== undefined ? ", with credentials" : ""}, from ${smtp.from}`;
}

/** How many decisions the file gives (undecided rows are suggestions nobody answered yet). */
function decisionsLine(planning: Planning): string {
  const d = planning.decisions;
  if (d === undefined) return "none (data.decisions not set)";
  return `${d.decisions.length} read from ${d.file}${d.undecided > 0 ? `, ${d.undecided} row${d.undecided === 1 ? "" : "s"} not decided yet` : ""}`;
}
