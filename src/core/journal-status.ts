// Messages a person must act on, reported on every run until `dunning resolve` records what
// happened: those whose fate the journal does not know (an intent with no outcome, written when
// the process died between handing a message to the mail server and recording the answer), and
// those the server refused for good (an address that does not exist), which stop their invoices'
// reminders. Pure.

import type { JournalEntry } from "./history.js";

export interface UncertainMessage {
  readonly key: string;
  readonly date: string;
  readonly customer: string;
  readonly step: string;
  readonly channel: string;
  readonly invoices: readonly string[];
}

export function uncertainMessages(entries: readonly JournalEntry[]): UncertainMessage[] {
  const open = new Map<string, JournalEntry>();
  for (const e of entries) {
    if (e.type === "intent") open.set(e.key, e);
    else open.delete(e.key);
  }
  return [...open.values()].map((e) => ({
    key: e.key, date: e.date ?? "", customer: e.customer ?? "", step: e.step ?? "", channel: e.channel ?? "", invoices: e.invoices ?? [],
  }));
}

/** Messages whose last outcome is a permanent refusal, not resolved since. */
export function refusedMessages(entries: readonly JournalEntry[]): UncertainMessage[] {
  const intents = new Map<string, JournalEntry>();
  const refused = new Set<string>();
  for (const e of entries) {
    if (e.type === "intent") intents.set(e.key, e);
    else if (e.type === "failed" && e.permanent === true) refused.add(e.key);
    else refused.delete(e.key);
  }
  return [...refused].flatMap((key) => {
    const e = intents.get(key);
    return e === undefined ? [] : [{ key, date: e.date ?? "", customer: e.customer ?? "", step: e.step ?? "", channel: e.channel ?? "", invoices: e.invoices ?? [] }];
  });
}
