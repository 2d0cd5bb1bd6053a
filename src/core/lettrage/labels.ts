// Reading a bank label (matching.md §2.3): noise removed (IBANs, BICs, the payment's own date and
// amount), words turned into [A-Z0-9] tokens, structured references (RF, Belgian +++) validated.

import type { PlainDate } from "../dates.js";
import { stripAccents } from "../text.js";

/**
 * The words of the label read last. It is module state, overwritten by the next scanLabel, so
 * reading a label makes no string per word: a word is written out only when needed (wordOf).
 */
export interface LabelScan {
  /** The label as read: folded, its IBANs, BICs and Belgian references blanked out. */
  text: string;
  /** The character codes of `text`: words, windows and keys read them again and again, and a label is a slice of the whole decoded file, slower to read than a small typed array. */
  codes: Uint16Array;
  /** Words, joiners (`- / . _`) and other punctuation removed; noise (own date, amount) skipped. */
  count: number;
  /** Word k is `text` from starts[k] to ends[k], without its joiners. */
  starts: Int32Array;
  ends: Int32Array;
  /** Letters and digits of word k: its length once written out. */
  lengths: Int32Array;
  /** Per word: 1 when made of digits only. */
  numeric: Uint8Array;
  /** Valid structured references, compact: `RF18539007547034`, or 12 Belgian digits. */
  structured: readonly string[];
  /** The label says the bank took its charges (`SHA`, `FRAIS`, …). */
  feeMarker: boolean;
}

const MAX_LABEL = 512;
const NO_REFS: readonly string[] = [];

const SCAN: LabelScan = {
  text: "", codes: new Uint16Array(MAX_LABEL), count: 0, starts: new Int32Array(0), ends: new Int32Array(0), lengths: new Int32Array(0),
  numeric: new Uint8Array(0), structured: NO_REFS, feeMarker: false,
};

/**
 * Room for a text of `n` characters: folding can lengthen a label (`ß` → `SS`), and every word but
 * the last is followed by a character that is not part of it.
 */
function reserve(n: number): void {
  if (SCAN.codes.length < n) SCAN.codes = new Uint16Array(2 * n);
  const words = (n >> 1) + 1;
  if (SCAN.starts.length < words) {
    SCAN.starts = new Int32Array(2 * words);
    SCAN.ends = new Int32Array(2 * words);
    SCAN.lengths = new Int32Array(2 * words);
    SCAN.numeric = new Uint8Array(2 * words);
  }
}
reserve(MAX_LABEL);

// Looks found by one reading of a text (see lookAt).
const IBAN_LOOK = 1; // two capitals then two digits, as an IBAN starts
const BIC_LOOK = 2; // `BIC`
const DIGIT_LOOK = 4;
const MARK_LOOK = 8; // `+` or `*`, which neither NFD nor upper-casing makes or removes
const FOLD_LOOK = 16; // lower-case or non-ASCII: the text must be folded before it is read

/** Copies `text` into SCAN.codes (room reserved) and says what it looks like (the *_LOOK bits). */
function lookAt(text: string): number {
  const codes = SCAN.codes;
  let looks = 0;
  let run = 0; // 1: one capital, 2: two or more, 3: two or more then a digit
  let bic = 0; // 1: B, 2: BI
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    codes[i] = c;
    if (c >= 65 && c <= 90) {
      run = run === 1 || run === 2 ? 2 : 1;
      if (c === 67 && bic === 2) looks |= BIC_LOOK;
      bic = c === 66 ? 1 : c === 73 && bic === 1 ? 2 : 0;
      continue;
    }
    bic = 0;
    if (c >= 48 && c <= 57) {
      looks |= DIGIT_LOOK;
      if (run === 3) looks |= IBAN_LOOK;
      run = run === 2 ? 3 : 0;
      continue;
    }
    run = 0;
    if (c === 43 || c === 42) looks |= MARK_LOOK;
    else if (c >= 97 && (c <= 122 || c >= 128)) looks |= FOLD_LOOK;
  }
  return looks;
}

/**
 * Label words that say the bank took its charges, upper-case. `heads` skips most words without
 * hashing them: per first character code (< 128), bit L is set when a marker of length L starts
 * with it; a marker it cannot describe (31 characters or more, or not ASCII) sets `every`.
 */
export interface FeeMarkers {
  readonly words: ReadonlySet<string>;
  readonly heads: Uint32Array;
  readonly every: boolean;
}

export function feeMarkers(words: readonly string[]): FeeMarkers {
  const upper = new Set(words.map((m) => m.toUpperCase()));
  const heads = new Uint32Array(128);
  let every = false;
  for (const m of upper) {
    const c = m.charCodeAt(0);
    if (m.length >= 31 || !(c < 128)) every = true;
    else heads[c] = (heads[c] as number) | (1 << m.length);
  }
  return { words: upper, heads, every };
}

