// Every refusal of the lettrage engine (matching.md §2.5, §3), one case each: the engine leaves
// the money unapplied with the reason, and says what it would have proposed.

import { describe, expect, it } from "vitest";
import { matchPayments, type Decision, type MatchOptions } from "../../src/core/match.js";
import type { Invoice, Payment } from "../../src/core/model.js";
import { allocationLines, cents, credit, inv, openOf, pay, reviewLines, unappliedLines } from "../helpers/ledger-fixtures.js";

function run(invoices: Invoice[], payments: Payment[], options: Partial<MatchOptions> = {}, decisions: Decision[] = []) {
  return matchPayments({ invoices, payments, asOf: "2024-12-31", options, decisions });
}

describe("references refused", () => {
  it("REF_CUSTOMER_MISMATCH: a known payer cites another customer's invoice; nothing applied, not FIFO'd", () => {
    const l = run([inv("F-10001", "C2", "03-01", "500.00"), inv("F-10002", "C1", "02-01", "500.00")], [pay("P", "03-05", "C1", "500.00", "F-10001")]);
    expect(allocationLines(l)).toEqual([]);
    expect(unappliedLines(l)).toEqual(["P 500.00 REF_CUSTOMER_MISMATCH on C1"]);
    expect(l.held).toEqual(["F-10001"]);
  });

  it("REF_ALREADY_PAID: the cited invoice is settled and nothing else has the amount: review, no hold", () => {
    const l = run([inv("F-10001", "C1", "03-01", "0.00", { paid: "80.00" }), inv("F-10002", "C1", "03-01", "90.00")], [pay("P", "03-05", "C1", "80.00", "F-10001")]);
    expect(unappliedLines(l)).toEqual(["P 80.00 REF_ALREADY_PAID on C1"]);
    expect(reviewLines(l)).toEqual(["refusal P REF_ALREADY_PAID ambiguous"]);
    expect(openOf(l, "F-10002")).toBe("90.00");
  });

  it("REF_ALREADY_PAID: one of two cited invoices is settled; the open one is paid, the excess is not spread", () => {
    const l = run([inv("F-10001", "C1", "03-01", "0.00", { paid: "80.00" }), inv("F-10002", "C1", "03-01", "90.00"), inv("F-10003", "C1", "01-01", "50.00")],
      [pay("P", "03-05", "C1", "170.00", "F-10001 F-10002")]);
    expect(allocationLines(l)).toEqual(["P→F-10002 90.00 R2 high [OVERPAYMENT,REF_PARTLY_PAID]"]);
    expect(unappliedLines(l)).toEqual(["P 80.00 REF_ALREADY_PAID on C1"]);
    expect(openOf(l, "F-10003")).toBe("50.00");
  });

  it("CURRENCY_MISMATCH: a reference in another currency is suggested and held, never applied", () => {
    const l = run([inv("F-10001", "C1", "03-01", "100.00", { currency: "USD" })], [pay("P", "03-05", "C1", "92.00", "F-10001")]);
    expect(allocationLines(l)).toEqual([]);
    expect(reviewLines(l)).toEqual(["suggestion P CURRENCY_MISMATCH medium {F-10001} HOLD"]);
    expect(unappliedLines(l)).toEqual(["P 92.00 CURRENCY_MISMATCH on C1"]);
  });

  it("AMBIGUOUS_REFERENCE: one key names two invoices and neither payer nor amount tells which", () => {
    const l = run([inv("F-2024/0001", "C1", "03-01", "100.00"), inv("F2024-0001", "C2", "03-01", "200.00")], [pay("P", "03-05", "", "150.00", "F20240001")]);
    expect(reviewLines(l)).toEqual(["ambiguity P AMBIGUOUS_REFERENCE ambiguous {F-2024/0001} {F2024-0001} HOLD"]);
    expect(unappliedLines(l)).toEqual(["P 150.00 AMBIGUOUS_REFERENCE"]);
  });

  it("a shared key is resolved by the payer, or else by the amount", () => {
    const invoices = [inv("F-2024/0001", "C1", "03-01", "100.00"), inv("F2024-0001", "C2", "03-01", "200.00")];
    expect(allocationLines(run(invoices, [pay("P", "03-05", "C2", "150.00", "F20240001")]))).toEqual(["P→F2024-0001 150.00 R2 high [PARTIAL]"]);
    expect(allocationLines(run(invoices, [pay("P", "03-05", "", "100.00", "F20240001")]))).toEqual(["P→F-2024/0001 100.00 R2 certain"]);
  });

  it("AMBIGUOUS_CUSTOMER: an unknown payer cites invoices of two customers", () => {
    const l = run([inv("F-10001", "C1", "03-01", "100.00"), inv("F-10002", "C2", "03-01", "100.00")], [pay("P", "03-05", "", "200.00", "F-10001 F-10002")]);
    expect(reviewLines(l)).toEqual(["ambiguity P AMBIGUOUS_CUSTOMER ambiguous {F-10001} {F-10002} HOLD"]);
    expect(unappliedLines(l)).toEqual(["P 200.00 AMBIGUOUS_CUSTOMER"]);
  });

  it("a reference to an invoice issued more than 90 days after the payment is ignored", () => {
    const l = run([inv("F-10001", "C1", "09-30", "100.00", { issue: "08-31" })], [pay("P", "03-05", "C1", "100.00", "F-10001")], { unallocatedPolicy: "hold" });
    expect(allocationLines(l)).toEqual([]);
    expect(unappliedLines(l)).toEqual(["P 100.00 NO_CANDIDATE on C1"]);
  });

  it("digits shared by two invoice numbers (FA-/AV-) are not a reference", () => {
    const l = run([inv("FA-2024-00123", "C1", "03-01", "100.00"), inv("AV-2024-00123", "C1", "03-01", "70.00")],
      [pay("P", "03-05", "", "55.00", "PAIEMENT 2024-00123")]);
    expect(allocationLines(l)).toEqual([]);
    expect(unappliedLines(l)).toEqual(["P 55.00 CUSTOMER_UNKNOWN"]);
  });

  it("an invoice number's digits alone (≥ 5, unique) are a reference", () => {
    const l = run([inv("FA-2024-00123", "C1", "03-01", "100.00")], [pay("P", "03-05", "", "100.00", "PAIEMENT 2024/00123")]);
    expect(allocationLines(l)).toEqual(["P→FA-2024-00123 100.00 R2 certain"]);
  });

  it("BELOW_AUTO_THRESHOLD: with autoApplyThreshold=certain a partial payment is only suggested", () => {
    const l = run([inv("F-10001", "C1", "03-01", "100.00")], [pay("P", "03-05", "C1", "40.00", "F-10001")], { autoApplyThreshold: "certain" });
    expect(allocationLines(l)).toEqual([]);
    expect(reviewLines(l)).toEqual(["suggestion P BELOW_AUTO_THRESHOLD high {F-10001} HOLD"]);
    expect(unappliedLines(l)).toEqual(["P 40.00 BELOW_AUTO_THRESHOLD on C1"]);
  });
});

