// Invoice numbers in free text (matching.md §2.3): the normalised key of a number, and the keys a
// bank label yields (joiners removed, 1–3 token windows, keys under four characters ignored).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastKeyOf, keyPrint, labelKeys, referenceKey } from "../../src/core/references.js";

describe("referenceKey", () => {
  it.each([
    ["F2024-0001", "F20240001"],
    ["f 2024/0001", "F20240001"],
    ["F20240001", "F20240001"],
    ["FACT-2026-0042", "FACT20260042"],
    ["fact_2026.0042", "FACT20260042"],
    ["Fév-0042", "FEV0042"],
    ["N° 123", "N123"],
    ["  ", ""],
  ])("%j → %j", (text, key) => {
    expect(referenceKey(text)).toBe(key);
  });
});

describe("labelKeys", () => {
  it("finds FACT20260042 in a French transfer label", () => {
    expect(labelKeys("VIR ACME FACT-2026-0042")).toContain("FACT20260042");
    expect(labelKeys("VIR SEPA ACME SARL REF FACT/2026/0042 MERCI")).toContain(referenceKey("FACT-2026-0042"));
  });

  it("joins up to three consecutive tokens, so `F 2024 0001` is found", () => {
    expect(labelKeys("PAIEMENT F 2024 0001")).toContain("F20240001");
  });

  it("never joins four tokens", () => {
    expect(labelKeys("F 20 24 0001")).not.toContain("F20240001");
  });

  it("ignores keys shorter than four characters", () => {
    expect(labelKeys("A B C")).toEqual([]);
    expect(labelKeys("VIR")).toEqual([]);
    expect(labelKeys("ABCD")).toEqual(["ABCD"]);
    expect(labelKeys("F 2024 0001").every((k) => k.length >= 4)).toBe(true);
    expect(labelKeys("F 2024 0001")).not.toContain("F");
  });

  it("lists keys in label order, without duplicates", () => {
    const keys = labelKeys("F2024 F2024 INV-0042");
    expect(keys.filter((k) => k === "F2024")).toHaveLength(1);
    expect(keys.indexOf("F2024")).toBeLessThan(keys.indexOf("INV0042"));
  });

  it("splits on list punctuation so several numbers in one label are all found", () => {
    const keys = labelKeys("FACT-1234;FACT-5678, (INV-0042) [AB-99] \"Q-2026\" #F-770 +Z-0001");
    for (const n of ["FACT-1234", "FACT-5678", "INV-0042", "AB-99", "Q-2026", "F-770", "Z-0001"]) {
      expect(keys).toContain(referenceKey(n));
    }
  });

  it("strips accents and case like referenceKey does", () => {
    expect(labelKeys("règlement facture fév-0042")).toContain("FEV0042");
  });

  it("reads at most 512 characters of a label", () => {
    expect(labelKeys(`${"x".repeat(600)} FACT-2026-0042`)).not.toContain("FACT20260042");
    expect(labelKeys(`${"x ".repeat(200)}FACT-2026-0042`)).toContain("FACT20260042");
  });

  it("finds any invoice number written with joiners among other words", () => {
    const number = fc.stringMatching(/^[A-Z][A-Z0-9./_-]{2,14}[0-9]$/).filter((n) => referenceKey(n).length >= 4);
    fc.assert(fc.property(number, (n) => {
      expect(labelKeys(`VIR SEPA ACME ${n.toLowerCase()} MERCI`)).toContain(referenceKey(n));
    }));
  });
});

describe("keyPrint", () => {
  const text = fc.string({ unit: fc.constantFrom("a", "F", "z", "0", "9", "-", "/", " ", "É", "\u0301", "Œ"), maxLength: 12 });

  it("is the same for texts of one key, and −1 exactly for text that is not ASCII", () => {
    fc.assert(fc.property(text, text, (a, b) => {
      const ascii = /^[\x00-\x7f]*$/.test(a);
      expect(keyPrint(a) === -1).toBe(!ascii);
      if (ascii) expect(keyPrint(a)).toBe(keyPrint(fastKeyOf(a)));
      if (ascii && /^[\x00-\x7f]*$/.test(b) && fastKeyOf(a) === fastKeyOf(b)) expect(keyPrint(a)).toBe(keyPrint(b));
    }), { numRuns: 2000 });
  });

  it("is a hash: two keys can share a print (paymentWarnings compares the keys then)", () => {
    expect(keyPrint("FY08CAA")).toBe(keyPrint("FEGLDAA"));
  });
});
