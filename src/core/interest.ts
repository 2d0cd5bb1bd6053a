// Late-payment interest and fixed recovery indemnities by legal profile: simple interest, day by
// day on the open amount (payments lower the base from their date), 365-day year, piecewise per
// half-year where the law says so, rounded once per invoice. Pure.

import { addDays, daysBetween, type PlainDate } from "./dates.js";
import type { Mutable } from "./model.js";
import { parseMajor } from "./money.js";
import { DE_BASISZINSSATZ, ECB_MRO, FR_LEGAL_RATE, UK_BASE_RATE, halfYearOf, nextHalfYearStart, type RateTable } from "./rates.js";
import type { InterestPeriod } from "./reminder.js";

export type ProfileName = "none" | "fr-b2b" | "eu" | "uk" | "de" | "custom";

export interface LatePaymentProfile {
  readonly name: ProfileName;
  /** Reference rates per half-year (shipped table merged with the config's additions). */
  readonly reference: RateTable;
  /** Points added to the reference rate, hundredths of a percent. */
  readonly margin: number;
  /** `piecewise`: each half-year at its own rate; `fixed`: the rate of the half-year the debt became late. */
  readonly mode: "piecewise" | "fixed";
  /** One annual rate in hundredths of a percent: the custom profile's, or a contract's under fr-b2b. */
  readonly flatRate?: number;
  /** What the reference rate is multiplied by: 3 for a French contract's "three times the legal rate". */
  readonly factor?: number;
  /**
   * fr-b2b with a contractual rate: France's legal rates, three times which is the least a
   * contract may set (Code de commerce L441-10 II); a rate below it is said, not raised.
   */
  readonly floor?: RateTable;
  readonly indemnity: (invoiceAmount: number, currency: string) => number;
  /** Its rates are France's legal interest rate (late_payment.legal_rates), not a central bank's. */
  readonly legalRate?: true;
  /**
   * What a consumer owes instead, from the formal notice on (not from the due date), where the
   * law says so: France's legal rate (art. 1344-1 Code civil); Germany's default interest of 5
   * points over the Basiszinssatz (BGB §288(1), the debtor being in default from a reminder,
   * §286(1)). Absent: a consumer owes no interest (the UK's Late Payment Act and the EU directive
   * are for businesses only).
   */
  readonly consumer?: LatePaymentProfile;
}

const EUR_40 = (_amount: number, currency: string): number => (currency === "EUR" ? 4000 : 0);
const NO_INDEMNITY = (): number => 0;

/** UK s.5A: GBP 40 below 1,000, 70 below 10,000, 100 above. */
function ukIndemnity(amount: number, currency: string): number {
  if (currency !== "GBP") return 0;
  return amount < 100_000 ? 4000 : amount < 1_000_000 ? 7000 : 10_000;
}

export interface ProfileConfig {
  readonly profile: ProfileName;
  /** Extra or corrected reference rates, `2026-H2` → hundredths of a percent. */
  readonly rates?: Readonly<Record<string, number>>;
  /**
   * custom: annual rate in hundredths of a percent. fr-b2b: the rate of the conditions of sale in
   * place of ECB + 10 points, or `3x_legal` for three times the legal rate of each half-year.
   */
  readonly rate?: number | "3x_legal";
  /** custom: fixed fee per late invoice, major units as written, of `currency`. */
  readonly fixedFee?: string;
  /** The currency fixedFee is written in (company.currency): 40 of it is not 40 yen nor 40 dinars. */
  readonly currency?: string;
  /** Extra or corrected legal rates (fr-b2b, for consumers), `2026-H2` → hundredths of a percent. */
  readonly legalRates?: Readonly<Record<string, number>>;
}

