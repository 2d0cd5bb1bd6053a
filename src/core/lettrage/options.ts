// Tunables of the matching engine with the defaults of matching.md §6, and their resolution per
// currency (money thresholds are written in major units and converted with the ISO exponent).

import type { Confidence } from "../ledger.js";
import { parseMajor } from "../money.js";
import { problem, type Problem } from "../problem.js";

export type UnallocatedPolicy = "fifo" | "hold";
/** How a short payment citing several invoices is spread: oldest due first, or label order. */
export type AllocationOrder = "due" | "label";

/** Money thresholds, as decimal strings in major units of the currency (`"1.00"`, `"100"`). */
export interface MoneyTunables {
  readonly toleranceAbs: string;
  readonly feeMax: string;
  readonly feeAmounts: readonly string[];
  readonly minUniqueAmount: string;
}

export interface MatchOptions extends MoneyTunables {
  /** Percent of an item's open amount tolerated as a difference (0.5 = 0.5 %). */
  readonly tolerancePct: number;
  /** Per-currency overrides of the money thresholds (JPY needs 100 where EUR needs 1.00). */
  readonly currencyOverrides: Readonly<Record<string, Partial<MoneyTunables>>>;
  /** Label words that say the bank took its charges (`SHA`, `FRAIS`, …). */
  readonly feeMarkers: readonly string[];
  readonly minRefLength: number;
  readonly minDigitsRef: number;
  readonly maxItems: number;
  readonly maxCandidates: number;
  readonly maxCreditNotesPerSet: number;
  /** Longest oldest-first prefix tried by R4a (and by the R3 ambiguity check). */
  readonly maxPrefixItems: number;
  // No wall-clock budget (matching.md's subsetTimeBudgetMs): it would make the output depend on
  // the machine's speed, against I5. Node budgets bound the time and are deterministic.
  readonly perPaymentNodeBudget: number;
  readonly globalNodeBudget: number;
  readonly graceDays: number;
  readonly lookbackMonths: number;
  /** A reference to an invoice issued more than this many days after the payment is not credible. */
  readonly refMaxDaysAhead: number;
  /** A negative payment cancels a positive one of the same payer and amount at most this many days earlier. */
  readonly reversalWindowDays: number;
  readonly unallocatedPolicy: UnallocatedPolicy;
  readonly autoApplyThreshold: Extract<Confidence, "certain" | "high" | "medium">;
  readonly autoApplyUniqueCombination: boolean;
  readonly allocationOrder: AllocationOrder;
  /** Payer → customers whose invoices it may pay (customer groups, Tryton's alternative payees). */
  readonly alternativePayers: readonly { readonly payer: string; readonly customer: string }[];
  /** Confirmed payer name → customer mappings (aliases.csv). */
  readonly aliases: readonly { readonly name: string; readonly customer: string }[];
  /** Customers paying running balances: no tolerance closing, no fee suspicion (BC "Apply to Oldest"). */
  readonly runningBalanceCustomers: readonly string[];
  readonly fuzzyThreshold: number;
  readonly fuzzyMargin: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  toleranceAbs: "1.00",
  tolerancePct: 0.5,
  feeMax: "30.00",
  feeAmounts: ["5", "7.5", "10", "12.5", "15", "20", "25", "30"],
  minUniqueAmount: "50.00",
  currencyOverrides: {},
  feeMarkers: ["SHA", "BEN", "FRAIS", "CHARGES", "CHARGE", "FEE", "FEES", "CHG"],
  minRefLength: 4,
  minDigitsRef: 5,
  maxItems: 5,
  maxCandidates: 30,
  maxCreditNotesPerSet: 1,
  maxPrefixItems: 50,
  perPaymentNodeBudget: 20_000,
  globalNodeBudget: 50_000_000,
  graceDays: 7,
  lookbackMonths: 18,
  refMaxDaysAhead: 90,
  reversalWindowDays: 60,
  unallocatedPolicy: "fifo",
  autoApplyThreshold: "high",
  autoApplyUniqueCombination: false,
  allocationOrder: "due",
  alternativePayers: [],
  aliases: [],
  runningBalanceCustomers: [],
  fuzzyThreshold: 0.9,
  fuzzyMargin: 0.1,
};

