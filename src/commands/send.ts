// Carrying out a plan: for each message, an intent line in the journal (fsync'ed) before the
// message leaves, then its outcome. E-mails go through the Mailer, letters into the outbox with
// their index, calls into the day's call list. A per-run maximum defers the rest to the next run.
// A failure on the sender's side (login, MAIL FROM, connection) stops the e-mails of the run:
// every other message would fail the same way, and hammering the server helps nobody (one that
// may concern that message alone lets the next one try first). The e-mails not tried are not
// journaled, so the next run plans them again; letters and calls, which do not touch the
// server, are still written, and a letter the outbox refuses fails alone. A journal that stops
// taking lines stops the run.

import { createHash, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { PlainDate } from "../core/dates.js";
import { formatMinor } from "../core/money.js";
import { invoiceSteps, type Reminder } from "../core/reminder.js";
import { JournalWriteError } from "../errors.js";
import type { JournalLine, JournalWriter } from "../io/journal-write.js";
import type { FailureScope, Mailer, SendOutcome } from "../io/mailer.js";
import { appendCall, appendLetterIndex } from "../io/outbox.js";

/** How messages become text and files; the letters module provides the real one. */
export interface MessageRenderer {
  email(reminder: Reminder): Promise<{ subject: string; text: string; html: string; pdf?: Buffer | undefined }>;
  /** Writes the printable letter into `dir`; returns the paths written. */
  letter(reminder: Reminder, dir: string): Promise<string[]>;
}

/** What every journal line of one run carries: its id, its as-of date and the clock of `at`. */
export interface RunStamp {
  readonly run: string;
  readonly asOf: PlainDate;
  readonly now: () => string;
}

/** A new run's stamp: the as-of date and eight hex digits name it; `at` is the machine's clock. */
export function newRunStamp(asOf: PlainDate): RunStamp {
  return { run: `${asOf}-${randomUUID().slice(0, 8)}`, asOf, now: () => new Date().toISOString() };
}

export interface SendDeps extends RunStamp {
  readonly mailer: Mailer | undefined;
  readonly renderer: MessageRenderer;
  readonly journal: JournalWriter;
  readonly outbox: string;
  readonly domain: string;
  readonly maxPerRun: number;
  readonly pauseMs: number;
  readonly interrupted: () => boolean;
  readonly progress: (done: number, total: number, reminder: Reminder) => void;
  /** Whether the debtor's postal address is known, for the letters' index. */
  readonly hasPostalAddress: (customer: string) => boolean;
}

export interface Failure {
  readonly reminder: Reminder;
  readonly permanent: boolean;
  /** Whose problem it was: the SMTP scopes, or `file` for a letter or call not put on disk. */
  readonly scope: FailureScope | "file";
  readonly error: string;
  /** It stopped the e-mails of the run (SendSummary.stopped says so, once for all). */
  readonly stoppedRun?: true;
}

export interface SendSummary {
  sent: number;
  written: number;
  calls: number;
  failed: Failure[];
  deferred: number;
  interrupted: boolean;
  /** Sent, but something about it needs a look (a refused archive copy). */
  warnings: { reminder: Reminder; warning: string }[];
  /** Letters written without the debtor's postal address: they cannot be posted as they are. */
  noAddress: Reminder[];
  /** Set when a sender-side failure stopped the e-mails: the error, and how many were not tried. */
  stopped: { error: string; notTried: number } | undefined;
  /**
   * The e-mail the server may have taken before the connection was lost (its intent stays open).
   * It also stopped the run, so there is at most one, and `stopped` is then about it.
   */
  uncertain: { reminder: Reminder; key: string; error: string } | undefined;
  /**
   * Set when the journal could not be written: the run stopped there, as it could record nothing
   * more. `done` tells whether the message in hand went out (sent or written) unrecorded.
   */
  journalLost: { error: string; reminder: Reminder; key: string; done: boolean; notTried: number } | undefined;
}

/** Same customer, currency, step and invoices → same key and Message-ID, across retries. */
export function messageKey(r: Reminder): string {
  const invoices = r.lines.map((l) => l.invoice).sort().join(",");
  return createHash("sha256").update(`${r.customer}\u0000${r.currency}\u0000${r.step.id}\u0000${invoices}`).digest("hex").slice(0, 20);
}

function baseLine(r: Reminder, deps: RunStamp, key: string): Omit<JournalLine, "type"> {
  const steps = invoiceSteps(r);
  return {
    v: 1, key, run: deps.run, at: deps.now(), date: deps.asOf, customer: r.customer, step: r.step.id, channel: r.channel,
    invoices: r.lines.map((l) => l.invoice), ...(steps !== undefined ? { steps } : {}),
    amount: formatMinor(r.amount, r.currency), fees: formatMinor(r.fees, r.currency), interest: formatMinor(r.interest, r.currency), currency: r.currency,
  };
}

/** A letter or call that could not be put on disk: journaled as failed, tried again by the next run. */
export class NotWritten extends Error {}

/**
 * A message that needs no server (a letter to post, a call to make): its intent, then whatever
 * `write` puts on disk, then `written` with the paths. A crash in between leaves the intent
 * open, so the message is held for `dunning resolve` rather than written twice; a write that
 * fails (disk full, a folder refused) is known not to have produced anything to post, and is
 * recorded as a failure the next run tries again.
 */
export async function recordWritten(r: Reminder, key: string, stamp: RunStamp, journal: JournalWriter, write: () => Promise<string[]>): Promise<string[]> {
  await journal.append({ ...baseLine(r, stamp, key), type: "intent" });
  let files: string[];
  try {
    files = await write();
  } catch (err) {
    const error = `not written: ${(err as Error).message}`;
    await journal.append({ ...baseLine(r, stamp, key), type: "failed", permanent: false, error });
    throw new NotWritten(error, { cause: err });
  }
  await journal.append({ ...baseLine(r, stamp, key), type: "written", files });
  return files;
}

export async function sendPlan(reminders: readonly Reminder[], deps: SendDeps): Promise<SendSummary> {
  const summary: SendSummary = {
    sent: 0, written: 0, calls: 0, failed: [], deferred: 0, interrupted: false, warnings: [], noAddress: [], stopped: undefined, uncertain: undefined,
    journalLost: undefined,
  };
  let emails = 0;
  // The last e-mail had a refusal that may be about it alone (Failure.maybeThisOnly): one more
  // of the same stops the run, a message that goes out clears it.
  const doubt = { last: false };
  for (const [i, r] of reminders.entries()) {
    if (deps.interrupted()) {
      summary.interrupted = true;
      break;
    }
    if (r.channel === "email" && summary.stopped) {
      summary.stopped.notTried++;
      continue;
    }
    if (r.channel === "email" && emails >= deps.maxPerRun) {
      summary.deferred++;
      continue;
    }
    deps.progress(i + 1, reminders.length, r);
    const key = messageKey(r);
    try {
      if (r.channel === "email") {
        if (emails > 0 && deps.pauseMs > 0) {
          await sleep(deps.pauseMs);
          // Ctrl-C during the pause stops before the next e-mail, not after it.
          if (deps.interrupted()) {
            summary.interrupted = true;
            break;
          }
        }
        emails++;
        await sendEmail(r, key, deps, summary, doubt);
      } else {
        await recordWritten(r, key, deps, deps.journal, () => (r.channel === "letter" ? writeLetter(r, deps) : writeCall(r, deps)));
        countDone(summary, r);
        if (r.channel === "letter" && !deps.hasPostalAddress(r.customer)) summary.noAddress.push(r);
      }
    } catch (err) {
      // A letter the outbox refused is that message's failure, as an address the server refuses
      // is an e-mail's: the others still go out.
      if (err instanceof NotWritten) summary.failed.push({ reminder: r, permanent: false, scope: "file", error: err.message });
      else if (err instanceof JournalWriteError) {
        const done = err.line === "sent" || err.line === "written";
        if (done) countDone(summary, r);
        summary.journalLost = { error: err.message, reminder: r, key, done, notTried: reminders.length - i - 1 };
        break;
      } else throw err;
    }
  }
  return summary;
}

/** One more message carried out, counted by its channel. */
function countDone(summary: SendSummary, r: Reminder): void {
  if (r.channel === "email") summary.sent++;
  else if (r.channel === "letter") summary.written++;
  else summary.calls++;
}

async function sendEmail(r: Reminder, key: string, deps: SendDeps, summary: SendSummary, doubt: { last: boolean }): Promise<void> {
  const messageId = `<dunning-${key}@${deps.domain}>`;
  const body = await deps.renderer.email(r);
  await deps.journal.append({ ...baseLine(r, deps, key), type: "intent", to: r.to, message_id: messageId });
  const outcome: SendOutcome = deps.mailer
    ? await deps.mailer.send({
      to: r.to, toName: r.customerName, subject: body.subject, text: body.text, html: body.html, messageId,
      ...(body.pdf && r.step.attachPdf ? { attachments: [{ filename: `${deps.asOf}_${r.customer}_${r.step.id}.pdf`, content: body.pdf, contentType: "application/pdf" }] } : {}),
    })
    : { kind: "failed", permanent: false, scope: "server", error: "no SMTP server configured (smtp.url or DUNNING_SMTP_URL)" };
  if (outcome.kind === "sent") {
    await deps.journal.append({
      ...baseLine(r, deps, key), type: "sent", to: r.to, message_id: messageId, ...(outcome.warning ? { warning: outcome.warning } : {}),
    });
    countDone(summary, r);
    doubt.last = false;
    if (outcome.warning) summary.warnings.push({ reminder: r, warning: outcome.warning });
  } else if (outcome.kind === "unknown") {
    // No outcome is written: the open intent holds the invoices, exactly as when the process dies
    // at this point, until a person records what happened (dunning resolve).
    summary.uncertain = { reminder: r, key, error: outcome.error };
    summary.stopped = { error: outcome.error, notTried: 0 };
  } else {
    // A sender-side failure is never permanent for the message: it did not reach a recipient.
    const permanent = outcome.scope !== "server" && outcome.permanent;
    await deps.journal.append({
      ...baseLine(r, deps, key), type: "failed", to: r.to, message_id: messageId, permanent, reason: outcome.scope, error: outcome.error,
    });
    // A sender-side failure stops the run, as every other message would fail the same way; but
    // one that may be about this message alone lets the next one try, or a customer whose
    // message a filter keeps deferring would hold back everyone after them, every day.
    const alone = outcome.scope === "server" && outcome.maybeThisOnly === true && !doubt.last;
    const stops = outcome.scope === "server" && !alone;
    doubt.last = alone;
    summary.failed.push({ reminder: r, permanent, scope: outcome.scope, error: outcome.error, ...(stops ? { stoppedRun: true as const } : {}) });
    if (stops) summary.stopped = { error: outcome.error, notTried: 0 };
  }
}

async function writeLetter(r: Reminder, deps: SendDeps): Promise<string[]> {
  const files = await deps.renderer.letter(r, deps.outbox);
  await appendLetterIndex(deps.outbox, [files.find((f) => f.endsWith(".pdf")) ?? files[0] ?? "", r.customer, r.customerName, r.step.id,
    r.lines.map((l) => l.invoice).join(" "), formatMinor(r.totalClaimed, r.currency), r.currency, deps.hasPostalAddress(r.customer) ? "" : "yes"]);
  return files;
}

async function writeCall(r: Reminder, deps: SendDeps): Promise<string[]> {
  const last = r.previous[r.previous.length - 1];
  await appendCall(deps.outbox, [r.customer, r.customerName, r.phone ?? "", r.to, r.lines.map((l) => l.invoice).join(" "),
    formatMinor(r.amount, r.currency), r.currency, last ? `${last.step} ${last.date}` : ""]);
  return ["calls.csv"];
}
