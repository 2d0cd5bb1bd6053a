// SMTP settings from dunning.yaml and the environment, the environment winning over the file as
// for every DUNNING_* variable: the server URL from DUNNING_SMTP_URL or smtp.url, the sender from
// DUNNING_SMTP_FROM or smtp.from, credentials only from DUNNING_SMTP_USER / DUNNING_SMTP_PASSWORD
// (or inside DUNNING_SMTP_URL; never from the file, never printed), copies from the file.

import { problem, type Problem } from "../core/problem.js";
import type { ConfigFile } from "./config-schema.js";
import type { SmtpSettings } from "./mailer.js";

export interface SendingSettings {
  readonly smtp: SmtpSettings | undefined;
  readonly pauseMs: number;
  readonly maxPerRun: number;
  /** Domain of the sender, for Message-IDs. */
  readonly domain: string;
  readonly problems: Problem[];
}

/** Removes `user:password@` from a URL before it is shown anywhere. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, "//***@");
}

/** An empty variable (`DUNNING_SMTP_FROM=` in an env file) is as good as unset. */
const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === "" ? undefined : value);

export function resolveSending(config: ConfigFile, env: Readonly<Record<string, string | undefined>>, needsSmtp: boolean): SendingSettings {
  const smtp = config.smtp ?? {};
  const problems: Problem[] = [];
  const envUrl = nonEmpty(env.DUNNING_SMTP_URL);
  let url = envUrl ?? smtp.url;
  let user = nonEmpty(env.DUNNING_SMTP_USER);
  // Only an empty password is unset: one of spaces is still a password.
  let password = env.DUNNING_SMTP_PASSWORD === "" ? undefined : env.DUNNING_SMTP_PASSWORD;
  if (url !== undefined) {
    const parsed = /^(smtps?:\/\/)(?:([^:@/]*)(?::([^@/]*))?@)?(.+)$/.exec(url);
    if (!parsed) {
      problems.push(problem("error", "smtp_url", `the SMTP URL ${redactUrl(url)} is not smtp://host:port or smtps://host:port`, { hint: "fix DUNNING_SMTP_URL or smtp.url" }));
    } else if (parsed[2] !== undefined) {
      // Credentials inside DUNNING_SMTP_URL are accepted (it is the environment); keep them out of messages.
      user ??= decodeURIComponent(parsed[2]);
      password ??= parsed[3] === undefined ? undefined : decodeURIComponent(parsed[3]);
      url = `${parsed[1]}${parsed[4]}`;
    }
  }
  const from = nonEmpty(env.DUNNING_SMTP_FROM) ?? smtp.from;
  if (needsSmtp && url === undefined) {
    problems.push(problem("error", "no_smtp", "e-mail reminders are due but no SMTP server is configured", { hint: "set DUNNING_SMTP_URL=smtp://host:587 (and DUNNING_SMTP_USER / DUNNING_SMTP_PASSWORD) or smtp.url in dunning.yaml" }));
  }
  if (needsSmtp && from === undefined) {
    problems.push(problem("error", "no_from", "e-mail reminders are due but smtp.from is not set", { hint: 'add smtp: {from: "Compta <compta@example.fr>"} to dunning.yaml, or set DUNNING_SMTP_FROM' }));
  }
  const domain = /@([^>\s]+)>?\s*$/.exec(from ?? "")?.[1] ?? "dunning.invalid";
  return {
    smtp: url === undefined || from === undefined ? undefined : {
      url, user, password, from, replyTo: smtp.reply_to, cc: smtp.cc, bcc: smtp.bcc, timeoutMs: smtp.timeout_ms ?? 30_000,
    },
    pauseMs: smtp.pause_ms ?? 300,
    maxPerRun: smtp.max_per_run ?? 200,
    domain,
    problems,
  };
}
