// The errors the shell knows how to report: input problems (exit 2, nothing done) and the other
// exit codes a command can ask for. Anything else reaching the top is a bug.

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
