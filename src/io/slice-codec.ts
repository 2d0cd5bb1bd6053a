// Converted slices crossing from a parse worker to the main thread as columns: typed arrays
// transferred, dates as numbers, repeated strings sent once per worker and file (cloning a million
// small objects costs seconds; a million copies of one customer name costs memory).

import type { PlainDate } from "../core/dates.js";
import { compactMinor } from "../core/money.js";
import { KEPT_MEANINGS, type Invoice, type Mutable, type Payment, type StatusMeaning } from "../core/model.js";
import type { Problem } from "../core/problem.js";
import type { RecordKind, RowNote, Slice, UnreadTerms } from "../core/records.js";
import { ownString } from "./own-strings.js";

/** Fields whose values repeat from row to row, interned; the customer comes first. */
const INVOICE_SHARED = ["customer", "customerName", "email", "currency", "type", "status", "appliesTo", "language",
  "customerType"] as const;
const PAYMENT_SHARED = ["customer", "payerName", "currency"] as const;
/** Optional contact fields, in the order records.ts's addIdentity sets them; -1 when absent. */
const IDENTITY = ["phone", "siren", "vat", "address"] as const;
/** An invoice's statusMeaning, as its index here + 1 (0: none). */
const MEANINGS: readonly StatusMeaning[] = KEPT_MEANINGS;

export interface EncodedSlice {
  readonly kind: RecordKind;
  readonly count: number;
  /** Strings the worker's table for this file gained with this slice, in index order. */
  readonly added: string[];
  /** Per record, the table index of each shared field (INVOICE_SHARED / PAYMENT_SHARED order). */
  readonly shared: Int32Array;
  /** Issue and due date, or payment date, as yyyymmdd; an issue date the export did not give is negated. */
  readonly dates: Int32Array;
  /** Invoices: per record, the table index of each IDENTITY field or -1; empty when no record of the slice has one. */
  readonly identity: Int32Array;
  /** Invoices: per record, its statusMeaning as an index in MEANINGS + 1, 0 for none; empty when no record of the slice has one. */
  readonly meanings: Uint8Array;
  /** Invoice number or payment id: unique, so sent as is. */
  readonly keys: string[];
  /** Payment labels (unique too). */
  readonly references: string[];
  /** Invoice amount and paid, or payment amount. */
  readonly amounts: Float64Array;
  readonly lines: Int32Array;
  /** Payments: invoice numbers named, as table indexes; record i owns [ends[i-1], ends[i]). */
  readonly named: Int32Array;
  readonly namedEnds: Int32Array;
  readonly problems: Problem[];
  readonly droppedErrors: number;
  readonly conflicts: Problem[][];
  readonly droppedConflicts: number[];
  readonly derivedDue: number;
  readonly firstDerivedLine: number | undefined;
  readonly unreadTerms: number;
  readonly firstUnreadTerms: UnreadTerms | undefined;
  readonly keyHashes: Int32Array;
  readonly notes: readonly RowNote[];
}

/** A worker's strings for one file, each sent once under an index. */
export class StringTable {
  private readonly fields: { map: Map<string, number>; last: string | undefined; lastId: number }[] = [];
  private readonly follows: (string | number)[][] = [];
  private size = 0;
  private added: string[] = [];
  /** Each string kept, by index: the table holds these copies only, never the piece's text. */
  private readonly strings: string[] = [];

  /** One map per field (small maps stay in cache); the field's previous value is tried first. */
  id(field: number, s: string): number {
    let f = this.fields[field];
    if (!f) this.fields[field] = f = { map: new Map(), last: undefined, lastId: 0 };
    if (s === f.last) return f.lastId;
    let i = f.map.get(s);
    if (i === undefined) {
      i = this.size++;
      const own = ownString(s);
      f.map.set(own, i);
      this.added.push(own);
      this.strings[i] = own;
    }
    f.last = this.strings[i] as string;
    f.lastId = i;
    return i;
  }

