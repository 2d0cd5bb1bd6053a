// Messages a person must act on, reported on every run until `dunning resolve` records what
// happened: those whose fate the journal does not know (an intent with no outcome, written when
// the process died between handing a message to the mail server and recording the answer), and
// those the server refused for good (an address that does not exist), which stop their invoices'
// reminders. Pure.

import { messagesWith, type JournalEntry } from "./history.js";

export interface UncertainMessage {
  readonly key: string;
  readonly date: string;
  readonly customer: string;
  readonly step: string;
  readonly channel: string;
  readonly invoices: readonly string[];
}

export function uncertainMessages(entries: readonly JournalEntry[]): UncertainMessage[] {
  return messagesWith(entries, "uncertain").map(messageOf);
}

/** Messages whose last outcome is a permanent refusal, not resolved since. */
export function refusedMessages(entries: readonly JournalEntry[]): UncertainMessage[] {
  return messagesWith(entries, "failed").map(messageOf);
}

function messageOf({ key, intent: e }: { key: string; intent: JournalEntry }): UncertainMessage {
  return { key, date: e.date ?? "", customer: e.customer ?? "", step: e.step ?? "", channel: e.channel ?? "", invoices: e.invoices ?? [] };
}
