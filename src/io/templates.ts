// Letter templates: found in the user's folder first, then in the shipped templates/, compiled
// up front by strict Handlebars (HTML escaped, subject and text not), rendered from a
// LetterContext. Every failure is a Problem with file and line, raised before anything is sent.

import Handlebars from "handlebars";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { problem, type Problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import type { PlainDate } from "../core/dates.js";
import { buildLetterContext, chooseLanguage, type CompanyIdentity, type LetterContext } from "../render/letter-context.js";
import { sampleReminders } from "../render/letter-sample.js";
import { registerLetterHelpers, tagFailure, templateProblem } from "./template-helpers.js";

/** The templates shipped with the package (`dist/io/` and `src/io/` are both two levels down). */
export const SHIPPED_TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));
/** The fonts shipped for PDF letters that Helvetica cannot print (io/pdf.ts): assets, not templates to copy or read. */
export const FONTS_FOLDER = "fonts";

export const PARTS = ["subject", "html", "text"] as const;
export type Part = (typeof PARTS)[number];

/** Partials the PDF draws itself from the context; its text flow only marks where they go. */
export const PDF_BLOCKS = ["letterhead", "invoice-table", "interest-table"] as const;
export type PdfBlock = (typeof PDF_BLOCKS)[number];
export const PDF_MARK = "\u001e";

export interface TemplateFolders {
  /** The user's folder (config `templates:`), searched first; may be missing. */
  readonly user?: string | undefined;
  readonly shipped?: string | undefined;
}

/** One letter rendered: `pdfText` is the text body with PDF block markers instead of tables. */
export interface RenderedLetter {
  readonly template: string;
  readonly language: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly pdfText: string;
}

export interface Templates {
  /** Languages that have at least one letter template, sorted. */
  readonly languages: readonly string[];
  /** Template names (`reminder-1`) with all three parts in a language, sorted. */
  names(language: string): readonly string[];
  /** Renders every part; throws InputError naming the file, line and variable on failure. */
  render(template: string, context: LetterContext): RenderedLetter;
}

interface Source {
  /** Path as shown in messages. */
  readonly file: string;
  readonly source: string;
}

type Sources = Map<string, Source>;

async function listHbs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith(".hbs")).sort();
  } catch {
    return [];
  }
}

/** Reads `<lang>/*.hbs`, `<lang>/partials/*.hbs` and `partials/*.hbs`, keyed by relative path. */
async function readFolder(root: string, into: Sources): Promise<void> {
  let entries: string[];
  try {
    entries = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== FONTS_FOLDER).map((d) => d.name).sort();
  } catch {
    return;
  }
  for (const dir of entries) {
    const subdirs = dir === "partials" ? [dir] : [dir, `${dir}/partials`];
    for (const sub of subdirs) {
      for (const name of await listHbs(path.join(root, sub))) {
        const file = path.join(root, sub, name);
        into.set(`${sub}/${name}`, { file, source: await readFile(file, "utf8") });
      }
    }
  }
}

/** Partial names a template uses, with where, for a "not found" check before rendering. */
function partialsUsed(ast: hbs.AST.Program): { name: string; line: number; column: number }[] {
  const found: { name: string; line: number; column: number }[] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    const n = node as { type?: string; name?: { original?: unknown }; loc?: hbs.AST.SourceLocation };
    if ((n.type === "PartialStatement" || n.type === "PartialBlockStatement") && typeof n.name?.original === "string" && !n.name.original.startsWith("@")) {
      found.push({ name: n.name.original, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1 });
    }
    for (const value of Object.values(node)) if (typeof value === "object") visit(value);
  };
  visit(ast);
  return found;
}

/**
 * The column of a Handlebars parse error. Its message shows the consumed input's last characters
 * (line breaks dropped) above a caret: the column is where that text ends on the error's line.
 */
function parseErrorColumn(source: string, line: number, message: string): number | undefined {
  const [, excerpt = "", caret = ""] = message.split("\n");
  if (caret.indexOf("^") < 0) return undefined;
  // Handlebars drops the LF of each line break it shows, not the CR of a CRLF: drop that too.
  const past = excerpt.slice(0, caret.indexOf("^")).replace(/^\.\.\./, "").replace(/\r/g, "");
  const lines = source.split(/\r?\n/);
  const before = lines.slice(0, line - 1).join("");
  const text = lines[line - 1] ?? "";
  for (let col = text.length; col >= 0; col--) {
    if ((before + text.slice(0, col)).endsWith(past)) return col + 1;
  }
  return undefined;
}

