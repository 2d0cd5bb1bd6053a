// Calendar dates as `YYYY-MM-DD` strings (no time, no zone), day arithmetic on them, and the
// reading of the date forms exports use, with day/month order decided from all values. Pure.

import { stripAccents } from "./text.js";

/** A calendar date, `YYYY-MM-DD`. Lexicographic order is chronological order. */
export type PlainDate = string;

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid PlainDate. UTC arithmetic only: no zone can shift a day. */
export function dayNumber(date: PlainDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function fromDayNumber(n: number): PlainDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: PlainDate, days: number): PlainDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: PlainDate, years: number): PlainDate {
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return validYmd(y, m, d) ?? (validYmd(y, m, d - 1) as PlainDate);
}

/** The last day of the month of `date`. */
export function endOfMonth(date: PlainDate): PlainDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`, -1);
}

/** Day `day` of the month `months` after the month of `date` (0: that month), or that month's last day when it is shorter. */
export function dayOfMonthAfter(date: PlainDate, months: number, day: number): PlainDate {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const first = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}-01`;
  return addDays(first, Math.min(day, Number(endOfMonth(first).slice(8, 10))) - 1);
}

/** `later - earlier` in calendar days (positive when `later` is after `earlier`). */
export function daysBetween(earlier: PlainDate, later: PlainDate): number {
  return dayNumber(later) - dayNumber(earlier);
}

function validYmd(y: number, m: number, d: number): PlainDate | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2199) return undefined;
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return fromDayNumber(dayNumber(iso)) === iso ? iso : undefined;
}

/** A user-typed date (`--as-of`), strictly `YYYY-MM-DD`. */
export function parseIsoDate(text: string): PlainDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? validYmd(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** Day/month order of numeric dates whose first two parts are both ≤ 12. */
export type DayMonthOrder = "dmy" | "mdy";

/** The order as users write it in date_format: `dd/mm/yyyy` or `mm/dd/yyyy`. */
export function orderName(order: DayMonthOrder): string {
  return order === "dmy" ? "dd/mm/yyyy" : "mm/dd/yyyy";
}

/** Day and month the other way round. */
export function otherOrder(order: DayMonthOrder): DayMonthOrder {
  return order === "dmy" ? "mdy" : "dmy";
}

/** The shape of a date value, before the file's day/month order is known. */
type DateShape =
  | { kind: "ymd"; y: number; m: number; d: number }
  | { kind: "pair"; a: number; b: number; y: number; sep: string };

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
// yyyymmdd, and OFX's DTPOSTED with its time and zone (`20261020120000.000[-5:EST]`).
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:\d{4}(?:\d{2}(?:\.\d{1,3})?)?(?:\[[+-]?\d{1,2}(?:\.\d+)?(?::\w+)?\])?)?$/;
const PAIR = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?: [0-9:]+)?$/;
// Months written out (Xero's `15 Jul 2026`, `15-Jul-26`, `Jul 15, 2026`, French `1er juillet
// 2026`, `15 févr. 2026`): day and month cannot be confused, so these vote for no order.
// A weekday may lead (`Wed, 15 Jul 2026`), a time follow (`10:32`, `9:15 AM`).
const DAY_MONTH_YEAR = /^(?:\p{L}+\.?,?\s+)?(\d{1,2})(?:er|st|nd|rd|th)?[ ./-]*(\p{L}+)\.?[ ./,-]+(\d{4}|\d{2})(?: [0-9:]+(?: ?[ap]m)?)?$/iu;
const MONTH_DAY_YEAR = /^(?:\p{L}+\.?,?\s+)?(\p{L}+)\.?[ ./-]*(\d{1,2})(?:st|nd|rd|th)?,?[ ./-]+(\d{4})(?: [0-9:]+(?: ?[ap]m)?)?$/iu;

/** Month names and their abbreviations in English, French and German, accents and case aside. */
const MONTHS: ReadonlyMap<string, number> = new Map([
  ["jan", 1], ["january", 1], ["janv", 1], ["janvier", 1], ["januar", 1],
  ["feb", 2], ["february", 2], ["fev", 2], ["fevr", 2], ["fevrier", 2], ["februar", 2],
  ["mar", 3], ["march", 3], ["mars", 3], ["marz", 3], ["maerz", 3], ["mrz", 3],
  ["apr", 4], ["april", 4], ["avr", 4], ["avril", 4],
  ["may", 5], ["mai", 5],
  ["jun", 6], ["june", 6], ["juin", 6], ["juni", 6],
  ["jul", 7], ["july", 7], ["juil", 7], ["juillet", 7], ["juli", 7],
  ["aug", 8], ["august", 8], ["aou", 8], ["aout", 8],
  ["sep", 9], ["sept", 9], ["september", 9], ["septembre", 9],
  ["oct", 10], ["october", 10], ["octobre", 10], ["okt", 10], ["oktober", 10],
  ["nov", 11], ["november", 11], ["novembre", 11],
  ["dec", 12], ["december", 12], ["decembre", 12], ["dez", 12], ["dezember", 12],
]);

