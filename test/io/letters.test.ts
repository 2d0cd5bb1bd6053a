// Letters as files: names that sort and cannot escape the folder, a batch refused whole when a
// template fails, the renderer `dunning run` uses, and examples/output/ kept in sync.

import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { createLetterRenderer, letterPdf, safeFilePart, type Letter, type LetterSettings, type Medium } from "../../src/io/letters.js";
import type { Reminder } from "../../src/core/reminder.js";
import type { DebtorIdentity } from "../../src/render/letter-context.js";
import { pdfPages } from "../helpers/pdf-text.js";
import { AS_OF, COMPANY, DEBTORS, fixtureReminder } from "../helpers/reminder-fixtures.js";
import { tempDir } from "../helpers/temp-dir.js";

const SETTINGS: LetterSettings = {
  asOf: AS_OF, company: COMPANY, locale: "fr-FR", currency: "EUR", latePayment: "fr-b2b",
  debtors: new Map<string, DebtorIdentity>([["C00012", DEBTORS.fr], ["C00040", DEBTORS.en]]),
};

const tmp = (): string => tempDir("letters");

/** A batch rendered as the commands render it, before anything is written. */
async function renderLetters(reminders: readonly Reminder[], settings: LetterSettings, medium?: Medium): Promise<Letter[]> {
  return (await createLetterRenderer(settings)).renderAll(reminders, medium);
}

