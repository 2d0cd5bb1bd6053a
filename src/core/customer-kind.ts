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

type Kind = "consumer" | "business" | undefined;

// Exports repeat a handful of values on every row, and planning asks up to three times per invoice.
const known = new Map<string, Kind>();

/** `consumer`, `business` (also when no type is given), or undefined for a value not understood. */
export function customerKind(type: string): Kind {
  if (type === "") return "business";
  if (known.has(type)) return known.get(type);
  const key = stripAccents(type).toLowerCase().trim().replace(/\s+/g, " ");
  const kind = CONSUMER.has(key) ? "consumer" : BUSINESS.has(key) ? "business" : undefined;
  if (known.size < 1000) known.set(type, kind);
  return kind;
}
