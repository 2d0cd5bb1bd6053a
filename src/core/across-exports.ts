// What one export settles for the other (io/inputs.ts applies it): both come from one accounting
// package, so the day/month order one proves holds for the other, and an export without a
// currency column is in the currency of the other's records when they all have the same one.
// Pure.

import type { DayMonthOrder } from "./dates.js";
import type { Invoice, Payment } from "./model.js";
import type { DateOrderFound, ReadResult } from "./records.js";

/**
 * The currency of an export without a currency column, when the other export has one and all its
 * records are in one currency other than the default: a bank's CSV of pounds beside invoices in
 * GBP, with no company.currency set, would otherwise be read in euros and pay nothing.
 */
export function crossCurrency(read: ReadResult<Invoice | Payment> | undefined, other: ReadResult<Invoice | Payment> | undefined, defaultCurrency: string): string | undefined {
  if (read?.noCurrencyColumn !== true || other === undefined || other.noCurrencyColumn !== false || other.records.length === 0) return undefined;
  const currency = (other.records[0] as Invoice | Payment).currency;
  if (currency === defaultCurrency) return undefined;
  for (let i = 1; i < other.records.length; i++) if ((other.records[i] as Invoice | Payment).currency !== currency) return undefined;
  return currency;
}

/**
 * The order one export's values prove, for the other export whose values leave it open: both
 * come from one accounting package, which writes dates one way. Undefined when there is nothing
 * to carry over.
 */
export function crossDateOrder(open: DateOrderFound | undefined, other: DateOrderFound | undefined): DayMonthOrder | undefined {
  return open?.basis === "assumed" && other?.basis === "values" && other.order !== open.order ? other.order : undefined;
}
