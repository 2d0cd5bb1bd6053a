// Problems → the lines a user reads on stderr: `FILE:LINE:COLUMN: what is wrong — how to fix it`,
// warnings marked as such, in file and line order. Pure.

import type { ChalkInstance } from "chalk";
import { TOO_MANY_ERRORS, type Problem } from "../core/problem.js";

function location(p: Problem): string {
  if (p.file === undefined) return "";
  let loc = p.file;
  if (p.line !== undefined) loc += `:${p.line}`;
  if (p.line !== undefined && p.column !== undefined) loc += `:${p.column}`;
  return `${loc}: `;
}

export function renderProblem(p: Problem, chalk: ChalkInstance): string {
  const label = p.severity === "warning" ? chalk.yellow("warning: ") : "";
  const hint = p.hint ? ` — ${p.hint}` : "";
  return `${location(p)}${label}${p.message}${hint}`;
}

/** Errors first, each group in file then line order, so the first line is the first thing to fix. */
export function renderProblems(problems: readonly Problem[], chalk: ChalkInstance): string {
  const sorted = [...problems].sort((a, b) =>
    (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1)
    || (a.file ?? "").localeCompare(b.file ?? "")
    // A file's "more errors not shown" comes after the errors it follows.
    || Number(a.code === TOO_MANY_ERRORS) - Number(b.code === TOO_MANY_ERRORS)
    || (a.line ?? 0) - (b.line ?? 0)
    || (a.column ?? 0) - (b.column ?? 0));
  return sorted.map((p) => renderProblem(p, chalk)).join("\n") + (sorted.length > 0 ? "\n" : "");
}
