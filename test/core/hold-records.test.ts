// holds.csv rows → holds (English or French headers, dates either way, located problems), and
// which hold is active for an invoice on a day: the until day still held, the day after not.

import { describe, expect, it } from "vitest";
import { holdsOnNothing, toHolds } from "../../src/core/hold-records.js";
import { activeHold, expiredHolds, indexHolds, type Hold } from "../../src/core/holds.js";
import type { Table } from "../../src/core/model.js";
import { hold, invoice } from "../helpers/plan-fixtures.js";

/** A table from `;`-separated lines, first line the header, rows on lines 2, 3, … unless told. */
function tableOf(text: string, lines?: number[]): Table {
  const [header, ...rows] = text.trim().split("\n").map((l) => l.split(";"));
  return { file: "holds.csv", header: header ?? [], rows, lines: lines ?? rows.map((_, i) => i + 2) };
}

describe("toHolds", () => {
  it("reads invoice and customer holds with their until date and note", () => {
    const { holds, problems } = toHolds(tableOf(`invoice;customer;type;until;note
F2026-0225;;promise;2026-11-30;virement le 30/11
;CL014;dispute;;conteste la livraison
F2026-0300;CL022;plan;15/01/2027;3 x 500`));
    expect(problems).toEqual([]);
    expect(holds).toEqual([
      { invoice: "F2026-0225", type: "promise", until: "2026-11-30", note: "virement le 30/11", source: "holds.csv:2" },
      { customer: "CL014", type: "dispute", note: "conteste la livraison", source: "holds.csv:3" },
      { invoice: "F2026-0300", customer: "CL022", type: "plan", until: "2027-01-15", note: "3 x 500", source: "holds.csv:4" },
    ]);
  });

  it("accepts French headers, any case of the type, and surrounding spaces", () => {
    const { holds, problems } = toHolds(tableOf(`N° facture;Code client;Motif;Jusqu'au;Commentaire
 F1 ;; Promise ;30/11/2026; appel du 18/11 `));
    expect(problems).toEqual([]);
    expect(holds).toEqual([{ invoice: "F1", type: "promise", until: "2026-11-30", note: "appel du 18/11", source: "holds.csv:2" }]);
  });

  it("accepts a customer-only file", () => {
    expect(toHolds(tableOf("customer;type\nCL9;no_dunning")).holds).toEqual([{ customer: "CL9", type: "no_dunning", note: "", source: "holds.csv:2" }]);
  });

  it.each<[string, string, string, string]>([
    ["an unknown type", "F1;;promised;;", "bad_hold_type", "holds.csv:2:3"],
    ["an until that is not a date", "F1;;promise;31/11/2026;", "bad_date", "holds.csv:2:4"],
    ["neither invoice nor customer", ";;dispute;;", "missing_value", "holds.csv:2:1"],
  ])("reports %s, located, and keeps the other rows", (_name, row, code, where) => {
    const { holds, problems } = toHolds(tableOf(`invoice;customer;type;until;note\n${row}\nF9;;dispute;;`));
    expect(problems.map((p) => [p.severity, p.code, `${p.file}:${p.line}:${p.column}`])).toEqual([["error", code, where]]);
    expect(holds.map((h) => h.invoice)).toEqual(["F9"]);
  });

  it("reports every problem of a row", () => {
    expect(toHolds(tableOf("invoice;customer;type;until;note\n;;maybe;soon;")).problems.map((p) => p.code)).toEqual(["bad_hold_type", "bad_date", "missing_value"]);
  });

  it.each([["no type column", "invoice;until\nF1;2026-12-01"], ["no invoice or customer column", "type;until\npromise;2026-12-01"]])(
    "refuses a file with %s", (_name, text) => {
      const { holds, problems } = toHolds(tableOf(text));
      expect(holds).toEqual([]);
      expect(problems.map((p) => [p.code, p.line])).toEqual([["missing_column", 1]]);
    },
  );

  it.each(["end date", "Jusqu'à", "Fin", "valid until"])("reads the until date under %j", (header) => {
    expect(toHolds(tableOf(`invoice;type;${header}\nF1;promise;2026-11-30`)).holds).toEqual([{ invoice: "F1", type: "promise", until: "2026-11-30", note: "", source: "holds.csv:2" }]);
  });

  it("warns of a column nothing reads that holds values: a misspelt until would hold for ever", () => {
    const { holds, problems } = toHolds(tableOf("invoice;type;untill;empty\nF1;promise;2026-11-30;"));
    expect(holds).toEqual([{ invoice: "F1", type: "promise", note: "", source: "holds.csv:2" }]);
    expect(problems.map((p) => [p.severity, p.code, `${p.file}:${p.line}:${p.column}`, p.message])).toEqual([
      ["warning", "hold_column_unread", "holds.csv:1:3", 'column "untill" is none of invoice, customer, type, until, note: its values are not read'],
    ]);
  });

  it("locates rows by their physical line (after a multi-line note)", () => {
    const { holds } = toHolds(tableOf("invoice;type;note\nF1;promise;two\nF2;dispute;", [2, 4]));
    expect(holds.map((h) => h.source)).toEqual(["holds.csv:2", "holds.csv:4"]);
  });
});

