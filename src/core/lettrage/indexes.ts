// Indexes built once per run (matching.md §4.1): invoice number keys, digit keys, structured
// payment references, and per-amount lists with cursors so each lookup is O(1) expected.

import type { Invoice, Payment } from "../model.js";
import { referenceKey } from "../references.js";
import type { LabelScan } from "./labels.js";
import { SEP, type Item } from "./state.js";

/** A key that names one item, or several (MULTI: only payer or amount can say which). */
type Hit = Item | Item[];

export interface RefIndexes {
  readonly byNumber: Map<string, Item>;
  readonly byKey: Map<string, Hit>;
  /** Digits of the number without leading zeros → item, or null when two numbers share them. */
  readonly byDigits: Map<string, Item | null>;
  readonly byPaymentRef: Map<string, Hit>;
}

/** The structured payment reference an invoice may carry once the importer reads one. */
function paymentReferenceOf(inv: Invoice): string {
  const ref = (inv as Invoice & { readonly paymentReference?: unknown }).paymentReference;
  return typeof ref === "string" ? referenceKey(ref) : "";
}

function addHit(map: Map<string, Hit>, key: string, item: Item): void {
  const known = map.get(key);
  if (known === undefined) map.set(key, item);
  else if (Array.isArray(known)) known.push(item);
  else map.set(key, [known, item]);
}

export function buildRefIndexes(items: readonly Item[], minRefLength: number, minDigits: number): RefIndexes {
  const byNumber = new Map<string, Item>();
  const byKey = new Map<string, Hit>();
  const byDigits = new Map<string, Item | null>();
  const byPaymentRef = new Map<string, Hit>();
  for (const item of items) {
    if (!byNumber.has(item.number)) byNumber.set(item.number, item);
    const key = referenceKey(item.number);
    const allDigits = /^\d+$/.test(key);
    // A purely numeric number shorter than minDigits would be hit by every year and postcode.
    if (key.length >= minRefLength && (!allDigits || key.replace(/^0+/, "").length >= minDigits)) addHit(byKey, key, item);
    const digits = key.replace(/\D/g, "").replace(/^0+/, "");
    if (digits.length >= minDigits) {
      const known = byDigits.get(digits);
      byDigits.set(digits, known === undefined || known === item ? item : null);
    }
    const payRef = paymentReferenceOf(item.inv);
    if (payRef.length >= minRefLength) addHit(byPaymentRef, payRef, item);
  }
  return { byNumber, byKey, byDigits, byPaymentRef };
}

/** Items a payment cites, in citation order; `structured` when a checked RF/Belgian ref found it. */
export interface Citation {
  readonly items: readonly Item[];
  readonly structured: boolean;
  readonly text: string;
}

const MAX_WINDOW = 64;

export function citations(idx: RefIndexes, p: Payment, scan: LabelScan, minRefLength: number, minDigits: number): Citation[] {
  const out: Citation[] = [];
  const seen = new Set<string>();
  const push = (hit: Hit | undefined, structured: boolean, text: string): void => {
    if (hit === undefined) return;
    const items = Array.isArray(hit) ? hit : [hit];
    const id = items.map((i) => i.idx).join(",");
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ items, structured, text });
  };
  for (const n of p.invoices) push(idx.byNumber.get(n) ?? idx.byKey.get(referenceKey(n)), false, n);
  for (const s of scan.structured) {
    push(idx.byPaymentRef.get(s) ?? (s.startsWith("RF") ? idx.byKey.get(s.slice(4)) : undefined), idx.byPaymentRef.has(s), s);
  }
  const t = scan.tokens;
  for (let i = 0; i < t.length; i++) {
    let key = "";
    for (let n = 0; n < 3 && i + n < t.length; n++) {
      key += t[i + n];
      if (key.length > MAX_WINDOW) break;
      if (key.length >= minRefLength) push(idx.byKey.get(key), false, key);
    }
    const token = t[i] as string;
    if (/^\d+$/.test(token)) {
      const digits = token.replace(/^0+/, "");
      if (digits.length >= minDigits) {
        const item = idx.byDigits.get(digits);
        if (item) push(item, false, token);
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

export function amountKey(customer: string, currency: string, cents: number): string {
  return customer + SEP + currency + SEP + String(cents);
}

/** Built after the reference passes: from then on open amounts only fall to 0 or stay. */
export function buildAmountIndexes(items: readonly Item[]): { byCustAmount: Map<string, AmountList>; byAmount: Map<string, AmountList> } {
  const byCustAmount = new Map<string, AmountList>();
  const byAmount = new Map<string, AmountList>();
  const add = (map: Map<string, AmountList>, key: string, item: Item): void => {
    const list = map.get(key);
    if (list) list.items.push(item);
    else map.set(key, { items: [item], cursor: 0, taken: false });
  };
  for (const item of items) {
    if (item.credit || item.open <= 0) continue;
    add(byCustAmount, amountKey(item.customer, item.currency, item.open), item);
    add(byAmount, amountKey("", item.currency, item.open), item);
  }
  return { byCustAmount, byAmount };
}
