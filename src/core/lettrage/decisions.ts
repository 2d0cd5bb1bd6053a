// Pass P0 (matching.md §2.5): human decisions. Confirmed pairs are applied first as CERTAIN;
// rejected pairs are excluded from every later pass. Bad decisions are problems, never throws.

import { formatMinor } from "../money.js";
import { problem } from "../problem.js";
import { allocateFromPayment, type Ctx, type Item, type Pay } from "./state.js";

export interface Decision {
  readonly payment: string;
  readonly invoice: string;
  /** Minor units of the payment's currency; absent = as much as both can take. */
  readonly amount?: number | undefined;
  readonly decision: "confirm" | "reject";
  readonly file?: string | undefined;
  readonly line?: number | undefined;
}

interface Known {
  readonly payById: ReadonlyMap<string, Pay>;
  readonly findItem: (number: string) => Item | undefined;
  /** Ids and numbers present in the input but outside the as-of date. */
  readonly laterPayments: ReadonlySet<string>;
  readonly laterInvoices: ReadonlySet<string>;
}

interface Checked {
  readonly d: Decision;
  readonly pay: Pay;
  readonly item: Item;
}

export function applyDecisions(ctx: Ctx, decisions: readonly Decision[], known: Known): void {
  const say = (severity: "error" | "warning", code: string, d: Decision, message: string, hint: string): void => {
    ctx.problems.push(problem(severity, code, message, { file: d.file, line: d.line, hint }));
  };
  const byPair = new Map<string, Checked[]>();
  const prefix: { value?: string | null } = {};
  for (const d of decisions) {
    if (d.decision !== "confirm" && d.decision !== "reject") {
      say("error", "decision_invalid", d, `decision "${String(d.decision)}" for ${d.payment} → ${d.invoice} is neither confirm nor reject`, "write confirm or reject");
      continue;
    }
    if (d.amount !== undefined && (!Number.isSafeInteger(d.amount) || d.amount <= 0)) {
      say("error", "decision_bad_amount", d, `decision ${d.payment} → ${d.invoice} has amount ${String(d.amount)}`, "give a positive amount, or none to apply as much as possible");
      continue;
    }
    const pay = known.payById.get(d.payment);
    if (!pay) {
      if (known.laterPayments.has(d.payment)) say("warning", "decision_after_as_of", d, `payment ${d.payment} is dated after the as-of date; its decision waits`, "run with a later --as-of to use it");
      else say("error", "decision_unknown_payment", d, `decision names payment ${d.payment}, which is not in the payments file`, unknownPaymentHint(d.payment, known.payById, prefix));
      continue;
    }
    const item = known.findItem(d.invoice);
    if (!item) {
      if (known.laterInvoices.has(d.invoice)) say("warning", "decision_after_as_of", d, `invoice ${d.invoice} is issued after the as-of date; its decision waits`, "run with a later --as-of to use it");
      else say("error", "decision_unknown_invoice", d, `decision names invoice ${d.invoice}, which is not in the invoices file`, "check the invoice number");
      continue;
    }
    const key = `${pay.idx}:${item.idx}`;
    const list = byPair.get(key);
    if (list) list.push({ d, pay, item });
    else byPair.set(key, [{ d, pay, item }]);
  }
  const confirms: Checked[] = [];
  for (const list of byPair.values()) {
    const first = list[0] as Checked;
    const kinds = new Set(list.map((c) => c.d.decision));
    const amounts = new Set(list.filter((c) => c.d.decision === "confirm").map((c) => c.d.amount ?? -1));
    if (kinds.size > 1 || amounts.size > 1) {
      // The message stands on the first line of the pair and points to the others.
      const others = list.slice(1).flatMap((c) => (c.d.line === undefined ? [] : [c.d.line]));
      const see = others.length === 0 ? "" : ` (see line${others.length > 1 ? "s" : ""} ${others.join(", ")})`;
      say("error", "decision_contradiction", first.d, `decisions for ${first.pay.id} → ${first.item.number} contradict each other (${list.map((c) => c.d.decision + (c.d.amount !== undefined ? ` ${formatMinor(c.d.amount, first.pay.currency)}` : "")).join(", ")}); all ignored${see}`, "keep one decision per payment and invoice");
      continue;
    }
    if (first.d.decision === "reject") {
      (first.pay.rejected ??= new Set()).add(first.item.idx);
      continue;
    }
    if (!checkConfirm(first, say)) continue;
    confirms.push(first);
  }
  confirms.sort((a, b) => a.pay.idx - b.pay.idx || a.item.idx - b.item.idx);
  for (const { d, pay, item } of confirms) applyConfirm(ctx, d, pay, item, say);
}

