// `dunning age`: who owes what, by how late. Loads the exports, letters payments, ages the open
// amounts and prints them as a table, CSV or JSON (with payer segments on request).

import { ageBalances } from "../core/aging.js";
import { viewAging, type AgingSort } from "../core/aging-view.js";
import { segmentCustomers } from "../core/segments.js";
import { resolvePlanSettings } from "../io/plan-settings.js";
import { renderAgeCsv, renderAgeJson, renderAgeTable } from "../render/age.js";
import type { Context } from "./context.js";
import { loadLedger } from "./pipeline.js";

export interface AgeOptions {
  readonly invoices?: string;
  readonly payments?: string;
  readonly format: "table" | "csv" | "json";
  readonly sort: AgingSort;
  readonly customer?: string;
  readonly minOverdue?: string;
  readonly segments?: boolean;
}

export async function runAge(ctx: Context, options: AgeOptions): Promise<number> {
  const { settings, ledger, loaded } = await loadLedger(ctx, options);
  const report = viewAging(ageBalances(ledger, { asOf: ctx.asOf, buckets: settings.buckets, basis: settings.basis }), {
    sort: options.sort, customer: options.customer, minOverdue: options.minOverdue,
  });
  const segments = options.segments
    ? segmentCustomers(ledger, ctx.asOf, resolvePlanSettings(loaded.config, loaded.baseDir).thresholds)
    : undefined;
  if (options.format === "json") ctx.stdout(renderAgeJson(report, segments));
  else if (options.format === "csv") ctx.stdout(renderAgeCsv(report, segments));
  else ctx.stdout(renderAgeTable(report, { chalk: ctx.out, locale: settings.locale }, segments));
  return 0;
}
