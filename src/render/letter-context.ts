// The variables a letter template sees, built from one Reminder, the company's identity and the
// as-of date. Money stays in integer minor units and dates in YYYY-MM-DD: the Handlebars helpers
// (`money`, `date`, …) format them for the reader. Names are snake_case (user-facing). Pure.

import type { PlainDate } from "../core/dates.js";
import { lawTraits } from "../core/interest.js";
import { setsDeadline } from "../core/delivered.js";
import { deadlineDays, noticeDeadline } from "../core/plan.js";
import type { PreviousReminder, Reminder, ReminderLine } from "../core/reminder.js";
import { placeFromAddress } from "./letter-format.js";
import { labelsFor } from "./letter-labels.js";

/** `company.*` of dunning.yaml (structurally the same type, without depending on io). */
export interface CompanyIdentity {
  readonly name?: string | undefined;
  readonly address?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly siren?: string | undefined;
  readonly vat?: string | undefined;
  readonly iban?: string | undefined;
  readonly bic?: string | undefined;
  readonly signatory?: string | undefined;
  /** company.locale of dunning.yaml: `fr-FR` says a French business. */
  readonly locale?: string | undefined;
}

/** What the exports rarely carry about a debtor but a formal notice should show. */
export interface DebtorIdentity {
  readonly address?: string | undefined;
  readonly siren?: string | undefined;
  readonly vat?: string | undefined;
}

export interface LetterOptions {
  readonly asOf: PlainDate;
  readonly company: CompanyIdentity;
  /** Template language actually used (after fallback), e.g. `fr`. */
  readonly language: string;
  /** Locale for numbers and dates, e.g. `fr-FR`. */
  readonly locale: string;
  /** `letter`: printed and posted (may say "registered letter"); `email`: body or attachment. */
  readonly medium: "letter" | "email";
  readonly debtor?: DebtorIdentity | undefined;
  /** The late_payment profile (`fr-b2b`, `uk`, …): which law the letter cites for charges. */
  readonly latePayment?: string | undefined;
}

export interface LetterReceipt {
  readonly reference: string;
  readonly date: PlainDate;
  readonly invoice: string;
  readonly amount: number;
  readonly is_credit_note: boolean;
}


export interface LetterInvoice {
  readonly number: string;
  readonly issue_date: PlainDate;
  /** False when the export had no issue date: issue_date is then the due date less the payment terms, not a fact to print. */
  readonly issue_date_given: boolean;
  readonly due_date: PlainDate;
  readonly amount: number;
  readonly paid: number;
  readonly open: number;
  readonly days_late: number;
  /** Days left before the due date (0 once it has passed). */
  readonly days_to_due: number;
  readonly is_overdue: boolean;
  readonly interest: number;
  readonly indemnity: number;
}

export interface LetterInterestPeriod {
  readonly invoice: string;
  readonly from: PlainDate;
  readonly to: PlainDate;
  /** Not `days`: that name is the day-count helper, and `{{days}}` would call it. */
  readonly day_count: number;
  readonly rate: string;
  readonly base: number;
  readonly interest: number;
}

export interface LetterPrevious {
  readonly step: string;
  readonly label: string;
  readonly channel: string;
  readonly channel_label: string;
  readonly date: PlainDate;
  readonly invoices: string;
  readonly invoice_count: number;
}

export interface Party {
  readonly name: string;
  readonly address: string;
  readonly address_lines: readonly string[];
  readonly email: string;
  readonly siren: string;
  readonly vat: string;
}

