// The shipped templates rendered on the fixture ledger (golden files per step and language),
// the user folder overriding them file by file, and template mistakes reported with the file,
// the line and the variable before anything could be sent.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import type { Reminder } from "../../src/core/reminder.js";
import { InputError } from "../../src/errors.js";
import { checkTemplates, loadTemplates, SHIPPED_TEMPLATES, type Templates } from "../../src/io/templates.js";
import { buildLetterContext } from "../../src/render/letter-context.js";
import { AS_OF, COMPANY, DEBTORS, fixtureReminder, STEPS } from "../helpers/reminder-fixtures.js";
import { tempDir } from "../helpers/temp-dir.js";

const LOCALES = { fr: "fr-FR", en: "en-GB" } as const;

interface RenderOptions {
  readonly latePayment?: string;
  readonly company?: typeof COMPANY & { readonly signatory?: string | undefined };
}

/** Renders with the fixture company and debtors, under fr-b2b unless told. */
function render(templates: Templates, reminder: Reminder, language: "fr" | "en", medium: "letter" | "email" = reminder.channel === "letter" ? "letter" : "email", options: RenderOptions = {}) {
  const context = buildLetterContext(reminder, {
    asOf: AS_OF, company: options.company ?? COMPANY, language, locale: LOCALES[language], medium, debtor: DEBTORS[language], latePayment: options.latePayment ?? "fr-b2b",
  });
  return templates.render(reminder.step.template ?? reminder.step.id, context);
}

async function userFolder(files: Record<string, string>): Promise<string> {
  const dir = tempDir("templates");
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

async function problemsOf(promise: Promise<unknown> | (() => unknown)): Promise<InputError["problems"]> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error("expected an InputError");
}

let shipped: Templates;
beforeAll(async () => {
  shipped = await loadTemplates();
});

