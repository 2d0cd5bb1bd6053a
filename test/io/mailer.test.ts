// Whose fault a failed send is, from nodemailer's error or reply: the recipient's (RCPT TO),
// this message's (5xx after DATA), or the sender's (login, MAIL FROM, connection) — and a
// refused copy (cc/bcc) when the customer's address was accepted. Credentials never show.

import { describe, expect, it } from "vitest";
import { classify, classifyAccepted, headerSafe, type SmtpSettings } from "../../src/io/mailer.js";

const settings: SmtpSettings = { url: "smtp://127.0.0.1:25", user: "compta", password: "hunter2-secret", from: "a@b.example", timeoutMs: 1000 };
const TO = "beta@client.example";

function err(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? "failed")), fields);
}

/** nodemailer's error when the only recipient, the customer, was refused at RCPT TO with `reply`. */
function rcpt(code: number, reply: string): Record<string, unknown> {
  return {
    code: "EENVELOPE", command: "RCPT TO", responseCode: code, message: `Can't send mail - all recipients were rejected: ${reply}`,
    rejected: [TO], rejectedErrors: [err({ recipient: TO, responseCode: code, message: `Recipient command failed: ${reply}` })],
  };
}

describe("classify (sendMail threw)", () => {
  it.each<[string, Record<string, unknown>, { permanent: boolean; scope: string }]>([
    ["535 wrong password", { code: "EAUTH", command: "AUTH PLAIN", responseCode: 535, message: "Invalid login: 535 Authentication credentials invalid" }, { permanent: false, scope: "server" }],
    ["530 at MAIL FROM (no login)", { code: "EENVELOPE", command: "MAIL FROM", responseCode: 530, message: "Mail command failed: 530 Error: authentication Required" }, { permanent: false, scope: "server" }],
    ["550 at MAIL FROM (sender refused)", { code: "EENVELOPE", command: "MAIL FROM", responseCode: 550, message: "Mail command failed: 550 sender refused" }, { permanent: false, scope: "server" }],
    ["connection refused", { code: "ESOCKET", command: "CONN", message: "connect ECONNREFUSED 127.0.0.1:25" }, { permanent: false, scope: "server" }],
    ["TLS", { code: "ETLS", command: "CONN", message: "Error initiating TLS" }, { permanent: false, scope: "server" }],
    ["timeout", { code: "ETIMEDOUT", command: "CONN", message: "Greeting never received" }, { permanent: false, scope: "server" }],
    ["451 at DATA (server trouble)", { code: "EMESSAGE", command: "DATA", responseCode: 451, message: "Message failed: 451 local error" }, { permanent: false, scope: "server" }],
    ["552 at DATA (too large)", { code: "EMESSAGE", command: "DATA", responseCode: 552, message: "Message failed: 552 message too large" }, { permanent: true, scope: "message" }],
    ["554 at DATA (spam)", { code: "EMESSAGE", command: "DATA", responseCode: 554, message: "Message failed: 554 refused as spam" }, { permanent: true, scope: "message" }],
    ["larger than the server's SIZE", { code: "EMESSAGE", command: "MAIL FROM", message: "Message size larger than allowed 1000" }, { permanent: true, scope: "message" }],
    ["550 on the only recipient", rcpt(550, "550 no such user"), { permanent: true, scope: "recipient" }],
    ["450 on the customer, 550 on the archive: the customer's reply decides", {
      code: "EENVELOPE", command: "RCPT TO", responseCode: 550, message: "Can't send mail - all recipients were rejected: 550",
      rejected: [TO, "archive@a.example"],
      rejectedErrors: [err({ recipient: TO, responseCode: 450, message: "Recipient command failed: 450 try later" }), err({ recipient: "archive@a.example", responseCode: 550 })],
    }, { permanent: false, scope: "recipient" }],
    ["554 5.7.1 relay access denied at RCPT (no login): the sender's fault, not the customer's", rcpt(554, "554 5.7.1 <beta@client.example>: Relay access denied"), { permanent: false, scope: "server" }],
    ["530 5.7.0 authentication required at RCPT", rcpt(530, "530 5.7.0 Authentication required"), { permanent: false, scope: "server" }],
    ["Postfix's unknown user in the relay recipient table stays the customer's", rcpt(550, "550 5.1.1 <beta@client.example>: Recipient address rejected: User unknown in relay recipient table"), { permanent: true, scope: "recipient" }],
    ["an address whose domain says relay, refused without an enhanced code, stays the customer's", rcpt(550, "550 <ap@relay-transports.example>: User unknown"), { permanent: true, scope: "recipient" }],
    ["550 5.1.1 user unknown stays the customer's", rcpt(550, "550 5.1.1 <beta@client.example>: user unknown"), { permanent: true, scope: "recipient" }],
  ])("%s", (_name, fields, expected) => {
    expect(classify(err(fields), TO, settings)).toMatchObject({ kind: "failed", ...expected });
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ["451 at DATA (a filter deferring this content)", { code: "EMESSAGE", command: "DATA", responseCode: 451, message: "Message failed: 451 try later" }, true],
    ["a bare 550 5.7.0 at RCPT (a recipient's policy, or a login wanted)", rcpt(550, "550 5.7.0 Recipient rejected: sender domain not allowed by recipient policy"), true],
    ["relay access denied at RCPT", rcpt(554, "554 5.7.1 <beta@client.example>: Relay access denied"), false],
    ["530 at RCPT", rcpt(530, "530 5.7.0 Authentication required"), false],
    ["535 wrong password", { code: "EAUTH", command: "AUTH PLAIN", responseCode: 535, message: "Invalid login: 535" }, false],
    ["connection refused", { code: "ESOCKET", command: "CONN", message: "connect ECONNREFUSED 127.0.0.1:25" }, false],
  ])("%s: a sender-side failure that may be about this message alone? %s", (_name, fields, alone) => {
    const out = classify(err(fields), TO, settings);
    expect(out).toMatchObject({ kind: "failed", scope: "server" });
    expect(out.kind === "failed" && out.maybeThisOnly === true).toBe(alone);
  });

  it.each([
    ["connection lost", { code: "ECONNECTION", command: "CONN", message: "Connection closed unexpectedly" }],
    ["timeout", { code: "ETIMEDOUT", command: "CONN", message: "Timeout" }],
    ["socket error", { code: "ESOCKET", command: "CONN", message: "read ECONNRESET" }],
  ])("%s after the server asked for the message (354): its fate is unknown", (_name, fields) => {
    expect(classify(err(fields), TO, settings, true)).toEqual({ kind: "unknown", error: fields.message });
    // Before the content was handed over the server cannot have it: a plain sender-side failure.
    expect(classify(err(fields), TO, settings, false)).toMatchObject({ kind: "failed", permanent: false, scope: "server" });
  });

  it("a reply after the content is an answer, not a lost connection", () => {
    const refused = { code: "EMESSAGE", command: "DATA", responseCode: 554, message: "Message failed: 554 refused as spam" };
    expect(classify(err(refused), TO, settings, true)).toMatchObject({ kind: "failed", permanent: true, scope: "message" });
  });

  it("never repeats the password, plain or as AUTH PLAIN sends it", () => {
    const plain = Buffer.from("\u0000compta\u0000hunter2-secret").toString("base64");
    const out = classify(err({ code: "EAUTH", message: `Invalid login for hunter2-secret (${plain})` }), TO, settings);
    expect(JSON.stringify(out)).not.toContain("hunter2-secret");
    expect(JSON.stringify(out)).not.toContain(plain);
  });
});