export function makeProfile(config: ProfileConfig): LatePaymentProfile {
  const withRates = (table: RateTable): RateTable => ({ ...table, ...config.rates });
  switch (config.profile) {
    case "fr-b2b": {
      const legal = { ...FR_LEGAL_RATE.rates, ...config.legalRates };
      const consumer: LatePaymentProfile = { name: "fr-b2b", reference: legal, margin: 0, mode: "piecewise", indemnity: NO_INDEMNITY, legalRate: true };
      if (config.rate === "3x_legal") {
        return { name: "fr-b2b", reference: legal, margin: 0, factor: 3, mode: "piecewise", indemnity: EUR_40, legalRate: true, consumer };
      }
      if (config.rate !== undefined) {
        return { name: "fr-b2b", reference: {}, margin: 0, mode: "fixed", flatRate: config.rate, floor: legal, indemnity: EUR_40, consumer };
      }
      return { name: "fr-b2b", reference: withRates(ECB_MRO.rates), margin: 1000, mode: "piecewise", indemnity: EUR_40, consumer };
    }
    case "eu":
      return { name: "eu", reference: withRates(ECB_MRO.rates), margin: 800, mode: "piecewise", indemnity: EUR_40 };
    case "de":
      return {
        name: "de", reference: withRates(DE_BASISZINSSATZ.rates), margin: 900, mode: "piecewise", indemnity: EUR_40,
        consumer: { name: "de", reference: withRates(DE_BASISZINSSATZ.rates), margin: 500, mode: "piecewise", indemnity: NO_INDEMNITY },
      };
    case "uk":
      return { name: "uk", reference: withRates(UK_BASE_RATE.rates), margin: 800, mode: "fixed", indemnity: ukIndemnity };
    case "custom": {
      const fee = config.fixedFee;
      return {
        name: "custom", reference: {}, margin: 0, mode: "fixed", flatRate: typeof config.rate === "number" ? config.rate : 0,
        indemnity: (_a, currency) => (fee === undefined || currency !== (config.currency ?? "EUR") ? 0 : parseMajor(fee, currency) ?? 0),
      };
    }
    default:
      return { name: "none", reference: {}, margin: 0, mode: "fixed", flatRate: 0, indemnity: NO_INDEMNITY };
  }
}

/**
 * The day from which a business debtor owes the charges: its due date — but in Germany the day it
 * is in default, 30 days after the due date (§286(3) BGB; a date printed on the invoice alone does
 * not put it in default, BGH III ZR 91/07), or the day a reminder sent after the due date reached
 * it, if that is sooner (§286(1)). Interest runs from the day after.
 */
export function chargesStart(profile: ProfileName, dueDate: PlainDate, reminderReceived?: PlainDate): PlainDate {
  if (profile !== "de") return dueDate;
  const thirty = addDays(dueDate, 30);
  return reminderReceived !== undefined && reminderReceived < thirty ? reminderReceived : thirty;
}

/** What a letter may say of a profile's law, whatever rates the configuration adds. */
export interface LawTraits {
  /** A business owes interest by statute (a reference rate plus points), claimed or not. */
  readonly statutoryB2B: boolean;
  /** A formal notice makes interest run against a consumer. */
  readonly consumerInterest: boolean;
  /**
   * What a business owes is called *pénalités de retard* in French: France's own statute, or a
   * contractual rate; under another country's statute it is *intérêts de retard*.
   */
  readonly penalties: boolean;
}

/** Each profile's traits, worked out once from the profile itself. */
const TRAITS: ReadonlyMap<string, LawTraits> = new Map((["none", "fr-b2b", "eu", "uk", "de", "custom"] as const).map((name) => {
  const p = makeProfile({ profile: name });
  const statutoryB2B = p.flatRate === undefined;
  return [name, { statutoryB2B, consumerInterest: p.consumer !== undefined, penalties: !statutoryB2B || name === "fr-b2b" }];
}));

/** The traits of a late_payment profile by name (an unknown name is `none`'s). */
export function lawTraits(name: string): LawTraits {
  return TRAITS.get(name) ?? (TRAITS.get("none") as LawTraits);
}

/** A change of the interest base: from `date` on, `reduction` less is open. */
export interface BaseChange {
  readonly date: PlainDate;
  readonly reduction: number;
}