function parseOrProblem(hb: typeof Handlebars, src: Source, problems: Problem[]): hbs.AST.Program | undefined {
  try {
    return hb.parse(src.source);
  } catch (err) {
    const msg = String((err as Error).message);
    // Two shapes: "Parse error on line N: …" with an excerpt, or "each doesn't match if - N:C".
    const located = / - (\d+):(\d+)$/.exec(msg);
    const line = located?.[1] ?? /on line (\d+)/.exec(msg)?.[1];
    const detail = located ? msg.slice(0, located.index) : msg.split("\n").at(-1) ?? msg;
    problems.push(problem("error", "template_syntax", `template syntax error: ${detail}`, {
      file: src.file, line: line === undefined ? undefined : Number(line),
      column: located ? Number(located[2]) + 1 : line === undefined ? undefined : parseErrorColumn(src.source, Number(line), msg),
      hint: "check that every {{#block}} is closed and every {{ has its }}",
    }));
    return undefined;
  }
}

type Format = "html" | "text" | "pdf";

/** One Handlebars instance per language and format, its partials registered and error-tagged. */
function makeEnvironment(language: string, format: Format, sources: Sources, problems: Problem[]): typeof Handlebars {
  const hb = Handlebars.create();
  registerLetterHelpers(hb);
  const ext = format === "html" ? "html" : "text";
  const partials = new Map<string, Source>();
  for (const prefix of ["partials/", `${language}/partials/`]) {
    for (const [key, src] of sources) {
      if (key.startsWith(prefix) && key.endsWith(`.${ext}.hbs`) && !key.slice(prefix.length).includes("/")) {
        partials.set(key.slice(prefix.length, -`.${ext}.hbs`.length), src);
      }
    }
  }
  for (const [name, src] of partials) {
    if (format === "pdf" && (PDF_BLOCKS as readonly string[]).includes(name)) {
      hb.registerPartial(name, () => `${PDF_MARK}${name}${PDF_MARK}\n`);
      continue;
    }
    if (!parseOrProblem(hb, src, problems)) continue;
    const compiled = hb.compile(src.source, { strict: true, noEscape: format !== "html" });
    hb.registerPartial(name, ((context: unknown, options: unknown) => {
      try {
        return compiled(context, options as RuntimeOptions);
      } catch (err) {
        tagFailure(err, src.file, src.source);
        throw err;
      }
    }) as unknown as Handlebars.Template);
  }
  return hb;
}

type RuntimeOptions = Handlebars.RuntimeOptions;