/** Might a word starting with character `first` and `length` long be a marker? (Words are [A-Z0-9] and non-empty.) */
function maybeMarker(first: number, length: number, markers: FeeMarkers): boolean {
  return markers.every || (length < 31 && ((markers.heads[first] as number) & (1 << length)) !== 0);
}
// Inside a word `- / . _` join (`F2024-0001`, `2024/00123`); any other non-alphanumeric ends it,
// so `n°2024/00123` yields the digit run 202400123 (matching.md §2.3).
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
const isJoiner = (c: number): boolean => c === 45 || c === 47 || c === 46 || c === 95;
const JOINERS = /[-/._]/g;

/** `text` from `start` to `end` (letters, digits and joiners) without its joiners; `length` letters and digits. */
function wordIn(text: string, start: number, end: number, length: number): string {
  const word = text.slice(start, end);
  return end - start === length ? word : word.replace(JOINERS, "");
}

/** Word k of the label read last, written out. */
export function wordOf(scan: LabelScan, k: number): string {
  return wordIn(scan.text, scan.starts[k] as number, scan.ends[k] as number, scan.lengths[k] as number);
}
const BBA = /(?:\+\+\+|\*\*\*)\s*(\d{3})\s*\/?\s*(\d{4})\s*\/?\s*(\d{5})\s*(?:\+\+\+|\*\*\*)/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
// A bare BIC looks like any eight-letter word (VIREMENT); only one announced as such is noise.
const BIC = /\bBIC\s*:?\s*[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/g;

/** Do `len` characters of `a` from `i` equal those of `b` from `j`? */
function same(a: string, i: number, b: string, j: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (a.charCodeAt(i + k) !== b.charCodeAt(j + k)) return false;
  return true;
}

/**
 * Is this run of digits the payment's own date as commonly written (so `03.02.2024` is no
 * reference)? `date` is YYYY-MM-DD: year at 0, month at 5, day at 8; compared in place.
 */
function isOwnDate(digits: string, date: PlainDate, separated: boolean): boolean {
  if (digits.length === 8) {
    // yyyymmdd, ddmmyyyy, mmddyyyy
    return (same(digits, 0, date, 0, 4) && same(digits, 4, date, 5, 2) && same(digits, 6, date, 8, 2))
      || (same(digits, 0, date, 8, 2) && same(digits, 2, date, 5, 2) && same(digits, 4, date, 0, 4))
      || (same(digits, 0, date, 5, 2) && same(digits, 2, date, 8, 2) && same(digits, 4, date, 0, 4));
  }
  // Six digits could as well be a document number: only when written with separators.
  if (digits.length !== 6 || !separated) return false;
  // ddmmyy, yymmdd, mmddyy
  return (same(digits, 0, date, 8, 2) && same(digits, 2, date, 5, 2) && same(digits, 4, date, 2, 2))
    || (same(digits, 0, date, 2, 2) && same(digits, 2, date, 5, 2) && same(digits, 4, date, 8, 2))
    || (same(digits, 0, date, 5, 2) && same(digits, 2, date, 8, 2) && same(digits, 4, date, 2, 2));
}

/** Is `token` (digits only) the decimal writing of |amount| in minor units? */
function isAmount(token: string, amount: number): boolean {
  let v = Math.abs(amount);
  if (token.length > 16 || (v === 0) !== (token === "0") || (token.charCodeAt(0) === 48 && token.length > 1)) return false;
  for (let i = token.length - 1; i >= 0; i--) {
    if (token.charCodeAt(i) - 48 !== v % 10) return false;
    v = Math.floor(v / 10);
  }
  return v === 0;
}

const MAX_FOLDED = 10_000;

/**
 * `text` without accents, upper-case. NFD never reorders across an ASCII character (all are
 * starters, none decomposes) and upper-casing maps each character alone, so only the stretch from
 * the first to the last non-ASCII character goes through Unicode normalisation; that stretch
 * (usually the payer's name) is kept in `folded`, as bank labels repeat it payment after payment.
 */
function fold(text: string, folded: Map<string, string> | undefined): string {
  let first = -1;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 128) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return text.toUpperCase();
  const middle = text.slice(first, last + 1);
  let done = folded?.get(middle);
  if (done === undefined) {
    done = stripAccents(middle).toUpperCase();
    if (folded !== undefined && folded.size < MAX_FOLDED) folded.set(middle, done);
  }
  return text.slice(0, first).toUpperCase() + done + text.slice(last + 1).toUpperCase();
}

/**
 * Reads a label into the module's LabelScan (valid until the next call), or says there is nothing
 * to read (undefined) when `needDigit` and the label has no digit. `folded` (optional) remembers
 * the accented stretches of labels already read, see fold.
 */
