// Reading a bank label (matching.md §2.3): noise removed (IBANs, BICs, the payment's own date and
// amount), words turned into [A-Z0-9] tokens, structured references (RF, Belgian +++) validated.

import type { PlainDate } from "../dates.js";

export interface LabelScan {
  /** Words in label order, joiners (`- / . _`) and other punctuation removed. */
  readonly tokens: readonly string[];
  /** Per token: made of digits only. */
  readonly numeric: readonly boolean[];
  /** Valid structured references, compact: `RF18539007547034`, or 12 Belgian digits. */
  readonly structured: readonly string[];
  /** The label says the bank took its charges (`SHA`, `FRAIS`, …). */
  readonly feeMarker: boolean;
}

const MAX_LABEL = 512;

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

/** Might `token` be a marker? (Tokens are [A-Z0-9] and non-empty.) */
function maybeMarker(token: string, markers: FeeMarkers): boolean {
  return markers.every || (token.length < 31 && ((markers.heads[token.charCodeAt(0)] as number) & (1 << token.length)) !== 0);
}
// Inside a word `- / . _` join (`F2024-0001`, `2024/00123`); any other non-alphanumeric ends it,
// so `n°2024/00123` yields the digit run 202400123 (matching.md §2.3).
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
const isJoiner = (c: number): boolean => c === 45 || c === 47 || c === 46 || c === 95;
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
    done = middle.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase();
    if (folded !== undefined && folded.size < MAX_FOLDED) folded.set(middle, done);
  }
  return text.slice(0, first).toUpperCase() + done + text.slice(last + 1).toUpperCase();
}

/** `folded` (optional) remembers the accented stretches of labels already read, see fold. */
export function scanLabel(label: string, date: PlainDate, amount: number, markers: FeeMarkers, folded?: Map<string, string>): LabelScan {
  const structured: string[] = [];
  let text = label.length > MAX_LABEL ? label.slice(0, MAX_LABEL) : label;
  // Bank labels are mostly upper-case ASCII already: then the text is read as it is. The same
  // look says whether a `+` or `*` (which neither NFD nor upper-casing makes or removes) is there.
  let plain = true;
  let marks = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 43 || c === 42) marks = true;
    else if (!(c < 97 || (c > 122 && c < 128))) plain = false;
  }
  if (!plain) text = fold(text, folded);
  // The regular expressions below only run on labels that can contain what they look for.
  if (marks && (text.includes("+++") || text.includes("***"))) {
    text = text.replace(BBA, (_m, a: string, b: string, c: string) => {
      const digits = a + b + c;
      if (validBelgian(digits)) structured.push(digits);
      return " ";
    });
  }
  // RF creditor references check like IBANs; no country is called RF.
  if (/[A-Z]{2}\d{2}/.test(text)) text = text.replace(IBAN, (m) => (!m.startsWith("RF") && validIban(m.replace(/ /g, "")) ? " " : m));
  if (text.includes("BIC")) text = text.replace(BIC, " ");
  const tokens: string[] = [];
  const numeric: boolean[] = [];
  let feeMarker = false;
  // One pass over the characters: alphanumeric runs are glued inside a word, a break ends it.
  let token = "";
  let start = -1;
  let separated = false;
  let digitsOnly = true;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isAlnum(c)) {
      if (start < 0) start = i;
      if (c > 57) digitsOnly = false;
      continue;
    }
    if (start >= 0) {
      token = token === "" ? text.slice(start, i) : token + text.slice(start, i);
      start = -1;
    }
    if (isJoiner(c)) {
      if (c !== 95) separated = true;
      continue;
    }
    if (token !== "") {
      // `03.02.2024` is the payment's own date; `100.00` or `1.234` its amount (a bare `10000` could be a number).
      const noise = digitsOnly && (isOwnDate(token, date, separated) || (separated && isAmount(token, amount)));
      if (!noise) {
        if (!feeMarker && maybeMarker(token, markers) && markers.words.has(token)) feeMarker = true;
        tokens.push(token);
        numeric.push(digitsOnly);
      }
    }
    token = "";
    separated = false;
    digitsOnly = true;
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t.charCodeAt(0) !== 82 || t.charCodeAt(1) !== 70 || !/^RF\d{2}/.test(t)) continue;
    let acc = "";
    for (let j = i; j < tokens.length && j < i + 8; j++) {
      acc += tokens[j];
      if (acc.length > 25) break;
      if (validRf(acc)) structured.push(acc);
    }
  }
  return { tokens, numeric, structured, feeMarker };
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
