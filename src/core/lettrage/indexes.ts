// Indexes built once per run (matching.md §4.1): invoice number keys, digit keys, structured
// payment references, and per-amount lists with cursors so each lookup is O(1) expected.

import type { Invoice, Payment } from "../model.js";
import { referenceKey } from "../references.js";
import { addHit, fastKeyOf, KeyIndex, lastKey, type Hit } from "./keys.js";
import type { LabelScan } from "./labels.js";
import type { CustomerList, Item } from "./state.js";

export interface RefIndexes {
  /** Normalised number → item(s); short keys are kept for exact look-ups, labels skip them. */
  readonly byKey: KeyIndex;
  /** How to find an invoice from the digits of its number alone (see digitsLookup). */
  readonly digits: DigitIndex;
  readonly byPaymentRef: Map<string, Hit>;
  /** First two character codes of each key (c0 × 65536 + c1). */
  readonly heads: Set<number>;
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
    for (const item of items) {
      const s = shapeOf(fastKeyOf(item.number));
      if (s.digits >= minDigits && !shapes.has(s.id)) {
        shapes.set(s.id, [s.digits, byKey.patterns.findIndex((p) => p.id === s.id)]);
        if (shapes.size > MAX_SHAPES) break;
      }
    }
  }
  if (shapes.size <= MAX_SHAPES) return { kind: "shapes", shapes: [...shapes].map(([id, [digits, pattern]]) => toShape(id, digits, pattern)) };
  const byDigits = new Map<string, Item | null>();
  for (const item of items) {
    const digits = significantDigits(fastKeyOf(item.number));
    if (digits.length < minDigits) continue;
    const known = byDigits.get(digits);
    byDigits.set(digits, known === undefined || known === item ? item : null);
  }
  return { kind: "map", byDigits };
}

/** The one invoice whose number's digits, leading zeros dropped, are `digits`; none if several. */
export function digitsLookup(idx: RefIndexes, digits: string): Item | undefined {
  const d = idx.digits;
  if (d.kind === "map") return d.byDigits.get(digits) ?? undefined;
  let found: Item | undefined;
  for (const shape of d.shapes) {
    if (shape.digits < digits.length) continue;
    const key = (): string => {
      const padded = shape.digits === digits.length ? digits : "0".repeat(shape.digits - digits.length) + digits;
      let text = "";
      let at = 0;
      for (const [literal, n] of shape.parts) {
        text += literal + padded.slice(at, at + n);
        at += n;
      }
      return text;
    };
    const hit = shape.pattern >= 0 ? idx.byKey.byDigits(shape.pattern, digits, key) : idx.byKey.get(key());
    if (hit === undefined) continue;
    if (!Array.isArray(hit)) {
      if (found && found !== hit) return undefined;
      found = hit;
      continue;
    }
    for (const item of hit) {
      if (found && found !== item) return undefined;
      found = item;
    }
  }
  return found;
}

export function buildRefIndexes(items: readonly Item[], minRefLength: number, minDigits: number): RefIndexes {
  const byKey = new KeyIndex(items, items.length);
  const byPaymentRef = new Map<string, Hit>();
  const heads = new Set<number>();
  let longest = 0;
  let letterKeys = false;
  for (const item of items) {
    byKey.add(item);
    if (lastKey.length >= minRefLength) {
      heads.add(lastKey.first * 65_536 + lastKey.second);
      if (lastKey.length > longest) longest = lastKey.length;
      if (lastKey.digits === 0) letterKeys = true;
    }
    const payRef = paymentReferenceOf(item.inv);
    if (payRef.length >= minRefLength) addHit(byPaymentRef, payRef, item);
  }
  return { byKey, digits: buildDigitIndex(items, byKey, minDigits), byPaymentRef, heads, longest, letterKeys };
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
  readonly items: readonly Item[];
  readonly structured: boolean;
  readonly text: string;
}

const MAX_WINDOW = 64;

