// One place where flags, environment and dunning.yaml merge into the settings a command runs
// with: flags win over the environment, which wins over the file, which wins over defaults.
// Pure: the caller passes the environment and the loaded file in.

import path from "node:path";
import { DEFAULT_BUCKETS, type AgingBasis } from "../core/aging.js";
import type { DayMonthOrder } from "../core/dates.js";
import type { ConfigFile } from "./config-schema.js";
import type { LoadedConfig } from "./config.js";

export interface InputFlags {
  readonly invoices?: string | undefined;
  readonly payments?: string | undefined;
}

export interface Settings {
  /** A path resolved against cwd or the config folder, or `-` for stdin. */
  readonly invoices: string | undefined;
  readonly payments: string | undefined;
  readonly locale: string;
  readonly currency: string;
  readonly paymentTermsDays: number;
  readonly dateOrder: DayMonthOrder | undefined;
  readonly fallbackDateOrder: DayMonthOrder;
  readonly buckets: readonly number[];
  readonly basis: AgingBasis;
  readonly csv: NonNullable<ConfigFile["csv"]>;
  readonly columns: NonNullable<ConfigFile["columns"]>;
  readonly company: NonNullable<ConfigFile["company"]>;
  readonly configPath: string | undefined;
}

/** `fr_FR.UTF-8` → `fr-FR`; `C`, `POSIX` and empty give undefined. */
export function localeFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = env.LC_ALL || env.LC_MONETARY || env.LANG || "";
  const m = /^([a-z]{2,3})(?:_([A-Z]{2}))?/.exec(raw);
  if (!m || raw.startsWith("C") || raw === "POSIX") return undefined;
  return m[2] ? `${m[1]}-${m[2]}` : m[1];
}

function resolvePath(value: string | undefined, base: string): string | undefined {
  if (value === undefined) return undefined;
  return value === "-" ? "-" : path.resolve(base, value);
}

export function resolveSettings(
  flags: InputFlags, env: Readonly<Record<string, string | undefined>>, loaded: LoadedConfig, cwd: string,
): Settings {
  const file = loaded.config;
  const locale = file.company?.locale ?? localeFromEnv(env) ?? "en-GB";
  const dateFormat = file.date_format;
  return {
    invoices: resolvePath(flags.invoices, cwd) ?? resolvePath(file.data?.invoices, loaded.baseDir),
    payments: resolvePath(flags.payments, cwd) ?? resolvePath(file.data?.payments, loaded.baseDir),
    locale,
    currency: file.company?.currency ?? "EUR",
    paymentTermsDays: file.payment_terms_days ?? 30,
    dateOrder: dateFormat === undefined ? undefined : dateFormat.startsWith("dd") ? "dmy" : "mdy",
    // Only the United States (and a few others) write month first; everyone else day first.
    fallbackDateOrder: /^en-(US|PH)$/.test(locale) ? "mdy" : "dmy",
    buckets: file.aging?.buckets ?? DEFAULT_BUCKETS,
    basis: file.aging?.basis ?? "due_date",
    csv: file.csv ?? {},
    columns: file.columns ?? {},
    company: file.company ?? {},
    configPath: loaded.path,
  };
}
