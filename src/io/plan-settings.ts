// dunning.yaml's scenarios, customer rules, late-payment profile and segment thresholds turned
// into the domain values the planner takes, with the example ladder as the default scenario.

import path from "node:path";
import { makeProfile, type LatePaymentProfile, type ProfileName } from "../core/interest.js";
import type { ScenarioRule } from "../core/plan.js";
import type { Scenario, Step } from "../core/reminder.js";
import { DEFAULT_SEGMENT_THRESHOLDS, type SegmentThresholds } from "../core/segments.js";
import type { ConfigFile } from "./config-schema.js";

/** The ladder used when dunning.yaml defines no scenario (the README's example). */
export const DEFAULT_SCENARIO: Scenario = {
  id: "standard",
  minDaysBetween: 7,
  catchUp: "next",
  steps: [
    { id: "courtesy", offset: -5, channel: "email", template: "courtesy" },
    { id: "reminder-1", offset: 7, channel: "email", template: "reminder-1" },
    { id: "reminder-2", offset: 15, channel: "email", template: "reminder-2" },
    { id: "call", offset: 20, channel: "phone" },
    { id: "formal-notice", offset: 30, channel: "letter", template: "formal-notice", minAmount: "100", deadlineDays: 8 },
  ],
};

export interface PlanSettings {
  readonly scenarios: ReadonlyMap<string, Scenario>;
  readonly defaultScenario: string;
  readonly rules: readonly ScenarioRule[];
  readonly profile: LatePaymentProfile;
  readonly thresholds: SegmentThresholds;
  /** Absolute folder of the journal, lock and outbox. */
  readonly stateDir: string;
  readonly holdsPath: string;
  /** data.holds names the file (else the default holds.csv, which may not exist). */
  readonly holdsNamed: boolean;
  readonly decisionsPath: string | undefined;
  readonly templatesDir: string | undefined;
}

function toStep(s: NonNullable<ConfigFile["scenarios"]>[string]["steps"][number]): Step {
  const step: { -readonly [K in keyof Step]: Step[K] } = { id: s.id, offset: s.offset, channel: s.channel };
  if (s.channel !== "phone") step.template = s.template ?? s.id;
  if (s.min_amount !== undefined) step.minAmount = s.min_amount;
  if (s.min_days_between !== undefined) step.minDaysBetween = s.min_days_between;
  if (s.deadline_days !== undefined) step.deadlineDays = s.deadline_days;
  if (s.fee !== undefined) {
    step.fee = { ...(s.fee.fixed !== undefined ? { fixed: s.fee.fixed } : {}), ...(s.fee.percent !== undefined ? { percent: s.fee.percent } : {}) };
  }
  if (s.attach_pdf !== undefined) step.attachPdf = s.attach_pdf;
  return step;
}

/** Percent as written (`2.15`) → hundredths of a percent, without float drift. */
function hundredths(percent: number): number {
  return Math.round(percent * 100);
}

export function resolvePlanSettings(config: ConfigFile, baseDir: string): PlanSettings {
  const written = Object.entries(config.scenarios ?? {});
  const scenarios = new Map<string, Scenario>(written.length === 0 ? [["standard", DEFAULT_SCENARIO]] : written.map(([id, s]) => [id, {
    id, minDaysBetween: s.min_days_between ?? 7, catchUp: s.catch_up ?? "next", steps: s.steps.map(toStep),
  }]));
  const rules: ScenarioRule[] = (config.customers?.rules ?? []).map((r) => ({
    scenario: r.scenario, ...(r.ids !== undefined ? { ids: r.ids } : {}), ...(r.segment !== undefined ? { segment: r.segment } : {}),
  }));
  const lp = config.late_payment ?? {};
  const table = (list: readonly { period: string; rate: number }[] | undefined): Record<string, number> =>
    Object.fromEntries((list ?? []).map((r) => [r.period, hundredths(r.rate)]));
  const profile = makeProfile({
    profile: (lp.profile ?? "none") as ProfileName, rates: table(lp.rates), legalRates: table(lp.legal_rates),
    ...(lp.rate !== undefined ? { rate: lp.rate === "3x_legal" ? lp.rate : hundredths(lp.rate) } : {}), ...(lp.fixed_fee !== undefined ? { fixedFee: lp.fixed_fee, currency: config.company?.currency ?? "EUR" } : {}),
  });
  const seg = config.segments ?? {};
  return {
    scenarios,
    defaultScenario: config.customers?.default_scenario ?? "standard",
    rules,
    profile,
    thresholds: {
      minHistory: seg.min_history ?? DEFAULT_SEGMENT_THRESHOLDS.minHistory,
      atRiskDaysOverdue: seg.at_risk_days_overdue ?? DEFAULT_SEGMENT_THRESHOLDS.atRiskDaysOverdue,
      goodMaxAvgDaysLate: seg.good_max_avg_days_late ?? DEFAULT_SEGMENT_THRESHOLDS.goodMaxAvgDaysLate,
      goodMaxShareLate: seg.good_max_share_late ?? DEFAULT_SEGMENT_THRESHOLDS.goodMaxShareLate,
    },
    stateDir: path.resolve(baseDir, config.state ?? ".dunning"),
    holdsPath: path.resolve(baseDir, config.data?.holds ?? "holds.csv"),
    holdsNamed: config.data?.holds !== undefined,
    decisionsPath: config.data?.decisions === undefined ? undefined : path.resolve(baseDir, config.data.decisions),
    templatesDir: config.templates === undefined ? undefined : path.resolve(baseDir, config.templates),
  };
}
