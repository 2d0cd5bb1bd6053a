// The result of lettrage, shared by every report: what each payment paid, what stays unapplied
// and why, and the open amount of every invoice after that. The matching engine fills it; aging,
// planning and letters read it. Pure types.

import type { Invoice, Payment } from "./model.js";
import type { Problem } from "./problem.js";

/** How sure the engine is of an allocation (matching.md §2.2). */
export type Confidence = "certain" | "high" | "medium" | "low" | "policy" | "ambiguous";

export interface Allocation {
  /** Payment id, or the credit note's number when a credit note settles an invoice. */
  readonly payment: string;
  readonly invoice: string;
  /** Minor units, always positive. */
  readonly amount: number;
  readonly currency: string;
  readonly rule: string;
  readonly confidence: Confidence;
  /** Why, in words a bookkeeper can check. */
  readonly evidence: string;
  /**
   * Evidence flags (matching.md): `PARTIAL`, `OVERPAYMENT`, `SMALL_DIFFERENCE`, `SMALL_OVERPAYMENT`,
   * `FEE_SUSPECTED`, `TIE_OLDEST`, `FIFO_EXACT`, `FIFO`, `DECISION`, `AUTO_COMBINATION`, … Absent
   * on allocations made before the full engine.
   */
  readonly flags?: readonly string[];
  /**
   * Lettering code of the settled group (A, B, …, Z, AA, …) the allocation belongs to; lower case
   * when the group still leaves money open on one of its invoices or payments.
   */
  readonly letter?: string;
}

/** Money received or credited that no invoice took, with the reason. */
export interface Unapplied {
  readonly payment: string;
  /** Customer it belongs to; empty when the payer is unknown. */
  readonly customer: string;
  /** Minor units, positive = credit in the customer's favour. */
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  /** Further evidence codes, e.g. `UNKNOWN_CUSTOMER_ID`, `AMBIGUOUS_PAYER`. */
  readonly flags?: readonly string[];
  /** Why, in words a bookkeeper can check. */
  readonly detail?: string;
}

/** One way of explaining a payment: the invoices it would settle and how much each would take. */
export interface CandidateExplanation {
  readonly invoices: readonly string[];
  /**
   * What each invoice would take (for FEE_SUSPECTED: the residual to write off), minor units of
   * the invoice's currency — the payment's, except for CURRENCY_MISMATCH. Same order as `invoices`.
   */
  readonly amounts: readonly number[];
}

/**
 * Something a human must look at (matching.md §2.2): a suggestion (one plausible explanation not
 * applied, or a residual proposed for write-off), an ambiguity (several explanations of equal
 * strength, none applied) or a refusal worth reviewing (e.g. a possible duplicate payment).
 */
export interface ReviewItem {
  readonly kind: "suggestion" | "ambiguity" | "refusal";
  /** Payment id, or credit note number. */
  readonly payment: string;
  /** Customer the money belongs to as far as the engine knows; empty when unknown. */
  readonly customer: string;
  /** Money of the payment concerned, minor units (positive). */
  readonly amount: number;
  readonly currency: string;
  readonly rule: string;
  readonly confidence: Confidence;
  /** Refusal or suggestion code: `REF_CUSTOMER_MISMATCH`, `AMBIGUOUS_COMBINATION`, `FEE_SUSPECTED`, … */
  readonly reason: string;
  readonly candidates: readonly CandidateExplanation[];
  /** Invoices the reminder planner must not escalate because of this item. */
  readonly held: readonly string[];
  readonly evidence: string;
}

/** A gap closed or proposed for write-off by the tolerance and fee rules (matching.md §3.3). */
export interface Difference {
  readonly invoice: string;
  readonly payment: string;
  /** Minor units, positive. */
  readonly amount: number;
  readonly currency: string;
  /** `SMALL_DIFFERENCE` (invoice closed), `FEE_SUSPECTED` (left open, held), `SMALL_OVERPAYMENT`. */
  readonly kind: string;
}

/** A refund or returned payment that cancels an earlier payment (matching.md §3.7). */
export interface Reversal {
  /** The negative payment. */
  readonly payment: string;
  /** The earlier positive payment it returns; that payment is then not applied at all. */
  readonly reverses: string;
  readonly amount: number;
  readonly currency: string;
}

/** An invoice (or credit note) with what remains open after lettrage, in minor units. */
export interface OpenItem {
  readonly invoice: Invoice;
  /**
   * Open amount: invoice total − paid per the export − allocations − small differences closed by
   * tolerance (listed in `Ledger.differences`). 0 when settled. Negative for unused credit notes.
   */
  readonly open: number;
}

export interface Ledger {
  /** Every invoice issued on or before the as-of date, in input order. */
  readonly items: readonly OpenItem[];
  /** Payments dated on or before the as-of date that were considered. */
  readonly payments: readonly Payment[];
  readonly allocations: readonly Allocation[];
  readonly unapplied: readonly Unapplied[];
  /** Suggestions, ambiguities and refusals for a human, in payment order. Absent before the full engine. */
  readonly review?: readonly ReviewItem[];
  /** Invoice numbers the reminder planner must not escalate (sorted): involved in a suggestion or an ambiguity. */
  readonly held?: readonly string[];
  /** Small differences closed by tolerance and shortfalls proposed for write-off. */
  readonly differences?: readonly Difference[];
  readonly reversals?: readonly Reversal[];
  /** Problems in the decisions or options given to the engine (never thrown). */
  readonly problems?: readonly Problem[];
}

/** What the matching engine returns: a Ledger whose review fields are always present. */
export interface LetteredLedger extends Ledger {
  readonly review: readonly ReviewItem[];
  readonly held: readonly string[];
  readonly differences: readonly Difference[];
  readonly reversals: readonly Reversal[];
  readonly problems: readonly Problem[];
}
