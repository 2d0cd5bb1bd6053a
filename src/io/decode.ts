// Bytes of an export → text: refuses binary files, strips a UTF-8 BOM, reads strict UTF-8 and
// falls back to Windows-1252 through iconv-lite (Node 20's TextDecoder maps 0x80 to U+0080, not €).
// UTF-16 (Excel's "Unicode text", tab-separated) is recognised by its BOM or by its zero bytes.
// prepareBytes decides what a file is and hands the parser its bytes; decodeBytes turns them into text.

import { isUtf8 } from "node:buffer";
import type Iconv from "iconv-lite";
import { lazyModule } from "../lazy-module.js";

export const iconvLite = lazyModule<typeof Iconv>("iconv-lite");

export type Encoding = "utf-8" | "windows-1252" | "utf-16le" | "utf-16be";

export type Decoded =
  | { readonly ok: true; readonly text: string; readonly encoding: Encoding; readonly repaired?: true }
  | { readonly ok: false; readonly reason: "binary" | "empty" | "unknown_encoding" };

/** How many leading bytes say what a file is (zero bytes, UTF-16's pattern). */
const HEAD = 8192;

/**
 * UTF-16 by its byte order mark, or, without one, by its shape: text whose characters are mostly
 * below U+0100 has a zero in every other byte and only there (a binary file has zeros anywhere),
 * and a CSV's first line ends within the head. Returns the encoding and where the text starts.
 */
function utf16Of(bytes: Uint8Array): { encoding: "utf-16le" | "utf-16be"; start: number } | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", start: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", start: 2 };
  const n = Math.min(bytes.length, HEAD) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  let leBreak = false;
  let beBreak = false;
  for (let i = 0; i < n; i += 2) {
    const a = bytes[i] as number;
    const b = bytes[i + 1] as number;
    if (a === 0) evenZeros++;
    if (b === 0) oddZeros++;
    if (a === 0x0a && b === 0) leBreak = true;
    if (a === 0 && b === 0x0a) beBreak = true;
  }
  // Characters above U+00FF (€, Œ, ’) have two non-zero bytes: most pairs, not all, hold a zero.
  const pairs = n / 2;
  if (leBreak && evenZeros === 0 && oddZeros >= pairs / 2) return { encoding: "utf-16le", start: 0 };
  if (beBreak && oddZeros === 0 && evenZeros >= pairs / 2) return { encoding: "utf-16be", start: 0 };
  return undefined;
}

/** The text of UTF-16 bytes; undefined when they are not valid UTF-16 (an odd length, a lone surrogate). */
function decodeUtf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes an export. `forced` is the config's `csv.encoding`, when set. The decisions are
 * prepareBytes' (one place says what a file is); this only turns its bytes into text.
 */
export function decodeBytes(bytes: Uint8Array, forced?: string): Decoded {
  const p = prepareBytes(bytes, forced);
  if (!p.ok) return p;
  const text = p.win1252 ? iconvLite().decode(p.bytes, "win1252") : p.bytes.toString("utf8");
  return p.repaired ? { ok: true, text, encoding: p.encoding, repaired: true } : { ok: true, text, encoding: p.encoding };
}

/**
 * Bytes ready for the parser: UTF-8 (validated, BOM stripped), or raw Windows-1252 bytes that
 * are parsed as latin1 and whose non-ASCII fields go through `fromWin1252`. Both keep every
 * separator, quote and line break at its byte, which lets a big file be cut and parsed in pieces.
 */
export type Prepared =
  | {
    readonly ok: true; readonly bytes: Buffer; readonly encoding: Encoding; readonly win1252: boolean; readonly repaired?: true;
    /** Bytes of a UTF-8 file that were not UTF-8, read as Windows-1252: how many, and the first's line. */
    readonly strays?: { readonly count: number; readonly line: number };
  }
  | { readonly ok: false; readonly reason: "binary" | "empty" | "unknown_encoding" };

const A_TILDE = Buffer.from("Ã");
const A_CIRCUMFLEX = Buffer.from("Â");
const A_EURO = Buffer.from("â€");

/**
 * Does the text show a double conversion: `Ã` or `Â` followed by what a second UTF-8 byte reads
 * as in Windows-1252 (U+0080–U+00BF, or one of its letters and marks such as `©` `‰` `’`), or
 * `â€` (the start of `€` `’` `“`)? Buffer searches, so `CHÂTEAU` in a big French file costs
 * nothing more than a look at the byte after it.
 */
function looksDoubled(body: Buffer): boolean {
  if (body.includes(A_EURO)) return true;
  for (const mark of [A_TILDE, A_CIRCUMFLEX]) {
    for (let at = body.indexOf(mark); at >= 0; at = body.indexOf(mark, at + 2)) {
      const b = body[at + 2];
      // U+0080–U+00BF is C2 80–BF in UTF-8; Windows-1252's letters and marks are C5, C6, CB or E2 xx.
      if ((b === 0xc2 && (body[at + 3] as number) >= 0x80) || b === 0xc5 || b === 0xc6 || b === 0xcb || b === 0xe2) return true;
    }
  }
  return false;
}

/**
 * The bytes of a file converted to UTF-8 twice (UTF-8 read as Windows-1252 and saved as UTF-8
 * again: `Numéro` became `NumÃ©ro`), undone; undefined for any other file. Undone only when
 * every character of the text is a Windows-1252 one and its Windows-1252 bytes are valid UTF-8:
 * a genuine `é` alone is byte E9, never valid UTF-8, so a text with one is left as it is.
 */
