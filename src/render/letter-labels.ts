// The few words letters need outside the templates' prose: names of steps and channels (for
// "our reminder of …") and the labels the PDF draws around its tables. French and English. Pure.

export interface LetterLabels {
  readonly steps: Readonly<Record<string, string>>;
  readonly channels: Readonly<Record<string, string>>;
  readonly invoice: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly amount: string;
  readonly paid: string;
  readonly open: string;
  readonly period: string;
  readonly days: string;
  readonly rate: string;
  readonly base: string;
  readonly interest: string;
  readonly amountDue: string;
  readonly totalDue: string;
  /** `{date}` is filled in. */
  readonly interestTo: string;
  readonly interestTotal: string;
  /** `{date}` and `{amount}` are filled in. */
  readonly payBy: string;
  readonly account: string;
  readonly phone: string;
  readonly indemnity: string;
  readonly fees: string;
  readonly totalClaimed: string;
  readonly subject: string;
  readonly registered: string;
  readonly siren: string;
  readonly vat: string;
  readonly page: string;
  /** `Lyon, le 22 novembre 2026` / `Lyon, 22 November 2026`; `{place}` and `{date}` are filled in. */
  readonly placeAndDate: string;
  readonly dateOnly: string;
}

const FR: LetterLabels = {
  steps: {
    courtesy: "rappel d'échéance", "reminder-1": "première relance", "reminder-2": "deuxième relance",
    "formal-notice": "mise en demeure", call: "appel téléphonique",
  },
  channels: { email: "e-mail", letter: "courrier", phone: "téléphone" },
  invoice: "Facture", issueDate: "Date", dueDate: "Échéance", amount: "Montant TTC", paid: "Réglé",
  open: "Reste dû", period: "Période", days: "Jours", rate: "Taux annuel", base: "Base", interest: "Pénalités",
  amountDue: "Principal restant dû", totalDue: "Total restant dû", interestTo: "Pénalités de retard au {date}",
  interestTotal: "Total des pénalités", payBy: "À régler au plus tard le {date}\u00a0: {amount}",
  account: "Votre compte client\u00a0:", phone: "Tél.",
  indemnity: "Indemnité forfaitaire pour frais de recouvrement", fees: "Frais de relance", totalClaimed: "Total réclamé", subject: "Objet\u00a0:",
  registered: "Lettre recommandée avec accusé de réception", siren: "SIREN", vat: "N° TVA",
  page: "Page {n} / {total}", placeAndDate: "{place}, le {date}", dateOnly: "Le {date}",
};

const EN: LetterLabels = {
  steps: {
    courtesy: "courtesy reminder", "reminder-1": "first reminder", "reminder-2": "second reminder",
    "formal-notice": "formal notice", call: "phone call",
  },
  channels: { email: "email", letter: "letter", phone: "phone" },
  invoice: "Invoice", issueDate: "Date", dueDate: "Due date", amount: "Amount incl. tax", paid: "Paid",
  open: "Balance", period: "Period", days: "Days", rate: "Annual rate", base: "Base", interest: "Interest",
  amountDue: "Principal outstanding", totalDue: "Total outstanding", interestTo: "Late-payment interest to {date}",
  interestTotal: "Total interest", payBy: "To be paid by {date} at the latest: {amount}",
  account: "Your customer account:", phone: "Tel.",
  indemnity: "Fixed compensation for recovery costs", fees: "Reminder fee", totalClaimed: "Total claimed", subject: "Subject:",
  registered: "Registered letter with acknowledgement of receipt", siren: "SIREN", vat: "VAT no.",
  page: "Page {n} of {total}", placeAndDate: "{place}, {date}", dateOnly: "{date}",
};

const BY_LANGUAGE: Readonly<Record<string, LetterLabels>> = { fr: FR, en: EN };

/** What a consumer owes is legal interest, not late-payment penalties (FR art. 1344-1 Code civil). */
const CONSUMER: Readonly<Record<string, Partial<LetterLabels>>> = {
  fr: { interest: "Intérêts", interestTo: "Intérêts au taux légal arrêtés au {date}", interestTotal: "Total des intérêts" },
  en: { interestTo: "Statutory interest to {date}" },
};

/** Under German law a consumer owes default interest (BGB §288(1)), not France's legal rate. */
const CONSUMER_DE: Readonly<Record<string, Partial<LetterLabels>>> = {
  fr: { interestTo: "Intérêts de retard légaux arrêtés au {date}" },
};

/** A business under the de, uk or eu law owes "intérêts de retard": "pénalités" is France's word (L441-10). */
const NOT_PENALTIES: Readonly<Record<string, Partial<LetterLabels>>> = {
  fr: { interest: "Intérêts", interestTo: "Intérêts de retard au {date}", interestTotal: "Total des intérêts" },
};

/**
 * An English letter from a business outside France: a company number, not a SIREN; recorded
 * delivery in the UK, registered mail elsewhere, not France's recommandé; dated without a place,
 * as English letters are.
 */
function englishOutsideFrance(profile: string): Partial<LetterLabels> {
  return { siren: "Company No.", registered: profile === "uk" ? "Sent by recorded delivery" : "Sent by registered mail", placeAndDate: "{date}" };
}

/**
 * Labels for a language (languages without their own fall back to English), a kind of customer,
 * the late_payment profile, and whether the creditor is a French business (LetterContext's
 * company.is_french).
 */
export function labelsFor(language: string, business = true, profile = "none", penalties = true, frenchSender = true): LetterLabels {
  const lang = BY_LANGUAGE[language] ? language : "en";
  const labels = lang === "en" && !frenchSender ? { ...EN, ...englishOutsideFrance(profile) } : (BY_LANGUAGE[language] ?? EN);
  if (business) return penalties ? labels : { ...labels, ...NOT_PENALTIES[lang] };
  return { ...labels, ...CONSUMER[lang], ...(profile === "de" ? CONSUMER_DE[lang] : {}) };
}

/** `{place}, le {date}` with its holes filled. */
export function fillLabel(label: string, values: Readonly<Record<string, string | number>>): string {
  return label.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
