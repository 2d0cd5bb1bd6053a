// `dunning resolve`: a person records what happened to a message whose outcome the journal does
// not know (the process died mid-send) or that the server refused for good. Without a key it
// lists what needs resolving.

import path from "node:path";
import { foldJournal } from "../core/journal-view.js";
import { hasErrors, problem } from "../core/problem.js";
import { InputError } from "../errors.js";
import { loadConfig } from "../io/config-file.js";
import { openJournal } from "../io/journal-write.js";
import { JOURNAL_FILE, readJournal } from "../io/journal-read.js";
import { resolvePlanSettings } from "../io/plan-settings.js";
import type { Context } from "./context.js";
import { withStateLock } from "./state-lock.js";

export interface ResolveOptions {
  readonly sent?: boolean;
  readonly notSent?: boolean;
}

export async function runResolve(ctx: Context, options: ResolveOptions, key?: string): Promise<number> {
  // A usage mistake is said before the lock is taken or the journal read, which could hide it.
  if (key === undefined && (options.sent === true || options.notSent === true)) {
    throw new InputError([problem("error", "resolve_key", `--${options.sent === true ? "sent" : "not-sent"} needs the key of the message it is about; nothing was recorded`, {
      hint: "run dunning resolve without options to list the messages and their keys, then dunning resolve KEY --sent|--not-sent",
    })]);
  }
  const loaded = await loadConfig(ctx.options.config, ctx.cwd);
  const stateDir = resolvePlanSettings(loaded.config, loaded.baseDir).stateDir;
  return withStateLock(ctx, stateDir, async () => {
    const journal = await readJournal(stateDir, path.relative(ctx.cwd, path.join(stateDir, JOURNAL_FILE)));
    if (hasErrors(journal.problems)) throw new InputError(journal.problems);
    const pending = foldJournal(journal.entries).filter((m) => m.status === "uncertain" || m.status === "failed_permanently");
    if (key === undefined) {
      ctx.stdout(pending.length === 0 ? "Nothing to resolve.\n"
        : pending.map((m) => `${m.key}  ${m.date}  ${m.customer}  ${m.step}  ${m.channel}  ${m.invoices.join(" ")}  ${m.status}${m.error ? `: ${m.error}` : ""}`).join("\n") + "\n");
      return 0;
    }
    const target = pending.find((m) => m.key === key);
    if (!target) {
      throw new InputError([problem("error", "unknown_key", `no uncertain or refused message has the key ${key}`, { hint: "run dunning resolve without a key to list them" })]);
    }
    if (options.sent === options.notSent) {
      throw new InputError([problem("error", "resolve_outcome", "say what happened: --sent or --not-sent", { hint: "--sent: it reached the customer (never send it again); --not-sent: plan it again" })]);
    }
    const writer = await openJournal(stateDir);
    try {
      await writer.append({ v: 1, type: "resolved", key, at: new Date().toISOString(), date: ctx.asOf, outcome: options.sent ? "sent" : "not_sent" });
    } finally {
      await writer.close();
    }
    if (!ctx.options.quiet) ctx.stderr(`recorded: ${target.step} to ${target.customer} ${options.sent ? "was sent" : "was not sent and will be planned again"}\n`);
    return 0;
  });
}
