// Finding invoice numbers in free text: the normalised key of an invoice number and the
// candidate keys of a bank label (matching.md §2.3: uppercase, accents stripped, joiners removed,
// one to three consecutive tokens, keys of at least four characters). Pure.

/** `f 2024/0001`, `F2024-0001`, `F20240001` → `F20240001`. */
export function referenceKey(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase().replace(/[^A-Z0-9]/g, "");
}

const ASCII = /^[\x00-\x7f]*$/;

/** referenceKey, without Unicode normalisation for the (usual) plain-ASCII number. */
export function fastKeyOf(text: string): string {
  return ASCII.test(text) ? text.toUpperCase().replace(/[^A-Z0-9]/g, "") : referenceKey(text);
}

const MIN_KEY_LENGTH = 4;
const MAX_LABEL_LENGTH = 512;

/** Candidate keys in a label, in label order, without duplicates. */
export function labelKeys(label: string): string[] {
  const tokens = label
    .slice(0, MAX_LABEL_LENGTH)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
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
