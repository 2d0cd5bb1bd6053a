// The records matchPayments returns keep their texts as facts and write them when read (see
// Facts in lettrage/state.ts): read one by one or as JSON, they must say exactly what the plain
// objects they replaced said, field for field and in the same order.

import { describe, expect, it } from "vitest";
import type { Allocation, LetteredLedger, ReviewItem, Unapplied } from "../../src/core/ledger.js";
import { matchPayments } from "../../src/core/match.js";
import { credit, inv, pay } from "../helpers/ledger-fixtures.js";

const ALLOCATION_KEYS = ["payment", "invoice", "amount", "currency", "rule", "confidence", "evidence", "flags", "letter"];
const REVIEW_KEYS = ["kind", "payment", "customer", "amount", "currency", "rule", "confidence", "reason", "evidence", "held", "candidates"];
const UNAPPLIED_KEYS = ["payment", "customer", "amount", "currency", "reason", "flags", "detail"];

/** One of each text written when read: R2 exact and short, R3, L1, F1 from a payment and a credit note, R5, CURRENCY_MISMATCH. */
function ledger(): LetteredLedger {
  return matchPayments({
    asOf: "2024-12-31",
    invoices: [
      inv("FA-100001", "C1", "03-01", "100.00"),
      inv("FA-100002", "C1", "03-02", "250.00"),
      inv("FA-100003", "C2", "03-03", "77.70"),
      inv("FA-100004", "C3", "03-04", "400.00"),
      inv("FA-100005", "C3", "03-05", "90.00"),
      inv("FA-100006", "C4", "03-06", "55.00", { currency: "USD" }),
      inv("FA-100007", "C5", "03-07", "123.45"),
      credit("AV-1", "C3", "03-01", "40.00", { appliesTo: "FA-100004" }),
      credit("AV-2", "C3", "03-02", "10.00"),
    ],
    payments: [
      pay("P1", "03-10", "C1", "100.00", "FA-100001"),
      pay("P2", "03-10", "C1", "200.00", "FA-100002"),
      pay("P3", "03-10", "C2", "77.70"),
      pay("P4", "03-10", "C3", "300.00"),
      pay("P5", "03-10", "C4", "55.00", "FA-100006"),
      pay("P6", "03-10", "", "123.45", "VIR SEPA"),
      pay("P7", "03-10", "", "321.00", "VIR SEPA"),
    ],
  });
}

/** The JSON of a record, and the object written field by field from what it reads as. */
function both(record: object, keys: readonly string[]): { json: unknown; read: Record<string, unknown>; order: string[] } {
  const json: unknown = JSON.parse(JSON.stringify(record));
  const read: Record<string, unknown> = {};
  for (const k of keys) read[k] = (record as Record<string, unknown>)[k];
  return { json, read: JSON.parse(JSON.stringify(read)) as Record<string, unknown>, order: Object.keys(json as object) };
}

describe("records written when read", () => {
  const l = ledger();

  it("allocations, review items and unapplied payments give the same JSON as plain objects, keys in order", () => {
    const check = (records: readonly (Allocation | ReviewItem | Unapplied)[], keys: readonly string[]): void => {
      expect(records.length).toBeGreaterThan(0);
      for (const r of records) {
        const { json, read, order } = both(r, keys);
        expect(json).toEqual(read);
        expect(order).toEqual(keys);
      }
    };
    check(l.allocations, ALLOCATION_KEYS);
    check(l.review, REVIEW_KEYS);
    check(l.unapplied, UNAPPLIED_KEYS);
  });

  it("each text reads as written up front before", () => {
    const evidence = new Map(l.allocations.map((a) => [`${a.payment}→${a.invoice}`, a.evidence]));
    expect(evidence.get("P1→FA-100001")).toBe("FA-100001 cited; open 100.00, paid 100.00");
    expect(evidence.get("P2→FA-100002")).toBe("FA-100002 cited; open 250.00, paid 200.00, short by 50.00");
    expect(evidence.get("P3→FA-100003")).toBe("only open amount of C2 equal to 77.70");
    expect(evidence.get("AV-1→FA-100004")).toBe("credit note AV-1 names FA-100004");
    expect(evidence.get("AV-2→FA-100004")).toBe("credit note AV-2 names no invoice: applied to the oldest open invoices of C3 (policy)");
    expect(evidence.get("P4→FA-100004")).toBe("no match for 300.00: applied to the oldest open invoices of C3 (policy, not a match)");
    const review = new Map(l.review.map((r) => [r.payment, r.evidence]));
    expect(review.get("P5")).toBe("55.00 EUR cites FA-100006 (55.00 USD)");
    expect(review.get("P6")).toBe("payer not identified; FA-100007 of C5 is the only open item of 123.45 EUR");
    const detail = new Map(l.unapplied.map((u) => [u.payment, u.detail]));
    expect(detail.get("P7")).toBe("payer not identified and no open item of 321.00 EUR");
  });
});
