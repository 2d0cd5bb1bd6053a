// Checks across keys of dunning.yaml that a schema cannot express (a rule naming a scenario that
// does not exist, steps out of order, duplicate step ids), returned as data with the key path so
// the loader can point at the line.

import { currencyExponent, parseMajor } from "../core/money.js";
import type { ConfigFile } from "./config-schema.js";

export interface RuleIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint: string;
}

export function checkConfigRules(config: ConfigFile): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const scenarios = Object.keys(config.scenarios ?? {});
  for (const [name, scenario] of Object.entries(config.scenarios ?? {})) {
    const seen = new Set<string>();
    scenario.steps.forEach((step, i) => {
      const at = ["scenarios", name, "steps", i];
      if (seen.has(step.id)) issues.push({ path: [...at, "id"], message: `step id "${step.id}" is used twice in scenario ${name}`, hint: "give each step its own id: the journal records steps by id" });
      seen.add(step.id);
      const previous = scenario.steps[i - 1];
      if (previous && step.offset <= previous.offset) {
        issues.push({ path: [...at, "offset"], message: `step ${step.id} (offset ${step.offset}) comes after ${previous.id} (offset ${previous.offset})`, hint: "list steps in increasing offset order" });
      }
      if (step.channel !== "phone" && step.template === undefined && !/^[a-z0-9-]+$/.test(step.id)) {
        issues.push({ path: at, message: `step ${step.id} has no template`, hint: "add template: reminder-1 (or another template name)" });
      }
    });
  }
  const known = new Set(scenarios.length > 0 ? scenarios : ["standard"]);
  const def = config.customers?.default_scenario;
  if (def !== undefined && !known.has(def)) {
    issues.push({ path: ["customers", "default_scenario"], message: `default_scenario "${def}" is not defined under scenarios`, hint: `define it, or use one of: ${[...known].join(", ")}` });
  }
  if (def === undefined && scenarios.length > 0 && !known.has("standard")) {
    issues.push({ path: ["customers"], message: "no customers.default_scenario and no scenario named standard", hint: `set customers.default_scenario to one of: ${[...known].join(", ")}` });
  }
  (config.customers?.rules ?? []).forEach((rule, i) => {
    if (!known.has(rule.scenario)) {
      issues.push({ path: ["customers", "rules", i, "scenario"], message: `scenario "${rule.scenario}" is not defined under scenarios`, hint: `use one of: ${[...known].join(", ")}` });
    }
    if (rule.ids === undefined && rule.segment === undefined) {
      issues.push({ path: ["customers", "rules", i], message: "this rule matches no customer", hint: "give it ids: [...] or segment: good_payer" });
    }
  });
  checkLatePayment(config, issues);
  checkMatching(config, issues);
  return issues;
}

/**
 * A rate or fee the profile would not use is an error, not a key read and ignored: a French
 * company writing its conditions of sale's rate under eu would be charging the directive's.
 */
function checkLatePayment(config: ConfigFile, issues: RuleIssue[]): void {
  const lp = config.late_payment;
  if (lp === undefined) return;
  const profile = lp.profile ?? "none";
  if (profile === "custom" && lp.rate === undefined) {
    issues.push({ path: ["late_payment"], message: "the custom profile needs a rate", hint: "add rate: 10 (annual percent) and optionally fixed_fee: 40" });
  }
  if (profile === "custom" && lp.rate === "3x_legal") {
    issues.push({ path: ["late_payment", "rate"], message: "3x_legal is French law's rate (three times the legal rate)", hint: "use profile: fr-b2b with rate: 3x_legal, or give the custom profile an annual percent" });
  }
  if (lp.rate !== undefined && profile !== "custom" && profile !== "fr-b2b") {
    const what = profile === "none" ? "the none profile (the default) charges no interest" : `the ${profile} profile charges its statutory rate and has no rate of its own`;
    issues.push({ path: ["late_payment", "rate"], message: what, hint: "remove rate, or use profile: custom (your rate, no law cited) or fr-b2b (your conditions of sale's rate under French law)" });
  }
  if (lp.fixed_fee !== undefined && profile !== "custom") {
    issues.push({ path: ["late_payment", "fixed_fee"], message: `the ${profile} profile's indemnity is set by its law, not by fixed_fee`, hint: "remove fixed_fee, or use profile: custom with rate and fixed_fee" });
  }
}

type MatchingMoney = Pick<NonNullable<ConfigFile["matching"]>, "tolerance_abs" | "fee_max" | "fee_amounts" | "min_unique_amount">;

/**
 * Money thresholds must be amounts of the currency they apply to: `0.5` is no amount of yen. The
 * top-level ones are checked against company.currency; other currencies meet them at run time.
 */
function checkMatching(config: ConfigFile, issues: RuleIssue[]): void {
  const m = config.matching;
  if (m === undefined) return;
  const check = (o: MatchingMoney, currency: string, at: readonly (string | number)[]): void => {
    const amount = (value: string | undefined, path: readonly (string | number)[], positive: boolean): void => {
      if (value === undefined) return;
      const minor = parseMajor(value, currency);
      if (minor === undefined) {
        const places = currencyExponent(currency);
        issues.push({ path, message: `${value} is not an amount in ${currency} (${places === 0 ? "no decimals" : `at most ${places} decimals`})`, hint: `write it in major units of ${currency}${at.length > 1 ? "" : `, or override it under matching.currencies.${currency}`}` });
      } else if (positive && minor === 0) {
        issues.push({ path, message: "a fee amount of 0 means nothing", hint: "list the charges banks take, e.g. [5, 7.5, 10]" });
      }
    };
    amount(o.tolerance_abs, [...at, "tolerance_abs"], false);
    amount(o.fee_max, [...at, "fee_max"], false);
    amount(o.min_unique_amount, [...at, "min_unique_amount"], false);
    (o.fee_amounts ?? []).forEach((v, i) => amount(v, [...at, "fee_amounts", i], true));
  };
  check(m, config.company?.currency ?? "EUR", ["matching"]);
  for (const [currency, o] of Object.entries(m.currencies ?? {})) check(o, currency, ["matching", "currencies", currency]);
  for (const [payer, customers] of Object.entries(m.alternative_payers ?? {})) {
    if (customers.includes(payer)) {
      issues.push({ path: ["matching", "alternative_payers", payer], message: `${payer} is listed as an alternative payer of itself`, hint: "list the other customers whose invoices it pays" });
    }
  }
}
