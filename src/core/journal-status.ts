// Messages whose fate the journal does not know: an intent with no outcome, written when the
// process died between handing a message to the mail server and recording the answer. They are
// reported on every run until `dunning resolve` records what happened. Pure.

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
