// Sending one e-mail over SMTP with nodemailer, and telling apart whose problem a failure is:
//
// - the recipient's (a RCPT TO refusal of the customer's address): 5xx permanent, 4xx transient;
// - this message's (a 5xx after DATA: too large, refused as spam): permanent for the message,
//   but the address is fine;
// - the sender's (login refused, MAIL FROM refused, TLS, connection, timeouts, a 4xx at DATA):
//   nothing to do with the customer — transient, and the run stops so as not to hammer a server
//   that refuses everything; a 4xx at DATA or a bare 5.7.0 at RCPT may concern this message
//   alone (`maybeThisOnly`), and the run tries the next one first.
//
// The customer's address may be several (an export's cell `a@x.fr; b@x.fr`): the message failed
// only if all of them were refused.
//
// A connection lost or timed out after the server asked for the message (354) and before it
// answered for it is none of these: the server may have taken the message. Retrying could send it
// twice, so the outcome is `unknown`, left to a person (`dunning resolve`) as a run that died
// while sending is.
//
// A copy (smtp.cc / smtp.bcc) refused while the customer's address was accepted is not a failure:
// the customer got the message. It is reported as a warning.
// Header values are flattened to one line so a CSV value can never add a header.

import nodemailer from "nodemailer";
import { emailRecipients } from "../core/email.js";

export interface SmtpSettings {
  /** smtp://host:port or smtps://host:port, without credentials. */
  readonly url: string;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly from: string;
  readonly replyTo?: string | undefined;
  readonly cc?: string | undefined;
  readonly bcc?: string | undefined;
  readonly timeoutMs: number;
}

export interface OutgoingMail {
  readonly to: string;
  /** Display name of the recipient (the customer's name); flattened to one line. */
  readonly toName?: string | undefined;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly attachments?: readonly { filename: string; content: Buffer; contentType: string }[];
}

/**
 * Whose problem a failure is: `recipient` (the customer's address was refused), `message` (the
 * server refused this message's content, e.g. 552 too large, 554 spam), `server` (the sender's
 * SMTP configuration or the connection: not the customer's fault, the run stops).
 */
export type FailureScope = "recipient" | "message" | "server";

export type SendOutcome =
  | { readonly kind: "sent"; readonly response: string; readonly warning?: string | undefined }
  | {
    readonly kind: "failed"; readonly permanent: boolean; readonly scope: FailureScope; readonly error: string;
    /**
     * A sender-side refusal that may concern this message alone: a 4xx after DATA (a content
     * filter's "try later"), a bare 5.7.0 at RCPT (a recipient's policy). The next message tells.
     */
    readonly maybeThisOnly?: true;
  }
  /** The server had the message when the connection was lost: it may or may not deliver it. */
  | { readonly kind: "unknown"; readonly error: string };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

