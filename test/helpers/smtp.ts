// A real SMTP server on 127.0.0.1 for end-to-end tests (smtp-server): records every message it
// accepts, and can refuse chosen recipients temporarily (4xx) or for good (5xx), refuse a
// message after DATA (552 too large, 554 spam), and require a login.

import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
}

export interface TestSmtp {
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Recipient → SMTP reply code to refuse it with (e.g. 450, 550). */
  readonly refuse: Map<string, number>;
  /** Recipient → reply code to refuse the message with after its content was sent (552, 554). */
  readonly refuseData: Map<string, number>;
  /** Connections opened, MAIL FROM commands let through, logins tried: how hard a client hit the server. */
  readonly counts: { connections: number; mailFrom: number; auth: number };
  /** Recipients whose message is received but never acknowledged (the sender waits forever). */
  readonly stall: Set<string>;
  /** How many messages are waiting for an acknowledgement. */
  stalled(): number;
  /** Acknowledges the stalled messages, as if the server had been slow. */
  release(): void;
  close(): Promise<void>;
}

function smtpError(message: string, code: number): Error {
  const err = new Error(message) as Error & { responseCode: number };
  err.responseCode = code;
  return err;
}

export interface SmtpOptions {
  /** Require this login (AUTH PLAIN/LOGIN over plain text, as on a local relay). */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Refuse every recipient as an open-relay guard does to a client that did not log in (Postfix). */
  readonly relayDenied?: boolean;
}

export async function startSmtp(options: SmtpOptions = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const refuse = new Map<string, number>();
  const refuseData = new Map<string, number>();
  const counts = { connections: 0, mailFrom: 0, auth: 0 };
  const stall = new Set<string>();
  const waiting: (() => void)[] = [];
  const login = options.auth;
  const server = new SMTPServer({
    authOptional: login === undefined,
    allowInsecureAuth: true,
    disabledCommands: login === undefined ? ["STARTTLS", "AUTH"] : ["STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      counts.connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      counts.auth++;
      if (login && auth.username === login.user && auth.password === login.pass) return callback(null, { user: auth.username });
      return callback(smtpError("Authentication credentials invalid", 535));
    },
    onMailFrom(_address, _session, callback) {
      counts.mailFrom++;
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (options.relayDenied) return callback(smtpError(`5.7.1 <${address.address}>: Relay access denied`, 554));
      const code = refuse.get(address.address);
      if (code === undefined) return callback();
      const err = new Error(code >= 500 ? "mailbox unavailable" : "try again later") as Error & { responseCode: number };
      err.responseCode = code;
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const envelope = session.envelope;
        const mail = {
          from: envelope.mailFrom ? envelope.mailFrom.address : "",
          to: envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        };
        const refused = mail.to.map((t) => refuseData.get(t)).find((c) => c !== undefined);
        if (refused !== undefined) return callback(smtpError(refused === 552 ? "message too large" : "message refused as spam", refused));
        if (mail.to.some((t) => stall.has(t))) {
          waiting.push(() => {
            received.push(mail);
            callback();
          });
          return;
        }
        received.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse,
    refuseData,
    counts,
    stall,
    stalled: () => waiting.length,
    release: () => {
      stall.clear();
      for (const ack of waiting.splice(0)) ack();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
