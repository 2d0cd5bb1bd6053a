// The shape of dunning.yaml as users write it (snake_case, validated strictly so that a typo is
// an error, not a silently ignored key). Key names are a contract: add to them, never rename.

import * as z from "zod";
import { parseIsoDate } from "../core/dates.js";
import { INVOICE_STATUS_MEANINGS, PAYMENT_STATUS_MEANINGS, statusKeyOf } from "../core/model.js";

const nonEmpty = z.string().min(1);

export const companySchema = z.strictObject({
  name: nonEmpty.optional(),
  address: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  siren: z.string().optional(),
  vat: z.string().optional(),
  iban: z.string().optional(),
  bic: z.string().optional(),
  /** Who signs the letters ("Marie Durand, gérante"); else the accounts department. */
  signatory: z.string().optional(),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "expected a locale such as fr-FR or en-GB").optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as EUR").optional(),
});

export const dataSchema = z.strictObject({
  /** A French general-ledger export (FEC), read instead of invoices and payments. */
  fec: nonEmpty.optional(),
  invoices: nonEmpty.optional(),
  payments: nonEmpty.optional(),
  /** One row per customer: contact details and terms the exports lack. */
  customers: nonEmpty.optional(),
  holds: nonEmpty.optional(),
  decisions: nonEmpty.optional(),
  /** Exports changed longer ago than this (days before the as-of date) stop `dunning run`; false: no check. */
  max_age_days: z.union([z.number().int().min(0).max(3650), z.literal(false)]).optional(),
  /**
   * The day the invoices export's paid or open amounts were true: its payments up to that day are
   * counted there, and only later ones are lettered (matching.md §3.7).
   */
  balances_as_of: z.string().refine((s) => parseIsoDate(s) !== undefined, { message: "expected a date such as 2026-11-20 (YYYY-MM-DD)" }).optional(),
});

export const agingSchema = z.strictObject({
  basis: z.enum(["due_date", "issue_date"]).optional(),
  buckets: z.array(z.number().int().positive()).min(1).refine((b) => b.every((v, i) => i === 0 || v > (b[i - 1] as number)), {
    message: "bucket bounds must increase, e.g. [30, 60, 90]",
  }).optional(),
});

export const csvSchema = z.strictObject({
  encoding: z.enum(["utf-8", "windows-1252", "iso-8859-1", "iso-8859-15"]).optional(),
  delimiter: z.enum([",", ";", "\t", "|"]).optional(),
  /** Forces the decimal mark of every amount column of invoices and payments (else decided per column). */
  decimal_mark: z.enum([".", ","]).optional(),
});

const columnMap = z.record(z.string(), nonEmpty);

/**
 * statuses.invoices / .payments: word → meaning. A word is compared as the reader compares
 * statuses (statusKeyOf), so one that is nothing but spaces, `_` or `-` would stand for the empty
 * status of every row, and two spellings of one word meaning two things would leave it to chance.
 */
function ownStatuses<M extends readonly [string, ...string[]]>(meanings: M) {
  const word = z.string().refine((w) => statusKeyOf(w) !== "");
  return z.record(word, z.enum(meanings), {
    error: (issue) => (issue.code === "invalid_key"
      ? "a status word needs letters or digits (quote a word YAML reads otherwise: \"null\", \"~\"): this one would stand for every empty status" : undefined),
  }).superRefine((words, ctx) => {
    const seen = new Map<string, [string, string]>();
    for (const [w, meaning] of Object.entries(words)) {
      const key = statusKeyOf(w);
      const before = seen.get(key);
      if (before !== undefined && before[1] !== meaning) {
        ctx.addIssue({ code: "custom", path: [w], message: `"${w}" is the same word as "${before[0]}" (case, accents, spaces, _ and - aside), which says ${before[1]}: keep one` });
      }
      seen.set(key, [w, meaning]);
    }
  });
}

export const fecSchema = z.strictObject({
  /** Prefixes of the customer accounts read from the FEC (default 411). */
  accounts: z.array(z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[0-9A-Za-z]+$/, "an account prefix is digits (and letters), e.g. 411"))).min(1).optional(),
});

/** A decimal amount in major units, written as a number or a string (`100`, `"7.50"`). */
const majorAmount = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/, "expected an amount such as 100 or 7.50")])
  .transform((v) => String(v));

export const stepSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, "step ids are letters, digits, - and _"),
  offset: z.number().int().min(-365).max(3650),
  channel: z.enum(["email", "letter", "phone"]),
  template: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i).optional(),
  min_amount: majorAmount.optional(),
  min_days_between: z.number().int().min(0).max(365).optional(),
  deadline_days: z.number().int().min(1).max(90).optional(),
  fee: z.strictObject({ fixed: majorAmount.optional(), percent: z.number().min(0).max(100).optional() }).optional(),
  attach_pdf: z.boolean().optional(),
});

export const scenarioSchema = z.strictObject({
  min_days_between: z.number().int().min(0).max(365).optional(),
  catch_up: z.enum(["next", "latest"]).optional(),
  steps: z.array(stepSchema).min(1),
});

const segmentName = z.enum(["good_payer", "late_payer", "at_risk", "new"]);

export const customersSchema = z.strictObject({
  default_scenario: z.string().optional(),
  rules: z.array(z.strictObject({
    scenario: z.string(),
    ids: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
    segment: segmentName.optional(),
  })).optional(),
});

const halfYearRate = z.strictObject({
  period: z.string().regex(/^\d{4}-H[12]$/, "expected a half-year such as 2026-H2"),
  rate: z.number().min(-10).max(50),
  source: z.string().optional(),
});

