// `dunning run` for real: confirm (or --yes), take the lock, plan from a fresh read of the
// journal, render every message before the first one leaves, then send and record each one.
// Exit 0 all done, 1 some failed (retried next run), 2 bad input, 75 locked, 130 interrupted.

import { randomUUID } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { uncertainMessages } from "../core/journal-status.js";
import { planReminders } from "../core/plan.js";
import { hasErrors, problem } from "../core/problem.js";
import { ExitError, InputError } from "../errors.js";
import { loadConfig } from "../io/config.js";
import { openJournal, type JournalWriter } from "../io/journal-write.js";
import { acquireLock } from "../io/lock.js";
import { createSmtpMailer, type Mailer } from "../io/mailer.js";
import { outboxDir } from "../io/outbox.js";
import { resolvePlanSettings } from "../io/plan-settings.js";
import { resolveSending } from "../io/smtp-settings.js";
import { renderPlanTable } from "../render/plan.js";
import type { Context } from "./context.js";
import { loadPlanning, warn } from "./pipeline.js";
import type { RunOptions } from "./run.js";
import { sendPlan, type SendSummary } from "./send.js";
import { loadRenderer } from "./renderer.js";

export interface SendOptions extends RunOptions {
  readonly yes?: boolean;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes|o|oui)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function runSend(ctx: Context, options: SendOptions): Promise<number> {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!options.yes && !interactive) {
    throw new InputError([problem("error", "needs_yes", "refusing to send without --yes when not interactive", { hint: "preview with dunning run --dry-run, then run dunning run --yes (e.g. from cron)" })]);
  }
  const loaded = await loadConfig(ctx.options.config, ctx.cwd);
  const stateDir = resolvePlanSettings(loaded.config, loaded.baseDir).stateDir;
  const lock = await acquireLock(stateDir, (m) => ctx.stderr(`${ctx.err.yellow("warning:")} ${m}\n`));
  let journal: JournalWriter | undefined;
  let mailer: Mailer | undefined;
  try {
    const planning = await loadPlanning(ctx, options);
    reportUncertain(ctx, planning.journal);
    const plan = planReminders(planning.input);
    if (!ctx.options.quiet) for (const w of plan.warnings) ctx.stderr(`${ctx.err.yellow("warning:")} ${w}\n`);
    const needsSmtp = plan.reminders.some((r) => r.channel === "email");
    const sending = resolveSending(loaded.config, ctx.env, needsSmtp);
    if (hasErrors(sending.problems)) throw new InputError(sending.problems);
    const renderer = await loadRenderer(ctx, planning);
    // Every message is rendered before the first leaves: a template error stops the run whole.
    // Calls have no template (a person makes them from the call list).
    const rendered = renderer.renderAll(plan.reminders.filter((r) => r.channel !== "phone"));
    if (!ctx.options.quiet) warn(ctx, rendered.flatMap((l) => l.warnings));
    if (plan.reminders.length === 0) {
      if (!ctx.options.quiet) ctx.stdout(`Nothing to send as of ${ctx.asOf}.\n`);
      return 0;
    }
    if (!options.yes) {
      ctx.stdout(renderPlanTable(plan, ctx.out, planning.settings.locale));
      if (!(await confirm(`Send ${plan.reminders.length} message(s)? [y/N] `))) {
        ctx.stderr("nothing sent.\n");
        return 0;
      }
    }
    journal = await openJournal(stateDir);
    mailer = sending.smtp ? createSmtpMailer(sending.smtp) : undefined;
    let interrupted = false;
    const onSigint = (): void => {
      interrupted = true;
    };
    process.on("SIGINT", onSigint);
    const progressOn = process.stderr.isTTY === true && !ctx.options.quiet;
    const summary = await sendPlan(plan.reminders, {
      mailer, renderer, journal, outbox: outboxDir(stateDir, ctx.asOf), run: `${ctx.asOf}-${randomUUID().slice(0, 8)}`,
      asOf: ctx.asOf, domain: sending.domain, maxPerRun: sending.maxPerRun, pauseMs: sending.pauseMs,
      now: () => new Date().toISOString(), interrupted: () => interrupted,
      progress: (done, total, r) => {
        if (progressOn) ctx.stderr(`\r\u001b[2K${done}/${total} ${r.channel} ${r.customer} ${r.step.id}${r.to ? ` → ${r.to}` : ""}`);
      },
    });
    process.off("SIGINT", onSigint);
    if (progressOn) ctx.stderr("\r\u001b[2K");
    return report(ctx, summary, path.relative(ctx.cwd, outboxDir(stateDir, ctx.asOf)));
  } finally {
    mailer?.close();
    await journal?.close();
    await lock.release();
  }
}

function reportUncertain(ctx: Context, journal: Parameters<typeof uncertainMessages>[0]): void {
  const uncertain = uncertainMessages(journal);
  // Printed even with --quiet: a person must say whether these went out.
  for (const u of uncertain) {
    ctx.stderr(`${ctx.err.yellow("warning:")} message ${u.key} (${u.step} to ${u.customer}, ${u.invoices.join(" ")}, ${u.date}) may or may not have been sent; its invoices are held — record it with: dunning resolve ${u.key} --sent|--not-sent\n`);
  }
}

function report(ctx: Context, s: SendSummary, outbox: string): number {
  const failed = s.failed.length;
  for (const f of s.failed) {
    ctx.stderr(`${ctx.err.red("failed:")} ${f.reminder.step.id} to ${f.reminder.customer} <${f.reminder.to}>: ${f.error} (${f.permanent ? "refused for good: fix the address, then dunning resolve" : "will be retried by the next run"})\n`);
  }
  const line = `sent ${s.sent} e-mail${s.sent === 1 ? "" : "s"}, wrote ${s.written} letter${s.written === 1 ? "" : "s"} and ${s.calls} call${s.calls === 1 ? "" : "s"}${s.written + s.calls > 0 ? ` (${outbox})` : ""}; ${failed} failed; ${s.deferred} deferred to the next run${s.interrupted ? "; interrupted" : ""}.\n`;
  if (!ctx.options.quiet || failed > 0 || s.interrupted) ctx.stdout(line);
  if (s.interrupted) throw new ExitError(130, "interrupted; messages not yet sent will go out with the next run");
  return failed > 0 ? 1 : 0;
}
