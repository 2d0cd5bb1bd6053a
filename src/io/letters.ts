// Reminders → letters: picks each letter's language, renders every template before anything is
// written or sent (so one bad template stops the whole batch), and writes print-ready HTML and
// PDF files whose names sort by date. Used by `dunning letter`, the outbox of `dunning run` and
// the previews of its dry run.

import { createHash } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PlainDate } from "../core/dates.js";
import { problem, type Problem } from "../core/problem.js";
import type { Reminder } from "../core/reminder.js";
import { InputError } from "../errors.js";
import { buildLetterContext, chooseLanguage, type CompanyIdentity, type DebtorIdentity, type LetterContext } from "../render/letter-context.js";
import { beyondFonts } from "./pdf-fonts.js";
import { renderPdf } from "./pdf.js";
import { loadTemplates, uniqueProblems, type RenderedLetter, type Templates } from "./templates.js";

export interface LetterSettings {
  readonly asOf: PlainDate;
  readonly company: CompanyIdentity;
  /** The company's locale (settings.locale, e.g. `fr-FR`): language fallback and formatting. */
  readonly locale: string;
  /** The company's currency (settings.currency); letters in another one get it in their name. */
  readonly currency?: string | undefined;
  /** The user's templates folder (config `templates:`), already resolved; searched first. */
  readonly templates?: string | undefined;
  /** Postal address and identifiers of debtors by customer id, when known. */
  readonly debtors?: ReadonlyMap<string, DebtorIdentity> | undefined;
  /** late_payment.profile, so letters cite the law that the charges come from. */
  readonly latePayment?: string | undefined;
}

export interface Letter {
  readonly reminder: Reminder;
  readonly context: LetterContext;
  readonly rendered: RenderedLetter;
  /** Worth telling the user (language fallback, no postal address) but not blocking. */
  readonly warnings: readonly Problem[];
}

export type Medium = "letter" | "email";

function templateName(reminder: Reminder): string {
  return reminder.step.template ?? reminder.step.id;
}

function renderOne(templates: Templates, reminder: Reminder, settings: LetterSettings, medium: Medium): Letter {
  const name = templateName(reminder);
  const available = templates.languages.filter((l) => templates.names(l).includes(name));
  if (available.length === 0) {
    throw new InputError([problem("error", "template_missing", `no template "${name}" for step ${reminder.step.id}`, {
      hint: `add ${name}.subject.hbs, ${name}.html.hbs and ${name}.text.hbs to a language folder of your templates`,
    })]);
  }
  const { language, locale, fellBack } = chooseLanguage(reminder.language, settings.locale, available);
  const warnings: Problem[] = [];
  if (fellBack) {
    warnings.push(problem("warning", "letter_language", `${reminder.customer}: no "${name}" template in language "${reminder.language}", written in ${language}`, {
      hint: `add templates/${reminder.language.slice(0, 2).toLowerCase()}/${name}.*.hbs to write in that language`,
    }));
  }
  const debtor = settings.debtors?.get(reminder.customer);
  if (medium === "letter" && !debtor?.address) {
    warnings.push(problem("warning", "letter_no_address", `${reminder.customer}: no postal address for ${reminder.customerName || reminder.customer}; the address block of the letter is empty`, {
      hint: "write the address on the letter or envelope before posting it",
    }));
  }
  const context = buildLetterContext(reminder, { asOf: settings.asOf, company: settings.company, language, locale, medium, debtor, latePayment: settings.latePayment });
  const rendered = templates.render(name, context);
  // A posted letter is a PDF in the standard fonts, which cannot print every alphabet.
  const missing = medium === "letter" || reminder.step.attachPdf === true ? beyondFonts(`${rendered.subject}\n${rendered.pdfText}\n${reminder.customerName}\n${debtor?.address ?? ""}`) : [];
  if (missing.length > 0) {
    warnings.push(problem("warning", "letter_glyphs", `${reminder.customer}: the PDF's fonts cannot print ${missing.slice(0, 6).map((ch) => `"${ch}"`).join(", ")}${missing.length > 6 ? ", …" : ""}: printed as the plain letters they are made on where they have one, others as ?`, {
      hint: "check the name and address on the printed letter or attached PDF; the e-mail's text and the HTML are written as they are",
    }));
  }
  return { reminder, context, rendered, warnings };
}

/** What a letter or a formal notice needs of the creditor and the configuration lacks. */
function senderGaps(company: LetterSettings["company"]): string[] {
  const missing: string[] = [];
  if (!company.name?.trim()) missing.push("company.name");
  if (!company.address?.trim()) missing.push("company.address");
  if (!company.phone?.trim() && !company.email?.trim()) missing.push("company.phone or company.email");
  return missing;
}

