// The addresses an e-mail cell holds. Exports write one address, several (`compta@x.fr;
// direction@x.fr`, `a@x.fr, b@x.fr`) or a name with it (`Jean Dupont <jean@x.fr>`); what is not
// an address is told apart before anything is planned, so a dry run shows what the run will do
// rather than the run refusing it at the mail server's door. Pure.

const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

function isAddress(value: string): boolean {
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
    // `Name <address>`: the address alone. Otherwise addresses apart by spaces, every word an
    // address: a part that holds anything else is no address at all — picking the words with an
    // @ out of `victim@x.fr\r\nBcc: attacker@evil.example` would mail the attacker.
    const bracketed = /^[^<>@]*<([^<>]*)>$/.exec(text)?.[1];
    const words = bracketed !== undefined ? [bracketed.trim()] : text.split(/\s+/);
    if (!words.every(isAddress)) {
      invalid.push(text);
      continue;
    }
    for (const word of words) {
      if (!seen.has(word.toLowerCase())) {
        seen.add(word.toLowerCase());
        valid.push(word);
      }
    }
  }
  return { valid, invalid };
}
