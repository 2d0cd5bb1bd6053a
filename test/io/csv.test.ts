// Reading one export into a Table: separator sniffing (`,` `;` tab `|`), quoted separators and
// newlines, the physical line each record starts on, blank lines, and the problems for bad files.

import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { readCsv, sniffDelimiter, type CsvResult } from "../../src/io/csv.js";

function table(text: string | Buffer, options: { delimiter?: string; encoding?: string } = {}) {
  const result: CsvResult = readCsv(typeof text === "string" ? Buffer.from(text, "utf8") : text, "data/invoices.csv", options);
  if (!result.ok) throw new Error(`expected a table, got ${JSON.stringify(result.problems)}`);
  return result.table;
}

function problems(text: string | Buffer) {
  const result = readCsv(typeof text === "string" ? Buffer.from(text, "utf8") : text, "data/invoices.csv");
  if (result.ok) throw new Error("expected problems, got a table");
  return result.problems;
}

describe("sniffDelimiter", () => {
  it.each([
    ["Invoice,Customer,Amount\n1,ACME,12.00", ","],
    ["Facture;Client;Montant\n1;ACME;12,00", ";"],
    ["Invoice\tCustomer\tAmount\n1\tACME\t12.00", "\t"],
    ["Invoice|Customer|Amount\n1|ACME|12.00", "|"],
    ["Date;Libellé;Débit;Crédit", ";"],
  ])("sniffs %j → %j", (text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });

  it("ignores separators inside quoted header cells", () => {
    expect(sniffDelimiter('"Nom, prénom, société";Montant;Date\n')).toBe(";");
    expect(sniffDelimiter('"a;b;c;d",x,y\n')).toBe(",");
  });

  it("passes over a report's title lines that have no separator, to the first line that has one", () => {
    expect(sniffDelimiter("Relevé de compte\r\n\r\nDate;Libellé;Montant\r\n12/10/2026;VIR, SEPA, X;1,50\r\n")).toBe(";");
    expect(sniffDelimiter("Craig's Design\nA/R Aging Detail\n\n,Date,Num,Customer,Amount\n")).toBe(",");
    // A title's lone comma does not decide when the next line has none (QuickBooks saved as tab text).
    expect(sniffDelimiter("A/R Aging Detail\nAs of November 22, 2026\n\n\tDate\tNum\tCustomer\tAmount\n\t11/01/2026\t1002\tBill's\t\"1,000.00\"\n")).toBe("\t");
    expect(sniffDelimiter("Relevé, compte courant\nDate;Libellé;Montant\n")).toBe(";");
    // A header with one separator decides when the next line has it too, commas in amounts aside.
    expect(sniffDelimiter("Date;Montant\n12/10/2026;1,234,567,89\n")).toBe(";");
  });

  it("counts the header line only, not the rows (amounts with commas in a ; file)", () => {
    expect(sniffDelimiter("Facture;Montant\nF-1;1,234,567,89\n")).toBe(";");
    expect(sniffDelimiter("Facture;Montant\r\nF-1;1,234,567,89\r\n")).toBe(";");
  });

  it("falls back to a comma for a one-column file", () => {
    expect(sniffDelimiter("Invoice\nF-1\n")).toBe(",");
  });
});

