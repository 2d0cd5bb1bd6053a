// One place where flags, environment and dunning.yaml merge into the settings a command runs
// with: flags win over the environment, which wins over the file, which wins over defaults.
// Pure: the caller passes the environment and the loaded file in.

import path from "node:path";
import { DEFAULT_BUCKETS, type AgingBasis } from "../core/aging.js";
import type { DayMonthOrder, PlainDate } from "../core/dates.js";
import { DEFAULT_MAX_AGE_DAYS } from "../core/freshness.js";
import type { MatchOptions, MoneyTunables } from "../core/lettrage/options.js";
import { problem, type Problem } from "../core/problem.js";
import type { ReadOptions } from "../core/records.js";
import { statusKeyOf, type OwnStatus } from "../core/model.js";
import type { ConfigFile } from "./config-schema.js";
import type { LoadedConfig } from "./config.js";
import type { EndOfMonthTerms } from "../core/terms.js";

export interface InputFlags {
  readonly fec?: string | undefined;
  readonly invoices?: string | undefined;
  readonly payments?: string | undefined;
  readonly customers?: string | undefined;
  readonly decisions?: string | undefined;
}

export interface Settings {
  /** A French general-ledger export read instead of invoices and payments (--fec, else data.fec). */
  readonly fec: string | undefined;
  /** Prefixes of the FEC's customer accounts (config `fec.accounts`). */
  readonly fecAccounts: readonly string[];
  /** A path resolved against cwd or the config folder, or `-` for stdin. */
  readonly invoices: string | undefined;
  readonly payments: string | undefined;
  /** The customers file (--customers, else data.customers); undefined: the exports' details only. */
  readonly customers: string | undefined;
  /** The lettrage decisions file (--decisions, else data.decisions); undefined: no decisions. */
  readonly decisions: string | undefined;
  /** Days an export may have gone unchanged before a run refuses to send from it (data.max_age_days). */
  readonly maxAgeDays: number | false;
  /** data.balances_as_of: payments up to this day are counted by the invoices export's paid/open amounts. */
  readonly balancesAsOf: PlainDate | undefined;
  /** Tunables of the matching engine from `matching:`; absent keys take the engine's defaults. */
  readonly matching: Partial<MatchOptions>;
  readonly locale: string;
  readonly currency: string;
  readonly paymentTermsDays: number;
  /** How `45 jours fin de mois` terms are counted (config `end_of_month_terms`). */
  readonly endOfMonthTerms: EndOfMonthTerms;
  readonly dateOrder: DayMonthOrder | undefined;
  readonly fallbackDateOrder: DayMonthOrder;
  readonly buckets: readonly number[];
  readonly basis: AgingBasis;
  readonly csv: NonNullable<ConfigFile["csv"]>;
  readonly columns: NonNullable<ConfigFile["columns"]>;
  /** The business's own status words per export, keyed by statusKeyOf. */
  readonly statuses: { readonly invoices?: Readonly<Record<string, OwnStatus>> | undefined; readonly payments?: Readonly<Record<string, OwnStatus>> | undefined };
  readonly company: NonNullable<ConfigFile["company"]>;
  readonly configPath: string | undefined;
}

/** `fr_FR.UTF-8` → `fr-FR`; `C`, `POSIX` and empty give undefined. */
export function localeFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = env.LC_ALL || env.LC_MONETARY || env.LANG || "";
  const m = /^([a-z]{2,3})(?:_([A-Z]{2}))?/.exec(raw);
  if (!m || raw.startsWith("C") || raw === "POSIX") return undefined;
  return m[2] ? `${m[1]}-${m[2]}` : m[1];
}

function resolvePath(value: string | undefined, base: string): string | undefined {
  if (value === undefined) return undefined;
  return value === "-" ? "-" : path.resolve(base, value);
}