export interface InterestResult {
  readonly interest: number;
  readonly periods: InterestPeriod[];
  /** Half-years for which the table has no rate (standIn says which one was used). */
  readonly missing: string[];
  /**
   * Half-years charged at a contractual rate below the law's floor (LatePaymentProfile.floor), with
   * that floor and the half-year whose legal rate gave it (another when the table lacks this one).
   */
  readonly belowFloor: readonly { readonly half: string; readonly floor: number; readonly legalHalf: string }[];
}

/**
 * The half-year whose rate stands in for one the table lacks: the latest one before it, or, for a
 * half-year before the table starts, its first one (said as such: it is a later rate).
 */
export function standIn(reference: RateTable, half: string): { half: string; later: boolean } | undefined {
  const known = Object.keys(reference).sort();
  const earlier = known.filter((h) => h < half).pop();
  if (earlier !== undefined) return { half: earlier, later: false };
  return known[0] === undefined ? undefined : { half: known[0], later: true };
}

/** Rate in hundredths of a percent for a half-year, falling back to a known one (standIn). */
function rateFor(profile: LatePaymentProfile, half: string, missing: Set<string>): number {
  if (profile.flatRate !== undefined) return profile.flatRate;
  const known = profile.reference[half];
  const factor = profile.factor ?? 1;
  if (known !== undefined) return known * factor + profile.margin;
  missing.add(half);
  const fallback = standIn(profile.reference, half);
  return (fallback === undefined ? 0 : (profile.reference[fallback.half] as number)) * factor + profile.margin;
}

/** Three times the legal rate of a half-year (its stand-in's when the table lacks it), hundredths of a percent. */
function floorOf(legal: RateTable, half: string): { floor: number; legalHalf: string } | undefined {
  const legalHalf = legal[half] !== undefined ? half : standIn(legal, half)?.half;
  return legalHalf === undefined ? undefined : { floor: 3 * (legal[legalHalf] as number), legalHalf };
}

