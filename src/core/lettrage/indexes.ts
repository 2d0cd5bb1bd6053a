// Indexes built once per run (matching.md §4.1): invoice number keys, digit keys, structured
// payment references, and per-amount lists with cursors so each lookup is O(1) expected.

import type { Invoice, Payment } from "../model.js";
import { fastKeyOf, referenceKey } from "../references.js";
import { addHit, KeyIndex, lastKey, type Hit } from "./keys.js";
import { wordOf, type LabelScan } from "./labels.js";
import { sortShort, type CustomerList, type Item } from "./state.js";

export interface RefIndexes {
  /** Normalised number → item(s); short keys are kept for exact look-ups, labels skip them. */
  readonly byKey: KeyIndex;
  /** How to find an invoice from the digits of its number alone (see digitsLookup). */
  readonly digits: DigitIndex;
  readonly byPaymentRef: Map<string, Hit>;
  /** First two character codes of each key (c0 × 65536 + c1). */
  readonly heads: Set<number>;
  /** Per character code < 128: 1 when a head starts with it (all 1 when a head is NaN), so most words skip the Set. */
  readonly firsts: Uint8Array;
  /** Longest key length, to skip label windows that cannot hit. */
  readonly longest: number;
  /** Some invoice number has no digit: only then can a label without digits cite one. */
  readonly letterKeys: boolean;
}

/** The structured payment reference an invoice may carry once the importer reads one. */
function paymentReferenceOf(inv: Invoice): string {
  const ref = (inv as Invoice & { readonly paymentReference?: unknown }).paymentReference;
  return typeof ref === "string" ? referenceKey(ref) : "";
}

/**
 * digitsIndex of matching.md §2.3. Invoice numbers of one ledger come in a few shapes
 * (`FACT-####-######`), so a run of digits is tried in each shape against the number keys; only
 * a ledger with many shapes gets a map from digits to invoice, which costs an entry per invoice.
 */
type DigitIndex =
  | { readonly kind: "shapes"; readonly shapes: readonly Shape[] }
  | { readonly kind: "map"; readonly byDigits: Map<string, Item | null> };

/** A key with its digits taken out: literal parts and the number of digits after each. */
interface Shape {
  readonly parts: readonly (readonly [string, number])[];
  readonly digits: number;
  /** Its pattern in the key index, or −1. */
  readonly pattern: number;
}

const MAX_SHAPES = 32;

function shapeOf(key: string): { id: string; digits: number } {
  const id = key.replace(/\d/g, "#");
  let digits = 0;
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) === 35) digits++;
  return { id, digits };
}