describe("amount rules refused", () => {
  it("AMBIGUOUS_EXPLANATION: one invoice and the oldest-first pair both equal the payment", () => {
    const l = run([inv("A1", "C1", "01-15", "100.00"), inv("A2", "C1", "02-15", "200.00"), inv("A3", "C1", "03-15", "300.00")], [pay("P", "04-01", "C1", "300.00")]);
    expect(unappliedLines(l)).toEqual(["P 300.00 AMBIGUOUS_EXPLANATION on C1"]);
  });

  it("AMBIGUOUS_COMBINATION: two sets of the minimal size", () => {
    const l = run([inv("A1", "C1", "01-01", "500.00"), inv("A2", "C1", "02-01", "10.00"), inv("A3", "C1", "03-01", "20.00"),
      inv("A4", "C1", "04-01", "12.00"), inv("A5", "C1", "05-01", "18.00")], [pay("P", "05-10", "C1", "30.00")]);
    expect(unappliedLines(l)).toEqual(["P 30.00 AMBIGUOUS_COMBINATION on C1"]);
    expect(l.held).toEqual(["A2", "A3", "A4", "A5"]);
  });

  it("COMBINATION_SUGGESTED stays MEDIUM even with autoApplyUniqueCombination when the pool was cut", () => {
    // 40 invoices of 100.00–100.39 and one of 0.50: only 100.00 + 0.50 makes 100.50.
    const many = Array.from({ length: 40 }, (_, i) => inv(`N${String(i).padStart(3, "0")}`, "C1", i < 10 ? "2023-12-01" : "01-01", (100 + i / 100).toFixed(2)));
    const invoices = [inv("X1", "C1", "2023-12-15", "0.50"), ...many];
    const payments = [pay("P", "03-01", "C1", "100.50")];
    const whole = run(invoices, payments, { autoApplyUniqueCombination: true, maxCandidates: 41 });
    expect(allocationLines(whole)).toEqual(["P→N000 100.00 R4b medium [AUTO_COMBINATION]", "P→X1 0.50 R4b medium [AUTO_COMBINATION]"]);
    const cut = run(invoices, payments, { autoApplyUniqueCombination: true, maxCandidates: 30 });
    expect(allocationLines(cut)).toEqual([]);
    expect(reviewLines(cut)).toEqual(["suggestion P COMBINATION_SUGGESTED medium {N000+X1} HOLD"]);
  });

  // Even amounts and an odd target: no solution, and nothing lets the search prove it early.
  const even = Array.from({ length: 30 }, (_, i) => inv(`N${String(i).padStart(2, "0")}`, "C1", "01-01", `${100 + 2 * i}.00`));

  it("SEARCH_TRUNCATED: a search that hits the per-payment budget proves nothing and suggests nothing", () => {
    const l = run(even, [pay("P", "03-01", "C1", "601.01")], { perPaymentNodeBudget: 50, unallocatedPolicy: "hold" });
    expect(unappliedLines(l)).toEqual(["P 601.01 SEARCH_TRUNCATED on C1"]);
    expect(l.review).toEqual([]);
    expect(run(even, [pay("P", "03-01", "C1", "601.01")], { unallocatedPolicy: "hold" }).unapplied[0]?.reason).toBe("NO_CANDIDATE");
  });

  it("SEARCH_TRUNCATED money still reaches FIFO when the policy allows", () => {
    const l = run(even, [pay("P", "03-01", "C1", "601.01")], { perPaymentNodeBudget: 50 });
    expect(l.allocations.every((a) => a.rule === "F1" && a.confidence === "policy")).toBe(true);
    expect(l.allocations.reduce((s, a) => s + a.amount, 0)).toBe(cents("601.01"));
  });

  it("SEARCH_BUDGET: once the run's budget is spent, later payments skip the search", () => {
    const l = run(even, [pay("P1", "03-01", "C1", "601.01"), pay("P2", "03-02", "C1", "603.01")], { globalNodeBudget: 10, unallocatedPolicy: "hold" });
    expect(unappliedLines(l)).toEqual(["P1 601.01 SEARCH_BUDGET on C1", "P2 603.01 SEARCH_BUDGET on C1"]);
  });

  it("NO_CANDIDATE: nothing explains the payment, policy hold keeps it as credit", () => {
    const l = run([inv("A1", "C1", "01-31", "100.00")], [pay("P", "02-05", "C1", "60.00")], { unallocatedPolicy: "hold" });
    expect(unappliedLines(l)).toEqual(["P 60.00 NO_CANDIDATE on C1"]);
  });

  it("PAYER_UNCERTAIN: a fuzzy payer caps an exact amount at MEDIUM: suggested and held", () => {
    const l = run([inv("K1", "C1", "05-31", "64.90", { name: "Boulangerie Dupont" }), inv("K2", "C2", "05-31", "10.00", { name: "Garage Martin" })],
      [pay("P", "06-02", "", "64.90", "CB", { name: "BOULANGERIE DUPOND" })]);
    expect(allocationLines(l)).toEqual([]);
    expect(reviewLines(l)).toEqual(["suggestion P PAYER_UNCERTAIN medium {K1} HOLD"]);
    expect(unappliedLines(l)).toEqual(["P 64.90 PAYER_UNCERTAIN"]);
  });

  it("a payer found by a fuzzy name is never FIFO'd", () => {
    const l = run([inv("K1", "C1", "05-31", "64.90", { name: "Boulangerie Dupont" })], [pay("P", "06-02", "", "20.00", "CB", { name: "BOULANGERIE DUPOND" })]);
    expect(allocationLines(l)).toEqual([]);
    expect(unappliedLines(l)).toEqual(["P 20.00 NO_CANDIDATE"]);
  });
});

