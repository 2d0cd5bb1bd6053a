// The planning rules of the issue, one table row per rule and per skip reason, on hand-built
// ledgers and journals: offsets, catch-up, gaps, holds, grouping, minimum, credit, fallback.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { historyFromJournal, type JournalEntry } from "../../src/core/history.js";
import type { Hold } from "../../src/core/holds.js";
import { makeProfile } from "../../src/core/interest.js";
import type { Ledger } from "../../src/core/ledger.js";
import type { Invoice } from "../../src/core/model.js";
import { percentOf, planReminders, scenarioFor, type PlanInput, type ScenarioRule } from "../../src/core/plan.js";
import type { Scenario, StepRecord } from "../../src/core/reminder.js";
import type { CustomerSegment, Segment } from "../../src/core/segments.js";
import {
  DUE, LADDER_DATES, STANDARD, allocation, daysFrom, done, hold, invoice, item, ladder, ledgerOf, outcomeOf, payment, planInput, record,
  reminderOf, runDays, skipOf, unapplied,
} from "../helpers/plan-fixtures.js";

const F1 = invoice("F1");
const ALL_DONE = Object.entries(LADDER_DATES).map(([step, date]) => done("F1", step, date));

/** Plans one invoice F1 (1 000 EUR due 2026-10-01) and says what it gets. */
function one(asOf: string, history: StepRecord[] = [], scenario: Scenario = STANDARD, changes: Partial<PlanInput> = {}): string {
  const plan = planReminders(planInput(ledgerOf([F1]), asOf, { scenarios: new Map([["standard", scenario]]), history, ...changes }));
  return outcomeOf(plan, "F1");
}

describe("which step an invoice is at (example ladder, due 2026-10-01, 7 days between)", () => {
  it.each<[string, string, StepRecord[], Scenario, string]>([
    ["no step reached yet", "2026-09-25", [], STANDARD, "skip:not_due"],
    ["a pre-due step on its offset (−5)", "2026-09-26", [], STANDARD, "courtesy"],
    ["a pre-due step is still sent on the due date itself", "2026-10-01", [], STANDARD, "courtesy"],
    ["a pre-due step is skipped once the due date has passed", "2026-10-02", [], STANDARD, "skip:not_due"],
    ["the day before an offset is reached", "2026-10-07", [], STANDARD, "skip:not_due"],
    ["as_of − due_date = offset reaches the step", "2026-10-08", [], STANDARD, "reminder-1"],
    ["the step after the last one recorded, not reached yet", "2026-10-05", [done("F1", "courtesy", "2026-09-26")], STANDARD, "skip:already_sent"],
    ["the step after the last one recorded, reached", "2026-10-08", [done("F1", "courtesy", "2026-09-26")], STANDARD, "reminder-1"],
    ["the last step recorded decides, not the ones missing before it", "2026-10-23", [done("F1", "reminder-2", "2026-10-16")], STANDARD, "call"],
    ["reached but fewer than min_days_between days since the previous one", "2026-10-18", [done("F1", "reminder-1", "2026-10-12")], STANDARD, "skip:too_soon"],
    ["exactly min_days_between days since the previous one", "2026-10-19", [done("F1", "reminder-1", "2026-10-12")], STANDARD, "reminder-2"],
    ["a step may ask for a shorter gap", "2026-10-16", [done("F1", "reminder-1", "2026-10-12")], ladder({ stepChanges: { "reminder-2": { minDaysBetween: 3 } } }), "reminder-2"],
    ["a step may ask for a longer gap", "2026-10-16", [done("F1", "reminder-1", "2026-10-08")], ladder({ stepChanges: { "reminder-2": { minDaysBetween: 10 } } }), "skip:too_soon"],
    ["the scenario's own gap", "2026-10-16", [done("F1", "reminder-1", "2026-10-08")], ladder({ minDaysBetween: 10 }), "skip:too_soon"],
    ["every step done", "2026-12-31", ALL_DONE, STANDARD, "skip:scenario_finished"],
    ["an intent without outcome in the journal", "2026-10-20", [record("F1", "reminder-1", "2026-10-08", "uncertain")], STANDARD, "skip:uncertain_delivery"],
    ["a permanent failure of the step", "2026-10-20", [record("F1", "reminder-1", "2026-10-08", "failed")], STANDARD, "skip:delivery_failed"],
    ["a permanent failure is not jumped over by catch_up latest", "2026-10-20", [record("F1", "reminder-1", "2026-10-08", "failed")], ladder({ catchUp: "latest" }), "skip:delivery_failed"],
    ["catch_up next: 45 days late, nothing sent, one step at a time", "2026-11-15", [], STANDARD, "reminder-1"],
    ["catch_up latest: 45 days late, nothing sent, the last step reached", "2026-11-15", [], ladder({ catchUp: "latest" }), "formal-notice"],
    ["catch_up latest: the last step reached asks more than is owed (1 000): the last one reached below it", "2026-11-15", [],
      ladder({ catchUp: "latest", stepChanges: { "formal-notice": { minAmount: "1500" } } }), "call"],
    ["catch_up latest: no step reached is worth the debt: the last, refused below its minimum", "2026-11-15", [],
      ladder({ catchUp: "latest", stepChanges: Object.fromEntries(["reminder-1", "reminder-2", "call", "formal-notice"].map((id) => [id, { minAmount: "5000" }])) }), "skip:below_minimum"],
    ["catch_up latest: reached steps after the last recorded", "2026-10-22", [done("F1", "reminder-1", "2026-10-08")], ladder({ catchUp: "latest" }), "call"],
    ["catch_up latest: nothing new reached", "2026-10-12", [done("F1", "reminder-1", "2026-10-08")], ladder({ catchUp: "latest" }), "skip:already_sent"],
    ["catch_up latest still waits min_days_between", "2026-10-22", [done("F1", "reminder-1", "2026-10-17")], ladder({ catchUp: "latest" }), "skip:too_soon"],
    ["a recorded step no longer in the scenario keeps no place in the ladder…", "2026-10-08", [done("F1", "old-step", "2026-09-20")], STANDARD, "reminder-1"],
    ["…but still counts as the previous reminder for the gap", "2026-10-08", [done("F1", "old-step", "2026-10-05")], STANDARD, "skip:too_soon"],
  ])("%s", (_name, asOf, history, scenario, expected) => {
    expect(one(asOf, history, scenario)).toBe(expected);
  });

  it("says when the next step falls due", () => {
    const plan = planReminders(planInput(ledgerOf([F1]), "2026-10-02"));
    expect(skipOf(plan, "F1")?.detail).toBe("first step reminder-1 on 2026-10-08");
    const later = planReminders(planInput(ledgerOf([F1]), "2026-10-18", { history: [done("F1", "reminder-1", "2026-10-12")] }));
    expect(skipOf(later, "F1")?.detail).toContain("not before 2026-10-19");
  });

  it("ignores another invoice's history", () => {
    expect(one("2026-10-08", [done("F2", "reminder-1", "2026-10-07")])).toBe("reminder-1");
  });
});