describe("letters as files", () => {
  test("writes HTML and PDF named <as-of>_<customer>_<step>, in the customer's language", async () => {
    const out = tmp();
    const renderer = await createLetterRenderer(SETTINGS);
    const reminders = [fixtureReminder("formal-notice", "fr"), fixtureReminder("reminder-1", "en")];
    const letters = renderer.renderAll(reminders, "letter");
    const written = [await renderer.letter(reminders[0] as Reminder, out), await renderer.letter(reminders[1] as Reminder, out)];
    expect(written.map((files) => files.map((f) => path.basename(f)))).toEqual([
      ["2026-11-22_C00012_formal-notice.html", "2026-11-22_C00012_formal-notice.pdf"],
      ["2026-11-22_C00040_reminder-1.html", "2026-11-22_C00040_reminder-1.pdf"],
    ]);
    expect((await readdir(out)).sort()).toHaveLength(4);
    expect(await readFile(path.join(out, "2026-11-22_C00040_reminder-1.html"), "utf8")).toContain('<html lang="en">');
    const pdf = await readFile(path.join(out, "2026-11-22_C00012_formal-notice.pdf"));
    const text = (await pdfPages(pdf)).join(" ");
    expect(text).toContain("F-2026-0142");
    expect(text).toContain("2 006,16 €");
    expect(letters.map((l) => l.warnings)).toEqual([[], []]);
  });

  test("says once, with the first letter, when the configuration does not say who the creditor is", async () => {
    const reminders = [fixtureReminder("formal-notice", "fr"), fixtureReminder("formal-notice", "en")];
    const letters = await renderLetters(reminders, { ...SETTINGS, company: { name: "Atelier Martin SARL", iban: "FR76 3000 6000 0112 3456 7890 189" } }, "letter");
    expect(letters.map((l) => l.warnings.map((w) => w.message))).toEqual([
      ["letters and formal notices do not say who writes them: company.address, company.phone or company.email are not set"], [],
    ]);
    // Nothing to say of a full identity, nor of an e-mailed reminder, which has no letterhead to fill.
    expect((await renderLetters(reminders, SETTINGS, "letter")).flatMap((l) => l.warnings)).toEqual([]);
    expect((await renderLetters([fixtureReminder("reminder-1", "fr")], { ...SETTINGS, company: {} }, "email")).flatMap((l) => l.warnings)).toEqual([]);
  });

  test("a formal notice to an individual under the uk profile gives 30 days", async () => {
    const notice = fixtureReminder("formal-notice", "en", { customerType: "b2c" });
    const [uk] = await renderLetters([notice], { ...SETTINGS, latePayment: "uk" }, "letter");
    expect(uk?.context.deadline_days).toBe(30);
    const [fr] = await renderLetters([notice], SETTINGS, "letter");
    expect(fr?.context.deadline_days).toBe(8);
  });

  test("file names cannot leave the folder and never collide after cleaning", () => {
    expect(safeFilePart("C00012")).toBe("C00012");
    expect(safeFilePart("../../etc/passwd")).toMatch(/^etc_passwd-[0-9a-f]{6}$/);
    expect(safeFilePart("Société A/1")).toMatch(/^Societe_A_1-[0-9a-f]{6}$/);
    expect(safeFilePart("A/1")).not.toBe(safeFilePart("A_1"));
    expect(safeFilePart("")).toMatch(/^_-[0-9a-f]{6}$/);
  });

  test("a letter in another currency than the company's carries it in its name", async () => {
    const out = tmp();
    const files = await (await createLetterRenderer(SETTINGS)).letter(fixtureReminder("reminder-1", "en", { currency: "USD" }), out);
    expect(files.map((f) => path.basename(f))).toEqual(["2026-11-22_C00040_reminder-1_USD.html", "2026-11-22_C00040_reminder-1_USD.pdf"]);
  });

  // That nothing is written then is the commands' part (test/cli/letter.test.ts, a broken template).
  test("a template error in one letter fails the whole batch, naming the template and line", async () => {
    const user = tmp();
    await mkdir(path.join(user, "fr"), { recursive: true });
    await writeFile(path.join(user, "fr", "formal-notice.text.hbs"), "{{> letterhead}}\nPayez {{money totl_claimed}}.\n");
    const reminders = [fixtureReminder("reminder-1", "en"), fixtureReminder("formal-notice", "fr")];
    const error = await renderLetters(reminders, { ...SETTINGS, templates: user }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("formal-notice, fr") })]);
  });

  test("warns about a language without templates and a letter without postal address", async () => {
    const letters = await renderLetters([fixtureReminder("reminder-1", "en", { language: "de", customer: "C00099" })], SETTINGS, "letter");
    expect(letters[0]?.context.language).toBe("fr");
    expect(letters[0]?.warnings.map((w) => w.code)).toEqual(["letter_language", "letter_no_address"]);
  });

  test("a letter naming a customer in a script its fonts lack says the PDF prints it folded; the e-mail says nothing", async () => {
    const reminder = { ...fixtureReminder("reminder-1", "fr", { customer: "C00099" }), customerName: "Spółka Łódź 株式会社" };
    const letters = await renderLetters([reminder], SETTINGS, "letter");
    // Polish letters are printed with the embedded font; the Japanese ones are in no font of the letter.
    expect(letters[0]?.warnings.find((w) => w.code === "letter_glyphs")?.message)
      .toBe('C00099: the PDF\'s fonts cannot print "株", "式", "会", "社": printed as the plain letters they are made on where they have one, others as ?');
    expect((await renderLetters([reminder], SETTINGS, "email"))[0]?.warnings.map((w) => w.code)).not.toContain("letter_glyphs");
    const polish = { ...reminder, customerName: "Spółka Łódź, Ștefan Petrović, Москва" };
    expect((await renderLetters([polish], SETTINGS, "letter"))[0]?.warnings.map((w) => w.code)).not.toContain("letter_glyphs");
  });

  test("a second reminder that took an invoice due its first names the invoices reminded before", async () => {
    const reminder = fixtureReminder("reminder-2", "fr");
    const merged = { ...reminder, previous: [{ step: "reminder-1", channel: "email" as const, date: "2026-11-06", invoices: ["F-2026-0142"] }] };
    const [fr] = await renderLetters([merged], SETTINGS, "email");
    expect(fr?.rendered.text).toContain("Malgré notre relance du 06/11/2026 (facture F-2026-0142), les factures suivantes restent impayées");
    const [all] = await renderLetters([reminder], SETTINGS, "email");
    expect(all?.rendered.text).toContain("Malgré notre relance du 06/11/2026, les factures suivantes");
    const [en] = await renderLetters([{ ...fixtureReminder("reminder-2", "en"), previous: merged.previous }], SETTINGS, "email");
    expect(en?.rendered.text).toContain("(invoice F-2026-0142), the following invoices remain unpaid");
  });

  test("a step without a template of that name is an error", async () => {
    const reminder = fixtureReminder("reminder-1", "fr");
    const error = await renderLetters([{ ...reminder, step: { ...reminder.step, template: "relance-amicale" } }], SETTINGS).catch((e: unknown) => e);
    expect((error as InputError).problems[0]).toMatchObject({ code: "template_missing", message: expect.stringContaining(`"relance-amicale"`) });
  });
});

