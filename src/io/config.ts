// Finding and reading dunning.yaml: YAML with positions, zod validation, and every problem
// reported as `dunning.yaml:LINE:COL: …` with a "did you mean" for unknown keys.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import { problem, type Problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { checkConfigRules } from "./config-rules.js";
import { configSchema, type ConfigFile } from "./config-schema.js";

export interface LoadedConfig {
  readonly config: ConfigFile;
  /** Absolute path of the file, or undefined when running without one. */
  readonly path: string | undefined;
  /** Folder that relative paths in the file are resolved against. */
  readonly baseDir: string;
}

/** `--config`, else ./dunning.yaml when present, else no file (every key takes its default). */
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<LoadedConfig> {
  const candidate = explicit ?? path.join(cwd, "dunning.yaml");
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, candidate), "utf8");
  } catch (err) {
    if (explicit === undefined && (err as NodeJS.ErrnoException).code === "ENOENT") {
      return { config: {}, path: undefined, baseDir: cwd };
    }
    throw new InputError([problem("error", "config_unreadable", `cannot read the configuration file (${(err as Error).message})`, {
      file: candidate, hint: "check the path given to --config",
    })]);
  }
  const abs = path.resolve(cwd, candidate);
  const config = parseConfig(text, path.relative(cwd, abs) || abs);
  return { config, path: abs, baseDir: path.dirname(abs) };
}

/** Parses and validates the text of a config file; throws InputError with every problem. */
export function parseConfig(text: string, file: string): ConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): { line?: number; column?: number } => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    throw new InputError(doc.errors.map((e) => problem("error", "config_yaml", e.message.split("\n")[0] as string, {
      file, ...at(e.pos[0]), hint: "fix the YAML syntax (indentation, quotes, colons)",
    })));
  }
  const value: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(value);
  if (!result.success) throw new InputError(result.error.issues.flatMap((issue) => issueProblems(issue, doc, file, at)));
  const rules = checkConfigRules(result.data);
  if (rules.length === 0) return result.data;
  throw new InputError(rules.map((r) => {
    const node = doc.getIn(r.path, true) as Node | undefined;
    return problem("error", "config_invalid", `${r.path.join(".")}: ${r.message}`, { file, ...at(node?.range?.[0]), hint: r.hint });
  }));
}

function issueProblems(
  issue: z.core.$ZodIssue, doc: Document, file: string,
  at: (offset: number | undefined) => { line?: number; column?: number },
): Problem[] {
  const keyPath = issue.path.map(String);
  const dotted = keyPath.join(".");
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(keyPath);
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      return problem("error", "config_unknown_key", `unknown key "${[...keyPath, key].join(".")}"`, {
        file, ...at(keyOffset(doc, keyPath, key)),
        hint: guess ? `did you mean "${guess}"?` : `known keys here: ${known.join(", ")}`,
      });
    });
  }
  // A missing key has no node of its own: point at the nearest mapping that should hold it.
  let node: Node | undefined;
  for (let n = keyPath.length; n >= 0 && node?.range === undefined; n--) {
    node = (n === 0 ? doc.contents : doc.getIn(keyPath.slice(0, n), true)) as Node | undefined;
  }
  const missing = issue.code === "invalid_type" && / received undefined$/.test(issue.message);
  const message = missing ? `"${keyPath.at(-1)}" is missing here (a ${issue.expected} is required)` : issue.message;
  return [problem("error", "config_invalid", `${dotted || "(top level)"}: ${message}`, {
    file, ...at(node?.range?.[0]), hint: missing ? `add ${keyPath.at(-1)}: to this entry (see the configuration section of the README)` : "see the configuration section of the README",
  })];
}

function keyOffset(doc: Document, keyPath: readonly string[], key: string): number | undefined {
  const map = keyPath.length === 0 ? doc.contents : doc.getIn(keyPath, true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

/** Keys the schema accepts at a path, for "did you mean". */
function knownKeys(keyPath: readonly string[]): string[] {
  let schema: unknown = configSchema;
  for (const key of keyPath) schema = childOf(schema, key);
  return Object.keys((unwrap(schema) as { shape?: object } | undefined)?.shape ?? {});
}

interface SchemaLike {
  shape?: Record<string, unknown>;
  element?: unknown;
  valueType?: unknown;
  unwrap?: () => unknown;
}

function unwrap(schema: unknown): SchemaLike | undefined {
  let s = schema as SchemaLike | undefined;
  while (s && !s.shape && !s.element && !s.valueType && typeof s.unwrap === "function") s = s.unwrap() as SchemaLike;
  return s;
}

/** The schema of an object key, an array element or a record value. */
function childOf(schema: unknown, key: string): unknown {
  const s = unwrap(schema);
  return s?.shape?.[key] ?? s?.element ?? s?.valueType;
}

/** The known key nearest to a typo, within an edit distance of 3. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
