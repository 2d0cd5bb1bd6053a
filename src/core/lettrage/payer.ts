// Who paid (matching.md §2.4): customer id, normalised exact name, confirmed aliases, then a fuzzy
// name that only ever counts as PARTIAL. Indexed once; fuzzy candidates come from a token index.

import type { Invoice, Payment } from "../model.js";
import { stripAccents } from "../text.js";
import type { PayerLevel } from "./state.js";

/**
 * Legal forms, which say nothing of who a company is; and the words for `&`, which a SEPA transfer
 * cannot carry, so banks write MARTIN ET FILS for Martin & Fils.
 */
const LEGAL_FORMS = new Set(["SA", "SAS", "SASU", "SARL", "EURL", "SCI", "SNC", "GMBH", "LTD", "LIMITED", "INC", "LLC", "BV", "PLC", "ET", "AND", "UND"]);

/**
 * A name's (or a label's) words for comparison: upper case, no accents, no punctuation, no legal
 * forms, no `&` spelt out. Single letters are not glued here (`S.A.R.L.` stays four words; fullNameKey glues them).
 */
function nameWords(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  const upper = /[^\x00-\x7f]/.test(text) ? stripAccents(text).toUpperCase() : text.toUpperCase();
  return upper.split(/[^A-Z0-9]+/).filter((w) => w !== "" && !LEGAL_FORMS.has(w));
}

/** Customer name reduced for comparison: accents, case, punctuation and legal forms dropped. */
export function nameKey(name: string): string {
  return nameWords(name).join(" ");
}

/** `S.A.R.L.` becomes `S A R L` once punctuation goes; glue single letters so legal forms drop. */
function fullNameKey(name: string): string {
  const spaced = stripAccents(name).toUpperCase().replace(/[^A-Z0-9]+/g, " ");
  const glued = spaced.replace(/\b([A-Z]) (?=[A-Z]\b)/g, "$1");
  return nameKey(glued);
}

export interface PayerResult {
  readonly customer: string;
  readonly level: PayerLevel;
  readonly flags: readonly string[];
}

/** A word of the names a label may spell out, and the words that may follow it (see nameInLabel). */
interface NameWord {
  /** The name up to this word. */
  readonly key: string;
  /** Whose whole name ends here, if any. */
  customer: string | undefined;
  next: Map<string, NameWord> | undefined;
}

// A token shared by more customers than this says nothing about who paid (SARL, FRANCE, …).
const MAX_TOKEN_CUSTOMERS = 50;
const MAX_NAME_LENGTH = 120;
// Labels are at most 140 characters in SEPA; longer text is not a bank label.
const MAX_LABEL_LENGTH = 512;
// A name shorter than this (`ABC`) turns up in labels by chance.
const MIN_LABEL_NAME = 4;
// Labels repeat (a customer's standing order); unique ones are not kept beyond this many.
const MAX_LABEL_CACHE = 100_000;

export class PayerIndex {
  /**
   * Customer id → the string the invoices hold for it. A payer found by id is given that string,
   * not the payment's equal copy: the passes compare the payer with items' customers and look its
   * lists up by it, and the same string compares at once where a copy is read character by character.
   */
  private readonly ids = new Map<string, string>();
  /** Name key → customer, or null when two customers share it. */
  private readonly names = new Map<string, string | null>();
  private readonly aliases = new Map<string, string | null>();
  private readonly tokens = new Map<string, string[]>();
  private readonly keysOf = new Map<string, string[]>();
  private readonly fuzzyCache = new Map<string, PayerResult>();
  private readonly labelCache = new Map<string, PayerResult>();
  /** Built on the first label read: customers are all known by then. */
  private labelNames: Map<string, NameWord> | undefined;
  // Exports repeat the same names on every row: each distinct (name, customer) is read once.
  private readonly rawNames = new Map<string, string[]>();
  private readonly identified = new Map<string, PayerResult>();
  private readonly identifiedById = new Map<string, PayerResult>();

  constructor(
    aliases: readonly { name: string; customer: string }[],
    private readonly threshold: number, private readonly margin: number,
  ) {
    for (const a of aliases) {
      const key = fullNameKey(a.name);
      if (key === "") continue;
      const known = this.aliases.get(key);
      this.aliases.set(key, known === undefined || known === a.customer ? a.customer : null);
    }
  }

