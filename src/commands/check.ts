// `dunning check`: validates the configuration, the exports, the decisions, the holds, the
// journal and every letter template (rendered on sample data, strictly) without doing anything
// else — a pre-flight for cron or CI.

import path from "node:path";
import { planReminders } from "../core/plan.js";
import { hasErrors, problem, type Problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { redactUrl, resolveSending, type SendingSettings } from "../io/smtp-settings.js";
import { checkTemplates, loadTemplates } from "../io/templates.js";
import type { InputFlags } from "../io/settings.js";
import type { Context } from "./context.js";
import { loadPlanning, warn, type Planning } from "./pipeline.js";

export async function runCheck(ctx: Context, options: InputFlags): Promise<number> {
  const planning = await loadPlanning(ctx, options);
  const templates = await checkTemplates({ user: planning.plan.templatesDir }, { asOf: ctx.asOf, company: planning.settings.company, locale: planning.settings.locale });
  templates.push(...(await stepTemplateProblems(planning)));
  if (hasErrors(templates)) throw new InputError(templates);
  warn(ctx, templates);
  // The same resolution as `dunning run`, so check and run never disagree on the SMTP settings.
  const sending = resolveSending(planning.loaded.config, ctx.env, sendsEmail(planning));
  if (!ctx.options.quiet) {
    for (const p of sending.problems) {
      ctx.stderr(`${ctx.err.yellow("warning:")} when an e-mail step falls due, dunning run will stop: ${p.message}${p.hint ? ` — ${p.hint}` : ""}\n`);
    }
  }
  const plan = planReminders(planning.input);
  for (const w of plan.warnings) ctx.stderr(`${ctx.err.yellow("warning:")} ${w}\n`);
  const { inputs, settings } = planning;
  ctx.stdout([
    `configuration: ${settings.configPath ?? "none (defaults)"}`,
    `invoices: ${inputs.invoices.length} read`,
    `payments: ${inputs.payments.length} read`,
    `decisions: ${decisionsLine(planning)}`,
    `matching: ${planning.ledger.allocations.length} allocations, ${planning.ledger.review.length} to review, ${planning.ledger.held.length} invoices held`,
    `holds: ${planning.input.holds.length}`,
    `journal: ${planning.input.history.length} step records`,
    `scenarios: ${[...planning.plan.scenarios.keys()].join(", ")} (default ${planning.plan.defaultScenario})`,
    `templates: ${planning.plan.templatesDir ?? "shipped"} (every template renders)`,
    `smtp: ${smtpLine(ctx, sending)}`,
    "ok",
  ].join("\n") + "\n");
  return 0;
}

/**
 * A step naming a template that exists in no language would fail only on the day it falls due,
 * maybe weeks later in an unattended run: check says so now.
 */
async function stepTemplateProblems(planning: Planning): Promise<Problem[]> {
  const templates = await loadTemplates({ user: planning.plan.templatesDir });
  const known = new Set(templates.languages.flatMap((l) => templates.names(l)));
  const problems: Problem[] = [];
  for (const scenario of planning.plan.scenarios.values()) {
    scenario.steps.forEach((step, i) => {
      if (step.channel === "phone") return;
      const name = step.template ?? step.id;
      if (known.has(name)) return;
      problems.push(problem("error", "template_missing", `scenarios.${scenario.id}.steps.${i}: template "${name}" exists in no language`, {
        file: planning.settings.configPath === undefined ? undefined : path.relative(process.cwd(), planning.settings.configPath) || planning.settings.configPath,
        hint: `add ${name}.subject.hbs, ${name}.html.hbs and ${name}.text.hbs to ${planning.plan.templatesDir ?? "a templates folder (templates: in dunning.yaml)"}, or use one of: ${[...known].sort().join(", ")}`,
      }));
    });
  }
  return problems;
}

function sendsEmail(planning: Planning): boolean {
  return [...planning.plan.scenarios.values()].some((s) => s.steps.some((step) => step.channel === "email"));
}

/** Where e-mails would go, with any credentials hidden. */
function smtpLine(ctx: Context, sending: SendingSettings): string {
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
