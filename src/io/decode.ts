// Bytes of an export → text: refuses binary files, strips a UTF-8 BOM, reads strict UTF-8 and
// falls back to Windows-1252 through iconv-lite (Node 20's TextDecoder maps 0x80 to U+0080, not €).

import iconv from "iconv-lite";

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
    if (!iconv.encodingExists(forced)) return { ok: false, reason: "unknown_encoding" };
    decoded = { ok: true, text: iconv.decode(Buffer.from(body), forced), encoding: "windows-1252" };
  } else {
    try {
      decoded = { ok: true, text: utf8.decode(body), encoding: "utf-8" };
    } catch {
      decoded = { ok: true, text: iconv.decode(Buffer.from(body), "win1252"), encoding: "windows-1252" };
    }
  }
  if (decoded.ok && decoded.text.trim() === "") return { ok: false, reason: "empty" };
  return decoded;
}
