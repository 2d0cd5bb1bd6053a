// End-to-end `--fec`: the shipped FEC example (ISO 8859-15, `|`, CRLF, lettrage, an opening
// balance, a foreign-currency invoice, a label holding the separator) through age, match and
// run --dry-run; where it comes from (flag, data.fec) and the mistakes around it, exit 2.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { FEC_HEADER } from "../../src/core/fec.js";
import { ROOT, runCli, transcript } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const FEC = "examples/fec/123456789FEC20261231.txt";
const ARGS = ["--fec", FEC, "--as-of", "2026-11-22"];
/** The shipped FEC, as bytes to put in a folder of one's own. */
const SHIPPED = (): Buffer => readFileSync(path.join(ROOT, FEC));

/** A temp folder holding these files (name → text or bytes); its path. */
function folder(prefix: string, files: Readonly<Record<string, string | Buffer>>): string {
  const dir = tempDir(prefix);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe("dunning with --fec on the shipped example", () => {
  it.each([
    ["age", ["age", ...ARGS]],
    ["age-json", ["age", ...ARGS, "--format", "json"]],
    ["match", ["match", ...ARGS]],
    ["run", ["run", "--dry-run", ...ARGS]],
    ["run-customers", ["run", "--dry-run", ...ARGS, "--customers", "examples/fec/clients.csv"]],
  ])("%s", async (name, args) => {
    const r = runCli(args);
    expect(r.code).toBe(0);
    await expect(transcript(r)).toMatchFileSnapshot(`golden/fec-${name}.txt`);
  });

  it("is written as the format says: ISO 8859-15 (œ is byte BD), | between fields, CRLF", () => {
    const bytes = SHIPPED();
    expect(bytes.includes(0xbd)).toBe(true);
    expect(bytes.toString("latin1").split("\r\n")[0]).toBe(FEC_HEADER);
    expect(runCli(["age", ...ARGS]).stdout).toContain("Cœur de Ville SAS");
  });

  it("reads data.fec from the configuration, relative to it, and --invoices/--payments replace it", () => {
    const dir = folder("fec-config", { "ledger.txt": SHIPPED(), "dunning.yaml": "data:\n  fec: ledger.txt\npayment_terms_days: 45\n" });
    const fromConfig = runCli(["age", "--config", path.join(dir, "dunning.yaml"), "--as-of", "2026-11-22", "--format", "json"]);
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.stderr).toContain("due 45 days after their document date");
    const flagged = runCli(["age", "--config", path.join(dir, "dunning.yaml"), "--invoices", "examples/invoices.csv", "--payments", "examples/payments.csv", "--as-of", "2026-11-22", "--format", "json"]);
    expect(flagged.code).toBe(0);
    expect(flagged.stdout).toBe(runCli(["age", "--invoices", "examples/invoices.csv", "--payments", "examples/payments.csv", "--as-of", "2026-11-22", "--format", "json"]).stdout);
  });

  it("reads fec.accounts: 416 (doubtful debts) shown, held from reminders", () => {
    const lines = [
      FEC_HEADER,
      "VT|Ventes|1|20260901|411000|Clients|C9|Dubois|F-9|20260901|Facture F-9|600,00|0,00|||20260901||",
      "VT|Ventes|1|20260901|706000|Ventes|||F-9|20260901|Facture F-9|0,00|600,00|||20260901||",
      "OD|Divers|2|20261001|416000|Clients douteux|C9|Dubois|F-9|20260901|Transfert douteux F-9|600,00|0,00|||20261001||",
      "OD|Divers|2|20261001|411000|Clients|C9|Dubois|F-9|20260901|Transfert douteux F-9|0,00|600,00|||20261001||",
    ];
    const dir = folder("fec-accounts", {
      "FEC.txt": iconv.encode(lines.join("\r\n"), "iso-8859-15"), "dunning.yaml": "data:\n  fec: FEC.txt\nfec:\n  accounts: [411, 416]\n",
    });
    const r = runCli(["run", "--dry-run", "--config", path.join(dir, "dunning.yaml"), "--as-of", "2026-11-22", "--explain", "F-9/2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/held/);
  });
});

describe("the customers file completes what the exports lack", () => {
  it("gives e-mail addresses, languages and terms: reminders go by e-mail, due dates follow each customer's terms", () => {
    const r = runCli(["run", "--dry-run", ...ARGS, "--customers", "examples/fec/clients.csv", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const doc = JSON.parse(r.stdout) as { reminders: { customer: string; channel: string; to: string }[] };
    expect(doc.reminders.find((m) => m.customer === "C006")).toMatchObject({ channel: "email", to: "accounts@smithco.example" });
    expect(doc.reminders.find((m) => m.customer === "C005")?.to).toBe("");
    const explain = runCli(["run", "--dry-run", ...ARGS, "--customers", "examples/fec/clients.csv", "--explain", "F2026-115"]);
    expect(explain.stdout).toContain("due 2026-11-30");
  });

  it("dunning check says where the invoices, payments and contacts come from", () => {
    const r = runCli(["check", ...ARGS, "--customers", "examples/fec/clients.csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("invoices: 12 read from the FEC\npayments: 6 read from the FEC\ncustomers file: examples/fec/clients.csv\n");
  });

  it("applies to CSV exports too, from data.customers", () => {
    const config = readFileSync(path.join(ROOT, "examples/dunning.yaml"), "utf8")
      .replaceAll(" fr/", ` ${path.join(ROOT, "examples/fr")}/`).replace("data:\n", "data:\n  customers: clients.csv\n");
    const dir = folder("customers", { "clients.csv": "customer;email\nCL014;nouvelle@adresse.example\n", "dunning.yaml": config });
    const r = runCli(["run", "--dry-run", "--config", path.join(dir, "dunning.yaml"), "--as-of", "2026-11-22", "--format", "json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { reminders: { customer: string; to: string }[] };
    expect(doc.reminders.filter((m) => m.customer === "CL014").map((m) => m.to)).toContain("nouvelle@adresse.example");
  });

  it("reads the FEC and the customers file with their own separators whatever csv.delimiter says of the exports", () => {
    const dir = folder("fec-csv", { "FEC.txt": SHIPPED(), "clients.csv": "customer,email\nC006,accounts@smithco.example\n", "dunning.yaml": "data:\n  fec: FEC.txt\n  customers: clients.csv\ncsv:\n  delimiter: \";\"\n" });
    const r = runCli(["run", "--dry-run", "--config", path.join(dir, "dunning.yaml"), "--as-of", "2026-11-22", "--format", "json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { reminders: { customer: string; to: string }[] };
    expect(doc.reminders.find((m) => m.customer === "C006")?.to).toBe("accounts@smithco.example");
  });

  it("reads the customers file in the encoding csv.encoding forces", () => {
    const dir = folder("fec-enc", { "FEC.txt": SHIPPED(), "clients.csv": iconv.encode("customer;customer_name\nC003;Œuvres € Cie\n", "iso-8859-15"), "dunning.yaml": "data:\n  fec: FEC.txt\n  customers: clients.csv\ncsv:\n  encoding: iso-8859-15\n" });
    const r = runCli(["age", "--config", path.join(dir, "dunning.yaml"), "--as-of", "2026-11-22"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Œuvres € Cie");
  });

  it("a customer listed twice with other details stops the command, located", () => {
    const dir = folder("customers-bad", { "clients.csv": "customer,email\nC001,a@x.example\nC001,b@x.example\n" });
    const r = runCli(["age", ...ARGS, "--customers", path.join(dir, "clients.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/clients\.csv:3:1: customer C001 appears again with other details \(first on line 2\) — keep one row per customer/);
  });
});

describe("--fec on what ledgers contain", () => {
  it("reads a label starting with a quote as text (the format has no quoting), keeps a deposit with its account, says what it leaves out", () => {
    const lines = [
      FEC_HEADER,
      'VT|Ventes|1|20261001|411000|Clients|C1|Dupont|F-1|20261001|"Facture | acompte|1200,00|0,00|||20261001||',
      'VT|Ventes|1|20261001|706000|Ventes|||F-1|20261001|"Facture | acompte|0,00|1200,00|||20261001||',
      "BQ|Banque|2|20261005|411000|Clients|C2|Dupont|AC-1|20261005|Acompte commande|0,00|500,00|||20261005||",
      "BQ|Banque|2|20261005|512000|Banque|||AC-1|20261005|Acompte commande|500,00|0,00|||20261005||",
      "OD|Divers|3|20261010|416000|Clients douteux|C3|Martin|F-0|20250110|Douteux|800,00|0,00|||20261010||",
      "OD|Divers|3|20261010|411000|Clients|C3|Martin|F-0|20250110|Douteux|0,00|800,00|||20261010||",
    ];
    const dir = folder("fec-quirks", { "FEC.txt": lines.join("\n") });
    const r = runCli(["age", "--fec", "FEC.txt", "--as-of", "2026-11-22", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { customers: { id: string; total: string; unapplied: string; open_invoices: number }[] };
    expect(doc.customers.find((c) => c.id === "C1")).toMatchObject({ total: "1200.00", open_invoices: 1 });
    expect(doc.customers.find((c) => c.id === "C2")).toMatchObject({ unapplied: "500.00" });
    expect(r.stderr).not.toContain("check that both exports");
    expect(r.stderr).toContain("the FEC has lines on 416 (doubtful customers), which are not read — fec.accounts: [411, 416] in dunning.yaml reads them");
  });
});

describe("--fec mistakes exit 2, nothing done", () => {
  it("an FEC given as --invoices is recognised and the right flag named", () => {
    const r = runCli(["age", "--invoices", FEC, "--payments", "examples/payments.csv", "--as-of", "2026-11-22"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${FEC}:1: this is a French general-ledger export (FEC), not an invoices export — read it with --fec FILE`);
  });

  it("--fec with --invoices is refused", () => {
    const r = runCli(["age", ...ARGS, "--invoices", "examples/invoices.csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("both an FEC and invoices or payments exports are given");
  });

  it("a value that does not read is located by line and column", async () => {
    const text = SHIPPED().toString("latin1").replace("|850,00|0,00|AA|", "|85O,00|0,00|AA|").replace("|20261010|411000|", "|20261310|411000|");
    const dir = folder("fec-bad", { "FEC.txt": Buffer.from(text, "latin1") });
    const r = runCli(["age", "--fec", "FEC.txt", "--as-of", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    await expect(transcript(r)).toMatchFileSnapshot("golden/fec-error-values.txt");
  });
});
