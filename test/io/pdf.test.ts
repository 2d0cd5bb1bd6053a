// The PDF of a letter opens in an independent reader (pdf.js) and says what the letter says:
// invoice numbers, totals, € and accents; it is the same file every time for the same day.

import { beforeAll, describe, expect, test } from "vitest";
import type { Reminder } from "../../src/core/reminder.js";
import { pdfSafe, renderPdf } from "../../src/io/pdf.js";
import { loadTemplates, type Templates } from "../../src/io/templates.js";
import { buildLetterContext } from "../../src/render/letter-context.js";
import { pdfInfo, pdfLines, pdfPages } from "../helpers/pdf-text.js";
import { AS_OF, COMPANY, DEBTORS, fixtureReminder, LINES } from "../helpers/reminder-fixtures.js";

let templates: Templates;
beforeAll(async () => {
  templates = await loadTemplates();
});

async function pdfOf(reminder: Reminder, language: "fr" | "en", medium: "letter" | "email" = "letter"): Promise<Buffer> {
  const context = buildLetterContext(reminder, {
    asOf: AS_OF, company: COMPANY, language, locale: language === "fr" ? "fr-FR" : "en-GB", medium, debtor: DEBTORS[language],
  });
  const letter = templates.render(reminder.step.template ?? reminder.step.id, context);
  return renderPdf({ context, subject: letter.subject, body: letter.pdfText });
}