/**
 * How the exports are read, as the settings say: every option of a CSV export, and of an FEC but
 * its accounts and separator. `customerTerms` from the customers file; `asOf` the run's.
 */
export function readOptionsOf(
  settings: Settings, columns: Readonly<Record<string, string>> | undefined, customerTerms: ReadonlyMap<string, string> | undefined, asOf: PlainDate | undefined,
  statuses?: Readonly<Record<string, OwnStatus>>,
): ReadOptions {
  return {
    defaultCurrency: settings.currency, paymentTermsDays: settings.paymentTermsDays, endOfMonthTerms: settings.endOfMonthTerms,
    dateOrder: settings.dateOrder, decimalMark: settings.csv.decimal_mark, fallbackDateOrder: settings.fallbackDateOrder,
    columns, customerTerms, ...(asOf !== undefined ? { asOf } : {}), ...(statuses !== undefined ? { statuses } : {}),
  };
}

/** statuses.invoices / .payments of dunning.yaml, keyed as the reader compares statuses (case, accents, `_` and `-` aside). */
function statusesByKey(words: Readonly<Record<string, OwnStatus>> | undefined): Readonly<Record<string, OwnStatus>> | undefined {
  if (words === undefined) return undefined;
  return Object.fromEntries(Object.entries(words).map(([word, meaning]) => [statusKeyOf(word), meaning]));
}

export function resolveSettings(
  flags: InputFlags, env: Readonly<Record<string, string | undefined>>, loaded: LoadedConfig, cwd: string,
): Settings {
  const file = loaded.config;
  const locale = file.company?.locale ?? localeFromEnv(env) ?? "en-GB";
  const dateFormat = file.date_format;
  // Inputs given on the command line replace the file's: --fec its invoices and payments,
  // --invoices or --payments its FEC.
  const fromFile = (value: string | undefined, replacedBy: boolean): string | undefined =>
    (replacedBy ? undefined : resolvePath(value, loaded.baseDir));
  const flaggedCsv = flags.invoices !== undefined || flags.payments !== undefined;
  return {
    fec: resolvePath(flags.fec, cwd) ?? fromFile(file.data?.fec, flaggedCsv),
    // Customer receivables are PCG 411 Clients; 416 and 419 are read only when asked for.
    fecAccounts: file.fec?.accounts ?? ["411"],
    invoices: resolvePath(flags.invoices, cwd) ?? fromFile(file.data?.invoices, flags.fec !== undefined),
    payments: resolvePath(flags.payments, cwd) ?? fromFile(file.data?.payments, flags.fec !== undefined),
    customers: resolvePath(flags.customers, cwd) ?? resolvePath(file.data?.customers, loaded.baseDir),
    decisions: resolvePath(flags.decisions, cwd) ?? resolvePath(file.data?.decisions, loaded.baseDir),
    maxAgeDays: file.data?.max_age_days ?? DEFAULT_MAX_AGE_DAYS,
    balancesAsOf: file.data?.balances_as_of,
    matching: matchOptionsOf(file.matching),
    locale,
    currency: file.company?.currency ?? "EUR",
    paymentTermsDays: file.payment_terms_days ?? 30,
    endOfMonthTerms: file.end_of_month_terms ?? "days_then_month_end",
    dateOrder: dateFormat === undefined ? undefined : dateFormat.startsWith("dd") ? "dmy" : "mdy",
    // Only the United States (and a few others) write month first; everyone else day first.
    fallbackDateOrder: /^en-(US|PH)$/.test(locale) ? "mdy" : "dmy",
    buckets: file.aging?.buckets ?? DEFAULT_BUCKETS,
    basis: file.aging?.basis ?? "due_date",
    csv: file.csv ?? {},
    columns: file.columns ?? {},
    statuses: { invoices: statusesByKey(file.statuses?.invoices), payments: statusesByKey(file.statuses?.payments) },
    company: file.company ?? {},
    configPath: loaded.path,
  };
}

