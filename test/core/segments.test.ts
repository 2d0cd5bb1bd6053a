// Payer segments from the payment history: new, at_risk, good_payer and late_payer by the
// configured thresholds, counting only invoices whose payment date the lettrage knows.

import { describe, expect, it } from "vitest";
import { addDays } from "../../src/core/dates.js";
import type { Allocation, Ledger, OpenItem } from "../../src/core/ledger.js";
import type { Payment } from "../../src/core/model.js";
import { DEFAULT_SEGMENT_THRESHOLDS, segmentCustomers, type SegmentThresholds } from "../../src/core/segments.js";
import { allocation, invoice, item, payment } from "../helpers/plan-fixtures.js";

const AS_OF = "2026-11-22";
const DUE = "2026-06-30";

/** A customer's history: days late of each paid invoice (negative = early), open invoices' days overdue. */
interface History {
  readonly paid?: readonly number[];
  readonly open?: readonly number[];
}

function ledgerFor(customers: Record<string, History>): Ledger {
  const items: OpenItem[] = [];
  const payments: Payment[] = [];
  const allocations: Allocation[] = [];
  for (const [customer, h] of Object.entries(customers)) {
    (h.paid ?? []).forEach((late, i) => {
      const number = `${customer}-P${i}`;
      const dueDate = addDays(DUE, i);
      items.push(item(invoice(number, { customer, dueDate }), 0));
      payments.push(payment(`PAY-${number}`, addDays(dueDate, late), 100_000, { customer }));
      allocations.push(allocation(`PAY-${number}`, number, 100_000));
    });
    (h.open ?? []).forEach((overdue, i) => items.push(item(invoice(`${customer}-O${i}`, { customer, dueDate: addDays(AS_OF, -overdue) }))));
  }
  return { items, payments, allocations, unapplied: [] };
}

const segmentOf = (h: History, t: SegmentThresholds = DEFAULT_SEGMENT_THRESHOLDS) => segmentCustomers(ledgerFor({ C1: h }), AS_OF, t).get("C1");

describe("segments with the default thresholds (3 paid, 60 days, 5 days average, 20 % late)", () => {
  it.each<[string, History, string]>([
    ["no paid invoice yet", { open: [10] }, "new"],
    ["two paid on time: too little history", { paid: [0, 0] }, "new"],
    ["three paid on time", { paid: [0, 0, 0] }, "good_payer"],
    ["paid early counts as on time, not as negative lateness", { paid: [-30, -30, 0, 0, 26] }, "late_payer"],
    ["one in five late by 3 days: 20 % late, 0.6 days on average", { paid: [3, 0, 0, 0, 0] }, "good_payer"],
    ["two in five late by one day: 40 % late", { paid: [1, 1, 0, 0, 0] }, "late_payer"],
    ["one in ten late by 50 days: 10 % late but 5 days on average", { paid: [50, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, "good_payer"],
    ["one in ten late by 51 days: 5.1 days on average", { paid: [51, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, "late_payer"],
    ["an open invoice 60 days past due", { paid: [0, 0, 0, 0], open: [60] }, "at_risk"],
    ["an open invoice 59 days past due", { paid: [0, 0, 0, 0], open: [59] }, "good_payer"],
    ["at risk before new", { open: [90] }, "at_risk"],
    ["an invoice not due yet does not count", { paid: [0, 0, 0], open: [-20] }, "good_payer"],
  ])("%s → %s", (_name, h, expected) => {
    expect(segmentOf(h)?.segment).toBe(expected);
  });

  it("gives the figures behind the segment", () => {
    expect(segmentOf({ paid: [4, 0, 0, 2], open: [12, 30] })).toEqual({
      segment: "late_payer", paidInvoices: 4, avgDaysLate: 1.5, shareLate: 0.5, maxDaysOverdue: 30,
    });
  });

  it("rounds the average days late to one decimal", () => {
    expect(segmentOf({ paid: [1, 0, 0] })?.avgDaysLate).toBe(0.3);
  });
});

describe("what counts as paid", () => {
  it("takes the latest payment of an invoice settled in two parts", () => {
    const ledger: Ledger = {
      items: [item(invoice("F1", { dueDate: DUE }), 0)],
      payments: [payment("P1", "2026-06-25", 50_000), payment("P2", "2026-07-10", 50_000)],
      allocations: [allocation("P2", "F1", 50_000), allocation("P1", "F1", 50_000)],
      unapplied: [],
    };
    expect(segmentCustomers(ledger, AS_OF, DEFAULT_SEGMENT_THRESHOLDS).get("C1")).toMatchObject({ paidInvoices: 1, avgDaysLate: 10 });
  });

  it("ignores invoices paid per the export alone (no date), partly paid invoices and credit notes", () => {
    const ledger: Ledger = {
      items: [
        item(invoice("F1", { paid: 100_000 }), 0), item(invoice("F2"), 40_000),
        item(invoice("AV1", { type: "credit_note", amount: -10_000 }), -10_000),
      ],
      payments: [payment("P2", "2026-10-20", 60_000)],
      allocations: [allocation("P2", "F2", 60_000)],
      unapplied: [],
    };
    expect(segmentCustomers(ledger, AS_OF, DEFAULT_SEGMENT_THRESHOLDS).get("C1")).toMatchObject({ segment: "new", paidInvoices: 0, maxDaysOverdue: 52 });
  });

  it("keeps customers apart", () => {
    const segments = segmentCustomers(ledgerFor({ C1: { paid: [0, 0, 0] }, C2: { paid: [9, 9, 9] }, C3: { open: [70] } }), AS_OF, DEFAULT_SEGMENT_THRESHOLDS);
    expect([...segments].map(([c, s]) => [c, s.segment])).toEqual([["C1", "good_payer"], ["C2", "late_payer"], ["C3", "at_risk"]]);
  });
});

describe("thresholds from dunning.yaml", () => {
  it.each<[string, Partial<SegmentThresholds>, History, string]>([
    ["min_history 1", { minHistory: 1 }, { paid: [0] }, "good_payer"],
    ["min_history 5", { minHistory: 5 }, { paid: [0, 0, 0, 0] }, "new"],
    ["at_risk_days_overdue 30", { atRiskDaysOverdue: 30 }, { paid: [0, 0, 0], open: [30] }, "at_risk"],
    ["good_max_avg_days_late 10", { goodMaxAvgDaysLate: 10, goodMaxShareLate: 1 }, { paid: [10, 10, 10] }, "good_payer"],
    ["good_max_share_late 0", { goodMaxShareLate: 0 }, { paid: [1, 0, 0, 0, 0] }, "late_payer"],
  ])("%s", (_name, t, h, expected) => {
    expect(segmentOf(h, { ...DEFAULT_SEGMENT_THRESHOLDS, ...t })?.segment).toBe(expected);
  });
});
