// decisions.csv: an accountant's answers to `dunning match --review` (payment, invoice, optional
// amount, confirm or reject), read like the exports (encodings, separators, French headers) into
// the engine's Decision records, each bad row reported as FILE:LINE:COLUMN with a fix.

import type { Decision } from "../core/match.js";
import { mapHeader } from "../core/headers.js";
import { codeCell, type Payment, type Table } from "../core/model.js";
import { amountFailure, currencyExponent, decideDecimalMark, markConflict, parseAmount } from "../core/money.js";
import { problem, type Problem } from "../core/problem.js";
import { stripAccents } from "../core/text.js";
import { readCsv } from "./csv.js";
import { readBytes } from "./inputs.js";

export type DecisionField = "payment" | "invoice" | "amount" | "decision" | "reason" | "payer";

/** Header aliases, compared like the exports' (case, accents and punctuation ignored). */
const DECISION_ALIASES: Readonly<Record<DecisionField, readonly string[]>> = {
  payment: ["payment id", "payment_id", "payment reference", "paiement", "id paiement", "reglement", "règlement",
    "n° de règlement", "référence paiement", "référence opération", "transaction id", "id"],
  invoice: ["invoice number", "invoice_number", "invoice no", "invoice id", "facture", "n° facture", "numéro de facture",
    "numero facture", "pièce", "n° de pièce"],
  amount: ["amount applied", "allocated amount", "montant", "montant lettré", "montant affecté", "montant imputé"],
  decision: ["décision", "action", "choix", "validation", "confirm/reject"],
  // The review's own reason (FEE_SUSPECTED, …), as `dunning match --review` writes it; optional.
  reason: ["motif", "raison"],
  // Whose payment it was in the payments export when the review was written (`dunning match
  // --review` writes it): a payment named by its line is checked against it.
  payer: ["payeur"],
};

/** The id a payment without one is given: its file's name and line (records.ts). */
const LINE_ID = /:\d+$/;

/** The header `dunning match --review` writes; the reader needs the first four, reads `reason` when there, and ignores the rest. */
const DECISIONS_HEADER = ["payment", "invoice", "amount", "decision"] as const;

// Words for each answer, compared without case or accents. Anything else is an error, so a typo
// never silently becomes "no decision".
const CONFIRM = new Set(["confirm", "confirmed", "confirmer", "confirme", "yes", "y", "oui", "ok", "accept", "accepted", "accepter", "accepte", "valider", "valide", "validated"]);
const REJECT = new Set(["reject", "rejected", "rejeter", "rejete", "no", "n", "non", "refuse", "refused", "refuser"]);

/** `Confirmé ` → `confirme`. */
const answerKey = (raw: string): string => stripAccents(raw.trim()).toLowerCase();

export function readAnswer(raw: string): "confirm" | "reject" | undefined {
  const key = answerKey(raw);
  return CONFIRM.has(key) ? "confirm" : REJECT.has(key) ? "reject" : undefined;
}

/** What the file holds, and where each field sits (1-based columns, for messages). */
export interface DecisionsRead {
  readonly file: string;
  readonly decisions: Decision[];
  readonly problems: Problem[];
  /** Rows whose decision cell is empty: suggestions not decided yet, skipped. */
  readonly undecided: number;
  readonly columns: Readonly<Partial<Record<DecisionField, number>>>;
}

const cell = (row: readonly string[], i: number | undefined): string => (i === undefined ? "" : (row[i] ?? "").trim());

/**
 * Rows → decisions. Amounts are major units of the payment's currency (`currencyOf`, else
 * `defaultCurrency`), with the decimal mark decided from the whole column as in the exports.
 * Whether a payment or invoice exists is the engine's question, not this reader's.
 */