/** Money thresholds of one currency in its minor units. */
export interface CurrencyTunables {
  readonly toleranceAbs: number;
  /** Basis points of the open amount (0.5 % → 50). */
  readonly toleranceBp: number;
  readonly feeMax: number;
  readonly feeAmounts: ReadonlySet<number>;
  readonly minUniqueAmount: number;
}

/** Fills defaults; options are config data, so nonsense becomes a problem, never a throw. */
export function resolveOptions(given: Partial<MatchOptions> | undefined, problems: Problem[]): MatchOptions {
  const merged: MatchOptions = { ...DEFAULT_MATCH_OPTIONS, ...(given ?? {}) };
  const counts = ["minRefLength", "minDigitsRef", "maxItems", "maxCandidates", "maxCreditNotesPerSet", "maxPrefixItems",
    "perPaymentNodeBudget", "globalNodeBudget", "graceDays", "lookbackMonths", "refMaxDaysAhead", "reversalWindowDays"] as const;
  const fixed: Record<string, unknown> = {};
  for (const key of counts) {
    const v = merged[key];
    if (!Number.isInteger(v) || v < 0) {
      problems.push(problem("error", "match_option_invalid", `matching option ${key} must be a whole number ≥ 0 (got ${String(v)})`,
        { hint: `the default is ${DEFAULT_MATCH_OPTIONS[key]}` }));
      fixed[key] = DEFAULT_MATCH_OPTIONS[key];
    }
  }
  const choices = { unallocatedPolicy: ["fifo", "hold"], autoApplyThreshold: ["certain", "high", "medium"], allocationOrder: ["due", "label"] } as const;
  for (const [key, allowed] of Object.entries(choices) as [keyof typeof choices, readonly string[]][]) {
    if (!allowed.includes(merged[key])) {
      problems.push(problem("error", "match_option_invalid", `matching option ${key} must be one of ${allowed.join(", ")} (got ${String(merged[key])})`,
        { hint: `the default is ${DEFAULT_MATCH_OPTIONS[key]}` }));
      fixed[key] = DEFAULT_MATCH_OPTIONS[key];
    }
  }
  if (!(merged.tolerancePct >= 0 && merged.tolerancePct <= 100)) {
    problems.push(problem("error", "match_option_invalid", `matching option tolerancePct must be a percentage (got ${String(merged.tolerancePct)})`,
      { hint: "0.5 means 0.5 %" }));
    fixed["tolerancePct"] = DEFAULT_MATCH_OPTIONS.tolerancePct;
  }
  return { ...merged, ...fixed };
}

/** Converts the money thresholds of one currency once; bad values fall back to the default. */
export function currencyTunables(options: MatchOptions, currency: string, problems: Problem[]): CurrencyTunables {
  const o = { ...options, ...(options.currencyOverrides[currency] ?? {}) };
  const money = (key: "toleranceAbs" | "feeMax" | "minUniqueAmount"): number => {
    const v = parseMajor(o[key], currency);
    if (v !== undefined && v >= 0) return v;
    problems.push(problem("error", "match_option_invalid", `matching option ${key} "${o[key]}" is not an amount in ${currency}`,
      { hint: `write it in major units, e.g. ${DEFAULT_MATCH_OPTIONS[key]}` }));
    return parseMajor(DEFAULT_MATCH_OPTIONS[key], currency) ?? 0;
  };
  const fees = new Set<number>();
  // The default amounts are bank charges in euros: in a currency without cents (JPY) 7.5 is no
  // amount, and 5 yen no bank charge. A currency where any of them does not fit takes none, where
  // another list is checked value by value (locateOptionProblems points to the currency's own key).
  // By value: a configuration may write the defaults out (the example does).
  const byDefault = o.feeAmounts.join(" ") === DEFAULT_MATCH_OPTIONS.feeAmounts.join(" ");
  const parsed = o.feeAmounts.map((f) => [f, parseMajor(f, currency)] as const);
  if (!(byDefault && parsed.some(([, v]) => v === undefined))) {
    for (const [f, v] of parsed) {
      if (v !== undefined && v > 0) fees.add(v);
      else problems.push(problem("error", "match_option_invalid", `fee amount "${f}" is not an amount in ${currency}`, { hint: "write it in major units, e.g. 7.50" }));
    }
  }
  return {
    toleranceAbs: money("toleranceAbs"),
    toleranceBp: Math.round(o.tolerancePct * 100),
    feeMax: money("feeMax"),
    feeAmounts: fees,
    minUniqueAmount: money("minUniqueAmount"),
  };
}
