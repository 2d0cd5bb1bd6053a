// The late-payment charges owed on invoices paid late: a table per invoice with totals per
// currency for people, CSV (one row per invoice) for the accounting software that will invoice
// them, and JSON (schema_version 1, amounts as decimal strings in major units) for tools. Pure.

import type { ChargesReport, PaidLateInvoice } from "../core/charges.js";
import { formatMinor } from "../core/money.js";
import type { TableStyle } from "./age.js";
import { formatAmount } from "./amounts.js";
import { renderCsv } from "./csv.js";
import { makeTable, tableText } from "./table.js";

const money = (minor: number, currency: string): string => formatMinor(minor, currency);

export function renderChargesJson(report: ChargesReport): string {
  const doc = {
    schema_version: 1,
    as_of: report.asOf,
    profile: report.profile,
    since: report.since ?? null,
    invoices: report.invoices.map((i) => ({
      invoice: i.invoice.number,
      customer: i.invoice.customer,
      name: i.invoice.customerName,
      consumer: i.consumer,
      currency: i.invoice.currency,
      amount: money(i.invoice.amount, i.invoice.currency),
      due_date: i.invoice.dueDate,
      paid_on: i.paidOn,
      days_late: i.daysLate,
      base: money(i.base, i.invoice.currency),
      interest: money(i.interest, i.invoice.currency),
      indemnity: money(i.indemnity, i.invoice.currency),
      total: money(i.interest + i.indemnity, i.invoice.currency),
      periods: i.periods.map((p) => ({ from: p.from, to: p.to, days: p.days, rate: p.rate, base: money(p.base, i.invoice.currency), interest: money(p.interest, i.invoice.currency) })),
    })),
    customers: report.customers.map((c) => ({
      id: c.customer, name: c.name, currency: c.currency, invoices: c.invoices,
      interest: money(c.interest, c.currency), indemnity: money(c.indemnity, c.currency), total: money(c.interest + c.indemnity, c.currency),
    })),
    totals: report.totals.map((t) => ({
      currency: t.currency, invoices: t.invoices,
      interest: money(t.interest, t.currency), indemnity: money(t.indemnity, t.currency), total: money(t.interest + t.indemnity, t.currency),
    })),
    left_out: {
      undated: report.leftOut.undated, credited: report.leftOut.credited, moved: report.leftOut.moved, consumers: report.leftOut.consumers,
      before_default: report.leftOut.beforeDefault, disputed: report.leftOut.disputed,
      held: report.leftOut.held, barred: report.leftOut.barred, no_charge: report.leftOut.noCharge,
    },
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

export function renderChargesCsv(report: ChargesReport): string {
  const header = ["customer_id", "customer_name", "consumer", "invoice", "currency", "amount", "due_date", "paid_on", "days_late", "base", "interest", "indemnity", "total"];
  return renderCsv(header, report.invoices.map((i) => {
    const c = i.invoice.currency;
    return [i.invoice.customer, i.invoice.customerName, i.consumer ? "yes" : "no", i.invoice.number, c, money(i.invoice.amount, c), i.invoice.dueDate, i.paidOn,
      String(i.daysLate), money(i.base, c), money(i.interest, c), money(i.indemnity, c), money(i.interest + i.indemnity, c)];
  }));
}

export function renderChargesTable(report: ChargesReport, style: TableStyle): string {
  const since = report.since === undefined ? "" : `, paid since ${report.since}`;
  if (report.invoices.length === 0 && report.profile === "none") {
    const late = report.leftOut.noCharge;
    return `No late-payment charges computed as of ${report.asOf}${since}: late_payment.profile is none (the default).\n`
      + (late === 0 ? "" : `${late} invoice${late === 1 ? " was" : "s were"} paid late: set late_payment.profile in dunning.yaml (fr-b2b, eu, uk, de or custom) to count what ${late === 1 ? "it owes" : "they owe"}.\n`);
  }
  if (report.invoices.length === 0) return `No late-payment charges to claim on invoices paid late as of ${report.asOf}${since}.\n${leftOutLines(report)}`;
  const head = ["Customer", "Name", "Invoice", "Cur", "Amount", "Due", "Paid on", "Days late", "Interest", "Indemnity", "Total"];
  const table = makeTable(head, style.chalk, (i) => i === 4 || i >= 7);
  const amount = (minor: number, currency: string): string => (minor === 0 ? "" : formatAmount(minor, currency, style.locale));
  const row = (i: PaidLateInvoice): string[] => {
    const c = i.invoice.currency;
    return [i.invoice.customer, i.invoice.customerName, i.invoice.number, c, formatAmount(i.invoice.amount, c, style.locale), i.invoice.dueDate, i.paidOn,
      String(i.daysLate), amount(i.interest, c), amount(i.indemnity, c), formatAmount(i.interest + i.indemnity, c, style.locale)];
  };
  for (const i of report.invoices) table.push(row(i));
  const b = style.chalk.bold;
  for (const t of report.totals) {
    table.push([b("TOTAL"), "", b(`${t.invoices} invoice${t.invoices === 1 ? "" : "s"}`), t.currency, "", "", "", "",
      b(amount(t.interest, t.currency)), b(amount(t.indemnity, t.currency)), b(formatAmount(t.interest + t.indemnity, t.currency, style.locale))]);
  }
  const from = report.profile === "de" ? "from default (30 days after the due date, or a reminder received, whichever came first; BGB §286)"
    : "from the first day of delay, without a reminder";
  return `${tableText(table)}${leftOutLines(report)}\nOwed under late_payment.profile ${report.profile} ${from}, as of ${report.asOf}${since}: `
    + `interest to the day before the invoice was settled (its last payment, or a credit note after it), and the fixed indemnity per invoice${report.profile === "fr-b2b" ? " (not subject to VAT)" : ""}. Claim them by an invoice or a letter.\n`
    + (report.invoices.some((i) => i.consumer) ? "A consumer's row is the legal interest its formal notice made run from its receipt, with no indemnity.\n" : "");
}

/** The settled invoices not counted, so that a short report is not read as complete. */
function leftOutLines(report: ChargesReport): string {
  const { undated, credited, moved, consumers, beforeDefault, disputed, held, barred, noCharge } = report.leftOut;
  const n = (count: number, one: string, many: string): string => (count === 0 ? "" : `${count} ${count === 1 ? one : many}`);
  const lines = [
    n(undated, "invoice is paid according to the invoices export alone, with no dated payment: whether it was paid late is not known.",
      "invoices are paid according to the invoices export alone, with no dated payment: whether they were paid late is not known."),
    n(credited, "invoice was settled late by a credit note, not by a payment (or by a payment row of the invoices export, read as one): not counted, check whether it was cancelled or paid.",
      "invoices were settled late by credit notes, not by payments (or by payment rows of the invoices export, read as such): not counted, check whether they were cancelled or paid."),
    n(moved, "invoice was closed by an entry moving the debt to another account (416 doubtful, or another customer): no money came in, not counted.",
      "invoices were closed by entries moving the debt to another account (416 doubtful, or another customer): no money came in, not counted."),
    n(consumers, "invoice of a consumer was paid late before any formal notice reached them: a consumer owes no business interest nor indemnity.",
      "invoices of consumers were paid late before any formal notice reached them: a consumer owes no business interest nor indemnity."),
    n(beforeDefault, "invoice was paid late but before the debtor was in default (30 days after the due date, or a reminder received, whichever came first): nothing is owed.",
      "invoices were paid late but before the debtor was in default (30 days after the due date, or a reminder received, whichever came first): nothing is owed."),
    n(disputed, "invoice paid late has a status that holds it in the export (a dispute, an insolvency, a doubtful debt, or a word statuses.invoices holds): left out.",
      "invoices paid late have a status that holds them in the export (a dispute, an insolvency, a doubtful debt, or a word statuses.invoices holds): left out."),
    n(held, "invoice paid late is (or was) on hold in the holds file, or its customer: left out.",
      "invoices paid late are (or were) on hold in the holds file, or their customers: left out."),
    n(barred, "invoice paid late is past the limitation period: no longer claimable.", "invoices paid late are past the limitation period: no longer claimable."),
    n(noCharge, "invoice was paid late with nothing to charge under the profile (no whole day of interest, no indemnity in its currency).",
      "invoices were paid late with nothing to charge under the profile (no whole day of interest, no indemnity in their currency)."),
  ].filter((l) => l !== "");
  return lines.length === 0 ? "" : `\n${lines.join("\n")}\n`;
}
