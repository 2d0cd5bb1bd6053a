// One run at a time: state/lock holds the owner's pid. A live owner means "try again later"
// (exit 75); a lock left by a dead process is taken over with a warning.
//
// A pid alone does not say the owner is alive: after a crash its pid may be given to another
// process — in a container started afresh for each cron run, typically to the next dunning run
// itself, which would then find "its own" lock held forever. So the lock also holds the owner's
// start time as the kernel counts it (/proc/PID/stat, Linux): a running process with that pid but
// another start time is not the owner. Without /proc, our own pid in a lock we did not take is
// an earlier process's.
//
// Taking the lock is atomic: the pid is written to a private temporary file first, which is then
// hard-linked to state/lock — link() fails with EEXIST when the lock exists, so nobody ever sees
// a lock without its pid. (A lock that is empty or unreadable all the same — written by an older
// dunning, or a crash of the file system — counts as held while it is recent.)
//
// Taking over a stale lock is a race between every process that found it stale. Each of them
// claims that very lock file by creating a marker `lock.reap.INODE.MTIME` exclusively: exactly
// one wins. The winner checks that the lock is still that file, which nobody but the
// winner may now remove (its owner is dead), removes it, and everybody goes back to link():
// exactly one of them gets the new lock, the others see a live pid and exit 75. "That file" is
// its inode, modification time and content together: a fresh lock may get the inode the stale
// one just freed, and on a file system with one- or two-second timestamps the same mtime, but
// not the same owner (pid and start time), so a late taker never removes a live run's lock.

import { randomUUID } from "node:crypto";
import { link, mkdir, open, readdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ExitError } from "../errors.js";

export const LOCK_FILE = "lock";

/** An empty or unparsable lock younger than this is being written by its owner: held. */
const RECENT_MS = 10_000;
/** A takeover marker older than this was left by a process that died while taking over. */
const MARKER_STALE_MS = 30_000;
const ATTEMPTS = 20;

/** The kernel's start time of a process (clock ticks after boot), where /proc tells it. */
async function startTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count from the last ")".
    const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return start !== undefined && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface Lock {
  release(): Promise<void>;
}

export interface Holder {
  readonly pid: number | undefined;
  /** The owner's start time, when its dunning wrote one. */
  readonly start: string | undefined;
  readonly ino: bigint;
  readonly mtimeNs: bigint;
  readonly mtimeMs: number;
  /** The content as read, part of the file's identity (see the header). */
  readonly text: string;
}

const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

/** The lock file as it is now (content and identity of the same file), or undefined if gone. */
export async function inspect(file: string): Promise<Holder | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (err) {
    if (code(err) === "ENOENT") return undefined;
    throw err;
  }
  try {
    const st = await handle.stat({ bigint: true });
    const text = (await handle.readFile("utf8")).trim();
    // "PID START", or "PID" as older versions wrote it.
    const m = /^(\d+)(?: (\d+))?$/.exec(text);
    const pid = m ? Number(m[1]) : undefined;
    return {
      pid: pid !== undefined && pid > 0 ? pid : undefined, start: m?.[2], ino: st.ino, mtimeNs: st.mtimeNs, mtimeMs: Number(st.mtimeMs), text,
    };
  } finally {
    await handle.close();
  }
}

async function sameFile(file: string, holder: Holder): Promise<boolean> {
  const now = await inspect(file);
  return now !== undefined && now.ino === holder.ino && now.mtimeNs === holder.mtimeNs && now.text === holder.text;
}

