// Finding invoice numbers in free text: the normalised key of an invoice number and the
// candidate keys of a bank label (matching.md §2.3: uppercase, accents stripped, joiners removed,
// one to three consecutive tokens, keys of at least four characters). Pure.

import { stripAccents } from "./text.js";

/** `f 2024/0001`, `F2024-0001`, `F20240001` → `F20240001`. */
export function referenceKey(text: string): string {
  return stripAccents(text).toUpperCase().replace(/[^A-Z0-9]/g, "");
}

const ASCII = /^[\x00-\x7f]*$/;

/** referenceKey, without Unicode normalisation for the (usual) plain-ASCII number. */
export function fastKeyOf(text: string): string {
  return ASCII.test(text) ? text.toUpperCase().replace(/[^A-Z0-9]/g, "") : referenceKey(text);
}

/**
 * A 32-bit hash (FNV-1a) of fastKeyOf(text), read in place; −1 when the text is not ASCII
 * (its key needs Unicode normalisation). Equal keys give equal prints, so comparing a few keys
 * with a million numbers writes a key only for the numbers whose print matches.
 */
export function keyPrint(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c > 127) return -1;
    if (c >= 97 && c <= 122) c -= 32;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) h = Math.imul(h ^ c, 16_777_619);
  }
  return h >>> 0;
}

const MIN_KEY_LENGTH = 4;
const MAX_LABEL_LENGTH = 512;

/** Candidate keys in a label, in label order, without duplicates. */
export function labelKeys(label: string): string[] {
  const tokens = stripAccents(label.slice(0, MAX_LABEL_LENGTH))
    .toUpperCase()
    .split(/[\s,;:()[\]{}"'+#*]+/)
    .map((t) => t.replace(/[^A-Z0-9]/g, ""))
    .filter((t) => t !== "");
  const keys: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    let key = "";
    for (let n = 0; n < 3 && i + n < tokens.length; n++) {
      key += tokens[i + n];
      if (key.length >= MIN_KEY_LENGTH && !seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  return keys;
}
