// `dunning init [DIR]`: starts a project by copying the shipped templates into DIR/templates
// and writing an annotated example DIR/dunning.yaml — for a French, British or American business,
// as --locale or the machine's locale says. Refuses to overwrite without --force.

import { cp, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { EXAMPLE_COMPANIES, type ExampleKind } from "../core/company-example.js";
import { localeFromEnv } from "../io/settings.js";
import { FONTS_FOLDER, SHIPPED_TEMPLATES } from "../io/templates.js";
import type { Context } from "./context.js";

export interface InitOptions {
  readonly dir: string;
  readonly force?: boolean | undefined;
  /** fr-FR, en-GB or en-US: the example's company, currency and law; else the machine's locale. */
  readonly locale?: string | undefined;
}

/** What each field of the company block is for, said beside it in the example; a kind's own words first. */
const COMMENTS: Readonly<Record<string, string>> = {
  siren: "shown on formal notices", signatory: "who signs the letters", locale: "numbers, dates and the language of customers without one",
};
const KIND_COMMENTS: Readonly<Partial<Record<ExampleKind, Readonly<Record<string, string>>>>> = {
  gb: { siren: "company number (Companies House), shown on formal notices" },
};
/** A comment line written after a field, where a kind leaves out the fields that would follow. */
const AFTER: Readonly<Partial<Record<ExampleKind, Readonly<Record<string, string>>>>> = {
  us: { phone: "# iban: / bic: for customers abroad; your bank details otherwise go in the templates" },
};

/** The company block of the example, from its values (core/company-example.ts), one key a line. */
function companyBlock(kind: ExampleKind): string {
  const lines = Object.entries(EXAMPLE_COMPANIES[kind]).flatMap(([key, value]) => {
    const written = /[\n:#,'"]/.test(value) || /^[+\d]/.test(value) ? JSON.stringify(value) : value;
    const line = `  ${key}: ${written}`;
    const comment = KIND_COMMENTS[kind]?.[key] ?? COMMENTS[key];
    const after = AFTER[kind]?.[key];
    return [comment === undefined ? line : `${line.padEnd(30)} # ${comment}`, ...(after === undefined ? [] : [`  ${after}`])];
  });
  return ["company:", ...lines].join("\n");
}

/** Each kind's late-payment law and days to pay a formal notice. */
const LAW = {
  fr: { profile: "fr-b2b", deadline: 8, comment: "" },
  // The Practice Direction on Pre-Action Conduct expects about 14 days in a simple case.
  gb: { profile: "uk", deadline: 14, comment: "" },
  us: { profile: "none", deadline: 10, comment: "   # no statutory late-payment interest in the US: your terms of sale decide" },
} as const;

type Kind = ExampleKind;

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
${companyBlock(kind)}

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
