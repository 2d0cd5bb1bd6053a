// Carrying out a plan when the journal stops taking lines (a full disk, a file made read-only):
// the run stops at once, as it could record nothing more, and says whether the message in hand
// went out. End to end (test/e2e/send-failures.test.ts) a file-size limit cuts an intent short;
// which line the disk refuses cannot be chosen there, so the journal here refuses its n-th line
// the way the real one does — a lost `sent` line among them, after the server took the message.

import { describe, expect, it } from "vitest";
import type { Reminder } from "../../src/core/reminder.js";
import { sendPlan, type SendDeps } from "../../src/commands/send.js";
import { JournalWriteError } from "../../src/errors.js";
import type { JournalLine, JournalWriter } from "../../src/io/journal-write.js";
import type { Mailer, OutgoingMail } from "../../src/io/mailer.js";
import { fixtureReminder } from "../helpers/reminder-fixtures.js";

/** A journal that takes `room` lines, then fails every append with ENOSPC. */
function fillingJournal(room: number): JournalWriter & { lines: JournalLine[] } {
  const lines: JournalLine[] = [];
  return {
    lines,
    append(line) {
      if (lines.length >= room) {
        const err = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
        return Promise.reject(new JournalWriteError(".dunning/journal.jsonl", line.type, err));
      }
      lines.push(line);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

function deps(journal: JournalWriter, delivered: OutgoingMail[]): SendDeps {
  const mailer: Mailer = {
    send: (mail) => {
      delivered.push(mail);
      return Promise.resolve({ kind: "sent", response: "250 OK" });
    },
    close: () => undefined,
  };
  return {
    run: "2026-11-22-test", asOf: "2026-11-22", now: () => "2026-11-22T08:00:00.000Z",
    mailer, journal, outbox: "/nonexistent", domain: "atelier.example", maxPerRun: 100, pauseMs: 0,
    interrupted: () => false, progress: () => undefined, hasPostalAddress: () => true,
    renderer: {
      email: () => Promise.resolve({ subject: "Reminder", text: "text", html: "<p>html</p>" }),
      letter: () => Promise.reject(new Error("no letter in this test")),
    },
  };
}

const three: Reminder[] = ["C1", "C2", "C3"].map((customer) => ({ ...fixtureReminder("reminder-1", "en"), customer, to: `${customer.toLowerCase()}@client.example` }));

describe("sendPlan when the journal cannot be written", () => {
  it("a lost `sent` line: the message went out, is counted, and the run stops before the next one", async () => {
    // C1: intent, sent; C2: intent taken, its `sent` line lost.
    const journal = fillingJournal(3);
    const delivered: OutgoingMail[] = [];
    const summary = await sendPlan(three, deps(journal, delivered));
    expect(delivered.map((m) => m.to)).toEqual(["c1@client.example", "c2@client.example"]);
    expect(summary.sent).toBe(2);
    expect(summary.journalLost).toMatchObject({ done: true, notTried: 1, error: expect.stringContaining("the disk is full (ENOSPC)") });
    expect(summary.journalLost?.reminder.customer).toBe("C2");
    // Its open intent is what holds C2's invoices until dunning resolve.
    expect(journal.lines.map((l) => `${l.customer} ${l.type}`)).toEqual(["C1 intent", "C1 sent", "C2 intent"]);
  });

  it("a lost `intent` line: nothing went out for that message", async () => {
    const journal = fillingJournal(2);
    const delivered: OutgoingMail[] = [];
    const summary = await sendPlan(three, deps(journal, delivered));
    expect(delivered.map((m) => m.to)).toEqual(["c1@client.example"]);
    expect(summary.sent).toBe(1);
    expect(summary.journalLost).toMatchObject({ done: false, notTried: 1 });
    expect(summary.journalLost?.reminder.customer).toBe("C2");
  });
});
