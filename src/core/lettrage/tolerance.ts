// Tolerances and date eligibility (matching.md §2.5, §3.3): per-item tolerance min(abs, pct),
// summed over a group; bank-charge shortfalls; which invoices an amount rule may consider.

import type { PlainDate } from "../dates.js";
import { isRejected, NO_WINDOW, type Ctx, type Item, type Pay, type Window } from "./state.js";

export type { Window } from "./state.js";

/** tol(open) = min(toleranceAbs, round(pct × open)); none for customers paying running balances. */
export function tolerance(ctx: Ctx, item: Item): number {
  // Few runs name running-balance customers: then no look-up per item.
  if (item.credit || item.open <= 0 || (ctx.runningBalance.size > 0 && ctx.runningBalance.has(item.customer))) return 0;
  const t = ctx.tunables(item.currency);
  return Math.min(t.toleranceAbs, Math.round((item.open * t.toleranceBp) / 10_000));
}

export function groupTolerance(ctx: Ctx, items: readonly Item[]): number {
  let sum = 0;
  for (let itemAt = 0; itemAt < items.length; itemAt++) {
    const item = items[itemAt] as Item;
    sum += tolerance(ctx, item);
  }
  return sum;
}

/** A shortfall that looks like bank charges: small, and a usual fee amount or announced in the label. */
export function feeSuspected(ctx: Ctx, customer: string, currency: string, shortfall: number, feeMarker: boolean): boolean {
  if (ctx.runningBalance.has(customer)) return false;
  const t = ctx.tunables(currency);
  return shortfall > 0 && shortfall <= t.feeMax && (t.feeAmounts.has(shortfall) || feeMarker);
}

/**
 * dates.ts's dayNumber without a Date object (days from civil, H. Hinnant): it runs three
 * million times on a large ledger. Same result for every valid `YYYY-MM-DD`.
 */
export function dayOf(date: PlainDate): number {
  return civilDay(yearOf(date), twoDigits(date, 5), twoDigits(date, 8));
}

// The fields of a `YYYY-MM-DD` read from its character codes: no substring, no Number().
const twoDigits = (date: string, at: number): number => (date.charCodeAt(at) - 48) * 10 + (date.charCodeAt(at + 1) - 48);
const yearOf = (date: string): number => twoDigits(date, 0) * 100 + twoDigits(date, 2);

/**
 * dayOf of a valid `YYYY-MM-DD`, NaN for any other string: a day number it gives belongs to that
 * date alone, so two dates it accepts with one day number are the same string.
 */
export function isoDayOf(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  const c0 = date.charCodeAt(0) - 48;
  const c1 = date.charCodeAt(1) - 48;
  const c2 = date.charCodeAt(2) - 48;
  const c3 = date.charCodeAt(3) - 48;
  const c5 = date.charCodeAt(5) - 48;
  const c6 = date.charCodeAt(6) - 48;
  const c8 = date.charCodeAt(8) - 48;
  const c9 = date.charCodeAt(9) - 48;
  if (!(digit(c0) && digit(c1) && digit(c2) && digit(c3) && digit(c5) && digit(c6) && digit(c8) && digit(c9))) return NaN;
  const y0 = c0 * 1000 + c1 * 100 + c2 * 10 + c3;
  const m = c5 * 10 + c6;
  const d = c8 * 10 + c9;
  if (m < 1 || m > 12 || d < 1) return NaN;
  const day = civilDay(y0, m, d);
  return d <= 28 || d <= civilDay(m === 12 ? y0 + 1 : y0, m === 12 ? 1 : m + 1, 1) - (day - d + 1) ? day : NaN;
}

const digit = (c: number): boolean => c >= 0 && c <= 9;

/** The day number of year `y0`, month `m`, day `d` (the arithmetic of dayOf, on numbers). */
function civilDay(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The day `months` calendar months before `date`, the day clamped to the month's length. */
export function monthsBeforeDay(date: PlainDate, months: number): number {
  const total = yearOf(date) * 12 + twoDigits(date, 5) - 1 - months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  // On numbers: no date string is written and read back.
  const first = civilDay(y, m, 1);
  return first + Math.min(twoDigits(date, 8), civilDay(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - first) - 1;
}

/**
 * Issue-date window of amount rules for one payment: issued ≤ date + grace and ≥ date − lookback.
 * Kept on the payment itself (no object per payment), computed on first use.
 */
export function amountWindow(ctx: Ctx, pay: Pay): Window {
  if (pay.from === NO_WINDOW) {
    pay.from = monthsBeforeDay(pay.p.date, ctx.options.lookbackMonths);
    pay.to = pay.day + ctx.options.graceDays;
  }
  return pay;
}

/** May an amount rule (R3, R4, R5) give this item to this payment? */
export function eligible(pay: Pay, item: Item, w: Window): boolean {
  return !item.held && item.currency === pay.currency && item.issueDay <= w.to && item.issueDay >= w.from
    && (item.credit ? item.open < 0 : item.open > 0) && !isRejected(pay, item);
}
