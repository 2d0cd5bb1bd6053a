// Properties of the lettrage engine on random ledgers (fast-check): money is never created,
// never crosses currencies, every unapplied amount says why, and the output depends on the
// data only — not on the run, nor on the order of the input rows.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LetteredLedger } from "../../src/core/ledger.js";
import { matchPayments, type Decision, type MatchOptions } from "../../src/core/match.js";
import type { Invoice, Payment } from "../../src/core/model.js";
import { credit, inv, pay } from "../helpers/ledger-fixtures.js";

const CUSTOMERS = ["C1", "C2", "C3", "C4"];
const NAMES: Record<string, string> = { C1: "Acme SARL", C2: "Boulangerie Dupont", C3: "Dupont & Fils", C4: "Garage Martin" };
// Few distinct amounts, so equal amounts, ties and combinations happen often.
const AMOUNTS = ["10.00", "20.00", "30.00", "50.00", "60.00", "99.00", "100.00", "120.00", "250.00", "999.50", "1000.00"];

const date = fc.integer({ min: 1, max: 200 }).map((d) => {
  const t = Date.UTC(2024, 0, d);
  return new Date(t).toISOString().slice(0, 10);
});
const amount = fc.oneof(fc.constantFrom(...AMOUNTS), fc.integer({ min: 1, max: 200_000 }).map((c) => (c / 100).toFixed(2)));

const invoiceRow = fc.record({
  customer: fc.constantFrom(...CUSTOMERS), due: date, open: amount, currency: fc.constantFrom("EUR", "EUR", "EUR", "USD"),
  paid: fc.option(fc.constantFrom("0.00", "5.00", "10.00"), { nil: undefined }), creditNote: fc.boolean(),
  linked: fc.integer({ min: -1, max: 15 }),
});

const paymentRow = fc.record({
  date, amount, negative: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), currency: fc.constantFrom("EUR", "EUR", "EUR", "USD"),
  // Payments are mostly about an invoice of the world: its amount, the sum with the next one, a part of it.
  target: fc.integer({ min: 0, max: 15 }), how: fc.constantFrom("exact", "exact", "sum", "half", "random"),
  payer: fc.constantFrom("own", "own", "own", "name", "none", "other", "unknown"), cite: fc.constantFrom(0, 0, 1, 2),
  noise: fc.constantFrom("", "VIR SEPA", "SHA", "REF 12345", "FACT"),
});

const numberOf = (i: number): string => (i % 3 === 0 ? `F2024-${String(i).padStart(4, "0")}` : i % 3 === 1 ? `INV${10000 + i}` : `AV-${i}-X`);

interface World {
  readonly invoices: Invoice[];
  readonly payments: Payment[];
  readonly decisions: Decision[];
}

const decisionRow = fc.record({ payment: fc.nat(15), invoice: fc.nat(17), confirm: fc.boolean(), amount: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: undefined }) });

const world: fc.Arbitrary<World> = fc.record({
  invoices: fc.array(invoiceRow, { maxLength: 16 }),
  payments: fc.array(paymentRow, { maxLength: 12 }),
  decisions: fc.array(decisionRow, { maxLength: 3 }),
}).map(({ invoices, payments, decisions }) => {
  const inv2 = invoices.map((r, i): Invoice => {
    const number = numberOf(i);
    const extra = { currency: r.currency, name: NAMES[r.customer] ?? r.customer };
    if (r.creditNote && i % 4 === 3) {
      const target = r.linked >= 0 && r.linked < invoices.length ? numberOf(r.linked) : "";
      return credit(number, r.customer, r.due, r.open, { ...extra, appliesTo: target });
    }
    return inv(number, r.customer, r.due, r.open, r.paid !== undefined ? { ...extra, paid: r.paid } : extra);
  });
  const pays = payments.map((r, i): Payment => {
    const t = inv2.length > 0 ? inv2[r.target % inv2.length] : undefined;
    const next = inv2.length > 0 ? inv2[(r.target + 1) % inv2.length] : undefined;
    const open = (x: Invoice | undefined): number => (x ? Math.abs(x.amount - x.paid) : 0);
    let cents = Math.round(Number(r.amount) * 100);
    if (t && r.how === "exact") cents = open(t);
    if (t && r.how === "sum") cents = open(t) + open(next);
    if (t && r.how === "half") cents = Math.ceil(open(t) / 2);
    if (cents <= 0) cents = 1;
    const own = t?.customer ?? "C1";
    const customer = r.payer === "own" ? own : r.payer === "other" ? (own === "C1" ? "C2" : "C1") : r.payer === "unknown" ? "C9" : "";
    const name = r.payer === "name" ? (NAMES[own] ?? "").toUpperCase() : r.payer === "none" ? "SOMEONE" : "";
    const cited = t && r.cite > 0 ? [t.number, ...(r.cite > 1 && next ? [next.number] : [])] : [];
    const label = [r.noise, ...cited].join(" ").trim();
    const currency = r.how === "random" ? r.currency : t?.currency ?? r.currency;
    return pay(`P${String(i).padStart(3, "0")}`, r.date, customer, (r.negative ? "-" : "") + (cents / 100).toFixed(2), label, { currency, name });
  });
  // Decisions name payments and invoices of the world, and sometimes ones that do not exist.
  const dec = decisions.map((d): Decision => ({
    payment: `P${String(d.payment).padStart(3, "0")}`, invoice: numberOf(d.invoice), decision: d.confirm ? "confirm" : "reject",
    ...(d.amount !== undefined ? { amount: d.amount } : {}),
  }));
  return { invoices: inv2, payments: pays, decisions: dec };
});

