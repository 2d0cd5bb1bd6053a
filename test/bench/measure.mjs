// Runs one command and measures its wall time and peak resident memory: through GNU time when
// the machine has it, else through a preloaded module that reports the child's own maxRSS at exit.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const GNU_TIME = "/usr/bin/time";
const hasGnuTime = existsSync(GNU_TIME);

let preload;
/** A module node loads before the program; it writes maxRSS (kB) to the file named in the env. */
function preloadFile() {
  if (preload) return preload;
  const dir = mkdtempSync(path.join(os.tmpdir(), "dunning-bench-"));
  preload = path.join(dir, "rss.mjs");
  writeFileSync(preload, [
    'import { writeFileSync } from "node:fs";',
    "process.on(\"exit\", () => {",
    "  const u = process.resourceUsage();",
    "  writeFileSync(process.env.BENCH_RSS_FILE, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1000}`);",
    "});",
  ].join("\n"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return preload;
}

export const method = hasGnuTime ? "GNU time -v" : "process.resourceUsage() preload";

/**
 * Runs `node ...args` and resolves to { wallMs, cpuMs, rssKb, code, stdoutHash, stderr }.
 * stdout is hashed, not kept, so outputs of different builds can be compared cheaply.
 */
export function measure(args, { cwd, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    let cmd = process.execPath;
    let argv = args;
    let rssFile;
    const childEnv = { ...env };
    if (hasGnuTime) {
      cmd = GNU_TIME;
      argv = ["-v", process.execPath, ...args];
    } else {
      rssFile = path.join(path.dirname(preloadFile()), `rss-${process.pid}-${Date.now()}`);
      childEnv.BENCH_RSS_FILE = rssFile;
      argv = ["--import", preloadFile(), ...args];
    }
    const hash = createHash("sha256");
    let stderr = "";
    const start = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => hash.update(d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      let rssKb;
      let cpuMs;
      if (hasGnuTime) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        rssKb = m ? Number(m[1]) : undefined;
        const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
        const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
        cpuMs = user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : undefined;
        stderr = stderr.slice(0, stderr.lastIndexOf("\tCommand being timed")).trimEnd();
      } else {
        try {
          [rssKb, cpuMs] = readFileSync(rssFile, "utf8").split(" ").map(Number);
          rmSync(rssFile);
        } catch {
          rssKb = undefined;
        }
      }
      resolve({ wallMs, cpuMs, rssKb, code, stdoutHash: hash.digest("hex").slice(0, 12), stderr });
    });
  });
}
