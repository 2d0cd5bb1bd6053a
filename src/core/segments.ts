// Payer segments from the payment history in the exports: `new` (too little history), `at_risk`
// (something long overdue), `good_payer` and `late_payer` by average days late and share of
// invoices paid late. Scenario rules can pick a scenario per segment. Pure.

import { daysBetween, type PlainDate } from "./dates.js";
import type { Ledger } from "./ledger.js";
import { lastPaymentDate, receiptsByInvoice } from "./receipts.js";

export type Segment = "good_payer" | "late_payer" | "at_risk" | "new";

export interface SegmentThresholds {
  /** Fewer paid invoices than this: `new`. */
  readonly minHistory: number;
  /** An open invoice at least this many days past due: `at_risk`. */
  readonly atRiskDaysOverdue: number;
  /** `good_payer` when the average days late is at most this… */
  readonly goodMaxAvgDaysLate: number;
  /** …and the share of invoices paid late at most this (0–1). */
  readonly goodMaxShareLate: number;
}

export const DEFAULT_SEGMENT_THRESHOLDS: SegmentThresholds = {
  minHistory: 3, atRiskDaysOverdue: 60, goodMaxAvgDaysLate: 5, goodMaxShareLate: 0.2,
};

export interface CustomerSegment {
  readonly segment: Segment;
  readonly paidInvoices: number;
  /** Average days late of paid invoices (0 when none). */
  readonly avgDaysLate: number;
  readonly shareLate: number;
  readonly maxDaysOverdue: number;
}

/**
 * Segments per customer. An invoice counts as paid when nothing is open; its payment date is
 * the latest of its allocations (invoices paid per the export alone carry no date and are not
 * counted).
 */
export function segmentCustomers(ledger: Ledger, asOf: PlainDate, t: SegmentThresholds): Map<string, CustomerSegment> {
  const receipts = receiptsByInvoice(ledger);
  const stats = new Map<string, { paid: number; lateDays: number; late: number; maxOverdue: number }>();
  for (const { invoice, open } of ledger.items) {
    if (invoice.type !== "invoice") continue;
    let s = stats.get(invoice.customer);
    if (!s) stats.set(invoice.customer, (s = { paid: 0, lateDays: 0, late: 0, maxOverdue: 0 }));
    const paidOn = lastPaymentDate(receipts.get(invoice.number));
    if (open <= 0 && paidOn !== undefined) {
      const late = Math.max(0, daysBetween(invoice.dueDate, paidOn));
      s.paid++;
      s.lateDays += late;
      if (late > 0) s.late++;
    } else if (open > 0) {
      s.maxOverdue = Math.max(s.maxOverdue, daysBetween(invoice.dueDate, asOf));
    }
  }
  const out = new Map<string, CustomerSegment>();
  for (const [customer, s] of stats) {
    const avgDaysLate = s.paid === 0 ? 0 : Math.round((s.lateDays / s.paid) * 10) / 10;
    const shareLate = s.paid === 0 ? 0 : s.late / s.paid;
    let segment: Segment;
    if (s.maxOverdue >= t.atRiskDaysOverdue) segment = "at_risk";
    else if (s.paid < t.minHistory) segment = "new";
    else if (avgDaysLate <= t.goodMaxAvgDaysLate && shareLate <= t.goodMaxShareLate) segment = "good_payer";
    else segment = "late_payer";
    out.set(customer, { segment, paidInvoices: s.paid, avgDaysLate, shareLate, maxDaysOverdue: s.maxOverdue });
  }
  return out;
}
