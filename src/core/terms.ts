// Payment terms as exports write them, into a due date: days, end of month, on receipt (domain.md
// §1.1, tricky cases 16 and 17). Used only for invoices exported without their due date. Pure.

import { addDays, type PlainDate } from "./dates.js";

const ON_RECEIPT = /r[eé]ception|comptant|receipt|immediate|imm[eé]diat|cash|commande|\border\b|livraison|delivery/i;
const END_OF_MONTH = /fin de mois|\bfdm\b|end of (the )?month|\beom\b/i;
/** `Net 30` in `2/10 Net 30`: the days of the net amount win over an early-payment discount's. */
const NET_DAYS = /\bnet\s*(\d{1,3})\b/i;
/** `le 10` (`fin de mois le 10`, `le 10 du mois suivant`): that day of the next month. */
const DAY_OF_MONTH = /\ble\s+(\d{1,2})\b/i;
/** A discount or instalments (`2 %`, `1/3 à 30 jours`): more than one date, none the tool can pick. */
const SPLIT = /%|\d\s*\/\s*\d/;

/**
 * The two readings of `45 jours fin de mois` the DGCCRF accepts for L441-10: the days, then the
 * end of that month; or the end of the issue month, then the days. They can fall a month apart.
 */
export type EndOfMonthTerms = "days_then_month_end" | "month_end_then_days";

/**
 * The due date terms as exports write them give an invoice issued on `issue`: `30`, `Net 30`,
 * `45 days` add days; `45 jours fin de mois` (`FDM`, `EOM`) by `method`; `fin de mois` alone is
 * the end of the issue month; `à réception`, `comptant` the issue date. Undefined when the terms
 * say nothing the tool can read.
 */
export function dueFromTerms(raw: string, issue: PlainDate, method: EndOfMonthTerms = "days_then_month_end"): PlainDate | undefined {
  if (raw === "") return undefined;
  const net = NET_DAYS.exec(raw);
  if (!net && ON_RECEIPT.test(raw) && !/\d/.test(raw.replace(/100\s*%/, ""))) return issue;
  if (!net && SPLIT.test(raw)) return undefined;
  const dayOfMonth = DAY_OF_MONTH.exec(raw);
  const m = net ?? /(\d{1,3})/.exec(dayOfMonth ? raw.replace(DAY_OF_MONTH, "") : raw);
  const days = m ? Number(m[1]) : undefined;
  if (dayOfMonth) {
    // The end of the month (of the issue, or after the days), then that day of the next one.
    const monthEnd = days === undefined ? endOfMonth(issue) : method === "days_then_month_end" ? endOfMonth(addDays(issue, days)) : addDays(endOfMonth(issue), days);
    return addDays(endOfMonth(monthEnd), Number(dayOfMonth[1]));
  }
  if (END_OF_MONTH.test(raw)) {
    if (days === undefined) return endOfMonth(issue);
    return method === "days_then_month_end" ? endOfMonth(addDays(issue, days)) : addDays(endOfMonth(issue), days);
  }
  if (days !== undefined) return addDays(issue, days);
  return undefined;
}

/** The last day of the month of `date`. */
function endOfMonth(date: PlainDate): PlainDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`, -1);
}