describe("catch-up after ten days without a run", () => {
  // Daily runs from before the courtesy step, except 2026-10-14 … 2026-10-23: on the 24th both
  // reminder-2 (+15) and call (+20) are reached.
  const outage = daysFrom("2026-10-14", "2026-10-23");
  const days = daysFrom("2026-09-20", "2026-12-31", outage);

  it.each<[string, "next" | "latest", string[]]>([
    ["next sends every post-due step, one at a time, min_days_between apart", "next", [
      "2026-09-26 courtesy", "2026-10-08 reminder-1", "2026-10-24 reminder-2", "2026-10-31 call", "2026-11-07 formal-notice",
    ]],
    ["latest jumps to the last step reached", "latest", [
      "2026-09-26 courtesy", "2026-10-08 reminder-1", "2026-10-24 call", "2026-10-31 formal-notice",
    ]],
  ])("%s", (_name, catchUp, expected) => {
    const input = planInput(ledgerOf([F1]), "2026-09-20", { scenarios: new Map([["standard", ladder({ catchUp })]]) });
    expect(runDays(input, days)).toEqual(expected);
  });

  it("without the outage the ladder runs on its offsets, pushed by the gap only for the call", () => {
    expect(runDays(planInput(ledgerOf([F1]), "2026-09-20"), daysFrom("2026-09-20", "2026-12-31"))).toEqual([
      "2026-09-26 courtesy", "2026-10-08 reminder-1", "2026-10-16 reminder-2", "2026-10-23 call", "2026-10-31 formal-notice",
    ]);
  });

  it("next: the days between two catch-up steps are too_soon", () => {
    const history = [done("F1", "courtesy", "2026-09-26"), done("F1", "reminder-1", "2026-10-08"), done("F1", "reminder-2", "2026-10-24")];
    for (const day of daysFrom("2026-10-25", "2026-10-30")) expect(one(day, history), day).toBe("skip:too_soon");
    expect(one("2026-10-31", history)).toBe("call");
  });

  it("a first run 45 days after the due date: next takes four runs, latest one", () => {
    const days = daysFrom("2026-11-15", "2026-12-31");
    expect(runDays(planInput(ledgerOf([F1]), "2026-11-15"), days)).toEqual([
      "2026-11-15 reminder-1", "2026-11-22 reminder-2", "2026-11-29 call", "2026-12-06 formal-notice",
    ]);
    const latest = planInput(ledgerOf([F1]), "2026-11-15", { scenarios: new Map([["standard", ladder({ catchUp: "latest" })]]) });
    expect(runDays(latest, days)).toEqual(["2026-11-15 formal-notice"]);
  });
});

describe("holds", () => {
  const F2 = invoice("F2", { customer: "C2", email: "ap@c2.example" });
  const AS_OF = "2026-10-08";

  it.each<[string, Partial<PlanInput>, Partial<Invoice>, string]>([
    ["no hold", {}, {}, "reminder-1"],
    ["a dispute on the invoice", { holds: [hold({ invoice: "F1" }, "dispute")] }, {}, "skip:held"],
    ["a hold on the customer", { holds: [hold({ customer: "C1" }, "no_dunning")] }, {}, "skip:held"],
    ["a hold on another customer", { holds: [hold({ customer: "C2" }, "no_dunning")] }, {}, "reminder-1"],
    ["a hold on another invoice", { holds: [hold({ invoice: "F2" }, "dispute")] }, {}, "reminder-1"],
    ["a payment plan", { holds: [hold({ invoice: "F1" }, "plan", "2027-03-31")] }, {}, "skip:held"],
    ["status litige in the export", {}, { status: "litige" }, "skip:held"],
    ["status disputed in the export", {}, { status: "disputed" }, "skip:held"],
    ["another status", {}, { status: "sent" }, "reminder-1"],
    ["held by the lettrage engine", { heldByMatching: new Set(["F1"]) }, {}, "skip:held"],
    ["a hold on its until day", { holds: [hold({ invoice: "F1" }, "promise", AS_OF)] }, {}, "skip:held"],
    ["a hold the day after its until day", { holds: [hold({ invoice: "F1" }, "promise", "2026-10-07")] }, {}, "reminder-1"],
    ["a customer hold the day after its until day", { holds: [hold({ customer: "C1" }, "dispute", "2026-10-07")] }, {}, "reminder-1"],
  ])("%s", (_name, changes, invoiceChanges, expected) => {
    const plan = planReminders(planInput(ledgerOf([invoice("F1", invoiceChanges), F2]), AS_OF, changes));
    expect(outcomeOf(plan, "F1")).toBe(expected);
    expect(outcomeOf(plan, "F2")).toBe(changes.holds?.some((h) => h.invoice === "F2" || h.customer === "C2") ? "skip:held" : "reminder-1");
  });

  it("catch_up latest weighs min_amount on what the customer owes: two invoices of 600 reach a notice of minimum 1 000 together", () => {
    const scenarios = new Map([["standard", ladder({ catchUp: "latest", stepChanges: { "formal-notice": { minAmount: "1000" } } })]]);
    const plan = planReminders(planInput(ledgerOf([invoice("F1", { amount: 60_000 }), invoice("F2", { amount: 60_000 })]), "2026-11-15", { scenarios }));
    expect(plan.reminders.map((r) => [r.step.id, r.lines.map((l) => l.invoice).join(" ")])).toEqual([["formal-notice", "F1 F2"]]);
    const alone = planReminders(planInput(ledgerOf([invoice("F1", { amount: 60_000 })]), "2026-11-15", { scenarios }));
    expect(alone.reminders.map((r) => r.step.id)).toEqual(["call"]);
    // A disputed invoice beside it is owed but not reminded: it does not lift F1 to the notice.
    const disputed = planReminders(planInput(ledgerOf([invoice("F1", { amount: 60_000 }), invoice("F2", { amount: 600_000, status: "litige" })]), "2026-11-15", { scenarios }));
    expect(disputed.reminders.map((r) => [r.step.id, r.lines.map((l) => l.invoice).join(" ")])).toEqual([["call", "F1"]]);
  });

  it("says a lettrage hold is a payment under review, not a dispute", () => {
    const plan = planReminders(planInput(ledgerOf([invoice("F1")]), AS_OF, { heldByMatching: new Set(["F1"]) }));
    expect(plan.skipped.find((s) => s.invoice === "F1")?.detail).toBe("payment under review: a payment may settle it: review `dunning match --review` (lettrage)");
  });

  it("a promise date passing: held up to the promised day, dunned the day after, and the explanation says so", () => {
    const holds: Hold[] = [{ invoice: "F1", type: "promise", until: "2026-10-20", note: "virement promis", source: "holds.csv:2" }];
    const history = [done("F1", "reminder-1", "2026-10-08")];
    const on = planReminders(planInput(ledgerOf([F1]), "2026-10-20", { holds, history }));
    expect(skipOf(on, "F1")).toMatchObject({ reason: "held", detail: "promise until 2026-10-20: virement promis (holds.csv:2)" });
    const after = planReminders(planInput(ledgerOf([F1]), "2026-10-21", { holds, history }));
    expect(outcomeOf(after, "F1")).toBe("reminder-2");
    expect(after.explanations.get("F1")).toContain("hold promise ended on 2026-10-20 (holds.csv:2): dunning resumes");
  });

  it("the invoice's own hold is reported before its customer's", () => {
    const holds = [hold({ customer: "C1" }, "no_dunning"), hold({ invoice: "F1" }, "promise", "2026-10-30")];
    const plan = planReminders(planInput(ledgerOf([F1]), AS_OF, { holds }));
    expect(skipOf(plan, "F1")?.detail).toMatch(/^promise until 2026-10-30/);
  });

  it("many holds are looked up per invoice and customer, not scanned (same result)", () => {
    const many = Array.from({ length: 500 }, (_, i) => hold({ invoice: `X${i}` }, "dispute"));
    const plan = planReminders(planInput(ledgerOf([F1, F2]), AS_OF, { holds: [...many, hold({ customer: "C2" }, "dispute")] }));
    expect([outcomeOf(plan, "F1"), outcomeOf(plan, "F2")]).toEqual(["reminder-1", "skip:held"]);
  });
});

