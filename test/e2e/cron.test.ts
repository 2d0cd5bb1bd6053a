// The cron recipe as shipped: the command of examples/crontab's cron line, run by /bin/sh in a
// cron-like environment (only the crontab's variables, HOME, a project folder with dunning
// installed in node_modules/.bin), with the SMTP settings and a login in an env file, against a
// real SMTP server that insists on that login. The environment wins over dunning.yaml for the
// sender (DUNNING_SMTP_FROM), as for every DUNNING_* variable.

import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, ROOT, runCliAsync } from "../helpers/run-cli.js";
import { startSmtp, type TestSmtp } from "../helpers/smtp.js";
import { tempDir } from "../helpers/temp-dir.js";
import { makeProject, withoutBackdating } from "./send-fixture.js";

let smtp: TestSmtp | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const INVOICES = [
  "invoice,customer,customer_name,email,issue_date,due_date,amount,address",
  "INV-1001,C1,Alpha SARL,alpha@client.example,2026-10-01,2026-11-01,100.00,1 rue A 75001 Paris",
  "INV-1002,C2,Beta SAS,beta@client.example,2026-10-01,2026-11-01,200.00,2 rue B 75002 Paris",
].join("\n") + "\n";

interface Crontab {
  readonly variables: Record<string, string>;
  readonly command: string;
}

function readCrontab(): Crontab {
  const lines = readFileSync(path.join(ROOT, "examples/crontab"), "utf8").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const variables: Record<string, string> = {};
  let command = "";
  for (const line of lines) {
    const assignment = /^([A-Z_]+)=(.*)$/.exec(line);
    if (assignment) variables[assignment[1] as string] = assignment[2] as string;
    else if (!command) command = /^(?:\S+\s+){5}(.*)$/.exec(line)?.[1] ?? "";
  }
  return { variables, command };
}

function sh(command: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", command], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A project folder with dunning "installed" (node_modules/.bin/dunning) and a HOME with the env file. */
function install(envFile: string): { project: string; home: string } {
  const project = makeProject({ invoices: INVOICES });
  mkdirSync(path.join(project, "node_modules/.bin"), { recursive: true });
  symlinkSync(BIN, path.join(project, "node_modules/.bin/dunning"));
  const home = tempDir("home");
  mkdirSync(path.join(home, ".config/dunning"), { recursive: true });
  writeFileSync(path.join(home, ".config/dunning/smtp.env"), envFile, { mode: 0o600 });
  return { project, home };
}

function cronEnv(crontab: Crontab, home: string): Record<string, string> {
  const { CRON_TZ: _tz, MAILTO: _mailto, ...variables } = crontab.variables;
  return {
    ...variables,
    // Wherever node is on this machine (the crontab tells you to add its folder).
    PATH: `${path.dirname(process.execPath)}:${variables.PATH ?? "/usr/bin:/bin"}`,
    HOME: home, LANG: "C.UTF-8", TZ: "Europe/Paris", NO_COLOR: "1",
    // The test's "today"; commander reads --as-of from it.
    DUNNING_AS_OF: "2026-11-02",
  };
}

describe("examples/crontab", { timeout: 60_000 }, () => {
  it("the cron line runs the project's dunning with the env file's settings exported", async () => {
    smtp = await startSmtp({ auth: { user: "compta@atelier.example", pass: "p@ss w$rd;x" } });
    const crontab = readCrontab();
    expect(crontab.command).toContain("/srv/ar");
    expect(crontab.command).not.toContain("npx");
    const { project, home } = install([
      `DUNNING_SMTP_URL=${smtp.url}`,
      "DUNNING_SMTP_USER=compta@atelier.example",
      // Single quotes: what the crontab's comment says, understood by sh and by systemd alike.
      "DUNNING_SMTP_PASSWORD='p@ss w$rd;x'",
      "",
    ].join("\n"));
    const r = await sh(crontab.command.replaceAll("/srv/ar", project), cronEnv(crontab, home));
    expect(withoutBackdating(r.stderr)).toBe("");
    expect(r.stdout).toBe("");
    expect(r.code).toBe(0);
    expect(smtp.counts.auth).toBeGreaterThan(0);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["alpha@client.example", "beta@client.example"]);
  });

  it("the same file without set -a would not reach dunning (what the recipe guards against)", async () => {
    smtp = await startSmtp();
    const crontab = readCrontab();
    const { project, home } = install(`DUNNING_SMTP_URL=${smtp.url}\n`);
    const withoutExport = crontab.command.replaceAll("/srv/ar", project).replace("set -a && ", "").replace(" && set +a", "");
    const r = await sh(withoutExport, cronEnv(crontab, home));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no SMTP server is configured");
    expect(smtp.received).toHaveLength(0);
  });
});

describe("DUNNING_SMTP_FROM", { timeout: 60_000 }, () => {
  it("wins over smtp.from in dunning.yaml", async () => {
    smtp = await startSmtp();
    const dir = makeProject({ invoices: INVOICES });
    const r = await runCliAsync(["run", "--yes", "--as-of", "2026-11-02"], {
      cwd: dir, env: { DUNNING_SMTP_URL: smtp.url, DUNNING_SMTP_FROM: "Relances <relances@other.example>" },
    });
    expect(r.code).toBe(0);
    expect(smtp.received).toHaveLength(2);
    for (const m of smtp.received) {
      expect(m.from).toBe("relances@other.example");
      expect(m.raw).toMatch(/^From: Relances <relances@other\.example>$/m);
    }
  });
});
