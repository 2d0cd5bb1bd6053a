// The core stays pure: no file in src/core (any depth) imports Node, the shell layers (io, render,
// commands) or their libraries, nor touches process, console or the clock. Checked on the AST.

import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");
const CORE = path.join(SRC, "core");

/** Libraries of the shell: terminal, e-mail, templates, CLI parsing, CSV/YAML/encodings. */
const SHELL_PACKAGES = ["nodemailer", "chalk", "handlebars", "commander", "cli-table3", "csv-parse", "csv-stringify",
  "iconv-lite", "yaml"];
const BUILTINS = new Set(builtinModules);

function coreFiles(dir = CORE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return coreFiles(full);
    return /\.[cm]?tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Why an import specifier is not allowed in the core file at `file`, or undefined. */
function badImport(specifier: string, file: string): string | undefined {
  if (specifier.startsWith("node:")) return "imports a Node module";
  if (specifier.startsWith(".")) {
    const target = path.resolve(path.dirname(file), specifier);
    if (target !== CORE && !target.startsWith(CORE + path.sep)) {
      return `imports ${path.relative(SRC, target)} from outside the core`;
    }
    return undefined;
  }
  const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0] ?? "";
  if (BUILTINS.has(name)) return "imports a Node module";
  if (SHELL_PACKAGES.includes(name)) return "imports a shell library";
  return undefined;
}

const isIdentifier = (node: ts.Node, name: string): boolean => ts.isIdentifier(node) && node.text === name;

/** The global an expression reaches, seeing through `globalThis.x`. */
function globalName(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) && isIdentifier(node.expression, "globalThis")) return node.name.text;
  return undefined;
}

/** Every impurity in one source text, as `line: what`. */
function impurities(source: string, file: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, what: string): void => {
    found.push(`${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${what}`);
  };
  const checkSpecifier = (node: ts.Node, spec: ts.Node | undefined): void => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    const why = badImport(spec.text, file);
    if (why) report(node, `${why} ("${spec.text}")`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) checkSpecifier(node, node.moduleSpecifier);
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      checkSpecifier(node, node.moduleReference.expression);
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) checkSpecifier(node, node.argument.literal);
    if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword || isIdentifier(node.expression, "require")) {
        checkSpecifier(node, node.arguments[0]);
      }
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && globalName(callee.expression) === "Date" && callee.name.text === "now") {
        report(node, "reads the clock (Date.now())");
      }
      if (globalName(callee) === "Date") report(node, "reads the clock (Date())");
    }
    if (ts.isNewExpression(node) && globalName(node.expression) === "Date" && (node.arguments?.length ?? 0) === 0) {
      report(node, "reads the clock (new Date())");
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const target = globalName(node.expression);
      if (target === "process" || target === "console") report(node, `uses ${target}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("architecture: src/core is pure", () => {
  const files = coreFiles();

  it("finds the core files it guards", () => {
    const names = files.map((f) => path.relative(CORE, f));
    expect(names).toEqual(expect.arrayContaining(["money.ts", "dates.ts", "headers.ts", "records.ts", "references.ts", "model.ts"]));
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((f) => [path.relative(SRC, f), f]))("%s imports nothing impure and touches no process, console or clock", (_, file) => {
    expect(impurities(readFileSync(file, "utf8"), file)).toEqual([]);
  });

  describe("the checker itself", () => {
    const at = path.join(CORE, "example.ts");
    const nested = path.join(CORE, "sub", "example.ts");

    it.each([
      ['import { readFileSync } from "node:fs";', "imports a Node module"],
      ['import fs from "fs";', "imports a Node module"],
      ['import { join } from "path/posix";', "imports a Node module"],
      ['import type { Settings } from "../io/settings.js";', "from outside the core"],
      ['import { renderAge } from "../render/age.js";', "from outside the core"],
      ['export { age } from "../commands/age.js";', "from outside the core"],
      ['import { InputError } from "../errors.js";', "from outside the core"],
      ['import nodemailer from "nodemailer";', "shell library"],
      ['import chalk from "chalk";', "shell library"],
      ['import Handlebars from "handlebars";', "shell library"],
      ['const m = await import("node:os");', "imports a Node module"],
      ['const m = require("chalk");', "shell library"],
      ['type S = import("../io/settings.js").Settings;', "from outside the core"],
      ["const env = process.env.TZ;", "uses process"],
      ['const tz = process["env"];', "uses process"],
      ["globalThis.process.exit(1);", "uses process"],
      ['console.log("x");', "uses console"],
      ['console.error("x");', "uses console"],
      ["const t = Date.now();", "Date.now()"],
      ["const t = new Date();", "new Date()"],
      ["const t = new Date;", "new Date()"],
      ["const t = new globalThis.Date();", "new Date()"],
      ["const s = Date();", "Date()"],
    ])("flags %j", (source, why) => {
      const found = impurities(source, at);
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(why);
    });

    it("resolves relative imports from nested core folders", () => {
      expect(impurities('import { x } from "../../io/csv.js";', nested)).toHaveLength(1);
      expect(impurities('import { x } from "../money.js";', nested)).toEqual([]);
    });

    it.each([
      'import { parseAmount } from "./money.js";',
      'import type { Table } from "./model.js";',
      "const d = new Date(n * 86_400_000).toISOString();",
      "const t = Date.UTC(2026, 0, 1);",
      "// never use process.env, console.log or Date.now() here\nconst x = 1;",
      "/* new Date() is forbidden */ const y = 2;",
      'const hint = "set process.env.TZ or check console.log output";',
      "const o = { process: 1, console: 2 }; const p = o.process;",
    ])("allows %j", (source) => {
      expect(impurities(source, at)).toEqual([]);
    });

    it("reports the line of each violation", () => {
      expect(impurities('import { a } from "./a.js";\n\nconsole.log(a);\nconst t = Date.now();\n', at))
        .toEqual(["3: uses console", "4: reads the clock (Date.now())"]);
    });
  });
});
