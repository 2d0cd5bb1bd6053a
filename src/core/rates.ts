// Statutory late-payment reference rates per half-year, shipped as data with their sources
// (domain.md §1.5, §3.2, §3.3). Rates are hundredths of a percent (215 = 2.15 %). Extend or
// correct them in dunning.yaml under late_payment.rates; never extrapolated silently. Pure.

/** `2026-H1` → reference rate in hundredths of a percent. */
export type RateTable = Readonly<Record<string, number>>;

export interface RateSource {
  readonly rates: RateTable;
  readonly source: string;
}

/** ECB main refinancing rate in force on 1 January / 1 July (FR L441-10, EU 2011/7 art. 3(2)). */
export const ECB_MRO: RateSource = {
  rates: {
    "2020-H1": 0, "2020-H2": 0, "2021-H1": 0, "2021-H2": 0,
    "2022-H1": 0, "2022-H2": 0, "2023-H1": 250, "2023-H2": 400, "2024-H1": 450, "2024-H2": 425,
    "2025-H1": 315, "2025-H2": 215, "2026-H1": 215,
  },
  // Before 2022 (not in domain.md's table): 0.00 % from 16 March 2016 to 26 July 2022, so a debt
  // still within France's five-year limitation is not charged a later rate.
  source: "ECB MRO rate on the first day of each half-year (ECB decisions; see domain.md §1.5-1.6)",
};

/**
 * French taux de l'intérêt légal for a professional creditor ("autres cas", domain.md §1.7): what a
 * consumer owes from the formal notice (art. 1344-1, 1231-6 Code civil), set each half-year by arrêté.
 */
export const FR_LEGAL_RATE: RateSource = {
  rates: {
    "2022-H1": 76, "2022-H2": 77, "2023-H1": 206, "2023-H2": 422, "2024-H1": 507, "2024-H2": 492,
    "2025-H1": 371, "2025-H2": 276, "2026-H1": 262,
  },
  source: "Taux de l'intérêt légal, autres cas, by arrêté each half-year (see domain.md §1.7)",
};

/** Bundesbank Basiszinssatz (BGB §247), set on 1 January / 1 July. */
export const DE_BASISZINSSATZ: RateSource = {
  rates: {
    "2020-H1": -88, "2020-H2": -88, "2021-H1": -88, "2021-H2": -88,
    "2022-H1": -88, "2022-H2": -88, "2023-H1": 162, "2023-H2": 312, "2024-H1": 362, "2024-H2": 337,
    "2025-H1": 227, "2025-H2": 127, "2026-H1": 127,
  },
  // Before 2022: −0.88 % from 1 July 2016 to 31 December 2022.
  source: "Deutsche Bundesbank Basiszinssatz, BGB §247 (see domain.md §3.3)",
};

/** Bank of England base rate on 31 December / 30 June before the half-year (SI 2002/1675). */
export const UK_BASE_RATE: RateSource = {
  rates: {
    "2020-H1": 75, "2020-H2": 10, "2021-H1": 10, "2021-H2": 10,
    "2022-H1": 25, "2022-H2": 125, "2023-H1": 350, "2023-H2": 500, "2024-H1": 525, "2024-H2": 525,
    "2025-H1": 475, "2025-H2": 425, "2026-H1": 375,
  },
  // Before 2022 (not in domain.md's table), within England's six-year limitation: Bank Rate 0.75 %
  // from 2 August 2018 to 10 March 2020, 0.10 % from 19 March 2020 to 15 December 2021.
  source: "Bank of England base rate on 31 Dec / 30 Jun (Late Payment of Commercial Debts (Rate of Interest) Order; see domain.md §3.2)",
};

/** `2026-07-15` → `2026-H2`. */
export function halfYearOf(date: string): string {
  return `${date.slice(0, 4)}-${Number(date.slice(5, 7)) <= 6 ? "H1" : "H2"}`;
}

/** First day of the half-year after the one containing `date`. */
export function nextHalfYearStart(date: string): string {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) <= 6 ? `${year}-07-01` : `${year + 1}-01-01`;
}
