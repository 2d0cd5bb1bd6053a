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
 * Copies of the long strings of one slice. Values a slice interns (a customer's name on each of
 * its rows) are copied once and stay shared; the others are copied in visiting order.
 */
class Copier {
  private readonly uniques: string[] = [];
  private readonly shared = new Map<string, string>();
  private copies: string[] = [];
  private next = 0;

  /** First visit: notes `s` (a value unique to its row). */
  noteUnique(s: string | undefined): void {
    if (s !== undefined && s.length >= SHARED_FROM) this.uniques.push(s);
  }

  /** First visit: notes `s` (a value the slice interns). */
  noteShared(s: string): void {
    if (s.length >= SHARED_FROM && !this.shared.has(s)) this.shared.set(s, s);
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

  /** Second visit, in the order of the first: the copy of a unique value. */
  unique<T extends string | undefined>(s: T): T {
    return (s !== undefined && s.length >= SHARED_FROM ? this.copies[this.next++] : s) as T;
  }

  /** Second visit: the copy of an interned value. */
  sharedCopy(s: string): string {
    return s.length >= SHARED_FROM ? (this.shared.get(s) as string) : s;
  }
}

/** Replaces, in place, every string of 13+ characters the records hold with a copy of its own. */
export function ownStrings(kind: RecordKind, records: readonly (Invoice | Payment)[]): void {
  const c = new Copier();
  if (kind === "invoices") {
    const invoices = records as Mutable<Invoice>[];
    for (const r of invoices) {
      c.noteUnique(r.number);
      c.noteUnique(r.appliesTo);
      c.noteUnique(r.language);
      c.noteUnique(r.customerType);
      c.noteUnique(r.phone);
      c.noteUnique(r.address);
      c.noteUnique(r.siren);
      c.noteUnique(r.vat);
      c.noteShared(r.customer);
      c.noteShared(r.customerName);
      c.noteShared(r.email);
      c.noteShared(r.status);
    }
    if (!c.copy()) return;
    for (const r of invoices) {
      r.number = c.unique(r.number);
      r.appliesTo = c.unique(r.appliesTo);
      r.language = c.unique(r.language);
      r.customerType = c.unique(r.customerType);
      // Optional fields stay absent when absent (a million invoices carry less).
      if (r.phone !== undefined) r.phone = c.unique(r.phone);
      if (r.address !== undefined) r.address = c.unique(r.address);
      if (r.siren !== undefined) r.siren = c.unique(r.siren);
      if (r.vat !== undefined) r.vat = c.unique(r.vat);
      r.customer = c.sharedCopy(r.customer);
      r.customerName = c.sharedCopy(r.customerName);
      r.email = c.sharedCopy(r.email);
      r.status = c.sharedCopy(r.status);
    }
  } else {
    const payments = records as Mutable<Payment>[];
    for (const r of payments) {
      c.noteUnique(r.id);
      c.noteUnique(r.reference);
      for (const n of r.invoices) c.noteUnique(n);
      c.noteShared(r.customer);
      c.noteShared(r.payerName);
    }
    if (!c.copy()) return;
    for (const r of payments) {
      r.id = c.unique(r.id);
      r.reference = c.unique(r.reference);
      if (r.invoices.some((n) => n.length >= SHARED_FROM)) r.invoices = r.invoices.map((n) => c.unique(n));
      r.customer = c.sharedCopy(r.customer);
      r.payerName = c.sharedCopy(r.payerName);
    }
  }
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
