// A letter as an A4 PDF drawn with pdfkit from the letter's structured content: letterhead,
// addresses and tables from the context, prose from the rendered text body (whose table
// partials leave markers). Standard Helvetica (WinAnsi: € and accents) so nothing is embedded,
// unless the letter holds what Helvetica cannot print (see pdf-fonts.ts).

import PDFDocument from "pdfkit";
import { dayNumber } from "../core/dates.js";
import type { LetterContext } from "../render/letter-context.js";
import { formatDate, formatMoney, formatRate, tableDateStyle } from "../render/letter-format.js";
import { fillLabel, labelsFor, type LetterLabels } from "../render/letter-labels.js";
import { plainSpaces, toWinAnsi } from "../render/winansi.js";
import { forUnicodeFont, needsUnicodeFont, UNICODE_BOLD, UNICODE_FONT } from "./pdf-fonts.js";
import { PDF_MARK } from "./templates.js";

export interface PdfLetter {
  readonly context: LetterContext;
  readonly subject: string;
  /** The text body rendered for the PDF (RenderedLetter.pdfText). */
  readonly body: string;
}

const MM = 72 / 25.4;
const MARGIN = { top: 18 * MM, bottom: 20 * MM, left: 22 * MM, right: 18 * MM };
const A4_WIDTH = 210 * MM;
const WIDTH = A4_WIDTH - MARGIN.left - MARGIN.right;
/** The letter's two fonts, registered under these names as Helvetica or as the embedded font. */
const REGULAR = "body";
const BOLD = "body-bold";

/** A text as the PDF prints it in WinAnsi (see render/winansi.ts). */
export function pdfSafe(text: string): string {
  return toWinAnsi(plainSpaces(text));
}

type Doc = PDFKit.PDFDocument;

/** Per document, how its text is made printable: in WinAnsi for Helvetica, else for the embedded font. */
const printers = new WeakMap<Doc, (text: string) => string>();
const printable = (doc: Doc, text: string): string => (printers.get(doc) ?? pdfSafe)(text);
/** Is the document drawn in the embedded font (not Helvetica)? */
const embedsFont = (doc: Doc): boolean => printers.has(doc);
type Align = "left" | "right";

interface Column {
  readonly width: number;
  readonly align: Align;
}

/** Draws one table row; returns the y below it. Starts a new page (repeating `header`) if needed. */
function row(doc: Doc, columns: readonly Column[], cells: readonly string[], options: { bold?: boolean; rule?: "above" | "below"; header?: () => void } = {}): void {
  doc.font(options.bold ? BOLD : REGULAR).fontSize(9);
  const heights = cells.map((c, i) => doc.heightOfString(printable(doc, c), { width: (columns[i]?.width ?? 0) - 6 }));
  const height = Math.max(...heights) + 6;
  if (doc.y + height > doc.page.height - MARGIN.bottom) {
    doc.addPage();
    options.header?.();
    doc.font(options.bold ? BOLD : REGULAR).fontSize(9);
  }
  const top = doc.y;
  if (options.rule === "above") doc.moveTo(MARGIN.left, top).lineTo(MARGIN.left + WIDTH, top).lineWidth(0.8).stroke();
  let x = MARGIN.left;
  cells.forEach((cell, i) => {
    const col = columns[i] as Column;
    doc.text(printable(doc, cell), x + 3, top + 3, { width: col.width - 6, align: col.align, lineBreak: true });
    x += col.width;
  });
  const bottom = top + height;
  if (options.rule === "below") doc.moveTo(MARGIN.left, bottom).lineTo(MARGIN.left + WIDTH, bottom).lineWidth(0.8).stroke();
  doc.x = MARGIN.left;
  doc.y = bottom;
}

/** Label cells spanning all but the last column, amount in the last one. */
function totalRow(doc: Doc, columns: readonly Column[], label: string, amount: string, bold = false): void {
  const span = columns.slice(0, -1).reduce((a, c) => a + c.width, 0);
  row(doc, [{ width: span, align: "left" }, columns.at(-1) as Column], [label, amount], bold ? { bold, rule: "above" } : {});
}

