// What every command receives from the shell: the process's streams, environment, working
// folder and the date of "today", read once here so the rest of the program never sees a clock.

import { parseIsoDate, type PlainDate } from "../core/dates.js";
import { problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { localDate } from "../io/clock.js";
import { makeChalk, useColor } from "../render/style.js";
import type { ChalkInstance } from "chalk";

export interface GlobalOptions {
  readonly config?: string;
  readonly asOf?: string;
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly debug?: boolean;
}

export interface Context {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly asOf: PlainDate;
  /** The machine's date, whatever --as-of says: what a letter recorded now is dated against. */
  readonly today: PlainDate;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour for what goes to stdout and to stderr, decided separately. */
  readonly out: ChalkInstance;
  readonly err: ChalkInstance;
  readonly options: GlobalOptions;
}

export function makeContext(options: GlobalOptions): Context {
  // Today in the machine's time zone (TZ), read once for the whole command.
  const today = localDate(new Date());
  let asOf = today;
  if (options.asOf !== undefined) {
    const parsed = parseIsoDate(options.asOf);
    if (!parsed) {
      throw new InputError([problem("error", "bad_as_of", `--as-of "${options.asOf}" is not a date`, { hint: "write it as YYYY-MM-DD, e.g. 2026-11-22" })]);
    }
    asOf = parsed;
  }
  const env = process.env;
  return {
    cwd: process.cwd(),
    env,
    asOf,
    today,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    out: makeChalk(useColor({ flag: options.color, env, isTTY: process.stdout.isTTY === true })),
    err: makeChalk(useColor({ flag: options.color, env, isTTY: process.stderr.isTTY === true })),
    options,
  };
}
