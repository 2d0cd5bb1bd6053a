// The 25 test cases of matching.md §5, table-driven: for each, the allocations (rule, level,
// amount, flags), the unapplied money and its reason, the review items and the held invoices.

import { describe, expect, it } from "vitest";
import type { LetteredLedger } from "../../src/core/ledger.js";
import { matchPayments, type MatchOptions } from "../../src/core/match.js";
import type { Invoice, Payment } from "../../src/core/model.js";
import {
  allocationLines, credit, inv, openOf, pay, reviewLines, unappliedLines,
} from "../helpers/ledger-fixtures.js";

interface Case {
  readonly id: string;
  readonly invoices: readonly Invoice[];
  readonly payments: readonly Payment[];
  readonly options?: Partial<MatchOptions>;
  readonly allocations: readonly string[];
  readonly unapplied?: readonly string[];
  readonly review?: readonly string[];
  readonly held?: readonly string[];
  readonly open?: Readonly<Record<string, string>>;
  readonly differences?: readonly string[];
}

const CASES: readonly Case[] = [
  {
    id: "T01 exact invoice number, exact amount",
    invoices: [inv("F2024-0001", "C1", "02-01", "100.00")],
    payments: [pay("P01", "02-03", "C1", "100.00", "VIR SEPA ACME SARL F2024-0001")],
    allocations: ["P01→F2024-0001 100.00 R2 certain"],
    open: { "F2024-0001": "0.00" },
  },
  {
    id: "T02 reference written differently, payer from the name and the reference",
    invoices: [inv("F2024-0002", "C1", "02-10", "250.00", { name: "Acme SARL" })],
    payments: [pay("P02", "02-12", "", "250.00", "paiement fact. f 2024 0002 merci", { name: "ACME" })],
    allocations: ["P02→F2024-0002 250.00 R2 certain"],
  },
  {
    id: "T03 reference belongs to another customer",
    invoices: [inv("F2024-0007", "C2", "03-01", "500.00")],
    payments: [pay("P03", "03-05", "C1", "500.00", "F2024-0007")],
    allocations: [],
    unapplied: ["P03 500.00 REF_CUSTOMER_MISMATCH on C1"],
    review: ["suggestion P03 REF_CUSTOMER_MISMATCH medium {F2024-0007} HOLD"],
    held: ["F2024-0007"],
  },
  {
    id: "T03b the same with C1 declared an alternative payer of C2",
    invoices: [inv("F2024-0007", "C2", "03-01", "500.00")],
    payments: [pay("P03", "03-05", "C1", "500.00", "F2024-0007")],
    options: { alternativePayers: [{ payer: "C1", customer: "C2" }] },
    allocations: ["P03→F2024-0007 500.00 R2 certain"],
  },
  {
    id: "T04 reference to an invoice already paid",
    invoices: [inv("F2024-0010", "C1", "03-10", "0.00", { paid: "100.00" }), inv("F2024-0011", "C1", "04-10", "100.00")],
    payments: [pay("P04", "04-12", "C1", "100.00", "F2024-0010")],
    allocations: [],
    unapplied: ["P04 100.00 REF_ALREADY_PAID on C1"],
    review: ["suggestion P04 REF_ALREADY_PAID medium {F2024-0011} HOLD"],
    held: ["F2024-0011"],
    open: { "F2024-0011": "100.00" },
  },
  {
    id: "T05 reference, shortfall within tolerance",
    invoices: [inv("F2024-0020", "C3", "03-15", "1000.00")],
    payments: [pay("P05", "03-20", "C3", "999.50", "F2024-0020")],
    allocations: ["P05→F2024-0020 999.50 R2 certain [SMALL_DIFFERENCE]"],
    open: { "F2024-0020": "0.00" },
    differences: ["F2024-0020 0.50 SMALL_DIFFERENCE"],
  },
  {
    id: "T06 reference, genuine partial payment",
    invoices: [inv("F2024-0021", "C3", "03-31", "1000.00")],
    payments: [pay("P06", "03-25", "C3", "400.00", "ACOMPTE F2024-0021")],
    allocations: ["P06→F2024-0021 400.00 R2 high [PARTIAL]"],
    open: { "F2024-0021": "600.00" },
  },
  {
    id: "T07 instalments, then one too many",
    invoices: [inv("F2024-0030", "C4", "02-28", "900.00")],
    payments: [
      pay("P07a", "03-01", "C4", "300.00", "F2024-0030 1/3"), pay("P07b", "04-01", "C4", "300.00", "F2024-0030 2/3"),
      pay("P07c", "05-01", "C4", "300.00", "F2024-0030 3/3"), pay("P07d", "05-02", "C4", "300.00", "F2024-0030 3/3"),
    ],
    allocations: [
      "P07a→F2024-0030 300.00 R2 high [PARTIAL]", "P07b→F2024-0030 300.00 R2 high [PARTIAL]", "P07c→F2024-0030 300.00 R2 certain",
    ],
    unapplied: ["P07d 300.00 REF_ALREADY_PAID on C4"],
    review: ["refusal P07d REF_ALREADY_PAID ambiguous"],
  },
  {
    id: "T08 one payment, two references, exact total",
    invoices: [inv("F2024-0040", "C5", "03-01", "250.00"), inv("F2024-0041", "C5", "03-15", "150.00")],
    payments: [pay("P08", "03-20", "C5", "400.00", "F2024-0040 F2024-0041")],
    allocations: ["P08→F2024-0040 250.00 R2 certain", "P08→F2024-0041 150.00 R2 certain"],
  },
  {
    id: "T09 two references, not enough money",
    invoices: [inv("F2024-0042", "C5", "04-01", "300.00"), inv("F2024-0043", "C5", "04-15", "200.00")],
    payments: [pay("P09", "04-20", "C5", "450.00", "F2024-0042 F2024-0043")],
    allocations: ["P09→F2024-0042 300.00 R2 high [PARTIAL]", "P09→F2024-0043 150.00 R2 high [PARTIAL]"],
    open: { "F2024-0042": "0.00", "F2024-0043": "50.00" },
  },
  {
    id: "T10 reference with over-payment, remainder FIFO",
    invoices: [inv("F2024-0049", "C6", "01-31", "40.00"), inv("F2024-0050", "C6", "03-31", "100.00")],
    payments: [pay("P10", "04-05", "C6", "140.00", "F2024-0050")],
    allocations: ["P10→F2024-0050 100.00 R2 high [OVERPAYMENT]", "P10→F2024-0049 40.00 F1 policy [FIFO]"],
  },
  {
    id: "T10b the same with policy hold",
    invoices: [inv("F2024-0049", "C6", "01-31", "40.00"), inv("F2024-0050", "C6", "03-31", "100.00")],
    payments: [pay("P10", "04-05", "C6", "140.00", "F2024-0050")],
    options: { unallocatedPolicy: "hold" },
    allocations: ["P10→F2024-0050 100.00 R2 high [OVERPAYMENT]"],
    unapplied: ["P10 40.00 OVERPAYMENT on C6"],
  },
  {
    id: "T11 exact amount for a known payer; a later invoice is not eligible",
    invoices: [
      inv("F2024-0060", "C7", "03-02", "120.00", { issue: "02-01" }), inv("F2024-0061", "C7", "03-31", "80.00", { issue: "03-01" }),
      inv("F2024-0062", "C7", "06-19", "80.00", { issue: "05-20" }),
    ],
    payments: [pay("P11", "04-02", "C7", "80.00", "VIREMENT")],
    allocations: ["P11→F2024-0061 80.00 R3 high"],
  },
  {
    id: "T12 identical amounts, two payments pair in date order",
    invoices: [inv("F2024-0070", "C8", "01-10", "50.00"), inv("F2024-0071", "C8", "02-10", "50.00")],
    payments: [pay("P12a", "02-03", "C8", "50.00", "ABONNEMENT"), pay("P12b", "03-03", "C8", "50.00", "ABONNEMENT")],
    allocations: ["P12a→F2024-0070 50.00 R3t high [TIE_OLDEST]", "P12b→F2024-0071 50.00 R3t high [TIE_OLDEST]"],
  },
  {
    id: "T13 single exact invoice vs oldest-first pair",
    invoices: [inv("A", "C9", "01-15", "100.00"), inv("B", "C9", "02-15", "200.00"), inv("C", "C9", "03-15", "300.00")],
    payments: [pay("P13", "04-01", "C9", "300.00", "REGLEMENT")],
    allocations: [],
    unapplied: ["P13 300.00 AMBIGUOUS_EXPLANATION on C9"],
    review: ["ambiguity P13 AMBIGUOUS_EXPLANATION ambiguous {C} {A+B} HOLD"],
    held: ["A", "B", "C"],
  },
  {
    id: "T14 oldest-first exact sum",
    invoices: [inv("J1", "C10", "01-10", "100.00"), inv("J2", "C10", "02-10", "200.00"), inv("J3", "C10", "03-10", "150.00")],
    payments: [pay("P14", "03-20", "C10", "300.00", "VIR C10")],
    allocations: ["P14→J1 100.00 R4a high [FIFO_EXACT]", "P14→J2 200.00 R4a high [FIFO_EXACT]"],
  },
  {
    id: "T15 unique combination that is not oldest-first: suggested",
    invoices: [
      inv("D1", "C11", "01-05", "120.00"), inv("D2", "C11", "02-05", "75.00"), inv("D3", "C11", "03-05", "230.00"), inv("D4", "C11", "04-05", "40.00"),
    ],
    payments: [pay("P15", "04-10", "C11", "350.00")],
    allocations: [],
    unapplied: ["P15 350.00 COMBINATION_SUGGESTED on C11"],
    review: ["suggestion P15 COMBINATION_SUGGESTED medium {D1+D3} HOLD"],
    held: ["D1", "D3"],
  },
  {
    id: "T15b the same with autoApplyUniqueCombination",
    invoices: [
      inv("D1", "C11", "01-05", "120.00"), inv("D2", "C11", "02-05", "75.00"), inv("D3", "C11", "03-05", "230.00"), inv("D4", "C11", "04-05", "40.00"),
    ],
    payments: [pay("P15", "04-10", "C11", "350.00")],
    options: { autoApplyUniqueCombination: true },
    allocations: ["P15→D1 120.00 R4b medium [AUTO_COMBINATION]", "P15→D3 230.00 R4b medium [AUTO_COMBINATION]"],
  },
  {
    id: "T16 two combinations of the same size",
    invoices: [
      inv("G1", "C12", "01-01", "500.00"), inv("G2", "C12", "02-01", "100.00"), inv("G3", "C12", "03-01", "200.00"),
      inv("G4", "C12", "04-01", "120.00"), inv("G5", "C12", "05-01", "180.00"),
    ],
    payments: [pay("P16", "05-10", "C12", "300.00")],
    allocations: [],
    unapplied: ["P16 300.00 AMBIGUOUS_COMBINATION on C12"],
    review: ["ambiguity P16 AMBIGUOUS_COMBINATION ambiguous {G2+G3} {G4+G5} HOLD"],
    held: ["G2", "G3", "G4", "G5"],
  },
  {
    id: "T17 credit note inside an oldest-first sum",
    invoices: [inv("H1", "C13", "01-31", "500.00"), credit("CN1", "C13", "02-15", "100.00"), inv("H2", "C13", "03-31", "300.00")],
    payments: [pay("P17", "04-05", "C13", "700.00")],
    allocations: ["CN1→H1 100.00 R4a high [FIFO_EXACT]", "P17→H1 400.00 R4a high [FIFO_EXACT]", "P17→H2 300.00 R4a high [FIFO_EXACT]"],
    open: { H1: "0.00", H2: "0.00", CN1: "0.00" },
  },
  {
    id: "T18 linked credit note applied before the payment",
    invoices: [inv("F2024-0090", "C14", "04-30", "200.00"), credit("AV2024-0091", "C14", "05-02", "50.00", { appliesTo: "F2024-0090" })],
    payments: [pay("P18", "05-10", "C14", "150.00", "F2024-0090")],
    allocations: ["AV2024-0091→F2024-0090 50.00 L1 certain", "P18→F2024-0090 150.00 R2 certain"],
    open: { "F2024-0090": "0.00" },
  },
  {
    id: "T19 bank charges deducted",
    invoices: [inv("F2024-0100", "C15", "05-15", "1000.00")],
    payments: [pay("P19", "05-20", "C15", "985.00", "INV F2024-0100 /CHG SHA")],
    allocations: ["P19→F2024-0100 985.00 R2 high [FEE_SUSPECTED]"],
    review: ["suggestion P19 FEE_SUSPECTED medium {F2024-0100} HOLD"],
    held: ["F2024-0100"],
    open: { "F2024-0100": "15.00" },
    differences: ["F2024-0100 15.00 FEE_SUSPECTED"],
  },
  {
    id: "T20 unexplained payment on account, FIFO policy",
    invoices: [inv("I1", "C16", "01-31", "100.00"), inv("I2", "C16", "02-28", "200.00"), inv("I3", "C16", "03-31", "300.00")],
    payments: [pay("P20", "04-05", "C16", "250.00", "VIR C16")],
    allocations: ["P20→I1 100.00 F1 policy [FIFO]", "P20→I2 150.00 F1 policy [FIFO]"],
    open: { I1: "0.00", I2: "50.00", I3: "300.00" },
  },
  {
    id: "T20b the same with policy hold",
    invoices: [inv("I1", "C16", "01-31", "100.00"), inv("I2", "C16", "02-28", "200.00"), inv("I3", "C16", "03-31", "300.00")],
    payments: [pay("P20", "04-05", "C16", "250.00", "VIR C16")],
    options: { unallocatedPolicy: "hold" },
    allocations: [],
    unapplied: ["P20 250.00 NO_CANDIDATE on C16"],
  },
  {
    id: "T21 payer only by name, normalised",
    invoices: [inv("K1", "C17", "05-31", "64.90", { name: "Boulangerie Dupont S.A.R.L." })],
    payments: [pay("P21", "06-02", "", "64.90", "REMISE CB", { name: "BOULANGERIE DUPONT SARL" })],
    allocations: ["P21→K1 64.90 R3 high"],
  },
  {
    id: "T22 unknown payer, amount unique in the whole ledger",
    invoices: [inv("Q1", "C18", "05-31", "1234.56"), inv("Q2", "C18", "05-31", "1234.55")],
    payments: [pay("P22", "06-03", "", "1234.56", "VIR 88421")],
    allocations: [],
    unapplied: ["P22 1234.56 CUSTOMER_UNKNOWN"],
    review: ["suggestion P22 CUSTOMER_UNKNOWN low {Q1}"],
  },
  {
    id: "T23 unknown payer, amount shared by two customers",
    invoices: [inv("M1", "C19", "05-15", "99.00"), inv("M2", "C20", "05-20", "99.00")],
    payments: [pay("P23", "06-01", "", "99.00", "PAIEMENT")],
    allocations: [],
    unapplied: ["P23 99.00 AMBIGUOUS_CUSTOMER"],
  },
  {
    id: "T24 reference in another currency",
    invoices: [inv("F2024-0110", "C21", "05-31", "1000.00", { currency: "USD" })],
    payments: [pay("P24", "06-05", "C21", "920.00", "F2024-0110")],
    allocations: [],
    unapplied: ["P24 920.00 CURRENCY_MISMATCH on C21"],
    review: ["suggestion P24 CURRENCY_MISMATCH medium {F2024-0110} HOLD"],
    held: ["F2024-0110"],
  },
  {
    id: "T25 digits split by letters never form a reference",
    invoices: [inv("12345", "C22", "05-31", "100.00")],
    payments: [pay("P25", "06-05", "C23", "100.00", "ORDER A12B345 REF 99")],
    allocations: [],
    unapplied: ["P25 100.00 NO_CANDIDATE on C23"],
    open: { "12345": "100.00" },
  },
];