describe("unknown payers refused", () => {
  it("CUSTOMER_UNKNOWN: below minUniqueAmount no unique-amount guess is made", () => {
    const l = run([inv("Q1", "C1", "05-31", "49.99")], [pay("P", "06-03", "", "49.99", "VIR")]);
    expect(l.review).toEqual([]);
    expect(unappliedLines(l)).toEqual(["P 49.99 CUSTOMER_UNKNOWN"]);
  });

  it("AMBIGUOUS_CUSTOMER: the amount is open at two customers", () => {
    const l = run([inv("M1", "C1", "05-15", "99.00"), inv("M2", "C2", "05-20", "99.00")], [pay("P", "06-01", "", "99.00")]);
    expect(unappliedLines(l)).toEqual(["P 99.00 AMBIGUOUS_CUSTOMER"]);
    expect(l.held).toEqual([]);
  });

  it("AMBIGUOUS_AMOUNT: the amount is open twice at one customer", () => {
    const l = run([inv("M1", "C1", "05-15", "99.00"), inv("M2", "C1", "05-20", "99.00")], [pay("P", "06-01", "", "99.00")]);
    expect(unappliedLines(l)).toEqual(["P 99.00 AMBIGUOUS_AMOUNT"]);
  });

  it("AMBIGUOUS_PAYER: two customers share the payer's name", () => {
    const l = run([inv("M1", "C1", "05-15", "10.00", { name: "Dupont SARL" }), inv("M2", "C2", "05-20", "20.00", { name: "DUPONT" })],
      [pay("P", "06-01", "", "30.00", "", { name: "Dupont" })]);
    expect(unappliedLines(l)).toEqual(["P 30.00 AMBIGUOUS_PAYER"]);
  });

  it("UNKNOWN_CUSTOMER_ID: an id absent from the invoices keeps its credit and is flagged", () => {
    const l = run([inv("A1", "C1", "05-15", "100.00")], [pay("P", "06-01", "C99", "100.00")]);
    expect(unappliedLines(l)).toEqual(["P 100.00 NO_CANDIDATE on C99"]);
    expect(l.unapplied[0]?.flags).toContain("UNKNOWN_CUSTOMER_ID");
  });

  it("an unknown customer id whose name is known is that customer", () => {
    const l = run([inv("A1", "C1", "05-15", "100.00", { name: "Acme" })], [pay("P", "06-01", "X-77", "100.00", "", { name: "ACME SAS" })]);
    expect(allocationLines(l)).toEqual(["P→A1 100.00 R3 high"]);
  });
});

