// The result of lettrage, shared by every report: what each payment paid, what stays unapplied
// and why, and the open amount of every invoice after that. The matching engine fills it; aging,
// planning and letters read it. Pure types.

import type { Invoice, Payment } from "./model.js";

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
}

/** An invoice (or credit note) with what remains open after lettrage, in minor units. */
export interface OpenItem {
  readonly invoice: Invoice;
  /** Open amount: invoice total − paid per the export − allocations. 0 when settled. */
  readonly open: number;
}

export interface Ledger {
  /** Every invoice issued on or before the as-of date, in input order. */
  readonly items: readonly OpenItem[];
  /** Payments dated on or before the as-of date that were considered. */
  readonly payments: readonly Payment[];
  readonly allocations: readonly Allocation[];
  readonly unapplied: readonly Unapplied[];
}
