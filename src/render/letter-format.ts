// Words and numbers of letters for a reader's locale: dates, day counts, rates and plural forms
// through Intl, shared by the template helpers and the PDF renderer. Pure.

import { dayNumber, type PlainDate } from "../core/dates.js";

export { formatMoney } from "./amounts.js";

/**
 * `numeric`: 15/10/2026; `medium`: 15 oct. 2026 / 15 Oct 2026 / Oct 15, 2026 (for tables);
 * `long`: 15 octobre 2026 / 15 October 2026 / October 15, 2026.
 */
export type DateStyle = "numeric" | "medium" | "long";

const MS_PER_DAY = 86_400_000;

/**
 * The style `{{date d}}` uses when the template names none. English letters spell the month
 * out because a numeric date is read day-first in the UK and month-first in the US.
 */
export function defaultDateStyle(locale: string): DateStyle {
  return locale.toLowerCase().startsWith("en") ? "long" : "numeric";
}

/** The style of a date in a table column: the default, shortened where it spells the month. */
export function tableDateStyle(locale: string): DateStyle {
  return defaultDateStyle(locale) === "long" ? "medium" : "numeric";
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** A `YYYY-MM-DD` calendar date for a reader; UTC throughout so no time zone can move the day. */
export function formatDate(date: PlainDate, locale: string, style: DateStyle = defaultDateStyle(locale)): string {
  const key = `${locale}|${style}`;
  let f = dateFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, style === "numeric"
      ? { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" }
      : { timeZone: "UTC", dateStyle: style });
    dateFormatters.set(key, f);
  }
  const text = f.format(new Date(dayNumber(date) * MS_PER_DAY));
  // A spelt-out date is one unit a line must not split (`3` at the end of a line, `décembre 2026`
  // on the next, in a formal notice): its spaces do not break.
  if (style === "numeric") return text;
  // French writes the first of the month as an ordinal: « le 1er décembre ».
  const ordinal = locale.toLowerCase().startsWith("fr") && /^1 /.test(text) ? `1er${text.slice(1)}` : text;
  return ordinal.replaceAll(" ", "\u00a0");
}

/** `8` → `8 jours` / `8 days`, `1` → `1 jour` / `1 day`, with the locale's own unit words. */
export function formatDays(days: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "unit", unit: "day", unitDisplay: "long" }).format(days);
}

/** `one` or `other` (and the other CLDR categories) for a count: French says `0 facture`. */
export function pluralCategory(count: number, locale: string): Intl.LDMLPluralRule {
  return new Intl.PluralRules(locale).select(count);
}

/**
 * An annual rate written as a decimal string of percent (`"12.15"`) → `12,15 %` / `12.15%`.
 * The division by 100 is done on the digits, so no float ever carries the rate.
 */
export function formatRate(rate: string, locale: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!m) return rate;
  const [, sign = "", int = "0", frac = ""] = m;
  // Percent to a fraction: the decimal point moves two digits left (2.62 → 0.0262).
  const digits = int + frac;
  const point = int.length - 2;
  const fraction = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${"0".repeat(-point)}${digits}`;
  return new Intl.NumberFormat(locale, {
    style: "percent", minimumFractionDigits: frac.length, maximumFractionDigits: frac.length,
  }).format(`${sign}${fraction}` as unknown as number);
}

/** `2026-11-22` + `69002 Lyon` → `Lyon`: where a letter is written, from the address's last line. */
export function placeFromAddress(address: string): string {
  const lines = address.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  const last = lines.at(-1) ?? "";
  // French and most European postcodes lead the town line; CEDEX is a sorting suffix.
  return last.replace(/^(?:[A-Z]{1,2}-)?\d{4,5}\s+/, "").replace(/\s+cedex(?:\s+\d+)?$/i, "").trim();
}