function toShape(id: string, digits: number, pattern: number): Shape {
  const parts: [string, number][] = [];
  for (const m of id.matchAll(/([^#]*)(#*)/g)) if (m[0] !== "") parts.push([m[1] ?? "", (m[2] ?? "").length]);
  return { parts, digits, pattern };
}

function buildDigitIndex(items: readonly Item[], byKey: KeyIndex, minDigits: number): DigitIndex {
  const shapes = new Map<string, [number, number]>();
  if (!byKey.overflow) {
    // The key index saw every pattern: the shapes are its patterns with enough digits.
    byKey.patterns.forEach((p, i) => {
      if (p.digits >= minDigits && shapes.size <= MAX_SHAPES) shapes.set(p.id, [p.digits, i]);
    });
  } else {
    for (let itemAt = 0; itemAt < items.length; itemAt++) {
      const item = items[itemAt] as Item;
      const s = shapeOf(fastKeyOf(item.number));
      if (s.digits >= minDigits && !shapes.has(s.id)) {
        shapes.set(s.id, [s.digits, byKey.patterns.findIndex((p) => p.id === s.id)]);
        if (shapes.size > MAX_SHAPES) break;
      }
    }
  }
  if (shapes.size <= MAX_SHAPES) return { kind: "shapes", shapes: [...shapes].map(([id, [digits, pattern]]) => toShape(id, digits, pattern)) };
  const byDigits = new Map<string, Item | null>();
  for (let itemAt = 0; itemAt < items.length; itemAt++) {
    const item = items[itemAt] as Item;
    const digits = significantDigits(fastKeyOf(item.number));
    if (digits.length < minDigits) continue;
    const known = byDigits.get(digits);
    byDigits.set(digits, known === undefined || known === item ? item : null);
  }
  return { kind: "map", byDigits };
}

/**
 * The one invoice whose number's digits, leading zeros dropped, are those of `text` from `start`
 * to `end` (digits and joiners, character codes in `codes`; `significant` digits once leading
 * zeros are dropped); none if several.
 */
function digitsLookup(idx: RefIndexes, text: string, codes: Uint16Array, start: number, end: number, significant: number): Item | undefined {
  const d = idx.digits;
  let digits: string | undefined;
  const written = (): string => (digits ??= significantDigits(text.slice(start, end)));
  if (d.kind === "map") return d.byDigits.get(written()) ?? undefined;
  // Read only if a numeric pattern is tried, which has at most 15 digits: then the value is exact.
  let value = -1;
  let found: Item | undefined;
  for (let shapeAt = 0; shapeAt < d.shapes.length; shapeAt++) {
    const shape = d.shapes[shapeAt] as Shape;
    if (shape.digits < significant) continue;
    let hit: Hit | undefined;
    if (shape.pattern >= 0 && idx.byKey.numericPattern(shape.pattern)) {
      if (value < 0) value = valueOf(codes, start, end);
      hit = idx.byKey.byValue(shape.pattern, value);
    } else {
      const key = keyIn(shape, written());
      hit = shape.pattern >= 0 ? idx.byKey.byString(key) : idx.byKey.get(key);
    }
    if (hit === undefined) continue;
    if (!Array.isArray(hit)) {
      if (found && found !== hit) return undefined;
      found = hit;
      continue;
    }
    for (let itemAt = 0; itemAt < hit.length; itemAt++) {
      const item = hit[itemAt] as Item;
      if (found && found !== item) return undefined;
      found = item;
    }
  }
  return found;
}

/** The key of `shape` whose digits, left-padded with zeros, are `digits`. */
function keyIn(shape: Shape, digits: string): string {
  const padded = shape.digits === digits.length ? digits : "0".repeat(shape.digits - digits.length) + digits;
  let text = "";
  let at = 0;
  for (const [literal, n] of shape.parts) {
    text += literal + padded.slice(at, at + n);
    at += n;
  }
  return text;
}

/** The value of the digits in `codes` from `start` to `end` (joiners skipped). */
function valueOf(codes: Uint16Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = codes[i] as number;
    if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
  }
  return value;
}

export function buildRefIndexes(items: readonly Item[], minRefLength: number, minDigits: number): RefIndexes {
  const byKey = new KeyIndex(items, items.length);
  const byPaymentRef = new Map<string, Hit>();
  const heads = new Set<number>();
  const firsts = new Uint8Array(128);
  let longest = 0;
  let letterKeys = false;
  for (let itemAt = 0; itemAt < items.length; itemAt++) {
    const item = items[itemAt] as Item;
    byKey.add(item);
    if (lastKey.length >= minRefLength) {
      const head = lastKey.first * 65_536 + lastKey.second;
      heads.add(head);
      // A NaN head (a key of one character) matches any last word of one character.
      if (Number.isNaN(head)) firsts.fill(1);
      else firsts[lastKey.first] = 1;
      if (lastKey.length > longest) longest = lastKey.length;
      if (lastKey.digits === 0) letterKeys = true;
    }
    const payRef = paymentReferenceOf(item.inv);
    if (payRef.length >= minRefLength) addHit(byPaymentRef, payRef, item);
  }
  return { byKey, digits: buildDigitIndex(items, byKey, minDigits), byPaymentRef, heads, firsts, longest, letterKeys };
}

/** The digits of a key without leading zeros (`F2024-00123` → `202400123`). */
function significantDigits(key: string): string {
  const digits = NON_DIGITS.test(key) ? key.replace(/\D+/g, "") : key;
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 48) start++;
  return start === 0 ? digits : digits.slice(start);
}

const NON_DIGITS = /\D/;

/** The item numbered exactly `number`, else the only one whose number normalises the same. */
export function findNumber(idx: RefIndexes, number: string): Item | undefined {
  const hit = idx.byKey.get(number);
  if (hit === undefined) return undefined;
  if (!Array.isArray(hit)) return hit;
  return hit.find((i) => i.number === number);
}

/** Items a payment cites, in citation order; `structured` when a checked RF/Belgian ref found it. */
export interface Citation {
  readonly hit: Hit;
  readonly structured: boolean;
  /** What cited them (label words, invoice column or structured reference), for the messages that quote it. */
  readonly text: string;
}

/**
 * The citations of the payment cited last: entries 0 to the count citations returned. Module
 * state, valid until the next call (as LabelScan is): a list and an object per citation for every
 * payment were most of what citing allocated, and the reference pass reads them at once.
 */
export const cited: readonly Citation[] = [];
const CITED = cited as { hit: Hit; structured: boolean; text: string }[];

const MAX_WINDOW = 64;

/** Adds a citation after the `count` already made, unless the same items were cited already; the new count. */
function cite(count: number, hit: Hit | undefined, structured: boolean, text: string): number {
  if (hit === undefined) return count;
  const n = Array.isArray(hit) ? hit.length : 1;
  for (let cAt = 0; cAt < count; cAt++) {
    const known = (CITED[cAt] as Citation).hit;
    if (known === hit) return count;
    if ((Array.isArray(known) ? known.length : 1) !== n) continue;
    let same = true;
    for (let k = 0; k < n && same; k++) same = (Array.isArray(known) ? known[k] : known) === (Array.isArray(hit) ? hit[k] : hit);
    if (same) return count;
  }
  const c = CITED[count];
  if (c === undefined) CITED.push({ hit, structured, text });
  else {
    c.hit = hit;
    c.structured = structured;
    c.text = text;
  }
  return count + 1;
}

/** Leading zeros of the digits in `codes` in up to three ranges (digits and joiners). */
function leadingZeros(codes: Uint16Array, s0: number, e0: number, s1: number, e1: number, s2: number, e2: number): number {
  let n = 0;
  for (let part = 0; part < 3; part++) {
    const end = part === 0 ? e0 : part === 1 ? e1 : e2;
    for (let i = part === 0 ? s0 : part === 1 ? s1 : s2; i < end; i++) {
      const c = codes[i] as number;
      if (c === 48) n++;
      else if (c >= 49 && c <= 57) return n;
    }
  }
  return n;
}

/** The second letter or digit of a word of two or more, skipping joiners. */
function secondOf(codes: Uint16Array, start: number): number {
  for (let i = start + 1; ; i++) {
    const c = codes[i] as number;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) return c;
  }
}

/** Citations of a payment, written in `cited`; their count. `scan` is its label, read last (see LabelScan). */
export function citations(idx: RefIndexes, p: Payment, scan: LabelScan, minRefLength: number, minDigits: number): number {
  let out = 0;
  for (let nAt = 0; nAt < p.invoices.length; nAt++) {
    const n = p.invoices[nAt] as string;
    // The invoice column names one document: its exact number wins over others normalising alike.
    const hit = idx.byKey.get(n);
    out = cite(out, Array.isArray(hit) ? hit.find((i) => i.number === n) ?? hit : hit, false, n);
  }
  // Lettered by the export: its invoices are the whole answer, the label adds nothing.
  if (p.lettered !== undefined && p.invoices.length > 0) return out;
  for (let sAt = 0; sAt < scan.structured.length; sAt++) {
    const s = scan.structured[sAt] as string;
    out = cite(out, idx.byPaymentRef.get(s) ?? (s.startsWith("RF") ? idx.byKey.get(s.slice(4)) : undefined), idx.byPaymentRef.has(s), s);
  }
  const { text, codes, count, starts, ends, lengths, numeric } = scan;
  const longest = Math.min(MAX_WINDOW, idx.longest);
  for (let i = 0; i < count; i++) {
    const s0 = starts[i] as number;
    const e0 = ends[i] as number;
    const first = codes[s0] as number;
    if (idx.firsts[first] === 1) {
      const second = (lengths[i] as number) >= 2 ? secondOf(codes, s0) : i + 1 < count ? (codes[starts[i + 1] as number] as number) : NaN;
      if (idx.heads.has(first * 65_536 + second)) {
        // Windows of one to three words, read in place: a key string is made only for a hit.
        let length = 0;
        let allDigits = true;
        for (let n = 0; n < 3 && i + n < count; n++) {
          length += lengths[i + n] as number;
          allDigits &&= numeric[i + n] === 1;
          if (length > longest) break;
          if (length < minRefLength) continue;
          const s1 = n >= 1 ? (starts[i + 1] as number) : 0;
          const e1 = n >= 1 ? (ends[i + 1] as number) : 0;
          const s2 = n >= 2 ? (starts[i + 2] as number) : 0;
          const e2 = n >= 2 ? (ends[i + 2] as number) : 0;
          // A purely numeric key shorter than minDigits would be hit by every year and postcode,
          // unless the label announces it as an invoice number (`Inv 1002`, `facture n° 1002`).
          if (allDigits && length - leadingZeros(codes, s0, e0, s1, e1, s2, e2) < minDigits && !(n === 0 && announced(scan, i))) continue;
          const hit = idx.byKey.getIn(codes, s0, e0, s1, e1, s2, e2);
          if (hit !== undefined) out = cite(out, hit, false, Array.isArray(hit) ? windowText(scan, i, n) : "");
        }
      }
    }
    const length = lengths[i] as number;
    // `INV-1002`, `FA1002`: a marker glued to a short number the index holds on its own.
    if (numeric[i] === 0 && length > minRefLength && length - minRefLength <= MAX_MARKER && first >= 65) {
      const at = markedNumberStart(codes, s0, e0);
      if (at > s0 && INVOICE_WORDS.has(scan.text.slice(s0, at))) {
        const hit = idx.byKey.getIn(codes, at, e0, 0, 0, 0, 0);
        if (hit !== undefined && !Array.isArray(hit)) out = cite(out, hit, false, "");
      }
    }
    if (length >= minDigits && numeric[i] === 1) {
      const significant = length - leadingZeros(codes, s0, e0, 0, 0, 0, 0);
      if (significant >= minDigits) {
        const item = digitsLookup(idx, text, codes, s0, e0, significant);
        if (item) out = cite(out, item, false, "");
      }
    }
  }
  return out;
}

/** Words that name an invoice in a label, in the languages of the exports. */
const INVOICE_WORDS = new Set(["INV", "INVOICE", "INVOICES", "BILL", "FACT", "FACTURE", "FACTURES", "FAC", "FA", "FT", "FAKT",
  "RECHNUNG", "RECHN", "RG"]);
/** Words that say "number", which announce one only after an invoice word (`facture n° 1002`, not `cheque n 1002`). */
const NUMBER_WORDS = new Set(["NO", "NR", "N", "NUM", "NUMERO", "NUMBER", "REF"]);
const MAX_MARKER = 8;

/**
 * Is word i an invoice number the label announces: after an invoice word, after a number word
 * that follows one (`Invoice ref 1001`), or next in a list so announced (`Invoices 1003, 1005`)?
 */
function announced(scan: LabelScan, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const word = wordOf(scan, k);
    if (INVOICE_WORDS.has(word)) return true;
    if (NUMBER_WORDS.has(word)) return k > 0 && INVOICE_WORDS.has(wordOf(scan, k - 1));
    // A list: the number before this one must be announced itself.
    if (scan.numeric[k] !== 1) return false;
  }
  return false;
}

