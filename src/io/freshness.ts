// The last-modified dates of the exports a command reads (the FEC, or the invoices and payments
// exports), as calendar dates in the machine's time zone, for core/freshness.ts. Standard input
// has no date and is left out; a file that cannot be read is the readers' error to report.

import { stat } from "node:fs/promises";
import type { ExportStamp } from "../core/freshness.js";
import { localDate } from "./clock.js";
import { displayName } from "./inputs.js";
import type { Settings } from "./settings.js";

export async function exportStamps(settings: Settings, cwd: string): Promise<ExportStamp[]> {
  const files = settings.fec !== undefined ? [["fec", settings.fec] as const]
    : ([["invoices", settings.invoices], ["payments", settings.payments]] as const);
  const stamps: ExportStamp[] = [];
  for (const [what, file] of files) {
    if (file === undefined || file === "-") continue;
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile()) stamps.push({ file: displayName(file, cwd), what, modified: localDate(info.mtime) });
  }
  return stamps;
}