const monthOf = (name: string): number | undefined =>
  MONTHS.get(stripAccents(name).toLowerCase());

/** Two-digit years pivot as POSIX strptime does (69–99 → 19xx): `31/12/99` read as 2099 would
 * make a stale debt look due in the far future. */
const fullYear = (yy: string): number => (yy.length === 2 ? (Number(yy) >= 69 ? 1900 : 2000) + Number(yy) : Number(yy));

/**
 * A date cell that Excel saved as its serial number (days since 1899-12-30 in the 1900 system,
 * which is right from March 1900 on): five digits, 1954 to 2119, nothing a date column means
 * otherwise.
 */
const EXCEL_SERIAL = /^[2-7]\d{4}$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30) / MS_PER_DAY;

function shapeOf(raw: string): DateShape | undefined {
  const s = raw.trim();
  let m = ISO.exec(s) ?? COMPACT.exec(s);
  if (m) return { kind: "ymd", y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  if (EXCEL_SERIAL.test(s)) {
    const iso = fromDayNumber(EXCEL_EPOCH + Number(s));
    return { kind: "ymd", y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) };
  }
  m = PAIR.exec(s);
  if (m) return { kind: "pair", a: Number(m[1]), b: Number(m[3]), y: fullYear(m[4] as string), sep: m[2] as string };
  // Only a value with a letter can name its month (a cheap test: most values are numeric).
  if (!/\p{L}/u.test(s)) return undefined;
  m = DAY_MONTH_YEAR.exec(s);
  let month = m ? monthOf(m[2] as string) : undefined;
  if (m && month !== undefined) return { kind: "ymd", y: fullYear(m[3] as string), m: month, d: Number(m[1]) };
  m = MONTH_DAY_YEAR.exec(s);
  month = m ? monthOf(m[1] as string) : undefined;
  if (m && month !== undefined) return { kind: "ymd", y: Number(m[3]), m: month, d: Number(m[2]) };
  return undefined;
}

/**
 * Decides the day/month order of a file from all its date values: a first part above 12 proves
 * dd/mm, a second part above 12 proves mm/dd. Dotted dates are day-first by convention and vote
 * for nothing. `ambiguous` means no value decided it and the fallback was used.
 */
export function decideDateOrder(
  values: Iterable<string>,
  fallback: DayMonthOrder,
): { order: DayMonthOrder; ambiguous: boolean; conflict: boolean; proven: boolean } {
  let dmy = false;
  let mdy = false;
  let pairs = 0;
  for (const v of values) {
    const s = shapeOf(v);
    if (!s || s.kind !== "pair" || s.sep === ".") continue;
    pairs++;
    if (s.a > 12 && s.b <= 12) dmy = true;
    if (s.b > 12 && s.a <= 12) mdy = true;
  }
  if (dmy && mdy) return { order: fallback, ambiguous: false, conflict: true, proven: false };
  if (dmy || mdy) return { order: dmy ? "dmy" : "mdy", ambiguous: false, conflict: false, proven: true };
  return { order: fallback, ambiguous: pairs > 0, conflict: false, proven: false };
}

/**
 * The day/month order that keeps an issue date on or before its due date, when both read both
 * ways (no part above 12): `dmy` or `mdy` when only that one does, else undefined. A file whose
 * every date is ambiguous is decided by this where its values cannot be.
 */
export function orderKeepingDue(issue: string, due: string): DayMonthOrder | undefined {
  const a = shapeOf(issue);
  const b = shapeOf(due);
  if (a?.kind !== "pair" || b?.kind !== "pair" || a.sep === "." || b.sep === "." || a.a > 12 || a.b > 12 || b.a > 12 || b.b > 12) return undefined;
  const issueDmy = validYmd(a.y, a.b, a.a);
  const dueDmy = validYmd(b.y, b.b, b.a);
  const issueMdy = validYmd(a.y, a.a, a.b);
  const dueMdy = validYmd(b.y, b.a, b.b);
  const dmy = issueDmy !== undefined && dueDmy !== undefined && issueDmy <= dueDmy;
  const mdy = issueMdy !== undefined && dueMdy !== undefined && issueMdy <= dueMdy;
  return dmy === mdy ? undefined : dmy ? "dmy" : "mdy";
}

/** Reads one date value in the file's order; undefined when it is not a date. */
export function parseDate(raw: string, order: DayMonthOrder): PlainDate | undefined {
  const s = shapeOf(raw);
  if (!s) return undefined;
  if (s.kind === "ymd") return validYmd(s.y, s.m, s.d);
  const dayFirst = s.sep === "." || order === "dmy";
  return dayFirst ? validYmd(s.y, s.b, s.a) : validYmd(s.y, s.a, s.b);
}