/** Where the digits of a word written as letters then digits (and joiners) start; `s0` when it is not. */
function markedNumberStart(codes: Uint16Array, s0: number, e0: number): number {
  // The label is folded to capitals before it is read (labels.ts).
  const letter = (c: number): boolean => c >= 65 && c <= 90;
  let i = s0;
  while (i < e0 && letter(codes[i] as number)) i++;
  const at = i;
  let digits = 0;
  for (; i < e0; i++) {
    const c = codes[i] as number;
    if (c >= 48 && c <= 57) digits++;
    else if (letter(c)) return s0;
  }
  return digits > 0 ? at : s0;
}

/** Words i to i + n of the label read last, written out together. */
function windowText(scan: LabelScan, i: number, n: number): string {
  let text = "";
  for (let k = i; k <= i + n; k++) text += wordOf(scan, k);
  return text;
}

/**
 * Open items of one customer, currency and amount (or of one currency and amount, for R5) in
 * (due, issue, number) order, with a cursor past entries that can never match again.
 */
export interface AmountList {
  readonly items: Item[];
  cursor: number;
  /** An item of this list was taken by R3 in this run (its twin payments are ties too). */
  taken: boolean;
}

/** Most amounts are open once: a lone item is stored as itself, a list only for repeats. */
export type AmountEntry = Item | AmountList;

