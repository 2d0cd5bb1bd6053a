// The commands that write the journal (run, letter, resolve) hold the state folder's lock for
// their whole work, from reading the journal to its last line, so two of them never plan from the
// same journal. A command that stops before writing anything (bad input, a broken template)
// leaves no empty state folder behind: removed again if it created it and it is still empty.

import { rmdir, stat } from "node:fs/promises";
import { acquireLock } from "../io/lock.js";
import type { Context } from "./context.js";

export async function withStateLock<T>(ctx: Context, stateDir: string, work: () => Promise<T>): Promise<T> {
  const stateExisted = await stat(stateDir).then(() => true, () => false);
  const lock = await acquireLock(stateDir, (m) => ctx.stderr(`${ctx.err.yellow("warning:")} ${m}\n`));
  try {
    return await work();
  } finally {
    await lock.release();
    if (!stateExisted) await rmdir(stateDir).catch(() => undefined);
  }
}
