// Rules and evidence beyond the §5 table: structured references, label noise, the invoice
// column, credit notes deducted by the payer, allocation order, currencies kept apart, letters.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber, fromDayNumber } from "../../src/core/dates.js";
import { matchPayments, type MatchOptions } from "../../src/core/match.js";
import type { Invoice, Payment } from "../../src/core/model.js";
import { InvariantChecker } from "../../src/core/lettrage/invariants.js";
import type { Ctx } from "../../src/core/lettrage/state.js";
import { dayOf, isoDayOf, monthsBeforeDay } from "../../src/core/lettrage/tolerance.js";
import { allocationLines, credit, inv, openOf, pay, reviewLines, unappliedLines } from "../helpers/ledger-fixtures.js";

function run(invoices: Invoice[], payments: Payment[], options: Partial<MatchOptions> = {}) {
  return matchPayments({ invoices, payments, asOf: "2024-12-31", options });
}

describe("structured references (R1)", () => {
  it("a valid RF reference that equals an invoice's payment reference is R1", () => {
    const l = run([inv("A-1", "C1", "03-01", "100.00", { paymentReference: "RF18 5390 0754 7034" })], [pay("P", "03-02", "C1", "100.00", "RF18 5390 0754 7034")]);
    expect(allocationLines(l)).toEqual(["P→A-1 100.00 R1 certain"]);
  });

  it("a valid RF reference built on the invoice number finds it", () => {
    const l = run([inv("F2024-0001", "C1", "03-01", "100.00")], [pay("P", "03-02", "", "60.00", "RF13F20240001")]);
    expect(allocationLines(l)).toEqual(["P→F2024-0001 60.00 R2 high [PARTIAL]"]);
  });

  it("an RF reference with a wrong check digit is only free text", () => {
    const l = run([inv("A-1", "C1", "03-01", "100.00", { paymentReference: "RF18539007547034" })], [pay("P", "03-02", "", "100.00", "RF19539007547034")]);
    expect(l.allocations.some((a) => a.rule === "R1")).toBe(false);
  });

  it("a Belgian +++ reference with a valid check finds the invoice", () => {
    const l = run([inv("A-1", "C1", "03-01", "100.00", { paymentReference: "090000002575" })], [pay("P", "03-02", "", "100.00", "+++090/0000/02575+++")]);
    expect(allocationLines(l)).toEqual(["P→A-1 100.00 R1 certain"]);
  });
});

describe("label reading", () => {
  it("the payment's own date and amount and an IBAN in the label are not references", () => {
    const invoices = [inv("20240302", "C1", "03-01", "10.00"), inv("10000", "C2", "03-01", "20.00"), inv("30006000011234567890189", "C3", "03-01", "30.00")];
    const l = run(invoices, [pay("P", "03-02", "", "100.00", "VIR 02.03.2024 100.00 FR76 3000 6000 0112 3456 7890 189")], { unallocatedPolicy: "hold" });
    expect(l.allocations).toEqual([]);
  });

  it("`n°2024/00123` is the digit run 202400123: the ° ends the word, the / joins", () => {
    const l = run([inv("FA-2024-00123", "C1", "03-01", "100.00")], [pay("P", "03-05", "", "100.00", "Paiement facture n°2024/00123")]);
    expect(allocationLines(l)).toEqual(["P→FA-2024-00123 100.00 R2 certain"]);
  });

  it("digits alone find their invoice however many number shapes the ledger has", () => {
    // 40 prefixes: more shapes than are worth trying, so the engine indexes digits directly.
    const many = Array.from({ length: 40 }, (_, i) => inv(`${String.fromCharCode(65 + (i % 26), 65 + Math.floor(i / 26))}-${70000 + i}`, "C1", "03-01", "10.00"));
    for (const invoices of [many.slice(0, 3), many]) {
      const l = run([...invoices, inv("FA-2024-00123", "C2", "03-01", "100.00"), inv("AV-2024-00123", "C2", "03-01", "70.00")],
        [pay("P", "03-05", "", "10.00", "VIR 70001"), pay("Q", "03-05", "", "55.00", "PAIEMENT 2024-00123")], { unallocatedPolicy: "hold" });
      expect(allocationLines(l)).toEqual(["P→BA-70001 10.00 R2 certain"]);
      expect(unappliedLines(l)).toEqual(["Q 55.00 CUSTOMER_UNKNOWN"]);
    }
  });

  it("the invoice column names invoices as the label does", () => {
    const l = run([inv("A", "C1", "03-01", "100.00"), inv("B", "C1", "03-01", "100.00")], [pay("P", "03-02", "C1", "100.00", "", { invoices: ["B"] })]);
    expect(allocationLines(l)).toEqual(["P→B 100.00 R2 certain"]);
  });

  it("a fee amount alone, without a marker, is a suspected fee too", () => {
    const l = run([inv("F-10001", "C1", "03-01", "500.00")], [pay("P", "03-02", "C1", "492.50", "F-10001")]);
    expect(allocationLines(l)).toEqual(["P→F-10001 492.50 R2 high [FEE_SUSPECTED]"]);
    expect(openOf(l, "F-10001")).toBe("7.50");
  });

  it("with allocationOrder=label a short payment fills the invoices in the order cited", () => {
    const invoices = [inv("F-10001", "C1", "01-01", "100.00"), inv("F-10002", "C1", "02-01", "100.00")];
    const l = run(invoices, [pay("P", "03-02", "C1", "150.00", "F-10002 F-10001")], { allocationOrder: "label" });
    expect(allocationLines(l)).toEqual(["P→F-10002 100.00 R2 high [PARTIAL]", "P→F-10001 50.00 R2 high [PARTIAL]"]);
  });
});