export const latePaymentSchema = z.strictObject({
  profile: z.enum(["none", "fr-b2b", "eu", "uk", "de", "custom"]).optional(),
  /** custom profile: annual rate in percent; fr-b2b: the conditions of sale's, a percent or 3x_legal. */
  rate: z.union([z.number().min(0).max(100), z.literal("3x_legal")], { error: "expected an annual percent from 0 to 100 such as 12, or 3x_legal (fr-b2b)" }).optional(),
  /** custom profile: fixed fee per late invoice. */
  fixed_fee: majorAmount.optional(),
  /** Reference rates to add or correct, per half-year. */
  rates: z.array(halfYearRate).optional(),
  /** fr-b2b: French legal rates (taux de l'intérêt légal, autres cas) to add or correct, for consumers. */
  legal_rates: z.array(halfYearRate).optional(),
});

export const segmentsSchema = z.strictObject({
  min_history: z.number().int().min(0).optional(),
  at_risk_days_overdue: z.number().int().min(1).optional(),
  good_max_avg_days_late: z.number().min(0).optional(),
  good_max_share_late: z.number().min(0).max(1).optional(),
});

export const smtpSchema = z.strictObject({
  /** smtp://host:port or smtps://host:port; credentials only from the environment. */
  url: z.string().regex(/^smtps?:\/\/[^/@]+(:\d+)?\/?$/, "expected smtp://host:port without user or password (put credentials in DUNNING_SMTP_USER / DUNNING_SMTP_PASSWORD)").optional(),
  from: nonEmpty.optional(),
  reply_to: nonEmpty.optional(),
  cc: nonEmpty.optional(),
  /** An archive address that receives a blind copy of every reminder. */
  bcc: nonEmpty.optional(),
  /** Pause between two e-mails, in milliseconds. */
  pause_ms: z.number().int().min(0).max(60_000).optional(),
  /** At most this many e-mails per run; the rest go out next run. */
  max_per_run: z.number().int().min(1).optional(),
  timeout_ms: z.number().int().min(1000).max(300_000).optional(),
});

/** Money thresholds of the matching engine that a currency may override (JPY needs 100 where EUR needs 1.00). */
export const matchingMoneySchema = z.strictObject({
  tolerance_abs: majorAmount.optional(),
  fee_max: majorAmount.optional(),
  fee_amounts: z.array(majorAmount).optional(),
  min_unique_amount: majorAmount.optional(),
});

const customerId = z.union([z.string().min(1), z.number()]).transform(String);

/** The tunables of payment matching (matching.md §6), snake_case; mapped onto MatchOptions in settings.ts. */
export const matchingSchema = z.strictObject({
  ...matchingMoneySchema.shape,
  /** Percent of an invoice's open amount tolerated as a difference (0.5 = 0.5 %), capped by tolerance_abs. */
  tolerance_pct: z.number().min(0).max(100).optional(),
  lookback_months: z.number().int().min(0).max(600).optional(),
  grace_days: z.number().int().min(0).max(3650).optional(),
  unapplied_policy: z.enum(["fifo", "hold"]).optional(),
  auto_apply_threshold: z.enum(["certain", "high", "medium"]).optional(),
  auto_apply_unique_combination: z.boolean().optional(),
  allocation_order: z.enum(["due", "label"]).optional(),
  max_items: z.number().int().min(1).max(10).optional(),
  max_candidates: z.number().int().min(1).max(200).optional(),
  currencies: z.record(z.string().regex(/^[A-Z]{3}$/), matchingMoneySchema, {
    error: (issue) => (issue.code === "invalid_key" ? "currency codes are ISO 4217 codes in capitals, such as EUR or JPY" : undefined),
  }).optional(),
  fee_markers: z.array(z.string().regex(/^[A-Za-z0-9]+$/, "a fee marker is one word, such as SHA or FRAIS")).optional(),
  /** Payer id → customer ids whose invoices it may pay (customer groups). */
  alternative_payers: z.record(z.string(), z.array(customerId).min(1)).optional(),
  /** Payer name as the bank writes it → customer id. */
  aliases: z.record(z.string(), customerId).optional(),
  running_balance_customers: z.array(customerId).optional(),
});

export const configSchema = z.strictObject({
  company: companySchema.optional(),
  data: dataSchema.optional(),
  aging: agingSchema.optional(),
  payment_terms_days: z.number().int().min(0).max(365).optional(),
  end_of_month_terms: z.enum(["days_then_month_end", "month_end_then_days"]).optional(),
  date_format: z.enum(["dd/mm/yyyy", "mm/dd/yyyy"]).optional(),
  csv: csvSchema.optional(),
  columns: z.strictObject({ invoices: columnMap.optional(), payments: columnMap.optional(), fec: columnMap.optional(), customers: columnMap.optional() }).optional(),
  /** The business's own status words → what they mean, over the built-in vocabulary. */
  statuses: z.strictObject({ invoices: ownStatuses(INVOICE_STATUS_MEANINGS).optional(), payments: ownStatuses(PAYMENT_STATUS_MEANINGS).optional() }).optional(),
  fec: fecSchema.optional(),
  late_payment: latePaymentSchema.optional(),
  scenarios: z.record(z.string(), scenarioSchema).optional(),
  customers: customersSchema.optional(),
  segments: segmentsSchema.optional(),
  matching: matchingSchema.optional(),
  /** Folder of the user's own templates, overriding shipped ones by file name. */
  templates: nonEmpty.optional(),
  smtp: smtpSchema.optional(),
  /** Journal, lock and outbox folder, relative to the config file. */
  state: nonEmpty.optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
