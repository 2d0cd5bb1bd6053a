// `dunning age`: who owes what, by how late. Loads the exports, letters payments, ages the open
// amounts and prints them as a table, CSV or JSON.

import { ageBalances } from "../core/aging.js";
import { viewAging, type AgingSort } from "../core/aging-view.js";
import { matchPayments } from "../core/match.js";
import { loadConfig } from "../io/config.js";
import { loadInputs } from "../io/inputs.js";
import { resolveSettings } from "../io/settings.js";
import { renderAgeCsv, renderAgeJson, renderAgeTable } from "../render/age.js";
import { renderProblems } from "../render/problems.js";
import type { Context } from "./context.js";

export interface AgeOptions {
  readonly invoices?: string;
  readonly payments?: string;
  readonly format: "table" | "csv" | "json";
  readonly sort: AgingSort;
  readonly customer?: string;
  readonly minOverdue?: string;
}

export async function runAge(ctx: Context, options: AgeOptions): Promise<number> {
  const loaded = await loadConfig(ctx.options.config, ctx.cwd);
  const settings = resolveSettings(options, ctx.env, loaded, ctx.cwd);
  const inputs = await loadInputs(settings, ctx.cwd);
  if (!ctx.options.quiet) ctx.stderr(renderProblems(inputs.warnings, ctx.err));
  const ledger = matchPayments({ invoices: inputs.invoices, payments: inputs.payments, asOf: ctx.asOf });
  const report = viewAging(ageBalances(ledger, { asOf: ctx.asOf, buckets: settings.buckets, basis: settings.basis }), {
    sort: options.sort, customer: options.customer, minOverdue: options.minOverdue,
  });
  if (options.format === "json") ctx.stdout(renderAgeJson(report));
  else if (options.format === "csv") ctx.stdout(renderAgeCsv(report));
  else ctx.stdout(renderAgeTable(report, { chalk: ctx.out, locale: settings.locale }));
  return 0;
}
