// End-to-end `dunning match`: golden table, CSV, JSON and --review on the lettrage fixture (one
// customer per case of matching.md §5) and the examples, the JSON contract, the --review round
// trip through a decisions file, bad decisions files, and `match` agreeing with `age`.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseMajor } from "../../src/core/money.js";
import { ROOT, runCli, transcript } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const FIXTURE = path.join(ROOT, "test/fixtures/match");
const MATCH = ["--config", "test/fixtures/match/dunning.yaml", "--as-of", "2024-12-31"];
const FR = ["--config", "examples/dunning.yaml", "--as-of", "2026-11-22"];
const EN = ["--invoices", "examples/invoices.csv", "--payments", "examples/payments.csv", "--as-of", "2026-11-22"];
/** Time for a test that spawns the CLI several times on a busy machine. */
const SPAWNS = 60_000;
const CONFIDENCES = ["certain", "high", "medium", "low", "policy", "ambiguous"];
const AMOUNT = /^-?\d+(\.\d+)?$/;

/** A folder with a dunning.yaml reading the fixture's exports, plus whatever else is given. */
function project(yaml: string, files: Record<string, string> = {}): string {
  const dir = tempDir("match");
  const data = `data:\n  invoices: ${JSON.stringify(path.join(FIXTURE, "invoices.csv"))}\n  payments: ${JSON.stringify(path.join(FIXTURE, "payments.csv"))}\n`;
  writeFileSync(path.join(dir, "dunning.yaml"), data + yaml);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

interface MatchJson {
  schema_version: number;
  as_of: string;
  allocations: { payment: string; invoice: string; customer: string; amount: string; currency: string; rule: string; confidence: string; evidence: string; flags: string[]; letter: string }[];
  unapplied: { payment: string; customer: string; amount: string; currency: string; reason: string; detail: string }[];
  review: { payment: string; customer: string; amount: string; currency: string; kind: string; reason: string; confidence: string; candidates: { invoices: string[]; amounts: string[] }[]; held: string[]; evidence: string }[];
  held: string[];
  differences: { invoice: string; payment: string; amount: string; currency: string; kind: string }[];
  reversals: { payment: string; reverses: string; amount: string; currency: string }[];
}

function matchJson(args: readonly string[], cwd?: string): MatchJson {
  const r = runCli(["match", ...args, "--format", "json"], cwd === undefined ? {} : { cwd });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as MatchJson;
}

describe("golden outputs", { timeout: SPAWNS }, () => {
  it.each([
    ["fixture-table", [...MATCH]],
    ["fixture-json", [...MATCH, "--format", "json"]],
    ["fixture-csv", [...MATCH, "--format", "csv"]],
    ["fixture-review", [...MATCH, "--review"]],
    ["fixture-decided", [...MATCH, "--decisions", "test/fixtures/match/decisions.csv"]],
    ["fixture-customer", [...MATCH, "--customer", "hôtel"]],
    ["fr-table", [...FR]],
    ["en-json", [...EN, "--format", "json"]],
  ])("%s", async (name, args) => {
    const r = runCli(["match", ...args]);
    expect(r.code).toBe(0);
    await expect(transcript(r)).toMatchFileSnapshot(`golden/match-${name}.txt`);
  });

  it("help shows examples", async () => {
    const r = runCli(["help", "match"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    await expect(transcript(r)).toMatchFileSnapshot("golden/match-help.txt");
  });
});

describe("the JSON contract", { timeout: SPAWNS }, () => {
  const doc = (): MatchJson => matchJson(MATCH);

  it("keeps the documented names, confidence levels and decimal strings", () => {
    const d = doc();
    expect(Object.keys(d)).toEqual(expect.arrayContaining(["schema_version", "as_of", "allocations", "unapplied", "review", "held", "differences", "reversals"]));
    expect(d.schema_version).toBe(1);
    expect(d.as_of).toBe("2024-12-31");
    expect(d.allocations.length).toBeGreaterThan(0);
    for (const a of d.allocations) {
      expect(Object.keys(a)).toEqual(expect.arrayContaining(["payment", "invoice", "amount", "currency", "rule", "confidence", "evidence", "flags", "letter"]));
      expect(a.amount).toMatch(AMOUNT);
      expect(CONFIDENCES).toContain(a.confidence);
      expect(Array.isArray(a.flags)).toBe(true);
    }
    for (const u of d.unapplied) {
      expect(Object.keys(u)).toEqual(expect.arrayContaining(["payment", "customer", "amount", "currency", "reason", "detail"]));
      expect(u.amount).toMatch(AMOUNT);
      expect(u.reason).not.toBe("");
    }
    expect(d.review.length).toBeGreaterThan(0);
    for (const r of d.review) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(["payment", "customer", "amount", "currency", "kind", "reason", "confidence", "candidates", "held", "evidence"]));
      expect(["suggestion", "ambiguity", "refusal"]).toContain(r.kind);
      expect(CONFIDENCES).toContain(r.confidence);
      for (const c of r.candidates) {
        expect(c.amounts.length).toBe(c.invoices.length);
        for (const v of c.amounts) expect(v).toMatch(AMOUNT);
      }
    }
    for (const x of [...d.differences, ...d.reversals]) expect(x.amount).toMatch(AMOUNT);
  });

  it("lists the review most money first within a currency, and holds what it names", () => {
    const d = doc();
    for (let i = 1; i < d.review.length; i++) {
      const [a, b] = [d.review[i - 1], d.review[i]] as [MatchJson["review"][number], MatchJson["review"][number]];
      if (a.currency === b.currency) expect(parseMajor(a.amount, a.currency) ?? 0).toBeGreaterThanOrEqual(parseMajor(b.amount, b.currency) ?? 0);
      else expect(a.currency < b.currency).toBe(true);
    }
    const held = new Set(d.review.flatMap((r) => r.held));
    expect([...held].sort()).toEqual(d.held);
    // T13: one invoice and the oldest-first pair both explain P13; nothing applied, all three held.
    const p13 = d.review.find((r) => r.payment === "P13");
    expect(p13).toMatchObject({ kind: "ambiguity", reason: "AMBIGUOUS_EXPLANATION", candidates: [{ invoices: ["C-9003"] }, { invoices: ["A-9001", "B-9002"] }] });
    expect(d.allocations.some((a) => a.payment === "P13")).toBe(false);
    expect(d.held).toEqual(expect.arrayContaining(["A-9001", "B-9002", "C-9003"]));
  });

  it("is identical run after run", () => {
    expect(runCli(["match", ...MATCH, "--format", "json"]).stdout).toBe(runCli(["match", ...MATCH, "--format", "json"]).stdout);
  });
});

describe("--review, edited, fed back", { timeout: SPAWNS }, () => {
  it("a confirmed suggestion becomes a D0 allocation and its invoices are no longer held", () => {
    const review = runCli(["match", ...MATCH, "--review"]);
    expect(review.code).toBe(0);
    const rows = parse(review.stdout, { columns: true }) as Record<string, string>[];
    const p15 = rows.filter((r) => r.payment === "P15");
    expect(p15.map((r) => [r.invoice, r.amount, r.decision])).toEqual([["D-1101", "120.00", ""], ["D-1103", "230.00", ""]]);
    expect(matchJson(MATCH).held).toEqual(expect.arrayContaining(["D-1101", "D-1103"]));

    // The accountant writes "confirm" on the rows of P15 (and nothing else) and saves.
    const edited = review.stdout.split("\n").map((line) => line.replace(/^(P15,D-110[13],[\d.]+),,/, "$1,confirm,")).join("\n");
    expect(edited).not.toBe(review.stdout);
    const dir = project("  decisions: decisions.csv\n", { "decisions.csv": edited });
    const d = matchJson(["--config", path.join(dir, "dunning.yaml"), "--as-of", "2024-12-31"]);
    expect(d.allocations.filter((a) => a.payment === "P15").map((a) => [a.invoice, a.amount, a.rule, a.confidence])).toEqual([
      ["D-1101", "120.00", "D0", "certain"], ["D-1103", "230.00", "D0", "certain"],
    ]);
    expect(d.held).not.toContain("D-1101");
    expect(d.held).not.toContain("D-1103");
    expect(d.review.some((r) => r.payment === "P15")).toBe(false);
    // Undecided rows stay undecided: the other suggestions are still there.
    expect(d.review.some((r) => r.payment === "P13")).toBe(true);
    // And the reminder planner, which skipped the held invoices, no longer does.
    const heldIn = (args: string[]) => (JSON.parse(runCli(["run", "--dry-run", ...args, "--format", "json"]).stdout) as { skipped: { invoice: string; reason: string }[] })
      .skipped.filter((x) => x.reason === "held").map((x) => x.invoice);
    expect(heldIn(MATCH)).toEqual(expect.arrayContaining(["D-1101", "D-1103"]));
    expect(heldIn(["--config", path.join(dir, "dunning.yaml"), "--as-of", "2024-12-31"])).not.toEqual(expect.arrayContaining(["D-1101"]));
    expect(heldIn(["--config", path.join(dir, "dunning.yaml"), "--as-of", "2024-12-31"])).toEqual(expect.arrayContaining(["C-9003"]));
  });

  it("reading the file back loses nothing: unedited, it changes nothing", () => {
    const review = runCli(["match", ...MATCH, "--review"]);
    const dir = project("  decisions: decisions.csv\n", { "decisions.csv": review.stdout });
    const r = runCli(["match", "--config", path.join(dir, "dunning.yaml"), "--as-of", "2024-12-31", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(runCli(["match", ...MATCH, "--format", "json"]).stdout);
  });

  it("a French spreadsheet's re-save (`;`, decimal commas, Windows-1252) reads back too", () => {
    const text = "Paiement;Facture;Montant;Décision\nP15;D-1101;120,00;Confirmé\nP15;D-1103;230,00;oui\n";
    const dir = project("  decisions: décisions.csv\n");
    writeFileSync(path.join(dir, "décisions.csv"), Buffer.from(text, "latin1"));
    const d = matchJson(["--config", path.join(dir, "dunning.yaml"), "--as-of", "2024-12-31"]);
    expect(d.allocations.filter((a) => a.rule === "D0").map((a) => `${a.payment}→${a.invoice} ${a.amount}`)).toEqual(["P15→D-1101 120.00", "P15→D-1103 230.00"]);
  });

  it("--decisions - reads the decisions from standard input; only one input may come from there", () => {
    const r = runCli(["match", ...MATCH, "--decisions", "-", "--format", "csv"], { input: "payment,invoice,decision\nP15,D-1101,confirm\n" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("allocation,,P15,D-1101,C11,EUR,120.00,D0,certain,DECISION");
    const two = runCli(["match", "--invoices", "-", "--payments", "test/fixtures/match/payments.csv", "--decisions", "-"], { input: "x" });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("invoices and decisions cannot both come from standard input");
  });

  it("--review has no JSON form", () => {
    const r = runCli(["match", ...MATCH, "--review", "--format", "json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("--review writes the decisions file, which is CSV");
  });

  it("--decisions works on age too: every command letters alike", () => {
    const with_ = runCli(["age", ...MATCH, "--decisions", "test/fixtures/match/decisions.csv", "--format", "json"]);
    const without = runCli(["age", ...MATCH, "--format", "json"]);
    expect(with_.code, with_.stderr).toBe(0);
    const c11 = (out: string) => (JSON.parse(out) as { customers: { id: string; total: string; unapplied: string }[] }).customers.find((c) => c.id === "C11");
    expect(c11(without.stdout)).toMatchObject({ total: "465.00", unapplied: "350.00" });
    expect(c11(with_.stdout)).toMatchObject({ total: "115.00", unapplied: "0.00" });
  });
});

describe("bad decisions files exit 2 with located messages", { timeout: SPAWNS }, () => {
  const run = (decisions: string, command = "match") => {
    const dir = project("  decisions: decisions.csv\n", { "decisions.csv": decisions });
    return runCli([command, "--config", "dunning.yaml", "--as-of", "2024-12-31"], { cwd: dir });
  };

  it("a file that contradicts itself", () => {
    const r = run("payment,invoice,amount,decision\nP15,D-1101,,confirm\nP13,C-9003,,confirm\nP15,D-1101,,reject\n");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("decisions.csv:2:4: decisions for P15 → D-1101 contradict each other (confirm, reject); all ignored (see line 4)");
  });

  it("two confirmations of one pair with different amounts", () => {
    const r = run("payment,invoice,amount,decision\nP15,D-1101,120.00,confirm\nP15,D-1101,100.00,confirm\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("decisions.csv:2:4: decisions for P15 → D-1101 contradict each other (confirm 120.00, confirm 100.00)");
  });

  it("an unknown invoice and an unknown payment", () => {
    const r = run("payment,invoice,amount,decision\nP15,D-9999,,confirm\nP99,D-1101,,confirm\n", "age");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("decisions.csv:2:2: decision names invoice D-9999, which is not in the invoices file — check the invoice number");
    expect(r.stderr).toContain("decisions.csv:3:1: decision names payment P99, which is not in the payments file — check the payment id");
    expect(r.stderr).toContain("nothing was sent or written");
  });

  it("a badly written row and the rows the engine finds wrong are reported in one go", () => {
    const r = run("payment,invoice,amount,decision\nP15,D-9999,,confirm\nP99,D-1101,,confirm\nP15,D-1101,12O.00,confirm\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("decisions.csv:2:2: decision names invoice D-9999");
    expect(r.stderr).toContain("decisions.csv:3:1: decision names payment P99");
    expect(r.stderr).toContain('decisions.csv:4:3: amount "12O.00" is not a number');
    expect(r.stderr).toContain("dunning: 3 errors in the input");
  });

  it("a decision on a payment named after another file's name says so", () => {
    const dir = tempDir("noid");
    writeFileSync(path.join(dir, "invoices.csv"), "invoice,customer,issue_date,due_date,amount\nF1,C1,2026-09-01,2026-10-01,100.00\n");
    writeFileSync(path.join(dir, "reglements-nov.csv"), "date,customer,reference,amount\n2026-11-02,C1,F1,100.00\n");
    writeFileSync(path.join(dir, "decisions.csv"), "payment,invoice,amount,decision\npayments.csv:2,F1,,confirm\n");
    const r = runCli(["match", "--invoices", "invoices.csv", "--payments", "reglements-nov.csv", "--decisions", "decisions.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("decisions.csv:2:1: decision names payment payments.csv:2, which is not in the payments file — payments without an id are named after their file and line: this payments file's are reglements-nov.csv:LINE");
  });

  it("a bad value is reported with line and column before anything is lettered", () => {
    const r = run("payment,invoice,amount,decision\nP15,D-1101,12O.00,confirm\nP15,D-1103,,perhaps\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('decisions.csv:2:3: amount "12O.00" is not a number');
    expect(r.stderr).toContain('decisions.csv:3:4: decision "perhaps" is neither confirm nor reject');
  });

  it("a configured decisions file that does not exist", () => {
    const dir = project("  decisions: nope.csv\n");
    const r = runCli(["match", "--config", "dunning.yaml", "--as-of", "2024-12-31"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nope.csv: the decisions file does not exist");
  });

  it("a decision for a payment after the as-of date waits, with a warning", () => {
    const dir = project("  decisions: decisions.csv\n", { "decisions.csv": "payment,invoice,decision\nP24,F2024-0110,reject\n" });
    const r = runCli(["match", "--config", "dunning.yaml", "--as-of", "2024-06-04", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("decisions.csv:2:1: warning: payment P24 is dated after the as-of date; its decision waits");
  });
});

describe("matching keys reach every command", { timeout: SPAWNS }, () => {
  it("a tolerance change changes the lettrage (and the aged balance)", () => {
    const tight = project("matching:\n  tolerance_abs: 0.10\n");
    const p05 = (d: MatchJson) => d.allocations.find((a) => a.payment === "P05");
    expect(p05(matchJson(MATCH))).toMatchObject({ confidence: "certain", flags: ["SMALL_DIFFERENCE"] });
    expect(p05(matchJson(["--config", path.join(tight, "dunning.yaml"), "--as-of", "2024-12-31"]))).toMatchObject({ confidence: "high", flags: ["PARTIAL"] });
    const c3 = (args: string[]) => (JSON.parse(runCli(["age", ...args, "--format", "json"]).stdout) as { customers: { id: string; total: string }[] }).customers.find((c) => c.id === "C3")?.total;
    expect(c3(MATCH)).toBe("600.00");
    expect(c3(["--config", path.join(tight, "dunning.yaml"), "--as-of", "2024-12-31"])).toBe("600.50");
  });

  it("unapplied_policy: hold keeps unexplained money as credit", () => {
    const dir = project("matching:\n  unapplied_policy: hold\n");
    const d = matchJson(["--config", path.join(dir, "dunning.yaml"), "--as-of", "2024-12-31"]);
    expect(d.allocations.some((a) => a.rule === "F1")).toBe(false);
    expect(d.unapplied.find((u) => u.payment === "P20")).toMatchObject({ amount: "250.00", reason: "NO_CANDIDATE", customer: "C16" });
  });

  it("a typo in the section is located with a suggestion", () => {
    const dir = project("matching:\n  tolerence_abs: 2\n");
    const r = runCli(["match", "--config", "dunning.yaml", "--as-of", "2024-12-31"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dunning.yaml:5:3: unknown key "matching.tolerence_abs" — did you mean "tolerance_abs"?');
  });
});

// ---------------------------------------------------------------------------------------------
// match and age agree: what match allocates, age no longer shows as open.

interface InvoiceRow { number: string; customer: string; currency: string; open0: number; credit: boolean }

function invoicesOf(file: string): InvoiceRow[] {
  const rows = parse(readFileSync(path.join(ROOT, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.filter((r) => !/void|draft/i.test(r.status ?? "")).map((r) => {
    const currency = r.currency || "EUR";
    const amount = parseMajor((r.amount ?? "").replace(/,/g, ""), currency) ?? NaN;
    const paid = r.paid ? parseMajor(r.paid.replace(/,/g, ""), currency) ?? NaN : 0;
    return { number: r.invoice as string, customer: r.customer as string, currency, open0: amount - paid, credit: amount < 0 };
  });
}

describe("match and age agree", { timeout: SPAWNS }, () => {
  it.each([
    ["the fixture", "test/fixtures/match/invoices.csv", MATCH],
    ["the English example", "examples/invoices.csv", EN],
  ])("on %s: open = total − paid − allocations − closed differences, per customer", (_name, file, args) => {
    const m = matchJson(args);
    const age = JSON.parse(runCli(["age", ...args, "--format", "json"]).stdout) as { customers: { id: string; currency: string; total: string; open_invoices: number; unapplied: string }[] };
    const open = new Map(invoicesOf(file).map((i) => [i.number, { ...i, open: i.open0 }]));
    for (const a of m.allocations) {
      const inv = open.get(a.invoice);
      expect(inv, a.invoice).toBeDefined();
      if (inv) inv.open -= parseMajor(a.amount, a.currency) ?? NaN;
    }
    for (const d of m.differences) {
      const inv = open.get(d.invoice);
      if (inv && d.kind === "SMALL_DIFFERENCE") inv.open -= parseMajor(d.amount, d.currency) ?? NaN;
    }
    const expected = new Map<string, { total: number; count: number; unapplied: number }>();
    const row = (customer: string, currency: string) => {
      const key = `${customer} ${currency}`;
      let r = expected.get(key);
      if (!r) expected.set(key, (r = { total: 0, count: 0, unapplied: 0 }));
      return r;
    };
    for (const i of open.values()) {
      expect(i.credit ? i.open <= 0 : i.open >= 0, `${i.number} over-allocated`).toBe(true);
      if (!i.credit && i.open > 0) {
        const r = row(i.customer, i.currency);
        r.total += i.open;
        r.count++;
      }
    }
    for (const u of m.unapplied) if (u.customer !== "") row(u.customer, u.currency).unapplied += parseMajor(u.amount.replace(/^-/, ""), u.currency)! * (u.amount.startsWith("-") ? -1 : 1);
    const fromAge = new Map(age.customers.map((c) => [`${c.id} ${c.currency}`, {
      total: parseMajor(c.total, c.currency), count: c.open_invoices, unapplied: parseMajor(c.unapplied.replace(/^-/, ""), c.currency)! * (c.unapplied.startsWith("-") ? -1 : 1),
    }]));
    const nonEmpty = [...expected.entries()].filter(([, r]) => r.count > 0 || r.unapplied !== 0);
    expect(new Map(nonEmpty)).toEqual(fromAge);
  });
});

describe("a review's decisions on payments named by their line (no id column)", { timeout: 30_000 }, () => {
  const INVOICES = "invoice,customer,issue_date,due_date,amount\nF-100,C1,2026-09-01,2026-10-01,500.00\nF-200,C2,2026-09-01,2026-10-01,750.00\n";
  const run = (dir: string, args: string[]) => runCli([...args, "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });

  it("apply as written, a payment citing another customer's invoice too; refused once the line holds another customer's payment", () => {
    const dir = tempDir("line-decisions");
    writeFileSync(path.join(dir, "invoices.csv"), INVOICES);
    writeFileSync(path.join(dir, "payments.csv"), "date,customer,amount,reference\n2026-10-05,C1,750.00,VIR ALPHA POUR F-200\n2026-10-06,C2,20.00,VIR BETA\n");
    const review = run(dir, ["match", "--review"]);
    const rows = review.stdout.trim().split("\n");
    expect(rows[0]).toBe("payment,invoice,amount,decision,currency,customer,payer,option,kind,reason,confidence,evidence");
    const decided = rows.filter((l) => l.startsWith("payments.csv:2,F-200,")).map((l) => l.replace("750.00,,", "750.00,confirm,"));
    expect(decided).toHaveLength(1);
    expect(decided[0]).toContain(",C2,C1,");
    writeFileSync(path.join(dir, "decisions.csv"), `${rows[0]}\n${decided.join("\n")}\n`);
    const applied = run(dir, ["match", "--format", "json", "--decisions", "decisions.csv"]);
    expect(applied.code, applied.stderr).toBe(0);
    // The next export lists the newest payment first: line 2 is now C2's.
    writeFileSync(path.join(dir, "payments.csv"), "date,customer,amount,reference\n2026-10-06,C2,20.00,VIR BETA\n2026-10-05,C1,750.00,VIR ALPHA POUR F-200\n");
    const moved = run(dir, ["match", "--decisions", "decisions.csv"]);
    expect(moved.code).toBe(2);
    expect(moved.stderr).toContain("decisions.csv:2:1: payments.csv:2 is C2's payment in the payments file now, not C1's as when this decision was written: its rows have moved");
  });
});

describe("the summary's unapplied money", () => {
  it("counts money received, and says apart what went out matched to nothing (a statement's debits), never netted", () => {
    const dir = tempDir("paid-out");
    writeFileSync(path.join(dir, "invoices.csv"), "invoice,customer,customer_name,issue_date,due_date,amount,currency\nINV-1,C1,Acme Ltd,2026-09-01,2026-10-01,1000.00,USD\n");
    writeFileSync(path.join(dir, "payments.csv"), "date,customer,amount,reference,currency\n"
      + "2026-10-05,C1,1200.00,INV-1,USD\n2026-10-06,,-1955.00,IRS USATAXPYMT,USD\n");
    const r = runCli(["match", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("unapplied 200.00 (and 1,955.00 paid out, matched to nothing)");
    const json = JSON.parse(runCli(["match", "--invoices", "invoices.csv", "--payments", "payments.csv", "--as-of", "2026-11-22", "--format", "json"], { cwd: dir }).stdout) as {
      totals: { unapplied: string; paid_out: string }[];
    };
    expect(json.totals).toEqual([expect.objectContaining({ unapplied: "200.00", paid_out: "1955.00" })]);
  });
});