type Say = (severity: "error" | "warning", code: string, d: Decision, message: string, hint: string) => void;

function checkConfirm({ d, pay, item }: Checked, say: Say): boolean {
  if (pay.status === "reversed") {
    say("warning", "decision_payment_returned", d, `payment ${pay.id} was returned by a later refund; its confirmation is ignored`, "remove the decision or the refund");
    return false;
  }
  if (pay.p.amount <= 0) {
    say("error", "decision_negative_payment", d, `payment ${pay.id} is a refund (${formatMinor(pay.p.amount, pay.currency)}) and cannot settle ${item.number}`, "only received payments settle invoices");
    return false;
  }
  if (item.credit) {
    say("error", "decision_credit_note", d, `${item.number} is a credit note; a payment cannot settle it`, "name the invoice the payment settles");
    return false;
  }
  if (item.currency !== pay.currency) {
    say("error", "decision_currency_mismatch", d, `payment ${pay.id} is in ${pay.currency} but ${item.number} is in ${item.currency}`, "cross-currency settlement is booked in the accounting software, not here");
    return false;
  }
  return true;
}

function applyConfirm(ctx: Ctx, d: Decision, pay: Pay, item: Item, say: Say): void {
  const room = Math.min(pay.remaining, Math.max(0, item.open));
  if (room === 0) {
    say("warning", "decision_nothing_to_apply", d, `confirmed ${pay.id} → ${item.number}, but ${pay.remaining === 0 ? "the payment is already used" : "the invoice is already settled"}`, "check for an earlier decision or a duplicate");
    return;
  }
  let amount = d.amount ?? room;
  if (amount > room) {
    say("warning", "decision_amount_capped", d, `confirmed ${formatMinor(amount, pay.currency)} for ${pay.id} → ${item.number}, only ${formatMinor(room, pay.currency)} could be applied`, "an allocation never exceeds the payment or the open amount");
    amount = room;
  }
  if (pay.payerLevel !== "full") {
    pay.payer = item.customer;
    pay.payerLevel = "full";
  }
  allocateFromPayment(ctx, pay, item, amount, "D0", "certain", ["DECISION"], `confirmed by a decision${d.file ? ` (${d.file}${d.line ? `:${d.line}` : ""})` : ""}`);
  if (pay.remaining === 0) pay.status = "done";
}

/**
 * A payment the export gives no id is named after the file and the line (`payments.csv:3`): read
 * under another name (`reglements-nov.csv`, `-`), the same payment is another id, which the hint
 * says rather than "check the id". The file's prefix is looked for once, among all its payments.
 */
function unknownPaymentHint(payment: string, payById: ReadonlyMap<string, unknown>, prefix: { value?: string | null }): string {
  const named = /^(.*):\d+$/.exec(payment);
  if (named === null) return "check the payment id";
  if (prefix.value === undefined) {
    prefix.value = null;
    for (const id of payById.keys()) {
      const ours = /^(.*):\d+$/.exec(id);
      if (ours !== null) {
        prefix.value = ours[1] as string;
        break;
      }
    }
  }
  if (prefix.value !== null && prefix.value !== named[1]) {
    return `payments without an id are named after their file and line: this payments file's are ${prefix.value}:LINE — a decision follows the line of the file it was made from, so read the export under that name (${named[1]}) or give its payments ids`;
  }
  return "check the payment id (a payment without an id is named FILE:LINE)";
}