export interface LetterContext {
  readonly language: string;
  readonly locale: string;
  readonly currency: string;
  readonly as_of: PlainDate;
  readonly place: string;
  readonly company: Party & {
    readonly phone: string; readonly iban: string; readonly bic: string; readonly signatory: string;
    /**
     * A French business (late_payment fr-b2b, or company.locale French): its letters, English ones
     * too, show a SIREN, go by recommandé and name the place before the date.
     */
    readonly is_french: boolean;
  };
  readonly customer: Party & { readonly id: string; readonly type: string; readonly is_business: boolean; readonly phone: string };
  readonly step: { readonly id: string; readonly template: string; readonly label: string };
  readonly channel: string;
  readonly is_letter: boolean;
  readonly is_email: boolean;
  readonly is_formal_notice: boolean;
  readonly is_registered: boolean;
  readonly fallback_no_email: boolean;
  readonly invoices: readonly LetterInvoice[];
  readonly invoice_count: number;
  readonly invoice_numbers: string;
  /** At most three numbers, then `, …`: for subjects. */
  readonly invoice_numbers_short: string;
  readonly total_amount: number;
  readonly total_paid: number;
  readonly has_payments: boolean;
  readonly amount_due: number;
  readonly has_overdue: boolean;
  readonly max_days_late: number;
  readonly first_due_date: PlainDate;
  readonly days_to_due: number;
  readonly interest: number;
  readonly has_interest: boolean;
  readonly interest_periods: readonly LetterInterestPeriod[];
  readonly indemnity_total: number;
  readonly indemnity_count: number;
  readonly indemnity_per_invoice: number;
  /** Each invoice's indemnity, where one is claimed: UK sums differ by the debt's size (£40, £70, £100). */
  readonly indemnities: readonly { readonly invoice: string; readonly amount: number }[];
  readonly has_indemnity: boolean;
  readonly step_fee: number;
  readonly has_step_fee: boolean;
  readonly fees: number;
  readonly total_claimed: number;
  /** Interest, indemnity or a fee is claimed on top of the principal. */
  readonly has_accessories: boolean;
  readonly other_open: readonly LetterInvoice[];
  readonly other_open_count: number;
  readonly has_other_open: boolean;
  readonly other_open_total: number;
  readonly unapplied: number;
  readonly has_unapplied: boolean;
  readonly previous: readonly LetterPrevious[];
  readonly previous_count: number;
  readonly has_previous: boolean;
  /**
   * Whether an earlier reminder named every invoice of this one; when not (a message that took an
   * invoice due its first step), `reminded_invoices` are those that were, so a second reminder
   * does not speak of a first for an invoice that had none.
   */
  readonly all_reminded: boolean;
  readonly reminded_invoices: string;
  readonly reminded_count: number;
  /** Date of the latest previous reminder, `""` when there was none. */
  readonly last_reminder_date: PlainDate | "";
  readonly deadline: PlainDate | "";
  readonly deadline_days: number;
  readonly has_deadline: boolean;
  readonly payment_reference: string;
  /** Payments and credit notes applied to the invoices of this message, oldest first. */
  readonly receipts: readonly LetterReceipt[];
  readonly has_receipts: boolean;
  /**
   * Interest goes on running until payment: claimed here, or owed by law (a business under a
   * statutory profile; a consumer once a notice has made it run, where the law says so).
   */
  readonly interest_accrues: boolean;
  /**
   * Late-payment interest is "pénalités de retard" (France's L441-10, or a French business's own
   * terms) rather than "intérêts de retard" (a business under the de, uk or eu law): French letters' word.
   */
  readonly interest_is_penalty: boolean;
  /** The first formal notice already sent for these invoices (`""` when none), and whether there was one. */
  readonly notice_date: PlainDate | "";
  readonly has_notice: boolean;
  /** The late-payment law behind interest and indemnity: one flag per profile. */
  readonly law: {
    readonly profile: string; readonly is_fr: boolean; readonly is_eu: boolean; readonly is_uk: boolean; readonly is_de: boolean; readonly is_custom: boolean; readonly is_none: boolean;
    /** A formal notice makes statutory interest run against a consumer under this law (FR, DE): the letter may say so. */
    readonly consumer_interest: boolean;
  };
}

const NAMES: Readonly<Record<string, string>> = {
  francais: "fr", français: "fr", french: "fr", fra: "fr", fre: "fr",
  anglais: "en", english: "en", eng: "en",
};

/** `fr`, `FR`, `fr_FR`, `fr-FR`, `Français` → `{language: "fr", tag: "fr-FR" | undefined}`. */
function parseLanguage(raw: string): { language: string; region?: string } | undefined {
  const s = raw.trim().toLowerCase().replace("_", "-");
  if (s === "") return undefined;
  const named = NAMES[s];
  if (named) return { language: named };
  const m = /^([a-z]{2,3})(?:-([a-z]{2}))?$/.exec(s);
  // "Deutsch", "Español", "fr_FR.UTF-8", "French (France)": the first two letters, as exports
  // that write a language name or a POSIX locale mean.
  if (!m) return /^[a-z]{2}/.test(s) ? { language: s.slice(0, 2) } : undefined;
  return m[2] ? { language: m[1] as string, region: m[2].toUpperCase() } : { language: m[1] as string };
}

