// Instants of the machine (its clock, a file's modification time) as calendar dates in its time
// zone (TZ): the one place a Date becomes a PlainDate.

import type { PlainDate } from "../core/dates.js";

export function localDate(instant: Date): PlainDate {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}
