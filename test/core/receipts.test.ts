// What reduced each invoice and when, as the planner and the charges report read it: payments by
// their day, credit notes by their issue date, a debt moved to another account and a payment whose
// id the reader made up said as such.

import { describe, expect, it } from "vitest";
import { receiptsByInvoice } from "../../src/core/receipts.js";
import { allocation, invoice, item, payment } from "../helpers/plan-fixtures.js";

describe("receiptsByInvoice", () => {
  it("dates each allocation by its payment or credit note, and says which ids were made up and which debts moved", () => {
    const f1 = invoice("F1");
    const av = invoice("AV1", { type: "credit_note", amount: -10_000, issueDate: "2026-10-20" });
    const ledger = {
      items: [item(f1, 0), item(av, 0)],
      payments: [
        payment("VIR-1", "2026-10-05", 30_000),
        payment("bank.csv:7", "2026-10-09", 20_000, { file: "exports/bank.csv", line: 7 }),
        payment("OD-3", "2026-10-30", 40_000, { movedTo: "416000" }),
      ],
      allocations: [allocation("VIR-1", "F1", 30_000), allocation("bank.csv:7", "F1", 20_000), allocation("AV1", "F1", 10_000), allocation("OD-3", "F1", 40_000)],
      unapplied: [],
    };
    expect(receiptsByInvoice(ledger).get("F1")).toEqual([
      { kind: "payment", reference: "VIR-1", date: "2026-10-05", invoice: "F1", amount: 30_000 },
      { kind: "payment", reference: "bank.csv:7", date: "2026-10-09", invoice: "F1", amount: 20_000, madeUpId: true },
      { kind: "credit_note", reference: "AV1", date: "2026-10-20", invoice: "F1", amount: 10_000 },
      { kind: "payment", reference: "OD-3", date: "2026-10-30", invoice: "F1", amount: 40_000, movedTo: "416000" },
    ]);
  });
});
