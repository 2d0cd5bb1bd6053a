// Records that outlive the text they were split from: their long strings copied out in bulk, so
// that the main thread's records of a big export do not keep every piece's decoded text alive.
//
// Why not one copy per field: V8 shares the characters of any substring of 13 or more
// characters with the text it came from (a "sliced" string). The main thread reads its share of
// a big export's pieces and keeps the records for the whole run; a label or an invoice number
// then pins its whole piece (two bytes per character as soon as the piece has a `€` or `Œ`).
// Copying each string on its own costs 0.4–0.8 µs; one JSON round trip of them all ~0.3 µs.
//
// Fields are named, not found by walking each record's keys: a walk with a map of every string
// cost ~1 s of the main thread at 1 M rows. test/io/own-strings.test.ts checks that every string
// field of the records the reader makes is named here.

import type { Invoice, Payment } from "../core/model.js";
import type { RecordKind } from "../core/records.js";

/** V8's SlicedString::kMinLength: shorter substrings are always copies. */
const SHARED_FROM = 13;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Copies of the long strings of one slice, in two visits of its records that read the same
 * fields in the same order: the first notes the strings (and leaves them), the second gives each
 * its copy. Values a slice interns (a customer's name on each of its rows) are copied once and
 * stay shared; the others are copied in visiting order.
 */
class Copier {
  private readonly uniques: string[] = [];
  private readonly shared = new Map<string, string>();
  private copies: string[] | undefined;
  private next = 0;

  /** A value unique to its row: noted, or (second visit) its copy. */
  unique<T extends string | undefined>(s: T): T {
    if (s === undefined || s.length < SHARED_FROM) return s;
    if (this.copies === undefined) {
      this.uniques.push(s);
      return s;
    }
    return this.copies[this.next++] as T;
  }

  /** A value the slice interns: noted, or (second visit) its one copy. */
  sharedValue(s: string): string {
    if (s.length < SHARED_FROM) return s;
    if (this.copies === undefined) {
      if (!this.shared.has(s)) this.shared.set(s, s);
      return s;
    }
    return this.shared.get(s) as string;
  }

  /** Between the visits: makes the copies; false when there is nothing to copy. */
  copy(): boolean {
    const all = this.uniques.concat([...this.shared.keys()]);
    if (all.length === 0) return false;
    this.copies = copyAll(all);
    let i = this.uniques.length;
    for (const key of this.shared.keys()) this.shared.set(key, this.copies[i++] as string);
    return true;
  }
}

function ownInvoice(r: Mutable<Invoice>, c: Copier): void {
  r.number = c.unique(r.number);
  r.appliesTo = c.unique(r.appliesTo);
  r.language = c.unique(r.language);
  r.customerType = c.unique(r.customerType);
  // Optional fields stay absent when absent (a million invoices carry less).
  if (r.phone !== undefined) r.phone = c.unique(r.phone);
  if (r.address !== undefined) r.address = c.unique(r.address);
  if (r.siren !== undefined) r.siren = c.unique(r.siren);
  if (r.vat !== undefined) r.vat = c.unique(r.vat);
  r.customer = c.sharedValue(r.customer);
  r.customerName = c.sharedValue(r.customerName);
  r.email = c.sharedValue(r.email);
  r.status = c.sharedValue(r.status);
}

function ownPayment(r: Mutable<Payment>, c: Copier): void {
  r.id = c.unique(r.id);
  r.reference = c.unique(r.reference);
  if (r.invoices.some((n) => n.length >= SHARED_FROM)) r.invoices = r.invoices.map((n) => c.unique(n));
  r.customer = c.sharedValue(r.customer);
  r.payerName = c.sharedValue(r.payerName);
}

/** Replaces, in place, every string of 13+ characters the records hold with a copy of its own. */
export function ownStrings(kind: RecordKind, records: readonly (Invoice | Payment)[]): void {
  const c = new Copier();
  const own = kind === "invoices"
    ? (r: Invoice | Payment) => ownInvoice(r as Mutable<Invoice>, c)
    : (r: Invoice | Payment) => ownPayment(r as Mutable<Payment>, c);
  // Index loops: an unoptimised for-of makes an object per record.
  for (let i = 0; i < records.length; i++) own(records[i] as Invoice | Payment);
  if (!c.copy()) return;
  for (let i = 0; i < records.length; i++) own(records[i] as Invoice | Payment);
}

/**
 * A copy of `s` that does not hold on to the text it was cut from, for a value kept for the
 * whole file (a worker's string table): paid once per distinct value.
 */
export function ownString(s: string): string {
  return s.length < SHARED_FROM ? s : (copyAll([s])[0] as string);
}

/**
 * Fresh flat copies of `strings`, in order: JSON.parse makes each string anew, one byte per
 * character when it can be, and carries lone surrogates unchanged. (A join and split costs about
 * as much but leaves the copies as slices of the joined text: +40 MiB at 1 M rows.)
 */
function copyAll(strings: readonly string[]): string[] {
  return JSON.parse(JSON.stringify(strings)) as string[];
}
