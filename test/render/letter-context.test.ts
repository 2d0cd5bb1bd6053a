// The variables of a letter and the formatting behind the helpers: pure, no templates involved.

import { describe, expect, test } from "vitest";
import { buildLetterContext, chooseLanguage, type LetterOptions } from "../../src/render/letter-context.js";
import { formatDate, formatDays, formatMoney, formatRate, placeFromAddress, pluralCategory } from "../../src/render/letter-format.js";
import { sampleReminders } from "../../src/render/letter-sample.js";
import { AS_OF, COMPANY, DEBTORS, fixtureReminder } from "../helpers/reminder-fixtures.js";

const FR: LetterOptions = { asOf: AS_OF, company: COMPANY, language: "fr", locale: "fr-FR", medium: "letter", debtor: DEBTORS.fr };

describe("chooseLanguage", () => {
  test.each([
    ["fr", "fr-FR", ["en", "fr"], "fr", "fr-FR", false],
    ["FR", "en-GB", ["en", "fr"], "fr", "fr-FR", false],
    ["fr_BE", "fr-FR", ["en", "fr"], "fr", "fr-BE", false],
    ["Français", "en-GB", ["en", "fr"], "fr", "fr-FR", false],
    ["en", "fr-FR", ["en", "fr"], "en", "en-GB", false],
    ["en-US", "fr-FR", ["en", "fr"], "en", "en-US", false],
    ["english", "en-IE", ["en", "fr"], "en", "en-IE", false],
    ["", "fr-FR", ["en", "fr"], "fr", "fr-FR", false],
    ["de", "fr-FR", ["en", "fr"], "fr", "fr-FR", true],
    ["de", "it-IT", ["en", "fr"], "en", "en-GB", true],
    ["xx-yy-zz", "fr-FR", ["en", "fr"], "fr", "fr-FR", true],
    ["fr_FR.UTF-8", "en-GB", ["en", "fr"], "fr", "fr-FR", false],
    ["French (France)", "en-GB", ["en", "fr"], "fr", "fr-FR", false],
    ["Deutsch", "fr-FR", ["en", "fr"], "fr", "fr-FR", true],
    ["Español", "en-GB", ["en", "es"], "es", "es-ES", false],
  ])("customer %j, company %s → %s (%s)", (customer, company, available, language, locale, fellBack) => {
    expect(chooseLanguage(customer, company, available)).toEqual({ language, locale, fellBack });
  });
});

describe("formatting", () => {
  test("money, dates, days and plurals follow the locale", () => {
    expect(formatMoney(123456, "EUR", "fr-FR")).toBe("1\u202f234,56\u00a0€");
    expect(formatMoney(123456, "EUR", "en-GB")).toBe("€1,234.56");
    expect(formatDate("2026-10-15", "fr-FR")).toBe("15/10/2026");
    // A spelt-out date is never split across lines: its spaces are no-break spaces.
    expect(formatDate("2026-10-15", "en-US")).toBe("October\u00a015,\u00a02026");
    expect(formatDate("2026-10-15", "en-GB")).toBe("15\u00a0October\u00a02026");
    expect(formatDate("2026-10-15", "fr-FR", "long")).toBe("15\u00a0octobre\u00a02026");
    expect(formatDate("2026-10-15", "en-GB", "medium")).toBe("15\u00a0Oct\u00a02026");
    expect(formatDate("2026-12-01", "fr-FR", "long")).toBe("1er\u00a0décembre\u00a02026");
    expect(formatDate("2026-12-01", "en-GB", "long")).toBe("1\u00a0December\u00a02026");
    expect(formatDate("2026-12-11", "fr-FR", "long")).toBe("11\u00a0décembre\u00a02026");
    expect(formatDate("2026-10-15", "en-GB", "numeric")).toBe("15/10/2026");
    expect(formatDays(1, "fr-FR")).toBe("1\u00a0jour");
    expect(formatDays(8, "fr-FR")).toBe("8\u00a0jours");
    expect(formatDays(8, "en-GB")).toBe("8 days");
    expect(pluralCategory(0, "fr-FR")).toBe("one");
    expect(pluralCategory(0, "en-GB")).toBe("other");
  });

  test.each([
    ["12.15", "fr-FR", "12,15\u00a0%"],
    ["12.15", "en-GB", "12.15%"],
    ["10", "en-GB", "10%"],
    ["5", "en-GB", "5%"],
    ["0.5", "en-GB", "0.5%"],
    ["120.25", "en-GB", "120.25%"],
    // One digit before the point (France's legal rates): 2.62 once printed as 26.20.
    ["2.62", "fr-FR", "2,62\u00a0%"],
    ["0.76", "en-GB", "0.76%"],
    ["5.07", "en-GB", "5.07%"],
    ["-0.88", "en-GB", "-0.88%"],
  ])("rate %s in %s → %s", (rate, locale, expected) => {
    expect(formatRate(rate, locale)).toBe(expected);
  });

  test.each([
    ["12 rue des Tanneurs\n69002 Lyon", "Lyon"],
    ["1 avenue X\n75008 PARIS CEDEX 08", "PARIS"],
    ["Rue Y 3\nB-1000 Bruxelles", "Bruxelles"],
    ["", ""],
  ])("place of %j is %j", (address, place) => {
    expect(placeFromAddress(address)).toBe(place);
  });
});