  /**
   * Learns a customer and the name an invoice gives it. Rows of one customer usually repeat one
   * name, so the caller only calls it when the name differs from that customer's previous invoice.
   */
  addInvoice(inv: Invoice): void {
    if (!this.rawNames.has(inv.customer)) {
      this.ids.set(inv.customer, inv.customer);
      this.addName(inv.customer, inv.customer);
    }
    this.addName(inv.customerName, inv.customer);
  }

  private addName(raw: string, customer: string): void {
    const seen = this.rawNames.get(customer);
    if (seen?.includes(raw)) return;
    if (seen) seen.push(raw);
    else this.rawNames.set(customer, [raw]);
    const key = fullNameKey(raw);
    if (key === "") return;
    const known = this.names.get(key);
    if (known === undefined) this.names.set(key, customer);
    else if (known !== customer) this.names.set(key, null);
    let keys = this.keysOf.get(customer);
    if (!keys) this.keysOf.set(customer, (keys = []));
    if (keys.includes(key)) return;
    keys.push(key);
    for (const t of new Set(key.split(" "))) {
      if (t.length < 3) continue;
      let list = this.tokens.get(t);
      if (!list) this.tokens.set(t, (list = []));
      if (list.length <= MAX_TOKEN_CUSTOMERS && !list.includes(customer)) list.push(customer);
    }
  }

  knows(customer: string): boolean {
    return this.ids.has(customer);
  }

  identify(p: Payment): PayerResult {
    // Nothing names the payer but the bank's label: a French bank CSV has no payer column and
    // writes the ordering party into the label (`VIR SEPA RECU /DE SARL DUPONT /MOTIF …`).
    if (p.payerName === "" && p.customer === "" && p.reference !== "") return this.fromLabel(p.reference);
    // Most payments name no payer: the customer id alone is the key, no string is built.
    if (p.payerName === "") {
      let result = this.identifiedById.get(p.customer);
      if (!result) this.identifiedById.set(p.customer, (result = this.lookup(p)));
      return result;
    }
    const pair = p.customer + "\u0000" + p.payerName;
    let result = this.identified.get(pair);
    if (!result) this.identified.set(pair, (result = this.lookup(p)));
    return result;
  }

  private lookup(p: Payment): PayerResult {
    const flags: string[] = [];
    const id = p.customer !== "" ? this.ids.get(p.customer) : undefined;
    if (id !== undefined) return { customer: id, level: "full", flags };
    if (p.customer !== "") flags.push("UNKNOWN_CUSTOMER_ID");
    let tie = false;
    for (const raw of [p.payerName, p.customer]) {
      const key = fullNameKey(raw);
      if (key === "") continue;
      const byName = this.names.get(key);
      if (byName) return { customer: byName, level: "full", flags };
      const byAlias = this.aliases.get(key);
      if (byAlias) return { customer: byAlias, level: "full", flags };
      if (byName === null || byAlias === null) tie = true;
    }
    if (!tie && p.payerName !== "") {
      const fuzzy = this.fuzzy(fullNameKey(p.payerName));
      if (fuzzy.level === "partial") return { ...fuzzy, flags: [...flags, ...fuzzy.flags] };
      tie = fuzzy.flags.includes("AMBIGUOUS_PAYER");
    }
    if (tie) flags.push("AMBIGUOUS_PAYER");
    // An explicit customer id the invoices do not know is still who the export says paid: the money
    // is credited to it (T25), a reference to another customer's invoice is refused as for any
    // known payer (T03), and R5's anonymous-payer guess is not tried.
    if (p.customer !== "") return { customer: p.customer, level: "full", flags };
    return { customer: "", level: "none", flags };
  }

  /**
   * The customer whose whole name (or code) a label spells out word for word, found by looking the
   * label's runs of words up among the name keys. The longest name wins over names inside it (`DUPONT` in `DUPONT FRERES`); two
   * customers named apart leave the payer unknown. PARTIAL, as a fuzzy name: a match by amount
   * alone is then suggested and its invoices held, never applied, while a cited invoice still
   * settles the payer (the reference pass).
   */
  private fromLabel(label: string): PayerResult {
    const cached = this.labelCache.get(label);
    if (cached) return cached;
    const result = this.nameInLabel(label);
    if (this.labelCache.size < MAX_LABEL_CACHE) this.labelCache.set(label, result);
    return result;
  }

