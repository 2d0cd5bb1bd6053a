// `dunning run` for real: confirm (or --yes), take the lock, plan from a fresh read of the
// journal, render every message before the first one leaves, then send and record each one.
// Exit 0 all done, 1 something failed (a message, the journal), 2 bad input, 75 locked, 130/143
// interrupted (SIGINT/SIGTERM). What cron must hear about is printed even with --quiet: failures,
// uncertain messages, a torn journal line, letters and calls waiting in the outbox, letters that
// cannot be posted (no address), a refused archive copy, sends recorded under another day.

import path from "node:path";
import { createInterface } from "node:readline/promises";
import { refusedMessages, uncertainMessages } from "../core/journal-status.js";
import { planReminders } from "../core/plan.js";
import { hasErrors, problem } from "../core/problem.js";
import type { Reminder, Skip } from "../core/reminder.js";
import { ExitError, InputError } from "../errors.js";
import type { LoadedConfig } from "../io/config.js";
import { loadConfig } from "../io/config-file.js";
import { openJournal, type JournalWriter } from "../io/journal-write.js";
import { createSmtpMailer, type Mailer } from "../io/mailer.js";
import { outboxDir } from "../io/outbox.js";
import { resolvePlanSettings } from "../io/plan-settings.js";
import { resolveSending } from "../io/smtp-settings.js";
import { renderPlanTable } from "../render/plan.js";
import { renderProblems } from "../render/problems.js";
import type { Context } from "./context.js";
import { writeSeenInputs } from "../io/seen-inputs.js";
import { loadPlanning, staleInputs, warn, warnBackdated, warnPlan } from "./pipeline.js";
import type { RunOptions } from "./run.js";
import { messageKey, newRunStamp, sendPlan, type SendSummary } from "./send.js";
import { loadRenderer } from "./renderer.js";
import { withStateLock } from "./state-lock.js";

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
  return withStateLock(ctx, stateDir, () => sendLocked(ctx, options, loaded, stateDir));
}