  /** For a field that goes with the customer (`owner`): a string comparison instead of a lookup. */
  idWith(field: number, s: string, owner: number): number {
    const seen = (this.follows[field] ??= []);
    const k = owner * 2;
    if (seen[k] === s) return seen[k + 1] as number;
    const i = this.id(field, s);
    seen[k] = this.strings[i] as string;
    seen[k + 1] = i;
    return i;
  }

  /** Strings added since the last call. */
  take(): string[] {
    const out = this.added;
    this.added = [];
    return out;
  }
}

/** `2026-11-22` → 20261122 (PlainDates are always well formed: digits where digits go). */
function dateNumber(d: PlainDate): number {
  let n = 0;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7) n = n * 10 + d.charCodeAt(i) - 48;
  return n;
}

const dateStrings = new Map<number, PlainDate>();
function dateString(n: number): PlainDate {
  let d = dateStrings.get(n);
  if (d === undefined) {
    const s = String(n);
    d = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
    dateStrings.set(n, d);
  }
  return d;
}

export function encodeSlice(kind: RecordKind, slice: Slice<Invoice | Payment>, table: StringTable): { encoded: EncodedSlice; transfer: ArrayBuffer[] } {
  const n = slice.records.length;
  const invoices = kind === "invoices";
  const width = invoices ? INVOICE_SHARED.length : PAYMENT_SHARED.length;
  const shared = new Int32Array(n * width);
  const dates = new Int32Array(invoices ? 2 * n : n);
  const keys = new Array<string>(n);
  const references = invoices ? [] : new Array<string>(n);
  const amounts = new Float64Array(invoices ? 2 * n : n);
  const lines = new Int32Array(n);
  const namedEnds = new Int32Array(invoices ? 0 : n);
  const named: number[] = [];
  // Fields are read by name, not through a list of keys: keyed loads would be megamorphic.
  let identity = new Int32Array(0);
  let meanings = new Uint8Array(0);
  if (invoices) {
    const records = slice.records as Invoice[];
    for (let i = 0, o = 0; i < n; i++, o += 9) {
      const r = records[i] as Invoice;
      if (r.statusMeaning !== undefined) {
        if (meanings.length === 0) meanings = new Uint8Array(n);
        meanings[i] = MEANINGS.indexOf(r.statusMeaning) + 1;
      }
      const owner = table.id(0, r.customer);
      shared[o] = owner;
      shared[o + 1] = table.idWith(1, r.customerName, owner);
      shared[o + 2] = table.idWith(2, r.email, owner);
      shared[o + 3] = table.id(3, r.currency);
      shared[o + 4] = table.id(4, r.type);
      shared[o + 5] = table.id(5, r.status);
      shared[o + 6] = table.id(6, r.appliesTo);
      shared[o + 7] = table.id(7, r.language);
      shared[o + 8] = table.id(8, r.customerType);
      keys[i] = r.number;
      const issue = dateNumber(r.issueDate);
      dates[2 * i] = r.issueGuessed === true ? -issue : issue;
      dates[2 * i + 1] = dateNumber(r.dueDate);
      amounts[2 * i] = r.amount;
      amounts[2 * i + 1] = r.paid;
      lines[i] = r.line;
      // The array, once made, starts filled with -1: a record without any of them leaves it so.
      if (r.phone === undefined && r.siren === undefined && r.vat === undefined && r.address === undefined) continue;
      if (identity.length === 0) identity = new Int32Array(4 * n).fill(-1);
      // Fields after the customer's own: a customer's address repeats on each of its invoices.
      for (let k = 0; k < IDENTITY.length; k++) {
        const value = r[IDENTITY[k] as (typeof IDENTITY)[number]];
        if (value !== undefined) identity[4 * i + k] = table.idWith(9 + k, value, owner);
      }
    }
  } else {
    const records = slice.records as Payment[];
    for (let i = 0, o = 0; i < n; i++, o += 3) {
      const r = records[i] as Payment;
      const owner = table.id(0, r.customer);
      shared[o] = owner;
      shared[o + 1] = table.idWith(1, r.payerName, owner);
      shared[o + 2] = table.id(2, r.currency);
      keys[i] = r.id;
      dates[i] = dateNumber(r.date);
      references[i] = r.reference;
      amounts[i] = r.amount;
      lines[i] = r.line;
      for (const inv of r.invoices) named.push(table.id(3, inv));
      namedEnds[i] = named.length;
    }
  }
  const namedArray = Int32Array.from(named);
  const encoded: EncodedSlice = {
    kind, count: n, added: table.take(), shared, dates, identity, meanings, keys, references, amounts, lines, named: namedArray, namedEnds,
    problems: slice.problems, droppedErrors: slice.droppedErrors, conflicts: slice.conflicts,
    droppedConflicts: slice.droppedConflicts, derivedDue: slice.derivedDue, firstDerivedLine: slice.firstDerivedLine,
    unreadTerms: slice.unreadTerms, firstUnreadTerms: slice.firstUnreadTerms, keyHashes: slice.keyHashes, notes: slice.notes,
  };
  const transfer = [shared, dates, identity, meanings, amounts, lines, namedArray, namedEnds, slice.keyHashes].map((a) => a.buffer as ArrayBuffer);
  return { encoded, transfer };
}

