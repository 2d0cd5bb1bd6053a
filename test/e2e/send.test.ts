// End-to-end sending: the built CLI against a real SMTP server on 127.0.0.1. Each reminder goes
// out exactly once — across repeated runs, missed days, server failures, a killed process and
// two runs at once — and nothing from a CSV can add a mail header.

import { readFileSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCliAsync } from "../helpers/run-cli.js";
import { startSmtp, type TestSmtp } from "../helpers/smtp.js";
import { journal, LADDER, makeProject } from "./send-fixture.js";

let smtp: TestSmtp;
beforeEach(async () => {
  smtp = await startSmtp();
});
afterEach(async () => {
  await smtp.close();
});

function run(dir: string, asOf: string, extra: string[] = [], env: Record<string, string> = {}) {
  return runCliAsync(["run", "--yes", "--as-of", asOf, ...extra], { cwd: dir, env: { DUNNING_SMTP_URL: smtp.url, ...env } });
}

/** "date step customer" of every message that reached the server or the outbox. */
function delivered(dir: string): string[] {
  return journal(dir).filter((e) => e.type === "sent" || e.type === "written").map((e) => `${e.date} ${e.step} ${e.customer}`);
}

describe("dunning run sends each reminder exactly once", { timeout: 60_000 }, () => {
  it("refuses to send without --yes when not on a terminal", async () => {
    const dir = makeProject();
    const r = await runCliAsync(["run", "--as-of", "2026-11-02"], { cwd: dir, env: { DUNNING_SMTP_URL: smtp.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("refusing to send without --yes");
    expect(smtp.received).toHaveLength(0);
    expect(existsSync(path.join(dir, ".dunning/journal.jsonl"))).toBe(false);
  });

  it("running twice on the same day sends once", async () => {
    const dir = makeProject();
    const first = await run(dir, "2026-11-02");
    expect(first.code).toBe(0);
    expect(smtp.received).toHaveLength(3);
    expect(first.stdout).toContain("sent 3 e-mails");
    const second = await run(dir, "2026-11-02");
    expect(second.code).toBe(0);
    expect(smtp.received).toHaveLength(3);
    expect(delivered(dir).filter((d) => d.includes("reminder-1"))).toHaveLength(4);
  });

  it("ten days of runs follow the ladder exactly", async () => {
    const dir = makeProject();
    for (let day = 1; day <= 10; day++) {
      const r = await run(dir, `2026-11-${String(day).padStart(2, "0")}`);
      expect(r.code).toBe(0);
    }
    const c1 = delivered(dir).filter((d) => d.endsWith(" C1"));
    expect(c1).toEqual([
      "2026-11-02 reminder-1 C1",
      "2026-11-04 reminder-2 C1",
      "2026-11-06 call C1",
      "2026-11-08 formal-notice C1",
    ]);
    const c4 = delivered(dir).filter((d) => d.endsWith(" C4"));
    expect(c4[0]).toBe("2026-11-02 reminder-1 C4");
    expect(journal(dir).find((e) => e.customer === "C4" && e.type === "written")?.channel).toBe("letter");
    expect(smtp.received).toHaveLength(6);
  });

  it("a customer's late invoices at two steps go in one message a day; each follows its own ladder after it", async () => {
    const dir = makeProject({ invoices: "invoice,customer,customer_name,email,issue_date,due_date,amount\n"
      + "INV-A,C1,Alpha SARL,alpha@client.example,2026-10-01,2026-11-01,100.00\nINV-B,C1,Alpha SARL,alpha@client.example,2026-10-03,2026-11-03,50.00\n" });
    for (const day of ["2026-11-02", "2026-11-04", "2026-11-06"]) expect((await run(dir, day)).code).toBe(0);
    // 11-04: INV-A's reminder-2 and INV-B's reminder-1, one e-mail; 11-06: INV-A's call, INV-B's reminder-2.
    expect(smtp.received.map((m) => m.to)).toEqual([["alpha@client.example"], ["alpha@client.example"], ["alpha@client.example"]]);
    const intents = journal(dir).filter((e) => e.type === "intent").map((e) => [e.date, e.step, e.channel, e.invoices, e.steps ?? null]);
    expect(intents).toEqual([
      ["2026-11-02", "reminder-1", "email", ["INV-A"], null],
      ["2026-11-04", "reminder-2", "email", ["INV-A", "INV-B"], { "INV-B": "reminder-1" }],
      ["2026-11-06", "reminder-2", "email", ["INV-B"], null],
      ["2026-11-06", "call", "phone", ["INV-A"], null],
    ]);
  });

  it("says on every run, even --quiet, how many invoices wait for a decision on a payment", async () => {
    const dir = makeProject({ invoices: "invoice,customer,customer_name,email,issue_date,due_date,amount\n"
      + "F-1,C1,Alpha SARL,alpha@client.example,2026-10-01,2026-10-31,300.00\nF-2,C1,Alpha SARL,alpha@client.example,2026-10-02,2026-11-01,500.00\n"
      + "F-3,C1,Alpha SARL,alpha@client.example,2026-10-03,2026-11-01,700.00\n" });
    writeFileSync(path.join(dir, "payments.csv"), "id,date,customer,amount,invoice\nP-0900,2026-10-01,C9,10.00,INV-0900\nBK-1,2026-11-01,C1,1000.00,\n");
    for (const day of ["2026-11-02", "2026-11-04"]) {
      const r = await run(dir, day, ["--quiet"]);
      expect(r.stderr, day).toContain("warning: 2 invoices are held until a payment that may settle them is decided: dunning match --review > review.csv");
    }
  });

  it("says, even --quiet, a decision that could not be carried out as written", async () => {
    const dir = makeProject();
    writeFileSync(path.join(dir, "payments.csv"), "id,date,customer,amount,invoice\nP-0900,2026-10-01,C9,10.00,INV-0900\nBK-1,2026-11-01,C1,60.00,\n");
    writeFileSync(path.join(dir, "decisions.csv"), "payment,invoice,amount,decision\nBK-1,INV-1001,100.00,confirm\n");
    writeFileSync(path.join(dir, "dunning.yaml"), LADDER.replace("data: {invoices: invoices.csv, payments: payments.csv}", "data: {invoices: invoices.csv, payments: payments.csv, decisions: decisions.csv}"));
    const r = await run(dir, "2026-11-02", ["--quiet"]);
    expect(r.stderr).toContain("confirmed 100.00 for BK-1 → INV-1001, only 60.00 could be applied");
  });

  it("a missed week catches up one step at a time (catch_up: next)", async () => {
    const dir = makeProject();
    await run(dir, "2026-11-02");
    await run(dir, "2026-11-10");
    await run(dir, "2026-11-11");
    await run(dir, "2026-11-12");
    expect(delivered(dir).filter((d) => d.endsWith(" C1"))).toEqual([
      "2026-11-02 reminder-1 C1",
      "2026-11-10 reminder-2 C1",
      "2026-11-12 call C1",
    ]);
  });

  it("a 4xx on one recipient is retried next run and the others are not resent", async () => {
    const dir = makeProject();
    smtp.refuse.set("beta@client.example", 450);
    const first = await run(dir, "2026-11-02");
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("will be retried by the next run");
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["alpha@client.example", "gamma@client.example"]);
    smtp.refuse.clear();
    const second = await run(dir, "2026-11-02");
    expect(second.code).toBe(0);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["alpha@client.example", "beta@client.example", "gamma@client.example"]);
  });

  it("a 5xx is recorded and not retried in a loop", async () => {
    const dir = makeProject();
    smtp.refuse.set("gamma@client.example", 550);
    const first = await run(dir, "2026-11-02");
    expect(first.code).toBe(1);
    expect(journal(dir).find((e) => e.type === "failed")).toMatchObject({ customer: "C3", permanent: true });
    smtp.refuse.clear();
    const second = await run(dir, "2026-11-02");
    expect(second.code).toBe(0);
    expect(smtp.received.filter((m) => m.to.includes("gamma@client.example"))).toHaveLength(0);
    const plan = await runCliAsync(["run", "--dry-run", "--as-of", "2026-11-02", "--format", "json"], { cwd: dir });
    expect(JSON.parse(plan.stdout).skipped).toContainEqual(expect.objectContaining({ invoice: "INV-1003", reason: "delivery_failed" }));
  });

  it("a customer name carrying CRLF and a Bcc: header adds no header", async () => {
    const dir = makeProject({
      invoices: "invoice,customer,customer_name,email,issue_date,due_date,amount\n"
        + "INV-2001,C9,\"Evil Corp\r\nBcc: attacker@evil.example\",\"victim@client.example\r\nBcc: attacker@evil.example\",2026-10-01,2026-11-01,50.00\n"
        + "INV-2002,C8,\"Mallory\r\nBcc: attacker@evil.example\",mallory@client.example,2026-10-01,2026-11-01,60.00\n",
    });
    const r = await run(dir, "2026-11-02");
    expect(smtp.received.flatMap((m) => m.to)).not.toContain("attacker@evil.example");
    for (const m of smtp.received) {
      const headers = m.raw.slice(0, m.raw.indexOf("\r\n\r\n"));
      expect(headers).not.toMatch(/^bcc:/im);
      expect(headers).not.toContain("attacker@evil.example\r\n");
    }
    expect(smtp.received.map((m) => m.to[0])).toEqual(["mallory@client.example"]);
    // The name does reach a header — the To display name — flattened to one line there, so the
    // test above proves something: the CRLF was in a header value and could not start a header.
    const headers = smtp.received[0]?.raw.slice(0, smtp.received[0].raw.indexOf("\r\n\r\n")) ?? "";
    const to = /^To: (.*(?:\r\n[ \t].*)*)/m.exec(headers)?.[1]?.replace(/\r\n[ \t]/g, " ") ?? "";
    expect(to).toMatch(/^"?Mallory +Bcc: attacker@evil\.example"? <mallory@client\.example>$/);
    // The e-mail cell holding a header is no address: said when planning, C9's reminder goes by post.
    expect(r.stderr).toContain('C9: "victim@client.example\\r\\nBcc: attacker@evil.example" in its e-mail is not an address: its reminder-1 goes by post');
    expect(journal(dir).filter((e) => e.customer === "C9").map((e) => e.type)).toEqual(["intent", "written"]);
    expect(r.code).toBe(0);
  });

  it("a run killed mid-send leaves a journal from which the next run neither duplicates nor loses a message", async () => {
    const dir = makeProject();
    smtp.stall.add("beta@client.example");
    const killed = await runCliAsync(["run", "--yes", "--as-of", "2026-11-02"], {
      cwd: dir, env: { DUNNING_SMTP_URL: smtp.url },
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (smtp.stalled() > 0) {
            clearInterval(timer);
            child.kill("SIGKILL");
          }
        }, 20);
      },
    });
    expect(killed.code).toBe(-1);
    expect(smtp.received.map((m) => m.to[0])).toEqual(["alpha@client.example"]);
    expect(journal(dir).filter((e) => e.customer === "C2").map((e) => e.type)).toEqual(["intent"]);
    smtp.stall.clear();
    const next = await run(dir, "2026-11-02");
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/reminder-1 to C2, INV-1002, 2026-11-02\) may or may not have been sent/);
    expect(smtp.received.map((m) => m.to[0])).toEqual(["alpha@client.example", "gamma@client.example"]);
    expect(delivered(dir).sort()).toEqual(["2026-11-02 reminder-1 C1", "2026-11-02 reminder-1 C3", "2026-11-02 reminder-1 C4"]);
    const plan = await runCliAsync(["run", "--dry-run", "--as-of", "2026-11-05", "--format", "json"], { cwd: dir });
    expect(JSON.parse(plan.stdout).skipped).toContainEqual(expect.objectContaining({ invoice: "INV-1002", reason: "uncertain_delivery" }));
    const key = String(journal(dir).find((e) => e.customer === "C2")?.key);
    const resolved = await runCliAsync(["resolve", key, "--not-sent", "--as-of", "2026-11-02"], { cwd: dir });
    expect(resolved.code).toBe(0);
    await run(dir, "2026-11-02");
    expect(smtp.received.map((m) => m.to[0])).toEqual(["alpha@client.example", "gamma@client.example", "beta@client.example"]);
  });

  it("a connection lost after the server had the message: neither sent again nor forgotten", async () => {
    const dir = makeProject({ config: LADDER.replace("timeout_ms: 5000", "timeout_ms: 1000") });
    // The server takes beta's message and never answers for it: the client times out after 354.
    smtp.stall.add("beta@client.example");
    const first = await run(dir, "2026-11-02");
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/\(reminder-1 to C2 <beta@client\.example>\) may or may not have been sent: the connection was lost after the server had it/);
    expect(first.stderr).toMatch(/dunning resolve [0-9a-f]{20} --sent\|--not-sent/);
    expect(first.stdout).toContain("1 of unknown fate");
    expect(first.stderr).toContain("the connection to the SMTP server was lost: the run stopped sending, 1 e-mail not sent");
    expect(journal(dir).filter((e) => e.customer === "C2").map((e) => e.type)).toEqual(["intent"]);
    expect(smtp.received.map((m) => m.to[0])).toEqual(["alpha@client.example"]);
    smtp.stall.clear();
    const next = await run(dir, "2026-11-02");
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/reminder-1 to C2, INV-1002, 2026-11-02\) may or may not have been sent/);
    // gamma, not tried before, goes out; beta's reminder is not sent a second time.
    expect(smtp.received.map((m) => m.to[0])).toEqual(["alpha@client.example", "gamma@client.example"]);
  });

  it("two runs started together: one sends, the other exits 75", async () => {
    const dir = makeProject();
    smtp.stall.add("alpha@client.example");
    let second: Promise<Awaited<ReturnType<typeof run>>> | undefined;
    const first = runCliAsync(["run", "--yes", "--as-of", "2026-11-02"], {
      cwd: dir, env: { DUNNING_SMTP_URL: smtp.url },
      onSpawn: () => {
        const timer = setInterval(() => {
          if (smtp.stalled() > 0) {
            clearInterval(timer);
            second = run(dir, "2026-11-02");
            void second.then(() => smtp.release());
          }
        }, 20);
      },
    });
    const a = await first;
    const b = await (second as Promise<Awaited<ReturnType<typeof run>>>);
    expect(b.code).toBe(75);
    expect(b.stderr).toContain("holds");
    expect(a.code).toBe(0);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["alpha@client.example", "beta@client.example", "gamma@client.example"]);
  });

  it("a stale lock left by a dead process is taken over with a warning", async () => {
    const dir = makeProject();
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(path.join(dir, ".dunning"), { recursive: true });
    writeFileSync(path.join(dir, ".dunning/lock"), "999999\n");
    const r = await run(dir, "2026-11-02");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("taking over a stale lock");
    expect(existsSync(path.join(dir, ".dunning/lock"))).toBe(false);
  });

  it("letters and calls go to the outbox with an index and a call list", async () => {
    const dir = makeProject();
    for (const day of ["2026-11-02", "2026-11-04", "2026-11-06"]) await run(dir, day);
    const outbox = path.join(dir, ".dunning/outbox");
    expect(readFileSync(path.join(outbox, "2026-11-02/index.csv"), "utf8")).toContain("C4,Delta (no e-mail),reminder-1,INV-1004");
    // With a byte-order mark, so that Excel reads its accents right.
    expect(readFileSync(path.join(outbox, "2026-11-06/calls.csv"), "utf8").split("\n")[0]).toBe("\ufeffcustomer,name,phone,email,invoices,amount,currency,last_reminder");
    expect(readFileSync(path.join(outbox, "2026-11-06/calls.csv"), "utf8")).toContain("C1,Alpha SARL,,alpha@client.example,INV-1001,100.00,EUR,reminder-2 2026-11-04");
    const history = await runCliAsync(["history", "--customer", "C1"], { cwd: dir });
    expect(history.stdout).toMatch(/2026-11-02\s+C1\s+reminder-1\s+email\s+INV-1001\s+alpha@client\.example\s+sent/);
  });

  it("messages carry a stable Message-ID and Auto-Submitted", async () => {
    const dir = makeProject();
    await run(dir, "2026-11-02");
    const ids = smtp.received.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1]);
    expect(ids.every((id) => /^<dunning-[0-9a-f]{20}@atelier\.example>$/.test(id ?? ""))).toBe(true);
    expect(smtp.received.every((m) => /^Auto-Submitted: auto-generated$/im.test(m.raw))).toBe(true);
    const sentIds = journal(dir).filter((e) => e.type === "sent").map((e) => e.message_id);
    expect(sentIds.sort()).toEqual([...ids].sort());
  });
});
