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
  /** How many errors it stands for, when more than itself: the cap's line (ProblemSink). */
  readonly count?: number;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

/** The code of the line that stands for the errors of a file beyond the cap (ProblemSink). */
export const TOO_MANY_ERRORS = "too_many_errors";

/** How many errors these problems hold: each is one, the cap's line as many as it did not show. */
export function errorCount(problems: readonly Problem[]): number {
  let n = 0;
  for (const p of problems) if (p.severity === "error") n += p.count ?? 1;
  return n;
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

/** Errors listed per file before the rest are only counted. */
export const DEFAULT_MAX_ERRORS = 50;

/** Collects problems in the order found, capping errors so a wrong file does not flood the terminal. */
export class ProblemSink {
  readonly problems: Problem[] = [];
  errors = 0;
  dropped = 0;
  constructor(private readonly file: string, private readonly max = DEFAULT_MAX_ERRORS) {}
  error(code: string, message: string, line: number, column: number | undefined, hint: string): void {
    if (this.errors++ >= this.max) {
      this.dropped++;
      return;
    }
    this.problems.push(problem("error", code, message, { file: this.file, line, column, hint }));
  }
  warn(code: string, message: string, line: number | undefined, hint?: string): void {
    this.problems.push(problem("warning", code, message, { file: this.file, line, hint }));
  }
  /** A problem found elsewhere (another slice), counted as if found here. */
  add(p: Problem): void {
    if (p.severity === "warning") this.problems.push(p);
    else if (this.errors++ >= this.max) this.dropped++;
    else this.problems.push(p);
  }
  /** Errors another sink found but did not keep; they come after everything it kept. */
  skip(count: number): void {
    this.errors += count;
    this.dropped += count;
  }
  finish(): Problem[] {
    if (this.dropped > 0) {
      this.problems.push({ ...problem("error", TOO_MANY_ERRORS, `${this.dropped} more errors not shown`, {
        file: this.file, hint: "fix the ones above first; they are often the same mistake",
      }), count: this.dropped });
    }
    return this.problems;
  }
}
