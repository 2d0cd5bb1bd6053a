// What the PDF's standard fonts can print: other alphabets' letters folded to their base letters,
// the rest as ?, and the characters that needed it named.

import { describe, expect, it } from "vitest";
import { toWinAnsi, unprintable } from "../../src/render/winansi.js";

describe("WinAnsi for the PDF's standard fonts", () => {
  it("keeps what Windows-1252 has: French accents, €, œ, curly quotes, no-break spaces", () => {
    const text = "Œuvres d’art « été » — 1\u00a0234,56 € “spécial”";
    expect(unprintable(text)).toEqual([]);
    expect(toWinAnsi(text)).toBe(text);
  });

  it("folds Central European letters to their base letters, Ł and đ included, and the rest to ?", () => {
    expect(toWinAnsi("Spółka Łódź, ul. Żółkiewskiego; Ștefan; Đorđe; Ελλάς 株式会社")).toBe("Spólka Lódz, ul. Zólkiewskiego; Stefan; Dorde; ????? ????");
    expect(unprintable("Spółka Łódź Ș")).toEqual(["ł", "Ł", "ź", "Ș"]);
    // An accent written apart from its letter is the composed letter WinAnsi has.
    expect(toWinAnsi("Jose\u0301 Ma\u0308rz")).toBe("José März");
    expect(unprintable("Jose\u0301")).toEqual([]);
  });
});
