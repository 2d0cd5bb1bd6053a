// The program: commander declarations, help with examples, and the one place that turns
// outcomes into exit codes — 0 done, 1 something failed at run time, 2 bad input (nothing done),
// 70 a bug, 75 try again later. Command modules load lazily to keep start-up fast. bin/dunning.js
// runs the esbuild bundle of this file (dist/dunning.bundle.js, each lazy import a chunk in
// dist/chunks/); tsc's dist/cli.js runs the same program module by module. Both sit directly in
// dist/, so "../package.json" below is the package's from either.

import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import type { Context, GlobalOptions } from "./commands/context.js";
import { ExitError, InputError, JournalWriteError } from "./errors.js";

const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
const ISSUES_URL = "https://github.com/dunning-cli/dunning/issues";

function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

const EXIT_CODES = `
Exit codes:
  0   done (including "nothing to do")
  1   ran, but something failed at run time
  2   bad input or configuration: nothing was sent or written
  70  internal error (a bug: please report it)
  75  another run holds the lock: try again later
  130 interrupted (Ctrl-C): the rest goes out with the next run
  143 stopped by SIGTERM (systemctl stop, a shutdown): as for Ctrl-C`;

function inputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--invoices <file>", "invoices export (CSV); - for standard input (default: data.invoices)").env("DUNNING_INVOICES"))
    .addOption(new Option("--payments <file>", "payments export (CSV); - for standard input (default: data.payments)").env("DUNNING_PAYMENTS"))
    .addOption(new Option("--fec <file>", "French general-ledger export (FEC), read instead of --invoices and --payments (default: data.fec)").env("DUNNING_FEC"))
    .addOption(new Option("--customers <file>", "customers' e-mail, address, language and terms (CSV) (default: data.customers)").env("DUNNING_CUSTOMERS"))
    .addOption(new Option("--decisions <file>", "payment-matching decisions (CSV) (default: data.decisions)").env("DUNNING_DECISIONS"));
}

/**
 * Flags win over DUNNING_* variables, also across the two ways of giving the ledger: --invoices and
 * --payments on the command line replace a DUNNING_FEC of the environment, and --fec replaces
 * DUNNING_INVOICES / DUNNING_PAYMENTS (commander merges each variable into its own option only).
 */
function flagsOverEnvironment<O extends Record<string, unknown>>(cmd: Command, opts: O): O {
  const from = (key: string): string | undefined => cmd.getOptionValueSource(key);
  if (from("fec") === "env" && (from("invoices") === "cli" || from("payments") === "cli")) {
    const { fec: _fec, ...rest } = opts;
    return rest as O;
  }
  if (from("fec") === "cli" && (from("invoices") === "env" || from("payments") === "env")) {
    const rest: Record<string, unknown> = { ...opts };
    if (from("invoices") === "env") delete rest.invoices;
    if (from("payments") === "env") delete rest.payments;
    return rest as O;
  }
  return opts;
}