function senderWarning(missing: readonly string[]): Problem {
  return problem("warning", "letter_no_sender", `letters and formal notices do not say who writes them: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set`, {
    hint: "set them under company: in dunning.yaml (a formal notice must name the creditor and how to reach it)",
  });
}

/**
 * Templates loaded once, rendering reminders on demand. Structurally a MessageRenderer for
 * `dunning run`: call `renderAll` on the whole plan first, so that a template error stops the
 * run before the first message goes out.
 */
export interface LetterRenderer {
  /** Renders every reminder; throws one InputError listing the problems of all of them. */
  renderAll(reminders: readonly Reminder[], medium?: Medium): Letter[];
  /** The e-mail of a reminder; the PDF is attached when the step says `attach_pdf`. */
  email(reminder: Reminder): Promise<{ subject: string; text: string; html: string; pdf?: Buffer | undefined }>;
  /** Writes the letter to post (HTML and PDF) into `dir`; returns the paths written. */
  letter(reminder: Reminder, dir: string): Promise<string[]>;
}

export async function createLetterRenderer(settings: LetterSettings): Promise<LetterRenderer> {
  const templates = await loadTemplates({ user: settings.templates });
  // `dunning run` renders the whole plan first (so a template error stops it before anything
  // leaves), then asks for each message again as it sends: the second time costs nothing.
  const rendered = new WeakMap<Reminder, Map<Medium, Letter>>();
  let senderChecked = false;
  const renderCached = (reminder: Reminder, medium: Medium): Letter => {
    let byMedium = rendered.get(reminder);
    if (!byMedium) rendered.set(reminder, (byMedium = new Map()));
    let letter = byMedium.get(medium);
    if (!letter) {
      letter = renderOne(templates, reminder, settings, medium);
      // Said once, with the first letter or notice: it is the same on all of them.
      if (!senderChecked && (medium === "letter" || letter.context.is_formal_notice)) {
        senderChecked = true;
        const missing = senderGaps(settings.company);
        if (missing.length > 0) letter = { ...letter, warnings: [...letter.warnings, senderWarning(missing)] };
      }
      byMedium.set(medium, letter);
    }
    return letter;
  };
  const renderAll = (reminders: readonly Reminder[], medium?: Medium): Letter[] => {
    const letters: Letter[] = [];
    const problems: Problem[] = [];
    for (const reminder of reminders) {
      // A call is made by a person from the call list: phone steps have no template.
      if (reminder.channel === "phone") continue;
      try {
        letters.push(renderCached(reminder, medium ?? (reminder.channel === "letter" ? "letter" : "email")));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
      }
    }
    if (problems.length > 0) throw new InputError(uniqueProblems(problems));
    return letters;
  };
  return {
    renderAll,
    async email(reminder) {
      const [letter] = renderAll([reminder], "email") as [Letter];
      const { subject, text, html } = letter.rendered;
      return { subject, text, html, pdf: reminder.step.attachPdf === true ? await letterPdf(letter) : undefined };
    },
    async letter(reminder, dir) {
      const [letter] = renderAll([reminder], "letter") as [Letter];
      return writeLetterFiles(letter, settings, dir);
    },
  };
}

/** The PDF of a rendered letter (for printing, or for attaching to an e-mail). */
export function letterPdf(letter: Letter): Promise<Buffer> {
  return renderPdf({ context: letter.context, subject: letter.rendered.subject, body: letter.rendered.pdfText });
}

/**
 * A value as a file-name part: letters, digits, `.`, `_` and `-` only. A changed value gets a
 * short hash of the original so that `A/1` and `A_1` can never write the same file.
 */
export function safeFilePart(value: string): string {
  const cleaned = value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "").slice(0, 60) || "_";
  if (cleaned === value) return cleaned;
  return `${cleaned}-${createHash("sha256").update(value).digest("hex").slice(0, 6)}`;
}

/**
 * `2026-11-22_C00012_formal-notice`, plus `_USD` for a letter in another currency than the
 * company's: one customer can get one letter per currency at the same step.
 */
export function letterBaseName(asOf: PlainDate, reminder: Reminder, companyCurrency = "EUR"): string {
  const parts = [asOf, safeFilePart(reminder.customer), safeFilePart(reminder.step.id)];
  if (reminder.currency !== companyCurrency) parts.push(safeFilePart(reminder.currency));
  return parts.join("_");
}

/** Writes next to the target then renames, so a reader never sees half a letter. */
async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** `<as-of>_<customer>_<step>.html` and `.pdf` in `outDir` (created if needed); returns their paths. */
async function writeLetterFiles(letter: Letter, settings: LetterSettings, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const base = path.join(outDir, letterBaseName(settings.asOf, letter.reminder, settings.currency));
  await writeAtomic(`${base}.html`, letter.rendered.html);
  await writeAtomic(`${base}.pdf`, await letterPdf(letter));
  return [`${base}.html`, `${base}.pdf`];
}
