// Business or consumer, from the customer_type an export or the customers file gives: it decides
// whether late-payment interest at the business rate, the fixed recovery indemnity and a step's fee
// may be claimed at all, and which limitation period runs. Values in the words exports use
// (English, French, German); anything else is said, not read as a business in silence. Pure.

import { stripAccents } from "./text.js";

const CONSUMER = new Set([
  "b2c", "consumer", "consumers", "individual", "individuals", "private", "private individual", "private person",
  "particulier", "particuliers", "part", "consommateur", "consommateurs", "consommatrice", "personne physique", "prive", "privee",
  "non professionnel", "non-professionnel", "verbraucher", "verbraucherin", "privatkunde", "privatperson",
]);

const BUSINESS = new Set([
  "b2b", "business", "businesses", "company", "corporate", "commercial", "trade", "b2g", "public sector",
  "professionnel", "professionnels", "pro", "entreprise", "societe", "personne morale", "administration",
  "unternehmen", "firma", "firmenkunde", "gewerbe", "gewerblich", "geschaftskunde",
]);

/** `consumer`, `business` (also when no type is given), or undefined for a value not understood. */
export function customerKind(type: string): "consumer" | "business" | undefined {
  if (type === "") return "business";
  const key = stripAccents(type).toLowerCase().trim().replace(/\s+/g, " ");
  if (CONSUMER.has(key)) return "consumer";
  return BUSINESS.has(key) ? "business" : undefined;
}