export function percentString(hundredths: number): string {
  const sign = hundredths < 0 ? "-" : "";
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Interest on one invoice from the day after `dueDate` to `asOf` inclusive. `initialBase` is what
 * was open on the due date; `changes` lower it from their date (a payment stops interest on the
 * day the funds arrive).
 */
export function computeInterest(
  profile: LatePaymentProfile, invoice: string, dueDate: PlainDate, asOf: PlainDate,
  initialBase: number, changes: readonly BaseChange[],
): InterestResult {
  if (profile.name === "none" || daysBetween(dueDate, asOf) <= 0) return { interest: 0, periods: [], missing: [], belowFloor: [] };
  const missing = new Set<string>();
  const fixedRate = profile.mode === "fixed" ? rateFor(profile, halfYearOf(addDays(dueDate, 1)), missing) : undefined;
  const sorted = [...changes].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let from = addDays(dueDate, 1);
  let base = initialBase;
  for (const c of sorted) if (c.date <= from) base -= c.reduction;
  const pending = sorted.filter((c) => c.date > from);
  // Rows filled in place once the total is shared out (computeInterest runs per dunned invoice).
  const periods: Mutable<InterestPeriod>[] = [];
  const parts: bigint[] = [];
  while (from <= asOf && base > 0) {
    const nextChange = pending.find((c) => c.date > from)?.date;
    const halfEnd = addDays(nextHalfYearStart(from), -1);
    let to = asOf;
    if (halfEnd < to && fixedRate === undefined) to = halfEnd;
    if (nextChange !== undefined && addDays(nextChange, -1) < to) to = addDays(nextChange, -1);
    const rate = fixedRate ?? rateFor(profile, halfYearOf(from), missing);
    const days = daysBetween(from, to) + 1;
    parts.push(BigInt(base) * BigInt(rate) * BigInt(days));
    periods.push({ invoice, from, to, days, rate: percentString(rate), base, interest: 0 });
    from = addDays(to, 1);
    for (const c of pending) if (c.date === from) base -= c.reduction;
  }
  const interest = roundDiv(parts.reduce((sum, p) => sum + p, 0n));
  const rows = shareOut(parts, interest);
  for (let i = 0; i < periods.length; i++) (periods[i] as Mutable<InterestPeriod>).interest = rows[i] as number;
  return { interest, periods, missing: [...missing].sort(), belowFloor: belowFloor(profile, periods) };
}

/**
 * What a computation of interest found worth saying, for dunning.yaml: a half-year without a rate
 * (and which was used instead), a contractual rate below French law's floor. `rates`: the profile
 * the interest was computed with (undefined when none was).
 */
export function rateWarnings(result: InterestResult, rates: LatePaymentProfile | undefined): string[] {
  const out: string[] = [];
  for (const half of result.missing) {
    const used = rates === undefined ? undefined : standIn(rates.reference, half);
    const which = used?.later === true ? `the earliest known rate, ${used.half}'s, was used (a later one)` : "the last known rate was used";
    out.push(rates?.legalRate !== true
      ? `late_payment: no reference rate for ${half}; ${which} — add it under late_payment.rates in dunning.yaml`
      : `late_payment: no legal interest rate for ${half}; ${which} — add it under late_payment.legal_rates in dunning.yaml`);
  }
  for (const { half, floor, legalHalf } of result.belowFloor) {
    const rate = percentString(rates?.flatRate ?? 0);
    const legal = legalHalf === half ? "" : ` (${legalHalf}'s legal rate, the last known)`;
    out.push(`late_payment: the rate of ${rate} % is below the least French law allows for ${half}, three times the legal rate: ${percentString(floor)} %${legal} (Code de commerce L441-10 II); ${rate} % is claimed — check the rate of your conditions of sale, or write rate: 3x_legal`);
  }
  return out;
}

/** The half-years the periods span whose floor is above the contractual rate charged in them. */
function belowFloor(profile: LatePaymentProfile, periods: readonly InterestPeriod[]): InterestResult["belowFloor"] {
  const legal = profile.floor;
  const rate = profile.flatRate;
  if (legal === undefined || rate === undefined || periods.length === 0) return [];
  const out: { half: string; floor: number; legalHalf: string }[] = [];
  const last = (periods[periods.length - 1] as InterestPeriod).to;
  for (let day = (periods[0] as InterestPeriod).from; day <= last; day = nextHalfYearStart(day)) {
    const floor = floorOf(legal, halfYearOf(day));
    if (floor !== undefined && rate < floor.floor) out.push({ half: halfYearOf(day), ...floor });
  }
  return out;
}

/**
 * The invoice's interest, rounded once, shared out over its periods so that a letter's table adds
 * up to the total it claims: each row its exact value rounded down, and the cents left over to the
 * rows whose fractions are largest (each row then within a cent of its exact value, never below 0).
 */
function shareOut(parts: readonly bigint[], total: number): number[] {
  // One period, the usual case: it is the total.
  if (parts.length === 1) return [total];
  const rows = parts.map((p) => Number(p / DENOMINATOR));
  let left = total - rows.reduce((s, r) => s + r, 0);
  const byFraction = parts.map((p, i) => ({ i, fraction: p % DENOMINATOR })).sort((a, b) => (a.fraction < b.fraction ? 1 : a.fraction > b.fraction ? -1 : b.i - a.i));
  for (let k = 0; left > 0 && k < byFraction.length; k++, left--) {
    const i = (byFraction[k] as { i: number }).i;
    rows[i] = (rows[i] as number) + 1;
  }
  return rows;
}

/** 365 days × 100 % × 100 hundredths of a percent. */
const DENOMINATOR = 3_650_000n;

/** Σ base × rate × days / DENOMINATOR, half-up, in minor units. */
function roundDiv(numerator: bigint): number {
  const q = numerator / DENOMINATOR;
  const r = numerator % DENOMINATOR;
  return Number(r * 2n >= DENOMINATOR ? q + 1n : q);
}
