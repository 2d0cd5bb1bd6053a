// How old the exports a plan is made from are. A reminder planned from an export that was not
// refreshed claims every payment received since as still owed — the complaint users of dunning
// tools make most (reminding customers who paid). Before sending, an export last changed more
// than `data.max_age_days` days before the as-of date stops the run; previews warn. Pure: the
// shell passes each file's last-modified calendar date in.

import { daysBetween, type PlainDate } from "./dates.js";
import type { Invoice, Payment } from "./model.js";
import { problem, type Problem, type Severity } from "./problem.js";

/** When an export file was last changed, as a calendar date in the machine's time zone. */
export interface ExportStamp {
  /** The file as shown in messages. */
  readonly file: string;
  /** The flag and data key that name it. */
  readonly what: "invoices" | "payments" | "fec";
  readonly modified: PlainDate;
}

const SINCE: Readonly<Record<ExportStamp["what"], string>> = { invoices: "invoiced or credited", payments: "paid", fec: "invoiced or paid" };

/** The default of `data.max_age_days`: a week covers an export made once a week. */
export const DEFAULT_MAX_AGE_DAYS = 7;

/**
 * One problem per export changed more than `maxAgeDays` days before `asOf` (none when the
 * check is off, `maxAgeDays` false). `consequence` says what follows, for the command's voice.
 */
export function staleExports(
  stamps: readonly ExportStamp[], asOf: PlainDate, maxAgeDays: number | false, severity: Severity, consequence: string,
): Problem[] {
  if (maxAgeDays === false) return [];
  const problems: Problem[] = [];
  for (const s of stamps) {
    const age = daysBetween(s.modified, asOf);
    if (age <= maxAgeDays) continue;
    problems.push(problem(severity, "export_stale",
      `last changed on ${s.modified}, ${age} days before ${asOf} (data.max_age_days: ${maxAgeDays}): what was ${SINCE[s.what]} since is not in it${consequence}`, {
        file: s.file,
        hint: `export it again from the accounting software (or, if it is up to date, raise data.max_age_days in dunning.yaml; false turns the check off)`,
      }));
  }
  return problems;
}

/**
 * The stamps whose age says something: not a payments file with no payment beside invoices whose
 * open or paid column says what is paid — that column is the news, and the empty file is not
 * refreshed. Beside invoices that say nothing of payments, an empty file is as old as any.
 */
export function stampsThatAge(stamps: readonly ExportStamp[], invoices: readonly Invoice[], payments: readonly Payment[]): ExportStamp[] {
  const paidInInvoices = payments.length === 0 && invoices.some((i) => i.paid !== 0);
  return stamps.filter((s) => !(s.what === "payments" && paidInInvoices));
}

/** The invoice fields by which an export says what is paid, even when nothing is (a status only when one says paid). */
const PAID_FIELDS = new Set(["paid", "open"]);

/**
 * A payments export without a single payment, beside an invoices export that says nothing of what
 * is paid: every invoice is taken as unpaid and every customer who paid is reminded. Such an
 * export is most often one cut short (a scheduled export that wrote only its header), and its date
 * is today's, so the age check lets it through. `invoiceFields`: the fields the invoices export
 * was read with.
 */
export function emptyPaymentsExport(
  stamps: readonly ExportStamp[], invoices: readonly Invoice[], payments: readonly Payment[], invoiceFields: readonly string[],
  severity: Severity, consequence: string, before?: { readonly date: PlainDate; readonly payments: number },
): Problem[] {
  const file = stamps.find((s) => s.what === "payments")?.file;
  if (file === undefined || payments.length > 0 || invoices.length === 0) return [];
  if (invoiceFields.some((f) => PAID_FIELDS.has(f)) || invoices.some((i) => i.paid !== 0)) return [];
  const then = before === undefined ? "" : ` (the one read on ${before.date} held ${before.payments})`;
  return [problem(severity, "payments_empty", `holds no payment${then}, and the invoices export does not say what is paid: every invoice is taken as unpaid${consequence}`, {
    file,
    hint: "export the payments again, all of them (or an invoices export with its open or paid column); a scheduled export that wrote only its header looks like this — if the invoices export lists only what is still owed, map its amount as that (columns.invoices.open in dunning.yaml)",
  })];
}