function invoiceTable(doc: Doc, ctx: LetterContext, l: LetterLabels): void {
  const money = (v: number): string => formatMoney(v, ctx.currency, ctx.locale);
  const date = (d: string): string => formatDate(d, ctx.locale, tableDateStyle(ctx.locale));
  const cols: Column[] = [
    { width: 90, align: "left" }, { width: 80, align: "left" }, { width: 80, align: "left" },
    { width: 82, align: "right" }, { width: 70, align: "right" }, { width: WIDTH - 402, align: "right" },
  ];
  const header = (): void => row(doc, cols, [l.invoice, l.issueDate, l.dueDate, l.amount, l.paid, l.open], { bold: true, rule: "below" });
  header();
  for (const inv of ctx.invoices) {
    row(doc, cols, [inv.number, inv.issue_date_given ? date(inv.issue_date) : "—", date(inv.due_date), money(inv.amount), money(inv.paid), money(inv.open)], { header });
  }
  totalRow(doc, cols, ctx.has_accessories ? l.amountDue : l.totalDue, money(ctx.amount_due), !ctx.has_accessories);
  if (ctx.has_interest) totalRow(doc, cols, fillLabel(l.interestTo, { date: date(ctx.as_of) }), money(ctx.interest));
  if (ctx.has_indemnity) {
    const detail = ctx.indemnity_per_invoice > 0
      ? ` (${ctx.indemnity_count} × ${money(ctx.indemnity_per_invoice)})`
      : ` (${ctx.indemnities.map((i) => money(i.amount)).join(" + ")})`;
    totalRow(doc, cols, l.indemnity + detail, money(ctx.indemnity_total));
  }
  if (ctx.has_step_fee) totalRow(doc, cols, l.fees, money(ctx.step_fee));
  if (ctx.has_accessories) totalRow(doc, cols, l.totalClaimed, money(ctx.total_claimed), true);
  if (ctx.has_deadline) {
    doc.moveDown(0.4).font(BOLD).fontSize(10)
      .text(printable(doc, fillLabel(l.payBy, { date: formatDate(ctx.deadline || ctx.as_of, ctx.locale, "long"), amount: money(ctx.total_claimed) })), MARGIN.left, doc.y, { width: WIDTH });
  }
}

function interestTable(doc: Doc, ctx: LetterContext, l: LetterLabels): void {
  const money = (v: number): string => formatMoney(v, ctx.currency, ctx.locale);
  const date = (d: string): string => formatDate(d, ctx.locale, tableDateStyle(ctx.locale));
  const cols: Column[] = [
    { width: 90, align: "left" }, { width: 130, align: "left" }, { width: 40, align: "right" },
    { width: 66, align: "right" }, { width: 78, align: "right" }, { width: WIDTH - 404, align: "right" },
  ];
  const header = (): void => row(doc, cols, [l.invoice, l.period, l.days, l.rate, l.base, l.interest], { bold: true, rule: "below" });
  header();
  for (const p of ctx.interest_periods) {
    row(doc, cols, [p.invoice, `${date(p.from)} – ${date(p.to)}`, String(p.day_count), formatRate(p.rate, ctx.locale), money(p.base), money(p.interest)], { header });
  }
  totalRow(doc, cols, l.interestTotal, money(ctx.interest), true);
}

function letterhead(doc: Doc, ctx: LetterContext, subject: string, l: LetterLabels): void {
  const c = ctx.company;
  doc.font(BOLD).fontSize(14).text(printable(doc, c.name), MARGIN.left, MARGIN.top, { width: WIDTH / 2 });
  doc.font(REGULAR).fontSize(8.5);
  const ids = [c.siren && `${l.siren} ${c.siren}`, c.vat && `${l.vat} ${c.vat}`].filter(Boolean).join(" · ");
  const lines = [...c.address_lines, ids, c.phone && `${l.phone} ${c.phone}`, c.email].filter((s) => s !== "");
  for (const line of lines) doc.text(printable(doc, line), { width: WIDTH / 2 });
  // Right-hand window of a DL envelope, as in the HTML letter.
  const boxX = MARGIN.left + 88 * MM;
  doc.font(BOLD).fontSize(10).text(printable(doc, ctx.customer.name), boxX, Math.max(doc.y + 14, 50 * MM), { width: WIDTH - 88 * MM });
  doc.font(REGULAR);
  const debtor = [...ctx.customer.address_lines, ctx.customer.siren && `${l.siren} ${ctx.customer.siren}`, ctx.customer.vat && `${l.vat} ${ctx.customer.vat}`];
  for (const line of debtor.filter((s) => s !== "")) doc.text(printable(doc, line), { width: WIDTH - 88 * MM });
  const when = formatDate(ctx.as_of, ctx.locale, "long");
  const dateline = ctx.place ? fillLabel(l.placeAndDate, { place: ctx.place, date: when }) : fillLabel(l.dateOnly, { date: when });
  doc.fontSize(10).text(printable(doc, dateline), MARGIN.left, Math.max(doc.y + 20, 85 * MM), { width: WIDTH, align: "right" });
  doc.moveDown(1.2);
  if (ctx.is_registered) doc.font(BOLD).fontSize(9.5).text(printable(doc, l.registered.toUpperCase()), { width: WIDTH }).moveDown(0.6);
  doc.font(BOLD).fontSize(10.5).text(printable(doc, `${l.subject} ${subject}`), { width: WIDTH });
  doc.font(REGULAR).fontSize(8.5).fillColor("#444").text(printable(doc, `${l.account} ${ctx.customer.id}`)).fillColor("black");
  doc.moveDown(1.2);
}

/**
 * The line with a line break wherever the text would overflow `width`, put at spaces only: pdfkit
 * (the Unicode rules) may also break after a hyphen, which cut an e-mail address in two
 * (`compta@atelier-` / `martin.example`) at the foot of a formal notice. A word wider than the
 * line on its own is left to pdfkit.
 */
