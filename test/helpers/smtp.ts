// A real SMTP server on 127.0.0.1 for end-to-end tests (smtp-server): records every message it
// accepts, and can refuse chosen recipients temporarily (4xx) or for good (5xx).

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
  /** Recipients whose message is received but never acknowledged (the sender waits forever). */
  readonly stall: Set<string>;
  /** How many messages are waiting for an acknowledgement. */
  stalled(): number;
  /** Acknowledges the stalled messages, as if the server had been slow. */
  release(): void;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const refuse = new Map<string, number>();
  const stall = new Set<string>();
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
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
    stall,
    stalled: () => waiting.length,
    release: () => {
      stall.clear();
      for (const ack of waiting.splice(0)) ack();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
