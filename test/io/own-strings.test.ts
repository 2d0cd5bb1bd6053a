// ownStrings: the records' long strings copied out of the text they were split from — every
// string field the reader makes is covered, content is kept (lone surrogates included), interned
// values stay shared, and the text can then be collected.

import fc from "fast-check";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { Invoice, Payment, Table } from "../../src/core/model.js";
import { toInvoices, toPayments, type ReadOptions } from "../../src/core/records.js";
import { ownStrings } from "../../src/io/own-strings.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const OPTIONS: ReadOptions = { defaultCurrency: "EUR", paymentTermsDays: 30, fallbackDateOrder: "dmy" };
const table = (header: string[], rows: string[][]): Table => ({ file: "x.csv", header, rows, lines: rows.map((_, i) => i + 2) });
const long = (what: string) => `${what} long enough to be a slice`;

/** The keys ownStrings assigns, seen through a proxy on each record. */
function keysSet(kind: "invoices" | "payments", records: readonly (Invoice | Payment)[]): Set<string> {
  const set = new Set<string>();
  const proxies = records.map((r) => new Proxy(r, { set: (target, key, value) => (set.add(String(key)), Reflect.set(target, key, value)) }));
  ownStrings(kind, proxies);
  return set;
}

/** Keys of a record holding a string (or strings) of 13+ characters. */
const longKeys = (r: object) => Object.entries(r)
  .filter(([, v]) => (typeof v === "string" && v.length >= 13) || (Array.isArray(v) && v.some((e) => typeof e === "string" && e.length >= 13)))
  .map(([k]) => k).filter((k) => k !== "file");

describe("ownStrings", () => {
  it("copies every long string field of an invoice the reader makes, identity fields included", () => {
    const header = ["invoice", "customer", "customer_name", "email", "issue_date", "due_date", "amount", "currency", "type", "status",
      "applies_to", "language", "customer_type", "phone", "address", "postcode", "city", "siren", "vat_number"];
    const row = ["FACT-2026-000001-LONG", long("C"), long("Name"), `${"a".repeat(20)}@example.com`, "2026-01-01", "2026-01-31", "100.00",
      "EUR", "invoice", long("disputed"), long("FACT-2025"), long("fr"), long("b2b"), "+33 1 23 45 67 89", long("1 rue"), "75001", "Paris",
      "123 456 789 00012", "FR12345678901"];
    const { records, problems } = toInvoices(table(header, [row]), OPTIONS);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    const invoice = records[0] as Invoice;
    expect(longKeys(invoice).length).toBeGreaterThanOrEqual(12);
    expect([...keysSet("invoices", records)]).toEqual(expect.arrayContaining(longKeys(invoice)));
  });

  it("copies every long string field of a payment the reader makes", () => {
    const header = ["id", "date", "customer", "payer_name", "amount", "currency", "reference", "invoice"];
    const row = [long("PAY"), "2026-01-05", long("C"), long("Payer"), "100.00", "EUR", long("VIR"), "FACT-2026-000001-LONG F-2"];
    const { records } = toPayments(table(header, [row]), OPTIONS);
    const payment = records[0] as Payment;
    expect(longKeys(payment).sort()).toEqual(["customer", "id", "invoices", "payerName", "reference"]);
    expect([...keysSet("payments", records)]).toEqual(expect.arrayContaining(longKeys(payment)));
  });

  it("keeps every field's content, whatever the characters", () => {
    const text = fc.string({ unit: "binary", maxLength: 30 });
    const payment = fc.record({
      id: text, date: fc.constant("2026-01-01"), customer: text, payerName: text, amount: fc.integer(), currency: fc.constant("EUR"),
      reference: text, invoices: fc.array(text, { maxLength: 3 }), file: fc.constant("p.csv"), line: fc.nat(),
    });
    fc.assert(fc.property(fc.array(payment, { maxLength: 8 }), (records) => {
      const before = structuredClone(records);
      ownStrings("payments", records);
      expect(records).toEqual(before);
    }), { numRuns: 300 });
  });

  it("leaves an array of short numbers as it was", () => {
    const invoices = ["F1", "F2"];
    const records = [{ id: "P1", date: "2026-01-01", customer: "C1", payerName: "", amount: 1, currency: "EUR", reference: long("VIR"), invoices, file: "p.csv", line: 2 }];
    ownStrings("payments", records);
    expect(records[0]?.invoices).toBe(invoices);
  });

  it("lets the text the fields were split from be collected", () => {
    gc();
    const base = process.memoryUsage().heapUsed;
    // ~100 MB of two-byte text whose every line gives one kept field of 13+ characters: views
    // would pin it all.
    let text = "Œ\n" + Array.from({ length: 400_000 }, (_, i) => `PAY-2026-${String(i).padStart(8, "0")},${"unused words ".repeat(8)}`).join("\n");
    const records = text.split("\n").slice(1).map((line, i) => ({
      id: line.split(",")[0] as string, date: "2026-01-01", customer: "C1", payerName: "", amount: 1, currency: "EUR", reference: "", invoices: [], file: "p.csv", line: i,
    }));
    ownStrings("payments", records);
    text = "";
    gc();
    const kept = process.memoryUsage().heapUsed - base;
    expect(records[123_456]?.id).toBe("PAY-2026-00123456");
    // The records alone are 400 000 × (object + flat string) ≈ 60 MB; with the text, 160+.
    expect(kept).toBeLessThan(100 * 2 ** 20);
  });
});
