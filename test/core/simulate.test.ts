// The example ladder day by day (examples/dunning.yaml and the built-in default): exact dates of
// each step for one invoice, min_days_between pushing a step, catch-up, a hold, the gentle ladder.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PlainDate } from "../../src/core/dates.js";
import type { PlanInput } from "../../src/core/plan.js";
import type { Scenario } from "../../src/core/reminder.js";
import { simulate } from "../../src/core/simulate.js";
import { parseConfig } from "../../src/io/config.js";
import { DEFAULT_SCENARIO, resolvePlanSettings } from "../../src/io/plan-settings.js";
import { done, hold, invoice, ledgerOf, planInput } from "../helpers/plan-fixtures.js";
import { ROOT } from "../helpers/run-cli.js";

const EXAMPLE = resolvePlanSettings(parseConfig(readFileSync(path.join(ROOT, "examples/dunning.yaml"), "utf8"), "dunning.yaml"), path.join(ROOT, "examples"));
const scenario = (id: string): Scenario => EXAMPLE.scenarios.get(id) as Scenario;

// One invoice of 1 000 EUR due 15 Dec 2026.
const DUE = "2026-12-15";
const F1 = invoice("F1", { dueDate: DUE });

function ladderOf(input: PlanInput, to: PlainDate): string[] {
  return simulate(input, to).flatMap((d) => d.reminders.map((r) => `${d.date} ${r.step.id} ${r.channel}`));
}

const withScenario = (s: Scenario, changes: Partial<PlanInput> = {}): Partial<PlanInput> => ({ scenarios: new Map([[s.id, s]]), defaultScenario: s.id, ...changes });

describe("the example ladder for one invoice due 2026-12-15", () => {
  const expected = [
    "2026-12-10 courtesy email", // −5
    "2026-12-22 reminder-1 email", // +7
    "2026-12-30 reminder-2 email", // +15
    "2027-01-06 call phone", // +20 is 4 Jan, but 7 days after reminder-2
    "2027-01-14 formal-notice letter", // +30, 8 days after the call
  ];

  it("examples/dunning.yaml: courtesy −5, reminder-1 +7, reminder-2 +15, call +20, formal notice +30, 7 days apart", () => {
    expect(scenario("standard").steps.map((s) => `${s.id}@${s.offset}`)).toEqual(["courtesy@-5", "reminder-1@7", "reminder-2@15", "call@20", "formal-notice@30"]);
    expect(ladderOf(planInput(ledgerOf([F1]), "2026-12-01", withScenario(scenario("standard"))), "2027-02-28")).toEqual(expected);
  });

  it("the built-in default scenario is the same ladder", () => {
    expect(ladderOf(planInput(ledgerOf([F1]), "2026-12-01", withScenario(DEFAULT_SCENARIO)), "2027-02-28")).toEqual(expected);
  });

  it("stops at the --to date, inclusive", () => {
    expect(ladderOf(planInput(ledgerOf([F1]), "2026-12-01", withScenario(scenario("standard"))), "2026-12-30")).toEqual(expected.slice(0, 3));
  });

  it("starts from the journal: after reminder-1, the rest of the ladder", () => {
    const input = planInput(ledgerOf([F1]), "2026-12-23", withScenario(scenario("standard"), { history: [done("F1", "reminder-1", "2026-12-22")] }));
    expect(ladderOf(input, "2027-02-28")).toEqual(expected.slice(2));
    expect(input.history).toHaveLength(1);
  });

  it("catches up one step at a time when started 26 days late", () => {
    expect(ladderOf(planInput(ledgerOf([F1]), "2027-01-10", withScenario(scenario("standard"))), "2027-02-28")).toEqual([
      "2027-01-10 reminder-1 email", "2027-01-17 reminder-2 email", "2027-01-24 call phone", "2027-01-31 formal-notice letter",
    ]);
  });

  it("waits for a payment promise to pass", () => {
    const input = planInput(ledgerOf([F1]), "2026-12-01", withScenario(scenario("standard"), { holds: [hold({ invoice: "F1" }, "promise", "2026-12-25")] }));
    expect(ladderOf(input, "2027-02-28")).toEqual([
      "2026-12-26 reminder-1 email", "2027-01-02 reminder-2 email", "2027-01-09 call phone", "2027-01-16 formal-notice letter",
    ]);
  });

  it("sends letters to a customer without an e-mail address", () => {
    const input = planInput(ledgerOf([invoice("F1", { dueDate: DUE, email: "" })]), "2026-12-01", withScenario(scenario("standard")));
    expect(ladderOf(input, "2026-12-31").map((l) => l.split(" ")[2])).toEqual(["letter", "letter", "letter"]);
  });

  it("the gentle ladder: +10, +25, +45, 10 days apart, formal notice only from 500 EUR", () => {
    const gentle = withScenario(scenario("gentle"));
    expect(ladderOf(planInput(ledgerOf([F1]), "2026-12-01", gentle), "2027-03-31")).toEqual([
      "2026-12-25 reminder-1 email", "2027-01-09 reminder-2 email", "2027-01-29 formal-notice letter",
    ]);
    const small = ledgerOf([invoice("F1", { dueDate: DUE, amount: 49_999 })]);
    expect(ladderOf(planInput(small, "2026-12-01", gentle), "2027-03-31")).toEqual(["2026-12-25 reminder-1 email", "2027-01-09 reminder-2 email"]);
  });

  it("sends nothing for an invoice that is paid", () => {
    expect(simulate(planInput(ledgerOf([{ invoice: F1, open: 0 }]), "2026-12-01"), "2027-02-28")).toEqual([]);
  });
});

describe("a message merged from two steps, day after day", () => {
  it("each invoice goes on from its own step, as the journal of a real run records it", () => {
    // The fixtures' ladder: courtesy at −5, reminder-1 at +7, reminder-2 at +15, call at +20, formal
    // notice at +30, 7 days apart at least. F2 goes on to its reminder-2, not to a call.
    const input = planInput(ledgerOf([invoice("F1"), invoice("F2", { amount: 50_000, dueDate: "2026-10-09" })]), "2026-10-08");
    const days = simulate(input, "2026-10-31").flatMap((d) => d.reminders.map((r) => `${d.date} ${r.step.id} ${r.lines.map((l) => `${l.invoice}${l.step ? `(${l.step})` : ""}`).join(" ")}`));
    expect(days).toEqual([
      "2026-10-08 courtesy F2",
      "2026-10-08 reminder-1 F1",
      "2026-10-16 reminder-2 F1 F2(reminder-1)",
      "2026-10-23 call F1",
      "2026-10-24 reminder-2 F2",
      "2026-10-31 call F2",
      "2026-10-31 formal-notice F1",
    ]);
  });
});
