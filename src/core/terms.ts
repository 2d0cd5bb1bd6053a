// Payment terms as exports write them, into a due date: days, end of month, a day of the next
// month, on receipt, a date written out (domain.md §1.1, tricky cases 16 and 17). Used only for
// invoices exported without their due date. Pure.

import { addDays, dayOfMonthAfter, endOfMonth, parseDate, type PlainDate } from "./dates.js";

const ON_RECEIPT = /r[eé]ception|comptant|receipt|immediate|imm[eé]diat|\bcash\b|commande|\border\b|livraison|delivery/i;
/** `fin de mois`, `fin-du-mois`, `FDM`, `45 JFDM`, `30JFM`, `EOM`, `E.O.M.`, `end-of-month`. */
const END_OF_MONTH = /fin[\s-]*d[eu][\s-]*mois|(?:\b|(?<=\d))j?f\s?d?\s?m\b|end[\s-]*of[\s-]*(the\s+)?month|(?:\b|(?<=\d))e\.?o\.?m\b\.?/i;
/** `fin de mois + 45 jours` written in that order, or `60 days from end of month`: the month's end first. */
const FROM_MONTH_END = /(?:from|after|à compter de|après)\s+(?:the\s+|la\s+)?(?:end[\s-]*of[\s-]*(?:the\s+)?month|fin[\s-]*d[eu][\s-]*mois|eom)/i;
/** A written date the days count from (`30 jours à compter du 01/02/2026`, `Net 30 from 1 Feb 2026`). */
const COUNTED_FROM = /(?:from|after|starting|à compter du|à partir du|depuis le)\s*$/i;
/** Months and weeks (`2 mois`, `payable in 2 weeks`): not days. */
const MONTHS = /(?<![\w-])(\d{1,2})\s*(?:mois|months?)\b/i;
const WEEKS = /(?<![\w-])(\d{1,2})\s*(?:semaines?|weeks?)\b/i;
/** `Net 30`, `net à 30 jours` (in `2/10 Net 30`: the net amount's days win over a discount's). */
const NET_DAYS = /\bnet\s*(?:à\s*)?(\d{1,3})\b/i;
/** Days with their unit (`30 jours`, `45 j`, `30 days`, `45 JFDM`): a bare number elsewhere may be something else. */
const DAYS = /(?<![\w-])(\d{1,3})\s*(?:j(?:ours?|rs?)?|days?|d)(?![a-zà-ÿ])|(?<![\w-])(\d{1,3})\s*(?=j?f\s?d?\s?m\b|e\.?o\.?m\b)/i;
/** `le 10`, `10th of the following month`, `1er du mois suivant`: that day of a month. */
const DAY_OF_MONTH = /\ble\s+(\d{1,2})(?:er)?\b|\b(\d{1,2})(?:st|nd|rd|th|er)?\s+(?:of\s+(?:the\s+)?)?(?:following|next)\s+month\b|\b(\d{1,2})(?:er)?\s+du\s+mois\s+suivant\b/i;
const NEXT_MONTH = /suivant|following|next\s+month/i;
/** Clauses about a discount, penalties, tax or delivery, whose numbers are not the terms' days. */
const ASIDE = /escompte|discount|remise|p[ée]nalit|penalt|int[ée]r[êe]t|interest|retard|\blate\b|\btva\b|\bvat\b|livraison sous|delivery (?:in|within)/i;
/** Instalments or a share paid at another time (`1/3 à 30 jours`, `50 %`, `en 3 fois`): no one date. */
const INSTALMENTS = /%|\d\s*\/\s*\d|\bfois\b|\b\d+\s*x\b|instal/i;
/** A date written out in the terms (`Due 2026-02-15`, `by 15 Feb 2026`). */
const WRITTEN_DATE = /\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{1,2}(?:st|nd|rd|th|er)?\s+\p{L}+\.?\s+\d{4}/u;

/**
 * The two readings of `45 jours fin de mois` the DGCCRF accepts for L441-10: the days, then the
 * end of that month; or the end of the issue month, then the days. They can fall a month apart.
 */
export type EndOfMonthTerms = "days_then_month_end" | "month_end_then_days";

