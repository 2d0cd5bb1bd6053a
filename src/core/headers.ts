// Recognising export headers: every canonical field with its English, French and vendor
// aliases (domain.md §8), compared case-, accent- and punctuation-insensitively. Pure.

import { problem, type Problem } from "./problem.js";
import { stripAccents } from "./text.js";

/** Lower-case, accents and punctuation removed: `N° Facture*` → `nfacture`. */
export function normalizeHeader(header: string): string {
  return stripAccents(header)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

export type InvoiceField =
  | "invoice" | "customer" | "customer_name" | "email" | "issue_date" | "due_date" | "amount"
  | "currency" | "paid" | "open" | "status" | "type" | "applies_to" | "language" | "customer_type"
  | "terms" | "phone" | "address" | "address2" | "postcode" | "city" | "region" | "country" | "siren"
  | "vat_number";

export type PaymentField =
  | "id" | "date" | "customer" | "payer_name" | "amount" | "credit" | "debit" | "refunded" | "reference"
  | "invoice" | "currency" | "status";

/** Aliases per canonical field, most specific first; the canonical name itself always matches. */
export const INVOICE_ALIASES: Readonly<Record<InvoiceField, readonly string[]>> = {
  invoice: ["invoice number", "invoice no", "invoice #", "invoice_number", "invoice id", "invoicenumber",
    "num", "number", "doc number", "docnumber", "reference no", "numero de facture", "numero facture",
    "n° facture", "n° de facture", "no facture", "n facture", "n° de piece", "numero de piece",
    "n° piece", "piece", "reference facture", "ref facture", "ref. facture", "numero de la facture", "n° document", "numero de document",
    "facture", "pieceref", "rechnungsnummer", "rechnungsnr", "belegnummer", "numero", "no"],
  customer: ["customer id", "customer_id", "customer code", "customer number", "account ref", "account number",
    "client id", "code client", "n° client", "numero client", "compte client", "compte auxiliaire",
    "compauxnum", "tiers", "code tiers", "compte tiers", "n° compte tiers", "numero de compte tiers", "n° tiers", "kundennummer", "kunden-nr", "a/c",
    "customer ref", "customer reference", "client"],
  // Odoo calls the customer "Partner", beside a "Company" column that is the seller's own.
  customer_name: ["customer full name", "customer name", "partner", "partenaire", "contact name", "contactname", "contact",
    "company", "client", "nom du client", "nom client", "raison sociale", "denomination", "nom du tiers",
    "societe", "compauxlib", "kunde", "kundenname", "name", "intitule"],
  email: ["e-mail", "customer email", "customer_email", "contact email", "emailaddress", "email address",
    "courriel", "adresse e-mail", "adresse email", "mail"],
  issue_date: ["invoice date", "invoicedate", "invoice/bill date", "issue date", "date", "txn date", "transaction date",
    "date de facture", "date facture", "date de la facture", "date de facturation", "date facturation", "date d'emission",
    "date de piece", "date piece",
    "piecedate", "rechnungsdatum", "belegdatum", "date (utc)", "created", "created (utc)"],
  due_date: ["due date", "duedate", "payment due", "due", "date d'echeance", "date echeance", "echeance",
    "date limite de paiement", "date limite de reglement", "date de reglement prevue", "fälligkeitsdatum", "fällig am", "due date (utc)", "deadline"],
  // Odoo's "Total" is in the company's currency, its "Total in Currency" in the invoice's own.
  amount: ["total in currency", "total en devise", "montant en devise", "total", "amount", "invoice total", "gross",
    "total incl tax", "amount_total", "montant ttc", "montant ttc (eur)", "montant total ttc", "total ttc", "montant", "net a payer", "totalamt", "bruttobetrag",
    "betrag brutto", "gesamtbetrag", "betrag"],
  currency: ["currency code", "ccy", "devise", "currencycode", "idevise", "währung"],
  paid: ["amount paid", "amount_paid", "invoiceamountpaid", "montant paye", "montant regle", "deja regle",
    "regle"],
  // Stripe's Amount Due is the invoice's total; its Amount Remaining what is still open.
  // QuickBooks' Customer Balance Detail has an Open Balance per invoice and a running Balance.
  open: ["open balance", "balance", "amount remaining", "amount due in currency", "amount due", "balance due", "outstanding",
    "amount_open", "invoiceamountdue", "amountdue", "amount residual", "residual", "reste a payer", "reste a payer ttc", "restant du",
    "restant du ttc", "montant restant du", "reste a regler", "solde restant du", "montant du ttc", "reste du", "montant du", "solde du",
    "montant restant", "montant residuel", "offener betrag", "restbetrag", "o/s", "solde"],
  status: ["invoice status", "statut", "etat", "state", "document status", "statut de la facture", "statut facture",
    "etat de la facture", "payment status"],
  type: ["document type", "document_type", "transaction type", "doc type", "type de piece", "nature"],
  applies_to: ["original invoice", "credited invoice", "facture d'origine", "facture origine",
    "avoir sur facture"],
  language: ["lang", "langue", "locale"],
  customer_type: ["type de client", "client type"],
  terms: ["payment terms", "payment_terms_days", "net days", "conditions de paiement", "delai de paiement"],
  // The debtor's contact and identity, which a call list and a formal notice need. Split postal
  // addresses (Xero's PO*, Sage's Code postal / Ville) are joined into one address, line by line.
  phone: ["telephone", "tel", "phone number", "customer phone", "contact phone", "mobile", "portable",
    "numero de telephone", "n° de telephone"],
  address: ["billing address", "customer address", "address line 1", "addressline1", "poaddressline1",
    "street", "bill to", "adresse de facturation", "adresse client", "adresse", "adresse 1", "rue"],
  address2: ["address line 2", "addressline2", "poaddressline2", "billing street2", "billing address 2", "adresse 2", "complement d'adresse",
    "complement adresse"],
  // Zoho Books writes Billing City, Billing State, Billing Code (the postcode), Billing Country.
  postcode: ["postal code", "postcode", "post code", "zip", "zip code", "popostalcode", "billing code", "billing postcode", "billing zip",
    "billing postal code", "code postal", "cp"],
  city: ["town", "town / city", "pocity", "billing city", "ville", "localite", "commune"],
  region: ["county", "province", "poregion", "billing state", "billing county", "departement"],
  country: ["pocountry", "billing country", "pays"],
  // Not "vat" or "tva" alone: in most exports that column holds the tax amount, not the number.
  siren: ["siret", "n° siren", "numero siren", "company number", "company registration number",
    "registration number", "companies house number"],
  vat_number: ["vat number", "vat no", "vat id", "vat registration number", "tax number", "tax id",
    "taxnumber", "numero de tva", "n° tva", "n° de tva", "tva intracommunautaire", "n° tva intracommunautaire",
    "tva intra", "ust-idnr", "ustid"],
};

export const PAYMENT_ALIASES: Readonly<Record<PaymentField, readonly string[]>> = {
  id: ["payment id", "payment_id", "payment number", "payment #", "payment no", "transaction id", "fitid", "identifiant",
    "reference operation", "n° operation", "numero operation", "n° de paiement", "numero de paiement"],
  // Lloyds and most UK banks: Transaction Date; Chase: Posting Date; FreeAgent: Dated On.
  date: ["payment date", "payment_date", "received date", "value date", "booking date", "transaction date", "posting date", "posted date",
    "date posted", "dated on", "date de paiement",
    "date de reglement", "date reglement", "date d'operation", "date de l'operation", "date operation", "date de valeur",
    "date comptable", "dtposted", "zahlungsdatum", "buchungstag", "buchungsdatum", "wertstellung", "valuta", "created",
    "created (utc)", "date completed (utc)", "date completed", "date de comptabilisation"],
  customer: ["customer id", "customer_id", "customer code", "account ref", "code client", "n° client",
    "compte client", "compte auxiliaire", "compauxnum"],
  payer_name: ["payer", "payer name", "payer_name", "customer", "customer name", "customer full name", "name", "payee", "counterparty",
    "payeur", "tiers", "client", "emetteur", "nom", "raison sociale", "auftraggeber", "auftraggeber/empfänger", "partner"],
  // NatWest's Value; Starling's Amount (GBP).
  amount: ["amount", "amount received", "payment amount", "value", "amount (gbp)", "amount (eur)", "amount (usd)", "montant", "montant regle", "encaissement",
    "montant de l'operation", "montant operation", "montant(euros)", "montant (eur)", "montant en euros", "trnamt", "betrag"],
  // Lloyds: Credit Amount / Debit Amount; Nationwide: Paid in / Paid out; Monzo: Money In / Money Out.
  credit: ["credit", "credit euros", "credit amount", "paid in", "money in"],
  debit: ["debit", "debit euros", "debit amount", "paid out", "money out"],
  // Card processors and invoicing apps list a charge with what was refunded of it (Stripe).
  refunded: ["amount refunded", "refunded amount", "montant rembourse", "rembourse", "erstattet"],
  reference: ["label", "description", "transaction description", "transaction details", "memo", "memo/description", "remittance info", "details", "narrative", "libelle",
    "libelle operation", "motif", "reference virement", "verwendungszweck", "buchungstext", "reference"],
  invoice: ["invoice number", "invoice numbers", "invoice_number", "invoice_numbers", "invoices",
    "applied to", "allocation", "facture", "factures", "n° facture", "numero de facture",
    "factures reglees"],
  currency: ["currency code", "devise", "ccy", "währung"],
  status: ["payment status", "statut", "etat", "state"],
};

/**
 * Further label columns of a bank statement, read with the one mapped to `reference`: French
 * banks split the transfer's wording over two (Libellé and Libellé complémentaire, Détail de
 * l'écriture, Informations complémentaires), and the invoice number is often in the second.
 */
const MORE_LABELS = new Set([
  ...PAYMENT_ALIASES.reference, "reference", "libelle complementaire", "libelle complementaire 1", "libelle complementaire 2",
  "libelle simplifie", "detail", "details de l'operation", "detail de l'operation", "detail de l'ecriture", "informations complementaires",
  "information complementaire", "infos complementaires", "communication", "remittance information", "additional information",
  "description 2", "reference 2", "zusatzinformationen",
].map(normalizeHeader));

/**
 * The columns, other than the mapped ones, whose values are read into the payment's label after
 * the `reference` column's; none when columns.payments.reference names the one to read.
 */
export function moreLabelColumns(header: readonly string[], mapped: ColumnMap<PaymentField>, overrides: Readonly<Partial<Record<string, string>>>): number[] {
  if (overrides.reference !== undefined || mapped.reference === undefined) return [];
  const used = new Set(Object.values(mapped));
  const more: number[] = [];
  header.forEach((h, i) => {
    if (!used.has(i) && MORE_LABELS.has(normalizeHeader(h))) more.push(i);
  });
  return more;
}

/**
 * Aliases that name the field only where the header has no column for another: Odoo's Partner is
 * the customer where nothing else says who, but beside a Customer column it is someone else (a
 * reseller, a contact). Fields are mapped in order, so the other one is known by then.
 */
const GUARDED: Readonly<Record<string, string>> = { partner: "customer", partenaire: "customer" };

/**
 * Aliases that name a field only beside one of these headers. A lone "Client" column is the
 * customer's name, as most French exports write it; beside a "Nom du client" it is the code.
 */
const BESIDE: Readonly<Record<string, readonly string[]>> = {
  client: ["nom du client", "nom client", "raison sociale", "denomination", "nom du tiers", "customer name", "compauxlib"].map((h) => normalizeHeader(h)),
};

/** A header with an FEC's own column names (CompteNum, EcritureDate), however spelled. */
export function looksLikeFec(header: readonly string[]): boolean {
  const names = new Set(header.map(normalizeHeader));
  return names.has("comptenum") && names.has("ecrituredate");
}

/** Field name → position of its column in the header. */
export type ColumnMap<F extends string> = Partial<Record<F, number>>;

/**
 * Maps a header row to canonical fields. Explicit `overrides` (config `columns:`) win, then exact
 * canonical names, then aliases in the order listed; a column is used for one field only.
 */
export function mapHeader<F extends string>(
  header: readonly string[],
  aliases: Readonly<Record<F, readonly string[]>>,
  overrides: Readonly<Partial<Record<string, string>>>,
  file: string,
): { columns: ColumnMap<F>; problems: Problem[] } {
  const normalized = header.map(normalizeHeader);
  const columns: ColumnMap<F> = {};
  const used = new Set<number>();
  const problems: Problem[] = [];
  const fields = Object.keys(aliases) as F[];
  const take = (field: F, index: number): void => {
    columns[field] = index;
    used.add(index);
  };
  for (const [field, name] of Object.entries(overrides)) {
    if (name === undefined) continue;
    const index = normalized.indexOf(normalizeHeader(name));
    if (!fields.includes(field as F)) {
      problems.push(problem("error", "unknown_field", `columns: "${field}" is not a field of this file`, {
        file, line: 1, hint: `use one of: ${fields.join(", ")}`,
      }));
    } else if (index < 0) {
      problems.push(problem("error", "mapped_column_missing",
        `the configuration maps ${field} to column "${name}", which is not in the header`, {
          file, line: 1, hint: `the header has: ${header.join(", ")}`,
        }));
    } else take(field as F, index);
  }
  const passes: ((f: F) => readonly string[])[] = [(f) => [f], (f) => aliases[f]];
  for (const candidates of passes) {
    for (const field of fields) {
      if (columns[field] !== undefined) continue;
      for (const alias of candidates(field)) {
        const unless = GUARDED[alias] as F | undefined;
        if (unless !== undefined && columns[unless] !== undefined) continue;
        const beside = field === "customer" ? BESIDE[alias] : undefined;
        if (beside !== undefined && !beside.some((h) => normalized.includes(h))) continue;
        const index = normalized.findIndex((h, i) => h === normalizeHeader(alias) && !used.has(i));
        if (index >= 0) {
          take(field, index);
          break;
        }
      }
    }
  }
  return { columns, problems };
}