function brokenAtSpaces(doc: Doc, text: string, width: number): string {
  // Below the width, so pdfkit, measuring the same line, never breaks it again: half a point for
  // Helvetica; the embedded font's words measure wider in pdfkit's wrapper than alone (its spaces
  // and kerning), so a few points more.
  const room = width - (embedsFont(doc) ? 4 : 0.5);
  // Measured as pdfkit's line wrapper measures: word by word, each with the space after it. A whole
  // line measured at once is narrower in a font with kerning (the embedded one), and pdfkit then
  // broke it again, leaving a word alone on a line.
  const widthOf = (word: string, last: boolean): number => doc.widthOfString(last ? word : `${word} `);
  const words = text.split(" ");
  let out = words[0] as string;
  let used = widthOf(out, words.length === 1);
  if (used <= room && words.length === 1) return text;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    const last = i === words.length - 1;
    // The width of the line so far with this word: the space before it is already counted.
    const needed = used + doc.widthOfString(word);
    if (needed <= room) {
      out += ` ${word}`;
      used += widthOf(word, last);
    } else {
      out += `\n${word}`;
      used = widthOf(word, last);
    }
  }
  return out;
}

function drawLine(doc: Doc, line: string): void {
  if (line.startsWith("- ")) {
    const y = doc.y;
    doc.text("•", MARGIN.left + 4, y, { width: 10 });
    doc.text(brokenAtSpaces(doc, printable(doc, line.slice(2)), WIDTH - 16), MARGIN.left + 16, y, { width: WIDTH - 16, lineGap: 1.5 });
  } else {
    doc.text(brokenAtSpaces(doc, printable(doc, line), WIDTH), MARGIN.left, doc.y, { width: WIDTH, lineGap: 1.5 });
  }
  doc.x = MARGIN.left;
}

/**
 * The prose of the text body, paragraph by paragraph (a blank line separates them), with the
 * blocks drawn where marked. A short paragraph (payment details, signature) is never split.
 */
function body(doc: Doc, ctx: LetterContext, text: string, l: LetterLabels): void {
  const mark = new RegExp(`^${PDF_MARK}([\\w-]+)${PDF_MARK}$`);
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.split("\n").filter((line) => line.trim() !== ""));
  paragraphs.forEach((lines, index) => {
    if (index > 0) doc.moveDown(0.7);
    doc.font(REGULAR).fontSize(10);
    const height = lines.reduce((h, line) => h + doc.heightOfString(printable(doc, line), { width: WIDTH - 16, lineGap: 1.5 }), 0);
    const room = doc.page.height - MARGIN.bottom - doc.y;
    if (height > room && height < (doc.page.height - MARGIN.top - MARGIN.bottom) / 3) doc.addPage();
    for (const line of lines) {
      const block = mark.exec(line)?.[1];
      doc.font(REGULAR).fontSize(10);
      if (block === "invoice-table") invoiceTable(doc, ctx, l);
      else if (block === "interest-table") interestTable(doc, ctx, l);
      else if (block === undefined) drawLine(doc, line);
    }
  });
}

/** "Page 1 / 2" at the foot of every page, only when there is more than one. */
function pageNumbers(doc: Doc, l: LetterLabels): void {
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(8).fillColor("#555")
      .text(printable(doc, fillLabel(l.page, { n: i - range.start + 1, total: range.count })), MARGIN.left, doc.page.height - 12 * MM, { width: WIDTH, align: "right", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor("black");
}

/**
 * Renders the PDF. Dates in its metadata are the as-of date at midnight UTC, so the same letter
 * on the same day is the same file, byte for byte.
 */
export function renderPdf(letter: PdfLetter): Promise<Buffer> {
  const { context: ctx, subject } = letter;
  const l = labelsFor(ctx.language, ctx.customer.is_business, ctx.law.profile, ctx.interest_is_penalty, ctx.company.is_french);
  const when = new Date(dayNumber(ctx.as_of) * 86_400_000);
  // Helvetica unless something in the letter needs the embedded font: most letters embed nothing.
  const unicode = needsUnicodeFont(`${subject}\n${letter.body}\n${JSON.stringify(ctx)}`);
  const meta = unicode ? plainSpaces : pdfSafe;
  const doc = new PDFDocument({
    size: "A4", margins: MARGIN, bufferPages: true, lang: ctx.language, displayTitle: true,
    info: {
      Title: meta(subject), Author: meta(ctx.company.name), Subject: meta(subject),
      Creator: "dunning", Producer: "dunning (pdfkit)", CreationDate: when, ModDate: when,
    },
  });
  if (unicode) {
    doc.registerFont(REGULAR, UNICODE_FONT);
    doc.registerFont(BOLD, UNICODE_BOLD);
    printers.set(doc, forUnicodeFont);
  } else {
    doc.registerFont(REGULAR, "Helvetica");
    doc.registerFont(BOLD, "Helvetica-Bold");
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  letterhead(doc, ctx, subject, l);
  body(doc, ctx, letter.body, l);
  pageNumbers(doc, l);
  doc.end();
  return done;
}
