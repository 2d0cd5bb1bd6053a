// Decisions (decisions.csv, pass P0) and tunables: confirmed pairs first, rejected pairs never
// proposed again, and every mistake in either returned as a problem, never thrown.

import { describe, expect, it } from "vitest";
import { matchPayments, type Decision, type MatchOptions } from "../../src/core/match.js";
import type { Invoice, Payment } from "../../src/core/model.js";
import { allocationLines, credit, inv, pay } from "../helpers/ledger-fixtures.js";

function run(invoices: Invoice[], payments: Payment[], options: Partial<MatchOptions> = {}, decisions: Decision[] = []) {
  return matchPayments({ invoices, payments, asOf: "2024-12-31", options, decisions });
}

describe("decisions", () => {
  const invoices = [inv("F-1", "C1", "03-01", "100.00"), inv("F-2", "C1", "03-02", "100.00"), inv("F-3", "C1", "03-03", "70.00", { currency: "USD" })];
  const payments = [pay("P", "03-10", "C1", "100.00")];

  it("a confirmation applies the pair as CERTAIN before any rule", () => {
    const l = run(invoices, payments, {}, [{ payment: "P", invoice: "F-2", decision: "confirm" }]);
    expect(allocationLines(l)).toEqual(["P→F-2 100.00 D0 certain [DECISION]"]);
  });

  it("a rejection excludes the pair from every pass", () => {
    const l = run(invoices, payments, { unallocatedPolicy: "hold" }, [{ payment: "P", invoice: "F-1", decision: "reject" }]);
    expect(allocationLines(l)).toEqual(["P→F-2 100.00 R3 high"]);
  });

  it("bad decisions are problems, never throws, and are ignored", () => {
    const l = run(invoices, payments, {}, [
      { payment: "P", invoice: "F-1", decision: "confirm", file: "decisions.csv", line: 2 },
      { payment: "P", invoice: "F-1", decision: "reject", file: "decisions.csv", line: 3 },
      { payment: "NOPE", invoice: "F-1", decision: "confirm" },
      { payment: "P", invoice: "F-404", decision: "confirm" },
      { payment: "P", invoice: "F-3", decision: "confirm" },
      { payment: "P", invoice: "F-2", decision: "confirm", amount: 0 },
    ]);
    expect(l.problems.map((p) => p.code)).toEqual([
      "decision_unknown_payment", "decision_unknown_invoice", "decision_bad_amount", "decision_contradiction", "decision_currency_mismatch",
    ]);
    expect(l.problems.find((p) => p.code === "decision_contradiction")).toMatchObject({
      file: "decisions.csv", line: 2, severity: "error", message: "decisions for P → F-1 contradict each other (confirm, reject); all ignored (see line 3)",
    });
    expect(l.allocations.some((a) => a.rule === "D0")).toBe(false);
  });

  it("a confirmed amount larger than possible is capped, with a warning", () => {
    const l = run(invoices, payments, {}, [{ payment: "P", invoice: "F-1", decision: "confirm", amount: 15000 }]);
    expect(allocationLines(l)).toEqual(["P→F-1 100.00 D0 certain [DECISION]"]);
    expect(l.problems.map((p) => `${p.severity} ${p.code}`)).toEqual(["warning decision_amount_capped"]);
  });

  it("decisions for payments after the as-of date wait, with a warning", () => {
    const l = matchPayments({ invoices, payments: [...payments, pay("LATER", "2025-02-01", "C1", "5.00")], asOf: "2024-12-31",
      decisions: [{ payment: "LATER", invoice: "F-1", decision: "confirm" }] });
    expect(l.problems.map((p) => `${p.severity} ${p.code}`)).toEqual(["warning decision_after_as_of"]);
  });

  it("a confirmation on a refund or a credit note is refused", () => {
    const l = run([...invoices, credit("AV", "C1", "03-04", "10.00")], [...payments, pay("R", "03-20", "C1", "-5.00")], {}, [
      { payment: "R", invoice: "F-1", decision: "confirm" }, { payment: "P", invoice: "AV", decision: "confirm" },
    ]);
    expect(l.problems.map((p) => p.code)).toEqual(["decision_negative_payment", "decision_credit_note"]);
  });
});

describe("options", () => {
  it("nonsense tunables are problems and fall back to the defaults", () => {
    const l = run([inv("F-10001", "C1", "03-01", "1000.00")], [pay("P", "03-02", "C1", "999.50", "F-10001")], { maxItems: -1, toleranceAbs: "lots" });
    expect(l.problems.map((p) => p.code)).toEqual(["match_option_invalid", "match_option_invalid"]);
    expect(allocationLines(l)).toEqual(["P→F-10001 999.50 R2 certain [SMALL_DIFFERENCE]"]);
  });

  it("an unknown policy is a problem, and the default applies", () => {
    const l = run([inv("A1", "C1", "01-31", "100.00")], [pay("P", "02-05", "C1", "60.00")], { unallocatedPolicy: "later" as "hold" });
    expect(l.problems.map((p) => `${p.severity} ${p.code}`)).toEqual(["error match_option_invalid"]);
    expect(allocationLines(l)).toEqual(["P→A1 60.00 F1 policy [FIFO]"]);
  });

  it("per-currency overrides: JPY tolerates 100 yen", () => {
    const l = run([inv("F-10001", "C1", "03-01", "100000", { currency: "JPY" })], [pay("P", "03-02", "C1", "99950", "F-10001", { currency: "JPY" })],
      { currencyOverrides: { JPY: { toleranceAbs: "100" } } });
    expect(allocationLines(l)).toEqual(["P→F-10001 99950 R2 certain [SMALL_DIFFERENCE]"]);
  });

  it("running-balance customers get no tolerance closing and no fee suspicion", () => {
    const l = run([inv("F-10001", "C1", "03-01", "1000.00")], [pay("P", "03-02", "C1", "985.00", "F-10001 SHA")], { runningBalanceCustomers: ["C1"] });
    expect(allocationLines(l)).toEqual(["P→F-10001 985.00 R2 high [PARTIAL]"]);
    expect(l.review).toEqual([]);
  });
});