describe("credit notes", () => {
  it("a shortfall equal to an open credit note of the payer is the credit note deducted", () => {
    const l = run([inv("F-10001", "C1", "03-01", "2450.00"), credit("AV-4", "C1", "02-20", "150.00")], [pay("P", "03-05", "C1", "2300.00", "F-10001 LESS CREDIT")], { unallocatedPolicy: "hold" });
    expect(allocationLines(l)).toEqual(["AV-4→F-10001 150.00 R2 high [CREDIT_NOTE_NETTED]", "P→F-10001 2300.00 R2 high [CREDIT_NOTE_NETTED]"]);
    expect(l.unapplied).toEqual([]);
  });

  it("two credit notes that would explain the shortfall explain nothing", () => {
    const l = run([inv("F-10001", "C1", "03-01", "2450.00"), credit("AV-4", "C1", "02-20", "150.00"), credit("AV-5", "C1", "02-21", "150.00")],
      [pay("P", "03-05", "C1", "2300.00", "F-10001")], { unallocatedPolicy: "hold" });
    expect(allocationLines(l)).toEqual(["P→F-10001 2300.00 R2 high [PARTIAL]"]);
  });

  it("at most maxCreditNotesPerSet credit notes enter an oldest-first sum", () => {
    const invoices = [inv("H1", "C1", "01-31", "500.00"), credit("CN1", "C1", "02-01", "50.00"), credit("CN2", "C1", "02-02", "50.00"), inv("H2", "C1", "03-31", "300.00")];
    expect(run(invoices, [pay("P", "04-05", "C1", "700.00")], { unallocatedPolicy: "hold" }).allocations).toEqual([]);
    expect(allocationLines(run(invoices, [pay("P", "04-05", "C1", "700.00")], { maxCreditNotesPerSet: 2 }))).toEqual([
      "CN1→H1 50.00 R4a high [FIFO_EXACT]", "CN2→H1 50.00 R4a high [FIFO_EXACT]", "P→H1 400.00 R4a high [FIFO_EXACT]", "P→H2 300.00 R4a high [FIFO_EXACT]",
    ]);
  });
});

describe("amount rules", () => {
  it("an invoice older than the lookback is not an amount candidate", () => {
    const l = run([inv("OLD", "C1", "2022-06-01", "80.00")], [pay("P", "06-02", "C1", "80.00")], { unallocatedPolicy: "hold" });
    expect(unappliedLines(l)).toEqual(["P 80.00 NO_CANDIDATE on C1"]);
  });

  it("an oldest-first sum within the group tolerance closes the set with a small difference", () => {
    const l = run([inv("J1", "C1", "01-10", "100.00"), inv("J2", "C1", "02-10", "200.00")], [pay("P", "03-20", "C1", "299.40")]);
    expect(allocationLines(l)).toEqual(["P→J1 100.00 R4a high [FIFO_EXACT,SMALL_DIFFERENCE]", "P→J2 199.40 R4a high [FIFO_EXACT,SMALL_DIFFERENCE]"]);
    expect(l.differences.map((d) => `${d.invoice} ${d.amount} ${d.kind}`)).toEqual(["J2 60 SMALL_DIFFERENCE"]);
  });

  it("a suggested combination holds its invoices against FIFO", () => {
    const invoices = [inv("D1", "C1", "01-05", "120.00"), inv("D2", "C1", "02-05", "75.00"), inv("D3", "C1", "03-05", "230.00"), inv("D4", "C1", "04-05", "40.00")];
    const l = run(invoices, [pay("P", "04-10", "C1", "350.00"), pay("Q", "04-11", "C1", "500.00", "ACOMPTE")]);
    expect(reviewLines(l)).toEqual(["suggestion P COMBINATION_SUGGESTED medium {D1+D3} HOLD"]);
    expect(allocationLines(l)).toEqual(["Q→D2 75.00 F1 policy [FIFO]", "Q→D4 40.00 F1 policy [FIFO]"]);
  });
});

