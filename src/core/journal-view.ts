// The journal folded per message for people: what was sent, written, refused or left uncertain,
// when, by which channel, to whom. Pure.

import type { JournalEntry } from "./history.js";

export type MessageStatus = "sent" | "written" | "failed" | "failed_permanently" | "uncertain" | "resolved_sent" | "resolved_not_sent";

export interface MessageView {
  readonly key: string;
  readonly date: string;
  readonly customer: string;
  readonly step: string;
  readonly channel: string;
  readonly invoices: readonly string[];
  readonly to: string;
  readonly messageId: string;
  readonly status: MessageStatus;
  readonly error: string;
}

type Line = JournalEntry & { to?: string; message_id?: string; error?: string };

export function foldJournal(entries: readonly JournalEntry[]): MessageView[] {
  const byKey = new Map<string, MessageView>();
  for (const raw of entries) {
    const e = raw as Line;
    const previous = byKey.get(e.key);
    const status: MessageStatus | undefined =
      e.type === "intent" ? "uncertain"
        : e.type === "sent" ? "sent"
          : e.type === "written" ? "written"
            : e.type === "failed" ? (e.permanent ? "failed_permanently" : "failed")
              : e.outcome === "sent" ? "resolved_sent" : "resolved_not_sent";
    byKey.set(e.key, {
      key: e.key,
      date: e.type === "resolved" ? previous?.date ?? e.date ?? "" : e.date ?? previous?.date ?? "",
      customer: e.customer ?? previous?.customer ?? "",
      step: e.step ?? previous?.step ?? "",
      channel: e.channel ?? previous?.channel ?? "",
      invoices: e.invoices ?? previous?.invoices ?? [],
      to: e.to ?? previous?.to ?? "",
      messageId: e.message_id ?? previous?.messageId ?? "",
      status,
      // The error belongs to the failure it was recorded with: a new attempt (intent) or a
      // success clears it; a resolution keeps it, as the reason the message needed one.
      error: e.type === "failed" ? e.error ?? "" : e.type === "resolved" ? previous?.error ?? "" : "",
    });
  }
  return [...byKey.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
}