/** The usual locale of a language when neither the customer nor the company gives a region. */
const DEFAULT_REGION: Readonly<Record<string, string>> = { fr: "fr-FR", en: "en-GB", de: "de-DE", es: "es-ES", it: "it-IT", nl: "nl-NL" };

/**
 * The template language and the formatting locale of a letter: the customer's `language` when
 * templates exist for it, else the company's, else English (or the first available).
 * A customer language with a region (`en-US`) is also the formatting locale.
 */
export function chooseLanguage(
  customerLanguage: string, companyLocale: string, available: readonly string[],
): { language: string; locale: string; fellBack: boolean } {
  const wanted = parseLanguage(customerLanguage);
  const company = parseLanguage(companyLocale) ?? { language: "en" };
  const localeOf = (lang: string, region?: string): string =>
    region ? `${lang}-${region}` : company.language === lang ? companyLocale : DEFAULT_REGION[lang] ?? lang;
  if (wanted && available.includes(wanted.language)) {
    return { language: wanted.language, locale: localeOf(wanted.language, wanted.region), fellBack: false };
  }
  const fallback = [company.language, "en", ...available].find((l) => available.includes(l)) ?? company.language;
  return { language: fallback, locale: localeOf(fallback), fellBack: wanted !== undefined };
}

function lineOf(line: ReminderLine, business: boolean): LetterInvoice {
  return {
    number: line.invoice, issue_date: line.issueDate, issue_date_given: line.issueGiven, due_date: line.dueDate,
    amount: line.amount, paid: line.paid, open: line.open,
    days_late: line.daysLate, days_to_due: Math.max(0, -line.daysLate), is_overdue: line.daysLate > 0,
    interest: line.interest,
    // Consumers never owe the fixed indemnity (domain §1.8), whatever the plan computed.
    indemnity: business ? line.indemnity : 0,
  };
}

