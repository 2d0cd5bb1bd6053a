// Normalised invoice-number keys → items (matching.md §4.1 refIndex) without a string per key:
// numbers of one ledger follow a few patterns (`FACT-####-######`), so a key is stored as its
// pattern and the value of its digits in an open-addressing table; other keys go in a Map.

import { fastKeyOf, referenceKey } from "../references.js";
import type { Item } from "./state.js";

/** A key that names one item, or several (only payer or amount can say which). */
export type Hit = Item | Item[];

/** A pattern: the key with each digit written `#`. Only patterns of ≤ 15 digits are numeric (exact doubles). */
export interface Pattern {
  readonly id: string;
  readonly digits: number;
  readonly numeric: boolean;
}

const MAX_PATTERNS = 64;
const MAX_NUMERIC_DIGITS = 15;
const HASH = 35; // '#'

// What the last scan found; module state so a scan allocates nothing.
let sHash = 0;
let sLength = 0;
let sDigits = 0;
let sValue = 0;
let sFirst = 0;
let sSecond = 0;
/** The text was not plain ASCII: the caller normalises it with referenceKey and scans again. */
let sForeign = false;

/** Characters of the text a string key is read from (see load). */
let chars = new Uint16Array(256);

/** Puts `a + b + c` in `chars`; returns its length. */
function load(a: string, b: string, c: string): number {
  const n = a.length + b.length + c.length;
  if (chars.length < n) chars = new Uint16Array(2 * n);
  let k = 0;
  for (let i = 0; i < a.length; i++) chars[k++] = a.charCodeAt(i);
  for (let i = 0; i < b.length; i++) chars[k++] = b.charCodeAt(i);
  for (let i = 0; i < c.length; i++) chars[k++] = c.charCodeAt(i);
  return n;
}

/** The text of `codes` from `start` to `end`. */
function textOf(codes: Uint16Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(codes[i] as number);
  return text;
}

/**
 * Reads the key of the character codes in up to three ranges [s0, e0) [s1, e1) [s2, e2) as
 * fastKeyOf would write it (ASCII upper-cased, anything but A-Z 0-9 dropped), keeping its pattern
 * hash, length, digit count and digit value. Ranges let a label's words be read where they lie.
 */
function scan(codes: Uint16Array, s0: number, e0: number, s1: number, e1: number, s2: number, e2: number): void {
  let h = 0x811c9dc5;
  let length = 0;
  let digits = 0;
  let value = 0;
  // NaN when the key is shorter, as charCodeAt says (a one-character key's head is NaN).
  let first = NaN;
  let second = NaN;
  sForeign = false;
  for (let part = 0; part < 3; part++) {
    const end = part === 0 ? e0 : part === 1 ? e1 : e2;
    for (let i = part === 0 ? s0 : part === 1 ? s1 : s2; i < end; i++) {
      let ch = codes[i] as number;
      if (ch >= 48 && ch <= 57) {
        digits++;
        value = value * 10 + (ch - 48);
        h = Math.imul(h ^ HASH, 16_777_619);
      } else {
        if (ch >= 97 && ch <= 122) ch -= 32;
        else if (ch > 127) {
          sForeign = true;
          return;
        }
        if (ch < 65 || ch > 90) continue;
        h = Math.imul(h ^ ch, 16_777_619);
      }
      if (length === 0) first = ch;
      else if (length === 1) second = ch;
      length++;
    }
  }
  sHash = h;
  sLength = length;
  sDigits = digits;
  sValue = value;
  sFirst = first;
  sSecond = second;
}

/** Does the key of the ranges (as scanned) follow `pattern`? */
function follows(pattern: string, codes: Uint16Array, s0: number, e0: number, s1: number, e1: number, s2: number, e2: number): boolean {
  let k = 0;
  for (let part = 0; part < 3; part++) {
    const end = part === 0 ? e0 : part === 1 ? e1 : e2;
    for (let i = part === 0 ? s0 : part === 1 ? s1 : s2; i < end; i++) {
      let ch = codes[i] as number;
      if (ch >= 48 && ch <= 57) ch = HASH;
      else {
        if (ch >= 97 && ch <= 122) ch -= 32;
        if (ch < 65 || ch > 90) continue;
      }
      if (pattern.charCodeAt(k++) !== ch) return false;
    }
  }
  return k === pattern.length;
}