const optionSets: readonly Partial<MatchOptions>[] = [{}, { unallocatedPolicy: "hold" }, { autoApplyUniqueCombination: true, autoApplyThreshold: "medium" }];

function run(w: World, options: Partial<MatchOptions> = {}): LetteredLedger {
  return matchPayments({ invoices: w.invoices, payments: w.payments, decisions: w.decisions, asOf: "2024-12-31", options });
}

/** Fisher–Yates driven by a seed, so a failing shuffle is reproducible. */
function shuffle<T>(rows: readonly T[], seed: number): T[] {
  const out = [...rows];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Everything the ledger says, with items in a canonical order (the contract keeps input order). */
function canonical(l: LetteredLedger): unknown {
  const items = [...l.items].map((i) => `${i.invoice.number} ${i.open}`).sort();
  return { ...l, items };
}

const RUNS = { numRuns: 300 };

describe("lettrage properties", () => {
  it("no payment and no credit note gives more than it has", () => {
    fc.assert(fc.property(world, fc.constantFrom(...optionSets), (w, o) => {
      const l = run(w, o);
      const given = new Map<string, number>();
      for (const a of l.allocations) given.set(a.payment, (given.get(a.payment) ?? 0) + a.amount);
      for (const p of w.payments) expect(given.get(p.id) ?? 0).toBeLessThanOrEqual(Math.abs(p.amount));
      for (const i of w.invoices) if (i.type === "credit_note") expect(given.get(i.number) ?? 0).toBeLessThanOrEqual(Math.max(0, i.paid - i.amount));
    }), RUNS);
  });

  it("no invoice receives more than was open, and its open amount adds up", () => {
    fc.assert(fc.property(world, fc.constantFrom(...optionSets), (w, o) => {
      const l = run(w, o);
      const got = new Map<string, number>();
      for (const a of l.allocations) got.set(a.invoice, (got.get(a.invoice) ?? 0) + a.amount);
      const written = new Map<string, number>();
      for (const d of l.differences) if (d.kind === "SMALL_DIFFERENCE") written.set(d.invoice, (written.get(d.invoice) ?? 0) + d.amount);
      for (const item of l.items) {
        const { invoice } = item;
        const open0 = invoice.amount - invoice.paid;
        const received = got.get(invoice.number) ?? 0;
        if (invoice.type === "credit_note") {
          expect(received).toBe(0);
          continue;
        }
        expect(received).toBeLessThanOrEqual(Math.max(0, open0));
        expect(item.open).toBe(open0 - received - (written.get(invoice.number) ?? 0));
        if (open0 > 0) expect(item.open).toBeGreaterThanOrEqual(0);
      }
    }), RUNS);
  });

  it("no allocation crosses currencies", () => {
    fc.assert(fc.property(world, fc.constantFrom(...optionSets), (w, o) => {
      const l = run(w, o);
      const currencyOf = new Map<string, string>([...w.invoices.map((i) => [i.number, i.currency] as const), ...w.payments.map((p) => [p.id, p.currency] as const)]);
      for (const a of l.allocations) {
        expect(currencyOf.get(a.invoice)).toBe(a.currency);
        expect(currencyOf.get(a.payment)).toBe(a.currency);
      }
    }), RUNS);
  });

  it("every unapplied amount has a reason, and a payment's money is allocated, unapplied or returned", () => {
    fc.assert(fc.property(world, fc.constantFrom(...optionSets), (w, o) => {
      const l = run(w, o);
      for (const u of l.unapplied) expect(u.reason).toMatch(/^[A-Z_]+$/);
      const reversed = new Set(l.reversals.flatMap((r) => [r.payment, r.reverses]));
      for (const p of l.payments) {
        if (reversed.has(p.id) || p.amount === 0) continue;
        const allocated = l.allocations.filter((a) => a.payment === p.id).reduce((s, a) => s + a.amount, 0);
        const left = l.unapplied.filter((u) => u.payment === p.id).reduce((s, u) => s + u.amount, 0);
        expect(p.amount < 0 ? left : allocated + left).toBe(p.amount);
      }
      for (const a of l.allocations) {
        expect(a.rule).not.toBe("");
        expect(["certain", "high", "medium", "low", "policy"]).toContain(a.confidence);
      }
    }), RUNS);
  });

  it("identical input gives identical output", () => {
    fc.assert(fc.property(world, fc.constantFrom(...optionSets), (w, o) => {
      expect(JSON.stringify(run(w, o))).toBe(JSON.stringify(run(w, o)));
    }), RUNS);
  });

  it("the order of the input rows does not matter", () => {
    fc.assert(fc.property(world, fc.constantFrom(...optionSets), fc.integer(), fc.integer(), (w, o, s1, s2) => {
      const shuffled = { ...w, invoices: shuffle(w.invoices, s1), payments: shuffle(w.payments, s2) };
      expect(canonical(run(shuffled, o))).toEqual(canonical(run(w, o)));
    }), RUNS);
  });

  it("held invoices are exactly those of review items that hold, and LOW suggestions hold nothing", () => {
    fc.assert(fc.property(world, fc.constantFrom(...optionSets), (w, o) => {
      const l = run(w, o);
      expect(l.held).toEqual([...new Set(l.review.flatMap((r) => r.held))].sort());
      for (const r of l.review) if (r.confidence === "low") expect(r.held).toEqual([]);
      for (const r of l.review) for (const c of r.candidates) expect(c.invoices.length).toBe(c.amounts.length);
    }), RUNS);
  });
});
