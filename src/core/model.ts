// The domain records every command works on: invoices (and credit notes) and payments as read
// from the exports, with amounts in integer minor units and calendar dates; the vocabulary of
// statuses a business can configure, and how a status is compared. Pure.

import type { PlainDate } from "./dates.js";
import { stripAccents } from "./text.js";
import type { Problem } from "./problem.js";

export type DocumentType = "invoice" | "credit_note";

/** What a business can say its own invoice status words mean (config `statuses.invoices`). */
export const INVOICE_STATUS_MEANINGS = ["open", "paid", "void", "dispute", "no_dunning"] as const;
/** What a business can say its own payment status words mean: the money came in, or it did not. */
export const PAYMENT_STATUS_MEANINGS = ["received", "failed"] as const;
export type OwnStatus = (typeof INVOICE_STATUS_MEANINGS)[number] | (typeof PAYMENT_STATUS_MEANINGS)[number];

/** What an invoice's status can be configured to mean and the record keeps: owed, disputed, or out of dunning altogether. */
export const KEPT_MEANINGS = ["open", "dispute", "no_dunning"] as const satisfies readonly (typeof INVOICE_STATUS_MEANINGS)[number][];
export type StatusMeaning = (typeof KEPT_MEANINGS)[number];
/** Is this configured meaning one the invoice record keeps (paid and void are acted on when reading)? */
export const isKeptMeaning = (meaning: string | undefined): meaning is StatusMeaning => (KEPT_MEANINGS as readonly string[]).includes(meaning ?? "");

/**
 * A status as the rules read it: lower case, no accents, Odoo's in_payment as in payment, and any
 * run of spaces (a no-break one from a spreadsheet among them), `_` or `-` as one space.
 */
export const statusKeyOf = (status: string): string => stripAccents(status.toLowerCase()).replace(/[\s_-]+/g, " ").trim();

/** An invoice or credit note. Credit notes carry a negative `amount`. */
export interface Invoice {
  readonly number: string;
  readonly customer: string;
  readonly customerName: string;
  readonly email: string;
  readonly issueDate: PlainDate;
  readonly dueDate: PlainDate;
  /** Total including tax, minor units; negative for a credit note. */
  readonly amount: number;
  /** Already paid according to the export itself, minor units. */
  readonly paid: number;
  readonly currency: string;
  readonly type: DocumentType;
  /** Free text from the export's status column, lower-cased (`disputed`, `litige`, …). */
  readonly status: string;
  /**
   * What the business's own configuration says the status means (`statuses.invoices` of
   * dunning.yaml), over what its words would say; absent when it says nothing of it (paid and void
   * statuses are acted on when reading, and leave no trace here).
   */
  readonly statusMeaning?: StatusMeaning;
  /** For a credit note: the invoice it cancels, when the export says so. */
  readonly appliesTo: string;
  readonly language: string;
  readonly customerType: string;
  /**
   * Set when the export gave no issue date: issueDate is then worked out from the due date (for
   * the lettrage's order and the aged balance), and letters do not print it as a fact.
   */
  readonly issueGuessed?: true;
  // Absent, not empty, when the export has no such column: a million invoices carry less.
  /** The customer's telephone number, for the call list. */
  readonly phone?: string;
  /** Postal address, lines separated by `\n`, for the letters that go by post. */
  readonly address?: string;
  /** Company registration (SIREN/SIRET, Companies House) and VAT numbers, for the formal notice. */
  readonly siren?: string;
  readonly vat?: string;
  /** Where it came from, for messages. */
  readonly file: string;
  readonly line: number;
}

/** Money received (positive) or returned (negative). */
export interface Payment {
  readonly id: string;
  readonly date: PlainDate;
  /** Customer id as the export gives it, possibly empty. */
  readonly customer: string;
  readonly payerName: string;
  readonly amount: number;
  readonly currency: string;
  /** Free-text label (bank transfer wording). */
  readonly reference: string;
  /** Invoice numbers the payment explicitly settles, as written. */
  readonly invoices: readonly string[];
  /**
   * The lettrage code under which the export itself matched this payment with `invoices` (an
   * FEC's EcritureLet): those invoices are the ones it pays, whatever their dates and whatever
   * its label says. Absent for payments no export lettered.
   */
  readonly lettered?: string;
  /**
   * An FEC entry that only moved the debt to another customer account (416 when doubtful, or the
   * customer who really owes it): that account. No money came in; the debt is owed there.
   */
  readonly movedTo?: string;
  readonly file: string;
  readonly line: number;
}

/** A record being built, before it is handed out read-only. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A CSV file after decoding and splitting into fields; what the core reads records from. */
export interface Table {
  /** The file as the user named it, for messages. */
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** 1-based physical line on which each row starts. */
  readonly lines: readonly number[];
  /** What reading the file found worth saying (a file converted to UTF-8 twice, undone). */
  readonly warnings?: readonly Problem[] | undefined;
}

/**
 * A row's cell in one column, trimmed; a column the file lacks reads as "". Excel's way of keeping
 * a value as text in a CSV, `="00123"`, reads as the value.
 */
export function cell(row: readonly string[], index: number | undefined): string {
  if (index === undefined) return "";
  const v = (row[index] ?? "").trim();
  return v.charCodeAt(0) === 61 && v.length >= 3 && v.charCodeAt(1) === 34 && v.charCodeAt(v.length - 1) === 34 ? v.slice(2, -1).trim() : v;
}

/** A code (an invoice number, a customer's or a payment's id): a cell without the apostrophe a spreadsheet puts before a number kept as text. */
export function codeCell(row: readonly string[], index: number | undefined): string {
  const v = cell(row, index);
  return v.charCodeAt(0) === 39 ? v.slice(1).trim() : v;
}