describe("credit notes refused", () => {
  it("CN_CUSTOMER_MISMATCH: a credit note naming another customer's invoice is suggested, not applied", () => {
    const l = run([inv("F-1", "C2", "03-01", "100.00"), credit("AV-1", "C1", "03-05", "30.00", { appliesTo: "F-1" })], []);
    expect(allocationLines(l)).toEqual([]);
    expect(reviewLines(l)).toEqual(["suggestion AV-1 CN_CUSTOMER_MISMATCH medium {F-1} HOLD"]);
    expect(unappliedLines(l)).toEqual(["AV-1 30.00 CN_CUSTOMER_MISMATCH on C1"]);
  });

  it("CURRENCY_MISMATCH on a credit note", () => {
    const l = run([inv("F-1", "C1", "03-01", "100.00", { currency: "USD" }), credit("AV-1", "C1", "03-05", "30.00", { appliesTo: "F-1" })], []);
    expect(unappliedLines(l)).toEqual(["AV-1 30.00 CURRENCY_MISMATCH on C1"]);
  });

  it("CN_EXCEEDS_TARGET: the linked credit note settles its invoice; the rest stays credit, not FIFO'd", () => {
    const l = run([inv("F-1", "C1", "03-01", "20.00"), inv("F-2", "C1", "01-01", "50.00"), credit("AV-1", "C1", "03-05", "30.00", { appliesTo: "F-1" })], []);
    expect(allocationLines(l)).toEqual(["AV-1→F-1 20.00 L1 certain"]);
    expect(unappliedLines(l)).toEqual(["AV-1 10.00 CN_EXCEEDS_TARGET on C1"]);
  });

  it("CN_TARGET_UNKNOWN: the named invoice is not in the export", () => {
    const l = run([inv("F-2", "C1", "01-01", "50.00"), credit("AV-1", "C1", "03-05", "30.00", { appliesTo: "F-404" })], []);
    expect(unappliedLines(l)).toEqual(["AV-1 30.00 CN_TARGET_UNKNOWN on C1"]);
  });

  it("an unlinked credit note goes FIFO; with policy hold it stays CREDIT_NOTE_UNAPPLIED", () => {
    const invoices = [inv("F-2", "C1", "01-01", "50.00"), credit("AV-1", "C1", "03-05", "30.00")];
    expect(allocationLines(run(invoices, []))).toEqual(["AV-1→F-2 30.00 F1 policy [FIFO]"]);
    expect(unappliedLines(run(invoices, [], { unallocatedPolicy: "hold" }))).toEqual(["AV-1 30.00 CREDIT_NOTE_UNAPPLIED on C1"]);
  });
});