type MatchingFile = NonNullable<ConfigFile["matching"]>;
type MoneyFile = Pick<MatchingFile, "tolerance_abs" | "fee_max" | "fee_amounts" | "min_unique_amount">;

/** Config key → engine option, for the keys that map one to one. */
const MATCHING_KEYS = {
  tolerance_abs: "toleranceAbs", tolerance_pct: "tolerancePct", fee_max: "feeMax", fee_amounts: "feeAmounts",
  min_unique_amount: "minUniqueAmount", lookback_months: "lookbackMonths", grace_days: "graceDays",
  unapplied_policy: "unallocatedPolicy", auto_apply_threshold: "autoApplyThreshold",
  auto_apply_unique_combination: "autoApplyUniqueCombination", allocation_order: "allocationOrder",
  max_items: "maxItems", max_candidates: "maxCandidates", fee_markers: "feeMarkers",
  running_balance_customers: "runningBalanceCustomers",
} as const satisfies Partial<Record<keyof MatchingFile, keyof MatchOptions>>;

const MONEY_KEYS = ["tolerance_abs", "fee_max", "fee_amounts", "min_unique_amount"] as const satisfies readonly (keyof MoneyFile)[];

/** A currency's overrides, named as the engine names them; keys left out stay out. */
function moneyOf(o: MoneyFile): Partial<MoneyTunables> {
  return Object.fromEntries(MONEY_KEYS.filter((k) => o[k] !== undefined).map((k) => [MATCHING_KEYS[k], o[k]])) as Partial<MoneyTunables>;
}

/** `matching:` as written (snake_case, maps) → the engine's MatchOptions (camelCase, lists). */
export function matchOptionsOf(m: MatchingFile | undefined): Partial<MatchOptions> {
  if (m === undefined) return {};
  const out: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(MATCHING_KEYS)) {
    const v = m[key as keyof typeof MATCHING_KEYS];
    if (v !== undefined) out[option] = v;
  }
  if (m.fee_markers !== undefined) out.feeMarkers = m.fee_markers.map((w) => w.toUpperCase());
  if (m.currencies !== undefined) {
    out.currencyOverrides = Object.fromEntries(Object.entries(m.currencies).map(([currency, o]) => [currency, moneyOf(o)]));
  }
  if (m.alternative_payers !== undefined) {
    out.alternativePayers = Object.entries(m.alternative_payers).flatMap(([payer, customers]) => customers.map((customer) => ({ payer, customer })));
  }
  if (m.aliases !== undefined) out.aliases = Object.entries(m.aliases).map(([name, customer]) => ({ name, customer }));
  return out as Partial<MatchOptions>;
}

/** Engine option name → the `matching:` key a user wrote, for messages about options. */
function matchingKeyOf(option: string): string | undefined {
  if (option === "currencyOverrides") return "currencies";
  return Object.entries(MATCHING_KEYS).find(([, o]) => o === option)?.[0];
}

/**
 * The engine reports bad tunables in its own (camelCase) words and without a place; this says
 * them in dunning.yaml's words and points at the file. Other problems pass through unchanged.
 */
export function locateOptionProblems(problems: readonly Problem[], configFile: string | undefined): Problem[] {
  return problems.map((p) => {
    if (p.code !== "match_option_invalid") return p;
    const message = p.message.replace(/\bmatching option (\w+)/, (whole, option: string) => {
      const key = matchingKeyOf(option);
      return key === undefined ? whole : `matching.${key}`;
    }).replace(/^fee amount/, "matching.fee_amounts:");
    const inCurrency = /not an amount in ([A-Z]{3})/.exec(p.message)?.[1];
    const hint = inCurrency === undefined ? p.hint : `${p.hint ?? ""}; or set it for ${inCurrency} under matching.currencies.${inCurrency}`;
    return problem(p.severity, p.code, message, { file: p.file ?? configFile, line: p.line, column: p.column, hint });
  });
}
