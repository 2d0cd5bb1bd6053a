// Problems found in the user's input, as data: the core never throws or prints for a user's
// mistake; the shell decides how to show them and which exit code follows. Pure.

export type Severity = "error" | "warning";

/** One thing wrong (or worth knowing) about an input, with where it is and how to fix it. */
export interface Problem {
  readonly severity: Severity;
  readonly code: string;
  /** What is wrong, including the offending value when there is one. */
  readonly message: string;
  /** How to fix it; rendered after an em dash. */
  readonly hint?: string;
  readonly file?: string;
  /** 1-based physical line in the file where the record starts. */
  readonly line?: number;
  /** 1-based field position in the record (CSV) or character column (YAML). */
  readonly column?: number;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

/** Builds a problem without `undefined` members, as exactOptionalPropertyTypes requires. */
export function problem(
  severity: Severity,
  code: string,
  message: string,
  where: { file?: string | undefined; line?: number | undefined; column?: number | undefined; hint?: string | undefined } = {},
): Problem {
  const p: { -readonly [K in keyof Problem]: Problem[K] } = { severity, code, message };
  if (where.hint !== undefined) p.hint = where.hint;
  if (where.file !== undefined) p.file = where.file;
  if (where.line !== undefined) p.line = where.line;
  if (where.column !== undefined) p.column = where.column;
  return p;
}
