// Amount parsing as exports write it (decimal comma or point, thousands spaces, accounting signs),
// the per-column decimal-mark decision, currency exponents, and formatMinor round-trips.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compactMinor, currencyExponent, decideDecimalMark, decimalMarkEvidence, formatMinor, normalizeCurrency, parseAmount,
  parseMajor, type DecimalMark,
} from "../../src/core/money.js";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

/** Parses as records.ts does: the mark decided from the value's column. */
function parseColumn(values: readonly string[], exponent = 2): (number | string)[] {
  const { mark } = decideDecimalMark(values);
  return values.map((v) => {
    const r = parseAmount(v, mark, exponent);
    return r.ok ? r.minor : r.reason;
  });
}

describe("parseAmount", () => {
  it.each<[string, DecimalMark, number]>([
    ["1234.56", ".", 123456],
    ["1234,56", ",", 123456],
    ["1 234,56", ",", 123456],
    ["'1 234,56", ",", 123456],
    ["1 23 456,00", ",", 12345600],
    [`1${NBSP}234,56`, ",", 123456],
    [`1${NNBSP}234,56`, ",", 123456],
    [`1${NNBSP}234${NNBSP}567,89`, ",", 123456789],
    ["1.234,56", ",", 123456],
    ["1.234.567,89", ",", 123456789],
    ["1,234.56", ".", 123456],
    ["1,234,567.89", ".", 123456789],
    ["€1,234.56", ".", 123456],
    ["1 234,56 €", ",", 123456],
    ["EUR 1 234,56", ",", 123456],
    ["$4,250.00", ".", 425000],
    ["CHF 1'234.50", ".", 123450],
    ["-12,00", ",", -1200],
    ["12,00-", ",", -1200],
    ["(12.00)", ".", -1200],
    ["(1 234,56)", ",", -123456],
    ["\u221212.00", ".", -1200],
    ["+12.00", ".", 1200],
    ["12", ".", 1200],
    ["12.5", ".", 1250],
    [".5", ".", 50],
    ["0,05", ",", 5],
    ["  42.00  ", ".", 4200],
  ])("%j with mark %j → %d minor", (raw, mark, minor) => {
    expect(parseAmount(raw, mark, 2)).toEqual({ ok: true, minor });
  });

  it("never returns negative zero, so -0.00 compares equal to 0", () => {
    const r = parseAmount("-0.00", ".", 2);
    expect(r.ok && Object.is(r.minor, 0)).toBe(true);
  });

  it.each<[string, DecimalMark]>([
    ["", "."],
    ["abc", "."],
    ["-", "."],
    ["12.34.56", "."],
    ["1,234.56", ","],
    ["1,23.00", "."],
    ["1,2345.00", "."],
    [",234.00", "."],
    ["1e5", "."],
    ["12 abc", "."],
    ["0x10", "."],
    ["12 34,00", ","],
    ["1 23 4,00", ","],
    ["1 0000,00", ","],
    ["12 34.00", "."],
  ])("%j with mark %j is not a number", (raw, mark) => {
    expect(parseAmount(raw, mark, 2)).toEqual({ ok: false, reason: "not_a_number" });
  });

  it.each<[string, DecimalMark, number]>([
    ["12.345", ".", 2],
    ["12,345", ",", 2],
    ["1234.5", ".", 0],
    ["1.2345", ".", 3],
  ])("%j (mark %j) has too many decimals for exponent %d", (raw, mark, exponent) => {
    expect(parseAmount(raw, mark, exponent)).toEqual({ ok: false, reason: "too_many_decimals" });
  });

  it("accepts trailing zero decimals beyond the exponent (JPY 1234.00, EUR 12.500)", () => {
    expect(parseAmount("1234.00", ".", 0)).toEqual({ ok: true, minor: 1234 });
    expect(parseAmount("12.500", ".", 2)).toEqual({ ok: true, minor: 1250 });
  });

  it("reads zero-decimal JPY and three-decimal KWD in their own minor units", () => {
    expect(parseAmount("1,234", ".", currencyExponent("JPY"))).toEqual({ ok: true, minor: 1234 });
    expect(parseAmount("1 234", ",", currencyExponent("JPY"))).toEqual({ ok: true, minor: 1234 });
    expect(parseAmount("1,234.567", ".", currencyExponent("KWD"))).toEqual({ ok: true, minor: 1234567 });
    expect(parseAmount("1,5", ",", currencyExponent("KWD"))).toEqual({ ok: true, minor: 1500 });
  });

  it("refuses amounts beyond the safe integer range instead of rounding them", () => {
    expect(parseAmount("99999999999999.99", ".", 2)).toEqual({ ok: false, reason: "too_large" });
    expect(parseAmount("9999999999999.99", ".", 2)).toEqual({ ok: true, minor: 999999999999999 });
  });

  it("reads zero-padded amounts (Odoo's FEC) by their value: padding does not make them too large", () => {
    expect(parseAmount("000000000001437,12", ",", 2)).toEqual({ ok: true, minor: 143712 });
    expect(parseAmount(" 000000000000000,00", ",", 2)).toEqual({ ok: true, minor: 0 });
    expect(parseAmount("-000000000001437,12", ",", 2)).toEqual({ ok: true, minor: -143712 });
    expect(parseAmount("0099999999999999,99", ",", 2)).toEqual({ ok: false, reason: "too_large" });
    expect(parseAmount("0,50", ",", 2)).toEqual({ ok: true, minor: 50 });
  });
});