function party(name: string, address: string, email: string, siren: string, vat: string): Party {
  const address_lines = address.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  return { name, address, address_lines, email, siren, vat };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Builds every variable a template may use; every key is present (strict templates). */
export function buildLetterContext(reminder: Reminder, options: LetterOptions): LetterContext {
  const { company, debtor, asOf, language } = options;
  const labels = labelsFor(language);
  const business = reminder.customerType === "b2b";
  const invoices = reminder.lines.map((l) => lineOf(l, business));
  const otherOpen = reminder.otherOpen.map((l) => lineOf(l, business));
  const claimed = invoices.filter((l) => l.indemnity > 0).map((l) => ({ invoice: l.number, amount: l.indemnity }));
  const indemnities = claimed.map((c) => c.amount);
  const planIndemnity = sum(reminder.lines.map((l) => l.indemnity));
  const indemnityTotal = sum(indemnities);
  const stepFee = Math.max(0, reminder.fees - planIndemnity);
  const template = reminder.step.template ?? reminder.step.id;
  const isFormal = setsDeadline(reminder.step);
  const law = options.latePayment ?? "none";
  const days = deadlineDays(reminder.step, law, !business);
  // By the medium it goes by: `dunning letter` posts a step the plan may have meant for e-mail.
  const deadline = isFormal ? noticeDeadline(asOf, days, options.medium) : "";
  const isLetter = options.medium === "letter";
  const { statutoryB2B, consumerInterest, penalties } = lawTraits(law);
  const dueDates = invoices.map((l) => l.due_date).sort();
  const numbers = invoices.map((l) => l.number);
  // A call list entry proves a call was planned, not that it took place: a letter cites only
  // what was sent or posted.
  const previous = reminder.previous.filter((p) => p.channel !== "phone").sort((a, b) => a.date.localeCompare(b.date));
  return {
    language, locale: options.locale, currency: reminder.currency, as_of: asOf,
    place: placeFromAddress(company.address ?? ""),
    company: {
      ...party(company.name ?? "", company.address ?? "", company.email ?? "", company.siren ?? "", company.vat ?? ""),
      phone: company.phone ?? "", iban: company.iban ?? "", bic: company.bic ?? "", signatory: company.signatory ?? "",
      is_french: options.latePayment === "fr-b2b" || (company.locale ?? "").toLowerCase().startsWith("fr"),
    },
    customer: {
      ...party(reminder.customerName || reminder.customer, debtor?.address ?? "", reminder.to, debtor?.siren ?? "", debtor?.vat ?? ""),
      id: reminder.customer, type: reminder.customerType, is_business: business, phone: reminder.phone ?? "",
    },
    step: { id: reminder.step.id, template, label: labels.steps[reminder.step.id] ?? labels.steps[template] ?? reminder.step.id },
    channel: reminder.channel, is_letter: isLetter, is_email: !isLetter,
    is_formal_notice: isFormal, is_registered: isLetter && isFormal,
    fallback_no_email: reminder.fallback === "no_email",
    invoices, invoice_count: invoices.length, invoice_numbers: numbers.join(", "),
    invoice_numbers_short: numbers.length <= 3 ? numbers.join(", ") : `${numbers.slice(0, 3).join(", ")}, …`,
    total_amount: sum(invoices.map((l) => l.amount)), total_paid: sum(invoices.map((l) => l.paid)),
    has_payments: invoices.some((l) => l.paid !== 0),
    amount_due: reminder.amount,
    has_overdue: invoices.some((l) => l.is_overdue),
    max_days_late: Math.max(0, ...invoices.map((l) => l.days_late)),
    first_due_date: dueDates[0] ?? asOf,
    days_to_due: invoices.length > 0 ? Math.min(...invoices.map((l) => l.days_to_due)) : 0,
    interest: reminder.interest, has_interest: reminder.interest > 0,
    interest_periods: reminder.interestPeriods.map((p) => ({
      invoice: p.invoice, from: p.from, to: p.to, day_count: p.days, rate: p.rate, base: p.base, interest: p.interest,
    })),
    indemnity_total: indemnityTotal, indemnity_count: indemnities.length,
    indemnities: claimed,
    indemnity_per_invoice: indemnities.length > 0 && indemnities.every((v) => v === indemnities[0]) ? (indemnities[0] as number) : 0,
    has_indemnity: business && indemnityTotal > 0,
    step_fee: stepFee, has_step_fee: stepFee > 0, fees: stepFee + indemnityTotal,
    total_claimed: reminder.totalClaimed - (planIndemnity - indemnityTotal),
    has_accessories: reminder.interest > 0 || indemnityTotal > 0 || stepFee > 0,
    other_open: otherOpen, other_open_count: otherOpen.length, has_other_open: otherOpen.length > 0, other_open_total: sum(otherOpen.map((l) => l.open)),
    unapplied: reminder.unapplied, has_unapplied: reminder.unapplied > 0,
    previous: previous.map((p) => ({
      step: p.step, label: labels.steps[p.step] ?? p.step, channel: p.channel,
      channel_label: labels.channels[p.channel] ?? p.channel, date: p.date,
      invoices: p.invoices.join(", "), invoice_count: p.invoices.length,
    })),
    previous_count: previous.length, has_previous: previous.length > 0,
    ...remindedBefore(invoices.map((l) => l.number), previous),
    last_reminder_date: previous.at(-1)?.date ?? "",
    deadline, deadline_days: isFormal ? days : 0, has_deadline: deadline !== "",
    // Three numbers still fit on a bank transfer's 140-character remittance line.
    payment_reference: numbers.length <= 3 ? numbers.join(" ") : reminder.customer,
    receipts: (reminder.receipts ?? []).map((r) => ({
      reference: r.madeUpId === true ? "" : r.reference, date: r.date, invoice: r.invoice, amount: r.amount, is_credit_note: r.kind === "credit_note",
    })),
    has_receipts: (reminder.receipts ?? []).length > 0,
    notice_date: reminder.noticeDate ?? "", has_notice: reminder.noticeDate !== undefined,
    interest_accrues: reminder.interest > 0 || (business ? statutoryB2B : consumerInterest),
    interest_is_penalty: business && penalties,
    law: {
      profile: law, is_fr: law === "fr-b2b", is_eu: law === "eu", is_uk: law === "uk", is_de: law === "de", is_custom: law === "custom", is_none: law === "none",
      consumer_interest: consumerInterest,
    },
  };
}

/** Which invoices of a message an earlier reminder named (see LetterContext.all_reminded). */
function remindedBefore(numbers: readonly string[], previous: readonly PreviousReminder[]): { all_reminded: boolean; reminded_invoices: string; reminded_count: number } {
  const named = new Set(previous.flatMap((p) => p.invoices));
  const reminded = numbers.filter((n) => named.has(n));
  return { all_reminded: reminded.length === numbers.length, reminded_invoices: reminded.join(", "), reminded_count: reminded.length };
}
