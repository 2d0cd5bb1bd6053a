// Payments citing an invoice or a customer the invoices export does not have: one warning per
// kind, with the first examples and where to look, never an error; and money both exports count.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchPayments } from "../../src/core/match.js";
import { futurePaymentWarnings, paidTwiceWarnings, paymentsAfterBalances, paymentWarnings } from "../../src/core/payment-checks.js";
import { referenceKey } from "../../src/core/references.js";
import { credit, inv, pay } from "../helpers/ledger-fixtures.js";
import { invoice, payment } from "../helpers/plan-fixtures.js";

describe("paymentWarnings", () => {
  const invoices = [invoice("F-2026-001"), invoice("F-2026-002", { customer: "C2" })];

  it("says nothing when every cited number and customer exists (numbers compared as the lettrage does)", () => {
    expect(paymentWarnings(invoices, [payment("P1", "2026-10-02", 100, { invoices: ["f 2026/001"] }), payment("P2", "2026-10-02", 5, { customer: "C2" })])).toEqual([]);
  });

  it("names unknown invoice numbers, the first examples and the line of the first", () => {
    const payments = ["F-2026-009", "F-2026-010", "F-2026-011", "F-2026-012"].map((n, i) => payment(`P${i}`, "2026-10-02", 100, { invoices: [n], line: 10 + i }));
    const [w, ...rest] = paymentWarnings(invoices, payments);
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ severity: "warning", code: "payment_unknown_invoice", file: "payments.csv", line: 10 });
    expect(w?.message).toContain("4 invoice numbers cited by payments are not in the invoices export: P0 → F-2026-009 (line 10), P1 → F-2026-010 (line 11), P2 → F-2026-011 (line 12), …");
  });

  it("names payments whose customer id has no invoice", () => {
    const [w] = paymentWarnings(invoices, [payment("P7", "2026-10-02", 100, { customer: "C7", line: 4 }), payment("P8", "2026-10-02", 100, { customer: "" })]);
    expect(w).toMatchObject({ code: "payment_unknown_customer", line: 4 });
    expect(w?.message).toContain("1 payment names a customer with no invoice in the export (1 id): P7 → C7 (line 4)");
  });

  it("tells apart numbers whose keys share a print (keyPrint is a hash)", () => {
    const [w] = paymentWarnings([invoice("FY08CAA")], [payment("P1", "2026-10-02", 100, { invoices: ["FEGLDAA", "fy08-caa"] })]);
    expect(w?.message).toContain("1 invoice number cited by payments is not in the invoices export: P1 → FEGLDAA");
  });

  it("finds the numbers unknown to referenceKey, whether cited verbatim, respelled or accented", () => {
    const number = fc.array(fc.constantFrom("F", "f", "É", "e\u0301", "-", "/", " ", "0", "1", "2"), { minLength: 1, maxLength: 6 }).map((a) => a.join(""));
    fc.assert(fc.property(fc.array(number, { minLength: 1, maxLength: 6 }), fc.array(fc.array(number, { maxLength: 3 }), { maxLength: 6 }), (numbers, cited) => {
      const known = new Set(numbers.map(referenceKey));
      const expected = cited.flat().filter((n) => !known.has(referenceKey(n))).length;
      const [w] = paymentWarnings(numbers.map((n) => invoice(n)), cited.map((invoices, i) => payment(`P${i}`, "2026-10-02", 100, { invoices })));
      expect(w === undefined ? 0 : Number(/^(\d+) invoice number/.exec(w.message)?.[1])).toBe(expected);
    }), { numRuns: 500 });
  });
});

describe("paidTwiceWarnings", () => {
  const invoices = [inv("INV-0301", "C1", "09-12", "600.00", { paid: "400.00" }), inv("INV-0302", "C1", "10-13", "500.00"), credit("CN-1", "C1", "09-20", "100.00")];
  const check = (payments: ReturnType<typeof pay>[], exportedOn?: string) =>
    paidTwiceWarnings(invoices, payments, matchPayments({ invoices, payments, asOf: "2024-12-31" }).allocations, exportedOn);

  it("names a payment lettered to an invoice the export already counts as paid by that much", () => {
    const [w] = check([pay("P1", "09-20", "C1", "400.00", "", { invoices: ["INV-0301"] })]);
    expect(w).toMatchObject({ severity: "warning", code: "paid_counted_twice", file: "invoices.csv" });
    expect(w?.message).toContain("1 payment went to invoices this export already counts as paid by at least that much (first: P1 → INV-0301, 400.00 where the export says 400.00 paid)");
  });

  it("not a payment received after the invoices export was made: its paid column cannot hold it", () => {
    expect(check([pay("P1", "10-20", "C1", "400.00", "", { invoices: ["INV-0301"] })], "2024-10-01")).toEqual([]);
    expect(check([pay("P1", "09-20", "C1", "400.00", "", { invoices: ["INV-0301"] })], "2024-10-01")).toHaveLength(1);
  });

  it("says nothing of a payment larger than what the export counts, of invoices it counts as unpaid, or of credit notes", () => {
    expect(check([pay("P1", "10-20", "C1", "600.00", "", { invoices: ["INV-0301"] })])).toEqual([]);
    expect(check([pay("P2", "10-20", "C1", "500.00", "", { invoices: ["INV-0302"] })])).toEqual([]);
    expect(paidTwiceWarnings(invoices, [], [{ payment: "CN-1", invoice: "INV-0301", amount: 10000, currency: "EUR", rule: "L1", confidence: "certain", evidence: "" }], undefined)).toEqual([]);
    expect(paidTwiceWarnings([inv("A", "C1", "09-12", "10.00")], [], [], undefined)).toEqual([]);
  });
});

