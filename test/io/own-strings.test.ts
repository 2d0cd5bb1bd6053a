// ownStrings: records' long strings copied out of the text they were split from — same content
// (lone surrogates, arrays, the separator-like characters a join would trip on), and the text freed.

import fc from "fast-check";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ownStrings } from "../../src/io/own-strings.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

describe("ownStrings", () => {
  it("keeps every field's content, short, long, in arrays or not strings at all", () => {
    const text = fc.string({ unit: "binary", maxLength: 40 });
    const record = fc.record({ a: text, b: text, list: fc.array(text, { maxLength: 3 }), n: fc.integer(), none: fc.constant(undefined) });
    fc.assert(fc.property(fc.array(record, { maxLength: 8 }), (records) => {
      const before = structuredClone(records);
      ownStrings(records);
      expect(records).toEqual(before);
    }), { numRuns: 300 });
  });

  it("gives equal strings one copy and leaves arrays of short strings as they were", () => {
    const list = ["F1", "F2"];
    const records = [{ name: "Dupont et Fils SARL", list }, { name: "Dupont et Fils SARL", list: ["F-2026-000001-A", "x"] }];
    ownStrings(records);
    expect(records[0]?.list).toBe(list);
    expect(records[1]?.list).toEqual(["F-2026-000001-A", "x"]);
  });

  it("lets the text the fields were split from be collected", () => {
    gc();
    const base = process.memoryUsage().heapUsed;
    // ~100 MB of two-byte text whose every line gives one kept field of 13+ characters: views
    // would pin it all.
    let text = "Œ\n" + Array.from({ length: 400_000 }, (_, i) => `FACT-2026-${String(i).padStart(8, "0")},${"unused words ".repeat(8)}`).join("\n");
    const records = text.split("\n").slice(1).map((line) => ({ number: line.split(",")[0] }));
    ownStrings(records);
    text = "";
    gc();
    const kept = process.memoryUsage().heapUsed - base;
    expect(records[123_456]).toEqual({ number: "FACT-2026-00123456" });
    // The records alone are 400 000 × (object + flat string) ≈ 30 MB; with the text, 130+.
    expect(kept).toBeLessThan(60 * 2 ** 20);
  });
});
