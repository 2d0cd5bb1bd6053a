// Writing CSV for spreadsheets and scripts: RFC 4180 quoting (csv-stringify), `,` separator,
// `.` decimals. Pure.

import type * as CsvStringify from "csv-stringify/sync";
import { lazyModule } from "../lazy-module.js";

export const csvStringify = lazyModule<typeof CsvStringify>("csv-stringify/sync");

export function renderCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return csvStringify().stringify([header as string[], ...(rows as string[][])], { record_delimiter: "unix" });
}