function buildProgram(run: (action: () => Promise<number>) => Promise<void>): Command {
  const program = new Command("dunning")
    .description("Collect overdue invoices from your accounting exports: who owes what, and the reminders due today.")
    .version(VERSION, "-V, --version", "print the version")
    .addOption(new Option("-c, --config <file>", "configuration file (default: ./dunning.yaml)").env("DUNNING_CONFIG"))
    .addOption(new Option("--as-of <date>", "act as if today were this date (YYYY-MM-DD)").env("DUNNING_AS_OF"))
    .option("--color", "force colour output")
    .option("--no-color", "never use colour (also: NO_COLOR=1)")
    .option("-q, --quiet", "print nothing but results and errors")
    .option("--debug", "show the stack of internal errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .addHelpText("after", examples([
      "dunning age --invoices invoices.csv --payments payments.csv",
      "dunning age --config examples/dunning.yaml --format json",
      "dunning match --review > decisions.csv",
      "dunning run --dry-run --as-of 2026-11-22",
      "dunning help run",
    ]) + EXIT_CODES);

  const action = <O>(load: () => Promise<(ctx: Context, opts: O, ...args: string[]) => Promise<number>>) =>
    async (...args: unknown[]): Promise<void> => {
      const cmd = args[args.length - 1] as Command;
      const opts = flagsOverEnvironment(cmd, args[args.length - 2] as O & Record<string, unknown>);
      const positional = args.slice(0, -2) as (string | undefined)[];
      await run(async () => {
        const { makeContext } = await import("./commands/context.js");
        const command = await load();
        return command(makeContext(cmd.optsWithGlobals<GlobalOptions>()), opts, ...(positional as string[]));
      });
    };

  inputOptions(program.command("age"))
    .description("aged balance: open amounts per customer and currency, by days past due")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "csv", "json"]).default("table"))
    .addOption(new Option("--sort <key>", "row order within a currency").choices(["overdue", "total", "name"]).default("overdue"))
    .option("--customer <id>", "only this customer (id, or part of the name)")
    .option("--min-overdue <amount>", "only customers owing at least this much past due (in their currency)")
    .option("--segments", "add each customer's payer segment (good_payer, late_payer, at_risk, new)")
    .addHelpText("after", examples([
      "dunning age --invoices invoices.csv --payments payments.csv",
      "dunning age --config examples/dunning.yaml --as-of 2026-11-22",
      "dunning age --format json > aged-balance.json",
      "dunning age --sort total --min-overdue 500 --segments",
      "dunning age --fec 123456789FEC20261231.txt     # a French general-ledger export",
      "cat invoices.csv | dunning age --invoices - --payments payments.csv --format csv",
    ]) + "\nBuckets are days past due (not_due, 1-30, 31-60, 61-90, 90+); aging.buckets and aging.basis in dunning.yaml change them.\n")
    .action(action(async () => (await import("./commands/age.js")).runAge));

  inputOptions(program.command("match"))
    .description("payment matching: every allocation with its rule and evidence, unapplied money, what to review")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "csv", "json"]).default("table"))
    .option("--customer <id>", "only this customer (id, or part of the name)")
    .option("--review", "print the decisions to make as a decisions file (CSV) to fill in and feed back")
    .addHelpText("after", examples([
      "dunning match --config examples/dunning.yaml --as-of 2026-11-22",
      "dunning match --format json > lettrage.json",
      "dunning match --review > decisions.csv     # then write confirm/reject in the decision column",
      "dunning match --decisions decisions.csv --customer CL014",
    ]) + "\nRules: D0 decision, L1 linked credit note, R1/R2 reference, R3 exact amount, R4a oldest-first sum,\nR4b unique combination, R5 unknown payer, F1 FIFO policy. Invoices under review are held: no reminder\nescalates them until a decision is recorded (data.decisions in dunning.yaml).\n")
    .action(action(async () => (await import("./commands/match.js")).runMatch));

  inputOptions(program.command("charges"))
    .description("late-payment interest and fixed indemnities owed on invoices paid late, which no reminder claims")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "csv", "json"]).default("table"))
    .option("--since <date>", "only invoices whose last payment came in on or after this date (YYYY-MM-DD)")
    .option("--min-days-late <days>", "only invoices paid at least this many days late", "1")
    .option("--customer <id>", "only this customer (id, or part of the name)")
    .addHelpText("after", examples([
      "dunning charges --config examples/dunning.yaml --as-of 2026-11-22",
      "dunning charges --since 2026-10-01 --format csv > charges-q4.csv",
      "dunning charges --min-days-late 15 --customer CL014",
    ]) + "\nThe law makes late-payment interest and the fixed indemnity (40 EUR per invoice in France and the EU,\nGBP 40/70/100 in the UK) due from the first day of delay, paid or not; reminders claim them on open\ninvoices only. Counted under late_payment.profile of dunning.yaml as the reminders count them (a\nconsumer owes only what a formal notice made run). Sends and writes nothing.\n")
    .action(action(async () => (await import("./commands/charges.js")).runCharges));

  inputOptions(program.command("run"))
    .description("plan today's reminders from the scenarios (--dry-run: show them, send nothing)")
    .option("-n, --dry-run", "show what would be sent and why the rest gets nothing; send and record nothing")
    .option("--explain <invoice>", "print the full reasoning for one invoice")
    .option("--out <dir>", "with --dry-run: write each message to this folder")
    .option("-y, --yes", "send without asking (required when not on a terminal, e.g. from cron)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
    .addHelpText("after", examples([
      "dunning run --dry-run",
      "dunning run --yes --quiet",
      "dunning run --dry-run --as-of 2026-12-01 --format json",
      "dunning run --dry-run --explain F2026-0214",
      "dunning run --dry-run --out preview/",
    ]) + "\nSkip reasons: not_due, held, too_soon, below_minimum, covered_by_credit, already_sent,\nscenario_finished, uncertain_delivery, delivery_failed, time_barred (see the README).\n")
    .action(action(async () => (await import("./commands/run.js")).runRun));

  inputOptions(program.command("simulate"))
    .description("the reminders of each day up to a date, assuming nothing is paid and everything is sent")
    .requiredOption("--to <date>", "last day to simulate (YYYY-MM-DD)")
    .option("--customer <id>", "only this customer")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
    .addHelpText("after", examples([
      "dunning simulate --to 2027-02-28",
      "dunning simulate --customer CL014 --to 2027-01-31 --as-of 2026-11-22",
    ]))
    .action(action(async () => (await import("./commands/simulate.js")).runSimulate));

  inputOptions(program.command("check"))
    .description("validate the configuration, exports, holds and journal; do nothing else")
    .addHelpText("after", examples(["dunning check", "dunning check --config /srv/ar/dunning.yaml && dunning run --yes --quiet"]))
    .action(action(async () => (await import("./commands/check.js")).runCheck));

  inputOptions(program.command("letter"))
    .description("print-ready letters (HTML for A4 and PDF) for one customer, or for every customer at a step")
    .option("--customer <id>", "this customer (id, or part of the name): every open invoice not on hold, now")
    .option("--all", "every customer today's plan puts at --step")
    .option("--step <id>", "the step (its template and deadline)", "formal-notice")
    .option("--out <dir>", "folder for the files", ".")
    .option("--no-record", "drafts: do not record the letters in the journal")
    .addHelpText("after", examples([
      "dunning letter --customer CL014",
      "dunning letter --customer CL014 --step reminder-2 --out letters/",
      "dunning letter --all --step formal-notice --as-of 2026-11-22 --out notices/",
      "dunning letter --customer CL014 --no-record --out drafts/",
    ]) + "\nFiles are named AS-OF_CUSTOMER_STEP.html and .pdf so they sort by date. Each letter is recorded in\nthe journal as written (as dunning run records its outbox), so no run writes or sends that step\nagain for those invoices; --no-record writes drafts the journal never hears of.\n")
    .action(action(async () => (await import("./commands/letter.js")).runLetter));

  program.command("init")
    .argument("[dir]", "folder of the new project", ".")
    .description("start a project: an example dunning.yaml and a copy of the letter templates to edit")
    .option("--force", "overwrite an existing dunning.yaml and shipped template files")
    .addOption(new Option("--locale <locale>", "the example's company, currency and law (default: the machine's locale; French otherwise)").choices(["fr-FR", "en-GB", "en-US"]))
    .addHelpText("after", examples(["dunning init", "dunning init ~/ar --force", "dunning init --locale en-GB"]))
    .action(action(async () => {
      const { runInit } = await import("./commands/init.js");
      return (ctx: Context, opts: { force?: boolean; locale?: string }, dir?: string) =>
        runInit(ctx, { dir: dir ?? ".", ...(opts.force ? { force: true } : {}), ...(opts.locale !== undefined ? { locale: opts.locale } : {}) });
    }));

  program.command("history")
    .description("what was sent, written or refused, when and by which channel (from the journal)")
    .option("--customer <id>", "only this customer")
    .option("--invoice <number>", "only messages about this invoice")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
    .addHelpText("after", examples(["dunning history --customer CL014", "dunning history --invoice F2026-0214 --format json"]))
    .action(action(async () => (await import("./commands/history.js")).runHistory));

  program.command("resolve")
    .argument("[key]", "the message key shown by the warning or by dunning history")
    .description("record what happened to a message whose outcome is unknown or that was refused")
    .option("--sent", "it reached the customer: never send it again")
    .option("--not-sent", "it did not: plan it again")
    .addHelpText("after", examples(["dunning resolve", "dunning resolve 3f9a1c2b7d0e4a5b6c7d --sent"]))
    .action(action(async () => {
      const { runResolve } = await import("./commands/resolve.js");
      return (ctx: Context, opts: Parameters<typeof runResolve>[1], key?: string) => runResolve(ctx, opts, key);
    }));

  inputOptions(program.command("hold"))
    .argument("[invoice]", "invoice number to hold")
    .description("put an invoice or a customer on hold (appends to holds.csv)")
    .option("--customer <id>", "hold every invoice of this customer")
    .addOption(new Option("--type <type>", "why").choices(["dispute", "promise", "plan", "no_dunning"]).makeOptionMandatory())
    .option("--until <date>", "last day of the hold (YYYY-MM-DD); it ends by itself after that")
    .option("--note <text>", "free text, shown by --explain")
    .addHelpText("after", examples([
      'dunning hold F2026-0214 --type promise --until 2026-12-05 --note "will pay on the 5th (phone)"',
      'dunning hold --customer CL031 --type dispute --note "contests the August delivery"',
    ]))
    .action(action(async () => {
      const { runHold } = await import("./commands/hold.js");
      return (ctx: Context, opts: Parameters<typeof runHold>[2], invoice?: string) => runHold(ctx, invoice, opts);
    }));
  return program;
}