describe("one message per customer, currency and step", () => {
  const AS_OF = "2026-10-08";

  it("groups every invoice of a customer at the same step, oldest due date first", () => {
    const ledger = ledgerOf([
      invoice("F3", { amount: 30_000 }), invoice("F1", { amount: 10_000, dueDate: "2026-09-30" }), invoice("F2", { amount: 20_000 }),
      invoice("F4", { amount: 40_000, dueDate: "2026-10-12" }),
      invoice("G1", { customer: "C2", amount: 50_000 }),
    ]);
    const plan = planReminders(planInput(ledger, AS_OF));
    expect(plan.reminders.map((r) => [r.customer, r.step.id, r.lines.map((l) => l.invoice), r.amount])).toEqual([
      ["C1", "courtesy", ["F4"], 40_000],
      ["C1", "reminder-1", ["F1", "F2", "F3"], 60_000],
      ["C2", "reminder-1", ["G1"], 50_000],
    ]);
  });

  it("one message for a customer's late invoices at different steps, at the most advanced; each invoice keeps its own step", () => {
    // F1 had reminder-1 on 2026-10-08 and is due reminder-2 on 2026-10-16; F2, due later, is due reminder-1 then.
    const ledger = ledgerOf([invoice("F1"), invoice("F2", { amount: 50_000, dueDate: "2026-10-09" })]);
    const plan = planReminders(planInput(ledger, "2026-10-16", { history: [done("F1", "reminder-1", "2026-10-08")] }));
    expect(plan.reminders.map((r) => [r.customer, r.step.id, r.lines.map((l) => [l.invoice, l.step ?? r.step.id])])).toEqual([
      ["C1", "reminder-2", [["F1", "reminder-2"], ["F2", "reminder-1"]]],
    ]);
    expect(plan.explanations.get("F2")?.at(-1)).toBe("→ in one message with the customer's reminder-2, as reminder-1 for this invoice");
    // Each invoice is charged its own step's fee: one message claims what two would have.
    const fees = new Map([["standard", ladder({ stepChanges: { "reminder-1": { fee: { percent: 10 } }, "reminder-2": { fee: { fixed: "15" } } } })]]);
    const charged = planReminders(planInput(ledger, "2026-10-16", { scenarios: fees, history: [done("F1", "reminder-1", "2026-10-08")] }));
    expect(charged.reminders.map((r) => [r.step.id, r.fees])).toEqual([["reminder-2", 1_500 + 5_000]]);
    // A formal notice is not merged: it gives a date to pay by that earlier steps have not announced.
    const notice = planReminders(planInput(ledgerOf([invoice("F1", { email: "" }), invoice("F2", { dueDate: "2026-10-24", email: "" })]), "2026-10-31",
      { history: [done("F1", "reminder-1", "2026-10-08"), done("F1", "reminder-2", "2026-10-16"), done("F1", "call", "2026-10-21")] }));
    expect(notice.reminders.map((r) => [r.step.id, r.channel, r.lines.map((l) => l.invoice)])).toEqual([["reminder-1", "letter", ["F2"]], ["formal-notice", "letter", ["F1"]]]);
    // A courtesy note before a due date is its own message: a reminder says its invoices are late.
    const early = planReminders(planInput(ledgerOf([invoice("F1"), invoice("F3", { dueDate: "2026-10-20" })]), "2026-10-16", { history: [done("F1", "reminder-1", "2026-10-08")] }));
    expect(early.reminders.map((r) => [r.step.id, r.lines.map((l) => l.invoice)])).toEqual([["courtesy", ["F3"]], ["reminder-2", ["F1"]]]);
  });

  it("a customer with two currencies gets two messages, never one sum", () => {
    const ledger = ledgerOf([invoice("E1", { amount: 10_000 }), invoice("U1", { amount: 25_000, currency: "USD" }), invoice("E2", { amount: 5_000 })]);
    const plan = planReminders(planInput(ledger, AS_OF));
    expect(plan.reminders.map((r) => [r.currency, r.lines.map((l) => l.invoice), r.amount])).toEqual([
      ["EUR", ["E1", "E2"], 15_000],
      ["USD", ["U1"], 25_000],
    ]);
  });

  it("the letter sees the customer's other open items of its currency and their unapplied credit", () => {
    const ledger = ledgerOf([
      invoice("F1"), invoice("F2", { dueDate: "2026-11-30" }), invoice("U1", { currency: "USD", dueDate: "2026-11-30" }),
      item(invoice("F0"), 0), invoice("G1", { customer: "C2", dueDate: "2026-11-30" }),
    ], { unapplied: [unapplied("C1", 30_000), unapplied("C1", 9_000, "USD")] });
    const r = reminderOf(planReminders(planInput(ledger, AS_OF)), "F1");
    expect(r?.otherOpen.map((l) => l.invoice)).toEqual(["F2"]);
    expect(r?.otherOpen[0]).toMatchObject({ open: 100_000, daysLate: -53, interest: 0, indemnity: 0 });
    expect(r?.unapplied).toBe(30_000);
  });

  it("lists the previous reminders of the message's invoices", () => {
    const history = [done("F1", "courtesy", "2026-09-26"), done("F2", "courtesy", "2026-09-26"), done("F9", "courtesy", "2026-09-26")];
    const plan = planReminders(planInput(ledgerOf([F1, invoice("F2")]), AS_OF, { history }));
    expect(reminderOf(plan, "F1")?.previous).toEqual([{ step: "courtesy", channel: "email", date: "2026-09-26", invoices: ["F1", "F2"] }]);
  });

  it("paid invoices and credit notes get neither a message nor a skip", () => {
    const ledger = ledgerOf([F1, item(invoice("F2"), 0), item(invoice("AV1", { type: "credit_note", amount: -5_000 }), -5_000)]);
    const plan = planReminders(planInput(ledger, AS_OF));
    expect([outcomeOf(plan, "F1"), outcomeOf(plan, "F2"), outcomeOf(plan, "AV1")]).toEqual(["reminder-1", "absent", "absent"]);
    expect(plan.explanations.has("F2")).toBe(false);
  });

  it("dunns the open amount, not the invoice total", () => {
    const r = reminderOf(planReminders(planInput(ledgerOf([item(invoice("F1", { paid: 20_000 }), 50_000)]), AS_OF)), "F1");
    expect(r?.lines[0]).toMatchObject({ amount: 100_000, paid: 50_000, open: 50_000, daysLate: 7 });
    expect(r?.amount).toBe(50_000);
  });
});

