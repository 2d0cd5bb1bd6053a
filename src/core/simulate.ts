// The ladder day by day: plans every day up to a date as if nothing were paid and every reminder
// were sent, so a scenario can be checked before it reaches a customer. Pure.

import { addDays, type PlainDate } from "./dates.js";
import { planReminders, type PlanInput } from "./plan.js";
import { recordsOf, type Reminder, type StepRecord } from "./reminder.js";

export interface SimulatedDay {
  readonly date: PlainDate;
  readonly reminders: readonly Reminder[];
}

/** Days (after `input.asOf`, up to `to` inclusive, at most `maxDays`) on which something goes out. */
export function simulate(input: PlanInput, to: PlainDate, maxDays = 400): SimulatedDay[] {
  const days: SimulatedDay[] = [];
  let history: StepRecord[] = [...input.history];
  for (let date = input.asOf, n = 0; date <= to && n < maxDays; date = addDays(date, 1), n++) {
    const plan = planReminders({ ...input, asOf: date, history });
    if (plan.reminders.length === 0) continue;
    days.push({ date, reminders: plan.reminders });
    history = history.concat(plan.reminders.flatMap((r) => recordsOf(r, date)));
  }
  return days;
}
