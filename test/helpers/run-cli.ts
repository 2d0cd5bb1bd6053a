// Spawns the built CLI (bin/dunning.js) the way cron would: a minimal environment, no terminal,
// a fixed time zone and locale, so golden outputs do not depend on the machine.

import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.join(ROOT, "bin/dunning.js");

/**
 * What every run's environment starts from. TMPDIR is passed on so that the CLI's temp folder is
 * the test run's own (test/global-setup.ts), where anything it leaves behind is seen.
 */
function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", TMPDIR: os.tmpdir(), NO_COLOR: "1", TZ: "Europe/Paris", LANG: "C.UTF-8" };
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string | Buffer } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...baseEnv(), ...options.env },
    input: options.input ?? "",
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** One document for a golden file: the exit code, then stdout, then stderr. */
export function transcript(r: CliResult): string {
  return `exit: ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

/** The same, without blocking the event loop: needed when the test itself runs a server. */
export function runCliAsync(
  args: readonly string[],
  options: {
    cwd?: string; env?: Record<string, string>; onSpawn?: (child: import("node:child_process").ChildProcess) => void;
    /** Files the CLI writes may not grow beyond this many KiB (`ulimit -f`): a disk that fills up. */
    fileSizeKb?: number;
  } = {},
): Promise<CliResult> {
  const command = options.fileSizeKb === undefined
    ? [process.execPath, BIN, ...args]
    : ["bash", "-c", `ulimit -f ${options.fileSizeKb}; exec "$0" "$@"`, process.execPath, BIN, ...args];
  return import("node:child_process").then(({ spawn }) => new Promise<CliResult>((resolve) => {
    const child = spawn(command[0] as string, command.slice(1), {
      cwd: options.cwd ?? ROOT,
      env: { ...baseEnv(), ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    options.onSpawn?.(child);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? -1 : null), stdout, stderr }));
  }));
}