describe("createLetterRenderer", () => {
  test("renders e-mails, with the PDF attached only when the step asks", async () => {
    const renderer = await createLetterRenderer(SETTINGS);
    const plain = await renderer.email(fixtureReminder("reminder-1", "fr"));
    expect(plain.subject).toBe("Relance\u00a0: facture F-2026-0163 en attente de règlement (624,00\u00a0€)");
    expect(plain.pdf).toBeUndefined();
    const reminder = fixtureReminder("formal-notice", "fr");
    const withPdf = await renderer.email({ ...reminder, channel: "email", step: { ...reminder.step, channel: "email", attachPdf: true } });
    expect(withPdf.pdf?.subarray(0, 5).toString()).toBe("%PDF-");
    expect(withPdf.text).not.toMatch(/recommandée/);
    expect((await pdfPages(withPdf.pdf as Buffer)).join(" ")).not.toMatch(/recommandée/i);
  });

  test("writes the outbox letter and returns its paths", async () => {
    const out = tmp();
    const paths = await (await createLetterRenderer(SETTINGS)).letter(fixtureReminder("formal-notice", "fr"), out);
    expect(paths.map((p) => path.relative(out, p))).toEqual(["2026-11-22_C00012_formal-notice.html", "2026-11-22_C00012_formal-notice.pdf"]);
  });

  test("renderAll reports every failing letter at once", async () => {
    const renderer = await createLetterRenderer(SETTINGS);
    const bad = (id: string) => ({ ...fixtureReminder("reminder-1", "fr"), step: { ...fixtureReminder("reminder-1", "fr").step, template: id } });
    const error = (() => {
      try {
        renderer.renderAll([bad("x"), bad("y")]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect((error as InputError).problems).toHaveLength(2);
  });
});

describe("examples/output", () => {
  const dir = fileURLToPath(new URL("../../examples/output/", import.meta.url));

  test("the committed examples are what the templates render today", async () => {
    const [reminder] = await renderLetters([fixtureReminder("reminder-1", "en")], SETTINGS, "email");
    await expect(reminder?.rendered.html).toMatchFileSnapshot(path.join(dir, "2026-11-22_C00040_reminder-1.html"));
    await expect(`Subject: ${reminder?.rendered.subject}\n\n${reminder?.rendered.text}`).toMatchFileSnapshot(path.join(dir, "2026-11-22_C00040_reminder-1.txt"));
    const [notice] = await renderLetters([fixtureReminder("formal-notice", "fr")], SETTINGS, "letter");
    if (!notice) throw new Error("no letter");
    await expect(notice.rendered.html).toMatchFileSnapshot(path.join(dir, "2026-11-22_C00012_formal-notice.html"));
    const pdf = await letterPdf(notice);
    const file = path.join(dir, "2026-11-22_C00012_formal-notice.pdf");
    // PDF bytes cannot go through a text snapshot: UPDATE_EXAMPLES=1 rewrites the file.
    if (process.env.UPDATE_EXAMPLES === "1") await writeFile(file, pdf);
    const committed = await readFile(file).catch(() => Buffer.alloc(0));
    expect(committed.equals(pdf), "examples/output PDF is stale: run UPDATE_EXAMPLES=1 npx vitest run test/io/letters.test.ts").toBe(true);
  });
});