const NO_INVOICES: readonly string[] = Object.freeze([]);

/** Rebuilds the records, with the same fields in the same order as records.ts creates them. */
export function decodeSlice(e: EncodedSlice, table: string[], file: string): Slice<Invoice | Payment> {
  for (const s of e.added) table.push(s);
  const n = e.count;
  const { shared: s, dates, keys, amounts, lines } = e;
  const t = table;
  const records: (Invoice | Payment)[] = [];
  if (e.kind === "invoices") {
    const { identity, meanings } = e;
    for (let i = 0, o = 0; i < n; i++, o += 9) {
      const issue = dates[2 * i] as number;
      const invoice: Mutable<Invoice> = {
        number: keys[i] as string, customer: t[s[o] as number] as string, customerName: t[s[o + 1] as number] as string,
        email: t[s[o + 2] as number] as string, issueDate: dateString(Math.abs(issue)), dueDate: dateString(dates[2 * i + 1] as number),
        amount: compactMinor(amounts[2 * i] as number), paid: compactMinor(amounts[2 * i + 1] as number), currency: t[s[o + 3] as number] as string,
        type: t[s[o + 4] as number] as Invoice["type"], status: t[s[o + 5] as number] as string,
        appliesTo: t[s[o + 6] as number] as string, language: t[s[o + 7] as number] as string,
        customerType: t[s[o + 8] as number] as string, file, line: lines[i] as number,
      };
      if (issue < 0) invoice.issueGuessed = true;
      if (meanings.length > 0 && meanings[i] !== 0) invoice.statusMeaning = MEANINGS[(meanings[i] as number) - 1] as StatusMeaning;
      if (identity.length > 0) {
        for (let k = 0; k < IDENTITY.length; k++) {
          const id = identity[4 * i + k] as number;
          if (id >= 0) invoice[IDENTITY[k] as (typeof IDENTITY)[number]] = t[id] as string;
        }
      }
      records.push(invoice);
    }
  } else {
    const { named, namedEnds, references } = e;
    let from = 0;
    for (let i = 0, o = 0; i < n; i++, o += 3) {
      const to = namedEnds[i] as number;
      let invoices = NO_INVOICES;
      if (to > from) {
        const list: string[] = [];
        for (let k = from; k < to; k++) list.push(t[named[k] as number] as string);
        invoices = list;
      }
      from = to;
      records.push({
        id: keys[i] as string, date: dateString(dates[i] as number), customer: t[s[o] as number] as string,
        payerName: t[s[o + 1] as number] as string, amount: compactMinor(amounts[i] as number), currency: t[s[o + 2] as number] as string,
        reference: references[i] as string, invoices, file, line: lines[i] as number,
      });
    }
  }
  return {
    records, problems: e.problems, droppedErrors: e.droppedErrors, conflicts: e.conflicts, droppedConflicts: e.droppedConflicts,
    derivedDue: e.derivedDue, firstDerivedLine: e.firstDerivedLine, unreadTerms: e.unreadTerms, firstUnreadTerms: e.firstUnreadTerms, keyHashes: e.keyHashes,
    notes: e.notes,
  };
}
