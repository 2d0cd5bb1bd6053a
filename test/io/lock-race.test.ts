// The run lock under real concurrency: several processes (child_process.fork of lock-racer.mjs,
// which uses the built dist/io/lock.js) released at the same instant take and release it again
// and again for a while. Never may two of them hold it at once — neither on a free lock (the old
// code created it empty and wrote the pid after, so a racer read no pid, called it stale and
// deleted it) nor when taking over a stale lock (two takers each deleted the other's fresh lock).

import { fork, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync, utimesSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../../src/io/lock.js";
import { tempDir } from "../helpers/temp-dir.js";

const RACER = path.join(path.dirname(fileURLToPath(import.meta.url)), "lock-racer.mjs");
const RACERS = 6;
const ROUNDS = 4;
const DURATION_MS = 600;

interface Result {
  readonly pid: number;
  readonly held: number;
  readonly locked: number;
  readonly overlaps: number;
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
}

/**
 * Forks the racers, waits until each is loaded, then releases them together. Returns once every
 * racer has exited, even when one failed, so none still writes in the folders the test removes.
 */
async function race(stateDir: string, mode = ""): Promise<Result[]> {
  const marker = path.join(tempDir("lock-marker"), "holder");
  const children = Array.from({ length: RACERS }, () => fork(RACER, [stateDir, marker, String(DURATION_MS), mode], { execArgv: [], stdio: ["ignore", "ignore", "inherit", "ipc"] }));
  const exited = children.map((c) => new Promise<void>((resolve) => c.once("exit", () => resolve())));
  const ready = children.map((c) => new Promise<void>((resolve) => c.once("message", () => resolve())));
  const results = children.map((c) => new Promise<Result>((resolve, reject) => {
    c.on("message", (m: Result | { ready: true }) => {
      if ("held" in m) resolve(m);
    });
    // A racer reports, then exits: its exit may be seen before its last message is, so a clean
    // exit counts as a failure only once the channel has closed with no report read.
    c.on("exit", (code) => {
      if (code !== 0) reject(new Error(`racer exited with ${code} before reporting`));
    });
    c.on("disconnect", () => setImmediate(() => reject(new Error("racer closed its channel before reporting"))));
  }));
  try {
    await Promise.all(ready);
    for (const c of children) c.send("go");
    return await Promise.all(results);
  } finally {
    await Promise.all(exited);
  }
}

const sum = (results: readonly Result[], key: "held" | "locked" | "overlaps"): number => results.reduce((n, r) => n + r[key], 0);

/** The pid of a process that has exited: what a crashed run leaves in its lock. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout.trim());
}

describe("the run lock under concurrent processes", () => {
  it("a free lock: never two holders, and nobody calls a fresh lock stale", { timeout: 120_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const stateDir = tempDir("lock");
      const results = await race(stateDir);
      expect(results.flatMap((r) => r.errors)).toEqual([]);
      expect(sum(results, "overlaps")).toBe(0);
      expect(results.flatMap((r) => r.warnings)).toEqual([]);
      expect(sum(results, "held")).toBeGreaterThan(1);
      expect(sum(results, "locked")).toBeGreaterThan(0);
      expect(readdirSync(stateDir)).toEqual([]);
    }
  });

  it("a stale lock: taken over once, never two holders", { timeout: 120_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const stateDir = tempDir("lock");
      writeFileSync(path.join(stateDir, "lock"), `${deadPid()}\n`);
      const results = await race(stateDir);
      expect(results.flatMap((r) => r.errors)).toEqual([]);
      expect(sum(results, "overlaps")).toBe(0);
      expect(results.flatMap((r) => r.warnings)).toEqual([expect.stringMatching(/taking over a stale lock .* is not running/)]);
      expect(readdirSync(stateDir)).toEqual([]);
    }
  });

  it("a state folder removed by the run that made it: the others make it again", { timeout: 120_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const stateDir = path.join(tempDir("lock"), "state");
      const results = await race(stateDir, "rmdir");
      expect(results.flatMap((r) => r.errors)).toEqual([]);
      expect(sum(results, "overlaps")).toBe(0);
      expect(sum(results, "held")).toBeGreaterThan(1);
      expect(existsSync(stateDir) ? readdirSync(stateDir) : []).toEqual([]);
    }
  });
});

describe("acquireLock", () => {
  it("counts a recent empty lock as held (its owner is writing the pid), an old one as stale", async () => {
    const stateDir = tempDir("lock");
    const file = path.join(stateDir, "lock");
    writeFileSync(file, "");
    await expect(acquireLock(stateDir, () => undefined)).rejects.toMatchObject({ exitCode: 75 });
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const warnings: string[] = [];
    const lock = await acquireLock(stateDir, (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringContaining("pid unknown is not running")]);
    await expect(acquireLock(stateDir, () => undefined)).rejects.toMatchObject({ exitCode: 75 });
    await lock.release();
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it("clears the takeover markers runs that died while taking over left, and only old ones", async () => {
    const stateDir = tempDir("lock");
    const old = path.join(stateDir, "lock.reap.1234.5678");
    const fresh = path.join(stateDir, "lock.reap.4321.8765");
    writeFileSync(old, "999999\n");
    writeFileSync(fresh, "999998\n");
    const then = new Date(Date.now() - 60_000);
    utimesSync(old, then, then);
    const lock = await acquireLock(stateDir, () => undefined);
    expect(readdirSync(stateDir).sort()).toEqual(["lock", "lock.reap.4321.8765"]);
    await lock.release();
  });

  it("takes over a dead pid's lock with a warning, and a live pid's lock is held", async () => {
    const stateDir = tempDir("lock");
    writeFileSync(path.join(stateDir, "lock"), `${deadPid()}\n`);
    const warnings: string[] = [];
    const lock = await acquireLock(stateDir, (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringMatching(/taking over a stale lock .* is not running/)]);
    await lock.release();
    await withLiveProcess(async (pid) => {
      // As an older dunning wrote it (pid alone), and as this one does (pid and start time).
      for (const content of [`${pid}\n`, `${pid} ${startTimeOf(pid)}\n`]) {
        writeFileSync(path.join(stateDir, "lock"), content);
        await expect(acquireLock(stateDir, () => undefined)).rejects.toMatchObject({ exitCode: 75, message: expect.stringContaining(`pid ${pid}`) });
      }
    });
  });

  it.runIf(existsSync("/proc/self/stat"))("a lock whose pid now belongs to another process is stale", async () => {
    const stateDir = tempDir("lock");
    await withLiveProcess(async (pid) => {
      // The crashed owner had this pid but started at another time.
      writeFileSync(path.join(stateDir, "lock"), `${pid} ${Number(startTimeOf(pid)) - 1}\n`);
      const warnings: string[] = [];
      const lock = await acquireLock(stateDir, (m) => warnings.push(m));
      expect(warnings).toEqual([expect.stringContaining(`pid ${pid} is not running: that pid is now another process`)]);
      expect(readFileSync(path.join(stateDir, "lock"), "utf8")).toBe(`${process.pid} ${startTimeOf(process.pid)}\n`);
      await lock.release();
    });
  });

  it("a lock holding this very process's pid, which it did not take, is stale (a container reusing pids)", async () => {
    const stateDir = tempDir("lock");
    const contents = [`${process.pid}\n`, ...(existsSync("/proc/self/stat") ? [`${process.pid} ${Number(startTimeOf(process.pid)) + 1}\n`] : [])];
    for (const content of contents) {
      writeFileSync(path.join(stateDir, "lock"), content);
      const warnings: string[] = [];
      const lock = await acquireLock(stateDir, (m) => warnings.push(m));
      expect(warnings).toEqual([expect.stringContaining(`pid ${process.pid} is not running`)]);
      // Taken by this process now: asking again is refused.
      await expect(acquireLock(stateDir, () => undefined)).rejects.toMatchObject({ exitCode: 75 });
      await lock.release();
    }
  });
});

/** Runs `body` while a child process is alive, with its pid. */
async function withLiveProcess(body: (pid: number) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  try {
    await body(child.pid as number);
  } finally {
    child.kill();
  }
}

/** Field 22 of /proc/PID/stat: when the kernel started the process. */
function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] as string;
}
