// Seeded generator (no Math.random) of realistic invoice and payment exports for the benchmark:
// names that need quoting, three currencies, credit notes, partial payments, bank labels (payments
// carry no currency: the default applies). `node test/bench/generate.mjs SIZE [SEED] [--fr]`.

import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";

// Bump when the shape of the data changes, so cached files are regenerated.
const VERSION = 6;
export const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "data");

/** mulberry32: small, fast and good enough to draw test data from. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Acme", "Dupont", "Martin", "Bright", "Granite", "Lefèvre", "Atelier", "Nordic", "Œuvres", "Garage", "Cabinet",
  "Hôtel", "Blue", "Summit", "River", "Château", "Keller", "Müller", "Horizon", "Pixel", "Oak", "Delta", "Zenith", "Alpha",
  "Vega", "Lumen", "Arbre", "Étoile", "Moulin", "Rivage", "Corail", "Sable", "Roche", "Forge", "Ferme", "Pont", "Marée",
  "Cèdre", "Olive", "Brume", "Lys", "Nova", "Orion", "Polar", "Quartz", "Rubis", "Saule", "Tilia", "Ulm", "Wave"];
const SECOND = ["Widgets", "Dental", "Conseil", "Bâtiment", "Services", "Frères", "Digital", "Traiteur", "Design", "Energy",
  "Studio", "Partners", "Transport", "Optique", "Santé", "Import", "Textile", "Auto", "Bois", "Verre", "Print", "Food",
  "Media", "Immo", "Sport", "Jardin", "Labo", "Data", "Mode", "Tech"];
const FORMS = ["", "SARL", "SAS", "SA", "Ltd", "LLP", "GmbH", "Inc.", "& Fils", "EURL", "Cie", "plc", "AG", "BV"];
const PLACES = ["Lyon", "Paris", "Nord", "Sud", "Est", "Ouest", "Nice", "Metz", "Caen", "Pau"];

const pad = (n, w) => String(n).padStart(w, "0");
const DAY = 86_400_000;
const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const frOf = (day) => {
  const d = new Date(day * DAY);
  return `${pad(d.getUTCDate(), 2)}/${pad(d.getUTCMonth() + 1, 2)}/${d.getUTCFullYear()}`;
};

/** Quotes a field the way spreadsheet exports do: only when it holds the separator or a quote. */
function field(value, sep) {
  return value.includes(sep) || value.includes('"') || value.includes("\n") ? `"${value.replaceAll('"', '""')}"` : value;
}

function money(minor, fr, rnd) {
  const neg = minor < 0;
  const abs = Math.abs(minor);
  const int = String(Math.floor(abs / 100));
  const frac = pad(abs % 100, 2);
  // About one amount in ten carries thousands separators, as exports of formatted cells do.
  const grouped = abs >= 100_000 && rnd() < 0.1 ? int.replace(/\B(?=(\d{3})+$)/g, fr ? " " : ",") : int;
  return `${neg ? "-" : ""}${grouped}${fr ? "," : "."}${frac}`;
}

/** Writes in large slices; one write per row would dominate the generation time. */
class Out {
  constructor(file) {
    this.file = file;
    this.tmp = `${file}.tmp`;
    this.fd = openSync(this.tmp, "w");
    this.parts = [];
    this.size = 0;
    this.bytes = 0;
  }
  push(s) {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(encoding = this.encoding) {
    const text = this.parts.join("");
    const buf = encoding === "windows-1252" ? iconv.encode(text, "win1252") : Buffer.from(text, "utf8");
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.file);
  }
}

export function dataPaths(size, seed, fr) {
  const tag = `${size}-s${seed}-v${VERSION}${fr ? "-fr" : ""}`;
  return { invoices: path.join(DATA_DIR, `invoices-${tag}.csv`), payments: path.join(DATA_DIR, `payments-${tag}.csv`) };
}

/**
 * Generates (or reuses) one data set of `size` invoices and about as many payments.
 * `fr` writes a French export: `;`, decimal commas, dd/mm/yyyy, Windows-1252.
 */
