// Text compared as people mean it, accents aside: `Numéro` and `Numero`, `févr.` and `fevr.` are
// the same word to them; and text ordered as code points, the order every sort with a tie-break
// down to the record uses (dates, numbers, ids). Pure.

/** `Numéro` → `Numero`: canonical decomposition (NFD), then the combining marks dropped. */
export function stripAccents(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

/** Code-point order (not the locale's): the same on every machine, as outputs must be. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