export function scanLabel(
  label: string, date: PlainDate, amount: number, markers: FeeMarkers, folded: Map<string, string> | undefined, needDigit: boolean,
): LabelScan | undefined {
  let structured: string[] | undefined;
  let text = label.length > MAX_LABEL ? label.slice(0, MAX_LABEL) : label;
  // Bank labels are mostly upper-case ASCII already: then the text is read as it is, and the one
  // look that copies it also says what the steps below would look for.
  let looks = lookAt(text);
  // Most bank labels without a digit cannot cite anything (the caller says when).
  if (needDigit && (looks & DIGIT_LOOK) === 0 && !hasDigit(label, text.length)) return undefined;
  let changed = false;
  if ((looks & FOLD_LOOK) !== 0) {
    text = fold(text, folded);
    reserve(text.length);
    looks = lookAt(text);
  }
  // The regular expressions below only run on labels that can contain what they look for (a
  // blank left by one cannot make two capitals and two digits, or `BIC`, for the next).
  if ((looks & MARK_LOOK) !== 0 && (text.includes("+++") || text.includes("***"))) {
    const found: string[] = (structured = []);
    text = text.replace(BBA, (_m, a: string, b: string, c: string) => {
      const digits = a + b + c;
      if (validBelgian(digits)) found.push(digits);
      return " ";
    });
    changed = true;
  }
  // RF creditor references check like IBANs; no country is called RF.
  if ((looks & IBAN_LOOK) !== 0 && /[A-Z]{2}\d{2}/.test(text)) {
    text = text.replace(IBAN, (m) => (!m.startsWith("RF") && validIban(m.replace(/ /g, "")) ? " " : m));
    changed = true;
  }
  if ((looks & BIC_LOOK) !== 0 && text.includes("BIC")) {
    text = text.replace(BIC, " ");
    changed = true;
  }
  // The blanked text is what the words are read from: copy it again (its looks are not needed now).
  if (changed) lookAt(text);
  const n = text.length;
  reserve(n);
  const { starts, ends, lengths, numeric } = SCAN;
  const chars = SCAN.codes;
  let count = 0;
  let feeMarker = false;
  let rf = false;
  // One pass over the characters: alphanumeric runs are glued inside a word, a break ends it.
  // A word is kept as where it lies in `text`; a string is made only for the few that need one.
  let start = -1;
  let end = 0;
  let length = 0;
  let separated = false;
  let digitsOnly = true;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? (chars[i] as number) : 32;
    if (isAlnum(c)) {
      if (start < 0) start = i;
      end = i + 1;
      length++;
      if (c > 57) digitsOnly = false;
      continue;
    }
    if (isJoiner(c)) {
      if (c !== 95) separated = true;
      continue;
    }
    if (start >= 0) {
      // `03.02.2024` is the payment's own date; `100.00` or `1.234` its amount (a bare `10000` could be a number).
      const noise = digitsOnly && (length === 8 || separated) && isNoise(wordIn(text, start, end, length), date, amount, separated);
      if (!noise) {
        const first = chars[start] as number;
        if (!feeMarker && maybeMarker(first, length, markers) && markers.words.has(wordIn(text, start, end, length))) feeMarker = true;
        if (first === 82) rf = true;
        starts[count] = start;
        ends[count] = end;
        lengths[count] = length;
        numeric[count] = digitsOnly ? 1 : 0;
        count++;
      }
      start = -1;
      length = 0;
    }
    separated = false;
    digitsOnly = true;
  }
  SCAN.text = text;
  SCAN.count = count;
  for (let i = 0; rf && i < count; i++) {
    if (chars[starts[i] as number] !== 82) continue;
    const t = wordOf(SCAN, i);
    if (t.charCodeAt(1) !== 70 || !/^RF\d{2}/.test(t)) continue;
    let acc = "";
    for (let j = i; j < count && j < i + 8; j++) {
      acc += j === i ? t : wordOf(SCAN, j);
      if (acc.length > 25) break;
      if (validRf(acc)) (structured ??= []).push(acc);
    }
  }
  SCAN.structured = structured ?? NO_REFS;
  SCAN.feeMarker = feeMarker;
  return SCAN;
}

/** Is there a digit in `text` from `from` on? */
function hasDigit(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Is this word of digits the payment's own date or amount as written in a label? */
function isNoise(digits: string, date: PlainDate, amount: number, separated: boolean): boolean {
  return isOwnDate(digits, date, separated) || (separated && isAmount(digits, amount));
}

/** Remainder modulo 97 of a string of [0-9A-Z] read with A = 10 … Z = 35 (ISO 7064). */
function mod97(s: string): number {
  let r = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code <= 57 ? code - 48 : code - 55;
    r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
  }
  return r;
}

/** ISO 11649 creditor reference: `RF`, two check digits, 1–21 characters. */
export function validRf(s: string): boolean {
  return /^RF\d{2}[A-Z0-9]{1,21}$/.test(s) && mod97(s.slice(4) + s.slice(0, 4)) === 1;
}

/** Belgian structured communication: ten digits and their remainder modulo 97 (97 for 0). */
export function validBelgian(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  const check = Number(digits.slice(0, 10)) % 97;
  return (check === 0 ? 97 : check) === Number(digits.slice(10));
}

export function validIban(s: string): boolean {
  return s.length >= 15 && s.length <= 34 && /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s) && mod97(s.slice(4) + s.slice(0, 4)) === 1;
}
