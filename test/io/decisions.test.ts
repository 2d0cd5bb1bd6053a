// decisions.csv as accountants write it: English or French headers, `;` and decimal commas from
// a French spreadsheet, Windows-1252, answers in either language, and every bad row located as
// FILE:LINE:COLUMN — plus the engine's own findings (unknown rows, contradictions) given a column.

import { writeFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { matchPayments } from "../../src/core/match.js";
import type { Payment } from "../../src/core/model.js";
import { InputError } from "../../src/errors.js";
import { readCsv } from "../../src/io/csv.js";
import { loadDecisions, locateDecisionProblems, readAnswer, toDecisions } from "../../src/io/decisions.js";
import { renderProblems } from "../../src/render/problems.js";
import { makeChalk } from "../../src/render/style.js";
import { inv, pay } from "../helpers/ledger-fixtures.js";
import { tempDir } from "../helpers/temp-dir.js";

const chalk = makeChalk(false);

function read(text: string | Buffer, currencies: Record<string, string> = {}) {
  const parsed = readCsv(typeof text === "string" ? Buffer.from(text, "utf8") : text, "decisions.csv");
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return toDecisions(parsed.table, (id) => currencies[id], "EUR");
}

const lines = (r: ReturnType<typeof read>): string => renderProblems(r.problems, chalk);

describe("reading decisions", () => {
  it("reads the four fields; amounts are minor units of the payment's currency", () => {
    const r = read("payment,invoice,amount,decision\nP1,F-1,120.50,confirm\nP2,F-2,,reject\nP3,F-3,1500,confirm\n", { P3: "JPY" });
    expect(r.problems).toEqual([]);
    expect(r.decisions).toEqual([
      { payment: "P1", invoice: "F-1", amount: 12050, decision: "confirm", file: "decisions.csv", line: 2 },
      { payment: "P2", invoice: "F-2", decision: "reject", file: "decisions.csv", line: 3 },
      { payment: "P3", invoice: "F-3", amount: 1500, decision: "confirm", file: "decisions.csv", line: 4 },
    ]);
  });

  it("takes French headers, `;`, decimal commas and Windows-1252 from a French spreadsheet", () => {
    const text = "Règlement;N° Facture;Montant lettré;Décision;Commentaire\nVIR-1;F2026-0201;1 250,00;Confirmé;vu avec Mme Dupré\nVIR-2;F2026-0214;;Rejeter;\n";
    const r = read(iconv.encode(text, "win1252"));
    expect(r.problems).toEqual([]);
    expect(r.decisions.map((d) => [d.payment, d.invoice, d.amount, d.decision])).toEqual([
      ["VIR-1", "F2026-0201", 125000, "confirm"],
      ["VIR-2", "F2026-0214", undefined, "reject"],
    ]);
  });

  it("ignores the explanatory columns of `dunning match --review` and skips rows not decided yet", () => {
    const text = "payment,invoice,amount,decision,currency,customer,option,kind,reason,confidence,evidence\n"
      + "P15,D-1101,120.00,,EUR,C11,1,suggestion,COMBINATION_SUGGESTED,medium,\"D-1101 + D-1103, only set\"\n"
      + "P15,D-1103,230.00,yes,EUR,C11,1,suggestion,COMBINATION_SUGGESTED,medium,x\n";
    const r = read(text);
    expect(r.undecided).toBe(1);
    expect(r.decisions).toEqual([{ payment: "P15", invoice: "D-1103", amount: 23000, decision: "confirm", file: "decisions.csv", line: 3 }]);
  });

  it.each([
    ["confirm", "confirm"], ["Confirmer", "confirm"], ["OUI", "confirm"], ["ok", "confirm"], ["validé", "confirm"],
    ["reject", "reject"], ["Rejeter", "reject"], ["non", "reject"], ["No", "reject"], ["refusé", "reject"], ["maybe", undefined], ["plus tard", undefined],
  ])("answer %s → %s", (raw, expected) => {
    expect(readAnswer(raw)).toBe(expected);
  });

  it("locates every bad row as FILE:LINE:COLUMN with the value and a fix", () => {
    const r = read("payment,invoice,amount,decision\nP1,F-1,12.5O,confirm\n,F-2,,confirm\nP3,,,reject\nP4,F-4,-3.00,confirm\nP5,F-5,,confrim\nP6,F-6,1.005,confirm\n");
    expect(lines(r)).toBe([
      'decisions.csv:2:3: amount "12.5O" is not a number — write it like 1234.56, in the payment\'s currency, or leave it empty',
      "decisions.csv:3:1: the decision names no payment — copy the payment id from dunning match",
      "decisions.csv:4:2: the decision for P3 names no invoice — write the invoice number the payment settles (or does not)",
      'decisions.csv:5:3: amount "-3.00" is not positive — give the positive amount the payment settles on this invoice, or leave it empty for as much as possible',
      'decisions.csv:6:4: decision "confrim" is neither confirm nor reject — write confirm or reject (confirmer/rejeter, oui/non also work); leave it empty to decide later',
      'decisions.csv:7:3: amount "1.005" has more decimals than EUR allows (2) — write it like 1234.56, in the payment\'s currency, or leave it empty',
    ].join("\n") + "\n");
    expect(r.decisions).toEqual([]);
  });

  it("refuses reject on a suspected bank charge, which would take the payment off the invoice it cites", () => {
    const r = read("payment,invoice,amount,decision,currency,customer,option,kind,reason\n"
      + "P3,FA-10001,,reject,EUR,C3,1,difference,FEE_SUSPECTED\nP3,FA-10001,,confirm,EUR,C3,1,difference,FEE_SUSPECTED\nP4,FA-2,,reject,EUR,C3,1,suggestion,COMBINATION_SUGGESTED\n");
    expect(lines(r)).toBe("decisions.csv:2:4: reject on a suspected bank charge would take payment P3 off FA-10001, the invoice it cites, and claim that invoice in full — write confirm if the customer still owes the shortfall (it is then reminded); to write the charges off, book them in your accounting software\n");
    expect(r.decisions.map((d) => `${d.payment} ${d.invoice} ${d.decision}`)).toEqual(["P3 FA-10001 confirm", "P4 FA-2 reject"]);
  });

  it("reports a decimal mark that contradicts the rest of the column", () => {
    const r = read("payment;invoice;amount;decision\nP1;F-1;1,50;confirm\nP2;F-2;2,75;confirm\nP3;F-3;3.25;confirm\n");
    expect(r.problems.map((p) => [p.code, p.line, p.column])).toEqual([["mixed_decimal_mark", 4, 3]]);
  });

  it("a header without the needed columns is one located error", () => {
    const r = read("pay,inv,decision\nP1,F-1,confirm\n");
    expect(lines(r)).toMatch(/^decisions\.csv:1: no payment, invoice column in the decisions file \(header: pay, inv, decision\) — /);
  });
});

describe("a payment named by its line (no id column)", () => {
  // As dunning match --review writes it: the invoice's customer (C2: the payment cites another
  // customer's invoice), and the payment's own, which is the one checked.
  const review = "payment,invoice,amount,decision,currency,customer,payer\npayments.csv:2,F-1,300.00,confirm,EUR,C2,C1\n";
  const readWith = (customers: Record<string, string>) => {
    const parsed = readCsv(Buffer.from(review, "utf8"), "decisions.csv");
    if (!parsed.ok) throw new Error("unreadable");
    return toDecisions(parsed.table, () => "EUR", "EUR", (id) => customers[id]);
  };

  it("is refused when the line now holds another customer's payment: the export's rows moved", () => {
    const r = readWith({ "payments.csv:2": "C2" });
    expect(r.decisions).toEqual([]);
    expect(lines(r)).toBe("decisions.csv:2:1: payments.csv:2 is C2's payment in the payments file now, not C1's as when this decision was written: its rows have moved — give the payments export an id column (or export it in the same order), then write the decision again from dunning match --review\n");
  });

  it("is read when it is still that customer's (case aside), or the file says no customer", () => {
    expect(readWith({ "payments.csv:2": "c1" }).decisions).toHaveLength(1);
    expect(readWith({ "payments.csv:2": "" }).decisions).toHaveLength(1);
  });
});

describe("the decisions file", () => {
  const payments: Payment[] = [pay("P1", "03-10", "C1", "100.00")];

  it("a file that was named but does not exist is an input error", async () => {
    const dir = tempDir("decisions");
    const err = await loadDecisions(path.join(dir, "nope.csv"), "nope.csv", payments, "EUR").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(renderProblems((err as InputError).problems, chalk)).toBe(
      "nope.csv: the decisions file does not exist — check the path given to --decisions or data.decisions in dunning.yaml\n");
  });

  it("an empty file is an error: `match --review >` over the file in use empties it before dunning reads it", async () => {
    const dir = tempDir("decisions");
    writeFileSync(path.join(dir, "empty.csv"), "\n");
    const read = await loadDecisions(path.join(dir, "empty.csv"), "empty.csv", payments, "EUR");
    expect(read.decisions).toEqual([]);
    expect(renderProblems(read.problems, chalk)).toMatch(/^empty\.csv:1: the decisions file is empty, not even a header — if dunning match --review > was pointed at it, the shell emptied it/);
    // A header alone is a file with no decisions yet.
    writeFileSync(path.join(dir, "header.csv"), "payment,invoice,amount,decision\n");
    expect(await loadDecisions(path.join(dir, "header.csv"), "header.csv", payments, "EUR")).toMatchObject({ decisions: [], problems: [] });
  });

  it("a UTF-8 file with a BOM reads like any other", async () => {
    const dir = tempDir("decisions");
    writeFileSync(path.join(dir, "bom.csv"), "\ufeffpaiement,facture,décision\nP1,F-1,confirmer\n");
    expect((await loadDecisions(path.join(dir, "bom.csv"), "bom.csv", payments, "EUR")).decisions).toEqual([
      { payment: "P1", invoice: "F-1", decision: "confirm", file: "bom.csv", line: 2 },
    ]);
  });
});

describe("what the engine finds, located", () => {
  const invoices = [inv("F-1", "C1", "03-01", "100.00"), inv("F-2", "C1", "03-02", "100.00")];
  const payments = [pay("P", "03-10", "C1", "100.00")];

  it("unknown rows and contradictions get their column, and a contradiction names its other lines", () => {
    const r = read("payment,invoice,amount,decision\nP,F-1,,confirm\nNOPE,F-1,,confirm\nP,F-404,,confirm\nP,f-1,,reject\n");
    const ledger = matchPayments({ invoices, payments, asOf: "2024-12-31", decisions: r.decisions });
    expect(renderProblems(locateDecisionProblems(ledger.problems, r), chalk)).toBe([
      "decisions.csv:2:4: decisions for P → F-1 contradict each other (confirm, reject); all ignored (see line 5) — keep one decision per payment and invoice",
      "decisions.csv:3:1: decision names payment NOPE, which is not in the payments file — check the payment id",
      "decisions.csv:4:2: decision names invoice F-404, which is not in the invoices file — check the invoice number",
    ].join("\n") + "\n");
  });

  it("a confirmed amount larger than possible is a warning on the amount column", () => {
    const r = read("payment,invoice,amount,decision\nP,F-2,150.00,confirm\n");
    const ledger = matchPayments({ invoices, payments, asOf: "2024-12-31", decisions: r.decisions });
    const located = locateDecisionProblems(ledger.problems, r);
    expect(located.map((p) => [p.severity, p.code, p.line, p.column])).toEqual([["warning", "decision_amount_capped", 2, 3]]);
    expect(ledger.allocations.map((a) => `${a.payment}→${a.invoice} ${a.amount} ${a.rule}`)).toEqual(["P→F-2 10000 D0"]);
  });
});