describe("shipped templates", () => {
  test("every step of the example scenario exists in French and English", () => {
    expect(shipped.languages).toEqual(["en", "fr"]);
    for (const language of ["en", "fr"]) expect(shipped.names(language)).toEqual(["courtesy", "formal-notice", "reminder-1", "reminder-2"]);
  });

  describe.each(["fr", "en"] as const)("%s", (language) => {
    test.each(Object.keys(STEPS) as (keyof typeof STEPS)[])("%s matches its golden files", async (step) => {
      const letter = render(shipped, fixtureReminder(step, language), language);
      await expect(`Subject: ${letter.subject}\n\n${letter.text}`).toMatchFileSnapshot(`golden/letters/${language}/${step}.txt`);
      await expect(letter.html).toMatchFileSnapshot(`golden/letters/${language}/${step}.html`);
    });
  });

  test.each([["fr", /Mise en demeure de payer/], ["en", /Formal notice to pay/]] as const)("the %s formal notice says what it is in its subject", (language, words) => {
    expect(render(shipped, fixtureReminder("formal-notice", language), language).subject).toMatch(words);
  });

  test.each(["fr", "en"] as const)("every %s letter says to ignore it if payment crossed it and offers to talk", (language) => {
    const ignore = language === "fr" ? /ne (pas )?tenez pas compte|ne pas (en )?tenir compte/ : /disregard|ignore this message/;
    const talk = language === "fr" ? /contactez-nous|nous contactiez/i : /contact us/i;
    for (const step of Object.keys(STEPS) as (keyof typeof STEPS)[]) {
      const { text, html } = render(shipped, fixtureReminder(step, language), language);
      for (const body of [text, html]) {
        expect(body, step).toMatch(ignore);
        expect(body, step).toMatch(talk);
      }
    }
  });

  test.each(["fr", "en"] as const)("a %s formal notice sent by e-mail never calls itself a registered letter", (language) => {
    const letter = render(shipped, fixtureReminder("formal-notice", language), language, "email");
    const visible = letter.html.replace(/<style>[\s\S]*?<\/style>/, "");
    for (const body of [letter.text, visible, letter.subject]) expect(body).not.toMatch(/recommandée|registered|recorded delivery/i);
    const posted = render(shipped, fixtureReminder("formal-notice", language), language, "letter");
    expect(posted.text).toMatch(/Lettre recommandée avec accusé de réception|Registered letter with acknowledgement of receipt/);
  });

  test("a payment without an id of its own is named by its date, not by the file and line the reader gave it", () => {
    const base = fixtureReminder("formal-notice", "fr");
    const receipts = [{ kind: "payment" as const, reference: "reglements.csv:2", date: "2026-11-03", invoice: "F-2026-0142", amount: 40_000, madeUpId: true as const }];
    const letter = render(shipped, { ...base, receipts }, "fr", "letter");
    expect(letter.text).not.toContain("reglements.csv");
    expect(letter.text).toMatch(/- règlement du 03\/11\/2026\s:\s400,00\s€ sur la facture F-2026-0142/);
  });

  test("an English letter from a British business names its company number, goes by recorded delivery, and is dated without a place", () => {
    const british = render(shipped, fixtureReminder("formal-notice", "en"), "en", "letter", { latePayment: "uk" });
    for (const body of [british.text, british.html]) {
      expect(body).not.toContain("SIREN");
      expect(body).toMatch(/Company No\. \d/);
      expect(body).toContain("Sent by recorded delivery");
      expect(body).not.toMatch(/Lyon,\s\d{1,2}\sNovember/);
    }
    // A French business writing in English keeps its SIREN, its registered letter and its place.
    const french = render(shipped, fixtureReminder("formal-notice", "en"), "en", "letter", { latePayment: "fr-b2b" });
    expect(french.text).toContain("SIREN 812 345 678");
    expect(french.text).toMatch(/Lyon, 22\sNovember\s2026/);
    expect(render(shipped, fixtureReminder("formal-notice", "en"), "en", "letter", { latePayment: "none" }).text).toContain("Sent by registered mail");
    // A French business on another profile is known by its locale.
    const frenchNone = render(shipped, fixtureReminder("formal-notice", "en"), "en", "letter", { latePayment: "none", company: { ...COMPANY, locale: "fr-FR" } });
    expect(frenchNone.text).toContain("SIREN 812 345 678");
    expect(frenchNone.text).toContain("Registered letter with acknowledgement of receipt");
  });

  test("a consumer's formal notice claims no indemnity and cites legal interest instead", () => {
    const letter = render(shipped, fixtureReminder("formal-notice", "fr", { customerType: "b2c" }), "fr");
    expect(letter.text).not.toMatch(/indemnité forfaitaire/i);
    expect(letter.text).toMatch(/article 1344-1 du Code civil/);
    expect(letter.text).not.toMatch(/L441-10/);
  });

  test.each([
    ["fr-b2b", "fr", true], ["fr-b2b", "en", true], ["de", "en", true], ["uk", "en", false], ["eu", "en", false], ["none", "en", false], ["none", "fr", false], ["custom", "fr", false],
  ] as const)("under %s, a %s formal notice to a consumer says statutory interest now runs: %s", (latePayment, language, says) => {
    const letter = render(shipped, fixtureReminder("formal-notice", language, { customerType: "b2c" }), language, "letter", { latePayment });
    const sentence = language === "fr" ? "la présente mise en demeure fait courir les intérêts au taux légal" : "This formal notice also causes statutory interest to run";
    for (const body of [letter.text.replace(/\s+/g, " "), letter.html.replace(/\s+/g, " ")]) {
      if (says) expect(body).toContain(sentence);
      else expect(body).not.toContain(sentence);
    }
  });

  test.each([
    ["fr", "courent à compter de la demeure du débiteur (trente jours après chaque échéance, ou dès la réception de notre première relance si elle est antérieure)", "lendemain de chaque échéance"],
    ["en", "late-payment interest runs from default — 30 days after each due date, or the receipt of our first reminder if sooner — until payment in full", "day after each due date"],
  ] as const)("a %s notice to a business under German law says interest runs from default, not from the due date", (language, says, never) => {
    const letter = render(shipped, fixtureReminder("formal-notice", language), language, "letter", { latePayment: "de" });
    for (const body of [letter.text, letter.html].map((b) => b.replace(/\s+/g, " "))) {
      expect(body).toContain(says);
      expect(body).not.toContain(never);
    }
    const french = render(shipped, fixtureReminder("formal-notice", language), language, "letter", { latePayment: "fr-b2b" });
    expect(french.text.replace(/\s+/g, " ")).toContain(never);
  });

  test("a French notice to a consumer under German law cites §288(1) BGB and its default interest, not the Code civil", () => {
    const base = fixtureReminder("formal-notice", "fr", { customerType: "b2c" });
    const periods = [{ invoice: "F-2026-0142", from: "2026-11-04", to: "2026-11-22", days: 19, rate: "6.27", base: 100_000, interest: 326 }];
    const lines = base.lines.map((l, i) => ({ ...l, interest: i === 0 ? 326 : 0, indemnity: 0 }));
    const letter = render(shipped, { ...base, lines, fees: 0, interest: 326, totalClaimed: base.amount + 326, interestPeriods: periods }, "fr", "letter", { latePayment: "de" });
    for (const body of [letter.text, letter.html].map((b) => b.replace(/\s+/g, " "))) {
      expect(body).not.toContain("1344-1");
      expect(body).not.toContain("taux légal");
      expect(body).toContain("Conformément à l'article 288, alinéa 1, du Code civil allemand (BGB), les intérêts de retard légaux courent sur les sommes visées");
      expect(body).toContain("la présente mise en demeure fait courir les intérêts de retard légaux sur les sommes dues qui n'en portent pas encore.");
      expect(body).toContain("Intérêts de retard légaux arrêtés au");
      expect(body).toContain("notamment par une demande d'injonction de payer (Mahnbescheid)");
    }
  });

  test.each([
    ["uk", "en", "in particular by issuing a claim in the County Court", true],
    ["fr-b2b", "en", "in particular by applying for a payment order (injonction de payer)", true],
    ["none", "en", "in particular by applying for a court payment order", false],
    ["none", "fr", "notamment par une requête en injonction de payer", false],
    ["de", "fr", "notamment par une demande d'injonction de payer (Mahnbescheid)", true],
  ] as const)("under %s, a %s notice to a business names the court action of that law, and interest to come only if any runs", (latePayment, language, action, accrues) => {
    const base = fixtureReminder("formal-notice", language);
    // No interest claimed in this letter: whether it is said to go on running is the law's.
    const reminder = { ...base, lines: base.lines.map((l) => ({ ...l, interest: 0 })), interest: 0, interestPeriods: [] };
    const text = render(shipped, reminder, language, "letter", { latePayment }).text.replace(/\s+/g, " ");
    expect(text).toContain(action);
    expect((language === "fr" ? /(pénalités|intérêts) courant jusqu'au paiement effectif/ : /interest accruing until payment/).test(text)).toBe(accrues);
    if (!accrues) expect(text).toContain(language === "fr" ? "afin d'obtenir le paiement des sommes dues, majorées des frais de procédure." : "to recover the sums due together with the costs of the proceedings.");
  });

  test.each([
    ["fr", "nous engagerons la procédure de recouvrement judiciaire annoncée par notre mise en demeure du 20/10/2026", "nous serons contraints de vous adresser une mise en demeure"],
    ["en", "we will start the legal recovery proceedings announced in our formal notice of 20 October 2026", "we will have to send you a formal notice"],
  ] as const)("a %s reminder written after a formal notice does not announce one again", (language, after, before) => {
    const reminder = fixtureReminder("reminder-2", language);
    const text = (r: typeof reminder) => render(shipped, r, language).text.replace(/\s+/g, " ");
    expect(text({ ...reminder, noticeDate: "2026-10-20" })).toContain(after);
    expect(text({ ...reminder, noticeDate: "2026-10-20" })).not.toContain(before);
    expect(text(reminder)).toContain(before);
  });

  test("French letters keep a non-breaking space before : ; ? and !, as French typography wants", () => {
    for (const step of Object.keys(STEPS) as (keyof typeof STEPS)[]) {
      for (const medium of ["letter", "email"] as const) {
        const { subject, text, html } = render(shipped, fixtureReminder(step, "fr", { customerType: step === "formal-notice" ? "b2c" : "b2b" }), "fr", medium);
        for (const body of [subject, text, html.replace(/<style>[\s\S]*?<\/style>/, "")]) expect(body, `${step} ${medium}`).not.toMatch(/ [:;?!](\s|$|<)/m);
      }
    }
  });

  test.each([["fr-b2b", true], ["custom", true], ["eu", false], ["de", false], ["uk", false]] as const)(
    "under %s, a French letter to a business calls late-payment interest pénalités: %s (France's word, L441-10)", (latePayment, penalties) => {
      for (const step of ["reminder-2", "formal-notice"] as const) {
        const { text, html } = render(shipped, fixtureReminder(step, "fr"), "fr", "letter", { latePayment });
        for (const body of [text, html]) {
          expect(/pénalités/i.test(body), `${step}`).toBe(penalties);
          if (!penalties) expect(body, step).toMatch(/intérêts de retard/i);
        }
      }
    });

  test.each(["fr", "en"] as const)("a %s letter from a company that gives no phone nor e-mail says to write, and leaves no dangling comma", (language) => {
    for (const step of Object.keys(STEPS) as (keyof typeof STEPS)[]) {
      const { text } = render(shipped, fixtureReminder(step, language), language, "letter", { company: { ...COMPANY, phone: "", email: "" } });
      expect(text, step).toContain(language === "fr" ? "par courrier à l'adresse ci-dessus" : "by post at the address above");
      expect(text, step).not.toMatch(/, \.|us \.|nous \./);
    }
  });

  test.each(["fr", "en"] as const)("a %s notice to a consumer calls the interest owed since a first notice legal interest, at its rate", (language) => {
    const base = fixtureReminder("formal-notice", language, { customerType: "b2c" });
    const periods = [{ invoice: "F-2026-0142", from: "2026-11-04", to: "2026-11-22", days: 19, rate: "2.62", base: 100_000, interest: 136 }];
    const lines = base.lines.map((l, i) => ({ ...l, interest: i === 0 ? 136 : 0, indemnity: 0 }));
    const owed = render(shipped, { ...base, lines, fees: 0, interest: 136, totalClaimed: base.amount + 136, interestPeriods: periods }, language).text.replace(/\s+/g, " ");
    const first = render(shipped, { ...base, lines: lines.map((l) => ({ ...l, interest: 0 })), fees: 0, interest: 0, totalClaimed: base.amount, interestPeriods: [] }, language).text.replace(/\s+/g, " ");
    if (language === "fr") {
      expect(owed).toContain("2,62 %");
      expect(owed).toContain("Intérêts au taux légal arrêtés au");
      expect(owed).toContain("Total des intérêts");
      expect(owed).not.toMatch(/pénalités/i);
      expect(owed).toContain("la présente mise en demeure fait courir les intérêts au taux légal sur les sommes dues qui n'en portent pas encore.");
      expect(render(shipped, { ...base, lines, fees: 0, interest: 136, totalClaimed: base.amount + 136, interestPeriods: periods, noticeDate: "2026-10-31" }, language).text.replace(/\s+/g, " "))
        .toContain("sur les sommes visées par notre précédente mise en demeure du 31/10/2026 depuis sa réception");
      expect(first).toContain("la présente mise en demeure fait courir les intérêts au taux légal sur les sommes dues.");
    } else {
      expect(owed).toContain("2.62%");
      expect(owed).toContain("Statutory interest to");
      expect(owed).toContain("This formal notice also causes statutory interest to run on the sums due that do not bear it yet.");
      expect(render(shipped, { ...base, lines, fees: 0, interest: 136, totalClaimed: base.amount + 136, interestPeriods: periods, noticeDate: "2026-10-31" }, language).text.replace(/\s+/g, " "))
        .toContain("on the sums claimed in our earlier formal notice of 31 October 2026 since it was received");
      expect(first).toContain("This formal notice also causes statutory interest to run on the sums due.");
    }
  });

  test.each([
    ["fr-b2b", "en", "Article L441-10 of the French Commercial Code", "Articles L441-10 and D441-5 of the French Commercial Code"],
    ["uk", "en", "the Late Payment of Commercial Debts (Interest) Act 1998", "section 5A of the Late Payment of Commercial Debts (Interest) Act 1998"],
    ["de", "en", "Section 288 of the German Civil Code (BGB)", "Section 288(5) of the German Civil Code (BGB)"],
    ["eu", "fr", "de la directive 2011/7/UE concernant la lutte contre le retard de paiement", "article 6 de la directive 2011/7/UE"],
    ["fr-b2b", "fr", "de l'article L441-10 du Code de commerce", "articles L441-10 et D441-5 du Code de commerce"],
  ] as const)("a formal notice under %s in %s cites that law for interest and indemnity", (profile, language, interest, indemnity) => {
    const text = render(shipped, fixtureReminder("formal-notice", language), language, "letter", { latePayment: profile }).text.replace(/\s+/g, " ");
    expect(text).toContain(language === "en" ? `Under our terms of sale and ${interest}, ` : `En application ${interest} et de nos conditions`);
    expect(text).toContain(`(${indemnity})`);
    if (profile !== "fr-b2b") expect(text).not.toContain("L441-10");
  });

  test.each([
    ["custom", "en", "Under our terms of sale, late payment automatically incurs interest", "Directive"],
    ["custom", "fr", "conformément à nos conditions générales de vente, tout retard", "la loi"],
    ["none", "en", "We ask you to pay", "automatically incurs interest"],
    ["none", "fr", "Nous vous demandons de régler", "pénalités de retard"],
  ] as const)("a second reminder under %s (%s) cites no law it does not apply", (profile, language, present, absent) => {
    const text = render(shipped, fixtureReminder("reminder-2", language), language, "email", { latePayment: profile }).text.replace(/\s+/g, " ");
    expect(text).toContain(present);
    expect(text).not.toContain(absent);
  });

  test.each(["en", "fr"] as const)("indemnities that differ by invoice (uk: £40, £70) are shown invoice by invoice (%s)", (language) => {
    const base = fixtureReminder("formal-notice", language);
    const sizes = [4000, 7000];
    const lines = base.lines.map((l, i) => ({ ...l, indemnity: sizes[i] as number }));
    const fees = 11_000;
    const reminder = { ...base, currency: "GBP", lines, fees, totalClaimed: base.amount + base.interest + fees };
    const letter = render(shipped, reminder, language, "letter", { latePayment: "uk" });
    const [first, second] = lines.map((l) => l.invoice);
    for (const body of [letter.text, letter.html]) {
      const text = body.replace(/\s+/g, " ");
      expect(text).toContain(language === "en" ? "(£40.00 + £70.00)" : "(40,00 £GB + 70,00 £GB)");
      expect(text).toContain(language === "en"
        ? `that is £110.00 for these invoices (£40.00 for ${first}, £70.00 for ${second}).`
        : `soit 110,00 £GB pour ces factures (40,00 £GB pour ${first}, 70,00 £GB pour ${second}).`);
    }
    // Equal indemnities keep the short form.
    const same = render(shipped, fixtureReminder("formal-notice", language), language, "letter").text.replace(/\s+/g, " ");
    expect(same).toContain("(2 × ");
    expect(same).not.toMatch(/\(40,00 € pour|\(€40.00 for/);
  });

  test.each(["fr", "en"] as const)("a first reminder that claims interest and the indemnity asks for the total it shows (%s)", (language) => {
    const base = fixtureReminder("reminder-1", language);
    const lines = base.lines.map((l) => ({ ...l, interest: 676, indemnity: 4000 }));
    const letter = render(shipped, { ...base, lines, interest: 676, fees: 4000, totalClaimed: base.amount + 4676 }, language);
    const text = letter.text.replace(/\s+/g, " ");
    expect(text).toContain(language === "fr" ? "Total réclamé : 670,76 €" : "Total claimed: €670.76");
    expect(text).toContain(language === "fr"
      ? "procéder au règlement de 670,76 € (dont 624,00 € de principal) dans les meilleurs délais"
      : "settle €670.76 (of which €624.00 principal) at your earliest convenience");
  });

  test("letters are signed by company.signatory when it is set, by the accounts department otherwise", () => {
    const signed = render(shipped, fixtureReminder("formal-notice", "fr"), "fr", "letter", { company: { ...COMPANY, signatory: "Marie Durand, gérante" } });
    expect(signed.text).toContain("Marie Durand, gérante\n");
    expect(render(shipped, fixtureReminder("formal-notice", "fr"), "fr").text).toContain("Le service comptabilité\n");
  });

  test.each(["fr", "en"] as const)("a second reminder with no earlier one in the journal claims none (%s)", (language) => {
    const letter = render(shipped, fixtureReminder("reminder-2", language, { previous: [] }), language);
    expect(letter.text).not.toMatch(/Malgré|Despite|précédents rappels|earlier reminders/);
    expect(letter.text).toMatch(/Sauf erreur de notre part|Unless we are mistaken/);
  });

  test("a name with <script> is escaped in HTML and left as written in the text body", () => {
    const reminder = fixtureReminder("reminder-1", "en", { customerName: `<script>alert("x")</script> & Co` });
    const letter = render(shipped, reminder, "en", "letter");
    expect(letter.html).not.toContain("<script>");
    expect(letter.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
    const text = render(shipped, fixtureReminder("formal-notice", "en", { customerName: reminder.customerName }), "en").text;
    expect(text).toContain(`<script>alert("x")</script> & Co`);
  });

  test("the subject is one line even when a value carries a line break", () => {
    const letter = render(shipped, fixtureReminder("reminder-1", "fr", { lines: [{ ...fixtureReminder("reminder-1", "fr").lines[0]!, invoice: "F-1\r\nBcc: x@evil.example" }] }), "fr");
    expect(letter.subject).not.toMatch(/[\r\n]/);
  });

  test("the PDF text marks where its tables go", () => {
    const letter = render(shipped, fixtureReminder("formal-notice", "fr"), "fr");
    expect(letter.pdfText).toContain("\u001einvoice-table\u001e");
    expect(letter.pdfText).toContain("\u001einterest-table\u001e");
    expect(letter.pdfText).not.toContain("F-2026-0142 du 15/09/2026");
  });

  test("dunning check finds nothing to say about the shipped set", async () => {
    expect(await checkTemplates({}, { asOf: AS_OF, company: COMPANY, locale: "fr-FR" })).toEqual([]);
  });
});

describe("the user's folder", () => {
  test("overrides a file by name and falls back to the shipped ones for the rest", async () => {
    const user = await userFolder({
      "fr/partials/signature.text.hbs": "Bien à vous,\nJeanne Martin, gérante\n",
      "fr/reminder-1.subject.hbs": "Petit oubli ? {{invoice_numbers}}\n",
    });
    const templates = await loadTemplates({ user });
    const letter = render(templates, fixtureReminder("reminder-1", "fr"), "fr");
    expect(letter.subject).toBe("Petit oubli ? F-2026-0163");
    expect(letter.text).toContain("Jeanne Martin, gérante");
    expect(letter.text).toContain("Sauf erreur de notre part");
    expect(letter.html).toContain("Le service comptabilité");
  });

  test("can add a language of its own", async () => {
    const user = await userFolder({
      "de/reminder-1.subject.hbs": "Zahlungserinnerung {{invoice_numbers}}",
      "de/reminder-1.text.hbs": "Guten Tag,\n{{> invoice-table}}\n",
      "de/reminder-1.html.hbs": "{{#> page}}<p>Guten Tag</p>{{/page}}",
      "de/partials/invoice-table.text.hbs": "{{#each invoices}}{{number}}: {{money open}}\n{{/each}}",
    });
    const templates = await loadTemplates({ user });
    expect(templates.languages).toEqual(["de", "en", "fr"]);
    const context = buildLetterContext(fixtureReminder("reminder-1", "en"), { asOf: AS_OF, company: COMPANY, language: "de", locale: "de-DE", medium: "email" });
    const letter = templates.render("reminder-1", context);
    expect(letter.text).toBe("Guten Tag,\nF-2026-0163: 624,00\u00a0€\n");
    expect(letter.html).toContain('<html lang="de">');
  });

  test("a missing variable names the template, the file, the line and the variable", async () => {
    const user = await userFolder({ "fr/reminder-1.text.hbs": "Bonjour,\n\nVous devez {{money amount_due}}\navant le {{date dealine}}.\n{{customer.nme}}\n" });
    const templates = await loadTemplates({ user });
    const problems = await problemsOf(() => render(templates, fixtureReminder("reminder-1", "fr"), "fr"));
    const file = path.join(user, "fr", "reminder-1.text.hbs");
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ severity: "error", code: "template_variable", file, line: 4, message: `"dealine" is not defined (template reminder-1, fr)` }),
    ]));
    expect(problems).toHaveLength(1);
    const nested = await userFolder({ "fr/reminder-1.text.hbs": "Bonjour {{customer.nme}}\n" });
    const nestedTemplates = await loadTemplates({ user: nested });
    const more = await problemsOf(() => render(nestedTemplates, fixtureReminder("reminder-1", "fr"), "fr"));
    expect(more[0]).toMatchObject({ file: path.join(nested, "fr", "reminder-1.text.hbs"), line: 1, column: 11, message: expect.stringContaining(`"nme" is not defined`) });
  });

  test("a misspelt condition is an error, not a silently skipped paragraph", async () => {
    const user = await userFolder({ "en/partials/other-items.html.hbs": "\n\n  {{#if has_unaplied}}credit{{/if}}\n" });
    const templates = await loadTemplates({ user });
    const problems = await problemsOf(() => render(templates, fixtureReminder("reminder-1", "en"), "en"));
    expect(problems[0]).toMatchObject({
      code: "template_variable", file: path.join(user, "en", "partials", "other-items.html.hbs"), line: 3, column: 3,
      message: `"has_unaplied" is not defined (template reminder-1, en)`,
    });
  });

  test("dunning check reports a broken variable hidden in a branch today's data would skip", async () => {
    const user = await userFolder({ "fr/partials/other-items.text.hbs": "{{#if has_unapplied}}{{money unaplied}}{{/if}}\n" });
    const problems = await checkTemplates({ user }, { asOf: AS_OF, company: COMPANY, locale: "fr-FR" });
    expect(problems).toEqual([expect.objectContaining({ file: path.join(user, "fr", "partials", "other-items.text.hbs"), line: 1, message: expect.stringContaining(`"unaplied" is not defined`) })]);
  });

  test.each([
    ["an unclosed mustache", "Dear {{customer.name}},\nYou owe {{money amount_due}.\n", 2, 27],
    ["a block opened twice on a long line", "Hello,\n\nA long first sentence goes here {{#if has_interest}} and {{#each}}{{/if}}\n", 3, 61],
    // Saved by a Windows editor: CRLF line ends.
    ["an unclosed mustache, CRLF", "Dear {{customer.name}},\r\nYou owe {{money amount_due}.\r\n", 2, 27],
    ["an unclosed mustache near the start of a line, CRLF", "Dear X,\r\nYou {{x}.\r\n", 2, 8],
    ["a block opened twice, CRLF", "Hello,\r\n\r\nA long first sentence goes here {{#if has_interest}} and {{#each}}{{/if}}\r\n", 3, 61],
  ])("a syntax error (%s) is located at its line and column", async (_name, source, line, column) => {
    const user = await userFolder({ "en/courtesy.text.hbs": source });
    const problems = await problemsOf(loadTemplates({ user }));
    const syntax = problems.find((p) => p.code === "template_syntax");
    expect(syntax).toMatchObject({ file: path.join(user, "en", "courtesy.text.hbs"), line });
    expect(syntax?.column).toBeGreaterThan(0);
    expect(Math.abs((syntax?.column ?? 0) - column)).toBeLessThanOrEqual(2);
  });

  test("syntax errors and unknown partials are found when loading, with their line", async () => {
    const user = await userFolder({
      "en/reminder-2.text.hbs": "Hello\n{{#if has_previous}}\nno end\n",
      "en/courtesy.text.hbs": "Hello\n\n  {{> signatur}}\n",
    });
    const problems = await problemsOf(loadTemplates({ user }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: "template_syntax", file: path.join(user, "en", "reminder-2.text.hbs") }),
      expect.objectContaining({ code: "template_partial", file: path.join(user, "en", "courtesy.text.hbs"), line: 3, column: 3, message: `partial "signatur" not found` }),
    ]));
    expect(await checkTemplates({ user }, { asOf: AS_OF, company: COMPANY, locale: "en-GB" })).toHaveLength(2);
  });

  test("a template with a part missing is reported", async () => {
    const user = await userFolder({ "fr/relance-3.text.hbs": "Bonjour\n" });
    const problems = await problemsOf(loadTemplates({ user }));
    expect(problems.map((p) => p.message)).toEqual(["template relance-3 (fr) has no subject part", "template relance-3 (fr) has no html part"]);
  });

  test("the shipped folder is found next to the package", () => {
    expect(SHIPPED_TEMPLATES.endsWith(`${path.sep}templates${path.sep}`)).toBe(true);
  });
});
