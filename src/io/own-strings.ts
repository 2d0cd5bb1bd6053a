// Records that outlive the text they were split from: their long strings copied out in bulk, so
// that the main thread's records of a big export do not keep every piece's decoded text alive.
//
// Why not one copy per field: V8 shares the characters of any substring of 13 or more
// characters with the text it came from (a "sliced" string). The main thread reads its share of
// a big export's pieces and keeps the records for the whole run; a label or an invoice number
// then pins its whole piece (two bytes per character as soon as the piece has a `€` or `Œ`).
// Copying each string on its own costs 0.4–0.8 µs; one JSON round trip of them all ~0.3 µs.

/** V8's SlicedString::kMinLength: shorter substrings are always copies. */
const SHARED_FROM = 13;

type Owner = Record<string, unknown>;

/** Replaces, in place, every string field of 13+ characters (and such strings in array fields). */
export function ownStrings(records: readonly object[]): void {
  const index = new Map<string, number>();
  const distinct: string[] = [];
  const note = (s: string): void => {
    if (s.length >= SHARED_FROM && !index.has(s)) {
      index.set(s, distinct.length);
      distinct.push(s);
    }
  };
  for (const r of records as readonly Owner[]) {
    for (const key in r) {
      const v = r[key];
      if (typeof v === "string") note(v);
      else if (Array.isArray(v)) for (const e of v) if (typeof e === "string") note(e);
    }
  }
  if (distinct.length === 0) return;
  const copies = copyAll(distinct);
  // Equal strings get the same copy: a customer's name interned per slice stays shared.
  const own = (s: string): string => (s.length >= SHARED_FROM ? (copies[index.get(s) as number] as string) : s);
  for (const r of records as Owner[]) {
    for (const key in r) {
      const v = r[key];
      if (typeof v === "string") {
        if (v.length >= SHARED_FROM) r[key] = own(v);
      } else if (Array.isArray(v) && v.some((e) => typeof e === "string" && e.length >= SHARED_FROM)) {
        r[key] = v.map((e) => (typeof e === "string" ? own(e) : e));
      }
    }
  }
}

/**
 * Fresh flat copies of `strings`, in order: JSON.parse makes each string anew, one byte per
 * character when it can be, and carries lone surrogates unchanged. (A join and split costs about
 * as much but leaves the copies as slices of the joined text: +40 MiB at 1 M rows.)
 */
function copyAll(strings: readonly string[]): string[] {
  return JSON.parse(JSON.stringify(strings)) as string[];
}