/** One line, no control characters: what a header value may contain. */
export function headerSafe(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

interface SmtpError {
  readonly responseCode?: number;
  readonly code?: string;
  readonly command?: string;
  readonly message?: string;
  readonly recipient?: string;
  readonly rejected?: readonly string[];
  readonly rejectedErrors?: readonly SmtpError[];
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Removes the credentials (as typed or base64, as AUTH sends them) from a message. */
function scrub(message: string, settings: SmtpSettings): string {
  let out = headerSafe(message);
  for (const secret of [settings.password, settings.user && settings.password ? Buffer.from(`\u0000${settings.user}\u0000${settings.password}`).toString("base64") : undefined]) {
    if (secret && secret.length >= 3) out = out.split(secret).join("***");
  }
  return out;
}

/**
 * A refusal given at RCPT TO that is about the sender, not the address: a server that wants a
 * login before relaying answers there (Postfix: "554 5.7.1 Relay access denied", 530 5.7.0
 * "Authentication required"). Blaming the customer would block every reminder for good.
 */
function senderRefusedAtRcpt(code: number | undefined, message: string): "sender" | "maybe" | false {
  // The address itself is quoted in the reply ("<ap@relay-transports.fr>"): judge the rest only.
  const text = message.replace(/<[^>]*>/g, "");
  const status = /\b[245]\.(\d{1,3})\.(\d{1,3})\b/.exec(text);
  // 5.1.x (bad mailbox or domain) and 5.2.x (mailbox full) are about the address, whatever the
  // wording: Postfix says "User unknown in relay recipient table".
  if (status?.[1] === "1" || status?.[1] === "2") return false;
  if (code === 530 || /relay(ing)? (access )?(denied|not (allowed|permitted))|authentication (is )?required|must (first )?authenticate/i.test(text)) return "sender";
  // A bare 5.7.0 is "authentication required" on some servers, a recipient's own policy on others.
  return status?.[1] === "7" && status[2] === "0" ? "maybe" : false;
}

/** The server's reply to one recipient, among those nodemailer collected. */
function errorFor(errors: readonly SmtpError[] | undefined, address: string): SmtpError | undefined {
  return errors?.find((r) => r.recipient !== undefined && same(r.recipient, address));
}

/** The customer's address refused at RCPT TO: theirs for good on a 5xx, unless it is about us. */
function refusal(code: number | undefined, error: string): SendOutcome {
  const sender = senderRefusedAtRcpt(code, error);
  if (sender === "sender") return { kind: "failed", permanent: false, scope: "server", error };
  if (sender === "maybe") return { kind: "failed", permanent: false, scope: "server", error, maybeThisOnly: true };
  return { kind: "failed", permanent: code !== undefined && code >= 500, scope: "recipient", error };
}

/** Connection-level failures: no reply came, so nothing was said about the message. */
const CONNECTION_LOST = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET"]);

/**
 * What a failed sendMail means, from the SMTP stage it failed at and the reply code.
 * `contentSent`: the server had asked for the message (354) before the failure.
 */
export function classify(err: unknown, to: string, settings: SmtpSettings, contentSent = false): SendOutcome {
  const e = (err ?? {}) as SmtpError;
  const error = scrub(e.message ?? String(err), settings);
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  if (contentSent && code === undefined && CONNECTION_LOST.has(e.code ?? "")) return { kind: "unknown", error };
  if (e.command === "RCPT TO") {
    // Every recipient was refused (else nodemailer would have sent): the customer's own reply
    // (its first address's) decides, the last reply otherwise.
    const mine = errorFor(e.rejectedErrors, emailRecipients(to).valid[0] ?? to);
    return refusal(typeof mine?.responseCode === "number" ? mine.responseCode : code, mine?.message ? scrub(mine.message, settings) : error);
  }
  if (e.command === "DATA" && code !== undefined && code >= 500) {
    // The envelope was accepted, the message itself was refused (size, content, spam filter).
    return { kind: "failed", permanent: true, scope: "message", error };
  }
  if (e.code === "EMESSAGE" && e.command === "MAIL FROM" && code === undefined) {
    // nodemailer's own check against the server's SIZE limit: this message is too large.
    return { kind: "failed", permanent: true, scope: "message", error };
  }
  // Login (EAUTH), MAIL FROM refused (530 authentication required, 550 sender refused), TLS,
  // connection refused or lost, timeouts, a 4xx at DATA: the sender's side. Retried next run.
  // A 4xx after DATA came once the envelope was taken: it may be about this message alone.
  if (e.command === "DATA" && code !== undefined && code >= 400) return { kind: "failed", permanent: false, scope: "server", error, maybeThisOnly: true };
  return { kind: "failed", permanent: false, scope: "server", error };
}

/** A message the server took: failed all the same when the customer's address was refused. */
export function classifyAccepted(
  info: { response?: unknown; rejected?: readonly unknown[]; rejectedErrors?: readonly SmtpError[] },
  to: string,
  settings: SmtpSettings,
): SendOutcome {
  const rejected = (info.rejected ?? []).map((r) => (typeof r === "string" ? r : String((r as { address?: string }).address ?? r)));
  // `to` may list several addresses of the customer's: the message failed only if none took it.
  const customer = emailRecipients(to).valid;
  const refused = customer.filter((c) => rejected.some((r) => same(r, c)));
  if (refused.length > 0 && refused.length === customer.length) {
    const first = refused[0] as string;
    const mine = errorFor(info.rejectedErrors, first);
    return refusal(typeof mine?.responseCode === "number" ? mine.responseCode : undefined, scrub(mine?.message ?? `the server refused ${first}`, settings));
  }
  const response = headerSafe(String(info.response ?? ""));
  if (rejected.length === 0) return { kind: "sent", response };
  const copies = rejected.map((r) => {
    const why = errorFor(info.rejectedErrors, r)?.message;
    return why ? `${r} (${scrub(why, settings)})` : r;
  });
  return { kind: "sent", response, warning: `the copy to ${copies.join(", ")}${refused.length > 0 ? "" : " (smtp.cc/smtp.bcc)"} was refused; the customer's copy went out${refused.length > 0 ? ` to ${customer.filter((c) => !refused.includes(c)).join(", ")}` : ""}` };
}

export function createSmtpMailer(settings: SmtpSettings): Mailer {
  // Messages go one at a time: a flag set when the server answers 354 to DATA tells, for the
  // message being sent, whether its content was handed over. nodemailer reports the server's
  // replies (not the message) to a logger when transactionLog is on.
  let contentSent = false;
  const quiet = (): void => undefined;
  const logger = {
    trace: quiet, info: quiet, warn: quiet, error: quiet, fatal: quiet,
    debug: (entry: { tnx?: string } | undefined, message?: unknown): void => {
      if (entry?.tnx === "server" && typeof message === "string" && /^354[ -]/.test(message)) contentSent = true;
    },
  };
  const transport = nodemailer.createTransport({
    url: settings.url,
    logger,
    transactionLog: true,
    ...(settings.user !== undefined ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    async send(mail) {
      const to = headerSafe(mail.to);
      // The plan gives only addresses; checked again here, as anything the server would refuse.
      const { valid, invalid } = emailRecipients(to);
      if (valid.length === 0 || invalid.length > 0) {
        return { kind: "failed", permanent: true, scope: "recipient", error: `"${invalid.join(", ") || to}" is not an e-mail address` };
      }
      const name = mail.toName === undefined ? "" : headerSafe(mail.toName);
      contentSent = false;
      try {
        const info = await transport.sendMail({
          from: headerSafe(settings.from),
          // An address object: nodemailer encodes the name itself, whatever it contains.
          to: valid.map((address) => (name ? { name, address } : address)),
          ...(settings.cc ? { cc: headerSafe(settings.cc) } : {}),
          ...(settings.bcc ? { bcc: headerSafe(settings.bcc) } : {}),
          ...(settings.replyTo ? { replyTo: headerSafe(settings.replyTo) } : {}),
          subject: headerSafe(mail.subject),
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: { "Auto-Submitted": "auto-generated" },
          attachments: (mail.attachments ?? []).map((a) => ({ filename: headerSafe(a.filename), content: a.content, contentType: a.contentType })),
        });
        return classifyAccepted(info as unknown as Parameters<typeof classifyAccepted>[0], to, settings);
      } catch (err) {
        return classify(err, to, settings, contentSent);
      }
    },
    close() {
      transport.close();
    },
  };
}
