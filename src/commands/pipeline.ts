// The loading every reporting command shares: configuration, settings, both exports, the
// decisions, the lettrage, and for planning commands the holds, journal and segments — problems
// of all files gathered before anything is done, so every command letters payments alike.

import path from "node:path";
import { historyFromJournal, type JournalEntry } from "../core/history.js";
import { holdsOnNothing } from "../core/hold-records.js";
import { emptyPaymentsExport, staleExports, stampsThatAge } from "../core/freshness.js";
import type { LetteredLedger } from "../core/ledger.js";
import { matchPayments } from "../core/match.js";
import { futureInvoiceWarnings, futurePaymentWarnings, paidTwiceWarnings, paymentWarnings } from "../core/payment-checks.js";
import type { PlanInput } from "../core/plan.js";
import { matchesCustomer } from "../core/aging-view.js";
import { hasErrors, problem, type Problem, type Severity } from "../core/problem.js";
import { segmentCustomers } from "../core/segments.js";
import { stillExample } from "../core/company-example.js";
import { InputError } from "../errors.js";
import type { LoadedConfig } from "../io/config.js";
import { loadConfig } from "../io/config-file.js";
import { loadDecisions, locateDecisionProblems, type DecisionsRead } from "../io/decisions.js";
import { displayName, loadInputs, type Inputs } from "../io/inputs.js";
import { readHolds } from "../io/holds.js";
import { readSeenInputs, type SeenInputs } from "../io/seen-inputs.js";
import { JOURNAL_FILE, readJournal } from "../io/journal-read.js";
import { resolvePlanSettings, type PlanSettings } from "../io/plan-settings.js";
import { locateOptionProblems, resolveSettings, type InputFlags, type Settings } from "../io/settings.js";
import { renderProblems } from "../render/problems.js";
import type { Context } from "./context.js";

export interface Loaded {
  readonly loaded: LoadedConfig;
  readonly settings: Settings;
  readonly inputs: Inputs;
  /** The decisions file as read; undefined when none is configured. */
  readonly decisions: DecisionsRead | undefined;
  readonly ledger: LetteredLedger;
}

/** Prints warnings on stderr unless --quiet. */
export function warn(ctx: Context, problems: readonly Problem[]): void {
  if (!ctx.options.quiet && problems.length > 0) ctx.stderr(renderProblems(problems, ctx.err));
}

/** Prints what planning found to say (a missing rate, limitation periods ending) unless --quiet. */
export function warnPlan(ctx: Context, warnings: readonly string[]): void {
  if (!ctx.options.quiet) for (const w of warnings) ctx.stderr(`${ctx.err.yellow("warning:")} ${w}\n`);
}

/**
 * Said (even with --quiet) when messages were recorded under an as-of date that is not today:
 * the journal dates them by it, so min_days_between, the next steps and a consumer's interest
 * count from that day — and a DUNNING_AS_OF left in cron's environment would replay one day forever.
 */
export function warnBackdated(ctx: Context, recorded: string, remedy: string): void {
  if (ctx.asOf === ctx.today) return;
  ctx.stderr(`${ctx.err.yellow("warning:")} ${recorded} on ${ctx.asOf} (--as-of or DUNNING_AS_OF), not today ${ctx.today}: the next steps, their spacing and a consumer's legal interest count from that date — ${remedy}\n`);
}

/**
 * `--customer` of age, match and simulate: an id, or part of a name, that no invoice or payment
 * has is an error, not an empty report that reads as "owes nothing" (a mistyped CL14 for CL014).
 */
export function requireCustomer(inputs: Inputs, wanted: string | undefined): void {
  if (wanted === undefined) return;
  const known = (customer: string, name: string): boolean => matchesCustomer(customer, name, wanted);
  if (inputs.invoices.some((i) => known(i.customer, i.customerName)) || inputs.payments.some((p) => known(p.customer, p.payerName))) return;
  throw new InputError([problem("error", "customer_unknown", `--customer "${wanted}" is no customer id and part of no customer name in the exports`, {
    hint: "check the spelling (dunning age lists customers with their ids)",
  })]);
}

/** `config`: the configuration when the caller has read it already (run reads it to lock first). */
export async function loadLedger(ctx: Context, flags: InputFlags, config?: LoadedConfig): Promise<Loaded> {
  const loaded = config ?? await loadConfig(ctx.options.config, ctx.cwd);
  const settings = resolveSettings(flags, ctx.env, loaded, ctx.cwd);
  const inputs = await loadInputs(settings, ctx.cwd, ctx.asOf);
  // An FEC is one ledger: its payments' customers and citations need no checking against its
  // invoices, and it has no paid column to count twice.
  const oneLedger = settings.fec !== undefined;
  warn(ctx, [...inputs.warnings, ...(oneLedger ? [] : paymentWarnings(inputs.invoices, inputs.payments))]);
  let decisions: DecisionsRead | undefined;
  if (settings.decisions !== undefined) {
    decisions = await loadDecisions(settings.decisions, displayName(settings.decisions, ctx.cwd), inputs.payments, settings.currency);
    // A header that names nothing stops here; a bad row is reported with what the engine finds in
    // the others (an unknown payment, a contradiction), so every bad row is said at once.
    if (decisions.problems.some((p) => p.severity === "error" && p.line === 1)) throw new InputError(decisions.problems);
  }
  const ledger = matchPayments({
    invoices: inputs.invoices, payments: inputs.payments, asOf: ctx.asOf, decisions: decisions?.decisions, options: settings.matching,
  });
  // With data.balances_as_of every payment left is later than the balances, so none is counted twice.
  if (!oneLedger && settings.balancesAsOf === undefined) {
    const exportedOn = inputs.exports?.find((s) => s.what === "invoices")?.modified;
    warn(ctx, paidTwiceWarnings(inputs.invoices, inputs.payments, ledger.allocations, exportedOn, ledger.unapplied));
  }
  if (ctx.options.asOf === undefined) warn(ctx, [...futureInvoiceWarnings(inputs.invoices, ctx.asOf), ...futurePaymentWarnings(inputs.payments, ctx.asOf)]);
  // What the engine found wrong with the decisions (unknown rows, contradictions) or the
  // matching: keys stops every command alike; its warnings (a decision that waits) are shown.
  const problems = [...(decisions?.problems ?? []), ...locateOptionProblems(locateDecisionProblems(ledger.problems, decisions),
    settings.configPath === undefined ? undefined : displayName(settings.configPath, ctx.cwd))];
  if (hasErrors(problems)) throw new InputError(problems);
  warn(ctx, problems);
  return { loaded, settings, inputs, decisions, ledger };
}

