// Writing CSV for spreadsheets and scripts: RFC 4180 quoting (csv-stringify), `,` separator,
// `.` decimals. Pure.

import { stringify } from "csv-stringify/sync";

export function renderCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header as string[], ...(rows as string[][])], { record_delimiter: "unix" });
}
