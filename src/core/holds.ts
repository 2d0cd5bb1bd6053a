// Holds stop escalation: a dispute, a payment promise, a payment plan or a customer not to be
// dunned, on one invoice or on a whole customer, optionally until a date (inclusive) after which
// dunning resumes by itself. Pure.

import type { PlainDate } from "./dates.js";
import { statusKeyOf, type Invoice } from "./model.js";

export type HoldType = "dispute" | "promise" | "plan" | "no_dunning";
export const HOLD_TYPES: readonly HoldType[] = ["dispute", "promise", "plan", "no_dunning"];

export interface Hold {
  readonly invoice?: string;
  readonly customer?: string;
  readonly type: HoldType;
  /** Last day of the hold; none = until removed. */
  readonly until?: PlainDate;
  readonly note: string;
  /** Where the hold comes from: `holds.csv:4`, `status column`, `lettrage`. */
  readonly source: string;
}

// Whole statuses, with the few words exports put around the keyword (`In dispute`, `Litige
// client`, `Procédure de sauvegarde`, `Under administration`) — not any cell that contains one
// (`administration fee`, `liquidated damages` are no such status).
const DISPUTED = /^((in|en|under|sous) )?(disputed?|litiges?|contest[eé]e?s?|on hold|bloqu[eé]e?s?)( (client|customer|en cours|pending|ouverte?))?$/;
/**
 * Statuses that take an invoice out of dunning altogether (domain.md tricky case 18): the
 * customer is in insolvency proceedings — in France creditors may then only declare the claim to
 * the administrator (art. L622-21, L622-24 Code de commerce) — or the debt has gone to litigation
 * or to doubtful debts (account 416), where a lawyer or the accountant takes it from here.
 */
const OUT_OF_DUNNING = new RegExp("^((in|en|au|under|sous|placed in|procedure de|procedure of) )?(insolven(cy|t)|insolvenz\\w*|administration|receivership"
  + "|bankrupt(cy)?|liquidation( judiciaire)?|redressement( judiciaire)?|sauvegarde|procedure collective|contentieux|litigation|douteu(x|se)"
  + "|creance douteuse|client douteux|doubtful( debt)?|416)( (en cours|ouverte?|pending|proceedings?|procedure))?$|^(rj|lj)$");

/** Does an export's status hold its invoice: a dispute, insolvency, litigation or doubtful debt? */
export function statusHolds(status: string): boolean {
  return holdOfStatusWords(status) !== undefined;
}

/**
 * What a status's words hold an invoice for. Compared as the reader compares statuses (statusKeyOf:
 * case, accents, a no-break space, `_` and `-` aside): `Litige client`, `litige_client` and a
 * spreadsheet's `litige client` with a no-break space are one status.
 */
function holdOfStatusWords(status: string): "dispute" | "no_dunning" | undefined {
  if (status === "") return undefined;
  const key = statusKeyOf(status);
  if (DISPUTED.test(key)) return "dispute";
  return OUT_OF_DUNNING.test(key) ? "no_dunning" : undefined;
}

/**
 * What the invoice's status holds it for: a dispute, or out of dunning (insolvency, litigation,
 * doubtful debt) — as the business's configuration says (statusMeaning), else as the words read.
 */
export function statusHoldOf(invoice: Pick<Invoice, "status" | "statusMeaning">): "dispute" | "no_dunning" | undefined {
  const meaning = invoice.statusMeaning;
  if (meaning !== undefined) return meaning === "open" ? undefined : meaning;
  return holdOfStatusWords(invoice.status);
}

/** The active hold of an invoice, if any: the invoice's own first, then its customer's. */
export function activeHold(
  invoice: Invoice, holds: readonly Hold[], heldByMatching: ReadonlySet<string>, asOf: PlainDate,
): Hold | undefined {
  const byStatus = statusHoldOf(invoice);
  if (byStatus === "dispute") {
    return { invoice: invoice.number, type: "dispute", note: `status "${invoice.status}" in the export`, source: "status column" };
  }
  if (byStatus === "no_dunning") {
    // A business's own word says only that it is out of dunning, not why.
    const why = invoice.statusMeaning === "no_dunning" ? "out of dunning, as statuses.invoices in dunning.yaml says"
      : "insolvency, litigation or doubtful debt — declare or pursue the claim there, not by reminders";
    return { invoice: invoice.number, type: "no_dunning", source: "status column", note: `status "${invoice.status}" in the export: ${why}` };
  }
  const live = holds.filter((h) => h.until === undefined || asOf <= h.until);
  const own = live.find((h) => h.invoice === invoice.number);
  if (own) return own;
  if (heldByMatching.has(invoice.number)) {
    return { invoice: invoice.number, type: "dispute", note: "a payment may settle it: review `dunning match --review`", source: "lettrage" };
  }
  return live.find((h) => h.invoice === undefined && h.customer === invoice.customer);
}

/**
 * The holds that can concern an invoice (its own, then its customer's), looked up by key: a
 * planner checking 100 k invoices against thousands of holds must not scan them all each time.
 */
export function indexHolds(holds: readonly Hold[]): (invoice: Invoice) => Hold[] {
  const byInvoice = new Map<string, Hold[]>();
  const byCustomer = new Map<string, Hold[]>();
  for (const h of holds) {
    const [map, key] = h.invoice !== undefined ? [byInvoice, h.invoice] : [byCustomer, h.customer];
    if (key === undefined) continue;
    const list = map.get(key);
    if (list) list.push(h);
    else map.set(key, [h]);
  }
  const none: Hold[] = [];
  return (invoice) => {
    const own = byInvoice.get(invoice.number);
    const customer = byCustomer.get(invoice.customer);
    return own && customer ? [...own, ...customer] : own ?? customer ?? none;
  };
}

/** Holds whose `until` date has passed, for the explanation of an invoice. */
export function expiredHolds(invoice: Invoice, holds: readonly Hold[], asOf: PlainDate): Hold[] {
  return holds.filter((h) => h.until !== undefined && asOf > h.until
    && (h.invoice === invoice.number || (h.invoice === undefined && h.customer === invoice.customer)));
}