describe("pathological customers (matching.md §4.4)", () => {
  it("forty invoices of 1.00 and a payment of 5.00: the oldest five, R4b never runs", () => {
    const invoices = Array.from({ length: 40 }, (_, i) => inv(`N${String(i).padStart(2, "0")}`, "C1", "01-01", "1.00"));
    const l = run(invoices, [pay("P", "02-01", "C1", "5.00")]);
    expect(l.allocations.map((a) => a.invoice)).toEqual(["N00", "N01", "N02", "N03", "N04"]);
    expect(l.allocations.every((a) => a.rule === "R4a")).toBe(true);
  });

  it("a search over many near-equal amounts ends within its budget, ambiguous or truncated", () => {
    const invoices = Array.from({ length: 60 }, (_, i) => inv(`N${String(i).padStart(2, "0")}`, "C1", "01-01", (1 + (i % 7) / 100).toFixed(2)));
    const l = run([inv("BIG", "C1", "2023-12-01", "50.00"), ...invoices], [pay("P", "02-01", "C1", "5.13")], { unallocatedPolicy: "hold" });
    expect(["AMBIGUOUS_COMBINATION", "SEARCH_TRUNCATED"]).toContain(l.unapplied[0]?.reason);
  });
});

describe("currencies and letters", () => {
  it("FIFO never crosses currencies, even for one customer", () => {
    const l = run([inv("U1", "C1", "01-05", "100.00", { currency: "USD" }), inv("E1", "C1", "01-05", "100.00")], [pay("P", "02-10", "C1", "60.00", "", { currency: "USD" })]);
    expect(allocationLines(l)).toEqual(["P→U1 60.00 F1 policy [FIFO]"]);
    expect(openOf(l, "E1")).toBe("100.00");
  });

  it("payments and invoices linked by allocations share one letter", () => {
    const invoices = [inv("F-10001", "C1", "01-01", "100.00"), inv("F-10002", "C1", "01-02", "50.00"), inv("F-10003", "C2", "01-02", "70.00")];
    const l = run(invoices, [pay("P1", "02-01", "C1", "120.00", "F-10001 F-10002"), pay("P2", "02-02", "C1", "30.00", "F-10002"), pay("P3", "02-03", "C2", "70.00", "F-10003")]);
    expect(l.allocations.map((a) => `${a.payment}:${a.letter}`)).toEqual(["P1:A", "P1:A", "P2:A", "P3:B"]);
  });
});

describe("invariants", () => {
  // A hand-made state with a bug in it: the checker must name the broken invariant.
  function brokenState(amount: number, currency = "EUR"): Ctx {
    const invoice = inv("F-1", "C1", "03-01", "100.00");
    const payment = pay("P", "03-02", "C1", "100.00");
    const item = { idx: 0, inv: invoice, number: "F-1", customer: "C1", currency: "EUR", credit: false, open: 10000 - amount, issueDay: 0, held: false };
    const p = { idx: 0, p: payment, id: "P", currency: "EUR", day: 0, remaining: 10000 - amount, status: "done" };
    return {
      items: [item], pays: [p], allocs: [{ payment: "P", invoice: "F-1", amount, currency, rule: "R2", confidence: "certain", evidence: "", flags: [], letter: "" }],
      allocSource: [0], allocItem: [0], touchedPays: [0], touchedItems: [0], writtenOff: new Float64Array(1),
    } as unknown as Ctx;
  }

  it("an allocation larger than the payment breaks I1, one in another currency I3", () => {
    expect(() => new InvariantChecker(brokenState(15000)).check("P2")).toThrow(/invariant I1 violated after P2/);
    expect(() => new InvariantChecker(brokenState(5000, "USD")).check("P2")).toThrow(/invariant I3/);
    expect(() => new InvariantChecker(brokenState(5000)).check("P2")).not.toThrow();
  });
});

