// The errors the shell knows how to report: input problems (exit 2, nothing done), the other
// exit codes a command can ask for, and a journal that cannot be written. Anything else reaching
// the top is a bug.

import type { JournalEntry } from "./core/history.js";
import type { Problem } from "./core/problem.js";

/** The user's input is wrong: print the problems, exit 2, send and write nothing. */
export class InputError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map((p) => p.message).join("; "));
    this.name = "InputError";
  }
}

/** A command that ended with a specific exit code and message (lock held: 75, …). */
export class ExitError extends Error {
  constructor(readonly exitCode: number, message: string) {
    super(message);
    this.name = "ExitError";
  }
}

/**
 * A line the journal could not take (disk full, file made read-only): nothing more can be
 * recorded, so the command stops. `line` is the kind of line lost: after `sent` or `written` the
 * message exists and its open intent holds it for `dunning resolve`; after `intent` or `failed`
 * nothing went out.
 */
export class JournalWriteError extends Error {
  constructor(file: string, readonly line: JournalEntry["type"], error: NodeJS.ErrnoException) {
    super(`cannot write ${file}: ${error.code === "ENOSPC" ? "the disk is full (ENOSPC)" : error.message}`, { cause: error });
    this.name = "JournalWriteError";
  }
}
