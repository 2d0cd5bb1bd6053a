// Payment terms as exports write them (core/terms.ts): days, net days beside a discount, end of
// month in either order, a day of the next month, on receipt, a date written out; and the terms
// that give no one date. Issue date 2026-01-15 throughout.

import { describe, expect, it } from "vitest";
import { dueFromTerms } from "../../src/core/terms.js";

describe("dueFromTerms", () => {
  it.each([
    ["fin de mois + 45 jours", "2026-03-17"],
    ["EOM + 30", "2026-03-02"],
    ["Net 60 days from end of month", "2026-04-01"],
    ["45 JFDM", "2026-03-31"],
    ["30JFM", "2026-02-28"],
    ["Net 10th of following month", "2026-02-10"],
    ["Due 15th of next month", "2026-02-15"],
    ["1er du mois suivant", "2026-02-01"],
    ["Due 2026-02-15", "2026-02-15"],
    ["Due by 15 Feb 2026", "2026-02-15"],
    ["en 3 fois", undefined],
    ["3 x sans frais", undefined],
    ["Pénalités de retard : 3 fois le taux légal ; 30 jours", "2026-02-14"],
    ["30 jours, pénalités 10%", "2026-02-14"],
    ["Escompte 2% à 10 jours, net à 30 jours", "2026-02-14"],
    ["Payable à réception, escompte 2% sous 8 jours", "2026-01-15"],
    ["le 31", "2026-01-31"],
    ["30 jours fin de mois le 10", "2026-03-10"],
    ["100% à la commande", "2026-01-15"],
    ["2/10 Net 30", "2026-02-14"],
    ["1/3 à 30 jours, 1/3 à 60 jours", undefined],
    ["60 jours fin de mois le 10", "2026-04-10"],
    ["le 10 du mois suivant", "2026-02-10"],
    ["30 jours net", "2026-02-14"],
    ["Net 45", "2026-03-01"],
    ["45 jours fin de mois", "2026-03-31"],
    ["à réception", "2026-01-15"],
    ["Virement", undefined],
    ["Paiement à la livraison", "2026-01-15"],
    ["fin de mois", "2026-01-31"],
    ["30", "2026-02-14"],
    ["Net 30 EOM", "2026-02-28"],
    ["30 j FDM", "2026-02-28"],
    ["selon contrat", undefined],
    ["45 jours date de facture", "2026-03-01"],
    ["30 days net", "2026-02-14"],
    ["à 30 jours", "2026-02-14"],
    ["paiement comptant à réception", "2026-01-15"],
    ["60 jours nets", "2026-03-16"],
    ["30 jours le 15", "2026-02-15"],
    ["Due on receipt", "2026-01-15"],
    ["Payable immediately", "2026-01-15"],
    ["50% à la commande, solde à la livraison", undefined],
    ["LCR à 60 jours", "2026-03-16"],
    ["Net 7", "2026-01-22"],
    ["0 jours", "2026-01-15"],
    ["Paiement à 30 jours fin de mois, le 10", "2026-03-10"],
    ["30 jours FDM le 10", "2026-03-10"],
    ["Facture du 15/01/2026, à 30 jours", "2026-02-14"],
    ["Date de facture 15/01/2026 - 45 jours fin de mois", "2026-03-31"],
    ["30 jours à compter du 01/02/2026", "2026-03-03"],
    ["Net 30 from 1 Feb 2026", "2026-03-03"],
    ["2 mois", "2026-03-15"],
    ["payable in 2 weeks", "2026-01-29"],
    ["1 month", "2026-02-15"],
    ["30  JOURS   FIN  DE  MOIS", "2026-02-28"],
    ["30 jours fin du mois", "2026-02-28"],
    ["30 jours fin-de-mois", "2026-02-28"],
    ["30 days end-of-month", "2026-02-28"],
    ["Net 30 E.O.M.", "2026-02-28"],
    ["30EOM", "2026-02-28"],
    ["Commande 2026D, 30 jours", "2026-02-14"],
    ["Facture FA-123J à 30 jours fin de mois", "2026-02-28"],
    ["30 jours, TVA 20 %", "2026-02-14"],
    ["Livraison sous 15 jours, paiement à 30 jours", "2026-02-14"],
    ["Facture 2026-001 à 30 jours", "2026-02-14"],
    ["le 10 du mois suivant, net 45 fin de mois", "2026-04-10"],
    ["10 du mois suivant, net 45 fin de mois", "2026-04-10"],
    ["2 mois fin de mois", "2026-03-31"],
    ["1 mois le 10", "2026-03-10"],
    ["6 semaines fin de mois", "2026-02-28"],
    ["le 0", undefined],
  ] as const)("%s → %s", (terms, due) => {
    expect(dueFromTerms(terms, "2026-01-15")).toBe(due);
  });

  it.each([
    ["45 jours fin de mois", "2026-03-17"],
    ["30 jours fin de mois le 10", "2026-03-10"],
    ["fin de mois + 45 jours", "2026-03-17"],
  ] as const)("counts %s from the end of the issue month with month_end_then_days → %s", (terms, due) => {
    expect(dueFromTerms(terms, "2026-01-15", "month_end_then_days")).toBe(due);
  });
});