  private nameInLabel(label: string): PayerResult {
    const none: PayerResult = { customer: "", level: "none", flags: [] };
    if (label.length > MAX_LABEL_LENGTH) return none;
    const names = (this.labelNames ??= this.indexLabelNames());
    const words = nameWords(label);
    // Names are looked up whole, a word at a time down a tree of their words: a first word such as
    // DUPONT begins hundreds of names in a large ledger, and comparing each of them cost more than
    // the rest of the payer's lookup; so did a string for every run of the label's words.
    let longest: NameWord | undefined;
    let found: NameWord[] | undefined;
    for (let i = 0; i < words.length; i++) {
      let node = names.get(words[i] as string);
      for (let j = i + 1; node !== undefined; j++) {
        if (node.customer !== undefined) {
          (found ??= []).push(node);
          if (longest === undefined || node.key.length > longest.key.length) longest = node;
        }
        node = j < words.length ? node.next?.get(words[j] as string) : undefined;
      }
    }
    if (longest === undefined || found === undefined) return none;
    const inside = ` ${longest.key} `;
    const best = longest.customer as string;
    if (found.some((f) => f.customer !== best && !inside.includes(` ${f.key} `))) return { ...none, flags: ["AMBIGUOUS_PAYER"] };
    return { customer: best, level: "partial", flags: ["PAYER_IN_LABEL"] };
  }

  private indexLabelNames(): Map<string, NameWord> {
    const root = new Map<string, NameWord>();
    for (const [customer, keys] of this.keysOf) {
      for (const key of keys) {
        // A number is any number in a label (a cheque, a postcode, an amount): codes of digits only are not looked for.
        if (key.length < MIN_LABEL_NAME || this.names.get(key) === null || /^[0-9 ]+$/.test(key)) continue;
        const words = key.split(" ");
        let level = root;
        let node: NameWord | undefined;
        for (let w = 0; w < words.length; w++) {
          const word = words[w] as string;
          node = level.get(word);
          if (node === undefined) level.set(word, (node = { key: words.slice(0, w + 1).join(" "), customer: undefined, next: undefined }));
          if (w + 1 < words.length) level = node.next ??= new Map();
        }
        (node as NameWord).customer = customer;
      }
    }
    return root;
  }

  /** Best fuzzy customer: similarity ≥ threshold and ahead of the runner-up by the margin. */
  private fuzzy(key: string): PayerResult {
    const cached = this.fuzzyCache.get(key);
    if (cached) return cached;
    const none: PayerResult = { customer: "", level: "none", flags: [] };
    if (key === "" || key.length > MAX_NAME_LENGTH) return none;
    const candidates = new Set<string>();
    for (const t of new Set(key.split(" "))) {
      const list = this.tokens.get(t);
      if (list && list.length <= MAX_TOKEN_CUSTOMERS) for (const c of list) candidates.add(c);
    }
    let best = "";
    let bestScore = 0;
    let second = 0;
    for (const c of [...candidates].sort()) {
      let score = 0;
      for (const k of this.keysOf.get(c) ?? []) score = Math.max(score, similarity(key, k));
      if (score > bestScore) {
        second = bestScore;
        bestScore = score;
        best = c;
      } else if (score > second) second = score;
    }
    let result = none;
    if (bestScore >= this.threshold) {
      result = bestScore - second >= this.margin - 1e-9
        ? { customer: best, level: "partial", flags: ["FUZZY_PAYER"] }
        : { ...none, flags: ["AMBIGUOUS_PAYER"] };
    }
    this.fuzzyCache.set(key, result);
    return result;
  }
}

/** Token-set similarity: 1 − edit distance / length over the sorted distinct tokens. */
export function similarity(a: string, b: string): number {
  const x = [...new Set(a.split(" "))].sort().join(" ");
  const y = [...new Set(b.split(" "))].sort().join(" ");
  const n = Math.max(x.length, y.length);
  return n === 0 ? 0 : 1 - levenshtein(x, y) / n;
}

function levenshtein(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}
