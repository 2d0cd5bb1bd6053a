// `dunning init [DIR]`: starts a project by copying the shipped templates into DIR/templates
// and writing an annotated example DIR/dunning.yaml — for a French, British or American business,
// as --locale or the machine's locale says. Refuses to overwrite without --force.

import { cp, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { localeFromEnv } from "../io/settings.js";
import { FONTS_FOLDER, SHIPPED_TEMPLATES } from "../io/templates.js";
import type { Context } from "./context.js";

export interface InitOptions {
  readonly dir: string;
  readonly force?: boolean | undefined;
  /** fr-FR, en-GB or en-US: the example's company, currency and law; else the machine's locale. */
  readonly locale?: string | undefined;
}

/** The company block for each kind of business init knows: the machine's locale decides. */
const COMPANY_BLOCKS = {
  fr: `company:
  name: Your Company SARL
  address: "1 rue de l'Exemple\\n75001 Paris"
  email: accounts@your-company.example
  phone: "+33 1 00 00 00 00"
  siren: "000 000 000"         # shown on formal notices
  vat: FR00000000000
  iban: FR76 0000 0000 0000 0000 0000 000
  bic: XXXXFRPP
  signatory: "Prénom Nom, gérant"   # who signs the letters
  locale: fr-FR                # numbers, dates and the language of customers without one
  currency: EUR`,
  gb: `company:
  name: Your Company Ltd
  address: "1 Example Street\\nLondon\\nEC1A 1AA"
  email: accounts@your-company.example
  phone: "+44 20 0000 0000"
  siren: "00000000"            # company number (Companies House), shown on formal notices
  vat: GB000000000
  iban: GB00 XXXX 0000 0000 0000 00
  bic: XXXXGB2L
  signatory: "Your Name, Director"   # who signs the letters
  locale: en-GB                # numbers, dates and the language of customers without one
  currency: GBP`,
  us: `company:
  name: Your Company LLC
  address: "1 Example Street\\nSpringfield, IL 62701"
  email: accounts@your-company.example
  phone: "+1 555 000 0000"
  # iban: / bic: for customers abroad; your bank details otherwise go in the templates
  signatory: "Your Name, Owner"   # who signs the letters
  locale: en-US                # numbers, dates and the language of customers without one
  currency: USD`,
} as const;

/** Each kind's late-payment law and days to pay a formal notice. */
const LAW = {
  fr: { profile: "fr-b2b", deadline: 8, comment: "" },
  // The Practice Direction on Pre-Action Conduct expects about 14 days in a simple case.
  gb: { profile: "uk", deadline: 14, comment: "" },
  us: { profile: "none", deadline: 10, comment: "   # no statutory late-payment interest in the US: your terms of sale decide" },
} as const;

type Kind = keyof typeof COMPANY_BLOCKS;

/** The kind of business a locale (`fr-FR`, `en_GB.UTF-8`) suggests: French unless it says English. */
export function initKind(locale: string | undefined): Kind {
  const l = (locale ?? "").replace("_", "-").toLowerCase();
  if (l.startsWith("en-us")) return "us";
  return l.startsWith("en") ? "gb" : "fr";
}

/** The example configuration: every key a new user is likely to change, with what it does. */
export function exampleConfig(kind: Kind): string {
  const law = LAW[kind];
  return `# dunning configuration. Paths are relative to this file. Edit the company block first:
# it fills the letterhead, the payment details and the signature of every letter (dunning check
# and every run warn while it still holds these examples).
${COMPANY_BLOCKS[kind]}

data:
  invoices: invoices.csv       # export of your accounting software (CSV, any usual encoding)
  payments: payments.csv
  # fec: 123456789FEC20261231.txt   # or the general-ledger export (FEC) instead of both
  # holds: holds.csv           # disputes, payment promises (dunning hold appends here)

late_payment:
  profile: ${law.profile}${law.comment || "              # none | fr-b2b | eu | uk | de | custom"}

scenarios:
  standard:
    min_days_between: 7
    catch_up: next
    steps:
      - {id: courtesy, offset: -5, channel: email, template: courtesy}
      - {id: reminder-1, offset: 7, channel: email, template: reminder-1}
      - {id: reminder-2, offset: 15, channel: email, template: reminder-2}
      - {id: call, offset: 20, channel: phone}
      - {id: formal-notice, offset: 30, channel: letter, template: formal-notice, min_amount: 100, deadline_days: ${law.deadline}}

customers:
  default_scenario: standard

# Your copy of the letters: a file here replaces the shipped file of the same name
# (templates/fr/reminder-1.text.hbs, templates/en/partials/signature.html.hbs, …).
templates: templates

state: .dunning                # journal, lock and outbox

# smtp:
#   url: smtp://smtp.your-company.example:587   # credentials: DUNNING_SMTP_USER / DUNNING_SMTP_PASSWORD
#   from: "Your Company <accounts@your-company.example>"
`;
}

/**
 * The company fields that still hold what init wrote: letters would be signed "Your Company SARL"
 * and ask for payment to an IBAN of zeros. Said by every command that plans messages.
 */
export function stillExample(company: Readonly<Record<string, unknown>>): string[] {
  const text = (key: string): string => (typeof company[key] === "string" ? (company[key] as string) : "");
  const fields: [string, boolean][] = [
    ["name", /^Your Company\b/.test(text("name"))],
    ["email", /@your-company\.example$/.test(text("email"))],
    ["iban", /^(FR76|GB00) (0000|XXXX) 0000/.test(text("iban"))],
    ["siren", text("siren") !== "" && /^[0\s]+$/.test(text("siren"))],
    ["signatory", /^(Prénom Nom|Your Name),/.test(text("signatory"))],
  ];
  return fields.filter(([, example]) => example).map(([key]) => `company.${key}`);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

export async function runInit(ctx: Context, options: InitOptions): Promise<number> {
  const dir = path.resolve(ctx.cwd, options.dir);
  const config = path.join(dir, "dunning.yaml");
  const templates = path.join(dir, "templates");
  if (!options.force) {
    const taken = [];
    for (const target of [config, templates]) if (await exists(target)) taken.push(target);
    if (taken.length > 0) {
      throw new InputError(taken.map((file) => problem("error", "init_exists", `${path.relative(ctx.cwd, file) || file} already exists; nothing was written`, {
        hint: "pass --force to overwrite it, or choose another folder",
      })));
    }
  }
  await mkdir(dir, { recursive: true });
  // force: shipped files replace same-named ones; the user's other files stay.
  await cp(SHIPPED_TEMPLATES, templates, { recursive: true, force: true, filter: (from) => path.relative(SHIPPED_TEMPLATES, from) !== FONTS_FOLDER });
  await writeFile(config, exampleConfig(initKind(options.locale ?? localeFromEnv(ctx.env))), "utf8");
  if (!ctx.options.quiet) {
    const shown = path.relative(ctx.cwd, dir) || ".";
    const here = shown === ".";
    ctx.stdout(`wrote ${path.join(shown, "dunning.yaml")} and ${path.join(shown, "templates")}/\nnext: edit the company block, save your exports as invoices.csv and payments.csv ${here ? "here" : `in ${shown}`} (or point data: at them), then run: ${here ? "dunning check" : `cd ${shown} && dunning check`}\n`);
  }
  return 0;
}