function patternOf(key: string): string {
  return key.replace(/\d/g, "#");
}

/** Adds `item` under `key`: one item alone, several as a list. */
export function addHit(map: Map<string, Hit>, key: string, item: Item): void {
  const known = map.get(key);
  if (known === undefined) map.set(key, item);
  else if (Array.isArray(known)) known.push(item);
  else map.set(key, [known, item]);
}

export class KeyIndex {
  readonly patterns: Pattern[] = [];
  /** More than MAX_PATTERNS patterns were seen: later ones were not recorded. */
  overflow = false;
  private readonly byHash = new Map<number, number[]>();
  private readonly strings = new Map<string, Hit>();
  /** Pattern hashes of the keys in `strings`: most label windows miss without a key string made. */
  private readonly stringHashes = new Set<number>();
  private readonly multi: Item[][] = [];
  private cap = 0;
  private pat = new Uint8Array(0);
  private val = new Float64Array(0);
  private slot = new Int32Array(0);
  private size = 0;

  constructor(private readonly items: readonly Item[], expected: number) {
    this.grow(expected);
  }

  private grow(expected: number): void {
    let cap = 1024;
    while (cap < expected * 1.6) cap *= 2;
    const old = { pat: this.pat, val: this.val, slot: this.slot };
    this.cap = cap;
    this.pat = new Uint8Array(cap);
    this.val = new Float64Array(cap);
    this.slot = new Int32Array(cap);
    for (let i = 0; i < old.pat.length; i++) {
      const p = old.pat[i] as number;
      if (p !== 0) this.slot[this.probe(p, old.val[i] as number)] = old.slot[i] as number;
    }
  }

  /** The slot of (pattern + 1, value): where it is, or the empty slot where it goes (pat set). */
  private probe(p1: number, value: number): number {
    const i = this.slotOf(p1, value);
    if (this.pat[i] === 0) {
      this.pat[i] = p1;
      this.val[i] = value;
      this.slot[i] = -0x7fffffff;
    }
    return i;
  }

  private find(p1: number, value: number): number {
    const i = this.slotOf(p1, value);
    return this.pat[i] === 0 ? -1 : i;
  }