describe("classifyAccepted (sendMail resolved)", () => {
  it("all accepted: sent", () => {
    expect(classifyAccepted({ response: "250 OK", accepted: [TO], rejected: [] } as never, TO, settings)).toEqual({ kind: "sent", response: "250 OK" });
  });

  it("the customer refused while the bcc archive was accepted: failed for the customer", () => {
    const info = { response: "250 OK", rejected: ["Beta@Client.example"], rejectedErrors: [err({ recipient: "Beta@Client.example", responseCode: 550, message: "Recipient command failed: 550 no such user" })] };
    expect(classifyAccepted(info, TO, settings)).toEqual({ kind: "failed", permanent: true, scope: "recipient", error: "Recipient command failed: 550 no such user" });
    const soft = { rejected: [TO], rejectedErrors: [err({ recipient: TO, responseCode: 452, message: "452 mailbox full" })] };
    expect(classifyAccepted(soft, TO, settings)).toMatchObject({ kind: "failed", permanent: false, scope: "recipient" });
  });

  it("only the archive refused: sent, with a warning naming it", () => {
    const info = { response: "250 OK", rejected: ["archive@a.example"], rejectedErrors: [err({ recipient: "archive@a.example", responseCode: 550, message: "Recipient command failed: 550 no such user" })] };
    const out = classifyAccepted(info, TO, settings);
    expect(out).toMatchObject({ kind: "sent" });
    expect(out.kind === "sent" ? out.warning : "").toMatch(/archive@a\.example .*550.*refused; the customer's copy went out/);
  });
});

describe("classifyAccepted with two addresses of the customer's", () => {
  const TWO = "beta@client.example, compta@client.example";
  const refusedOne = { recipient: "compta@client.example", responseCode: 550, message: "Recipient command failed: 550 no such user" };

  it("one of them refused: sent to the other, with a warning naming the refused one", () => {
    const out = classifyAccepted({ response: "250 OK", rejected: ["compta@client.example"], rejectedErrors: [err(refusedOne)] }, TWO, settings);
    expect(out).toMatchObject({ kind: "sent" });
    expect(out.kind === "sent" ? out.warning : "").toBe("the copy to compta@client.example (Recipient command failed: 550 no such user) was refused; the customer's copy went out to beta@client.example");
  });

  it("both refused: failed for the customer, by the first address's reply", () => {
    const info = { rejected: ["beta@client.example", "compta@client.example"], rejectedErrors: [err({ ...refusedOne, recipient: "beta@client.example", message: "550 unknown beta" }), err(refusedOne)] };
    expect(classifyAccepted(info, TWO, settings)).toEqual({ kind: "failed", permanent: true, scope: "recipient", error: "550 unknown beta" });
  });
});

describe("headerSafe", () => {
  it("folds CR, LF and other control characters into one line", () => {
    expect(headerSafe("Evil\r\nBcc: x@evil.example\u0000")).toBe("Evil Bcc: x@evil.example");
  });
});