describe("paidTwiceWarnings: payments kept as credit", () => {
  // An export whose status or open column says F-1 is paid, beside the payment that paid it.
  const invoices = [inv("INV-000101", "C1", "08-03", "0.00", { paid: "1200.00" }), inv("INV-000102", "C1", "10-01", "500.00")];
  const check = (payments: ReturnType<typeof pay>[], exportedOn?: string) => {
    const ledger = matchPayments({ invoices, payments, asOf: "2024-12-31" });
    return paidTwiceWarnings(invoices, payments, ledger.allocations, exportedOn, ledger.unapplied);
  };

  it("names a payment refused for citing an invoice the export already counts as paid: its credit would stop other reminders", () => {
    for (const cited of [{ invoices: ["INV-000101"] }, {}]) {
      const payments = [pay("P1", "09-01", "C1", "1200.00", "VIR INV-000101", cited)];
      const [w] = check(payments);
      expect(w).toMatchObject({ severity: "warning", code: "paid_credited_twice", file: "invoices.csv" });
      expect(w?.message).toBe("1 payment cites only invoices this export already counts as paid, and is kept as the customer's credit (first: P1 → INV-000101, 1200.00): that credit covers the customer's other invoices and stops their reminders — if the export's paid or open column counts the same payment, the credit does not exist");
    }
  });

  it("says nothing of a payment whose label cites another invoice whose number begins with a paid one's (F-2026-12, not F-2026-1)", () => {
    const numbered = [inv("F-2026-1", "C1", "08-03", "0.00", { paid: "1200.00" }), inv("F-2026-12", "C1", "10-01", "300.00")];
    const payments = [pay("P0", "10-20", "C1", "300.00", "", { invoices: ["F-2026-12"] }), pay("P1", "10-21", "C1", "300.00", "VIR F-2026-12")];
    const ledger = matchPayments({ invoices: numbered, payments, asOf: "2024-12-31" });
    expect(ledger.unapplied.map((u) => [u.payment, u.reason])).toEqual([["P1", "REF_ALREADY_PAID"]]);
    expect(paidTwiceWarnings(numbered, payments, ledger.allocations, undefined, ledger.unapplied)).toEqual([]);
  });

  it("says nothing of one received after the export was made, or larger than what the export counts", () => {
    expect(check([pay("P1", "11-01", "C1", "1200.00", "", { invoices: ["INV-000101"] })], "2024-10-15")).toEqual([]);
    expect(check([pay("P1", "09-01", "C1", "1300.00", "", { invoices: ["INV-000101"] })]).map((w) => w.code)).not.toContain("paid_credited_twice");
  });
});

describe("paymentsAfterBalances", () => {
  it("keeps the payments dated after the day of the invoices export's balances, and counts the others once", () => {
    const payments = [pay("P1", "09-01", "C1", "10.00"), pay("P2", "11-20", "C1", "20.00"), pay("P3", "11-21", "C1", "30.00")];
    const { payments: kept, problems } = paymentsAfterBalances(payments, "2024-11-20", "payments.csv");
    expect(kept.map((p) => p.id)).toEqual(["P3"]);
    expect(problems).toMatchObject([{ severity: "warning", code: "payments_in_balances", file: "payments.csv",
      message: "2 payments dated up to 2024-11-20 left out: the invoices export's paid and open amounts count them (data.balances_as_of)" }]);
    expect(paymentsAfterBalances(payments, "2024-08-01", "payments.csv")).toEqual({ payments, problems: [] });
  });
});

describe("futurePaymentWarnings", () => {
  it("counts payments dated after today and names the first", () => {
    const [w] = futurePaymentWarnings([pay("P1", "11-28", "C1", "1.00"), pay("P2", "12-11", "C1", "2.00"), pay("P3", "12-12", "C1", "3.00")], "2024-11-28");
    expect(w).toMatchObject({ code: "payment_in_future", severity: "warning" });
    expect(w?.message).toBe("2 payments are dated after today, 2024-11-28 (first: P2 on 2024-12-11): left out, as not received yet");
    expect(futurePaymentWarnings([pay("P1", "11-28", "C1", "1.00")], "2024-11-28")).toEqual([]);
  });
});