/** Loads and compiles every template; throws InputError listing every syntax or partial problem. */
export async function loadTemplates(folders: TemplateFolders = {}): Promise<Templates> {
  const sources: Sources = new Map();
  await readFolder(folders.shipped ?? SHIPPED_TEMPLATES, sources);
  if (folders.user !== undefined) await readFolder(folders.user, sources);
  const problems: Problem[] = [];
  const byLanguage = new Map<string, Map<string, Map<Part, Source>>>();
  for (const [key, src] of sources) {
    const m = /^([^/]+)\/([^/]+)\.(subject|html|text)\.hbs$/.exec(key);
    if (!m || m[1] === "partials") continue;
    const [, language = "", name = "", part = "text"] = m;
    const names = byLanguage.get(language) ?? new Map<string, Map<Part, Source>>();
    byLanguage.set(language, names);
    const parts = names.get(name) ?? new Map<Part, Source>();
    names.set(name, parts);
    parts.set(part as Part, src);
  }
  const compiled = new Map<string, { source: Source; run: Handlebars.TemplateDelegate }>();
  for (const [language, names] of byLanguage) {
    const envs = { html: makeEnvironment(language, "html", sources, problems), text: makeEnvironment(language, "text", sources, problems), pdf: makeEnvironment(language, "pdf", sources, problems) };
    for (const [name, parts] of names) {
      for (const part of PARTS) {
        const src = parts.get(part);
        if (!src) {
          problems.push(problem("error", "template_missing", `template ${name} (${language}) has no ${part} part`, {
            hint: `add ${language}/${name}.${part}.hbs next to the other parts`,
          }));
          continue;
        }
        const env = part === "html" ? envs.html : envs.text;
        const ast = parseOrProblem(env, src, problems);
        if (!ast) continue;
        for (const used of partialsUsed(ast)) {
          if (!(used.name in env.partials)) {
            problems.push(problem("error", "template_partial", `partial "${used.name}" not found`, {
              file: src.file, line: used.line, column: used.column,
              hint: `add ${language}/partials/${used.name}.${part === "html" ? "html" : "text"}.hbs`,
            }));
          }
        }
        const options = { strict: true, noEscape: part !== "html" };
        compiled.set(`${language}/${name}.${part}`, { source: src, run: env.compile(src.source, options) });
        if (part === "text") compiled.set(`${language}/${name}.pdf`, { source: src, run: envs.pdf.compile(src.source, options) });
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return makeTemplates(byLanguage, compiled);
}

function makeTemplates(
  byLanguage: Map<string, Map<string, Map<Part, Source>>>,
  compiled: Map<string, { source: Source; run: Handlebars.TemplateDelegate }>,
): Templates {
  const languages = [...byLanguage.keys()].sort();
  const names = (language: string): string[] => [...(byLanguage.get(language)?.keys() ?? [])].sort();
  const run = (key: string, template: string, context: object): string => {
    const entry = compiled.get(key);
    if (!entry) throw new InputError([problem("error", "template_missing", `no template ${key.replace(/\.\w+$/, "")} in templates/`)]);
    try {
      return entry.run(context);
    } catch (err) {
      throw new InputError([templateProblem(err, template, entry.source.file, entry.source.source)]);
    }
  };
  return {
    languages,
    names,
    render(template, context) {
      const base = `${context.language}/${template}`;
      const label = `${template}, ${context.language}`;
      const problems: Problem[] = [];
      // Every part is tried, so one run reports the mistakes of all three files.
      const attempt = (part: string, data: object): string => {
        try {
          return run(`${base}.${part}`, label, data);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          problems.push(...err.problems);
          return "";
        }
      };
      // One line, whatever the template's layout: a subject is a mail header.
      // No-break spaces stay: they keep "624,00 €" together.
      const subject = attempt("subject", context).replace(/[ \t\r\n\f\v\u0085\u2028\u2029]+/g, " ").trim();
      const full = { ...context, subject };
      const letter = {
        template, language: context.language, subject,
        html: attempt("html", full), text: tidy(attempt("text", full)), pdfText: tidy(attempt("pdf", full)),
      };
      if (problems.length > 0) throw new InputError(uniqueProblems(problems));
      return letter;
    },
  };
}

/**
 * One report per place: the text and PDF runs of a file fail alike, and a partial fails once
 * for every letter using it. The first report (naming the first template) is kept.
 */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Map<string, Problem>();
  for (const p of problems) {
    const key = p.file === undefined ? p.message : `${p.code}:${p.file}:${p.line}:${p.column}`;
    if (!seen.has(key)) seen.set(key, p);
  }
  return [...seen.values()];
}

/** Blank lines left by skipped sections collapse to one, and the body ends with one newline. */
function tidy(text: string): string {
  return text.replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n").trim() + "\n";
}

/** What `dunning check` needs to try the templates on made-up letters. */
export interface CheckOptions {
  readonly asOf: PlainDate;
  readonly company: CompanyIdentity;
  /** The company's locale (`fr-FR`): the letters of its own language are formatted with it. */
  readonly locale: string;
  /**
   * Templates the scenarios' steps name, with where (`scenarios.standard.steps.1`, in `file`): a
   * name found in no language would fail only on the day its step falls due.
   */
  readonly required?: readonly { readonly template: string; readonly where: string; readonly file?: string | undefined }[];
}

/**
 * Compiles every template, then renders each one in each language twice (every optional
 * section on, then off), so a misspelt variable anywhere is found without real data.
 * Returns the problems (empty when all is well); never throws for a template's fault.
 */
export async function checkTemplates(folders: TemplateFolders, options: CheckOptions): Promise<Problem[]> {
  let templates: Templates;
  try {
    templates = await loadTemplates(folders);
  } catch (err) {
    if (err instanceof InputError) return [...err.problems];
    throw err;
  }
  const problems: Problem[] = [];
  for (const language of templates.languages) {
    const { locale } = chooseLanguage(language, options.locale, templates.languages);
    for (const name of templates.names(language)) {
      const { full, bare } = sampleReminders(name, options.asOf);
      const runs = [
        buildLetterContext(full, { asOf: options.asOf, company: options.company, language, locale, medium: "letter", debtor: { address: "1 Sample Street\n00000 Sample", siren: "000 000 000", vat: "XX000000000" } }),
        buildLetterContext(bare, { asOf: options.asOf, company: {}, language, locale, medium: "email" }),
      ];
      for (const context of runs) {
        try {
          templates.render(name, context);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          problems.push(...err.problems);
        }
      }
    }
  }
  const known = new Set(templates.languages.flatMap((l) => templates.names(l)));
  for (const r of options.required ?? []) {
    if (known.has(r.template)) continue;
    problems.push(problem("error", "template_missing", `${r.where}: template "${r.template}" exists in no language`, {
      file: r.file,
      hint: `add ${r.template}.subject.hbs, ${r.template}.html.hbs and ${r.template}.text.hbs to ${folders.user ?? "a templates folder (templates: in dunning.yaml)"}, or use one of: ${[...known].sort().join(", ")}`,
    }));
  }
  return uniqueProblems(problems);
}