/**
 * Amount lists keyed by minor units: per currency (R5) here, and per customer and currency (R3) on
 * each CustomerList (`amounts`), where the payment's list, cached on it, leads without a look-up.
 */
export interface AmountIndexes {
  readonly byCurrency: Map<string, Map<number, AmountEntry>>;
}

export function amountList(entry: AmountEntry): AmountList {
  return "items" in entry ? entry : { items: [entry], cursor: 0, taken: false };
}

const byRank = (a: Item, b: Item): number => a.idx - b.idx;

/** Built after the reference passes: from then on open amounts only fall to 0 or stay. */
export function buildAmountIndexes(lists: Iterable<CustomerList>): AmountIndexes {
  const byCurrency = new Map<string, Map<number, AmountEntry>>();
  const add = (map: Map<number, AmountEntry>, item: Item): void => {
    const known = map.get(item.open);
    if (known === undefined) map.set(item.open, item);
    else if ("items" in known) known.items.push(item);
    else map.set(item.open, { items: [known, item], cursor: 0, taken: false });
  };
  // Lists hold items in (due, issue, number) order; a per-currency list is re-sorted at the end.
  for (const list of lists) {
    const own = new Map<number, AmountEntry>();
    // A list is in one currency: its map is looked up once, when its first open invoice comes.
    let global: Map<number, AmountEntry> | undefined;
    for (let itemAt = 0; itemAt < list.items.length; itemAt++) {
      const item = list.items[itemAt] as Item;
      if (item.credit || item.open <= 0) continue;
      add(own, item);
      if (global === undefined) {
        global = byCurrency.get(list.currency);
        if (!global) byCurrency.set(list.currency, (global = new Map()));
      }
      add(global, item);
    }
    list.amounts = own.size > 0 ? own : undefined;
  }
  for (const global of byCurrency.values()) {
    for (const entry of global.values()) {
      if (!("items" in entry)) continue;
      // Most amounts repeat a few times; a long list is left to sort.
      if (entry.items.length <= 16) sortShort(entry.items, byRank);
      else entry.items.sort(byRank);
    }
  }
  return { byCurrency };
}