describe("holds that hold nothing", () => {
  it("are said for an unknown invoice or customer and an invoice named with another customer; ended ones are not", () => {
    const owners = new Map([["F1", "C1"], ["F2", "C2"]]);
    const holds: Hold[] = [
      { invoice: "F1", type: "dispute", note: "", source: "holds.csv:2" },
      { invoice: "F9", type: "dispute", note: "", source: "holds.csv:3" },
      { customer: "C9", type: "plan", note: "", source: "holds.csv:4" },
      { invoice: "F2", customer: "C1", type: "promise", note: "", source: "holds.csv:5" },
      { invoice: "F8", type: "promise", until: "2026-11-01", note: "", source: "holds.csv:6" },
      { customer: "C2", type: "no_dunning", note: "", source: "holds.csv:7" },
    ];
    expect(holdsOnNothing(holds, owners, "2026-11-22").map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      "holds.csv:3: invoice F9 is in no export: this dispute hold holds nothing",
      "holds.csv:4: customer C9 has no invoice in the exports: this plan hold holds nothing",
      "holds.csv:5: invoice F2 is C2's, not C1's: this promise hold holds the invoice, not customer C1",
    ]);
  });
});

describe("the hold of an invoice on a day", () => {
  const F1 = invoice("F1");
  const none = new Set<string>();

  it.each<[string, Hold[], string, string | undefined]>([
    ["no hold", [], "2026-11-22", undefined],
    ["an open-ended invoice hold", [hold({ invoice: "F1" }, "dispute")], "2030-01-01", "dispute"],
    ["the until day is still held", [hold({ invoice: "F1" }, "promise", "2026-11-30")], "2026-11-30", "promise"],
    ["the day after the until day is not", [hold({ invoice: "F1" }, "promise", "2026-11-30")], "2026-12-01", undefined],
    ["a customer hold", [hold({ customer: "C1" }, "no_dunning")], "2026-11-22", "no_dunning"],
    ["a customer hold ended", [hold({ customer: "C1" }, "plan", "2026-11-21")], "2026-11-22", undefined],
    ["the invoice's own hold first", [hold({ customer: "C1" }, "no_dunning"), hold({ invoice: "F1" }, "plan")], "2026-11-22", "plan"],
    ["an ended own hold lets the customer's show", [hold({ invoice: "F1" }, "promise", "2026-11-01"), hold({ customer: "C1" }, "dispute")], "2026-11-22", "dispute"],
    ["a hold on another invoice that also names the customer", [hold({ invoice: "F2", customer: "C1" }, "dispute")], "2026-11-22", undefined],
  ])("%s", (_name, holds, asOf, expected) => {
    expect(activeHold(F1, holds, none, asOf)?.type).toBe(expected);
    expect(activeHold(F1, indexHolds(holds)(F1), none, asOf)?.type).toBe(expected);
  });

  it.each(["litige", "en litige", "disputed", "dispute", "contestée", "contestee", "on hold", "bloquée", "in dispute", "litige client", "litige en cours", "under dispute", "in_dispute", "litige\u00a0client", "on-hold"])("status %j holds the invoice", (status) => {
    expect(activeHold(invoice("F1", { status }), [], none, "2026-11-22")).toMatchObject({ type: "dispute", source: "status column" });
  });

  it.each([
    "redressement judiciaire", "liquidation", "in liquidation", "en sauvegarde", "procédure collective", "insolvency", "insolvenzverfahren",
    "in administration", "receivership", "contentieux", "en contentieux", "in litigation", "douteux", "créance douteuse", "doubtful debt", "416",
    "procédure de sauvegarde", "under administration", "sauvegarde en cours", "insolvency proceedings", "rj", "lj",
  ])(
    "status %s takes the invoice out of dunning (insolvency, litigation, doubtful debt)", (status) => {
      expect(activeHold(invoice("F1", { status }), [], none, "2026-11-22")).toMatchObject({ type: "no_dunning", source: "status column" });
    },
  );

  it.each(["", "sent", "payée partiellement", "litigieux?", "administration fee", "liquidated damages", "dispute resolved", "no dispute", "rjx"])("status %j does not", (status) => {
    expect(activeHold(invoice("F1", { status }), [], none, "2026-11-22")).toBeUndefined();
  });

  it("holds an invoice the lettrage engine has under review, after the invoice's own hold", () => {
    expect(activeHold(F1, [], new Set(["F1"]), "2026-11-22")).toMatchObject({ type: "dispute", source: "lettrage" });
    expect(activeHold(F1, [hold({ invoice: "F1" }, "promise")], new Set(["F1"]), "2026-11-22")?.type).toBe("promise");
  });

  it("lists the holds that have ended, for the explanation", () => {
    const holds = [hold({ invoice: "F1" }, "promise", "2026-11-01"), hold({ customer: "C1" }, "plan", "2026-11-22"), hold({ invoice: "F2" }, "promise", "2026-11-01")];
    expect(expiredHolds(F1, holds, "2026-11-22").map((h) => h.type)).toEqual(["promise"]);
    expect(expiredHolds(F1, holds, "2026-11-23").map((h) => h.type)).toEqual(["promise", "plan"]);
  });
});