function run(c: Case): LetteredLedger {
  return matchPayments({ invoices: c.invoices, payments: c.payments, asOf: "2024-12-31", options: c.options ?? {} });
}

describe("matching.md §5 test cases", () => {
  it.each(CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const ledger = run(c);
    expect(allocationLines(ledger)).toEqual(c.allocations);
    expect(unappliedLines(ledger)).toEqual(c.unapplied ?? []);
    expect(reviewLines(ledger)).toEqual(c.review ?? []);
    expect(ledger.held).toEqual(c.held ?? []);
    for (const [number, open] of Object.entries(c.open ?? {})) expect(openOf(ledger, number)).toBe(open);
    if (c.differences) expect(ledger.differences.map((d) => `${d.invoice} ${(d.amount / 100).toFixed(2)} ${d.kind}`)).toEqual(c.differences);
    expect(ledger.problems).toEqual([]);
  });

  it("letters a settled group with one code, a partial group in lower case", () => {
    const t08 = run(CASES.find((c) => c.id.startsWith("T08")) as Case);
    expect(t08.allocations.map((a) => a.letter)).toEqual(["A", "A"]);
    const t06 = run(CASES.find((c) => c.id.startsWith("T06")) as Case);
    expect(t06.allocations.map((a) => a.letter)).toEqual(["a"]);
  });

  it("T24: the suggestion carries the invoice, its currency differs from the payment's", () => {
    const c = CASES.find((x) => x.id.startsWith("T24")) as Case;
    const r = run(c).review[0];
    expect(r?.currency).toBe("EUR");
    expect(r?.candidates[0]?.invoices).toEqual(["F2024-0110"]);
    // The candidate amount is the invoice's open amount in its own currency (1000.00 USD).
    expect(r?.candidates[0]?.amounts).toEqual([100_000]);
  });
});