describe("min_amount applies to the message total", () => {
  const scenario = ladder({ stepChanges: { "reminder-1": { minAmount: "100" } } });
  const plan = (amounts: number[], asOf = "2026-10-08") => planReminders(planInput(
    ledgerOf(amounts.map((amount, i) => invoice(`F${i + 1}`, { amount }))), asOf, { scenarios: new Map([["standard", scenario]]) },
  ));

  it.each<[string, number[], string[]]>([
    ["one small invoice is below the minimum", [6_000], ["skip:below_minimum"]],
    ["two small invoices together pass", [6_000, 6_000], ["reminder-1", "reminder-1"]],
    ["exactly the minimum passes", [10_000], ["reminder-1"]],
    ["one cent short", [9_999], ["skip:below_minimum"]],
  ])("%s", (_name, amounts, expected) => {
    const p = plan(amounts);
    expect(amounts.map((_, i) => outcomeOf(p, `F${i + 1}`))).toEqual(expected);
  });

  it("other steps are not limited", () => {
    expect(outcomeOf(plan([6_000], "2026-09-26"), "F1")).toBe("courtesy");
  });

  it("says what the minimum and the total were", () => {
    expect(skipOf(plan([6_000]), "F1")?.detail).toBe("reminder-1 needs at least 100 EUR; the message would total 60.00");
  });

  it("is read in the message's currency (JPY has no minor unit)", () => {
    const jpy = planReminders(planInput(ledgerOf([invoice("F1", { amount: 99, currency: "JPY" })]), "2026-10-08", { scenarios: new Map([["standard", scenario]]) }));
    expect(outcomeOf(jpy, "F1")).toBe("skip:below_minimum");
  });
});

describe("unapplied credit covering the dunned amount", () => {
  const AS_OF = "2026-10-08";
  const plan = (ledger: Ledger) => planReminders(planInput(ledger, AS_OF));

  it.each<[string, Ledger, string]>([
    ["credit equal to the amount", ledgerOf([F1], { unapplied: [unapplied("C1", 100_000)] }), "skip:covered_by_credit"],
    ["credit above the amount", ledgerOf([F1], { unapplied: [unapplied("C1", 60_000), unapplied("C1", 60_000)] }), "skip:covered_by_credit"],
    ["credit one cent short", ledgerOf([F1], { unapplied: [unapplied("C1", 99_999)] }), "reminder-1"],
    ["credit in another currency", ledgerOf([F1], { unapplied: [unapplied("C1", 500_000, "USD")] }), "reminder-1"],
    ["another customer's credit", ledgerOf([F1], { unapplied: [unapplied("C2", 500_000)] }), "reminder-1"],
    ["money of an unknown payer", ledgerOf([F1], { unapplied: [unapplied("", 500_000)] }), "reminder-1"],
    ["a refund lowers the credit", ledgerOf([F1], { unapplied: [unapplied("C1", 150_000), unapplied("C1", -60_000)] }), "reminder-1"],
  ])("%s", (_name, ledger, expected) => {
    expect(outcomeOf(plan(ledger), "F1")).toBe(expected);
  });

  it("is compared with everything dunned today in that currency, not message by message", () => {
    // 800 of credit covers neither 500 + 500 nor, once summed, the customer's 1 000 overdue.
    const ledger = ledgerOf([invoice("F1", { amount: 50_000 }), invoice("F2", { amount: 50_000, dueDate: "2026-10-12" })], { unapplied: [unapplied("C1", 80_000)] });
    const p = plan(ledger);
    expect([outcomeOf(p, "F1"), outcomeOf(p, "F2")]).toEqual(["reminder-1", "courtesy"]);
    const covered = plan({ ...ledger, unapplied: [unapplied("C1", 100_000)] });
    expect([outcomeOf(covered, "F1"), outcomeOf(covered, "F2")]).toEqual(["skip:covered_by_credit", "skip:covered_by_credit"]);
  });

  it("leaves out the money a review item stands for: a payment suggested for held invoices does not also cover the others", () => {
    // 1 000 suggested for F1 + F3 (300 + 700, held), F2's 500 left: reminded, where it was covered.
    const invoices = [invoice("F1", { amount: 30_000 }), invoice("F2", { amount: 50_000 }), invoice("F3", { amount: 70_000 })];
    const money = { ...unapplied("C1", 100_000), payment: "BK-1" };
    const review = [{ kind: "suggestion" as const, payment: "BK-1", customer: "C1", amount: 100_000, currency: "EUR", rule: "R4b", confidence: "medium" as const,
      reason: "COMBINATION_SUGGESTED", candidates: [], held: ["F1", "F3"], evidence: "" }];
    const ledger = ledgerOf(invoices, { unapplied: [money], review, held: ["F1", "F3"] });
    const p = planReminders(planInput(ledger, AS_OF, { heldByMatching: new Set(["F1", "F3"]) }));
    expect([outcomeOf(p, "F1"), outcomeOf(p, "F2"), outcomeOf(p, "F3")]).toEqual(["skip:held", "reminder-1", "skip:held"]);
    expect(reminderOf(p, "F2")?.unapplied).toBe(0);
    // Money beyond what it stands for is still credit: 1 500 for the same two leaves 500, covering F2.
    const more = planReminders(planInput({ ...ledger, unapplied: [{ ...money, amount: 150_000 }] }, AS_OF, { heldByMatching: new Set(["F1", "F3"]) }));
    expect(outcomeOf(more, "F2")).toBe("skip:covered_by_credit");
  });

  it("shows the reason", () => {
    const p = plan(ledgerOf([F1], { unapplied: [unapplied("C1", 100_000)] }));
    expect(skipOf(p, "F1")?.detail).toBe("the customer's unapplied credit of 1000.00 EUR covers the 1000.00 dunned today");
    expect(p.explanations.get("F1")?.at(-1)).toContain("covered_by_credit");
  });
});

describe("channels", () => {
  it.each<[string, string, string, string, string, string | undefined]>([
    ["an e-mail step with an address", "ap@c1.example", "2026-10-08", "email", "ap@c1.example", undefined],
    ["an e-mail step without an address falls back to a letter and says so", "", "2026-10-08", "letter", "", "no_email"],
    ["a phone step needs no address", "", "2026-10-21", "phone", "", undefined],
    ["a letter step", "ap@c1.example", "2026-10-31", "letter", "ap@c1.example", undefined],
  ])("%s", (_name, email, asOf, channel, to, fallback) => {
    const latest = new Map([["standard", ladder({ catchUp: "latest" })]]);
    const r = reminderOf(planReminders(planInput(ledgerOf([invoice("F1", { email })]), asOf, { scenarios: latest })), "F1");
    expect(r?.channel).toBe(channel);
    expect(r?.to).toBe(to);
    expect(r?.fallback).toBe(fallback);
  });

  it("uses the address of the customer's latest invoice that has one", () => {
    const ledger = ledgerOf([
      invoice("F1", { email: "old@c1.example", issueDate: "2026-08-01" }), invoice("F2", { email: "new@c1.example", issueDate: "2026-09-01", dueDate: "2026-12-01" }),
      invoice("F3", { email: "", issueDate: "2026-09-15", dueDate: "2026-12-15" }),
    ]);
    expect(reminderOf(planReminders(planInput(ledger, "2026-10-08")), "F1")?.to).toBe("new@c1.example");
  });

  it("keeps the customer's whole language tag, region included, for the letter's formatting", () => {
    const r = reminderOf(planReminders(planInput(ledgerOf([invoice("F1", { language: "en-us" })]), "2026-10-08")), "F1");
    expect(r?.language).toBe("en-us");
  });

  it("gives a call the telephone of the customer's latest invoice that has one", () => {
    const latest = new Map([["standard", ladder({ catchUp: "latest" })]]);
    const ledger = ledgerOf([
      invoice("F1", { phone: "+33 1 11 11 11 11", issueDate: "2026-08-01" }), invoice("F2", { phone: "+33 6 22 22 22 22", issueDate: "2026-09-01", dueDate: "2026-12-01" }),
      invoice("F3", { issueDate: "2026-09-15", dueDate: "2026-12-15" }),
    ]);
    const call = reminderOf(planReminders(planInput(ledger, "2026-10-21", { scenarios: latest })), "F1");
    expect(call).toMatchObject({ channel: "phone", phone: "+33 6 22 22 22 22" });
    expect(reminderOf(planReminders(planInput(ledgerOf([F1]), "2026-10-21", { scenarios: latest })), "F1")?.phone).toBeUndefined();
  });
});

