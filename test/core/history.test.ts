// Folding the journal into step records: an intent with its outcome is done, an intent alone is
// uncertain, a permanent failure is failed, a transient one leaves nothing, resolved settles.

import { describe, expect, it } from "vitest";
import { followRespelledNumbers, historyFromJournal, previousReminders, type JournalEntry } from "../../src/core/history.js";
import { invoice } from "../helpers/plan-fixtures.js";
import type { StepRecord } from "../../src/core/reminder.js";

const intent = (key: string, date: string, invoices: string[] = ["F1"], step = "reminder-1"): JournalEntry => ({
  type: "intent", key, run: "r1", date, customer: "C1", step, channel: "email", invoices,
});
const sent = (key: string, date: string): JournalEntry => ({ type: "sent", key, date });
const failed = (key: string, date: string, permanent: boolean): JournalEntry => ({ type: "failed", key, date, permanent });
const resolved = (key: string, date: string, outcome: "sent" | "not_sent"): JournalEntry => ({ type: "resolved", key, date, outcome });
const rec = (invoice: string, date: string, status: StepRecord["status"], step = "reminder-1"): StepRecord => ({ invoice, step, channel: "email", date, status, customer: "C1" });

describe("historyFromJournal", () => {
  it.each<[string, JournalEntry[], StepRecord[]]>([
    ["intent then sent: done", [intent("m1", "2026-10-08"), sent("m1", "2026-10-08")], [rec("F1", "2026-10-08", "done")]],
    ["intent then written (a letter): done", [intent("m1", "2026-10-08"), { type: "written", key: "m1", date: "2026-10-08" }], [rec("F1", "2026-10-08", "done")]],
    ["intent alone: uncertain", [intent("m1", "2026-10-08")], [rec("F1", "2026-10-08", "uncertain")]],
    ["permanent failure: failed", [intent("m1", "2026-10-08"), failed("m1", "2026-10-08", true)], [rec("F1", "2026-10-08", "failed")]],
    ["transient failure: nothing, so the next run tries again", [intent("m1", "2026-10-08"), failed("m1", "2026-10-08", false)], []],
    ["uncertain resolved as sent: done on the day it went out", [intent("m1", "2026-10-08"), resolved("m1", "2026-10-12", "sent")], [rec("F1", "2026-10-08", "done")]],
    ["uncertain resolved as not sent: nothing", [intent("m1", "2026-10-08"), resolved("m1", "2026-10-12", "not_sent")], []],
    ["failure resolved as not sent (address fixed): nothing", [intent("m1", "2026-10-08"), failed("m1", "2026-10-08", true), resolved("m1", "2026-10-12", "not_sent")], []],
    ["an outcome whose intent was lost: nothing", [sent("m1", "2026-10-08")], []],
    ["an intent without step or channel: nothing", [{ type: "intent", key: "m1", date: "2026-10-08", invoices: ["F1"] }, sent("m1", "2026-10-08")], []],
    ["a message with several invoices: one record each", [intent("m1", "2026-10-08", ["F1", "F2"]), sent("m1", "2026-10-08")], [rec("F1", "2026-10-08", "done"), rec("F2", "2026-10-08", "done")]],
    ["a message merged from two steps: each invoice its own", [{ ...intent("m1", "2026-10-16", ["F1", "F2"], "reminder-2"), steps: { F2: "reminder-1" } }, sent("m1", "2026-10-16")],
      [rec("F1", "2026-10-16", "done", "reminder-2"), { ...rec("F2", "2026-10-16", "done", "reminder-1"), via: "reminder-2" }]],
    ["the outcome's date wins over the intent's (a send finishing after midnight)", [intent("m1", "2026-10-08"), sent("m1", "2026-10-09")], [rec("F1", "2026-10-09", "done")]],
  ])("%s", (_name, entries, expected) => {
    expect(historyFromJournal(entries)).toEqual(expected);
  });

  it("folds interleaved messages independently, oldest first", () => {
    const entries = [
      intent("m2", "2026-10-16", ["F1"], "reminder-2"), intent("m1", "2026-10-08"), sent("m1", "2026-10-08"),
      intent("m3", "2026-10-16", ["F2"]), failed("m3", "2026-10-16", false), sent("m2", "2026-10-16"),
      intent("m4", "2026-10-20", ["F3"]),
    ];
    expect(historyFromJournal(entries)).toEqual([rec("F1", "2026-10-08", "done"), rec("F1", "2026-10-16", "done", "reminder-2"), rec("F3", "2026-10-20", "uncertain")]);
  });

  it("a retry after a transient failure is its own message", () => {
    const entries = [intent("m1", "2026-10-08"), failed("m1", "2026-10-08", false), intent("m2", "2026-10-09"), sent("m2", "2026-10-09")];
    expect(historyFromJournal(entries)).toEqual([rec("F1", "2026-10-09", "done")]);
  });
});

