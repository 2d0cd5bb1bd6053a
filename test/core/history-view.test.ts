// The journal folded per message for `dunning history` and `dunning resolve`: the last record
// decides the status, and an error belongs to the failure it came with — a retry that went out
// shows no stale error. A transient failure retried by a later run ends done in the planner too.

import { describe, expect, it } from "vitest";
import { historyFromJournal, type JournalEntry } from "../../src/core/history.js";
import { foldJournal } from "../../src/core/journal-view.js";

type Line = JournalEntry & { error?: string; to?: string };
const intent = (date: string): Line => ({ type: "intent", key: "m1", date, customer: "C1", step: "reminder-1", channel: "email", invoices: ["F1"], to: "a@b.example" });
const failed = (date: string, permanent: boolean, error: string): Line => ({ type: "failed", key: "m1", date, permanent, error });

describe("foldJournal", () => {
  it("clears the error of a transient failure once the retry is sent", () => {
    const [m] = foldJournal([intent("2026-11-02"), failed("2026-11-02", false, "connect ECONNREFUSED 127.0.0.1:25"), intent("2026-11-03"), { type: "sent", key: "m1", date: "2026-11-03" }]);
    expect(m).toMatchObject({ status: "sent", error: "", date: "2026-11-03", to: "a@b.example" });
  });

  it("clears it for a letter written after a failure, and while a retry is in flight", () => {
    expect(foldJournal([intent("2026-11-02"), failed("2026-11-02", false, "451 try later"), { type: "written", key: "m1", date: "2026-11-03" }])[0])
      .toMatchObject({ status: "written", error: "" });
    expect(foldJournal([intent("2026-11-02"), failed("2026-11-02", false, "451 try later"), intent("2026-11-03")])[0])
      .toMatchObject({ status: "uncertain", error: "" });
  });

  it("keeps the error of the failure it was recorded with, and through a resolution", () => {
    expect(foldJournal([intent("2026-11-02"), failed("2026-11-02", true, "550 mailbox unavailable")])[0])
      .toMatchObject({ status: "failed_permanently", error: "550 mailbox unavailable" });
    expect(foldJournal([intent("2026-11-02"), failed("2026-11-02", true, "550 mailbox unavailable"), { type: "resolved", key: "m1", date: "2026-11-05", outcome: "not_sent" }])[0])
      .toMatchObject({ status: "resolved_not_sent", error: "550 mailbox unavailable" });
  });

  it("a later failure replaces an earlier error", () => {
    expect(foldJournal([intent("2026-11-02"), failed("2026-11-02", false, "old"), intent("2026-11-03"), failed("2026-11-03", false, "new")])[0])
      .toMatchObject({ status: "failed", error: "new" });
  });
});

describe("historyFromJournal after a sender-side failure", () => {
  it("a transient failure (login refused) leaves nothing, and the retry of the next run is done", () => {
    const entries: JournalEntry[] = [intent("2026-11-02"), failed("2026-11-02", false, "Invalid login: 535")];
    expect(historyFromJournal(entries)).toEqual([]);
    expect(historyFromJournal([...entries, intent("2026-11-03"), { type: "sent", key: "m1", date: "2026-11-03" }]))
      .toEqual([{ invoice: "F1", step: "reminder-1", channel: "email", date: "2026-11-03", status: "done", customer: "C1" }]);
  });
});
