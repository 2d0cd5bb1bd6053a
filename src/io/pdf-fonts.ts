// The fonts of a PDF letter. Helvetica, standard in every PDF reader, prints WinAnsi (Windows-1252:
// € and the accents of western Europe) and needs nothing embedded; a letter that names Łódź, Ștefan
// or a Cyrillic address is drawn in Liberation Sans instead (templates/fonts: Helvetica's metrics,
// with Latin, Greek and Cyrillic), embedded as the subset it uses. What neither prints (株式会社)
// is folded to a base letter where it has one, else printed as ?, and the letter says so.

import path from "node:path";
import { openSync, type Font } from "fontkit";
import { plainSpaces, toWinAnsi, unprintable } from "../render/winansi.js";
import { FONTS_FOLDER, SHIPPED_TEMPLATES } from "./templates.js";

export const UNICODE_FONT = path.join(SHIPPED_TEMPLATES, FONTS_FOLDER, "LiberationSans-Regular.ttf");
export const UNICODE_BOLD = path.join(SHIPPED_TEMPLATES, FONTS_FOLDER, "LiberationSans-Bold.ttf");

let unicodeFont: Font | undefined;
/** Regular and bold cover the same characters: the regular one answers for both. */
const font = (): Font => (unicodeFont ??= openSync(UNICODE_FONT));

/** Does the letter's text need the embedded font: a character Helvetica's WinAnsi lacks? */
export function needsUnicodeFont(text: string): boolean {
  return unprintable(plainSpaces(text)).length > 0;
}

/** Of the characters Helvetica lacks (unprintable, of text plainSpaces has passed), those the embedded font lacks too. */
const lackedByBoth = (plain: string): string[] => unprintable(plain).filter((ch) => !font().hasGlyphForCodePoint(ch.codePointAt(0) as number));

/** The distinct characters of `text` that no font of the letter prints, in order of appearance. */
export function beyondFonts(text: string): string[] {
  return lackedByBoth(plainSpaces(text));
}

/** `text` as the embedded font prints it: what it lacks folded as for Helvetica (toWinAnsi), one character at a time. */
export function forUnicodeFont(text: string): string {
  const plain = plainSpaces(text).normalize("NFC");
  const lacks = new Set(lackedByBoth(plain));
  return lacks.size === 0 ? plain : [...plain].map((ch) => (lacks.has(ch) ? toWinAnsi(ch) : ch)).join("");
}
