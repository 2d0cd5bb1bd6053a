// What the last real run read: how many payments, on which day (STATE/inputs.json). A payments
// export that held payments then and holds none now was cut short; one that never held any is a
// business whose customers have not paid yet, which must not be stopped.

import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PlainDate } from "../core/dates.js";

export interface SeenInputs {
  readonly date: PlainDate;
  readonly payments: number;
}

const FILE = "inputs.json";

/** The last real run's counts; undefined before the first (or a file no run could have written). */
export async function readSeenInputs(stateDir: string): Promise<SeenInputs | undefined> {
  try {
    const v = JSON.parse(await readFile(path.join(stateDir, FILE), "utf8")) as Partial<SeenInputs>;
    return typeof v.date === "string" && typeof v.payments === "number" ? { date: v.date, payments: v.payments } : undefined;
  } catch {
    return undefined;
  }
}

/** Written by a real run under the state folder's lock, whole or not at all. */
export async function writeSeenInputs(stateDir: string, seen: SeenInputs): Promise<void> {
  const tmp = path.join(stateDir, `${FILE}.tmp`);
  await writeFile(tmp, `${JSON.stringify(seen)}\n`);
  await rename(tmp, path.join(stateDir, FILE));
}