describe("fees and deadline", () => {
  it("adds the step's fixed and percent fee to the message", () => {
    const scenario = ladder({ stepChanges: { "reminder-1": { fee: { fixed: "15", percent: 1.5 } } } });
    const r = reminderOf(planReminders(planInput(ledgerOf([invoice("F1", { amount: 20_000 }), invoice("F2", { amount: 10_000 })]), "2026-10-08", {
      scenarios: new Map([["standard", scenario]]),
    })), "F1");
    expect(r).toMatchObject({ amount: 30_000, fees: 1_500 + 450, interest: 0, totalClaimed: 31_950 });
  });

  it("computes a percent fee in integers, rounding half up (0.35 % of 110.00 is 0.39, not 0.38)", () => {
    expect(percentOf(11_000, 0.35)).toBe(39);
    expect(percentOf(30_000, 1.5)).toBe(450);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 10_000 }), (amount, hundredths) => {
      // hundredths of a percent written as a decimal, as YAML gives it: 35 → 0.35
      const exact = (BigInt(amount) * BigInt(hundredths) * 2n + 10_000n) / 20_000n;
      expect(percentOf(amount, hundredths / 100)).toBe(Number(exact));
    }));
  });

  it("lists the payments and credit notes applied to the message's invoices, oldest first, for the letter", () => {
    const cn = invoice("AV1", { type: "credit_note", amount: -5_000, issueDate: "2026-10-03", dueDate: "2026-10-03" });
    const ledger = ledgerOf([item(F1, 100_000 - 30_000 - 5_000), item(cn, 0), item(invoice("F9", { customer: "C9" }), 90_000)], {
      payments: [payment("P2", "2026-10-05", 30_000), payment("P9", "2026-10-02", 10_000, { customer: "C9" })],
      allocations: [allocation("P2", "F1", 30_000), allocation("AV1", "F1", 5_000), allocation("P9", "F9", 10_000)],
    });
    const r = reminderOf(planReminders(planInput(ledger, "2026-10-08")), "F1");
    expect(r?.receipts).toEqual([
      { kind: "credit_note", reference: "AV1", date: "2026-10-03", invoice: "F1", amount: 5_000 },
      { kind: "payment", reference: "P2", date: "2026-10-05", invoice: "F1", amount: 30_000 },
    ]);
    expect(reminderOf(planReminders(planInput(ledgerOf([F1]), "2026-10-08")), "F1")).not.toHaveProperty("receipts");
  });

  it("asks no step fee of a consumer (no recovery costs without an enforceable title)", () => {
    const scenario = ladder({ stepChanges: { "reminder-1": { fee: { fixed: "15", percent: 1.5 } } } });
    const r = reminderOf(planReminders(planInput(ledgerOf([invoice("F1", { amount: 20_000, customerType: "particulier" })]), "2026-10-08", {
      scenarios: new Map([["standard", scenario]]),
    })), "F1");
    expect(r).toMatchObject({ customerType: "b2c", amount: 20_000, fees: 0, totalClaimed: 20_000 });
  });

  it.each(["consommateur", "Verbraucher", "Particuliers", "Personne physique", "PART", "privé"])("reads customer_type %s as a consumer", (customerType) => {
    const r = reminderOf(planReminders(planInput(ledgerOf([invoice("F1", { customerType: customerType.toLowerCase() })]), "2026-10-08")), "F1");
    expect(r).toMatchObject({ customerType: "b2c", fees: 0 });
  });

  it("says which customer_type values it did not understand, and reads them as a business", () => {
    const plan = planReminders(planInput(ledgerOf([invoice("F1", { customerType: "xyz" }), invoice("F2", { customerType: "professionnel" })]), "2026-10-08"));
    expect(reminderOf(plan, "F1")).toMatchObject({ customerType: "b2b" });
    expect(plan.warnings.filter((w) => w.startsWith("customer_type"))).toEqual([
      'customer_type: "xyz" (C1) is neither a business nor a consumer value, read as a business (business interest, the fixed indemnity, the business limitation period) — write b2c or particulier for a consumer, b2b for a business',
    ]);
  });

  it("gives a payment deadline to the formal notice only", () => {
    const latest = new Map([["standard", ladder({ catchUp: "latest" })]]);
    const notice = reminderOf(planReminders(planInput(ledgerOf([F1]), "2026-11-02", { scenarios: latest })), "F1");
    expect(notice?.step.id).toBe("formal-notice");
    // 8 days from its receipt: the notice goes by post, presented 3 days after its date at the earliest.
    expect(notice?.channel).toBe("letter");
    expect(notice?.deadline).toBe("2026-11-13");
    const reminder = reminderOf(planReminders(planInput(ledgerOf([F1]), "2026-10-08")), "F1");
    expect(reminder?.deadline).toBeUndefined();
  });

  it("gives an individual 30 days under the uk profile (Pre-Action Protocol for Debt Claims), a business 8", () => {
    const latest = new Map([["standard", ladder({ catchUp: "latest" })]]);
    const uk = makeProfile({ profile: "uk" });
    const consumer = reminderOf(planReminders(planInput(ledgerOf([invoice("F1", { customerType: "b2c" })]), "2026-11-02", { scenarios: latest, profile: uk })), "F1");
    expect(consumer?.deadline).toBe("2026-12-05");
    const business = planReminders(planInput(ledgerOf([F1]), "2026-11-02", { scenarios: latest, profile: uk }));
    expect(reminderOf(business, "F1")?.deadline).toBe("2026-11-13");
    // The Protocol's forms must go with the letter: said while planning, before anything is sent.
    expect(planReminders(planInput(ledgerOf([invoice("F1", { customerType: "b2c" })]), "2026-11-02", { scenarios: latest, profile: uk })).warnings)
      .toContain("pre-action protocol: a formal notice to an individual (C1) is a Letter of Claim: the Protocol's Information Sheet and Reply Form, which dunning does not write, must be posted with it; it gives 30 days");
    expect(business.warnings.filter((w) => w.startsWith("pre-action protocol"))).toEqual([]);
  });

  it("counts a consumer's interest from an e-mailed notice's date, a posted one's from its third day", () => {
    const consumer = invoice("F1", { customerType: "b2c" });
    const frConsumer = makeProfile({ profile: "fr-b2b", rates: { "2026-H2": 215 }, legalRates: { "2026-H2": 250 } });
    const again = ladder({ catchUp: "latest", stepChanges: { "formal-notice": { minDaysBetween: 0 } } });
    const scenarios = new Map([["standard", { ...again, steps: [...again.steps, { id: "final", offset: 45, channel: "letter" as const, template: "formal-notice" }] }]]);
    const from = (channel: "email" | "letter") => reminderOf(planReminders(planInput(ledgerOf([consumer]), "2026-11-22", {
      profile: frConsumer, scenarios, history: [done("F1", "formal-notice", "2026-10-31", channel)],
    })), "F1")?.interestPeriods[0]?.from;
    expect(from("letter")).toBe("2026-11-04");
    expect(from("email")).toBe("2026-11-01");
  });
});

