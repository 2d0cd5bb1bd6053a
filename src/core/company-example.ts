// The example company `dunning init` writes into a new dunning.yaml, for a French, a British and
// an American business, and the test that a configuration still holds it: letters signed "Your
// Company SARL" asking for payment to an IBAN of zeros must not go out unnoticed. Pure.

export type ExampleKind = "fr" | "gb" | "us";

/** The company block's example values, per kind (absent: the kind has no such field). */
export const EXAMPLE_COMPANIES: Readonly<Record<ExampleKind, Readonly<Record<string, string>>>> = {
  fr: {
    name: "Your Company SARL", address: "1 rue de l'Exemple\n75001 Paris", email: "accounts@your-company.example", phone: "+33 1 00 00 00 00",
    siren: "000 000 000", vat: "FR00000000000", iban: "FR76 0000 0000 0000 0000 0000 000", bic: "XXXXFRPP", signatory: "Prénom Nom, gérant",
    locale: "fr-FR", currency: "EUR",
  },
  gb: {
    name: "Your Company Ltd", address: "1 Example Street\nLondon\nEC1A 1AA", email: "accounts@your-company.example", phone: "+44 20 0000 0000",
    siren: "00000000", vat: "GB000000000", iban: "GB00 XXXX 0000 0000 0000 00", bic: "XXXXGB2L", signatory: "Your Name, Director",
    locale: "en-GB", currency: "GBP",
  },
  us: {
    name: "Your Company LLC", address: "1 Example Street\nSpringfield, IL 62701", email: "accounts@your-company.example", phone: "+1 555 000 0000",
    signatory: "Your Name, Owner", locale: "en-US", currency: "USD",
  },
};

/** The fields a letter prints whose example value says nothing true of a real business. */
const TELLING = ["name", "email", "iban", "siren", "signatory"] as const;

/** The company fields that still hold an example value of dunning init, as `company.name`, …. */
export function stillExample(company: Readonly<Record<string, unknown>>): string[] {
  return TELLING.filter((key) => Object.values(EXAMPLE_COMPANIES).some((example) => example[key] !== undefined && company[key] === example[key]))
    .map((key) => `company.${key}`);
}
