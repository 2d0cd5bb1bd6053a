// One run at a time: state/lock is created exclusively and holds the owner's pid. A live owner
// means "try again later" (exit 75); a lock left by a dead process is taken over with a warning.

import { mkdir, open, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { ExitError } from "../errors.js";

export const LOCK_FILE = "lock";

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

/** Takes the lock or throws ExitError(75). `warn` hears about a stale lock taken over. */
export async function acquireLock(stateDir: string, warn: (message: string) => void): Promise<Lock> {
  await mkdir(stateDir, { recursive: true });
  const file = path.join(stateDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.write(`${process.pid}\n`);
      await handle.sync();
      await handle.close();
      return { release: () => unlink(file).catch(() => undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new ExitError(75, `another run (pid ${pid}) holds ${file}; try again later`);
      }
      warn(`taking over a stale lock (${file}, pid ${Number.isInteger(pid) && pid > 0 ? pid : "unknown"} is not running)`);
      await unlink(file).catch(() => undefined);
    }
  }
  throw new ExitError(75, `could not take the lock ${file}; try again later`);
}
