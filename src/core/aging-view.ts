// Choosing and ordering the rows of an aged balance for display: filters by customer and minimum
// overdue, sorting by overdue, total or name, and totals recomputed over what is shown. Pure.

import { totalsOf, type AgingReport, type CustomerAging } from "./aging.js";
import { compareText } from "./text.js";
import { parseMajor } from "./money.js";

export type AgingSort = "overdue" | "total" | "name";

export interface AgingView {
  readonly sort: AgingSort;
  /** Customer id, or part of the name (case-insensitive). */
  readonly customer?: string | undefined;
  /** Major units in each row's own currency, as typed (`100`, `99.50`). */
  readonly minOverdue?: string | undefined;
}

/** `--customer`: the exact id, or part of the name, case-insensitive. */
export function matchesCustomer(id: string, name: string, wanted: string): boolean {
  return id === wanted || name.toLowerCase().includes(wanted.toLowerCase());
}

/**
 * Rows grouped by currency (so amounts compared are in one currency), sorted inside each group;
 * ties broken by customer id so output is stable.
 */
export function viewAging(report: AgingReport, view: AgingView): AgingReport {
  const rows = report.customers.filter((r) => {
    if (view.customer !== undefined && !matchesCustomer(r.customer, r.name, view.customer)) return false;
    if (view.minOverdue !== undefined) {
      const min = parseMajor(view.minOverdue, r.currency);
      if (min !== undefined && r.overdue < min) return false;
    }
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