describe("scenario rules: ids, segment, first match wins", () => {
  const seg = (segment: Segment): CustomerSegment => ({ segment, paidInvoices: 5, avgDaysLate: 0, shareLate: 0, maxDaysOverdue: 0 });
  const segments = new Map([["C1", seg("good_payer")], ["C2", seg("late_payer")]]);

  it.each<[string, ScenarioRule[], string, string]>([
    ["no rule: the default", [], "C1", "standard"],
    ["a rule naming the customer", [{ scenario: "gentle", ids: ["C1"] }], "C1", "gentle"],
    ["a rule naming others", [{ scenario: "gentle", ids: ["C2", "C3"] }], "C1", "standard"],
    ["a rule on the customer's segment", [{ scenario: "gentle", segment: "good_payer" }], "C1", "gentle"],
    ["a rule on another segment", [{ scenario: "gentle", segment: "good_payer" }], "C2", "standard"],
    ["a customer without a segment", [{ scenario: "gentle", segment: "new" }], "C9", "standard"],
    ["the first match wins (segment before ids)", [{ scenario: "gentle", segment: "good_payer" }, { scenario: "strict", ids: ["C1"] }], "C1", "gentle"],
    ["the first match wins (ids before segment)", [{ scenario: "strict", ids: ["C1"] }, { scenario: "gentle", segment: "good_payer" }], "C1", "strict"],
  ])("%s", (_name, rules, customer, expected) => {
    expect(scenarioFor(customer, { rules, defaultScenario: "standard", segments })).toBe(expected);
  });

  it("the planner follows the chosen scenario's ladder", () => {
    const gentle: Scenario = { id: "gentle", minDaysBetween: 10, catchUp: "latest", steps: [{ id: "nudge", offset: 10, channel: "email", template: "reminder-1" }] };
    const input = planInput(ledgerOf([F1, invoice("G1", { customer: "C2" })]), "2026-10-11", {
      scenarios: new Map([["standard", STANDARD], ["gentle", gentle]]), rules: [{ scenario: "gentle", segment: "good_payer" }], segments,
    });
    const plan = planReminders(input);
    expect(plan.reminders.map((r) => [r.customer, r.scenario, r.step.id])).toEqual([["C1", "gentle", "nudge"], ["C2", "standard", "reminder-1"]]);
  });
});

describe("what the journal says, through the planner", () => {
  const intent = (key: string, date: string): JournalEntry => ({ type: "intent", key, date, step: "reminder-1", channel: "email", customer: "C1", invoices: ["F1"] });

  it.each<[string, JournalEntry[], string]>([
    ["intent then sent: done, next step not due yet", [intent("m1", "2026-10-08"), { type: "sent", key: "m1", date: "2026-10-08" }], "skip:already_sent"],
    ["intent alone: the send may or may not have happened", [intent("m1", "2026-10-08")], "skip:uncertain_delivery"],
    ["permanent failure", [intent("m1", "2026-10-08"), { type: "failed", key: "m1", date: "2026-10-08", permanent: true }], "skip:delivery_failed"],
    ["transient failure: planned again", [intent("m1", "2026-10-08"), { type: "failed", key: "m1", date: "2026-10-08", permanent: false }], "reminder-1"],
    ["uncertain resolved as sent", [intent("m1", "2026-10-08"), { type: "resolved", key: "m1", date: "2026-10-09", outcome: "sent" }], "skip:already_sent"],
    ["uncertain resolved as not sent: planned again", [intent("m1", "2026-10-08"), { type: "resolved", key: "m1", date: "2026-10-09", outcome: "not_sent" }], "reminder-1"],
  ])("%s", (_name, journal, expected) => {
    expect(one("2026-10-12", historyFromJournal(journal))).toBe(expected);
  });
});

describe("the explanation of an invoice", () => {
  it("walks through the rules down to the decision", () => {
    const plan = planReminders(planInput(ledgerOf([F1]), "2026-10-08"));
    expect(plan.explanations.get("F1")).toEqual([
      "F1 (C1 Client One): 1000.00 EUR open of 1000.00",
      "due 2026-10-01; as of 2026-10-08 it is 7 days past due",
      'scenario "standard": courtesy@-5, reminder-1@7, reminder-2@15, call@20, formal-notice@30 (catch_up next, min 7 days between)',
      "courtesy (before the due date) skipped: the due date has passed",
      "→ reminder-1 is due (offset 7 reached on 2026-10-08)",
    ]);
  });

  it("is there for every open invoice, and the same when asked twice or iterated", () => {
    const plan = planReminders(planInput(ledgerOf([F1, invoice("F2", { amount: 5_000 }), item(invoice("F3"), 0)]), "2026-10-08", {
      scenarios: new Map([["standard", ladder({ stepChanges: { "reminder-1": { minAmount: "2000" } } })]]),
    }));
    expect([...plan.explanations.keys()]).toEqual(["F1", "F2"]);
    expect(plan.explanations.size).toBe(2);
    expect(plan.explanations.get("F2")).toEqual(plan.explanations.get("F2"));
    expect(new Map(plan.explanations).get("F1")).toEqual(plan.explanations.get("F1"));
    expect(plan.explanations.get("F1")?.at(-1)).toBe("→ but nothing today: below_minimum (reminder-1 needs at least 2000 EUR; the message would total 1050.00)");
    expect(plan.explanations.get("F3")).toBeUndefined();
  });

  it("ends with the skip reason", () => {
    const plan = planReminders(planInput(ledgerOf([F1]), "2026-10-08", { holds: [hold({ invoice: "F1" }, "dispute")] }));
    expect(plan.explanations.get("F1")?.at(-1)).toBe("→ nothing today: held, dispute (holds.csv:2)");
  });
});

