// `dunning hold`: record a dispute, a payment promise, a payment plan or a do-not-dun on an
// invoice or a customer by appending a row to holds.csv.

import path from "node:path";
import { parseIsoDate } from "../core/dates.js";
import { whyHoldsNothing } from "../core/hold-records.js";
import { HOLD_TYPES, type Hold, type HoldType } from "../core/holds.js";
import { problem, type Problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { loadConfig } from "../io/config-file.js";
import { appendHold } from "../io/holds.js";
import { resolvePlanSettings } from "../io/plan-settings.js";
import { loadInputs } from "../io/inputs.js";
import { resolveSettings, type InputFlags } from "../io/settings.js";
import type { Context } from "./context.js";

export interface HoldOptions extends InputFlags {
  readonly customer?: string;
  readonly type: string;
  readonly until?: string;
  readonly note?: string;
}

export async function runHold(ctx: Context, invoice: string | undefined, options: HoldOptions): Promise<number> {
  const problems: Problem[] = [];
  if ((invoice === undefined) === (options.customer === undefined)) {
    problems.push(problem("error", "hold_target", "name either an invoice or a customer", { hint: "dunning hold F2026-0214 --type promise … or dunning hold --customer CL014 --type dispute …" }));
  }
  if (!HOLD_TYPES.includes(options.type as HoldType)) {
    problems.push(problem("error", "bad_hold_type", `--type "${options.type}" is unknown`, { hint: `use one of: ${HOLD_TYPES.join(", ")}` }));
  }
  const until = options.until === undefined ? undefined : parseIsoDate(options.until);
  if (options.until !== undefined && until === undefined) {
    problems.push(problem("error", "bad_date", `--until "${options.until}" is not a date`, { hint: "write it as YYYY-MM-DD" }));
  }
  if (until !== undefined && until < ctx.asOf) {
    problems.push(problem("error", "past_until", `--until ${until} is already past (today is ${ctx.asOf})`, { hint: "a hold ends by itself after its until date" }));
  }
  if (problems.length > 0) throw new InputError(problems);
  const loaded = await loadConfig(ctx.options.config, ctx.cwd);
  // A typo would hold nothing and let the reminders go out: the target must be in the exports.
  // Reading them is enough; nothing here needs the payments lettered.
  const inputs = await loadInputs(resolveSettings(options, ctx.env, loaded, ctx.cwd), ctx.cwd, ctx.asOf);
  const file = resolvePlanSettings(loaded.config, loaded.baseDir).holdsPath;
  const hold: Hold = {
    type: options.type as HoldType, note: options.note ?? "", source: "dunning hold",
    ...(invoice !== undefined ? { invoice } : {}), ...(options.customer !== undefined ? { customer: options.customer } : {}),
    ...(until !== undefined ? { until } : {}),
  };
  // The rule planning warns with for a hand-written row, refused here before it is written.
  const owners = new Map(inputs.invoices.map((i) => [i.number, i.customer]));
  const wrong = whyHoldsNothing(hold, owners, new Set(owners.values()));
  if (wrong !== undefined) {
    throw new InputError([problem("error", "hold_unknown", wrong, { hint: "check the spelling (dunning age lists customers and their invoices)" })]);
  }
  const shown = path.relative(ctx.cwd, file) || file;
  await appendHold(file, hold, shown);
  if (!ctx.options.quiet) {
    ctx.stderr(`hold added to ${shown}: ${invoice ?? `customer ${options.customer}`} ${hold.type}${until ? ` until ${until}` : ""}\n`);
  }
  return 0;
}
