// Bytes of an export → text: refuses binary files, strips a UTF-8 BOM, reads strict UTF-8 and
// falls back to Windows-1252 through iconv-lite (Node 20's TextDecoder maps 0x80 to U+0080, not €).
// prepareBytes does the same without building the text, for the CSV parser to read the bytes.

import { isUtf8 } from "node:buffer";
import type Iconv from "iconv-lite";
import { lazyModule } from "../lazy-module.js";

export const iconvLite = lazyModule<typeof Iconv>("iconv-lite");

export type Encoding = "utf-8" | "windows-1252";

export type Decoded =
  | { readonly ok: true; readonly text: string; readonly encoding: Encoding }
  | { readonly ok: false; readonly reason: "binary" | "empty" | "unknown_encoding" };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes an export. `forced` is the config's `csv.encoding`, when set. */
export function decodeBytes(bytes: Uint8Array, forced?: string): Decoded {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, reason: "binary" };
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  let decoded: Decoded;
  if (forced !== undefined && !/^utf-?8$/i.test(forced)) {
    if (!iconvLite().encodingExists(forced)) return { ok: false, reason: "unknown_encoding" };
    decoded = { ok: true, text: iconvLite().decode(Buffer.from(body), forced), encoding: "windows-1252" };
  } else {
    try {
      decoded = { ok: true, text: utf8.decode(body), encoding: "utf-8" };
    } catch {
      decoded = { ok: true, text: iconvLite().decode(Buffer.from(body), "win1252"), encoding: "windows-1252" };
    }
  }
  if (decoded.ok && decoded.text.trim() === "") return { ok: false, reason: "empty" };
  return decoded;
}

/**
 * Bytes ready for the parser: UTF-8 (validated, BOM stripped), or raw Windows-1252 bytes that
 * are parsed as latin1 and whose non-ASCII fields go through `fromWin1252`. Both keep every
 * separator, quote and line break at its byte, which lets a big file be cut and parsed in pieces.
 */
export type Prepared =
  | { readonly ok: true; readonly bytes: Buffer; readonly encoding: Encoding; readonly win1252: boolean }
  | { readonly ok: false; readonly reason: "binary" | "empty" | "unknown_encoding" };

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Same answers as decodeBytes (same refusals, same text once parsed), without decoding the text. */
export function prepareBytes(bytes: Uint8Array, forced?: string): Prepared {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: "binary" };
  let body = asBuffer(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = body.subarray(3);
  let prepared: Prepared;
  if (forced !== undefined && !/^utf-?8$/i.test(forced)) {
    // Rare (a configured legacy encoding): decode once and hand the parser UTF-8.
    if (!iconvLite().encodingExists(forced)) return { ok: false, reason: "unknown_encoding" };
    prepared = { ok: true, bytes: Buffer.from(iconvLite().decode(body, forced), "utf8"), encoding: "windows-1252", win1252: false };
  } else if (isUtf8(body)) {
    prepared = { ok: true, bytes: body, encoding: "utf-8", win1252: false };
  } else {
    prepared = { ok: true, bytes: body, encoding: "windows-1252", win1252: true };
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

/** A field read as latin1 from Windows-1252 bytes → its real text (€ for 0x80, not U+0080). */
export function fromWin1252(latin1: string): string {
  return HIGH.test(latin1) ? iconvLite().decode(Buffer.from(latin1, "latin1"), "win1252") : latin1;
}
