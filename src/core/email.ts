// The addresses an e-mail cell holds. Exports write one address, several (`compta@x.fr;
// direction@x.fr`, `a@x.fr, b@x.fr`) or a name with it (`Jean Dupont <jean@x.fr>`); what is not
// an address is told apart before anything is planned, so a dry run shows what the run will do
// rather than the run refusing it at the mail server's door. Pure.

const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

export function isAddress(value: string): boolean {
  return ADDRESS.test(value);
}

export interface Recipients {
  /** The addresses, in the cell's order, each once. */
  readonly valid: readonly string[];
  /** What the cell holds that is not an address (`jean.dupont@`, `voir contrat`). */
  readonly invalid: readonly string[];
}

export function emailRecipients(cell: string): Recipients {
  const valid: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const part of cell.split(/[;,]/)) {
    const text = part.trim();
    if (text === "") continue;
    // `Name <address>`: the address alone; otherwise the words with an @ (a name may come first).
    const bracketed = /<([^<>]*)>\s*$/.exec(text)?.[1];
    const words = text.split(/\s+/);
    const candidates = bracketed !== undefined ? [bracketed.trim()] : words.some((w) => w.includes("@")) ? words.filter((w) => w.includes("@")) : [text];
    for (const candidate of candidates) {
      if (!isAddress(candidate)) invalid.push(candidate);
      else if (!seen.has(candidate.toLowerCase())) {
        seen.add(candidate.toLowerCase());
        valid.push(candidate);
      }
    }
  }
  return { valid, invalid };
}