  /** Linear probing from the key's hash: the slot holding (p1, value), or the first empty one. */
  private slotOf(p1: number, value: number): number {
    const lo = value >>> 0;
    const hi = (value / 4_294_967_296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1) ^ Math.imul(p1, 0x85ebca6b), 0x27d4eb2d);
    h ^= h >>> 15;
    const mask = this.cap - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const p = this.pat[i] as number;
      if (p === 0 || (p === p1 && this.val[i] === value)) return i;
    }
  }

  /** The recorded pattern the last scan (of these ranges) follows, or −1. */
  private patternFor(codes: Uint16Array, s0: number, e0: number, s1: number, e1: number, s2: number, e2: number): number {
    const ids = this.byHash.get(sHash);
    if (ids === undefined) return -1;
    for (let idAt = 0; idAt < ids.length; idAt++) {
      const id = ids[idAt] as number;
      const p = this.patterns[id] as Pattern;
      if (p.id.length === sLength && follows(p.id, codes, s0, e0, s1, e1, s2, e2)) return id;
    }
    return -1;
  }

  /** Adds an item under the key of its number; `lastKey` then describes that key. */
  add(item: Item): void {
    const n = load(item.number, "", "");
    scan(chars, 0, n, 0, 0, 0, 0);
    if (sForeign) {
      const key = referenceKey(item.number);
      const k = load(key, "", "");
      scan(chars, 0, k, 0, 0, 0, 0);
      this.addScanned(item, key, k);
    } else this.addScanned(item, undefined, n);
  }

  /** Adds `item` under the key scanned from `chars` (`n` of them). */
  private addScanned(item: Item, normalised: string | undefined, n: number): void {
    const text = normalised ?? item.number;
    lastKey.length = sLength;
    lastKey.first = sFirst;
    lastKey.second = sSecond;
    lastKey.digits = sDigits;
    let id = sDigits > 0 ? this.patternFor(chars, 0, n, 0, 0, 0, 0) : -1;
    if (id < 0 && sDigits > 0) {
      if (this.patterns.length < MAX_PATTERNS) {
        const key = normalised ?? fastKeyOf(text);
        id = this.patterns.length;
        this.patterns.push({ id: patternOf(key), digits: sDigits, numeric: sDigits <= MAX_NUMERIC_DIGITS });
        const same = this.byHash.get(sHash);
        if (same) same.push(id);
        else this.byHash.set(sHash, [id]);
      } else this.overflow = true;
    }
    if (id >= 0 && (this.patterns[id] as Pattern).numeric) {
      if ((this.size + 1) * 1.6 > this.cap) this.grow(this.size + 1);
      const at = this.probe(id + 1, sValue);
      const known = this.slot[at] as number;
      if (known === -0x7fffffff) {
        this.slot[at] = item.idx;
        this.size++;
      } else if (known >= 0) {
        this.slot[at] = -1 - this.multi.length;
        this.multi.push([this.items[known] as Item, item]);
      } else (this.multi[-1 - known] as Item[]).push(item);
      return;
    }
    this.stringHashes.add(sHash);
    addHit(this.strings, normalised ?? fastKeyOf(text), item);
  }

  /** Items whose number normalises to the key of `a + b + c` (text from a label or an export). */
  get(a: string, b = "", c = ""): Hit | undefined {
    const n = load(a, b, c);
    return this.read(chars, 0, n, 0, 0, 0, 0, a + b + c);
  }

  /** get of the words of a label in `codes` from s0 to e0, s1 to e1 and s2 to e2 (ranges may be empty). */
  getIn(codes: Uint16Array, s0: number, e0: number, s1: number, e1: number, s2: number, e2: number): Hit | undefined {
    return this.read(codes, s0, e0, s1, e1, s2, e2, undefined);
  }

  /** The items of the key in the ranges; `text` is what they hold, if at hand (else written when needed). */
  private read(codes: Uint16Array, s0: number, e0: number, s1: number, e1: number, s2: number, e2: number, text: string | undefined): Hit | undefined {
    scan(codes, s0, e0, s1, e1, s2, e2);
    // Label words are ASCII today (labels.ts isAlnum); a wider alphabet would still be keyed right.
    if (sForeign) return this.getForeign(text ?? textOf(codes, s0, e0) + textOf(codes, s1, e1) + textOf(codes, s2, e2));
    return this.lookup(codes, s0, e0, s1, e1, s2, e2, undefined, text);
  }

  private getForeign(text: string): Hit | undefined {
    const key = referenceKey(text);
    const n = load(key, "", "");
    scan(chars, 0, n, 0, 0, 0, 0);
    return this.lookup(chars, 0, n, 0, 0, 0, 0, key, key);
  }

  /** The items of the key just scanned from the ranges; `text` is what they hold, if at hand. */
  private lookup(
    codes: Uint16Array, s0: number, e0: number, s1: number, e1: number, s2: number, e2: number, normalised: string | undefined, text: string | undefined,
  ): Hit | undefined {
    const id = sDigits > 0 ? this.patternFor(codes, s0, e0, s1, e1, s2, e2) : -1;
    if (id >= 0 && (this.patterns[id] as Pattern).numeric) return this.byValue(id, sValue);
    if (!this.stringHashes.has(sHash)) return undefined;
    return this.strings.get(normalised ?? fastKeyOf(text ?? textOf(codes, s0, e0) + textOf(codes, s1, e1) + textOf(codes, s2, e2)));
  }

  /** Items of a recorded numeric pattern (see Pattern) whose digits have this value. */
  byValue(id: number, value: number): Hit | undefined {
    const at = this.find(id + 1, value);
    if (at < 0) return undefined;
    const s = this.slot[at] as number;
    return s >= 0 ? this.items[s] : this.multi[-1 - s];
  }

  numericPattern(id: number): boolean {
    return (this.patterns[id] as Pattern).numeric;
  }

  /** Items of a recorded pattern that is not numeric, by their key. */
  byString(key: string): Hit | undefined {
    return this.strings.get(key);
  }
}

/** Facts about the key of the last item added (see KeyIndex.add). */
export const lastKey = { length: 0, first: 0, second: 0, digits: 0 };