/** Everything from reading the journal to its last line, under the state folder's lock. */
async function sendLocked(ctx: Context, options: SendOptions, loaded: LoadedConfig, stateDir: string): Promise<number> {
  let journal: JournalWriter | undefined;
  let mailer: Mailer | undefined;
  try {
    const planning = await loadPlanning(ctx, options, loaded);
    // Unattended, nobody reads a warning before the messages leave: an old export stops the run.
    const stale = staleInputs(ctx, planning, "error", "; reminders planned from it could claim money already received");
    if (hasErrors(stale)) throw new InputError(stale);
    warn(ctx, stale);
    // loadPlanning's warnings are silent under --quiet; a torn journal line must still be heard,
    // and so must a decision not carried out as written (money put where nobody chose).
    const torn = planning.journalProblems.filter((p) => p.code === "journal_torn");
    const undone = planning.ledger.problems.filter((p) => p.severity === "warning" && p.code.startsWith("decision_"));
    if (ctx.options.quiet && torn.length + undone.length > 0) ctx.stderr(renderProblems([...torn, ...undone], ctx.err));
    reportUncertain(ctx, planning.journal, stateDir);
    // Printed even with --quiet: invoices the matching holds wait for a person, run after run.
    const held = planning.ledger.held.length;
    if (held > 0) {
      ctx.stderr(`${ctx.err.yellow("warning:")} ${held} invoice${held === 1 ? " is" : "s are"} held until a payment that may settle ${held === 1 ? "it" : "them"} is decided: dunning match --review > review.csv, then name it in data.decisions\n`);
    }
    const plan = planReminders(planning.input);
    warnPlan(ctx, plan.warnings);
    reportRefused(ctx, planning.journal, plan.skipped);
    const needsSmtp = plan.reminders.some((r) => r.channel === "email");
    const sending = resolveSending(loaded.config, ctx.env, needsSmtp);
    if (hasErrors(sending.problems)) throw new InputError(sending.problems);
    const renderer = await loadRenderer(ctx, planning);
    // Every message is rendered before the first leaves: a template error stops the run whole.
    const rendered = renderer.renderAll(plan.reminders);
    // A letter without a postal address is reported once it is written (even with --quiet).
    warn(ctx, rendered.flatMap((l) => l.warnings).filter((w) => w.code !== "letter_no_address"));
    // What this run read, once nothing can stop it: for the next run to tell a payments export cut
    // short from one that has never held a payment.
    if (planning.inputs.exports?.some((e) => e.what === "payments") === true) {
      await writeSeenInputs(stateDir, { date: ctx.asOf, payments: planning.inputs.payments.length });
    }
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
    // Ctrl-C, and SIGTERM (systemd stopping the service, a shutdown during the morning run): the
    // message in hand is finished and recorded, nothing more is sent, the lock is released.
    let interrupted: "SIGINT" | "SIGTERM" | undefined;
    const onSignal = (signal: "SIGINT" | "SIGTERM"): void => {
      interrupted ??= signal;
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const progressOn = process.stderr.isTTY === true && !ctx.options.quiet;
    // The renderer already said which letters have no postal address.
    const noAddress = new Set(rendered.filter((l) => l.warnings.some((w) => w.code === "letter_no_address")).map((l) => l.reminder.customer));
    const summary = await sendPlan(plan.reminders, {
      mailer, renderer, journal, outbox: outboxDir(stateDir, ctx.asOf), ...newRunStamp(ctx.asOf),
      domain: sending.domain, maxPerRun: sending.maxPerRun, pauseMs: sending.pauseMs, interrupted: () => interrupted !== undefined,
      hasPostalAddress: (customer) => !noAddress.has(customer),
      progress: (done, total, r) => {
        if (progressOn) ctx.stderr(`\r\u001b[2K${done}/${total} ${r.channel} ${r.customer} ${r.step.id}${r.to ? ` → ${r.to}` : ""}`);
      },
    });
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (progressOn) ctx.stderr("\r\u001b[2K");
    return report(ctx, summary, path.relative(ctx.cwd, outboxDir(stateDir, ctx.asOf)), plan.skipped.length, interrupted === "SIGTERM" ? 143 : 130);
  } finally {
    mailer?.close();
    await journal?.close();
  }
}

function reportUncertain(ctx: Context, journal: Parameters<typeof uncertainMessages>[0], stateDir: string): void {
  for (const u of uncertainMessages(journal)) {
    // A letter or call never left the building: whether it exists is in the outbox, not in a mailbox.
    const look = u.channel === "letter" || u.channel === "phone"
      ? ` (${u.channel === "letter" ? "a letter" : "a call"}: look for it in ${path.relative(ctx.cwd, outboxDir(stateDir, u.date)) || "."}, its file and its row of ${u.channel === "letter" ? "index.csv" : "calls.csv"}, which a crash may have left out)`
      : "";
    warnUncertain(ctx, u.key, `${u.step} to ${u.customer}, ${u.invoices.join(" ")}, ${u.date}`, look);
  }
}

/**
 * Printed on every run, even with --quiet, while an address refused for good stops reminders
 * still due: said once, on the day of the refusal, the stop would otherwise be silent for good.
 */
function reportRefused(ctx: Context, journal: Parameters<typeof refusedMessages>[0], skipped: readonly Skip[]): void {
  const stopped = new Set(skipped.filter((s) => s.reason === "delivery_failed").map((s) => s.invoice));
  if (stopped.size === 0) return;
  for (const m of refusedMessages(journal)) {
    const held = m.invoices.filter((n) => stopped.has(n));
    if (held.length === 0) continue;
    ctx.stderr(`${ctx.err.yellow("warning:")} message ${m.key} (${m.step} to ${m.customer}, ${m.date}) was refused for good by the mail server: no reminder of ${held.join(" ")} goes out until the address (or the message) is fixed and it is recorded with: dunning resolve ${m.key} --not-sent\n`);
  }
}

/** Printed even with --quiet: a person must say whether the message went out. */
function warnUncertain(ctx: Context, key: string, what: string, why = ""): void {
  ctx.stderr(`${ctx.err.yellow("warning:")} message ${key} (${what}) may or may not have been sent${why}; its invoices are held — record it with: dunning resolve ${key} --sent|--not-sent\n`);
}

/** What to do about a failed message, by whose problem it was. */
function advice(f: SendSummary["failed"][number]): string {
  if (!f.permanent) return "will be retried by the next run";
  const key = messageKey(f.reminder);
  return f.scope === "message"
    ? `the server refused this message itself (size or content), not the address: change the template or attachment, then dunning resolve ${key} --not-sent`
    : `refused for good: fix the address, then dunning resolve ${key} --not-sent`;
}

/** `interruptedCode`: the exit code if the run was stopped by a signal (130 Ctrl-C, 143 SIGTERM). */
function report(ctx: Context, s: SendSummary, outbox: string, skipped: number, interruptedCode: number): number {
  const failed = s.failed.length;
  for (const f of s.failed) {
    if (f.stoppedRun) continue;
    ctx.stderr(`${ctx.err.red("failed:")} ${recipient(f.reminder)}: ${f.error} (${advice(f)})\n`);
  }
  const lost = s.journalLost;
  if (lost) {
    const waiting = lost.notTried + (s.stopped?.notTried ?? 0);
    ctx.stderr(`${ctx.err.red("error:")} the journal could not be written (${lost.error}): the run stopped, as it could no longer record what it sends.\n`
      + (lost.done
        ? `  The ${recipient(lost.reminder)} ${lost.reminder.channel === "email" ? "went out" : "was written"} but is not recorded: its invoices are held until you say what happened with: dunning resolve ${lost.key} --sent|--not-sent\n`
        : `  The ${recipient(lost.reminder)} did not go out.\n`)
      + `  ${waiting} other message${waiting === 1 ? "" : "s"} not tried, planned again by the next run once the journal can be written.\n`);
  }
  const u = s.uncertain;
  if (u) {
    warnUncertain(ctx, u.key, recipient(u.reminder),
      `: the connection was lost after the server had it (${u.error}; ask the recipient or look in the mail server's log)`);
  }
  if (s.stopped && u) {
    const waiting = s.stopped.notTried;
    if (waiting > 0) {
      ctx.stderr(`${ctx.err.red("error:")} the connection to the SMTP server was lost: the run stopped sending, `
        + `${waiting} e-mail${waiting === 1 ? "" : "s"} not sent, all planned again by the next run.\n`);
    }
  } else if (s.stopped) {
    const waiting = s.stopped.notTried + 1;
    ctx.stderr(`${ctx.err.red("error:")} the SMTP server did not take the mail: ${s.stopped.error}\n`
      + `  This is the sending side — the SMTP configuration (DUNNING_SMTP_URL, DUNNING_SMTP_USER / DUNNING_SMTP_PASSWORD, smtp.from) or the connection to the server — not the customers' addresses.\n`
      + `  The run stopped sending: ${waiting} e-mail${waiting === 1 ? "" : "s"} not sent, all planned again by the next run.\n`);
  }
  for (const w of s.warnings) {
    ctx.stderr(`${ctx.err.yellow("warning:")} ${recipient(w.reminder)}: ${w.warning}\n`);
  }
  for (const r of s.noAddress) {
    ctx.stderr(`${ctx.err.yellow("warning:")} the ${r.step.id} letter for ${r.customer} (${r.customerName || r.customer}) has no postal address: write it on the letter before posting (address_missing in ${outbox}/index.csv); give it in the customers file (--customers, data.customers) or an address column of the invoices export to fix it for good\n`);
  }
  const notTried = (s.stopped ? `; ${s.stopped.notTried} not tried (SMTP problem)` : "")
    + (lost ? `; ${lost.notTried} not tried (journal not writable)` : "");
  const uncertain = u ? "; 1 of unknown fate (dunning resolve)" : "";
  const line = `sent ${s.sent} e-mail${s.sent === 1 ? "" : "s"}, wrote ${s.written} letter${s.written === 1 ? "" : "s"} and ${s.calls} call${s.calls === 1 ? "" : "s"}${s.written + s.calls > 0 ? ` (${outbox})` : ""}; ${failed} failed${uncertain}${notTried}; ${s.deferred} deferred to the next run; ${skipped} open invoice${skipped === 1 ? "" : "s"} skipped (why: dunning run --dry-run)${s.interrupted ? "; interrupted" : ""}.\n`;
  if (s.sent + s.written + s.calls > 0) warnBackdated(ctx, "recorded as sent", "run without --as-of (and without DUNNING_AS_OF) to send on the day");
  const trouble = failed > 0 || u !== undefined || lost !== undefined;
  // Letters to post and calls to make are a person's work: under cron's --quiet the summary,
  // which names the outbox, is the only word of them.
  if (!ctx.options.quiet || trouble || s.interrupted || s.written + s.calls > 0) ctx.stdout(line);
  if (s.interrupted) throw new ExitError(interruptedCode, "interrupted; messages not yet sent will go out with the next run");
  return trouble ? 1 : 0;
}

/** `reminder-1 to C1 <a@b.example>`, or `reminder-1 letter for C1` for what goes by post or phone. */
function recipient(r: Reminder): string {
  return r.channel === "email" ? `${r.step.id} to ${r.customer} <${r.to}>` : `${r.step.id} ${r.channel === "letter" ? "letter" : "call"} for ${r.customer}`;
}