describe("late charges in the message", () => {
  const fr = makeProfile({ profile: "fr-b2b", rates: { "2026-H2": 215 } });

  it("adds interest and the 40 EUR indemnity of each late invoice to a business customer's message", () => {
    // 1 000 EUR × 12.15 % × 30 / 365 = 9.986… → 9.99; 40 EUR per late invoice.
    const r = reminderOf(planReminders(planInput(ledgerOf([F1]), "2026-10-31", { profile: fr, scenarios: new Map([["standard", ladder({ catchUp: "latest" })]]) })), "F1");
    expect(r).toMatchObject({ interest: 999, fees: 4_000, totalClaimed: 100_000 + 4_000 + 999, customerType: "b2b" });
    expect(r?.interestPeriods).toEqual([{ invoice: "F1", from: "2026-10-02", to: "2026-10-31", days: 30, rate: "12.15", base: 100_000, interest: 999 }]);
  });

  it("charges nothing on invoices not yet late (courtesy)", () => {
    const r = reminderOf(planReminders(planInput(ledgerOf([F1]), "2026-09-28", { profile: fr })), "F1");
    expect(r).toMatchObject({ step: { id: "courtesy" }, interest: 0, fees: 0 });
  });

  it("warns once when a half-year has no reference rate", () => {
    const plan = planReminders(planInput(ledgerOf([F1, invoice("F2")]), "2026-10-08", { profile: makeProfile({ profile: "fr-b2b" }) }));
    expect(plan.warnings).toEqual(["late_payment: no reference rate for 2026-H2; the last known rate was used — add it under late_payment.rates in dunning.yaml"]);
    expect(reminderOf(plan, "F1")?.interest).toBeGreaterThan(0);
  });

  it("says that a half-year before the table took a later rate, not the last known one", () => {
    const old = invoice("F1", { dueDate: "2019-10-01" });
    const plan = planReminders(planInput(ledgerOf([old]), "2020-01-10", { profile: makeProfile({ profile: "fr-b2b" }) }));
    expect(plan.warnings).toEqual(["late_payment: no reference rate for 2019-H2; the earliest known rate, 2020-H1's, was used (a later one) — add it under late_payment.rates in dunning.yaml"]);
  });

  it("charges a consumer no interest before a formal notice, then the legal rate from its receipt", () => {
    const consumer = invoice("F1", { customerType: "particulier" });
    const frConsumer = makeProfile({ profile: "fr-b2b", rates: { "2026-H2": 215 }, legalRates: { "2026-H2": 250 } });
    const latest = new Map([["standard", ladder({ catchUp: "latest" })]]);
    const before = reminderOf(planReminders(planInput(ledgerOf([consumer]), "2026-10-31", { profile: frConsumer, scenarios: latest })), "F1");
    expect(before).toMatchObject({ step: { id: "formal-notice" }, interest: 0, fees: 0 });
    // A later reminder after the notice of 31 October, received 3 November at the earliest:
    // 1 000 EUR × 2.50 % × 19 / 365 = 1.301… → 1.30.
    const history = [done("F1", "formal-notice", "2026-10-31", "letter")];
    const again = ladder({ catchUp: "latest", stepChanges: { "formal-notice": { minDaysBetween: 0 } } });
    const plan = planReminders(planInput(ledgerOf([consumer]), "2026-11-22", { profile: frConsumer, history, scenarios: new Map([["standard", {
      ...again, steps: [...again.steps, { id: "final", offset: 45, channel: "letter" as const, template: "formal-notice" }],
    }]]) }));
    const r = reminderOf(plan, "F1");
    expect(r).toMatchObject({ step: { id: "final" }, interest: 130, fees: 0, customerType: "b2c" });
    expect(r?.interestPeriods).toEqual([{ invoice: "F1", from: "2026-11-04", to: "2026-11-22", days: 19, rate: "2.50", base: 100_000, interest: 130 }]);
    expect(plan.warnings).toEqual([]);
  });

  it("charges a German consumer 5 points over the Basiszinssatz from a formal notice's receipt (BGB §288(1)); a UK one nothing", () => {
    const consumer = invoice("F1", { customerType: "b2c" });
    const history = [done("F1", "formal-notice", "2026-10-31", "letter")];
    const again = ladder({ catchUp: "latest", stepChanges: { "formal-notice": { minDaysBetween: 0 } } });
    const scenarios = new Map([["standard", { ...again, steps: [...again.steps, { id: "final", offset: 45, channel: "letter" as const, template: "formal-notice" }] }]]);
    const plan = planReminders(planInput(ledgerOf([consumer]), "2026-11-22", { profile: makeProfile({ profile: "de", rates: { "2026-H2": 127 } }), history, scenarios }));
    // 1 000 EUR × (1.27 + 5) % × 19 / 365 = 3.263… → 3.26; no 40 EUR Pauschale (§288(5) is for businesses).
    expect(reminderOf(plan, "F1")).toMatchObject({ interest: 326, fees: 0 });
    expect(reminderOf(plan, "F1")?.interestPeriods).toEqual([{ invoice: "F1", from: "2026-11-04", to: "2026-11-22", days: 19, rate: "6.27", base: 100_000, interest: 326 }]);
    const missing = planReminders(planInput(ledgerOf([consumer]), "2026-11-22", { profile: makeProfile({ profile: "de" }), history, scenarios }));
    expect(missing.warnings).toEqual(["late_payment: no reference rate for 2026-H2; the last known rate was used — add it under late_payment.rates in dunning.yaml"]);
    const uk = planReminders(planInput(ledgerOf([consumer]), "2026-11-22", { profile: makeProfile({ profile: "uk", rates: { "2026-H2": 400 } }), history, scenarios }));
    expect(reminderOf(uk, "F1")).toMatchObject({ interest: 0, fees: 0 });
  });

  it("says when an invoice it reminds may have been paid by a payment the lettrage only suggests (low confidence, no hold)", () => {
    const review = [{
      kind: "suggestion" as const, payment: "P-9", customer: "", amount: 100_000, currency: "EUR", rule: "R5", confidence: "low" as const,
      reason: "CUSTOMER_UNKNOWN", evidence: "unique amount", candidates: [{ invoices: ["F1"], amounts: [100_000] }], held: [],
    }];
    const plan = planReminders(planInput(ledgerOf([invoice("F1")], { review }), "2026-10-08"));
    expect(reminderOf(plan, "F1")).toMatchObject({ step: { id: "reminder-1" } });
    expect(plan.warnings).toContain("F1 (C1) is reminded though payment P-9 of 1000.00 EUR may have paid it (a low-confidence suggestion, not applied: CUSTOMER_UNKNOWN) — look at it with dunning match --review, and record the decision");
    expect(plan.explanations.get("F1")).toContain("payment P-9 of 1000.00 EUR may have paid it (a low-confidence suggestion, not applied: CUSTOMER_UNKNOWN)");
  });

  it("charges a German business from default: a reminder received after the due date, else 30 days after it (BGB §286(1), (3))", () => {
    const de = makeProfile({ profile: "de", rates: { "2026-H2": 127 } });
    // The first reminder goes out today, 7 days after the due date: no default yet, nothing charged.
    expect(reminderOf(planReminders(planInput(ledgerOf([invoice("F1")]), "2026-10-08", { profile: de })), "F1")).toMatchObject({ step: { id: "reminder-1" }, interest: 0, fees: 0 });
    // Once it was received (an e-mail, that day), default ran from then: 9–16 October at 1.27 + 9 points, and the 40 EUR.
    const reminded = planReminders(planInput(ledgerOf([invoice("F1")]), "2026-10-16", { profile: de, history: [done("F1", "reminder-1", "2026-10-08")] }));
    expect(reminderOf(reminded, "F1")).toMatchObject({ step: { id: "reminder-2" }, interest: Math.round((100_000 * 1027 * 8) / 3_650_000), fees: 4000 });
    // A call listed is no reminder: the journal does not say anyone heard it.
    const byPhone = new Map([["standard", ladder({ stepChanges: { "reminder-1": { channel: "phone" } } })]]);
    const called = planReminders(planInput(ledgerOf([invoice("F1")]), "2026-10-16", { profile: de, scenarios: byPhone, history: [done("F1", "reminder-1", "2026-10-08", "phone")] }));
    expect(reminderOf(called, "F1")).toMatchObject({ step: { id: "reminder-2" }, interest: 0, fees: 0 });
    // Without a reminder sent, 30 days after the due date: interest from 1 November.
    const silent = ladder({ stepChanges: { "reminder-1": { offset: 40 } } });
    const late = planReminders(planInput(ledgerOf([invoice("F1")]), "2026-11-10", { profile: de, scenarios: new Map([["standard", silent]]) }));
    expect(reminderOf(late, "F1")?.interestPeriods?.map((p) => [p.from, p.to])).toEqual([["2026-11-01", "2026-11-10"]]);
    // Elsewhere, from the day after the due date, reminded or not.
    const fr = planReminders(planInput(ledgerOf([invoice("F1")]), "2026-10-08", { profile: makeProfile({ profile: "fr-b2b", rates: { "2026-H2": 215 } }) }));
    expect(reminderOf(fr, "F1")?.interestPeriods?.map((p) => [p.from, p.to])).toEqual([["2026-10-02", "2026-10-08"]]);
  });

  it("says which table lacks a rate: the legal one, for a consumer", () => {
    const consumer = invoice("F1", { customerType: "b2c" });
    const history = [done("F1", "formal-notice", "2026-10-31", "letter")];
    const scenario = { ...STANDARD, steps: [...STANDARD.steps, { id: "final", offset: 45, channel: "letter" as const, template: "formal-notice" }] };
    const plan = planReminders(planInput(ledgerOf([consumer]), "2026-11-22", { profile: fr, history, scenarios: new Map([["standard", scenario]]) }));
    expect(plan.warnings).toEqual(["late_payment: no legal interest rate for 2026-H2; the last known rate was used — add it under late_payment.legal_rates in dunning.yaml"]);
    expect(reminderOf(plan, "F1")?.interest).toBeGreaterThan(0);
  });

  it("keeps the journal untouched: planning twice gives the same plan", () => {
    const input = planInput(ledgerOf([F1]), "2026-10-08", { profile: fr, history: [done("F1", "courtesy", "2026-09-26")] });
    const before = JSON.stringify(input.history);
    const a = planReminders(input);
    const b = planReminders(input);
    expect(JSON.stringify(input.history)).toBe(before);
    expect(b.reminders).toEqual(a.reminders);
  });
});

