// The fast CSV path against csv-parse, the reader of record: on any text, either the fast path
// declines or it returns exactly csv-parse's records; on well-formed exports it never declines.

import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitRecords } from "../../src/io/csv-split.js";

const OPTIONS = { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: false } as const;

function reference(text: string, delimiter: string, recordDelimiter?: string, to?: number): string[][] | "error" {
  try {
    return parse(Buffer.from(text), {
      ...OPTIONS, delimiter, encoding: "utf8",
      ...(recordDelimiter === undefined ? {} : { record_delimiter: recordDelimiter }), ...(to === undefined ? {} : { to }),
    }) as string[][];
  } catch {
    return "error";
  }
}

const delimiters = fc.constantFrom(",", ";", "\t", "|");
const recordDelimiters = fc.constantFrom(undefined, "\n", "\r\n");
const tos = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined });

/** Any text from the characters that matter to CSV. */
const anyText = fc.array(fc.constantFrom("a", "b", "é", "€", " ", ",", ";", "\t", "|", '"', "\n", "\r", "\ufeff"), { maxLength: 40 })
  .map((cs) => cs.join(""));

/** A well-formed export: fields quoted when they must be, one kind of line break. */
const wellFormed = fc.record({
  delimiter: delimiters,
  eol: fc.constantFrom("\n", "\r\n"),
  finalEol: fc.boolean(),
  quoteAll: fc.boolean(),
  rows: fc.array(fc.array(fc.array(fc.constantFrom("x", "7", " ", "é", ",", ";", "\t", "|", '"', "\n", "\r\n"), { maxLength: 6 })
    .map((cs) => cs.join("")), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
}).map(({ delimiter, eol, finalEol, quoteAll, rows }) => {
  const cell = (v: string): string =>
    quoteAll || v === "" && rows.length === 1 || /[",;\t|\r\n]/.test(v) || v.startsWith('"') ? `"${v.replaceAll('"', '""')}"` : v;
  return { delimiter, eol, text: rows.map((r) => r.map(cell).join(delimiter)).join(eol) + (finalEol ? eol : "") };
});

describe("splitRecords", () => {
  it("agrees with csv-parse whenever it answers, on any text", () => {
    fc.assert(fc.property(anyText, delimiters, recordDelimiters, tos, (text, delimiter, rd, to) => {
      const fast = splitRecords(text, delimiter, rd, to);
      if (fast === undefined) return;
      expect(fast).toEqual(reference(text, delimiter, rd, to));
    }), { numRuns: 20000 });
  });

  it("answers for every well-formed export, with csv-parse's records", () => {
    fc.assert(fc.property(wellFormed, ({ delimiter, eol, text }) => {
      const fast = splitRecords(text, delimiter);
      expect(fast).toBeDefined();
      expect(fast).toEqual(reference(text, delimiter));
      expect(splitRecords(text, delimiter, eol)).toEqual(fast);
    }), { numRuns: 2000 });
  });

  it.each([
    ["empty text", "", []],
    ["one empty line", "\n", [[""]]],
    ["empty lines kept", "a\n\nb\n", [["a"], [""], ["b"]]],
    ["CRLF lines", "a,b\r\n\r\nc,d\r\ne", [["a", "b"], [""], ["c", "d"], ["e"]]],
    ["trailing separator", "a,", [["a", ""]]],
    ["doubled quotes", '"say ""hi""",2\r\n', [['say "hi"', "2"]]],
    ["line break inside quotes", '"1 rue X\nParis",3\n', [["1 rue X\nParis", "3"]]],
    ["BOM kept for the header reader", "\ufeffa,b\n", [["\ufeffa", "b"]]],
    ["a quote inside an unquoted field is a character", 'Bar "Le Zinc",2\nx\n', [['Bar "Le Zinc"', "2"], ["x"]]],
    ["so is one ending a field", 'a",b""\n', [['a"', 'b""']]],
  ])("%s", (_name, text, expected) => {
    expect(splitRecords(text, ",")).toEqual(expected);
    expect(reference(text, ",")).toEqual(expected);
  });

  it.each([
    ["text after a closing quote", '"a" ,b\n'],
    ["an unclosed quote", '"abc\n'],
    ["a lone CR", "a\rb\n"],
    ["LF then CRLF", "a\nb\r\nc"],
    ["CRLF then LF", "a\r\nb\nc"],
    ["a lone CR on a later CRLF line", "a\r\nb\rc\r\nd\r\n"],
    ["a lone CR on a later LF line", "a\nb\rc\nd\n"],
  ])("leaves %s to csv-parse", (_name, text) => {
    expect(splitRecords(text, ",")).toBeUndefined();
  });

  it("stops after `to` records, as csv-parse does", () => {
    expect(splitRecords("a\nb\nc\n", ",", undefined, 2)).toEqual([["a"], ["b"]]);
  });

  it("declines a separator it cannot scan for", () => {
    expect(splitRecords("a::b", "::")).toBeUndefined();
    expect(splitRecords('a"b', '"')).toBeUndefined();
  });
});
