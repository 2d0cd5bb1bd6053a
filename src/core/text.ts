// Text compared as people mean it, accents aside: `Numéro` and `Numero`, `févr.` and `fevr.` are
// the same word to them. One definition for every comparison that ignores accents. Pure.

/** `Numéro` → `Numero`: canonical decomposition (NFD), then the combining marks dropped. */
export function stripAccents(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}