describe("currencies", () => {
  it.each([["EUR", 2], ["USD", 2], ["GBP", 2], ["JPY", 0], ["KRW", 0], ["KWD", 3], ["BHD", 3], ["XYZ", 2]])(
    "%s has %d decimals", (code, exponent) => {
      expect(currencyExponent(code)).toBe(exponent);
    });

  it.each([["eur", "EUR"], [" EUR ", "EUR"], ["€", "EUR"], ["$", "USD"], ["£", "GBP"], ["¥", "JPY"], ["chf", "CHF"]])(
    "normalizes %j to %s", (raw, code) => {
      expect(normalizeCurrency(raw)).toBe(code);
    });

  it.each(["", "EURO", "E1R", "€€"])("refuses %j as a currency", (raw) => {
    expect(normalizeCurrency(raw)).toBeUndefined();
  });
});

describe("decimalMarkEvidence", () => {
  it.each<[string, DecimalMark | undefined]>([
    ["1234.56", "."],
    ["1234,56", ","],
    ["1.234,56", ","],
    ["1,234.56", "."],
    ["1,234,567", "."],
    ["1.234.567", ","],
    ["12,5", ","],
    ["12,00-", ","],
    ["(12.00)", "."],
    ["1234", undefined],
    ["1,234", undefined],
    ["1.234", undefined],
    ["1 234", undefined],
    ["abc", undefined],
  ])("%j proves %j", (raw, mark) => {
    expect(decimalMarkEvidence(raw)).toBe(mark);
  });
});

describe("decideDecimalMark (one decision per column)", () => {
  it("reads `1,234` as a thousand when the column elsewhere proves a decimal point", () => {
    expect(decideDecimalMark(["1,234", "12.50"])).toEqual({ mark: ".", conflicts: [] });
    expect(parseColumn(["1,234", "12.50"])).toEqual([123400, 1250]);
  });

  it("reads `1,234` as 1.234 only when the column elsewhere proves a decimal comma", () => {
    expect(decideDecimalMark(["1,5", "1.234,56"])).toEqual({ mark: ",", conflicts: [] });
    expect(parseColumn(["1,50", "1.234,56"])).toEqual([150, 123456]);
  });

  it("reads an all-ambiguous column of `d.ddd` values as thousands dots", () => {
    expect(decideDecimalMark(["1.234", "5.678"])).toEqual({ mark: ",", conflicts: [] });
    expect(parseColumn(["1.234", "5.678"])).toEqual([123400, 567800]);
  });

  it.each([
    [["(1.234)", "(5.678)"]],
    [["1.234-", "5.678-"]],
    [["1.234 EUR", "5.678 EUR"]],
    [["€1.234", "€5.678"]],
  ])("sees thousands dots through signs and currency marks in %j", (values) => {
    expect(decideDecimalMark(values).mark).toBe(",");
    expect(parseColumn(values).map((v) => (typeof v === "number" ? Math.abs(v) : v))).toEqual([123400, 567800]);
  });

  it("reads an all-ambiguous column of `d,ddd` values as thousands commas", () => {
    expect(decideDecimalMark(["1,234", "12,345"])).toEqual({ mark: ".", conflicts: [] });
    expect(parseColumn(["1,234", "12,345"])).toEqual([123400, 1234500]);
  });

  it("defaults to a decimal point when no value says anything", () => {
    expect(decideDecimalMark([])).toEqual({ mark: ".", conflicts: [] });
    expect(decideDecimalMark(["12", "300"])).toEqual({ mark: ".", conflicts: [] });
  });

  it("follows the majority and reports every value that contradicts it, by index", () => {
    expect(decideDecimalMark(["1,50", "2,00", "3.25", "1 000,00", "1,234"]))
      .toEqual({ mark: ",", conflicts: [2] });
    expect(decideDecimalMark(["1.50", "2,00", "3.25", "4,75", "5.00"]))
      .toEqual({ mark: ".", conflicts: [1, 3] });
  });

  it("reads the French bank style (`1 234,56`, `12,00-`, NBSP, narrow NBSP) as decimal comma", () => {
    const column = ["1 234,56", `2${NBSP}000,00`, `3${NNBSP}500,10`, "12,00-", "(7,50)"];
    expect(decideDecimalMark(column)).toEqual({ mark: ",", conflicts: [] });
    expect(parseColumn(column)).toEqual([123456, 200000, 350010, -1200, -750]);
  });

  it("reads a QuickBooks column (`\"$4,250.00\"`, `1,000.00`, `-350.00`) as decimal point", () => {
    expect(parseColumn(["$4,250.00", "1,000.00", "-350.00", "1,234"])).toEqual([425000, 100000, -35000, 123400]);
  });

  it("reads a JPY column of `1,234` values as whole yen", () => {
    expect(parseColumn(["1,234", "120,000", "500"], 0)).toEqual([1234, 120000, 500]);
  });
});

