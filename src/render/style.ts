// The colour policy, decided once per stream: --color/--no-color, then NO_COLOR, then
// FORCE_COLOR, then TERM=dumb, then whether the stream is a terminal. chalk alone ignores
// NO_COLOR, so renderers get a Chalk instance built here, never the global one.

import { Chalk, type ChalkInstance } from "chalk";

export interface ColorContext {
  /** `true` for --color, `false` for --no-color, undefined when neither was given. */
  readonly flag: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

export function useColor({ flag, env, isTTY }: ColorContext): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  if (env.TERM === "dumb") return false;
  return isTTY;
}

export function makeChalk(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}