describe("followRespelledNumbers", () => {
  const byInvoice = (...records: StepRecord[]): Map<string, StepRecord[]> => {
    const map = new Map<string, StepRecord[]>();
    for (const r of records) map.set(r.invoice, [...(map.get(r.invoice) ?? []), r]);
    return map;
  };

  it("takes the steps of a number the exports no longer have for the open invoice it respells (leading zeros dropped)", () => {
    const records = byInvoice(rec("000123", "2026-03-03", "done"), rec("F-0042", "2026-03-03", "done"));
    const open = [invoice("123", { customer: "C1" }), invoice("F42", { customer: "C1" })];
    expect(followRespelledNumbers(records, new Set(["123", "F42"]), open)).toEqual([{ from: "000123", to: "123" }, { from: "F-0042", to: "F42" }]);
    expect(records.get("123")).toEqual([rec("123", "2026-03-03", "done")]);
    expect(records.has("000123")).toBe(false);
  });

  it("follows the codes a spreadsheet's text forms wrote, now read without them ('00123, =\"C01\")", () => {
    const records = byInvoice({ ...rec("'00123", "2026-03-03", "done"), customer: '="C01"' });
    expect(followRespelledNumbers(records, new Set(["00123"]), [invoice("00123", { customer: "C01" })])).toEqual([{ from: "'00123", to: "00123" }]);
  });

  it("leaves a number the exports still have, another customer's, and a respelling two numbers share", () => {
    const kept = byInvoice(rec("000123", "2026-03-03", "done"));
    expect(followRespelledNumbers(kept, new Set(["000123", "123"]), [invoice("123", { customer: "C1" })])).toEqual([]);
    expect(followRespelledNumbers(byInvoice(rec("000123", "2026-03-03", "done")), new Set(["123"]), [invoice("123", { customer: "C2" })])).toEqual([]);
    const two = byInvoice(rec("000123", "2026-03-03", "done"), rec("0123", "2026-03-03", "done"));
    expect(followRespelledNumbers(two, new Set(["123"]), [invoice("123", { customer: "C1" })])).toEqual([]);
  });
});

describe("previousReminders", () => {
  const records = [
    rec("F1", "2026-09-26", "done", "courtesy"), rec("F2", "2026-09-26", "done", "courtesy"), rec("F1", "2026-10-08", "done"),
    rec("F3", "2026-10-08", "done"), rec("F1", "2026-10-16", "uncertain", "reminder-2"), rec("F2", "2026-10-16", "failed", "reminder-2"),
  ];

  it("lists what was done for the message's invoices, one entry per step and date, oldest first", () => {
    expect(previousReminders([...records].reverse(), new Set(["F1", "F2"]))).toEqual([
      { step: "courtesy", channel: "email", date: "2026-09-26", invoices: ["F2", "F1"] },
      { step: "reminder-1", channel: "email", date: "2026-10-08", invoices: ["F1"] },
    ]);
  });

  it("is empty for invoices never dunned", () => {
    expect(previousReminders(records, new Set(["F9"]))).toEqual([]);
  });
});
