// `dunning age`: who owes what, by how late. Loads the exports, letters payments, ages the open
// amounts and prints them as a table, CSV or JSON (with payer segments on request).

import { ageBalances } from "../core/aging.js";
import { readMinimum, viewAging, type AgingSort } from "../core/aging-view.js";
import { problem } from "../core/problem.js";
import { segmentCustomers } from "../core/segments.js";
import { InputError } from "../errors.js";
import { resolvePlanSettings } from "../io/plan-settings.js";
import { renderAgeCsv, renderAgeJson, renderAgeTable } from "../render/age.js";
import type { Context } from "./context.js";
import { loadLedger, requireCustomer, warnEmptyPayments } from "./pipeline.js";

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
  const minOverdue = options.minOverdue === undefined ? undefined : readMinimum(options.minOverdue);
  if (options.minOverdue !== undefined && minOverdue === undefined) {
    throw new InputError([problem("error", "bad_min_overdue", `--min-overdue "${options.minOverdue}" is not an amount`, {
      hint: "write it in major units of each customer's currency, like 500 or 500.50 (500,50 works too)",
    })]);
  }
  const { settings, ledger, loaded, inputs } = await loadLedger(ctx, options);
  requireCustomer(inputs, options.customer);
  warnEmptyPayments(ctx, inputs);
  const report = viewAging(ageBalances(ledger, { asOf: ctx.asOf, buckets: settings.buckets, basis: settings.basis }), {
    sort: options.sort, customer: options.customer, minOverdue,
  });
  const segments = options.segments
    ? segmentCustomers(ledger, ctx.asOf, resolvePlanSettings(loaded.config, loaded.baseDir).thresholds)
    : undefined;
  if (options.format === "json") ctx.stdout(renderAgeJson(report, segments));
  else if (options.format === "csv") ctx.stdout(renderAgeCsv(report, segments));
  else ctx.stdout(renderAgeTable(report, { chalk: ctx.out, locale: settings.locale }, segments));
  return 0;
}
