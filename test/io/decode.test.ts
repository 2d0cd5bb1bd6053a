// Bytes → text for exports: UTF-8 with or without BOM, the Windows-1252 fallback (€ œ ’ “ ” as
// Excel writes them), forced encodings, and refusal of binary and empty files.

import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeBytes, encodeAs, prepareBytes } from "../../src/io/decode.js";

const BOM = [0xef, 0xbb, 0xbf];
const FRENCH = "N° facture;Libellé;Montant\nF-1;Œuvre d’art « été » “spéciale”;1 234,56 €\n";

describe("decodeBytes", () => {
  it("reads UTF-8 without a BOM", () => {
    expect(decodeBytes(Buffer.from(FRENCH, "utf8"))).toEqual({ ok: true, text: FRENCH, encoding: "utf-8" });
  });

  it("reads UTF-8 with a BOM and drops the BOM, so the first header is clean", () => {
    const bytes = Buffer.concat([Buffer.from(BOM), Buffer.from(FRENCH, "utf8")]);
    const decoded = decodeBytes(bytes);
    expect(decoded).toEqual({ ok: true, text: FRENCH, encoding: "utf-8" });
  });

  it("falls back to Windows-1252 for bytes that are not UTF-8", () => {
    const bytes = iconv.encode(FRENCH, "win1252");
    expect(bytes.length).toBeLessThan(Buffer.byteLength(FRENCH, "utf8"));
    expect(decodeBytes(bytes)).toEqual({ ok: true, text: FRENCH, encoding: "windows-1252" });
  });

  it.each([
    [0x80, "€"], [0x9c, "œ"], [0x8c, "Œ"], [0x92, "’"], [0x93, "“"], [0x94, "”"], [0xe9, "é"], [0xa0, "\u00a0"],
  ])("maps Windows-1252 byte %d to %j, not to a C1 control", (byte, char) => {
    const bytes = Buffer.concat([Buffer.from("Montant\n12 ", "ascii"), Buffer.from([byte]), Buffer.from("x\n")]);
    const decoded = decodeBytes(bytes);
    expect(decoded).toEqual({ ok: true, text: `Montant\n12 ${char}x\n`, encoding: "windows-1252" });
  });

  it("decodes a file whose only non-ASCII byte is late in the file as Windows-1252 as a whole", () => {
    const text = `${"Date;Montant\n".repeat(1000)}Total;12 €\n`;
    const decoded = decodeBytes(iconv.encode(text, "win1252"));
    expect(decoded).toEqual({ ok: true, text, encoding: "windows-1252" });
  });

  it("reads a UTF-8 file with a stray Windows-1252 byte as UTF-8, that byte alone as Windows-1252, and says where", () => {
    const bytes = Buffer.concat([Buffer.from("client;nom\nC1;Alpha Café\nC2;B", "utf8"), Buffer.from([0xe9]), Buffer.from("ta\nC3;Œuvres\nC4;Société Générale\n", "utf8")]);
    expect(decodeBytes(bytes)).toEqual({ ok: true, text: "client;nom\nC1;Alpha Café\nC2;Béta\nC3;Œuvres\nC4;Société Générale\n", encoding: "utf-8" });
    const prepared = prepareBytes(bytes);
    expect(prepared.ok && prepared.strays).toEqual({ count: 1, line: 3 });
    // A Windows-1252 file with UTF-8-looking pairs (É then ’ is C9 92) stays a Windows-1252 file.
    const josé = Buffer.concat([Buffer.from("nom\nJOS", "latin1"), Buffer.from([0xc9, 0x92]), Buffer.from("S BAR\nSoci", "latin1"), Buffer.from([0xe9]), Buffer.from("te\n", "latin1")]);
    expect(decodeBytes(josé)).toMatchObject({ ok: true, encoding: "windows-1252", text: "nom\nJOSÉ’S BAR\nSociéte\n" });
    const win = Buffer.concat([iconv.encode("nom\nBéta;Été;Noël\n", "win1252"), Buffer.from("Ã©\n", "latin1")]);
    expect(decodeBytes(win)).toMatchObject({ ok: true, encoding: "windows-1252" });
  });

  describe("a file converted to UTF-8 twice", () => {
    // UTF-8 read as Windows-1252 and saved as UTF-8 again: `é` becomes `Ã©`, `€` `â‚¬`, `’` `â€™`.
    const twice = (text: string): Buffer => Buffer.from(iconv.decode(Buffer.from(text, "utf8"), "win1252"), "utf8");

    it("is read as it was meant, and says so", () => {
      expect(twice(FRENCH).toString("utf8")).toContain("NÂ° facture;LibellÃ©");
      expect(decodeBytes(twice(FRENCH))).toEqual({ ok: true, text: FRENCH, encoding: "utf-8", repaired: true });
      const prepared = prepareBytes(twice(FRENCH));
      expect(prepared.ok && [prepared.bytes.toString("utf8"), prepared.repaired]).toEqual([FRENCH, true]);
    });

    it("is left alone when a character could not have come from the double conversion", () => {
      // SÃO PAULO is Portuguese, not mojibake: its Windows-1252 bytes are not UTF-8.
      for (const text of ["Client;Ville\nC1;SÃO PAULO\n", "Client;Nom\nC2;CHÂTEAU D'IF\n", `${iconv.decode(Buffer.from("Libellé", "utf8"), "win1252")};Montant\nF-1 déjà;12\n`, "Prix;Œuvre\nÃ©;😀\n"]) {
        expect(decodeBytes(Buffer.from(text, "utf8"))).toEqual({ ok: true, text, encoding: "utf-8" });
      }
    });
  });

  describe("UTF-16 (Excel's \"Unicode text\")", () => {
    const EXCEL = "N° facture\tLibellé\tMontant\r\nF-1\tŒuvre d’art « été »\t1 234,56 €\r\n";
    const le = Buffer.from(EXCEL, "utf16le");
    const be = Buffer.from(EXCEL, "utf16le").swap16();

    it("reads UTF-16LE with its BOM, as Excel writes it, and drops the BOM", () => {
      expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toEqual({ ok: true, text: EXCEL, encoding: "utf-16le" });
    });

    it("reads UTF-16BE with its BOM", () => {
      expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ ok: true, text: EXCEL, encoding: "utf-16be" });
    });

    it("recognises UTF-16 without a BOM by the zero in every other byte", () => {
      expect(decodeBytes(le)).toEqual({ ok: true, text: EXCEL, encoding: "utf-16le" });
      expect(decodeBytes(be)).toEqual({ ok: true, text: EXCEL, encoding: "utf-16be" });
    });

    it("hands the parser the same text as UTF-8 bytes", () => {
      const prepared = prepareBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
      expect(prepared.ok && prepared.bytes.toString("utf8")).toBe(EXCEL);
      expect(prepared.ok && prepared.encoding).toBe("utf-16le");
    });

    it("refuses a UTF-16 file cut in the middle of a character, and one with a BOM only as empty", () => {
      const cut = Buffer.concat([Buffer.from([0xff, 0xfe]), le.subarray(0, le.length - 1)]);
      expect(decodeBytes(cut)).toEqual({ ok: false, reason: "binary" });
      expect(prepareBytes(cut)).toEqual({ ok: false, reason: "binary" });
      expect(decodeBytes(Buffer.from([0xff, 0xfe, 0x0a, 0x00]))).toEqual({ ok: false, reason: "empty" });
      expect(prepareBytes(Buffer.from([0xff, 0xfe, 0x0a, 0x00]))).toEqual({ ok: false, reason: "empty" });
    });

    it("writes text back in the encoding it was read in (holds.csv keeps its encoding)", () => {
      for (const encoding of ["utf-8", "windows-1252", "utf-16le", "utf-16be"] as const) {
        const bytes = encodeAs("F-2;Œuvre d’art;12 €\r\n", encoding);
        expect(decodeBytes(bytes)).toEqual({ ok: true, text: "F-2;Œuvre d’art;12 €\r\n", encoding });
      }
    });
  });

  it.each([
    ["a NUL byte in the first line", Buffer.from([0x61, 0x00, 0x62, 0x0a])],
    ["an .xlsx (zip) file", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])],
    ["a PDF with binary streams", Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.from([0x00, 0xff, 0x00])])],
  ])("refuses %s as binary", (_, bytes) => {
    expect(decodeBytes(bytes)).toEqual({ ok: false, reason: "binary" });
  });

  it.each([
    ["no bytes", Buffer.alloc(0)],
    ["whitespace only", Buffer.from("  \r\n\t\n  \n")],
    ["a BOM only", Buffer.from(BOM)],
    ["a BOM and blank lines", Buffer.from([...BOM, 0x0a, 0x0d, 0x0a])],
  ])("refuses %s as empty", (_, bytes) => {
    expect(decodeBytes(bytes)).toEqual({ ok: false, reason: "empty" });
  });

  describe("forced encoding (csv.encoding)", () => {
    it("reads Windows-1252 when told, even if the bytes happen to be valid UTF-8", () => {
      const decoded = decodeBytes(Buffer.from("é", "utf8"), "windows-1252");
      expect(decoded).toEqual({ ok: true, text: "Ã©", encoding: "windows-1252" });
    });

    it("reads ISO-8859-15, where 0xA4 is the euro sign", () => {
      const decoded = decodeBytes(Buffer.from([0x31, 0x32, 0x20, 0xa4]), "iso-8859-15");
      expect(decoded.ok && decoded.text).toBe("12 €");
    });

    it("accepts utf-8 spelled several ways", () => {
      for (const name of ["utf-8", "UTF-8", "utf8"]) {
        expect(decodeBytes(Buffer.from(FRENCH, "utf8"), name)).toEqual({ ok: true, text: FRENCH, encoding: "utf-8" });
      }
    });

    it("refuses an encoding iconv-lite does not know", () => {
      expect(decodeBytes(Buffer.from("a;b\n"), "klingon-1")).toEqual({ ok: false, reason: "unknown_encoding" });
    });

    it("still refuses binary files", () => {
      expect(decodeBytes(Buffer.from([0x61, 0x00]), "windows-1252")).toEqual({ ok: false, reason: "binary" });
    });
  });
});
