// `dunning check`: validates the configuration, the exports, the holds and the journal (and the
// templates once letters exist) without doing anything else — for a pre-flight in cron or CI.

import { planReminders } from "../core/plan.js";
import type { InputFlags } from "../io/settings.js";
import type { Context } from "./context.js";
import { loadPlanning } from "./pipeline.js";

export async function runCheck(ctx: Context, options: InputFlags): Promise<number> {
  const planning = await loadPlanning(ctx, options);
  const plan = planReminders(planning.input);
  for (const w of plan.warnings) ctx.stderr(`${ctx.err.yellow("warning:")} ${w}\n`);
  const { inputs, settings } = planning;
  ctx.stdout([
    `configuration: ${settings.configPath ?? "none (defaults)"}`,
    `invoices: ${inputs.invoices.length} read`,
    `payments: ${inputs.payments.length} read`,
    `holds: ${planning.input.holds.length}`,
    `journal: ${planning.input.history.length} step records`,
    `scenarios: ${[...planning.plan.scenarios.keys()].join(", ")} (default ${planning.plan.defaultScenario})`,
    "ok",
  ].join("\n") + "\n");
  return 0;
}