/**
 * The due date terms as exports write them give an invoice issued on `issue`: `30`, `Net 30`,
 * `45 days` add days; `45 jours fin de mois` (`FDM`, `EOM`) by `method`, unless the terms say the
 * month's end comes first (`fin de mois + 45 jours`); `fin de mois` alone is the end of the issue
 * month; `… le 10`, `10th of the following month` that day of the month after; `à réception`,
 * `comptant`, `à la commande` the issue date; a date written out, that date. Undefined when the
 * terms give no one date (instalments, a payment method, `selon contrat`).
 */
export function dueFromTerms(raw: string, issue: PlainDate, method: EndOfMonthTerms = "days_then_month_end"): PlainDate | undefined {
  if (raw.trim() === "") return undefined;
  // A written date is the due date, unless days are counted from it (or it is the invoice's own).
  const written = WRITTEN_DATE.exec(raw);
  const writtenDate = written ? parseDate(written[0].replace(/(\d)(?:st|nd|rd|th|er)\b/, "$1"), "dmy") : undefined;
  const undated = written ? raw.replace(written[0], " ") : raw;
  if (written && writtenDate !== undefined && COUNTED_FROM.test(raw.slice(0, written.index))) return dueFromTerms(undated, writtenDate, method);
  const clauses = undated.split(/[,;]/).filter((c) => !ASIDE.test(c));
  // `100 % à la commande` is one payment, not a share: only other percentages are instalments.
  const text = (clauses.length > 0 ? clauses.join(", ") : undated).replace(/100\s*%/, "");
  if (writtenDate !== undefined && !/\d/.test(text)) return writtenDate;
  // The day-of-month clause's number is not the days: both positions below are read without it.
  const dayOfMonth = DAY_OF_MONTH.exec(text);
  const day = dayOfMonth ? Number(dayOfMonth[1] ?? dayOfMonth[2] ?? dayOfMonth[3]) : undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  const rest = dayOfMonth ? text.replace(DAY_OF_MONTH, " ") : text;
  const net = NET_DAYS.exec(rest);
  if (!net && INSTALMENTS.test(rest)) return undefined;
  if (!net && ON_RECEIPT.test(rest) && !/\d/.test(rest)) return issue;
  const months = MONTHS.exec(rest);
  const weeks = WEEKS.exec(rest);
  const found = months || weeks ? null : net ?? DAYS.exec(rest) ?? /(?<![\w-])(\d{1,3})\b/.exec(rest);
  const days = found ? Number(found[1] ?? found[2]) : undefined;
  const monthEnd = END_OF_MONTH.exec(rest);
  let base: PlainDate | undefined;
  if (months || weeks) {
    // `2 mois`, `6 semaines`, then the month's end or a day of the month when the terms say so.
    const after = months ? dayOfMonthAfter(issue, Number(months[1]), Number(issue.slice(8, 10))) : addDays(issue, 7 * Number((weeks as RegExpExecArray)[1]));
    base = monthEnd ? endOfMonth(after) : after;
  } else if (monthEnd) {
    const monthEndFirst = FROM_MONTH_END.test(rest) || (found !== null && monthEnd.index < found.index) || method === "month_end_then_days";
    base = days === undefined ? endOfMonth(issue) : monthEndFirst ? addDays(endOfMonth(issue), days) : endOfMonth(addDays(issue, days));
  } else if (days !== undefined) base = addDays(issue, days);
  if (day !== undefined) return nextDayOfMonth(base ?? (NEXT_MONTH.test(text) ? endOfMonth(issue) : issue), day);
  return base;
}

/** Whether the terms give a due date at all (a payment method in a terms column gives none). */
export function termsReadable(raw: string): boolean {
  return dueFromTerms(raw, "2026-01-01") !== undefined;
}

/** The due date of an invoice without one: by its terms, else `days` after its issue. */
export function dueDateOf(terms: string, issue: PlainDate, method: EndOfMonthTerms | undefined, days: number): PlainDate {
  return dueFromTerms(terms, issue, method) ?? addDays(issue, days);
}

/** The first day numbered `day` after `date` (the month's last day in a month too short for it). */
function nextDayOfMonth(date: PlainDate, day: number): PlainDate {
  const same = dayOfMonthAfter(date, 0, day);
  return same > date ? same : dayOfMonthAfter(date, 1, day);
}
