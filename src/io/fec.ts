// Loading a French FEC (`--fec`, data.fec) into the invoices and payments every command reads:
// the file is decoded and split like any export, then core/fec.ts reads its customer accounts.

import { isUtf8 } from "node:buffer";
import type { PlainDate } from "../core/dates.js";
import { fromFec } from "../core/fec.js";
import { readExport } from "./csv.js";
import type { Inputs } from "./inputs.js";
import { readOptionsOf, type Settings } from "./settings.js";

/**
 * The FEC's legal character set is ISO 8859-15, where € is byte A4 (¤ in Windows-1252), but much
 * French software writes Windows-1252 anyway. Bytes 80–9F are control codes in ISO 8859-15 and
 * printable only in Windows-1252 (€ œ ’ …): a file without any is read as ISO 8859-15, which
 * changes nothing for the other bytes. Undefined: let the usual detection decide.
 */
function legacyEncodingOf(bytes: Uint8Array): string | undefined {
  if (isUtf8(bytes)) return undefined;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 0x80 && b <= 0x9f) return undefined;
  }
  return "iso-8859-15";
}

export function readFec(bytes: Buffer, shown: string, settings: Settings, customerTerms?: ReadonlyMap<string, string>, asOf?: PlainDate): Inputs {
  // The format has no quoting: a label may start with a " that closes nowhere. Its separator is a
  // tab or |: a csv.delimiter set for the CSV exports (;) does not apply to it.
  const delimiter = settings.csv.delimiter === "\t" || settings.csv.delimiter === "|" ? settings.csv.delimiter : undefined;
  const csv = { delimiter, encoding: settings.csv.encoding ?? legacyEncodingOf(bytes), quoted: false };
  const read = readExport(bytes, shown, csv, (table, found) => fromFec(table, {
    ...readOptionsOf(settings, settings.columns.fec, customerTerms, asOf), accounts: settings.fecAccounts, delimiter: found,
  }));
  return { invoices: read.invoices, payments: read.payments, warnings: read.problems };
}