describe("limitation periods", () => {
  const fr = makeProfile({ profile: "fr-b2b", rates: { "2021-H1": 0, "2021-H2": 0, "2022-H1": 0, "2022-H2": 0 } });
  const OLD = invoice("F0", { issueDate: "2021-03-01", dueDate: "2021-03-31" });
  const input = (asOf: string, invoices: Invoice[], profile = fr): PlanInput =>
    planInput(ledgerOf(invoices), asOf, { profile, scenarios: new Map([["standard", ladder({ catchUp: "latest" })]]) });

  it("never duns an invoice past its period, and says why (here and in --explain)", () => {
    const plan = planReminders(input("2026-11-22", [OLD, F1]));
    expect(reminderOf(plan, "F0")).toBeUndefined();
    expect(plan.skipped.find((x) => x.invoice === "F0")).toEqual({
      invoice: "F0", customer: "C1", reason: "time_barred",
      detail: "issued 2021-03-01, it could be claimed until 2026-03-01: 5 years (art. L110-4 Code de commerce)",
    });
    expect(reminderOf(plan, "F1")).toBeDefined();
    // Nor is it recalled among the customer's other open invoices, as if it could still be claimed.
    expect(reminderOf(plan, "F1")?.otherOpen.map((l) => l.invoice)).toEqual([]);
    const notYetDue = invoice("F8", { issueDate: "2026-11-15", dueDate: "2026-12-15" });
    expect(reminderOf(planReminders(input("2026-11-22", [OLD, F1, notYetDue])), "F1")?.otherOpen.map((l) => l.invoice)).toEqual(["F8"]);
    expect(plan.explanations.get("F0")?.at(-1)).toBe("→ nothing today: time_barred (issued 2021-03-01, it could be claimed until 2026-03-01: 5 years (art. L110-4 Code de commerce))");
  });

  it("catch_up latest: a time-barred invoice, not claimed, does not lift a small debt to a step of higher min_amount", () => {
    const scenarios = new Map([["standard", ladder({ catchUp: "latest", stepChanges: { "formal-notice": { minAmount: "1000" } } })]]);
    const old = invoice("F0", { issueDate: "2021-03-01", dueDate: "2021-03-31", amount: 500_000 });
    const plan = planReminders(planInput(ledgerOf([old, invoice("F1", { amount: 60_000 })]), "2026-11-15", { profile: fr, scenarios }));
    expect(plan.reminders.map((r) => [r.step.id, r.lines.map((l) => l.invoice).join(" ")])).toEqual([["call", "F1"]]);
  });

  it("gives a later message the date of the first formal notice done for its invoices", () => {
    const history = [done("F1", "reminder-1", "2026-10-01"), done("F1", "formal-notice", "2026-10-20", "letter")];
    const again = ladder({ catchUp: "latest", stepChanges: { "formal-notice": { minDaysBetween: 0 } } });
    const scenarios = new Map([["standard", { ...again, steps: [...again.steps, { id: "final", offset: 45, channel: "letter" as const, template: "reminder-2" }] }]]);
    expect(reminderOf(planReminders(planInput(ledgerOf([F1]), "2026-11-22", { history, scenarios })), "F1")?.noticeDate).toBe("2026-10-20");
    const before = reminderOf(planReminders(planInput(ledgerOf([F1]), "2026-10-08", { scenarios })), "F1");
    expect(before).toBeDefined();
    expect(before?.noticeDate).toBeUndefined();
  });

  it("says so when the issue date it counts from was worked out, not given by the export", () => {
    const plan = planReminders(input("2026-11-22", [{ ...OLD, issueGuessed: true }]));
    expect(plan.skipped.find((x) => x.invoice === "F0")?.detail).toBe(
      "issue date not in the export, taken as 2021-03-01, it could be claimed until 2026-03-01: 5 years (art. L110-4 Code de commerce)");
  });

  it("warns, once for all, of the invoices whose period ends within 90 days; a consumer's is 2 years", () => {
    const consumer = invoice("F9", { customer: "C9", issueDate: "2024-12-01", dueDate: "2024-12-31", customerType: "b2c" });
    const plan = planReminders(input("2026-11-22", [invoice("F5", { issueDate: "2021-12-20", dueDate: "2022-01-19" }), consumer]));
    expect(plan.warnings.filter((w) => w.startsWith("limitation:"))).toEqual([
      "limitation: 2 open invoices reach the end of their limitation period within 90 days (held ones too): F5 (last day 2026-12-20), F9 (last day 2026-12-01) — a reminder or a formal notice does not stop it; a court claim or the customer's written acknowledgement of the debt does",
    ]);
    expect(reminderOf(plan, "F5")).toBeDefined();
  });

  it("leaves every invoice to the scenario under a profile that states no period", () => {
    const plan = planReminders(input("2026-11-22", [OLD], makeProfile({ profile: "none" })));
    expect(plan.skipped.some((x) => x.reason === "time_barred")).toBe(false);
    expect(plan.warnings).toEqual([]);
  });
});

describe("a due date on the planning day", () => {
  it("counts 0 days late and claims nothing", () => {
    const r = reminderOf(planReminders(planInput(ledgerOf([F1]), DUE, { profile: makeProfile({ profile: "fr-b2b", rates: { "2026-H2": 215 } }) })), "F1");
    expect(r?.lines[0]).toMatchObject({ daysLate: 0, interest: 0, indemnity: 0 });
  });
});
