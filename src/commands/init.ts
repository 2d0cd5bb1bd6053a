// `dunning init [DIR]`: starts a project by copying the shipped templates into DIR/templates
// and writing an annotated example DIR/dunning.yaml. Refuses to overwrite without --force.

import { cp, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { FONTS_FOLDER, SHIPPED_TEMPLATES } from "../io/templates.js";
import type { Context } from "./context.js";

export interface InitOptions {
  readonly dir: string;
  readonly force?: boolean | undefined;
}

/** The example configuration: every key a new user is likely to change, with what it does. */
export const EXAMPLE_CONFIG = `# dunning configuration. Paths are relative to this file. Edit the company block first:
# it fills the letterhead, the payment details and the signature of every letter.
company:
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
  currency: EUR

data:
  invoices: invoices.csv       # export of your accounting software (CSV, any usual encoding)
  payments: payments.csv
  # fec: 123456789FEC20261231.txt   # or the general-ledger export (FEC) instead of both
  # holds: holds.csv           # disputes, payment promises (dunning hold appends here)

late_payment:
  profile: fr-b2b              # none | fr-b2b | eu | uk | de | custom

scenarios:
  standard:
    min_days_between: 7
    catch_up: next
    steps:
      - {id: courtesy, offset: -5, channel: email, template: courtesy}
      - {id: reminder-1, offset: 7, channel: email, template: reminder-1}
      - {id: reminder-2, offset: 15, channel: email, template: reminder-2}
      - {id: call, offset: 20, channel: phone}
      - {id: formal-notice, offset: 30, channel: letter, template: formal-notice, min_amount: 100, deadline_days: 8}

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
  await writeFile(config, EXAMPLE_CONFIG, "utf8");
  if (!ctx.options.quiet) {
    const shown = path.relative(ctx.cwd, dir) || ".";
    const here = shown === ".";
    ctx.stdout(`wrote ${path.join(shown, "dunning.yaml")} and ${path.join(shown, "templates")}/\nnext: edit the company block, save your exports as invoices.csv and payments.csv ${here ? "here" : `in ${shown}`} (or point data: at them), then run: ${here ? "dunning check" : `cd ${shown} && dunning check`}\n`);
  }
  return 0;
}