export interface Planning extends Loaded {
  readonly plan: PlanSettings;
  readonly input: PlanInput;
  /** The journal as read, for reports on uncertain messages. */
  readonly journal: readonly JournalEntry[];
  /** What was wrong with it (a torn line), already shown unless --quiet. */
  readonly journalProblems: readonly Problem[];
  /** What the last real run read (how many payments), when one did. */
  readonly seen?: SeenInputs;
}

/**
 * The exports not to send from, as `severity`: older than data.max_age_days, or a payments export
 * with no payment beside invoices that say nothing of what is paid; `consequence` ends the message
 * with what it means for this command. The empty export is an error only where the last real run
 * read payments (STATE/inputs.json): a business whose customers have not paid yet goes on.
 */
export function staleInputs(ctx: Context, planning: Planning, severity: Severity, consequence: string): Problem[] {
  const { exports, invoices, payments } = planning.inputs;
  const cutShort = planning.seen !== undefined && planning.seen.payments > 0 ? planning.seen : undefined;
  return [
    ...staleExports(stampsThatAge(exports ?? [], invoices, payments), ctx.asOf, planning.settings.maxAgeDays, severity, consequence),
    ...emptyPayments(planning.inputs, cutShort ? severity : "warning", cutShort ? consequence : "", cutShort),
  ];
}

/** A payments export with no payment beside invoices that say nothing of what is paid (see emptyPaymentsExport). */
function emptyPayments(inputs: Inputs, severity: Severity, consequence: string, before?: SeenInputs): Problem[] {
  const { exports, invoices, payments, columns } = inputs;
  return emptyPaymentsExport(exports ?? [], invoices, payments, (columns?.invoices ?? []).map((c) => c.field), severity, consequence, before);
}

/** For the reports (age, match): the empty payments export, as a warning. */
export function warnEmptyPayments(ctx: Context, inputs: Inputs): void {
  warn(ctx, emptyPayments(inputs, "warning", ""));
}

/** A warning while the company block still holds dunning init's examples. */
function companyExamples(loaded: LoadedConfig, cwd: string): Problem[] {
  const left = stillExample(loaded.config.company ?? {});
  if (left.length === 0) return [];
  return [problem("warning", "company_example", `${left.join(", ")} ${left.length === 1 ? "is" : "are"} still the example dunning init wrote: every letter and e-mail would carry ${left.length === 1 ? "it" : "them"}`, {
    ...(loaded.path !== undefined ? { file: displayName(loaded.path, cwd) } : {}), hint: "write your own under company: in dunning.yaml",
  })];
}

/** Everything `dunning run` plans from; reads the journal, never writes it. */
export async function loadPlanning(ctx: Context, flags: InputFlags, config?: LoadedConfig): Promise<Planning> {
  const base = await loadLedger(ctx, flags, config);
  const plan = resolvePlanSettings(base.loaded.config, base.loaded.baseDir);
  const holds = await readHolds(plan.holdsPath, displayName(plan.holdsPath, ctx.cwd), plan.holdsNamed);
  const journal = await readJournal(plan.stateDir, displayName(path.join(plan.stateDir, JOURNAL_FILE), ctx.cwd));
  const seen = await readSeenInputs(plan.stateDir);
  // An index of every invoice, made only when there are holds to check against it.
  const onNothing = holds.holds.length === 0 ? [] : holdsOnNothing(holds.holds, new Map(base.inputs.invoices.map((inv) => [inv.number, inv.customer])), ctx.asOf);
  const problems = [...holds.problems, ...onNothing, ...journal.problems, ...companyExamples(base.loaded, ctx.cwd)];
  if (hasErrors(problems)) throw new InputError(problems);
  warn(ctx, problems);
  const input: PlanInput = {
    ledger: base.ledger,
    asOf: ctx.asOf,
    scenarios: plan.scenarios,
    defaultScenario: plan.defaultScenario,
    rules: plan.rules,
    holds: holds.holds,
    heldByMatching: new Set(base.ledger.held),
    history: historyFromJournal(journal.entries),
    profile: plan.profile,
    segments: segmentCustomers(base.ledger, ctx.asOf, plan.thresholds),
    defaultLanguage: base.settings.locale.slice(0, 2),
  };
  return { ...base, plan, input, journal: journal.entries, journalProblems: journal.problems, ...(seen !== undefined ? { seen } : {}) };
}