describe("readCsv", () => {
  it.each([",", ";", "\t", "|"])("reads a file separated by %j", (sep) => {
    const text = ["Invoice", "Customer", "Amount"].join(sep) + "\n" + ["F-1", "ACME", "12.00"].join(sep) + "\n";
    const t = table(text);
    expect(t.header).toEqual(["Invoice", "Customer", "Amount"]);
    expect(t.rows).toEqual([["F-1", "ACME", "12.00"]]);
    expect(t.lines).toEqual([2]);
  });

  it("keeps separators and newlines inside quoted fields", () => {
    const t = table('Libellé;Montant;Date\n"VIR; ACME\nFACT-1 | FACT-2";"1 234,56";01/02/2026\nCHQ;12,00;02/02/2026\n');
    expect(t.rows).toEqual([
      ["VIR; ACME\nFACT-1 | FACT-2", "1 234,56", "01/02/2026"],
      ["CHQ", "12,00", "02/02/2026"],
    ]);
  });

  it("unescapes doubled quotes", () => {
    expect(table('a,b\n1,"say ""hi"""\n').rows).toEqual([["1", 'say "hi"']]);
  });

  it("reports the line a multi-line record starts on, and keeps later lines physical", () => {
    const text = [
      "Invoice,Note,Amount", // 1
      'F-1,"first line', // 2
      "second line", // 3
      'third line",10.00', // 4
      "F-2,plain,20.00", // 5
      'F-3,"a', // 6
      'b",30.00', // 7
    ].join("\n");
    const t = table(`${text}\n`);
    expect(t.rows.map((r) => r[0])).toEqual(["F-1", "F-2", "F-3"]);
    expect(t.lines).toEqual([2, 5, 6]);
  });

  it("counts lines the same in a CRLF file whose cells break lines with LF (as Excel writes)", () => {
    const t = table('Invoice,Note,Amount\r\nF-1,"a\nb",10.00\r\nF-2,x,20.00\r\n');
    expect(t.rows).toEqual([["F-1", "a\nb", "10.00"], ["F-2", "x", "20.00"]]);
    expect(t.lines).toEqual([2, 4]);
  });

  it("skips blank lines and separator-only lines but counts them in line numbers", () => {
    const t = table("Invoice;Amount\n\nF-1;10\n;;\n   \n\nF-2;20\n;\n");
    expect(t.rows).toEqual([["F-1", "10"], ["F-2", "20"]]);
    expect(t.lines).toEqual([3, 7]);
  });

  it("skips blank lines in a CRLF file too", () => {
    const t = table("Invoice;Amount\r\n\r\nF-1;10\r\n;;\r\n\r\nF-2;20\r\n");
    expect(t.rows).toEqual([["F-1", "10"], ["F-2", "20"]]);
    expect(t.lines).toEqual([3, 6]);
  });

  it("finds the header after leading blank lines", () => {
    const t = table("\n\nInvoice,Amount\nF-1,10\n");
    expect(t.header).toEqual(["Invoice", "Amount"]);
    expect(t.lines).toEqual([4]);
  });

  it("strips a BOM and surrounding spaces from header cells, but leaves data cells to the core", () => {
    const t = table(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(" Numéro ; Montant \n F-1 ; 12,00 \n")]));
    expect(t.header).toEqual(["Numéro", "Montant"]);
    expect(t.rows).toEqual([[" F-1 ", " 12,00 "]]);
  });

  it("reads a Windows-1252 French export", () => {
    const text = "N° facture;Libellé;Montant TTC\nF-1;Œuvre “été”;1 234,56 €\n";
    const t = table(iconv.encode(text, "win1252"));
    expect(t.header).toEqual(["N° facture", "Libellé", "Montant TTC"]);
    expect(t.rows).toEqual([["F-1", "Œuvre “été”", "1 234,56 €"]]);
  });

  it("accepts rows shorter or longer than the header (the core reports missing values)", () => {
    const t = table("a,b\n1,2,3\n4\n");
    expect(t.rows).toEqual([["1", "2", "3"], ["4"]]);
    expect(t.lines).toEqual([2, 3]);
  });

  it("reads a header-only file as a table with no rows", () => {
    expect(table("Invoice,Amount\n")).toEqual({
      file: "data/invoices.csv", header: ["Invoice", "Amount"], rows: [], lines: [],
    });
  });

  it("uses a configured delimiter instead of sniffing", () => {
    expect(table("a;b,c\n1;2,3\n", { delimiter: ";" }).rows).toEqual([["1", "2,3"]]);
    expect(table("a;b,c\n1;2,3\n", { delimiter: "," }).rows).toEqual([["1;2", "3"]]);
  });

  it("uses a configured encoding", () => {
    expect(table(Buffer.from("Montant\n12 \xa4\n", "latin1"), { encoding: "iso-8859-15" }).rows).toEqual([["12 €"]]);
  });

  describe("problems", () => {
    it("refuses a binary file with a hint to export CSV", () => {
      const [p, ...rest] = problems(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
      expect(rest).toEqual([]);
      expect(p).toMatchObject({ severity: "error", code: "file_binary", file: "data/invoices.csv", line: 1 });
      expect(p?.hint).toMatch(/CSV/);
    });

    it.each([["an empty file", ""], ["a whitespace-only file", " \n\n\t\n"]])("refuses %s", (_, text) => {
      const [p, ...rest] = problems(text);
      expect(rest).toEqual([]);
      expect(p).toMatchObject({ severity: "error", code: "file_empty", file: "data/invoices.csv", line: 1 });
      expect(p?.hint).toBeTruthy();
    });

    it("reports an unclosed quote at the line and column where the quoted field opens, not at the end", () => {
      const [p, ...rest] = problems('a,b\n1,2\n3,"oops\n4,5\n6,7\n8,9\n');
      expect(rest).toEqual([]);
      expect(p).toMatchObject({ severity: "error", code: "csv_syntax", file: "data/invoices.csv", line: 3, column: 2 });
      expect(p?.hint).toMatch(/quote/);
    });

    it("counts the lines of quoted multi-line cells before the unclosed quote", () => {
      const [p] = problems('a;b\r\n"x\r\ny";1\r\n\r\n2;"oops\r\n3;4\r\n');
      expect(p).toMatchObject({ code: "csv_syntax", line: 5, column: 2 });
    });
  });
});