describe("buildLetterContext", () => {
  test("a formal notice carries identities, totals, interest, indemnities and the deadline", () => {
    const ctx = buildLetterContext(fixtureReminder("formal-notice", "fr"), FR);
    expect(ctx.company).toMatchObject({ name: "Atelier Martin SARL", address_lines: ["12 rue des Tanneurs", "69002 Lyon"], siren: "812 345 678" });
    expect(ctx.customer).toMatchObject({ id: "C00012", name: "Boulangerie Dupont SAS", siren: "498 765 432", is_business: true });
    expect(ctx.place).toBe("Lyon");
    expect(ctx.invoice_numbers).toBe("F-2026-0142, F-2026-0157");
    expect(ctx.amount_due).toBe(190400);
    expect(ctx.total_paid).toBe(40000);
    expect(ctx.indemnity_total).toBe(8000);
    expect(ctx.indemnity_per_invoice).toBe(4000);
    expect(ctx.total_claimed).toBe(190400 + 8000 + ctx.interest);
    expect(ctx.interest_periods.map((p) => p.day_count)).toEqual([18, 20, 23]);
    expect(ctx.interest).toBe(ctx.interest_periods.reduce((a, p) => a + p.interest, 0));
    expect(ctx).toMatchObject({ is_formal_notice: true, is_registered: true, deadline: "2026-12-03", deadline_days: 8, has_deadline: true });
    expect(ctx.previous.map((p) => p.date)).toEqual(["2026-10-22", "2026-11-06", "2026-11-14"]);
    expect(ctx.last_reminder_date).toBe("2026-11-14");
    expect(ctx.previous[2]).toMatchObject({ label: "deuxième relance", channel_label: "e-mail", invoice_count: 2 });
  });

  test("a consumer is never asked for the fixed indemnity, whatever the plan says", () => {
    const reminder = fixtureReminder("formal-notice", "fr", { customerType: "b2c" });
    const ctx = buildLetterContext(reminder, FR);
    expect(ctx.has_indemnity).toBe(false);
    expect(ctx.indemnity_total).toBe(0);
    expect(ctx.invoices.every((l) => l.indemnity === 0)).toBe(true);
    expect(ctx.total_claimed).toBe(reminder.totalClaimed - 8000);
  });

  test("an e-mail is never a registered letter", () => {
    const ctx = buildLetterContext(fixtureReminder("formal-notice", "fr"), { ...FR, medium: "email" });
    expect(ctx).toMatchObject({ is_letter: false, is_email: true, is_formal_notice: true, is_registered: false });
  });

  test("a formal notice gives deadline_days (8 by default) from its receipt: 3 days after its date by post, at once by e-mail", () => {
    const reminder = fixtureReminder("formal-notice", "fr");
    const { deadline: _ignored, ...withoutDeadline } = reminder;
    expect(buildLetterContext(withoutDeadline, FR)).toMatchObject({ deadline: "2026-12-03", deadline_days: 8 });
    expect(buildLetterContext(withoutDeadline, { ...FR, medium: "email" })).toMatchObject({ deadline: "2026-11-30", deadline_days: 8 });
    const step = { ...reminder.step, deadlineDays: 15 };
    expect(buildLetterContext({ ...withoutDeadline, step }, FR)).toMatchObject({ deadline: "2026-12-10", deadline_days: 15 });
  });

  test("earlier steps have no deadline, and the courtesy letter counts days to the due date", () => {
    const ctx = buildLetterContext(fixtureReminder("courtesy", "fr"), FR);
    expect(ctx).toMatchObject({ has_deadline: false, deadline: "", has_overdue: false, days_to_due: 5, first_due_date: "2026-11-27" });
    expect(ctx.step.label).toBe("rappel d'échéance");
  });

  test("other open items and unapplied credit are there when non-zero", () => {
    const ctx = buildLetterContext(fixtureReminder("reminder-1", "fr"), FR);
    expect(ctx).toMatchObject({ has_other_open: true, other_open_count: 1, other_open_total: 51000, has_unapplied: true, unapplied: 15000 });
    const none = buildLetterContext(fixtureReminder("courtesy", "fr"), FR);
    expect(none).toMatchObject({ has_other_open: false, has_unapplied: false });
  });

  test("a step fee is told apart from the indemnities", () => {
    const reminder = fixtureReminder("reminder-2", "fr");
    const ctx = buildLetterContext({ ...reminder, fees: reminder.fees + 1500, totalClaimed: reminder.totalClaimed + 1500 }, FR);
    expect(ctx).toMatchObject({ step_fee: 1500, has_step_fee: true, indemnity_total: 8000, fees: 9500 });
  });

  test("a long list of invoices is paid under the customer's id", () => {
    const { full } = sampleReminders("reminder-1", AS_OF);
    const lines = [1, 2, 3, 4].map((n) => ({ ...full.lines[0]!, invoice: `F-${n}` }));
    expect(buildLetterContext({ ...full, lines }, FR).payment_reference).toBe("SAMPLE");
    expect(buildLetterContext(full, FR).payment_reference).toBe("SAMPLE-1 SAMPLE-2");
  });

  test("every value is defined, so strict templates can test any of them", () => {
    for (const template of ["courtesy", "formal-notice"]) {
      const { full, bare } = sampleReminders(template, AS_OF);
      for (const reminder of [full, bare]) {
        const ctx = buildLetterContext(reminder, { ...FR, company: {} });
        const walk = (value: unknown, at: string): void => {
          expect(value, at).not.toBeUndefined();
          if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
        };
        walk(ctx, "context");
      }
    }
  });
});