describe("renderPdf", () => {
  test("a French formal notice opens and carries invoices, totals, deadline, € and accents", async () => {
    const pdf = await pdfOf(fixtureReminder("formal-notice", "fr"), "fr");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = await pdfPages(pdf);
    const text = pages.join(" ");
    for (const invoice of ["F-2026-0142", "F-2026-0157"]) expect(text).toContain(invoice);
    expect(text).toContain("Total réclamé 2 006,16 €");
    expect(text).toContain("Mise en demeure de payer");
    expect(text).toContain("LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION");
    expect(text).toContain("À régler au plus tard le 3 décembre 2026 : 2 006,16 €");
    expect(text).toContain("Lyon, le 22 novembre 2026");
    expect(text).toContain("SIREN 498 765 432");
    expect(text).toContain("IBAN : FR76 3000 6000 0112 3456 7890 189");
    expect(text).toContain("injonction de payer");
    expect(text).toContain("12,15 %");
    expect(text).toContain("première relance du 22/10/2026");
    // The markers of the tables never reach the page.
    expect(text).not.toMatch(/\u001e|invoice-table|interest-table/);
  });

  test.each(["fr", "en"] as const)("a %s formal notice to a consumer calls its tables' interest legal interest, never penalties", async (language) => {
    const base = fixtureReminder("formal-notice", language, { customerType: "b2c" });
    const periods = [{ invoice: "F-2026-0142", from: "2026-11-04", to: "2026-11-22", days: 19, rate: "2.62", base: 100_000, interest: 136 }];
    const lines = base.lines.map((l, i) => ({ ...l, interest: i === 0 ? 136 : 0, indemnity: 0 }));
    const text = (await pdfPages(await pdfOf({ ...base, lines, fees: 0, interest: 136, totalClaimed: base.amount + 136, interestPeriods: periods }, language))).join(" ");
    expect(text).not.toMatch(/pénalit|late-payment interest/i);
    expect(text).toContain(language === "fr" ? "Intérêts au taux légal arrêtés au" : "Statutory interest to");
    expect(text).toContain(language === "fr" ? "2,62 %" : "2.62%");
  });

  test("an English formal notice from a British business: company number, recorded delivery, no place before the date", async () => {
    const reminder = fixtureReminder("formal-notice", "en");
    const context = buildLetterContext(reminder, { asOf: AS_OF, company: COMPANY, language: "en", locale: "en-GB", medium: "letter", debtor: DEBTORS.en, latePayment: "uk" });
    const letter = templates.render("formal-notice", context);
    const text = (await pdfPages(await renderPdf({ context, subject: letter.subject, body: letter.pdfText }))).join(" ");
    expect(text).toContain("Company No. 812 345 678");
    expect(text).toContain("SENT BY RECORDED DELIVERY");
    expect(text).not.toMatch(/SIREN|Lyon,\s22/);
  });

  test("an English reminder reads in English with the English money format", async () => {
    const text = (await pdfPages(await pdfOf(fixtureReminder("reminder-1", "en"), "en"))).join(" ");
    expect(text).toContain("F-2026-0163");
    expect(text).toContain("Total outstanding €624.00");
    expect(text).toContain("Subject: Reminder: invoice F-2026-0163 awaiting payment (€624.00)");
    expect(text).not.toMatch(/registered/i);
  });

  test("a line never ends inside a spelt-out date or an e-mail address", async () => {
    // In this notice the deadline's day and the creditor's e-mail fell at the end of a line: pdfkit
    // broke `3` / `décembre 2026` at a space and `compta@atelier-` / `martin.example` after a hyphen.
    const lines = await pdfLines(await pdfOf(fixtureReminder("formal-notice", "fr"), "fr"));
    const prose = lines.filter((line) => line.includes("compta@") || /décembre/.test(line));
    expect(prose.length).toBeGreaterThan(2);
    for (const line of prose) {
      if (line.includes("compta@")) expect(line).toContain("compta@atelier-martin.example");
      if (line.includes("décembre")) expect(line).toMatch(/\d{1,2}\s+décembre\s+2026/);
    }
    expect(lines.some((line) => /le 3$/.test(line.trim()))).toBe(false);
  });

  test("indemnities that differ by invoice are added up in the table's row (£40 + £70)", async () => {
    const base = fixtureReminder("formal-notice", "en");
    const lines = base.lines.map((l, i) => ({ ...l, indemnity: i === 0 ? 4000 : 7000 }));
    const reminder = { ...base, currency: "GBP", lines, fees: 11_000, totalClaimed: base.amount + base.interest + 11_000 };
    const text = (await pdfPages(await pdfOf(reminder, "en"))).join(" ");
    expect(text).toContain("Fixed compensation for recovery costs (£40.00 + £70.00) £110.00");
  });

  test("a formal notice attached to an e-mail does not say registered letter", async () => {
    const text = (await pdfPages(await pdfOf(fixtureReminder("formal-notice", "fr"), "fr", "email"))).join(" ");
    expect(text).not.toMatch(/recommandée/i);
  });

  test("the same letter on the same day is the same file, dated by the as-of date", async () => {
    const a = await pdfOf(fixtureReminder("formal-notice", "fr"), "fr");
    const b = await pdfOf(fixtureReminder("formal-notice", "fr"), "fr");
    expect(a.equals(b)).toBe(true);
    const info = await pdfInfo(a);
    expect(info).toMatchObject({ Title: "Mise en demeure de payer – factures F-2026-0142, F-2026-0157", Author: "Atelier Martin SARL", Creator: "dunning" });
    expect(String(info.CreationDate)).toMatch(/^D:20261122000000/);
  });

  test("a long letter breaks across pages, repeats the table header and numbers its pages", async () => {
    const base = fixtureReminder("formal-notice", "fr");
    const lines = Array.from({ length: 60 }, (_, i) => ({ ...LINES.f0157, invoice: `F-2026-${String(1000 + i)}` }));
    const pages = await pdfPages(await pdfOf({ ...base, lines, interestPeriods: [] }, "fr"));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} / ${pages.length}`));
    expect(pages[1]).toContain("Facture Date Échéance Montant TTC");
    const all = pages.join(" ");
    for (const l of lines) expect(all).toContain(l.invoice);
  });

  test("a one-page letter has no page number", async () => {
    const pages = await pdfPages(await pdfOf(fixtureReminder("courtesy", "fr"), "fr"));
    expect(pages).toHaveLength(1);
    expect(pages[0]).not.toContain("Page 1");
  });

  test("a letter to Łódź is printed in the embedded font, letters as written; one without such letters embeds no font", async () => {
    const base = fixtureReminder("formal-notice", "fr");
    const polish = { ...base, customerName: "Spółka Łódź Żółkiewski" };
    const pdf = await pdfOf(polish, "fr");
    const text = (await pdfPages(pdf)).join(" ");
    expect(text).toContain("Spółka Łódź Żółkiewski");
    expect(text).toContain("Total réclamé 2 006,16 €");
    expect(pdf.toString("latin1")).toContain("LiberationSans");
    expect((await pdfOf(polish, "fr")).equals(pdf)).toBe(true);
    // Lines are broken as pdfkit breaks them in that font too: no word is left alone on a line.
    expect((await pdfLines(pdf)).filter((l) => /^(paiement|Si|effectif\.?)$/.test(l.trim()))).toEqual([]);
    const plain = await pdfOf(base, "fr");
    expect(plain.toString("latin1")).not.toMatch(/FontFile2|LiberationSans/);
    // What no font of the letter has is folded, and said by the letter's warning (io/letters.ts).
    const japanese = (await pdfPages(await pdfOf({ ...base, customerName: "Łódź 株式会社" }, "fr"))).join(" ");
    expect(japanese).toContain("Łódź ????");
  });

  test("characters Helvetica lacks are replaced by ones it has", () => {
    expect(pdfSafe("1\u202f234,56\u00a0€ \u2212 F\u20111")).toBe("1\u00a0234,56\u00a0€ - F-1");
    expect(pdfSafe("Société Évian\r\tSARL\u0007")).toBe("Société Évian SARL ");
  });
});
