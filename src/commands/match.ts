// `dunning match`: how every payment was lettered (allocations with rule, confidence and
// evidence), what stays unapplied and why, and what a human must decide — as a table, CSV, JSON,
// or with --review as the rows of a decisions file to fill in and feed back.

import { problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import type { InputFlags } from "../io/settings.js";
import { renderMatchCsv, renderMatchJson, renderMatchTable, renderReviewCsv, viewMatch } from "../render/match.js";
import type { Context } from "./context.js";
import { loadLedger, requireCustomer, warnEmptyPayments } from "./pipeline.js";

export interface MatchCommandOptions extends InputFlags {
  readonly format: "table" | "csv" | "json";
  readonly customer?: string;
  readonly review?: boolean;
}

export async function runMatch(ctx: Context, options: MatchCommandOptions): Promise<number> {
  if (options.review && options.format === "json") {
    throw new InputError([problem("error", "review_format", "--review writes the decisions file, which is CSV; it has no JSON form", {
      hint: "drop --format json, or use dunning match --format json for the review list as JSON",
    })]);
  }
  const { ledger, settings, inputs } = await loadLedger(ctx, options);
  warnEmptyPayments(ctx, inputs);
  requireCustomer(inputs, options.customer);
  const view = viewMatch(ledger, ctx.asOf, options.customer);
  if (options.review) {
    const review = renderReviewCsv(view);
    ctx.stdout(review.text);
    if (!ctx.options.quiet) {
      if (review.skipped > 0) {
        ctx.stderr(`${review.skipped} review item${review.skipped === 1 ? " concerns a credit note" : "s concern credit notes"} (see dunning match): fix applies_to in the export, a decisions file cannot settle ${review.skipped === 1 ? "it" : "them"}\n`);
      }
      ctx.stderr(review.rows === 0 ? "nothing to decide\n" : `${review.rows} row${review.rows === 1 ? "" : "s"} to decide: write confirm or reject in the decision column, then set data.decisions (or pass --decisions)\n`);
    }
    return 0;
  }
  if (options.format === "json") ctx.stdout(renderMatchJson(view));
  else if (options.format === "csv") ctx.stdout(renderMatchCsv(view));
  else ctx.stdout(renderMatchTable(view, { chalk: ctx.out, locale: settings.locale }));
  return 0;
}