function report(err: unknown, debug: boolean): number {
  if (err instanceof InputError) {
    void import("./render/problems.js").then(async ({ renderProblems }) => {
      const { errorCount } = await import("./core/problem.js");
      const { makeChalk, useColor } = await import("./render/style.js");
      const chalk = makeChalk(useColor({ flag: undefined, env: process.env, isTTY: process.stderr.isTTY === true }));
      const errors = errorCount(err.problems);
      process.stderr.write(renderProblems(err.problems, chalk));
      process.stderr.write(`dunning: ${errors} error${errors === 1 ? "" : "s"} in the input; nothing was sent or written.\n`);
    });
    return 2;
  }
  if (err instanceof ExitError) {
    process.stderr.write(`dunning: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof JournalWriteError) {
    process.stderr.write(`dunning: the journal could not be written (${err.message}): what was done before is recorded; a message in hand when it failed is held by the next run until dunning resolve says what happened\n`);
    return 1;
  }
  const fsError = fileSystemProblem(err);
  if (fsError !== undefined) {
    process.stderr.write(`dunning: ${fsError}\n`);
    return 2;
  }
  const e = err as Error;
  process.stderr.write(`dunning: internal error: ${e?.message ?? String(err)}\nThis is a bug in dunning ${VERSION} (Node ${process.version}); please report it at ${ISSUES_URL}${debug ? `\n${e?.stack ?? ""}` : " (run with --debug for details)"}.\n`);
  return 70;
}

// A path the user gave (--out, state:, data:) that cannot be used is their setup, not a bug.
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOTDIR: "a file stands where a folder is needed", EEXIST: "a file of that name is in the way",
  EISDIR: "it is a folder, a file is needed", EACCES: "permission denied", EPERM: "permission denied",
  EROFS: "the file system is read-only", ENOSPC: "the disk is full", ENOENT: "no such file or folder",
};

function fileSystemProblem(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  const reason = e?.code === undefined ? undefined : FS_REASONS[e.code];
  if (reason === undefined || typeof e?.path !== "string") return undefined;
  const shown = path.relative(process.cwd(), e.path) || e.path;
  return `cannot use ${shown}: ${reason} (${e.code}) — check the paths given with --out, state: and data: in dunning.yaml, and their permissions`;
}

async function main(argv: readonly string[]): Promise<void> {
  const debug = argv.includes("--debug");
  // A reader that stops early (`| head`) closes the pipe: what is left to print is dropped, but the
  // command runs to its end — a run releases its lock and exits with its own code (1 when a
  // message failed), which exiting here, before the command had set it, lost.
  process.stdout.on("error", () => undefined);
  // Likewise stderr (`2>&1 | head -1`): a closed pipe must not turn a usage error's 2 into 1.
  process.stderr.on("error", () => undefined);
  const program = buildProgram(async (action) => {
    try {
      process.exitCode = await action();
    } catch (err) {
      process.exitCode = report(err, debug);
    }
  });
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help asked for (`--help`, `help age`) is exit 0; help shown because the command line said
      // nothing usable (no command, `help nosuch`) is a usage error, as commander's own exit code says.
      const ok = err.code === "commander.helpDisplayed" || err.code === "commander.version" || (err.code === "commander.help" && err.exitCode === 0);
      process.exitCode = ok ? 0 : 2;
      return;
    }
    process.exitCode = report(err, debug);
  }
}

await main(process.argv);
