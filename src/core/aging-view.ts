// Choosing and ordering the rows of an aged balance for display: filters by customer and minimum
// overdue, sorting by overdue, total or name, and totals recomputed over what is shown. Pure.

import { totalsOf, type AgingReport, type CustomerAging } from "./aging.js";
import { currencyExponent } from "./money.js";
import { compareText } from "./text.js";

export type AgingSort = "overdue" | "total" | "name";

export interface AgingView {
  readonly sort: AgingSort;
  /** Customer id, or part of the name (case-insensitive). */
  readonly customer?: string | undefined;
  /** Major units in each row's own currency, a decimal string as readMinimum gives it (`100`, `99.50`). */
  readonly minOverdue?: string | undefined;
}

/**
 * `--min-overdue` as typed → a decimal string (`2 000,50` → `2000.50`), or undefined when it is no
 * amount — or could be two (`1,000` or `1.000`: a thousand, or one with three decimals; the
 * exports' reader settles that from a whole column, a single value cannot).
 */
export function readMinimum(raw: string): string | undefined {
  const m = /^(\d+)(?:([.,])(\d+))?$/.exec(raw.replace(/[\s\u00a0\u202f]/g, ""));
  if (m === null || m[3]?.length === 3) return undefined;
  return m[3] === undefined ? m[1] : `${m[1]}.${m[3]}`;
}

/** The least amount in minor units of `currency` that is at least `decimal` (500.50 in JPY → 501). */
function atLeast(decimal: string, currency: string): number {
  const [whole = "0", fraction = ""] = decimal.split(".");
  const exponent = currencyExponent(currency);
  const beyond = /[1-9]/.test(fraction.slice(exponent)) ? 1 : 0;
  return Number(whole) * 10 ** exponent + Number(fraction.slice(0, exponent).padEnd(exponent, "0") || "0") + beyond;
}

/** `--customer`: the exact id, or part of the name, case-insensitive. */
export function matchesCustomer(id: string, name: string, wanted: string): boolean {
  return id.toLowerCase() === wanted.toLowerCase() || name.toLowerCase().includes(wanted.toLowerCase());
}

/**
 * Rows grouped by currency (so amounts compared are in one currency), sorted inside each group;
 * ties broken by customer id so output is stable.
 */
export function viewAging(report: AgingReport, view: AgingView): AgingReport {
  const rows = report.customers.filter((r) => {
    if (view.customer !== undefined && !matchesCustomer(r.customer, r.name, view.customer)) return false;
    if (view.minOverdue !== undefined && r.overdue < atLeast(view.minOverdue, r.currency)) return false;
    return true;
  });
  const key = (r: CustomerAging): number => (view.sort === "total" ? r.total : r.overdue);
  rows.sort((a, b) => compareText(a.currency, b.currency)
    || (view.sort === "name" ? a.name.localeCompare(b.name) : key(b) - key(a))
    || compareText(a.customer, b.customer));
  // One customer asked for: the money of payers nobody identified is not theirs to show.
  const unidentified = view.customer === undefined ? report.unidentified : [];
  return { ...report, customers: rows, totals: totalsOf(rows, report.buckets.length), unidentified };
}
