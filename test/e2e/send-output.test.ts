// End-to-end: what `dunning run` says and what reaches the server, for the behaviours the README
// states — --quiet is silent on success and loud about what cron must see (a torn journal line,
// a letter that cannot be posted), smtp.max_per_run defers without duplicates, attach_pdf
// attaches the PDF, cc/bcc reach the server, a broken template stops the run before anything.

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCliAsync } from "../helpers/run-cli.js";
import { startSmtp, type TestSmtp } from "../helpers/smtp.js";
import { LADDER, journal, makeProject, withoutBackdating } from "./send-fixture.js";

let smtp: TestSmtp;
beforeEach(async () => {
  smtp = await startSmtp();
});
afterEach(async () => {
  await smtp.close();
});

function run(dir: string, asOf: string, extra: string[] = []) {
  return runCliAsync(["run", "--yes", "--as-of", asOf, ...extra], { cwd: dir, env: { DUNNING_SMTP_URL: smtp.url } });
}

const SMTP_LINE = 'smtp: {from: "Atelier Test <compta@atelier.example>", pause_ms: 0, timeout_ms: 5000}';
const withSmtp = (extra: string): string => LADDER.replace(SMTP_LINE, `smtp: {from: "Atelier Test <compta@atelier.example>", pause_ms: 0, timeout_ms: 5000, ${extra}}`);

/** Every customer with a postal address: nothing to warn about. */
const WITH_ADDRESSES = [
  "invoice,customer,customer_name,email,issue_date,due_date,amount,address",
  "INV-1001,C1,Alpha SARL,alpha@client.example,2026-10-01,2026-11-01,100.00,1 rue A 75001 Paris",
  "INV-1002,C2,Beta SAS,beta@client.example,2026-10-01,2026-11-01,200.00,2 rue B 75002 Paris",
  "INV-1003,C3,Gamma,gamma@client.example,2026-10-01,2026-11-01,300.00,3 rue C 75003 Paris",
  "INV-1004,C4,Delta (no e-mail),,2026-10-01,2026-11-01,400.00,4 rue D 75004 Paris",
].join("\n") + "\n";

/** The customers with an e-mail address only: nothing goes by post. */
const EMAIL_ONLY = WITH_ADDRESSES.split("\n").filter((l) => !l.includes(",C4,")).join("\n");