export function toDecisions(
  table: Table, currencyOf: (payment: string) => string | undefined, defaultCurrency: string, customerOf: (payment: string) => string | undefined = () => undefined,
): DecisionsRead {
  const file = table.file;
  const { columns: c, problems } = mapHeader<DecisionField>(table.header, DECISION_ALIASES, {}, file);
  const columns = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, (v as number) + 1])) as Partial<Record<DecisionField, number>>;
  const missing = (["payment", "invoice", "decision"] as const).filter((f) => c[f] === undefined);
  if (missing.length > 0) {
    problems.push(problem("error", "missing_column", `no ${missing.join(", ")} column in the decisions file (header: ${table.header.join(", ")})`, {
      file, line: 1, hint: `the header must name ${DECISIONS_HEADER.join(",")} (amount may be left out); dunning match --review writes one`,
    }));
    return { file, decisions: [], problems, undecided: 0, columns };
  }
  const decided = table.rows.map((row) => cell(row, c.decision) !== "");
  const amounts = table.rows.map((row, i) => (decided[i] ? cell(row, c.amount) : ""));
  const written = amounts.filter((a) => a !== "");
  const { mark, conflicts } = decideDecimalMark(written);
  const contested = new Set(conflicts.map((k) => written[k]));
  const decisions: Decision[] = [];
  let undecided = 0;
  table.rows.forEach((row, i) => {
    const line = table.lines[i] as number;
    if (!decided[i]) {
      undecided++;
      return;
    }
    const at = (field: DecisionField): { file: string; line: number; column: number | undefined } => ({ file, line, column: columns[field] });
    const say = (field: DecisionField, code: string, message: string, hint: string): void => {
      problems.push(problem("error", code, message, { ...at(field), hint }));
    };
    const raw = cell(row, c.decision);
    const answer = readAnswer(raw);
    const payment = codeCell(row, c.payment);
    const invoice = codeCell(row, c.invoice);
    const rawAmount = amounts[i] as string;
    let ok = true;
    if (answer === undefined) {
      ok = false;
      say("decision", "decision_invalid", `decision "${raw}" is neither confirm nor reject`, "write confirm or reject (confirmer/rejeter, oui/non also work); leave it empty to decide later");
    }
    if (payment === "") {
      ok = false;
      say("payment", "missing_value", "the decision names no payment", "copy the payment id from dunning match");
    }
    if (invoice === "") {
      ok = false;
      say("invoice", "missing_value", `the decision for ${payment || "this row"} names no invoice`, "write the invoice number the payment settles (or does not)");
    }
    let amount: number | undefined;
    if (rawAmount !== "") {
      const currency = currencyOf(payment) ?? defaultCurrency;
      const parsed = parseAmount(rawAmount, mark, currencyExponent(currency));
      const hint = mark === "," ? "write it like 1 234,56, in the payment's currency, or leave it empty" : "write it like 1234.56, in the payment's currency, or leave it empty";
      if (contested.has(rawAmount)) {
        ok = false;
        say("amount", "mixed_decimal_mark", markConflict("amount", rawAmount, mark), "use one decimal mark in the whole column");
      } else if (!parsed.ok) {
        ok = false;
        say("amount", "bad_amount", amountFailure("amount", rawAmount, parsed.reason, currency), hint);
      } else if (parsed.minor <= 0) {
        ok = false;
        say("amount", "bad_amount", `amount "${rawAmount}" is not positive`, "give the positive amount the payment settles on this invoice, or leave it empty for as much as possible");
      } else amount = parsed.minor;
    }
    if (ok && answer === "reject" && cell(row, c.reason).toUpperCase() === "FEE_SUSPECTED") {
      // The payment is applied to the invoice it cites; the row is about the shortfall only.
      // Rejecting the pair would take the whole payment off that invoice and remind it in full.
      ok = false;
      say("decision", "decision_reject_fee", `reject on a suspected bank charge would take payment ${payment} off ${invoice}, the invoice it cites, and claim that invoice in full`,
        "write confirm if the customer still owes the shortfall (it is then reminded); to write the charges off, book them in your accounting software");
    }
    const written = cell(row, c.payer);
    const now = customerOf(payment);
    if (ok && written !== "" && now !== undefined && now !== "" && LINE_ID.test(payment) && now.toLowerCase() !== written.toLowerCase()) {
      // Without an id, a payment is named by its line: a re-export in another order puts another
      // payment there, and the decision would apply it to this customer's invoice.
      ok = false;
      say("payment", "decision_payment_moved", `${payment} is ${now}'s payment in the payments file now, not ${written}'s as when this decision was written: its rows have moved`,
        "give the payments export an id column (or export it in the same order), then write the decision again from dunning match --review");
    }
    if (!ok || answer === undefined) return;
    decisions.push({ payment, invoice, ...(amount !== undefined ? { amount } : {}), decision: answer, file, line });
  });
  return { file, decisions, problems, undecided, columns };
}

/**
 * Reads the decisions file (`-`: stdin); a missing file is an error (it was named), and so is an
 * empty one: `dunning match --review > decisions.csv` over the file in use leaves it empty before
 * dunning runs, and reading that as "no decisions" would undo every decision in silence.
 */
export async function loadDecisions(file: string, shown: string, payments: readonly Payment[], defaultCurrency: string): Promise<DecisionsRead> {
  const bytes = await readBytes(file, shown, "decisions");
  const empty: DecisionsRead = { file: shown, decisions: [], problems: [], undecided: 0, columns: {} };
  if (bytes.toString("utf8").trim() === "") {
    return {
      ...empty, problems: [problem("error", "decisions_empty", "the decisions file is empty, not even a header", {
        file: shown, line: 1, hint: "if dunning match --review > was pointed at it, the shell emptied it: restore it from a copy, and write the review to another file; a file with no decisions yet holds the header payment,invoice,amount,decision",
      })],
    };
  }
  // Separator and encoding are detected, never taken from csv: (which describes the exports):
  // this file is written by dunning with commas and re-saved by whatever spreadsheet.
  const parsed = readCsv(bytes, shown);
  if (!parsed.ok) return { ...empty, problems: parsed.problems };
  const byId = new Map<string, Payment>();
  for (const p of payments) if (!byId.has(p.id)) byId.set(p.id, p);
  return toDecisions(parsed.table, (id) => byId.get(id)?.currency, defaultCurrency, (id) => byId.get(id)?.customer);
}

const COLUMN_OF: Readonly<Record<string, DecisionField>> = {
  decision_unknown_payment: "payment", decision_negative_payment: "payment", decision_payment_returned: "payment",
  decision_unknown_invoice: "invoice", decision_credit_note: "invoice", decision_currency_mismatch: "invoice",
  decision_after_as_of: "payment", decision_bad_amount: "amount", decision_amount_capped: "amount",
  decision_nothing_to_apply: "invoice", decision_contradiction: "decision", decision_invalid: "decision",
};

/**
 * The engine checks decisions against the ledger (unknown payment or invoice, contradictions,
 * nothing left to apply) and says so with the file and line. This adds the column, so every
 * message reads FILE:LINE:COL.
 */
export function locateDecisionProblems(problems: readonly Problem[], read: DecisionsRead | undefined): Problem[] {
  if (read === undefined) return [...problems];
  return problems.map((p) => {
    if (p.file !== read.file || p.line === undefined || !p.code.startsWith("decision_")) return p;
    const field = p.code === "decision_after_as_of" && p.message.startsWith("invoice") ? "invoice" : COLUMN_OF[p.code];
    const column = p.column ?? (field === undefined ? undefined : read.columns[field]);
    return problem(p.severity, p.code, p.message, { file: p.file, line: p.line, column, hint: p.hint });
  });
}

