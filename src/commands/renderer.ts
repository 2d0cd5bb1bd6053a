// The renderer every command uses for messages: the Handlebars letters (shipped templates,
// overridden file by file by the user's `templates:` folder), with the settings of this run.

import type { LedgerItemLike } from "./debtors.js";
import { debtorsFrom } from "./debtors.js";
import { createLetterRenderer, type LetterRenderer, type LetterSettings } from "../io/letters.js";
import type { Context } from "./context.js";
import type { Planning } from "./pipeline.js";

function letterSettings(ctx: Context, planning: Planning): LetterSettings {
  return {
    asOf: ctx.asOf,
    company: planning.settings.company,
    locale: planning.settings.locale,
    currency: planning.settings.currency,
    templates: planning.plan.templatesDir,
    debtors: debtorsFrom(planning.ledger.items as readonly LedgerItemLike[]),
    latePayment: planning.plan.profile.name,
  };
}

export function loadRenderer(ctx: Context, planning: Planning): Promise<LetterRenderer> {
  return createLetterRenderer(letterSettings(ctx, planning));
}