/** Adds a citation unless the same items were cited already. */
function cite(out: Citation[], hit: Hit | undefined, structured: boolean, text: string): void {
  if (hit === undefined) return;
  const items = Array.isArray(hit) ? hit : [hit];
  for (const c of out) {
    if (c.items.length !== items.length) continue;
    let same = true;
    for (let k = 0; k < items.length && same; k++) same = c.items[k] === items[k];
    if (same) return;
  }
  out.push({ items, structured, text });
}

/** Leading zeros of `a + b + c` (all digits), so its significant length is known without a string. */
function leadingZeros(a: string, b: string, c: string): number {
  let n = 0;
  for (const s of [a, b, c]) {
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) !== 48) return n;
      n++;
    }
  }
  return n;
}

export function citations(idx: RefIndexes, p: Payment, scan: LabelScan, minRefLength: number, minDigits: number): Citation[] {
  const out: Citation[] = [];
  for (const n of p.invoices) {
    // The invoice column names one document: its exact number wins over others normalising alike.
    const hit = idx.byKey.get(n);
    cite(out, Array.isArray(hit) ? hit.find((i) => i.number === n) ?? hit : hit, false, n);
  }
  for (const s of scan.structured) {
    cite(out, idx.byPaymentRef.get(s) ?? (s.startsWith("RF") ? idx.byKey.get(s.slice(4)) : undefined), idx.byPaymentRef.has(s), s);
  }
  const t = scan.tokens;
  const numeric = scan.numeric;
  const longest = Math.min(MAX_WINDOW, idx.longest);
  for (let i = 0; i < t.length; i++) {
    const token = t[i] as string;
    const second = token.length >= 2 ? token.charCodeAt(1) : (t[i + 1] ?? "").charCodeAt(0);
    if (idx.heads.has(token.charCodeAt(0) * 65_536 + second)) {
      // Windows of one to three tokens, read in place: a key string is made only for a hit.
      let length = 0;
      let allDigits = true;
      for (let n = 0; n < 3 && i + n < t.length; n++) {
        length += (t[i + n] as string).length;
        allDigits &&= numeric[i + n] === true;
        if (length > longest) break;
        if (length < minRefLength) continue;
        const a = token;
        const b = n >= 1 ? (t[i + 1] as string) : "";
        const c = n >= 2 ? (t[i + 2] as string) : "";
        // A purely numeric key shorter than minDigits would be hit by every year and postcode.
        if (allDigits && length - leadingZeros(a, b, c) < minDigits) continue;
        const hit = idx.byKey.get(a, b, c);
        if (hit !== undefined) cite(out, hit, false, a + b + c);
      }
    }
    if (token.length >= minDigits && numeric[i]) {
      const digits = significantDigits(token);
      if (digits.length >= minDigits) {
        const item = digitsLookup(idx, digits);
        if (item) cite(out, item, false, token);
      }
    }
  }
  return out;
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

/** Amount lists keyed by minor units: per customer and currency (R3), and per currency (R5). */
export interface AmountIndexes {
  readonly byCustomer: Map<CustomerList, Map<number, AmountEntry>>;
  readonly byCurrency: Map<string, Map<number, AmountEntry>>;
}

export function amountList(entry: AmountEntry): AmountList {
  return "items" in entry ? entry : { items: [entry], cursor: 0, taken: false };
}

/** Built after the reference passes: from then on open amounts only fall to 0 or stay. */
export function buildAmountIndexes(lists: Iterable<CustomerList>): AmountIndexes {
  const byCustomer = new Map<CustomerList, Map<number, AmountEntry>>();
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
    for (const item of list.items) {
      if (item.credit || item.open <= 0) continue;
      add(own, item);
      let global = byCurrency.get(item.currency);
      if (!global) byCurrency.set(item.currency, (global = new Map()));
      add(global, item);
    }
    if (own.size > 0) byCustomer.set(list, own);
  }
  for (const global of byCurrency.values()) {
    for (const entry of global.values()) if ("items" in entry) entry.items.sort((a, b) => a.idx - b.idx);
  }
  return { byCustomer, byCurrency };
}