describe("day arithmetic", () => {
  it("dayOf agrees with dates.ts on every day from 1900 to 2199", () => {
    fc.assert(fc.property(fc.integer({ min: dayNumber("1900-01-01"), max: dayNumber("2199-12-31") }), (n) => {
      expect(dayOf(fromDayNumber(n))).toBe(n);
    }), { numRuns: 2000 });
  });

  it("isoDayOf is dayOf on valid dates and NaN on anything else", () => {
    fc.assert(fc.property(fc.integer({ min: dayNumber("1900-01-01"), max: dayNumber("2199-12-31") }), (n) => {
      expect(isoDayOf(fromDayNumber(n))).toBe(n);
    }), { numRuns: 2000 });
    for (const bad of ["2025-02-29", "1900-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "2025-1-05", "2025/01/05", "2025-01-05 ", "20a5-01-01"]) {
      expect(isoDayOf(bad)).toBeNaN();
    }
    expect(isoDayOf("2024-02-29")).toBe(dayNumber("2024-02-29"));
  });

  it("months back clamps the day to the month's length", () => {
    expect(fromDayNumber(monthsBeforeDay("2024-08-31", 18))).toBe("2023-02-28");
    expect(fromDayNumber(monthsBeforeDay("2024-03-31", 1))).toBe("2024-02-29");
    expect(fromDayNumber(monthsBeforeDay("2024-01-15", 13))).toBe("2022-12-15");
  });
});

describe("a payer named only in the bank's label (French bank CSVs have no payer column)", () => {
  const invoices = [
    inv("FA-0001", "C1", "09-01", "1200.00", { name: "Dupont Frères SARL" }),
    inv("FA-0002", "C2", "09-01", "800.00", { name: "Dupont" }),
    inv("FA-0003", "C3", "09-01", "500.00", { name: "Établissements Lefèvre" }),
  ];

  it("is found, as a fuzzy name is: a match by amount alone is suggested and its invoice held", () => {
    const l = run(invoices, [pay("P", "10-02", "", "1200.00", "VIR SEPA RECU /DE SARL DUPONT FRERES /MOTIF ACOMPTE")]);
    expect(allocationLines(l)).toEqual([]);
    expect(reviewLines(l)).toEqual(["suggestion P PAYER_UNCERTAIN medium {FA-0001} HOLD"]);
    expect(l.held).toContain("FA-0001");
  });

  it("the longest name wins over a name inside it; accents and legal forms do not count", () => {
    expect(reviewLines(run(invoices, [pay("P", "10-02", "", "500.00", "VIREMENT ETABLISSEMENTS LEFEVRE S.A.R.L.")]))).toEqual(["suggestion P PAYER_UNCERTAIN medium {FA-0003} HOLD"]);
    expect(reviewLines(run(invoices, [pay("P", "10-02", "", "800.00", "VIR DUPONT")]))).toEqual(["suggestion P PAYER_UNCERTAIN medium {FA-0002} HOLD"]);
  });

  it("a name written with & is the name a bank writes with ET (SEPA has no &)", () => {
    const martin = [inv("FA-0017", "C2", "09-20", "840.00", { name: "Martin & Fils SAS" })];
    expect(reviewLines(run(martin, [pay("P", "10-25", "", "840.00", "VIR SEPA RECU /DE MARTIN ET FILS /MOTIF REGLEMENT")]))).toEqual(["suggestion P PAYER_UNCERTAIN medium {FA-0017} HOLD"]);
  });

  it("two customers named apart, or no name at all, leave the payer unknown", () => {
    const both = run(invoices, [pay("P", "10-02", "", "500.00", "VIR DUPONT POUR ETABLISSEMENTS LEFEVRE")]);
    expect(both.review.every((r) => r.reason !== "PAYER_UNCERTAIN")).toBe(true);
    expect(both.held).toEqual([]);
    const nobody = run(invoices, [pay("P", "10-02", "", "500.00", "VIR 497148286 REF CLIENT")]);
    expect(reviewLines(nobody)).toEqual(["suggestion P CUSTOMER_UNKNOWN low {FA-0003}"]);
  });

  it("a cited invoice still settles who paid, and is applied", () => {
    const l = run(invoices, [pay("P", "10-02", "", "500.00", "VIR SEPA RECU /DE SARL DUPONT FRERES /MOTIF FA-0003")]);
    expect(allocationLines(l)).toEqual(["P→FA-0003 500.00 R2 certain"]);
  });
});
