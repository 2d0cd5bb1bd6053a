// Money for people: minor units formatted for a locale (`1 234,56` in fr-FR, `1,234.56` in
// en-GB) through Intl with a decimal string, so no float ever carries the amount. Pure.

import { currencyExponent, formatMinor } from "../core/money.js";

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string, symbol: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency}|${symbol}`;
  let f = formatters.get(key);
  if (!f) {
    const digits = currencyExponent(currency);
    f = new Intl.NumberFormat(locale, symbol
      ? { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }
      : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, f);
  }
  return f;
}

/** `123456`, EUR, fr-FR → `1 234,56` (no currency sign; tables have a currency column). */
export function formatAmount(minor: number, currency: string, locale: string): string {
  // Intl accepts decimal strings exactly (NumberFormat v3), which keeps floats out.
  return formatter(locale, currency, false).format(formatMinor(minor, currency) as unknown as number);
}

/** `123456`, EUR, fr-FR → `1 234,56 €`; en-GB → `€1,234.56`. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return formatter(locale, currency, true).format(formatMinor(minor, currency) as unknown as number);
}
