// Limitation periods (prescription, domain.md §2.5 and tricky case 20) by legal profile: an invoice
// past its period may not be dunned as if it could still be enforced, and one close to it needs a
// claim or an acknowledgement of debt, which a reminder or a formal notice is not. The period is
// counted from the issue date: the delivery date, the law's usual start, is the same or earlier,
// so the tool errs on the debtor's side. Pure.

import { addDays, addYears, type PlainDate } from "./dates.js";
import type { ProfileName } from "./interest.js";

export interface Limitation {
  /** The last day the debt can be claimed in court. */
  readonly lastDay: PlainDate;
  /** The rule, as a letter or a warning quotes it. */
  readonly rule: string;
}

/** How long before its last day an invoice is said to be running out of time. */
export const WARN_DAYS = 90;

/**
 * The limitation of an invoice issued on `issueDate` under a late-payment profile, or undefined
 * when the profile says nothing of it (`eu`: national law decides; `none`, `custom`).
 */
export function limitationOf(profile: ProfileName, consumer: boolean, issueDate: PlainDate): Limitation | undefined {
  switch (profile) {
    case "fr-b2b":
      return consumer
        ? { lastDay: addYears(issueDate, 2), rule: "2 years against a consumer (art. L218-2 Code de la consommation)" }
        : { lastDay: addYears(issueDate, 5), rule: "5 years (art. L110-4 Code de commerce)" };
    case "de":
      // Three years from the end of the year the claim arose.
      return { lastDay: `${Number(issueDate.slice(0, 4)) + 3}-12-31`, rule: "3 years from the end of the year it arose (§§ 195, 199 BGB)" };
    case "uk":
      return { lastDay: addYears(issueDate, 6), rule: "6 years (Limitation Act 1980, s. 5)" };
    default:
      return undefined;
  }
}

/** `barred` after the last day; `ending` within WARN_DAYS of it. */
export function limitationState(limitation: Limitation | undefined, asOf: PlainDate): "barred" | "ending" | "running" {
  if (limitation === undefined) return "running";
  if (asOf > limitation.lastDay) return "barred";
  return asOf >= addDays(limitation.lastDay, -WARN_DAYS) ? "ending" : "running";
}