describe("--quiet", { timeout: 60_000 }, () => {
  it("prints nothing at all when everything went out by e-mail", async () => {
    const dir = makeProject({ invoices: EMAIL_ONLY });
    const r = await run(dir, "2026-11-02", ["--quiet"]);
    expect(r.code).toBe(0);
    expect(smtp.received).toHaveLength(3);
    expect(r.stdout).toBe("");
    expect(withoutBackdating(r.stderr)).toBe("");
  });

  it("prints the summary, naming the outbox, when a letter waits to be posted", async () => {
    // Under cron, this line is the only word of a letter to print and post (a formal notice).
    const dir = makeProject({ invoices: WITH_ADDRESSES });
    const r = await run(dir, "2026-11-02", ["--quiet"]);
    expect(r.code).toBe(0);
    expect(journal(dir).filter((e) => e.type === "written")).toHaveLength(1);
    expect(r.stdout).toMatch(/^sent 3 e-mails, wrote 1 letter and 0 calls \(\.dunning\/outbox\/2026-11-02\); 0 failed;/);
    expect(withoutBackdating(r.stderr)).toBe("");
  });

  it("still reports a torn journal line", async () => {
    const dir = makeProject({ invoices: EMAIL_ONLY });
    await run(dir, "2026-11-02", ["--quiet"]);
    appendFileSync(path.join(dir, ".dunning/journal.jsonl"), '{"v":1,"type":"intent","key":"deadbeef","run":"x","da');
    const r = await run(dir, "2026-11-04", ["--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/journal\.jsonl:\d+.*incomplete/);
    expect(r.stdout).toBe("");
    // Reported once, not twice, without --quiet.
    const loud = await run(dir, "2026-11-04");
    expect(loud.stderr.match(/incomplete/g)).toHaveLength(1);
  });
});

describe("a letter whose run died while writing it", { timeout: 60_000 }, () => {
  it("is held, and the warning says where to look: the outbox, not a mailbox", async () => {
    const dir = makeProject({ invoices: EMAIL_ONLY });
    mkdirSync(path.join(dir, ".dunning"), { recursive: true });
    const intent = { v: 1, key: "0123456789abcdef0123", run: "2026-11-02-dead", at: "2026-11-02T07:15:00.000Z", date: "2026-11-02", customer: "C1", step: "reminder-1", channel: "letter", invoices: ["INV-1001"], type: "intent" };
    writeFileSync(path.join(dir, ".dunning/journal.jsonl"), `${JSON.stringify(intent)}\n`);
    const r = await run(dir, "2026-11-02", ["--quiet"]);
    expect(r.stderr).toContain("message 0123456789abcdef0123 (reminder-1 to C1, INV-1001, 2026-11-02) may or may not have been sent (a letter: look for it in .dunning/outbox/2026-11-02, its file and its row of index.csv, which a crash may have left out); its invoices are held");
    expect(smtp.received.map((m) => m.to[0])).not.toContain("alpha@client.example");
  });
});

describe("letters without a postal address", { timeout: 60_000 }, () => {
  it("are flagged in the outbox index and warned about even with --quiet", async () => {
    const dir = makeProject({
      invoices: WITH_ADDRESSES.replace("INV-1004,C4,Delta (no e-mail),,2026-10-01,2026-11-01,400.00,4 rue D 75004 Paris", "INV-1004,C4,Delta (no e-mail),,2026-10-01,2026-11-01,400.00,")
        + "INV-1005,C5,Epsilon,,2026-10-01,2026-11-01,500.00,5 rue E 75005 Paris\n",
    });
    const r = await run(dir, "2026-11-02", ["--quiet"]);
    expect(r.code).toBe(0);
    const index = readFileSync(path.join(dir, ".dunning/outbox/2026-11-02/index.csv"), "utf8").trim().split("\n");
    expect(index[0]).toBe("file,customer,name,step,invoices,amount,currency,address_missing");
    expect(index.find((l) => l.includes(",C4,"))?.endsWith(",yes")).toBe(true);
    expect(index.find((l) => l.includes(",C5,"))?.endsWith(",EUR,")).toBe(true);
    expect(r.stderr).toMatch(/warning: the reminder-1 letter for C4 \(Delta \(no e-mail\)\) has no postal address/);
    expect(r.stderr).not.toContain("C5");
    expect(r.stderr.match(/no postal address/g)).toHaveLength(1);
  });
});

describe("smtp.max_per_run", { timeout: 60_000 }, () => {
  it("defers the rest to the next run, which sends them without duplicates", async () => {
    const dir = makeProject({ config: withSmtp("max_per_run: 2"), invoices: WITH_ADDRESSES });
    const first = await run(dir, "2026-11-02");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("sent 2 e-mails");
    expect(first.stdout).toContain("1 deferred to the next run; ");
    expect(first.stdout).toMatch(/; \d+ open invoices? skipped \(why: dunning run --dry-run\)/);
    expect(smtp.received).toHaveLength(2);
    expect(journal(dir).filter((e) => e.type === "intent" && e.channel === "email")).toHaveLength(2);
    const second = await run(dir, "2026-11-02");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("sent 1 e-mail,");
    expect(second.stdout).toContain("0 deferred");
    const recipients = smtp.received.map((m) => m.to[0]).sort();
    expect(recipients).toEqual(["alpha@client.example", "beta@client.example", "gamma@client.example"]);
    const third = await run(dir, "2026-11-02");
    expect(third.stdout).toContain("Nothing to send");
    expect(smtp.received).toHaveLength(3);
  });
});

describe("what reaches the server", { timeout: 60_000 }, () => {
  it("attach_pdf attaches the letter as a PDF", async () => {
    const dir = makeProject({
      invoices: WITH_ADDRESSES,
      config: LADDER.replace("- {id: reminder-1, offset: 1, channel: email}", "- {id: reminder-1, offset: 1, channel: email, attach_pdf: true}"),
    });
    const r = await run(dir, "2026-11-02");
    expect(r.code).toBe(0);
    const raw = smtp.received.find((m) => m.to.includes("alpha@client.example"))?.raw ?? "";
    const part = /Content-Type: application\/pdf[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+?)\r\n(?:\r\n)?--/.exec(raw);
    expect(raw).toMatch(/filename=2026-11-02_C1_reminder-1\.pdf/);
    expect(part).not.toBeNull();
    const pdf = Buffer.from((part?.[1] ?? "").replace(/\r\n/g, ""), "base64");
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(1000);
  });

  it("without attach_pdf there is no attachment", async () => {
    const dir = makeProject({ invoices: WITH_ADDRESSES });
    await run(dir, "2026-11-02");
    expect(smtp.received.some((m) => /application\/pdf/.test(m.raw))).toBe(false);
  });

  it("smtp.cc is a header and a recipient; smtp.bcc a recipient only", async () => {
    const dir = makeProject({ invoices: WITH_ADDRESSES, config: withSmtp('cc: "Copie <copie@atelier.example>", bcc: archive@atelier.example, reply_to: relances@atelier.example') });
    const r = await run(dir, "2026-11-02");
    expect(r.code).toBe(0);
    expect(smtp.received).toHaveLength(3);
    for (const m of smtp.received) {
      expect([...m.to].sort()).toEqual([m.to[0], "archive@atelier.example", "copie@atelier.example"].sort());
      const headers = m.raw.slice(0, m.raw.indexOf("\r\n\r\n"));
      expect(headers).toMatch(/^Cc: Copie <copie@atelier\.example>$/m);
      expect(headers).toMatch(/^Reply-To: relances@atelier\.example$/m);
      expect(headers).not.toMatch(/^Bcc:/im);
      expect(headers).not.toContain("archive@atelier.example");
    }
  });
});

describe("a broken template", { timeout: 60_000 }, () => {
  it("stops a real run with exit 2: nothing sent, no journal, no state folder", async () => {
    const dir = makeProject({ config: `${LADDER}templates: tpl\n` });
    mkdirSync(path.join(dir, "tpl/fr"), { recursive: true });
    writeFileSync(path.join(dir, "tpl/fr/reminder-1.subject.hbs"), "Relance {{invoice_numbres}}\n");
    const r = await run(dir, "2026-11-02", ["--quiet"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invoice_numbres");
    expect(r.stderr).toContain("nothing was sent or written");
    expect(smtp.received).toHaveLength(0);
    expect(existsSync(path.join(dir, ".dunning/journal.jsonl"))).toBe(false);
    expect(existsSync(path.join(dir, ".dunning"))).toBe(false);
  });
});

describe("a run recorded under another day than today", { timeout: 60_000 }, () => {
  it("is warned about even with --quiet: the journal dates its messages by --as-of", async () => {
    const dir = makeProject({ invoices: EMAIL_ONLY });
    const r = await run(dir, "2026-11-02", ["--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: recorded as sent on 2026-11-02 \(--as-of or DUNNING_AS_OF\), not today \d{4}-\d\d-\d\d: the next steps, their spacing/m);
    // A run that sends nothing records nothing, and says nothing of it.
    const again = await run(dir, "2026-11-02", ["--quiet"]);
    expect(again.stderr).toBe("");
  });
});

describe("Ctrl-C and SIGTERM", { timeout: 60_000 }, () => {
  it.each([["SIGINT", 130], ["SIGTERM", 143]] as const)("%s during the pause between two e-mails sends nothing more and exits %i; the next run sends the rest once", async (signal, code) => {
    const dir = makeProject({ config: withSmtp("pause_ms: 1500").replace("pause_ms: 0, timeout_ms: 5000, ", "") });
    const stopped = await runCliAsync(["run", "--yes", "--as-of", "2026-11-02"], {
      cwd: dir, env: { DUNNING_SMTP_URL: smtp.url },
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (smtp.received.length > 0) {
            clearInterval(timer);
            child.kill(signal);
          }
        }, 20);
      },
    });
    expect(stopped.code).toBe(code);
    expect(smtp.received.map((m) => m.to[0])).toEqual(["alpha@client.example"]);
    // Stopped cleanly: the lock released, no message of unknown fate left to resolve by hand.
    expect(existsSync(path.join(dir, ".dunning/lock"))).toBe(false);
    expect(journal(dir).map((e) => e.type)).toEqual(["intent", "sent"]);
    const next = await run(dir, "2026-11-02");
    expect(next.stderr).not.toContain("may or may not have been sent");
    expect(next.code).toBe(0);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["alpha@client.example", "beta@client.example", "gamma@client.example"]);
  });
});
