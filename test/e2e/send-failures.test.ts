// End-to-end: whose fault a failure is. A refused customer address fails that customer's message
// (5xx for good, 4xx retried) even when the archive copy was accepted; a refused archive copy is
// a warning on a message that went out; a sender-side failure (login, MAIL FROM, connection)
// is not the customer's fault: retried, and the run stops instead of hammering the server; a
// message refused after DATA (too large, spam) is refused for good without blaming the address.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, runCliAsync } from "../helpers/run-cli.js";
import { startSmtp, type SmtpOptions, type TestSmtp } from "../helpers/smtp.js";
import { INVOICES, LADDER, journal, makeProject } from "./send-fixture.js";

let servers: TestSmtp[] = [];
async function server(options: SmtpOptions = {}): Promise<TestSmtp> {
  const s = await startSmtp(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const WITH_ARCHIVE = LADDER.replace(
  'smtp: {from: "Atelier Test <compta@atelier.example>", pause_ms: 0, timeout_ms: 5000}',
  'smtp: {from: "Atelier Test <compta@atelier.example>", bcc: archive@atelier.example, pause_ms: 0, timeout_ms: 5000}',
);

function run(dir: string, url: string, env: Record<string, string> = {}, extra: string[] = []) {
  return runCliAsync(["run", "--yes", "--as-of", "2026-11-02", ...extra], { cwd: dir, env: { DUNNING_SMTP_URL: url, ...env } });
}

async function dryRunSkips(dir: string): Promise<{ invoice: string; reason: string; detail: string }[]> {
  const plan = await runCliAsync(["run", "--dry-run", "--as-of", "2026-11-02", "--format", "json"], { cwd: dir });
  return (JSON.parse(plan.stdout) as { skipped: { invoice: string; reason: string; detail: string }[] }).skipped;
}

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const address = probe.address();
  const port = typeof address === "object" && address ? address.port : 1;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("a refused customer address with an archive bcc", { timeout: 60_000 }, () => {
  it("5xx on the customer (archive accepted) is a permanent failure, not sent", async () => {
    const smtp = await server();
    const dir = makeProject({ config: WITH_ARCHIVE });
    smtp.refuse.set("beta@client.example", 550);
    const r = await run(dir, smtp.url);
    expect(r.code).toBe(1);
    // The archive did get its copy: the message reached the server, but not the customer.
    expect(smtp.received.find((m) => m.raw.includes("INV-1002"))?.to).toEqual(["archive@atelier.example"]);
    const c2 = journal(dir).filter((e) => e.customer === "C2").map((e) => [e.type, e.permanent ?? null]);
    expect(c2).toEqual([["intent", null], ["failed", true]]);
    expect(journal(dir).find((e) => e.customer === "C2" && e.type === "failed")?.reason).toBe("recipient");
    expect(r.stderr).toMatch(/failed: reminder-1 to C2 <beta@client\.example>: .*550.*fix the address/);
    expect(await dryRunSkips(dir)).toContainEqual(expect.objectContaining({ invoice: "INV-1002", reason: "delivery_failed" }));
    // Every later run says the reminders stopped, even under cron's --quiet, until it is resolved.
    const key = journal(dir).find((e) => e.customer === "C2" && e.type === "failed")?.key as string;
    const later = await runCliAsync(["run", "--yes", "--quiet", "--as-of", "2026-11-09"], { cwd: dir, env: { DUNNING_SMTP_URL: smtp.url } });
    expect(later.stderr).toContain(`warning: message ${key} (reminder-1 to C2, 2026-11-02) was refused for good by the mail server: no reminder of INV-1002 goes out until the address (or the message) is fixed and it is recorded with: dunning resolve ${key} --not-sent`);
    // The address fixed and the refusal resolved: said no more, and the reminder goes out.
    smtp.refuse.delete("beta@client.example");
    expect(runCli(["resolve", key, "--not-sent"], { cwd: dir }).code).toBe(0);
    const resolved = await runCliAsync(["run", "--yes", "--quiet", "--as-of", "2026-11-10"], { cwd: dir, env: { DUNNING_SMTP_URL: smtp.url } });
    expect(resolved.stderr).not.toContain("refused for good");
    expect(smtp.received.filter((m) => m.to.includes("beta@client.example"))).toHaveLength(1);
  });

  it("4xx on the customer (archive accepted) is retried by the next run", async () => {
    const smtp = await server();
    const dir = makeProject({ config: WITH_ARCHIVE });
    smtp.refuse.set("beta@client.example", 451);
    const first = await run(dir, smtp.url);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("will be retried by the next run");
    expect(journal(dir).find((e) => e.customer === "C2" && e.type === "failed")).toMatchObject({ permanent: false });
    expect(journal(dir).some((e) => e.customer === "C2" && e.type === "sent")).toBe(false);
    smtp.refuse.clear();
    const second = await run(dir, smtp.url);
    expect(second.code).toBe(0);
    const toBeta = smtp.received.filter((m) => m.to.includes("beta@client.example"));
    expect(toBeta).toHaveLength(1);
    // The others were not sent again.
    expect(smtp.received.filter((m) => m.to.includes("alpha@client.example"))).toHaveLength(1);
  });

  it("a refused archive copy is a warning, even with --quiet: the customer got the message", async () => {
    const smtp = await server();
    const dir = makeProject({ config: WITH_ARCHIVE });
    smtp.refuse.set("archive@atelier.example", 550);
    const r = await run(dir, smtp.url, {}, ["--quiet"]);
    expect(r.code).toBe(0);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["alpha@client.example", "beta@client.example", "gamma@client.example"]);
    expect(journal(dir).filter((e) => e.type === "sent")).toHaveLength(3);
    expect(journal(dir).find((e) => e.type === "sent")?.warning).toMatch(/archive@atelier\.example/);
    expect(r.stderr).toMatch(/warning: reminder-1 to C1 <alpha@client\.example>: the copy to archive@atelier\.example .*was refused/);
  });
});

describe("a sender-side failure is the SMTP configuration, not the customers", { timeout: 60_000 }, () => {
  it("a wrong password (535) stops the run after one try; nothing is blamed on an address; the next run sends all", async () => {
    const smtp = await server({ auth: { user: "dunning", pass: "right-password" } });
    const dir = makeProject();
    const bad = await run(dir, smtp.url, { DUNNING_SMTP_USER: "dunning", DUNNING_SMTP_PASSWORD: "s3cret-wrong-pw" });
    expect(bad.code).toBe(1);
    expect(smtp.counts.auth).toBe(1);
    expect(smtp.counts.connections).toBe(1);
    expect(smtp.received).toHaveLength(0);
    expect(bad.stderr).toContain("SMTP configuration");
    expect(bad.stderr).toContain("535");
    expect(bad.stderr).not.toContain("fix the address");
    expect(`${bad.stdout}${bad.stderr}`).not.toContain("s3cret-wrong-pw");
    expect(readFileSync(path.join(dir, ".dunning/journal.jsonl"), "utf8")).not.toContain("s3cret-wrong-pw");
    const failed = journal(dir).filter((e) => e.type === "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ permanent: false, reason: "server" });
    // The e-mails not tried were not journaled; the letter (no server involved) was written.
    expect(journal(dir).filter((e) => e.type === "intent" && e.channel === "email")).toHaveLength(1);
    expect(journal(dir).filter((e) => e.type === "written")).toHaveLength(1);
    expect(bad.stdout).toContain("1 failed; 2 not tried (SMTP problem)");
    expect((await dryRunSkips(dir)).filter((s) => s.reason === "delivery_failed")).toEqual([]);
    const good = await run(dir, smtp.url, { DUNNING_SMTP_USER: "dunning", DUNNING_SMTP_PASSWORD: "right-password" });
    expect(good.code).toBe(0);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["alpha@client.example", "beta@client.example", "gamma@client.example"]);
    expect(journal(dir).filter((e) => e.type === "written")).toHaveLength(1);
  });

  it("no login where the server wants one (530 at MAIL FROM) stops the run after one message", async () => {
    const smtp = await server({ auth: { user: "dunning", pass: "right-password" } });
    const dir = makeProject();
    const r = await run(dir, smtp.url);
    expect(r.code).toBe(1);
    expect(smtp.counts.connections).toBe(1);
    expect(r.stderr).toContain("530");
    expect(r.stderr).toContain("SMTP configuration");
    expect(r.stderr).not.toContain("fix the address");
    expect(journal(dir).filter((e) => e.type === "failed")).toEqual([expect.objectContaining({ permanent: false, reason: "server" })]);
  });

  it("relay access denied at RCPT TO (no login, as Postfix answers) is the sender's fault: the run stops, nothing blocked for good", async () => {
    const smtp = await server({ relayDenied: true });
    const dir = makeProject();
    const r = await run(dir, smtp.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Relay access denied");
    expect(r.stderr).toContain("SMTP configuration");
    expect(r.stderr).not.toContain("fix the address");
    expect(journal(dir).filter((e) => e.type === "failed")).toEqual([expect.objectContaining({ permanent: false, reason: "server" })]);
    expect((await dryRunSkips(dir)).filter((s) => s.reason === "delivery_failed")).toEqual([]);
  });

  it("a refused connection stops the run; the next run sends everything once", async () => {
    const dir = makeProject();
    const r = await run(dir, `smtp://127.0.0.1:${await closedPort()}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ECONNREFUSED");
    expect(r.stderr).toContain("SMTP configuration");
    expect(journal(dir).filter((e) => e.type === "failed")).toHaveLength(1);
    const smtp = await server();
    const next = await run(dir, smtp.url);
    expect(next.code).toBe(0);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["alpha@client.example", "beta@client.example", "gamma@client.example"]);
  });
});

describe("a message refused after DATA", { timeout: 60_000 }, () => {
  it("552/554 on the content is refused for good for that message, without blaming the address; the run goes on", async () => {
    const smtp = await server();
    const dir = makeProject();
    smtp.refuseData.set("beta@client.example", 552);
    smtp.refuseData.set("gamma@client.example", 554);
    const r = await run(dir, smtp.url);
    expect(r.code).toBe(1);
    expect(smtp.received.map((m) => m.to[0])).toEqual(["alpha@client.example"]);
    const failed = journal(dir).filter((e) => e.type === "failed");
    expect(failed.map((e) => [e.customer, e.permanent, e.reason])).toEqual([["C2", true, "message"], ["C3", true, "message"]]);
    expect(r.stderr).toMatch(/failed: reminder-1 to C2 .*552.*not the address/);
    expect(r.stderr).not.toContain("fix the address");
    expect(r.stderr).not.toContain("SMTP configuration");
  });
});

describe("e-mail cells as exports write them", { timeout: 60_000 }, () => {
  it("two addresses in one cell both get the one message; a cell with no address goes by post, in the dry run as in the run", async () => {
    const smtp = await server();
    const dir = makeProject({
      invoices: INVOICES
        .replace("beta@client.example", '"beta@client.example; compta@client.example"')
        .replace("gamma@client.example", "voir contrat"),
    });
    const plan = await runCliAsync(["run", "--dry-run", "--as-of", "2026-11-02", "--format", "json"], { cwd: dir });
    const planned = JSON.parse(plan.stdout) as { reminders: { customer: string; channel: string; to: string }[]; warnings: string[] };
    expect(planned.reminders.map((r) => [r.customer, r.channel, r.to])).toEqual([
      ["C1", "email", "alpha@client.example"], ["C2", "email", "beta@client.example, compta@client.example"], ["C3", "letter", ""], ["C4", "letter", ""],
    ]);
    expect(planned.warnings).toContain('C3: "voir contrat" in its e-mail is not an address: its reminder-1 goes by post — correct the address in the export or the customers file');
    const r = await run(dir, smtp.url);
    expect(r.code).toBe(0);
    expect(smtp.received.map((m) => m.to)).toEqual([["alpha@client.example"], ["beta@client.example", "compta@client.example"]]);
    expect(journal(dir).filter((e) => e.type === "written").map((e) => e.customer)).toEqual(["C3", "C4"]);
    expect(r.stderr).toContain('"voir contrat" in its e-mail is not an address');
  });
});

describe("a letter the outbox cannot take", { timeout: 60_000 }, () => {
  it("fails that letter alone: the e-mails after it go out, the summary is printed, exit 1; the next run writes it", async () => {
    const smtp = await server();
    // C0, planned first, has no e-mail address: its reminder goes by post.
    const dir = makeProject({ invoices: INVOICES.replace("INV-1004,C4,Delta (no e-mail)", "INV-1004,C0,Delta (no e-mail)") });
    mkdirSync(path.join(dir, ".dunning"), { recursive: true });
    // A file where the outbox folder goes (a full disk or a refused folder fails the same way).
    writeFileSync(path.join(dir, ".dunning/outbox"), "");
    const r = await run(dir, smtp.url);
    expect(r.code).toBe(1);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["alpha@client.example", "beta@client.example", "gamma@client.example"]);
    expect(r.stderr).toMatch(/failed: reminder-1 letter for C0: not written: .*ENOTDIR.* \(will be retried by the next run\)/);
    expect(r.stdout).toMatch(/^sent 3 e-mails, wrote 0 letters and 0 calls; 1 failed;/m);
    expect(journal(dir).filter((e) => e.customer === "C0").map((e) => e.type)).toEqual(["intent", "failed"]);
    rmSync(path.join(dir, ".dunning/outbox"));
    const next = await run(dir, smtp.url);
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/^sent 0 e-mails, wrote 1 letter and 0 calls/m);
    expect(smtp.received).toHaveLength(3);
  });
});

describe("a deferral that may be about one message", { timeout: 60_000 }, () => {
  it("451 after DATA on one customer's message fails that message (retried), and the run goes on to the others", async () => {
    const smtp = await server();
    const dir = makeProject();
    smtp.refuseData.set("alpha@client.example", 451);
    const r = await run(dir, smtp.url);
    expect(r.code).toBe(1);
    // C1 is planned first: a content filter deferring its message no longer holds back C2 and C3.
    expect(smtp.received.map((m) => m.to[0])).toEqual(["beta@client.example", "gamma@client.example"]);
    expect(r.stderr).toMatch(/failed: reminder-1 to C1 <alpha@client\.example>: .*451.* \(will be retried by the next run\)/);
    expect(r.stderr).not.toContain("The run stopped sending");
    expect(journal(dir).filter((e) => e.customer === "C1").map((e) => [e.type, e.permanent ?? null])).toEqual([["intent", null], ["failed", false]]);
    smtp.refuseData.clear();
    const next = await run(dir, smtp.url);
    expect(next.code).toBe(0);
    expect(smtp.received.map((m) => m.to[0])).toEqual(["beta@client.example", "gamma@client.example", "alpha@client.example"]);
  });

  it("two such failures in a row are the server's: the run stops there", async () => {
    const smtp = await server();
    const dir = makeProject();
    smtp.refuseData.set("alpha@client.example", 451);
    smtp.refuseData.set("beta@client.example", 451);
    const r = await run(dir, smtp.url);
    expect(r.code).toBe(1);
    expect(smtp.received).toHaveLength(0);
    expect(r.stderr).toContain("The run stopped sending: 2 e-mails not sent");
    expect(journal(dir).filter((e) => e.customer === "C3")).toEqual([]);
  });
});

describe("a disk that fills up while the run records", { timeout: 60_000 }, () => {
  it("stops the run where the journal stopped taking lines, says so, exits 1; the next run sends the rest once", async () => {
    const smtp = await server();
    const dir = makeProject({ invoices: INVOICES.split("\n").filter((l) => !l.includes(",C4,")).join("\n") });
    // 1 KiB of journal: the first message's two lines fit, the second's intent does not (a short
    // write, then EFBIG, as a full disk gives a short write, then ENOSPC).
    const r = await runCliAsync(["run", "--yes", "--as-of", "2026-11-02"], { cwd: dir, env: { DUNNING_SMTP_URL: smtp.url }, fileSizeKb: 1 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: the journal could not be written \(cannot write .*journal\.jsonl: EFBIG[^)]*\): the run stopped/);
    expect(r.stderr).toContain("The reminder-1 to C2 <beta@client.example> did not go out.");
    expect(r.stdout).toMatch(/^sent 1 e-mail, wrote 0 letters and 0 calls; 0 failed; 1 not tried \(journal not writable\);/m);
    expect(smtp.received.map((m) => m.to[0])).toEqual(["alpha@client.example"]);
    expect(existsSync(path.join(dir, ".dunning/lock"))).toBe(false);
    const next = await run(dir, smtp.url);
    expect(next.code).toBe(0);
    // The torn intent never went out: C2 is sent now, and nobody twice.
    expect(next.stderr).toMatch(/journal\.jsonl:3: warning: this journal line is incomplete/);
    expect(smtp.received.map((m) => m.to[0])).toEqual(["alpha@client.example", "beta@client.example", "gamma@client.example"]);
  });
});

describe("a reader that closes the output early (| head)", { timeout: 60_000 }, () => {
  it("does not change the run's exit code nor leave its lock", async () => {
    const smtp = await server();
    const dir = makeProject();
    smtp.refuse.set("beta@client.example", 550);
    const r = await runCliAsync(["run", "--yes", "--as-of", "2026-11-02"], {
      cwd: dir, env: { DUNNING_SMTP_URL: smtp.url }, onSpawn: (child) => child.stdout?.destroy(),
    });
    expect(r.code).toBe(1);
    expect(existsSync(path.join(dir, ".dunning/lock"))).toBe(false);
    expect(smtp.received).toHaveLength(2);
  });
});

describe("history after a retry", { timeout: 60_000 }, () => {
  it("shows no stale error once the retry went out", async () => {
    const dir = makeProject();
    await run(dir, `smtp://127.0.0.1:${await closedPort()}`);
    const smtp = await server();
    await run(dir, smtp.url);
    const history = await runCliAsync(["history", "--customer", "C1", "--format", "json"], { cwd: dir });
    const messages = (JSON.parse(history.stdout) as { messages: { status: string; error: string }[] }).messages;
    expect(messages).toEqual([expect.objectContaining({ status: "sent", error: "" })]);
  });
});