export function generate(size, { seed = 42, fr = false } = {}) {
  const paths = dataPaths(size, seed, fr);
  if (existsSync(paths.invoices) && existsSync(paths.payments)) return { ...paths, reused: true };
  mkdirSync(DATA_DIR, { recursive: true });
  const rnd = prng(seed * 7919 + size);
  const int = (n) => Math.floor(rnd() * n);
  const pick = (arr) => arr[int(arr.length)];
  const sep = fr ? ";" : ",";
  const date = fr ? frOf : isoOf;
  const encoding = fr ? "windows-1252" : "utf8";

  const nCustomers = Math.max(50, Math.round(size / 50));
  const customers = [];
  for (let i = 0; i < nCustomers; i++) {
    // Names are mostly distinct, as customers' are: the word combinations run through the lists.
    const first = FIRST[i % FIRST.length];
    const second = SECOND[Math.floor(i / FIRST.length) % SECOND.length];
    const k = Math.floor(i / (FIRST.length * SECOND.length));
    const form = FORMS[k % FORMS.length];
    const place = k >= FORMS.length ? ` ${PLACES[Math.floor(k / FORMS.length) % PLACES.length]}` : "";
    let name = `${first} ${second}${place}${form ? " " + form : ""}`;
    if (rnd() < 0.05) name = `${first}, ${second}${place} & Cie`; // needs quoting
    if (rnd() < 0.01) name = `${first} "${second}"${place}`; // escaped quotes
    const r = rnd();
    customers.push({
      id: `C${pad(i + 1, 5)}`,
      name,
      email: `ar@c${i + 1}.fr`,
      currency: r < 0.86 ? "EUR" : r < 0.95 ? "USD" : "GBP",
      terms: pick([30, 30, 30, 45, 60]),
      // A few customers pay late or not at all, which is what an aged balance is for.
      late: rnd() < 0.15 ? 30 + int(120) : rnd() < 0.05 ? 10_000 : 0,
    });
  }

  const inv = new Out(paths.invoices);
  inv.encoding = encoding;
  inv.push(fr
    ? "N° facture;Code client;Raison sociale;Courriel;Date facture;Date d'échéance;Montant TTC;Devise;Type;Statut\r\n"
    : "invoice,customer,customer_name,email,issue_date,due_date,amount,currency,type,status\n");
  const eol = fr ? "\r\n" : "\n";
  const start = Date.UTC(2025, 0, 1) / DAY;
  const span = Date.UTC(2026, 11, 31) / DAY - start;
  // Payments are drawn per invoice, then written in date order as a bank export would be.
  const pays = [];
  for (let i = 0; i < size; i++) {
    const c = customers[Math.min(nCustomers - 1, Math.floor(Math.pow(rnd(), 1.3) * nCustomers))];
    const issue = start + Math.floor((i / size) * span) + int(5);
    const year = new Date(issue * DAY).getUTCFullYear();
    const number = `${fr ? "F" : "FACT-"}${year}-${pad(i + 1, 6)}`;
    const credit = rnd() < 0.03;
    let amount = Math.round(Math.exp(3 + rnd() * 6) * 100) + int(100);
    const s = rnd();
    const status = credit ? "" : s < 0.7 ? "" : s < 0.9 ? (fr ? "Envoyée" : "sent") : s < 0.96 ? (fr ? "Payée" : "paid")
      : s < 0.98 ? (fr ? "Litige" : "disputed") : s < 0.99 ? (fr ? "Annulée" : "void") : (fr ? "Brouillon" : "draft");
    const type = credit ? (fr ? "Avoir" : "credit_note") : fr ? "Facture" : "invoice";
    if (credit && rnd() < 0.5) amount = -amount;
    const due = rnd() < 0.005 ? "" : date(issue + c.terms);
    inv.push([field(number, sep), c.id, field(c.name, sep), c.email, date(issue), due, field(money(amount, fr, rnd), sep),
      c.currency, type, status].join(sep) + eol);
    if (credit || status === "paid" || status === "Payée" || status === "void" || status === "Annulée" || status === "draft" || status === "Brouillon") continue;
    if (rnd() < 0.12) continue; // still unpaid
    const partial = rnd() < 0.1;
    const split = partial && rnd() < 0.5; // paid in two transfers
    const paidDay = issue + c.terms + c.late - 10 + int(25);
    const first = partial ? Math.round(amount * (0.3 + rnd() * 0.4)) : amount;
    pays.push({ day: paidDay, c, number, amount: first, year, seq: i + 1 });
    if (split) pays.push({ day: paidDay + 20 + int(30), c, number, amount: amount - first, year, seq: i + 1 });
  }
  inv.close();
  // Payments nobody can tie to an invoice (and a few refunds) bring the count near `size`.
  while (pays.length < size) {
    const c = pick(customers);
    const refund = rnd() < 0.05;
    const amount = Math.round(Math.exp(3 + rnd() * 5) * 100);
    pays.push({ day: start + int(span), c, number: undefined, amount: refund ? -amount : amount, year: 0, seq: 0 });
  }
  pays.sort((a, b) => a.day - b.day);

  const pay = new Out(paths.payments);
  pay.encoding = encoding;
  pay.push(fr
    ? "Référence opération;Date de règlement;Code client;Montant;Libellé;N° facture\r\n"
    : "id,date,customer,amount,reference,invoice\n");
  pays.forEach((p, k) => {
    // Banks cut the payer's name short in transfer labels.
    const upper = p.c.name.toUpperCase().replace(/[",]/g, "").slice(0, 16).trim();
    let label;
    const r = rnd();
    if (p.number === undefined) label = p.amount < 0 ? `REMBOURSEMENT ${upper}` : rnd() < 0.5 ? `VIR SEPA ${upper}` : `VIR ${int(1e9)} REF CLIENT`;
    else if (r < 0.55) label = `VIR SEPA ${upper} ${p.number}`;
    else if (r < 0.7) label = `VIR SEPA ${upper} FACT ${p.year} ${pad(p.seq, 6)}`;
    else if (r < 0.8) label = `CHQ ${pad(int(1e7), 7)} ${upper}`;
    else if (r < 0.9) label = `PRLV SEPA ${upper} ECH ${p.number}`;
    else label = `VIR ${upper}`;
    const withInvoice = p.number !== undefined && rnd() < 0.3;
    const customer = rnd() < 0.7 ? p.c.id : "";
    const row = fr
      ? [`VIR-${pad(k + 1, 8)}`, date(p.day), customer, field(money(p.amount, true, rnd), sep), field(label, sep), withInvoice ? p.number : ""]
      : [`PAY-${pad(k + 1, 8)}`, date(p.day), customer, field(money(p.amount, false, rnd), sep), field(label, sep), withInvoice ? p.number : ""];
    pay.push(row.join(sep) + eol);
  });
  pay.close();
  return { ...paths, reused: false };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = Number(process.argv[2] ?? 10_000);
  const seed = Number(process.argv[3] ?? 42);
  const r = generate(size, { seed, fr: process.argv.includes("--fr") });
  console.log(`${r.invoices}\n${r.payments}${r.reused ? " (reused)" : ""}`);
}
