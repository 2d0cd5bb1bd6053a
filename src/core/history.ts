// What the journal says was done, reduced to one record per (invoice, step): done (sent or
// written), uncertain (an intent with no outcome: the process died mid-send) or failed for good.
// A transient failure leaves nothing, so the next run tries again. Pure.

import type { PlainDate } from "./dates.js";
import type { Invoice } from "./model.js";
import { referenceKey } from "./references.js";
import type { Channel, PreviousReminder, StepRecord } from "./reminder.js";

/** One line of the journal (state/journal.jsonl), as written by `dunning run`. */
export interface JournalEntry {
  readonly type: "intent" | "sent" | "written" | "failed" | "resolved";
  /** Identifies one message across its intent and outcome lines. */
  readonly key: string;
  readonly run?: string;
  readonly date?: PlainDate;
  readonly customer?: string;
  readonly step?: string;
  readonly channel?: Channel;
  readonly invoices?: readonly string[];
  /** intent: the invoices due at another step than `step`, in a message merged from several (their own step). */
  readonly steps?: Readonly<Record<string, string>>;
  /** failed: true when the server refused for good (5xx). */
  readonly permanent?: boolean;
  /** resolved: what the user says happened to an uncertain message. */
  readonly outcome?: "sent" | "not_sent";
}

interface Message {
  intent?: JournalEntry;
  status?: StepRecord["status"] | undefined;
  date?: PlainDate;
}

/** Each message's latest status, by key, in the order the journal first names them. */
function foldMessages(entries: readonly JournalEntry[]): Map<string, Message> {
  const messages = new Map<string, Message>();
  for (const e of entries) {
    let m = messages.get(e.key);
    if (!m) messages.set(e.key, (m = {}));
    if (e.type === "intent") {
      m.intent = e;
      m.status = "uncertain";
    } else if (e.type === "sent" || e.type === "written") {
      m.status = "done";
    } else if (e.type === "failed") {
      m.status = e.permanent ? "failed" : undefined;
    } else if (e.type === "resolved") {
      m.status = e.outcome === "sent" ? "done" : undefined;
    }
    // A resolution is dated when the user records it, days after the message went out; the
    // step's date stays that of the send, or min_days_between and letters would count from it.
    if (e.date !== undefined && e.type !== "intent" && e.type !== "resolved") m.date = e.date;
  }
  return messages;
}

/** The intents of the messages whose latest status is `status` (uncertain, failed for good), in journal order. */
export function messagesWith(entries: readonly JournalEntry[], status: StepRecord["status"]): { key: string; intent: JournalEntry }[] {
  const out: { key: string; intent: JournalEntry }[] = [];
  for (const [key, m] of foldMessages(entries)) if (m.status === status && m.intent !== undefined) out.push({ key, intent: m.intent });
  return out;
}

export interface DoneMessage {
  readonly date: PlainDate;
  readonly channel: Channel | undefined;
}

/** The messages done (sent, written, or resolved as sent), by key: when and how they went out. */
export function doneMessages(entries: readonly JournalEntry[]): Map<string, DoneMessage> {
  const done = new Map<string, DoneMessage>();
  for (const [key, m] of foldMessages(entries)) {
    if (m.status === "done") done.set(key, { date: m.date ?? m.intent?.date ?? "", channel: m.intent?.channel });
  }
  return done;
}

/** Folds the journal into per-invoice step records, oldest first. */
export function historyFromJournal(entries: readonly JournalEntry[]): StepRecord[] {
  const messages = foldMessages(entries);
  const records: StepRecord[] = [];
  for (const m of messages.values()) {
    const i = m.intent;
    if (!i || m.status === undefined || i.step === undefined || i.channel === undefined) continue;
    const date = m.date ?? i.date ?? "";
    for (const invoice of i.invoices ?? []) {
      const own = i.steps?.[invoice];
      records.push({
        invoice, step: own ?? i.step, channel: i.channel, date, status: m.status,
        ...(i.customer !== undefined ? { customer: i.customer } : {}), ...(own !== undefined ? { via: i.step } : {}),
      });
    }
  }
  return records.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Previous reminders of a set of invoices, one per step and date, oldest first. */
export function previousReminders(records: readonly StepRecord[], invoices: ReadonlySet<string>): PreviousReminder[] {
  const byKey = new Map<string, { step: string; channel: Channel; date: PlainDate; invoices: string[] }>();
  for (const r of records) {
    if (r.status !== "done" || !invoices.has(r.invoice)) continue;
    const key = `${r.date}|${r.step}|${r.channel}`;
    let p = byKey.get(key);
    if (!p) byKey.set(key, (p = { step: r.step, channel: r.channel, date: r.date, invoices: [] }));
    p.invoices.push(r.invoice);
  }
  return [...byKey.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * An invoice number as a spreadsheet may respell it: case, joiners and the zeros that lead it or
 * its digits after a prefix dropped (`000123` → `123`, `F-00123` → `F123`), as Excel does to a
 * number it takes for one.
 */
function respellingKey(number: string): string {
  return referenceKey(number).replace(/(^|[A-Z])0+(?=\d)/g, "$1");
}

/**
 * Steps the journal records under a number the exports no longer have, taken for the open invoice
 * of the same customer whose number is that one respelled (an export that dropped leading zeros):
 * without them, its steps would start again and the customer be sent the same reminder twice.
 * Only a number no invoice of the exports has, and only one such number per invoice. Moves the
 * records in `byInvoice`; returns the numbers followed.
 */
export function followRespelledNumbers(
  byInvoice: Map<string, StepRecord[]>, numbers: ReadonlySet<string>, open: readonly Invoice[],
): { from: string; to: string }[] {
  const orphans = new Map<string, string[]>();
  for (const n of byInvoice.keys()) {
    if (numbers.has(n)) continue;
    const k = respellingKey(n);
    const list = orphans.get(k);
    if (list === undefined) orphans.set(k, [n]);
    else list.push(n);
  }
  const followed: { from: string; to: string }[] = [];
  if (orphans.size === 0) return followed;
  for (const inv of open) {
    if (byInvoice.has(inv.number)) continue;
    const candidates = (orphans.get(respellingKey(inv.number)) ?? [])
      .filter((n) => (byInvoice.get(n) ?? []).every((r) => r.customer === undefined || respellingKey(r.customer) === respellingKey(inv.customer)));
    const from = candidates.length === 1 ? candidates[0] : undefined;
    if (from === undefined) continue;
    byInvoice.set(inv.number, (byInvoice.get(from) ?? []).map((r) => ({ ...r, invoice: inv.number })));
    byInvoice.delete(from);
    followed.push({ from, to: inv.number });
  }
  return followed;
}
