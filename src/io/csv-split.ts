// The fast path of CSV reading: splits well-formed text into records exactly as csv-parse would
// with our options (arrays, relaxed column count, relaxed quotes: a quote inside an unquoted
// field is a character, empty lines kept as [""]), and gives up on anything less regular —
// text after a closing quote, an unclosed quote, a lone CR or a line break of another kind — so
// csv-parse stays the reader of record for those, with its error messages. Why: csv-parse spends ~3 µs per field in its state
// machine and per-field buffer decoding (6 s on a 97 MB export, a third of `dunning age` at 1 M);
// one decode of the whole text and a scan of char codes takes well under half of that.
// test/io/csv-split.test.ts checks the two agree on random inputs.

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Records of `text`, or undefined when it is not plainly regular (the caller then asks
 * csv-parse). `recordDelimiter`: "\n" or "\r\n" when already known, else the first line break
 * decides; `to`: stop after that many records (csv-parse's `to`).
 */
export function splitRecords(text: string, delimiter: string, recordDelimiter?: string, to?: number): string[][] | undefined {
  if (delimiter.length !== 1) return undefined;
  const sep = delimiter.charCodeAt(0);
  if (sep === QUOTE || sep === LF || sep === CR) return undefined;
  // undefined: not yet seen; true: CRLF; false: LF.
  let crlf: boolean | undefined;
  if (recordDelimiter === "\r\n") crlf = true;
  else if (recordDelimiter === "\n") crlf = false;
  else if (recordDelimiter !== undefined) return undefined;
  const records: string[][] = [];
  const n = text.length;
  if (n === 0) return records;
  let record: string[] = [];
  let i = 0;
  // Next quote and CR at or after i (n when none): a line with neither is split natively.
  let quoteAt = -1;
  let crAt = -1;
  for (;;) {
    if (record.length === 0 && crlf !== undefined) {
      let lf = text.indexOf("\n", i);
      if (lf < 0) lf = n;
      const end = crlf && lf < n ? lf - 1 : lf;
      if (quoteAt < i) quoteAt = indexOrEnd(text, '"', i);
      if (crAt < i) crAt = indexOrEnd(text, "\r", i);
      if (quoteAt >= end && (crlf ? crAt === end || (lf === n && crAt >= n) : crAt >= lf)) {
        records.push(text.slice(i, end).split(delimiter));
        i = lf + 1;
        if ((to !== undefined && records.length >= to) || i >= n) return records;
        continue;
      }
    }
    let c: number;
    if (text.charCodeAt(i) === QUOTE) {
      let value = "";
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return undefined;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      record.push(value);
      if (i >= n) break;
      c = text.charCodeAt(i);
      if (c !== sep && c !== LF && c !== CR) return undefined;
    } else {
      let j = i;
      c = -1;
      for (; j < n; j++) {
        c = text.charCodeAt(j);
        if (c === sep || c === LF || c === CR) break;
      }
      record.push(text.slice(i, j));
      i = j;
      if (i >= n) break;
    }
    if (c === sep) {
      i++;
      // A separator ending the text leaves one more, empty, field.
      if (i >= n) {
        record.push("");
        break;
      }
      continue;
    }
    if (c === CR) {
      if (crlf === false || text.charCodeAt(i + 1) !== LF) return undefined;
      crlf = true;
      i += 2;
    } else {
      if (crlf === true) return undefined;
      crlf = false;
      i += 1;
    }
    records.push(record);
    record = [];
    if ((to !== undefined && records.length >= to) || i >= n) return records;
  }
  records.push(record);
  return to !== undefined && records.length > to ? records.slice(0, to) : records;
}

function indexOrEnd(text: string, what: string, from: number): number {
  const at = text.indexOf(what, from);
  return at < 0 ? text.length : at;
}
