// The Handlebars helpers of letter templates (money, date, plural, days, percent) and stricter
// versions of the built-in block helpers, plus the translation of a template failure into a
// Problem that names the file, the line and the variable.

import type { HelperDelegate, HelperOptions } from "handlebars";
import { problem, type Problem } from "../core/problem.js";
import { formatDate, formatDays, formatMoney, formatRate, pluralCategory, type DateStyle } from "../render/letter-format.js";

type Handlebars = typeof import("handlebars");

/** A helper got `undefined` where a value was expected: a misspelt or missing variable. */
export class TemplateValueError extends Error {
  constructor(
    readonly helper: string,
    readonly argument: number,
    readonly loc: { line: number; column: number } | undefined,
    message: string,
  ) {
    super(message);
    this.name = "TemplateValueError";
  }
}

/** Where a failure happened: set by the wrapper of the innermost template or partial. */
export interface TemplateFailure {
  file?: string;
  source?: string;
}

interface Root {
  readonly locale: string;
  readonly currency: string;
}

function rootOf(options: HelperOptions): Root {
  const root = (options.data as { root?: Partial<Root> } | undefined)?.root;
  return { locale: root?.locale ?? "en-GB", currency: root?.currency ?? "EUR" };
}

function locOf(options: HelperOptions): { line: number; column: number } | undefined {
  const loc = (options as unknown as { loc?: { start: { line: number; column: number } } }).loc;
  return loc ? { line: loc.start.line, column: loc.start.column } : undefined;
}

/**
 * Wraps a helper so that a missing (`undefined`) argument is an error: Handlebars' strict mode
 * only checks plain `{{name}}` lookups, not the arguments of helpers such as `{{#if typo}}`.
 */
function checked(name: string, min: number, body: (args: unknown[], options: HelperOptions, self: unknown) => unknown): HelperDelegate {
  return function (this: unknown, ...all: unknown[]): unknown {
    const options = all.pop() as HelperOptions;
    all.forEach((value, i) => {
      if (value === undefined) throw new TemplateValueError(name, i, locOf(options), `a value given to "${name}" is not defined`);
    });
    if (all.length < min) throw new TemplateValueError(name, all.length, locOf(options), `"${name}" needs ${min} value${min > 1 ? "s" : ""}`);
    return body(all, options, this);
  };
}

function wrongType(name: string, options: HelperOptions, expected: string, value: unknown): never {
  throw new TemplateValueError(name, 0, locOf(options), `"${name}" expects ${expected}, got ${JSON.stringify(value)}`);
}

/** Registers the letter helpers and the strict block helpers on one Handlebars instance. */
export function registerLetterHelpers(hb: Handlebars): void {
  hb.registerHelper("money", checked("money", 1, ([amount, currency], options) => {
    if (typeof amount !== "number" || !Number.isInteger(amount)) wrongType("money", options, "an amount in minor units", amount);
    const root = rootOf(options);
    return formatMoney(amount, typeof currency === "string" ? currency : root.currency, root.locale);
  }));
  hb.registerHelper("date", checked("date", 1, ([date, style], options) => {
    if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) wrongType("date", options, "a YYYY-MM-DD date", date);
    if (style !== undefined && style !== "numeric" && style !== "medium" && style !== "long") wrongType("date", options, `"numeric", "medium" or "long"`, style);
    return formatDate(date, rootOf(options).locale, style as DateStyle | undefined);
  }));
  hb.registerHelper("plural", checked("plural", 3, ([count, one, other], options) => {
    if (typeof count !== "number") wrongType("plural", options, "a count", count);
    return pluralCategory(count, rootOf(options).locale) === "one" ? one : other;
  }));
  hb.registerHelper("days", checked("days", 1, ([count], options) => {
    if (typeof count !== "number") wrongType("days", options, "a number of days", count);
    return formatDays(count, rootOf(options).locale);
  }));
  hb.registerHelper("percent", checked("percent", 1, ([rate], options) => {
    if (typeof rate !== "string" && typeof rate !== "number") wrongType("percent", options, "a rate", rate);
    return formatRate(String(rate), rootOf(options).locale);
  }));
  for (const name of ["if", "unless", "each", "with"]) {
    const builtin = hb.helpers[name] as HelperDelegate;
    hb.registerHelper(name, checked(name, 1, (args, options, self) => builtin.call(self, ...args, options)));
  }
}

/** Marks an error with the template or partial it came from, unless an inner one already did. */
export function tagFailure(error: unknown, file: string, source: string): void {
  if (error !== null && typeof error === "object") {
    const e = error as TemplateFailure;
    if (e.file === undefined) {
      e.file = file;
      e.source = source;
    }
  }
}

/** The argument at `index` of the mustache starting at `line:column` of `source`, if simple. */
function argumentAt(source: string, line: number, column: number, index: number): string | undefined {
  const text = source.split("\n")[line - 1]?.slice(column) ?? "";
  const inner = /^\{\{~?[#^]?\s*(.*?)\s*~?\}\}/.exec(text)?.[1];
  if (inner === undefined) return undefined;
  const tokens = inner.match(/"[^"]*"|'[^']*'|\([^)]*\)|[^\s]+/g) ?? [];
  const token = tokens[index + 1];
  return token !== undefined && /^[\w.@/-]+$/.test(token) ? token : undefined;
}

/**
 * A render failure as a Problem: `file:line:col: "x" is not defined (template reminder-1, fr)`.
 * `template` names the letter being rendered; `file` defaults to its own file.
 */
export function templateProblem(error: unknown, template: string, file: string, source: string): Problem {
  const e = (error ?? {}) as TemplateFailure & { message?: string; lineNumber?: number; column?: number };
  const where = e.file ?? file;
  const text = e.source ?? source;
  const hint = "see the template variables in the README; every name is snake_case";
  const message = String(e.message ?? error);
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing && e.lineNumber !== undefined) {
    return problem("error", "template_variable", `"${missing[1]}" is not defined (template ${template})`, {
      file: where, line: e.lineNumber, column: (e.column ?? 0) + 1, hint,
    });
  }
  if (error instanceof TemplateValueError) {
    const loc = error.loc;
    const name = loc ? argumentAt(text, loc.line, loc.column, error.argument) : undefined;
    const what = name !== undefined && message.includes("is not defined") ? `"${name}" is not defined` : message;
    return problem("error", "template_variable", `${what} (template ${template})`, {
      file: where, line: loc?.line, column: loc === undefined ? undefined : loc.column + 1, hint,
    });
  }
  return problem("error", "template_error", `${message.split("\n")[0] ?? message} (template ${template})`, { file: where });
}