describe("refunds", () => {
  it("a refund cancels the latest earlier payment of the same payer and amount; its invoice stays open", () => {
    const l = run([inv("F-10001", "C1", "03-01", "100.00")], [pay("P", "03-02", "C1", "100.00", "F-10001"), pay("R", "03-10", "C1", "-100.00", "RETOUR PRLV")]);
    expect(allocationLines(l)).toEqual([]);
    expect(l.unapplied).toEqual([]);
    expect(l.reversals).toEqual([{ payment: "R", reverses: "P", amount: 10000, currency: "EUR" }]);
    expect(openOf(l, "F-10001")).toBe("100.00");
  });

  it("NEGATIVE_UNEXPLAINED: a refund matching no payment is a debit on the customer", () => {
    const l = run([inv("F-10001", "C1", "03-01", "100.00")], [pay("R", "03-10", "C1", "-40.00")]);
    expect(unappliedLines(l)).toEqual(["R -40.00 NEGATIVE_UNEXPLAINED on C1"]);
  });

  it("a refund outside the 60-day window is unexplained", () => {
    const l = run([], [pay("P", "01-02", "C1", "100.00"), pay("R", "06-10", "C1", "-100.00")]);
    expect(unappliedLines(l)).toEqual(["P 100.00 NO_CANDIDATE on C1", "R -100.00 NEGATIVE_UNEXPLAINED on C1"]);
  });
});

describe("over-payments and disputed payments never reach FIFO", () => {
  it("SMALL_OVERPAYMENT stays credit", () => {
    const l = run([inv("F-10001", "C1", "03-01", "100.00"), inv("F-10002", "C1", "01-01", "50.00")], [pay("P", "03-02", "C1", "100.40", "F-10001")]);
    expect(allocationLines(l)).toEqual(["P→F-10001 100.00 R2 certain [SMALL_OVERPAYMENT]"]);
    expect(unappliedLines(l)).toEqual(["P 0.40 SMALL_OVERPAYMENT on C1"]);
  });

  it("an ambiguous payment keeps its money under the FIFO policy, and FIFO skips the held invoices", () => {
    const l = run([inv("A1", "C1", "01-15", "100.00"), inv("A2", "C1", "02-15", "200.00"), inv("A3", "C1", "03-15", "300.00"), inv("A4", "C1", "03-20", "5.00")],
      [pay("P", "04-01", "C1", "300.00"), pay("Q", "04-02", "C1", "7.00")]);
    expect(allocationLines(l)).toEqual(["Q→A4 5.00 F1 policy [FIFO]"]);
    expect(unappliedLines(l)).toEqual(["P 300.00 AMBIGUOUS_EXPLANATION on C1", "Q 2.00 NO_CANDIDATE on C1"]);
  });
});

describe("the engine's input contract", () => {
  // The reader always gives YYYY-MM-DD; a direct caller that does not is told so, by record.
  it("names a record whose date is missing or not YYYY-MM-DD instead of failing inside the sort", () => {
    const good = inv("F1", "C1", "2024-10-31", "100.00");
    const p = pay("P1", "2024-11-05", "C1", "100.00", "F1");
    expect(() => run([good, { ...inv("F2", "C1", "2024-10-31", "50.00"), dueDate: "" }], [p]))
      .toThrow('matchPayments: invoice F2 (invoices.csv:0) has due date ""; dates must be YYYY-MM-DD');
    expect(() => run([good, { ...inv("F3", "C1", "2024-10-31", "50.00"), issueDate: "31/10/2024" }], [p]))
      .toThrow("invoice F3 (invoices.csv:0) has issue date \"31/10/2024\"");
    expect(() => run([good], [{ ...p, date: undefined as unknown as string }])).toThrow("payment P1 (payments.csv:0) has date undefined");
    expect(run([good], [p]).allocations.map((a) => a.invoice)).toEqual(["F1"]);
  });
});
