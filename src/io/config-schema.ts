// The shape of dunning.yaml as users write it (snake_case, validated strictly so that a typo is
// an error, not a silently ignored key). Key names are a contract: add to them, never rename.

import { z } from "zod";

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
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "expected a locale such as fr-FR or en-GB").optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as EUR").optional(),
});

export const dataSchema = z.strictObject({
  invoices: nonEmpty.optional(),
  payments: nonEmpty.optional(),
  holds: nonEmpty.optional(),
  decisions: nonEmpty.optional(),
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
});

const columnMap = z.record(z.string(), nonEmpty);

export const configSchema = z.strictObject({
  company: companySchema.optional(),
  data: dataSchema.optional(),
  aging: agingSchema.optional(),
  payment_terms_days: z.number().int().min(0).max(365).optional(),
  date_format: z.enum(["dd/mm/yyyy", "mm/dd/yyyy"]).optional(),
  csv: csvSchema.optional(),
  columns: z.strictObject({ invoices: columnMap.optional(), payments: columnMap.optional() }).optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
