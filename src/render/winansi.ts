// What the PDF's standard fonts can print: Helvetica's WinAnsi (Windows-1252) characters. A name
// from elsewhere in Europe (Łódź, Ștefan) is folded to the letters it can print (Lodz, Stefan)
// rather than drawn as garbage, and the letter says so; what cannot fold (Ελλάς, 株式会社) prints as ?.

/** The characters WinAnsi has, with the white space a letter's text holds. */
const WINANSI = /[^\n\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu;

/** Letters without a decomposition into a base letter and marks. */
const FOLDS: Readonly<Record<string, string>> = { Ł: "L", ł: "l", Đ: "D", đ: "d", ı: "i", Ħ: "H", ħ: "h", Ŧ: "T", ŧ: "t", Ŋ: "N", ŋ: "n", ĸ: "k" };

/**
 * Characters Intl and templates produce that WinAnsi lacks, mapped to ones it has: fr-FR groups
 * thousands with a narrow no-break space, which Helvetica would draw as garbage.
 */
export function plainSpaces(text: string): string {
  return text
    .replace(/[\u202f\u2007\u2009\u200a]/g, "\u00a0")
    .replace(/[\u2010\u2011\u2212]/g, "-")
    .replace(/[\u200b\u2060\ufeff]/g, "")
    // A stray CR or tab from a CSV cell has no glyph in the standard fonts (it printed as Ð).
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]+/g, " ");
}

/** The distinct characters of `text` (as plainSpaces leaves it) that WinAnsi lacks, in order of appearance. */
export function unprintable(text: string): string[] {
  return [...new Set(text.normalize("NFC").match(WINANSI) ?? [])];
}

/** `text` with every character WinAnsi lacks folded to one it has (its base letter), else `?`. */
export function toWinAnsi(text: string): string {
  // Composed first: an e and its accent written apart (é as e + U+0301) is the é WinAnsi has.
  return text.normalize("NFC").replace(WINANSI, (ch) => {
    const base = FOLDS[ch] ?? ch.normalize("NFKD").replace(/\p{M}+/gu, "");
    return base !== "" && unprintable(base).length === 0 ? base : "?";
  });
}