describe("compactMinor", () => {
  it("keeps the value, as a 32-bit integer where it is one, and turns -0 into 0", () => {
    expect(Object.is(compactMinor(-0), 0)).toBe(true);
    expect(compactMinor(new Float64Array([123456])[0] as number)).toBe(123456);
    expect(compactMinor(-(2 ** 31))).toBe(-(2 ** 31));
    expect(compactMinor(2 ** 40)).toBe(2 ** 40);
  });
});

describe("formatMinor", () => {
  it.each<[number, string, string]>([
    [123456, "EUR", "1234.56"],
    [-123456, "EUR", "-1234.56"],
    [5, "EUR", "0.05"],
    [-5, "EUR", "-0.05"],
    [0, "EUR", "0.00"],
    [1234, "JPY", "1234"],
    [-1234, "JPY", "-1234"],
    [0, "JPY", "0"],
    [1234567, "KWD", "1234.567"],
    [-7, "KWD", "-0.007"],
    [0, "KWD", "0.000"],
  ])("%d %s → %j", (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text);
  });
});

describe("parseMajor (user-typed thresholds)", () => {
  it("reads major units with a decimal point in the currency's exponent", () => {
    expect(parseMajor("100", "EUR")).toBe(10000);
    expect(parseMajor("0.5", "EUR")).toBe(50);
    expect(parseMajor("100", "JPY")).toBe(100);
    expect(parseMajor("1.5", "KWD")).toBe(1500);
    expect(parseMajor("1.005", "EUR")).toBeUndefined();
    expect(parseMajor("lots", "EUR")).toBeUndefined();
  });
});

describe("properties", () => {
  const safeMinor = fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 });

  it.each(["EUR", "JPY", "KWD"])("formatMinor then parseAmount round-trips any integer in %s", (currency) => {
    fc.assert(fc.property(safeMinor, (minor) => {
      const r = parseAmount(formatMinor(minor, currency), ".", currencyExponent(currency));
      expect(r).toEqual({ ok: true, minor });
    }));
  });

  it("an amount written fr-FR (narrow NBSP, decimal comma) reads like the same amount en-US", () => {
    const fr = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const en = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), (cents) => {
      const frText = fr.format(cents / 100);
      const enText = en.format(cents / 100);
      const frParsed = parseAmount(frText, decideDecimalMark([frText]).mark, 2);
      const enParsed = parseAmount(enText, decideDecimalMark([enText]).mark, 2);
      expect(frParsed).toEqual(enParsed);
      expect(frParsed).toEqual({ ok: true, minor: cents === 0 ? 0 : cents });
    }));
  });

  // A whole column written by one locale must read back exactly, whatever mix of small and large
  // values makes it ambiguous: this is the per-column decision end to end.
  it.each<[string, number]>([
    ["fr-FR", 2], ["de-DE", 2], ["en-US", 2], ["de-CH", 2], ["fr-FR", 0], ["de-DE", 0], ["en-US", 0],
  ])("a column written in %s with %d decimals reads back exactly", (locale, decimals) => {
    const format = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    const scale = 10 ** decimals;
    const minor = fc.oneof(
      fc.integer({ min: -9_999, max: 9_999 }),
      fc.integer({ min: -(10 ** 7), max: 10 ** 7 }),
      fc.integer({ min: -(10 ** 11), max: 10 ** 11 }),
    );
    const column = fc.array(minor, { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(column, (minors) => {
      const values = minors.map((m) => format.format(m / scale));
      const { mark, conflicts } = decideDecimalMark(values);
      expect(conflicts).toEqual([]);
      expect(values.map((v) => parseAmount(v, mark, decimals))).toEqual(minors.map((m) => ({ ok: true, minor: m === 0 ? 0 : m })));
    }));
  });

  it("de-DE grouping (dots, decimal comma) and accounting parentheses read the same value", () => {
    const de = new Intl.NumberFormat("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (cents) => {
      const text = de.format(cents / 100);
      expect(parseAmount(text, ",", 2)).toEqual({ ok: true, minor: cents });
      expect(parseAmount(`(${text})`, ",", 2)).toEqual({ ok: true, minor: cents === 0 ? 0 : -cents });
      expect(parseAmount(`${text}-`, ",", 2)).toEqual({ ok: true, minor: cents === 0 ? 0 : -cents });
    }));
  });
});