/** Creates `file` holding `content`, atomically: false when it already exists. */
async function createAtomically(dir: string, file: string, content: string): Promise<boolean> {
  const tmp = path.join(dir, `${LOCK_FILE}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  const handle = await open(tmp, "wx");
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if (code(err) === "EEXIST") return false;
    // A file system without hard links: fall back to an exclusive create. The pid is written
    // just after; the recent-empty-lock rule covers the moment in between.
    if (code(err) === "EPERM" || code(err) === "ENOTSUP" || code(err) === "EOPNOTSUPP" || code(err) === "ENOSYS") {
      try {
        await writeFile(file, content, { flag: "wx" });
        return true;
      } catch (e) {
        if (code(e) === "EEXIST") return false;
        throw e;
      }
    }
    throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Removes the stale lock `holder` if this process wins the right to: `removed` when it did,
 * `changed` when the lock is no longer that file, `busy` when another process is taking it over.
 * Exported, with inspect, for the test that replays a takeover against a look-alike lock.
 */
export async function reap(dir: string, file: string, holder: Holder): Promise<"removed" | "changed" | "busy"> {
  // The marker keeps the name older versions give it, so a takeover excludes theirs too.
  const marker = path.join(dir, `${LOCK_FILE}.reap.${holder.ino}.${holder.mtimeNs}`);
  try {
    await writeFile(marker, `${process.pid}\n`, { flag: "wx" });
  } catch (err) {
    // No folder: the lock went with it.
    if (code(err) === "ENOENT") return "changed";
    if (code(err) !== "EEXIST") throw err;
    // Someone else is taking this lock over. A marker that old was left by a process that died
    // while doing it: clear it, the next round tries again.
    await removeIfLeft(marker);
    return "busy";
  }
  try {
    // Only the winner of the marker may remove this file (its owner is dead), so it cannot
    // change between this check and the unlink.
    if (!(await sameFile(file, holder))) return "changed";
    try {
      await unlink(file);
    } catch (err) {
      if (code(err) === "ENOENT") return "changed";
      throw err;
    }
    return "removed";
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

/**
 * Removes the takeover markers older than MARKER_STALE_MS, left by runs that died while taking a
 * lock over: otherwise only a later contended takeover of that very lock would clear them, and
 * state/ would keep them. Run by the lock's holder; a marker in use is younger than that.
 */
async function clearLeftMarkers(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) if (name.startsWith(`${LOCK_FILE}.reap.`)) await removeIfLeft(path.join(dir, name));
}

/** Removes a takeover marker older than any takeover takes: its process died while at it. */
async function removeIfLeft(marker: string): Promise<void> {
  const st = await stat(marker).catch(() => undefined);
  if (st && Date.now() - st.mtimeMs > MARKER_STALE_MS) await unlink(marker).catch(() => undefined);
}

/** Is the process that wrote the lock (its pid, and start time if it wrote one) still running? */
async function ownerRunning(pid: number, start: string | undefined): Promise<boolean> {
  const now = start === undefined ? undefined : await startTime(pid);
  if (now !== undefined) return now === start;
  if (pid === process.pid) return false;
  return alive(pid);
}

/**
 * Makes the state folder. A recursive mkdir racing with the rmdir of that folder by another run
 * can fail with ENOENT (seen on Linux, Node 20): it is tried again.
 */
async function makeFolder(dir: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(dir, { recursive: true });
      return;
    } catch (err) {
      if (code(err) !== "ENOENT" || attempt >= ATTEMPTS) throw err;
    }
  }
}

/** Takes the lock or throws ExitError(75). `warn` hears about a stale lock taken over. */
export async function acquireLock(stateDir: string, warn: (message: string) => void): Promise<Lock> {
  await makeFolder(stateDir);
  const file = path.join(stateDir, LOCK_FILE);
  const start = await startTime(process.pid);
  const content = `${process.pid}${start === undefined ? "" : ` ${start}`}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let created: boolean;
    try {
      created = await createAtomically(stateDir, file, content);
    } catch (err) {
      // A run that made the state folder removes it on its way out when it is empty: make it again.
      if (code(err) !== "ENOENT") throw err;
      await makeFolder(stateDir);
      continue;
    }
    if (created) {
      await clearLeftMarkers(stateDir);
      const mine = await inspect(file);
      return {
        async release() {
          // Remove the lock only while it is still ours.
          if (mine && (await sameFile(file, mine))) await unlink(file).catch(() => undefined);
        },
      };
    }
    const holder = await inspect(file);
    if (holder === undefined) continue; // released meanwhile: try again
    if (holder.pid !== undefined && (await ownerRunning(holder.pid, holder.start))) {
      throw new ExitError(75, `another run (pid ${holder.pid}) holds ${file}; try again later`);
    }
    if (holder.pid === undefined && Date.now() - holder.mtimeMs < RECENT_MS) {
      throw new ExitError(75, `another run is taking ${file} (it has no pid yet); try again later`);
    }
    const reaped = await reap(stateDir, file, holder);
    if (reaped === "removed") warn(`taking over a stale lock (${file}, pid ${holder.pid ?? "unknown"} is not running${holder.pid !== undefined && alive(holder.pid) ? ": that pid is now another process" : ""})`);
    else if (reaped === "busy") await sleep(5 + Math.floor(Math.random() * 20));
  }
  throw new ExitError(75, `could not take the lock ${file}; try again later`);
}
