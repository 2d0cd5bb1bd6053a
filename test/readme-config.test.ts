// The README's configuration table stays true to dunning.yaml's schema: every key the schema
// accepts is named in a row of the table (a key added without its documentation fails here),
// and every key the table names in its first column is one the schema accepts.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type * as z from "zod";
import { configSchema } from "../src/io/config-schema.js";
import { ROOT } from "./helpers/run-cli.js";

type Def = { type: string; innerType?: z.ZodType; valueType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (t: z.ZodType): Def => (t as unknown as { _zod: { def: Def } })._zod.def;

/** The schema without optional, default and transform wrappers. */
function bare(t: z.ZodType): z.ZodType {
  const def = defOf(t);
  if ((def.type === "optional" || def.type === "default" || def.type === "nullable") && def.innerType) return bare(def.innerType);
  if (def.type === "pipe" && def.in) return bare(def.in);
  return t;
}

/** Every key path: objects by their keys, records as NAME, arrays of objects as `[]`. */
function keyPaths(t: z.ZodType, prefix: string): string[] {
  const node = bare(t);
  const def = defOf(node);
  if (def.type === "object") {
    const shape = (node as unknown as { shape: Record<string, z.ZodType> }).shape;
    return Object.entries(shape).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)]);
  }
  if (def.type === "record" && def.valueType && defOf(bare(def.valueType)).type === "object") return keyPaths(def.valueType, `${prefix}NAME.`);
  if (def.type === "array" && def.element && defOf(bare(def.element)).type === "object") return keyPaths(def.element, `${prefix.slice(0, -1)}[].`);
  return [];
}

const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Configuration: `dunning.yaml`"), readme.indexOf("## Exit codes"));
const rows = section.split("\n").filter((l) => l.startsWith("| `"));

describe("README configuration table", () => {
  const paths = keyPaths(configSchema as unknown as z.ZodType, "");

  it.each(paths)("documents %s", (key) => {
    const segments = key.split(".");
    const leaf = (segments[segments.length - 1] as string).replace("[]", "");
    const top = segments[0] as string;
    // A row about the key's section that names it in a code span: in full, or its last part
    // (`tolerance_pct` beside `matching.tolerance_abs`, `{scenario, ids: [...]}`).
    const named = new RegExp(`\`[^\`]*\\b${leaf}\\b[^\`]*\``);
    const row = rows.find((r) => (r.split("|")[1] ?? "").includes(`\`${top}`) && named.test(r));
    expect(row, `no row of the README's configuration table names ${key}`).toBeDefined();
  });

  it("names only keys the schema accepts", () => {
    const known = new Set(paths.map((p) => p.replace(/\[\]/g, "")));
    const named = rows.flatMap((r) => [...(r.split("|")[1] ?? "").matchAll(/`([a-z_]+(?:\.[A-Za-z_*[\]]+)+)`/g)].map((m) => (m[1] as string).replace(/\[\]/g, "")));
    expect(named.length).toBeGreaterThan(20);
    for (const key of named) {
      if (key.endsWith(".*")) expect(paths.some((p) => p.startsWith(key.slice(0, -1))), key).toBe(true);
      // Placeholders in capitals (NAME, CUR) stand for a record's keys.
      else {
        const normal = key.replace(/\.[A-Z]+(?=\.|$)/g, ".NAME");
        expect(known.has(normal) || paths.some((p) => p.startsWith(`${normal}.`)), `${key} is in the README but not in the schema`).toBe(true);
      }
    }
  });
});
