// `dunning charges`: the late-payment interest and fixed indemnities owed on invoices paid late,
// which no reminder claims once the invoice is paid — per invoice, with totals per currency, for
// the business to claim them. Reads the exports, the holds file, the journal and late_payment of
// dunning.yaml; writes nothing.

import { chargesOnPaidLate } from "../core/charges.js";
import { parseIsoDate } from "../core/dates.js";
import { formalNoticeSteps } from "../core/delivered.js";
import { problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import type { InputFlags } from "../io/settings.js";
import { renderChargesCsv, renderChargesJson, renderChargesTable } from "../render/charges.js";
import type { Context } from "./context.js";
import { loadPlanning, requireCustomer, warnEmptyPayments, warnPlan } from "./pipeline.js";

export interface ChargesCommandOptions extends InputFlags {
  readonly format: "table" | "csv" | "json";
  readonly customer?: string;
  readonly since?: string;
  readonly minDaysLate?: string;
}

function readOptions(options: ChargesCommandOptions): { since: string | undefined; minDaysLate: number | undefined } {
  const since = options.since === undefined ? undefined : parseIsoDate(options.since);
  if (options.since !== undefined && since === undefined) {
    throw new InputError([problem("error", "bad_since", `--since "${options.since}" is not a date`, { hint: "write it as YYYY-MM-DD, e.g. 2026-07-01" })]);
  }
  const days = options.minDaysLate;
  if (days !== undefined && !/^\d{1,5}$/.test(days.trim())) {
    throw new InputError([problem("error", "bad_min_days_late", `--min-days-late "${days}" is not a number of days`, { hint: "write a whole number, e.g. 15" })]);
  }
  return { since, minDaysLate: days === undefined ? undefined : Number(days) };
}

export async function runCharges(ctx: Context, options: ChargesCommandOptions): Promise<number> {
  const { since, minDaysLate } = readOptions(options);
  // The planning inputs: the holds file, and the journal (when a reminder or a notice was received).
  const { ledger, inputs, settings, plan, input } = await loadPlanning(ctx, options);
  requireCustomer(inputs, options.customer);
  warnEmptyPayments(ctx, inputs);
  const { profile } = plan;
  if (profile.name === "none") {
    warnPlan(ctx, ["late_payment.profile is none (the default): no interest nor indemnity is computed — set late_payment.profile in dunning.yaml (fr-b2b, eu, uk, de or custom)"]);
  }
  const report = chargesOnPaidLate(ledger, {
    asOf: ctx.asOf, profile, since, minDaysLate, customer: options.customer, holds: input.holds, history: input.history, formalNotices: formalNoticeSteps(plan.scenarios),
  });
  warnPlan(ctx, report.warnings);
  if (options.format === "json") ctx.stdout(renderChargesJson(report));
  else if (options.format === "csv") ctx.stdout(renderChargesCsv(report));
  else ctx.stdout(renderChargesTable(report, { chalk: ctx.out, locale: settings.locale }));
  return 0;
}
