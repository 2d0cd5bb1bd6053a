// Sending one e-mail over SMTP with nodemailer, and telling a permanent refusal (5xx: recorded,
// not retried) from a transient failure (4xx, connection trouble: retried by the next run).
// Header values are flattened to one line so a CSV value can never add a header.

import nodemailer from "nodemailer";

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
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly attachments?: readonly { filename: string; content: Buffer; contentType: string }[];
}

export type SendOutcome =
  | { readonly kind: "sent"; readonly response: string }
  | { readonly kind: "failed"; readonly permanent: boolean; readonly error: string };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

/** One line, no control characters: what a header value may contain. */
export function headerSafe(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

export function isAddress(value: string): boolean {
  return ADDRESS.test(value);
}

/** The SMTP reply code of a nodemailer error, when the server gave one. */
function classify(err: unknown): SendOutcome {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const message = headerSafe(e.message ?? String(err));
  if (typeof e.responseCode === "number") return { kind: "failed", permanent: e.responseCode >= 500, error: message };
  return { kind: "failed", permanent: false, error: message };
}

export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    url: settings.url,
    ...(settings.user !== undefined ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    async send(mail) {
      if (!isAddress(mail.to)) return { kind: "failed", permanent: true, error: `"${headerSafe(mail.to)}" is not an e-mail address` };
      try {
        const info = await transport.sendMail({
          from: headerSafe(settings.from),
          to: headerSafe(mail.to),
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
        return { kind: "sent", response: headerSafe(String(info.response ?? "")) };
      } catch (err) {
        return classify(err);
      }
    },
    close() {
      transport.close();
    },
  };
}
