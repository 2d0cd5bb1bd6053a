// Text of a PDF as a reader sees it, page by page, through Mozilla's pdf.js: an independent
// parser, so a test that finds the invoice numbers here knows the file opens and reads right.

import { createRequire } from "node:module";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const require = createRequire(import.meta.url);
const FONTS = path.join(path.dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts") + path.sep;

/** One string per page; whitespace (including no-break spaces) collapsed to single spaces. */
export async function pdfPages(data: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(data), standardFontDataUrl: FONTS, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const text = content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : " ") : "")).join("");
    pages.push(text.replace(/[\s\u00a0\u202f]+/g, " ").trim());
  }
  await doc.destroy();
  return pages;
}

/** The lines of each page as drawn, top to bottom (items on one baseline joined), spaces kept as drawn. */
export async function pdfLines(data: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(data), standardFontDataUrl: FONTS, isEvalSupported: false, verbosity: 0 }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const byBaseline = new Map<number, string>();
    for (const item of content.items) {
      if (!("str" in item)) continue;
      const y = Math.round(item.transform[5] as number);
      byBaseline.set(y, (byBaseline.get(y) ?? "") + item.str);
    }
    lines.push(...[...byBaseline].sort((a, b) => b[0] - a[0]).map(([, text]) => text));
  }
  await doc.destroy();
  return lines;
}

/** PDF metadata (Title, Author, CreationDate, …) as pdf.js reads it. */
export async function pdfInfo(data: Uint8Array): Promise<Record<string, unknown>> {
  const doc = await getDocument({ data: new Uint8Array(data), standardFontDataUrl: FONTS, isEvalSupported: false, verbosity: 0 }).promise;
  const { info } = await doc.getMetadata();
  await doc.destroy();
  return info as Record<string, unknown>;
}