function undoubled(body: Buffer): Buffer | undefined {
  if (!looksDoubled(body)) return undefined;
  const text = body.toString("utf8");
  const bytes = iconvLite().encode(text, "win1252");
  if (!isUtf8(bytes) || bytes.equals(body) || iconvLite().decode(bytes, "win1252") !== text) return undefined;
  return bytes;
}

/** The length of the valid UTF-8 sequence of 2 to 4 bytes starting at `i`, or 0. */
function utf8Sequence(b: Buffer, i: number): number {
  const lead = b[i] as number;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => { const c = b[i + k]; return c !== undefined && c >= lo && c <= hi; };
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const ok = lead === 0xe0 ? cont(1, 0xa0) : lead === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return ok && cont(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const ok = lead === 0xf0 ? cont(1, 0x90) : lead === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * A UTF-8 file with a few Windows-1252 bytes in it (a row typed in Excel and pasted into a UTF-8
 * export): read as Windows-1252 whole, every other accent would come out as `Ã©`. When the file
 * holds more UTF-8 characters than stray bytes, the stray bytes alone are read as Windows-1252.
 */
function strayBytes(body: Buffer): { bytes: Buffer; count: number; line: number } | undefined {
  const parts: Buffer[] = [];
  let from = 0;
  let utf8 = 0;
  let count = 0;
  let line = 0;
  let lines = 1;
  for (let i = 0; i < body.length;) {
    const b = body[i] as number;
    if (b < 0x80) {
      if (b === 0x0a) lines++;
      i++;
      continue;
    }
    const n = utf8Sequence(body, i);
    if (n > 0) {
      utf8++;
      i += n;
      continue;
    }
    // A Windows-1252 file has little else: given up early, as a big one would be walked for nothing.
    if (count >= 32 && utf8 < 3 * count) return undefined;
    parts.push(body.subarray(from, i), Buffer.from(iconvLite().decode(body.subarray(i, i + 1), "win1252"), "utf8"));
    from = ++i;
    if (count++ === 0) line = lines;
  }
  // UTF-8 must clearly outnumber the strays: an accented capital before a curly quote in a
  // Windows-1252 file (`JOSÉ’S`) makes a valid UTF-8 pair by accident.
  if (count === 0 || utf8 < 3 * count) return undefined;
  parts.push(body.subarray(from));
  return { bytes: Buffer.concat(parts), count, line };
}

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** What a file is and the bytes the parser reads (decodeBytes turns them into text). */
export function prepareBytes(bytes: Uint8Array, forced?: string): Prepared {
  const utf16 = forced === undefined ? utf16Of(bytes) : undefined;
  let prepared: Prepared;
  if (utf16) {
    // Rare, and twice the size: decoded once, and the parser handed UTF-8.
    const text = decodeUtf16(bytes.subarray(utf16.start), utf16.encoding);
    if (text === undefined) return { ok: false, reason: "binary" };
    prepared = { ok: true, bytes: Buffer.from(text, "utf8"), encoding: utf16.encoding, win1252: false };
  } else {
    if (bytes.subarray(0, HEAD).includes(0)) return { ok: false, reason: "binary" };
    let body = asBuffer(bytes);
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = body.subarray(3);
    if (forced !== undefined && !/^utf-?8$/i.test(forced)) {
      // Rare (a configured legacy encoding): decode once and hand the parser UTF-8.
      if (!iconvLite().encodingExists(forced)) return { ok: false, reason: "unknown_encoding" };
      prepared = { ok: true, bytes: Buffer.from(iconvLite().decode(body, forced), "utf8"), encoding: "windows-1252", win1252: false };
    } else if (isUtf8(body)) {
      const repaired = forced === undefined ? undoubled(body) : undefined;
      prepared = repaired ? { ok: true, bytes: repaired, encoding: "utf-8", win1252: false, repaired: true } : { ok: true, bytes: body, encoding: "utf-8", win1252: false };
    } else {
      const mixed = forced === undefined ? strayBytes(body) : undefined;
      prepared = mixed ? { ok: true, bytes: mixed.bytes, encoding: "utf-8", win1252: false, strays: { count: mixed.count, line: mixed.line } }
        : { ok: true, bytes: body, encoding: "windows-1252", win1252: true };
    }
  }
  return blank(prepared.bytes, prepared.win1252) ? { ok: false, reason: "empty" } : prepared;
}

/** Whether the text is only white space (String.prototype.trim's idea of it). */
function blank(bytes: Buffer, win1252: boolean): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    if (b < 0x80) return false;
    // A non-ASCII byte: may be a no-break or other Unicode space; let trim decide, on the text.
    return (win1252 ? fromWin1252(bytes.toString("latin1", i)) : bytes.toString("utf8", i)).trim() === "";
  }
  return true;
}

const HIGH = /[\x80-\xff]/;

/** Text written back in the encoding a file was read in (see Encoding); no byte order mark. */
export function encodeAs(text: string, encoding: Encoding): Buffer {
  if (encoding === "utf-8") return Buffer.from(text, "utf8");
  if (encoding === "windows-1252") return iconvLite().encode(text, "win1252");
  const bytes = Buffer.from(text, "utf16le");
  return encoding === "utf-16le" ? bytes : bytes.swap16();
}

/** A field read as latin1 from Windows-1252 bytes → its real text (€ for 0x80, not U+0080). */
export function fromWin1252(latin1: string): string {
  return HIGH.test(latin1) ? iconvLite().decode(Buffer.from(latin1, "latin1"), "win1252") : latin1;
}
