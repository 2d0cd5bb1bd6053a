// The reminder plan of a day: every open invoice either joins one message per customer,
// currency and channel — at the most advanced step due among its late invoices, each invoice
// keeping its own (with its fees and late interest) — or gets a skip reason. Dry runs and real
// runs use this same function; it reads history, it never records anything. Pure.

import { addDays, daysBetween, type PlainDate } from "./dates.js";
import { customerKind } from "./customer-kind.js";
import { emailRecipients, type Recipients } from "./email.js";
import { activeHold, expiredHolds, indexHolds, type Hold } from "./holds.js";
import { followRespelledNumbers, previousReminders } from "./history.js";
import { chargesStart, computeInterest, rateWarnings, type LatePaymentProfile } from "./interest.js";
import type { Ledger, OpenItem, ReviewItem } from "./ledger.js";
import { limitationOf, limitationState, WARN_DAYS, type Limitation } from "./limitation.js";
import type { Invoice } from "./model.js";
import { formatMinor, formatMoney, parseMajor } from "./money.js";
import { decideStep, type StepDecision } from "./plan-step.js";
import { baseChanges, receiptsByInvoice } from "./receipts.js";
import { firstNoticeReceived, firstReminderReceived, formalNoticeSteps, noticeReceived, noticesDone, recordsByInvoice, setsDeadline } from "./delivered.js";

import type { Channel, Plan, Receipt, Reminder, ReminderLine, Scenario, Skip, Step, StepRecord } from "./reminder.js";
import type { CustomerSegment, Segment } from "./segments.js";
import { compareText } from "./text.js";

export interface ScenarioRule {
  readonly scenario: string;
  readonly ids?: readonly string[];
  readonly segment?: Segment;
}

export interface PlanInput {
  readonly ledger: Ledger;
  readonly asOf: PlainDate;
  readonly scenarios: ReadonlyMap<string, Scenario>;
  readonly defaultScenario: string;
  /** First match wins. */
  readonly rules: readonly ScenarioRule[];
  readonly holds: readonly Hold[];
  /** Invoices the lettrage engine holds (a suggestion or an ambiguity involves them). */
  readonly heldByMatching: ReadonlySet<string>;
  readonly history: readonly StepRecord[];
  readonly profile: LatePaymentProfile;
  readonly segments: ReadonlyMap<string, CustomerSegment>;
  /** Language of customers without one (from company.locale): `fr`, `en`. */
  readonly defaultLanguage: string;
}

/** The scenario a customer follows: the first matching rule, else the default. */
export function scenarioFor(customer: string, input: Pick<PlanInput, "rules" | "defaultScenario" | "segments">): string {
  const segment = input.segments.get(customer)?.segment;
  const rule = input.rules.find((r) => (r.ids !== undefined && r.ids.includes(customer)) || (r.segment !== undefined && r.segment === segment));
  return rule?.scenario ?? input.defaultScenario;
}

interface Group {
  customer: string;
  currency: string;
  step: Step;
  scenario: string;
  items: OpenItem[];
  /** In a message merged from several steps' (oneMessagePerChannel): the invoices due at another step than `step`. */
  stepOf?: ReadonlyMap<string, Step>;
}

function byDueThenNumber(a: OpenItem, b: OpenItem): number {
  const x = a.invoice;
  const y = b.invoice;
  return x.customer < y.customer ? -1 : x.customer > y.customer ? 1
    : x.dueDate < y.dueDate ? -1 : x.dueDate > y.dueDate ? 1 : x.number < y.number ? -1 : x.number > y.number ? 1 : 0;
}

/** What the rules say about one open invoice: its hold, or the decision on its scenario. */
interface Assessment {
  readonly hold?: Hold;
  readonly scenario?: string;
  readonly decision?: StepDecision;
}

/**
 * Applies the rules to one invoice. With `why`, also writes the reasoning for --explain; the plan
 * itself runs without it, because keeping five sentences for each of 100 k invoices costs more
 * than planning them (the explanation of one invoice is recomputed when asked for).
 */
function assess(
  item: OpenItem, input: PlanInput, holdsOf: (inv: Invoice) => Hold[], records: Map<string, StepRecord[]>, owed: ReadonlyMap<string, number>,
  why?: string[], limitation = limitationFor(item.invoice, input),
): Assessment {
  const inv = item.invoice;
  const holds = holdsOf(inv);
  if (why) for (const h of expiredHolds(inv, holds, input.asOf)) why.push(`hold ${h.type} ended on ${h.until} (${h.source}): dunning resumes`);
  const hold = activeHold(inv, holds, input.heldByMatching, input.asOf);
  if (hold) {
    why?.push(`→ nothing today: held, ${holdDetail(hold)}`);
    return { hold };
  }
  const scenario = scenarioFor(inv.customer, input);
  if (limitation !== undefined && limitationState(limitation, input.asOf) === "barred") {
    const issued = inv.issueGuessed === true ? `issue date not in the export, taken as ${inv.issueDate}` : `issued ${inv.issueDate}`;
    const detail = `${issued}, it could be claimed until ${limitation.lastDay}: ${limitation.rule}`;
    why?.push(`→ nothing today: time_barred (${detail})`);
    return { scenario, decision: { kind: "skip", reason: "time_barred", detail, why: why ?? [] } };
  }
  const owes = owed.get(`${inv.customer}\u0000${inv.currency}`) ?? item.open;
  const decision = decideStep({ number: inv.number, dueDate: inv.dueDate, owed: owes, currency: inv.currency, records: records.get(inv.number) ?? [] },
    input.scenarios.get(scenario) as Scenario, input.asOf, why !== undefined);
  if (why) why.push(...decision.why);
  return { scenario, decision };
}

/** The invoice's limitation period under the plan's profile (the planner's loop works it out once per invoice). */
const limitationFor = (inv: Invoice, input: PlanInput): Limitation | undefined => limitationOf(input.profile.name, isConsumer(inv), inv.issueDate);

/** Is the invoice's customer a consumer (B2C): other fees, interest and limitation periods. */
const isConsumer = (inv: Invoice): boolean => customerKind(inv.customerType) === "consumer";

function holdDetail(hold: Hold): string {
  // The lettrage's hold acts as a dispute does, but nobody contests anything: said as what it is.
  const kind = hold.source === "lettrage" ? "payment under review" : hold.type;
  return `${kind}${hold.until ? ` until ${hold.until}` : ""}${hold.note ? `: ${hold.note}` : ""} (${hold.source})`;
}

/** --explain's reasoning per invoice, made on demand from the same rules the plan applied. */
class Explanations implements ReadonlyMap<string, readonly string[]> {
  constructor(
    private readonly items: ReadonlyMap<string, OpenItem>,
    /** What became of an invoice once planned: held back after all (minimum, credit), or sent in another step's message. */
    private readonly notes: ReadonlyMap<string, string>,
    private readonly explain: (item: OpenItem) => string[],
  ) {}

  get(invoice: string): readonly string[] | undefined {
    const item = this.items.get(invoice);
    if (item === undefined) return undefined;
    const why = this.explain(item);
    const note = this.notes.get(invoice);
    if (note !== undefined) why.push(note);
    return why;
  }

  has(invoice: string): boolean {
    return this.items.has(invoice);
  }

  get size(): number {
    return this.items.size;
  }

  keys(): MapIterator<string> {
    return this.items.keys();
  }

  /** Iterating explains every invoice: fine for a few, not what planning should do. */
  private all(): Map<string, readonly string[]> {
    return new Map([...this.items.keys()].map((k) => [k, this.get(k) as readonly string[]]));
  }

  entries(): MapIterator<[string, readonly string[]]> {
    return this.all().entries();
  }

  values(): MapIterator<readonly string[]> {
    return this.all().values();
  }

  [Symbol.iterator](): MapIterator<[string, readonly string[]]> {
    return this.entries();
  }

  forEach(callback: (value: readonly string[], key: string, map: ReadonlyMap<string, readonly string[]>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.all()) callback.call(thisArg, v, k, this);
  }
}

export function planReminders(input: PlanInput): Plan {
  const { ledger, asOf } = input;
  const open = ledger.items.filter((i) => i.invoice.type === "invoice" && i.open > 0).sort(byDueThenNumber);
  const recordsOf = recordsByInvoice(input.history);
  const respelled = input.history.length === 0 ? []
    : followRespelledNumbers(recordsOf, new Set(ledger.items.map((i) => i.invoice.number)), open.map((i) => i.invoice));
  const holdsOf = indexHolds(input.holds);
  const openByNumber = new Map<string, OpenItem>();
  const notes = new Map<string, string>();
  const skipped: Skip[] = [];
  const groups = new Map<string, Group>();
  const skip = (item: OpenItem, reason: Skip["reason"], detail: string): void => {
    skipped.push({ invoice: item.invoice.number, customer: item.invoice.customer, reason, detail });
  };

  // What each customer can be reminded of per currency, for catch_up latest's min_amount (see
  // plan-step.ts): a disputed or time-barred invoice would otherwise lift a small debt to a step
  // it never reaches. Only a scenario that has both asks: the holds are not weighed twice per
  // invoice for nothing.
  const owed = new Map<string, number>();
  const weighed = [...input.scenarios.values()].some((s) => s.catchUp === "latest" && s.steps.some((st) => st.minAmount !== undefined));
  for (const item of weighed ? open : []) {
    const inv = item.invoice;
    if (activeHold(inv, holdsOf(inv), input.heldByMatching, asOf) !== undefined) continue;
    if (limitationState(limitationFor(inv, input), asOf) === "barred") continue;
    const k = `${inv.customer}\u0000${inv.currency}`;
    owed.set(k, (owed.get(k) ?? 0) + item.open);
  }
  const ending: string[] = [];
  // Past their limitation period, held or not: never recalled among a letter's other invoices.
  const barred = new Set<string>();
  for (const item of open) {
    const inv = item.invoice;
    openByNumber.set(inv.number, item);
    const limitation = limitationFor(inv, input);
    const state = limitationState(limitation, asOf);
    if (state === "ending") ending.push(`${inv.number} (last day ${limitation?.lastDay as string})`);
    else if (state === "barred") barred.add(inv.number);
    const { hold, scenario, decision } = assess(item, input, holdsOf, recordsOf, owed, undefined, limitation);
    if (hold) {
      skip(item, "held", holdDetail(hold));
      continue;
    }
    if (decision === undefined || scenario === undefined) continue;
    if (decision.kind === "skip") {
      skip(item, decision.reason, decision.detail);
      continue;
    }
    const key = `${inv.customer}\u0000${inv.currency}\u0000${decision.step.id}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { customer: inv.customer, currency: inv.currency, step: decision.step, scenario, items: [] }));
    g.items.push(item);
  }
  const suggested = unheldSuggestions(ledger);
  const explanations = new Explanations(openByNumber, notes, (item) => {
    const inv = item.invoice;
    const who = inv.customerName === inv.customer ? inv.customer : `${inv.customer} ${inv.customerName}`;
    const why = [`${inv.number} (${who}): ${formatMoney(item.open, inv.currency)} open of ${formatMinor(inv.amount, inv.currency)}`];
    for (const s of suggested.get(inv.number) ?? []) why.push(mayHavePaid(s));
    assess(item, input, holdsOf, recordsOf, owed, why);
    return why;
  });

  const context = buildContext(ledger, input.scenarios);
  const warnings = new Set<string>();
  const notUnderstood = new Map<string, string>();
  for (const item of open) {
    const { customerType, customer } = item.invoice;
    if (customerKind(customerType) === undefined && !notUnderstood.has(customerType)) notUnderstood.set(customerType, customer);
  }
  if (notUnderstood.size > 0) {
    warnings.add(`customer_type: ${[...notUnderstood].map(([t, c]) => `"${t}" (${c})`).join(", ")} ${notUnderstood.size === 1 ? "is" : "are"} neither a business nor a consumer value, read as a business (business interest, the fixed indemnity, the business limitation period) — write b2c or particulier for a consumer, b2b for a business`);
  }
  if (ending.length > 0) {
    warnings.add(`limitation: ${ending.length} open invoice${ending.length === 1 ? " reaches" : "s reach"} the end of ${ending.length === 1 ? "its" : "their"} limitation period within ${WARN_DAYS} days (held ones too): `
      + `${ending.slice(0, 5).join(", ")}${ending.length > 5 ? ", …" : ""} — a reminder or a formal notice does not stop it; a court claim or the customer's written acknowledgement of the debt does`);
  }
  if (respelled.length > 0) {
    const shown = respelled.slice(0, 5).map((r) => `${r.from} → ${r.to}`).join(", ") + (respelled.length > 5 ? ", …" : "");
    warnings.add(`journal: ${respelled.length} invoice number${respelled.length === 1 ? " is" : "s are"} written otherwise than the journal has ${respelled.length === 1 ? "it" : "them"} (${shown}): ${respelled.length === 1 ? "its" : "their"} steps done count — if an export dropped the leading zeros, export the number as text`);
  }
  const reminders: Reminder[] = [];
  // Credit is weighed against all a customer is dunned for today in a currency: checked message
  // by message, 800 of credit would silence two reminders of 500 each.
  const dunned = new Map<string, number>();
  for (const g of groups.values()) {
    const k = `${g.customer}\u0000${g.currency}`;
    dunned.set(k, (dunned.get(k) ?? 0) + sum(g.items.map((i) => i.open)));
  }
  // Each step's minimum is weighed on its own invoices, before the messages of a customer merge.
  const accepted: Group[] = [];
  for (const g of groups.values()) {
    const amount = sum(g.items.map((i) => i.open));
    const min = g.step.minAmount === undefined ? undefined : parseMajor(g.step.minAmount, g.currency);
    const credit = context.credit.get(`${g.customer}\u0000${g.currency}`) ?? 0;
    const total = dunned.get(`${g.customer}\u0000${g.currency}`) ?? amount;
    const refuse = (reason: Skip["reason"], detail: string): void => {
      for (const item of g.items) {
        skip(item, reason, detail);
        notes.set(item.invoice.number, `→ but nothing today: ${reason} (${detail})`);
      }
    };
    if (min !== undefined && amount < min) refuse("below_minimum", `${g.step.id} needs at least ${g.step.minAmount} ${g.currency}; the message would total ${formatMinor(amount, g.currency)}`);
    else if (credit > 0 && credit >= total) {
      refuse("covered_by_credit", `the customer's unapplied credit of ${formatMoney(credit, g.currency)} covers the ${formatMinor(total, g.currency)} dunned today`);
    } else accepted.push(g);
  }
  for (const g of oneMessagePerChannel(accepted, context)) {
    for (const [invoice, step] of g.stepOf ?? []) notes.set(invoice, `→ in one message with the customer's ${g.step.id}, as ${step.id} for this invoice`);
    reminders.push(buildReminder(g, input, context, recordsOf, warnings, barred));
  }
  // A suggestion the lettrage may not hold for (matching.md: LOW, no hold) is said where a message
  // goes out anyway: the customer may have paid (peers.md, complaint 3).
  for (const r of reminders) {
    for (const { invoice: n } of r.lines) {
      for (const s of suggested.get(n) ?? []) warnings.add(`${n} (${r.customer}) is reminded though ${mayHavePaid(s)} — look at it with dunning match --review, and record the decision`);
    }
  }
  reminders.sort((a, b) => compareText(a.customer, b.customer) || compareText(a.currency, b.currency) || a.step.offset - b.step.offset);
  skipped.sort((a, b) => compareText(a.customer, b.customer) || compareText(a.invoice, b.invoice));
  return { asOf, reminders, skipped, explanations, warnings: [...warnings].sort() };
}

/** Suggestions of the lettrage that hold nothing (a low-confidence match), by the invoices they propose. */
function unheldSuggestions(ledger: Ledger): Map<string, ReviewItem[]> {
  const out = new Map<string, ReviewItem[]>();
  for (const r of ledger.review ?? []) {
    if (r.kind !== "suggestion" || r.held.length > 0) continue;
    for (const c of r.candidates) {
      for (const n of c.invoices) {
        let list = out.get(n);
        if (!list) out.set(n, (list = []));
        if (!list.includes(r)) list.push(r);
      }
    }
  }
  return out;
}

/** "payment P-7 of £95.00 may have paid it (a low-confidence suggestion, not applied)". */
const mayHavePaid = (r: ReviewItem): string =>
  `payment ${r.payment} of ${formatMoney(r.amount, r.currency)} may have paid it (a ${r.confidence}-confidence suggestion, not applied: ${r.reason})`;

/**
 * One message a day per customer, currency and channel (a reminder by e-mail, a letter, a call)
 * for the invoices past due, at the most advanced step due among them: users of dunning tools ask
 * for one reminder listing everything, not a first and a second reminder the same morning. Each
 * invoice keeps its own step (`stepOf`), which the journal records for it, and is charged its own
 * step's fee. A step before or on the due date (a courtesy note) is not merged, nor a formal notice.
 */
function oneMessagePerChannel(groups: readonly Group[], ctx: LedgerContext): Group[] {
  const byChannel = new Map<string, Group[]>();
  for (const g of groups) {
    const contact = ctx.contact.get(g.customer);
    const email = g.step.channel === "email" && contact !== undefined && recipientsOf(contact).valid.length > 0;
    const channel = g.step.channel === "email" && !email ? "letter" : g.step.channel;
    // A note before the due date stays its own: a reminder says its invoices are late; and so
    // does a formal notice, which gives a date to pay by that earlier steps have not announced.
    const k = `${g.customer}\u0000${g.currency}\u0000${channel}\u0000${g.step.offset > 0 && !setsDeadline(g.step) ? "late" : g.step.id}`;
    const list = byChannel.get(k);
    if (list === undefined) byChannel.set(k, [g]);
    else list.push(g);
  }
  return [...byChannel.values()].map((list) => {
    if (list.length === 1) return list[0] as Group;
    const base = list.reduce((a, b) => (b.step.offset > a.step.offset ? b : a));
    const stepOf = new Map<string, Step>();
    for (const g of list) if (g !== base) for (const item of g.items) stepOf.set(item.invoice.number, g.step);
    return { ...base, items: list.flatMap((g) => g.items).sort(byDueThenNumber), stepOf };
  });
}

interface LedgerContext {
  /** Unapplied credit per customer and currency. */
  readonly credit: Map<string, number>;
  /** Open invoices per customer and currency. */
  readonly openByCustomer: Map<string, OpenItem[]>;
  /** What reduced each invoice, dated: the interest base and the letter's payments received. */
  readonly receipts: Map<string, Receipt[]>;
  readonly contact: Map<string, Contact>;
  /** Lines of open items listed for context, made once: a customer's messages share them. */
  readonly contextLines: Map<OpenItem, ReminderLine>;
  /** Ids of the steps that send a formal notice (those setsDeadline names), in any scenario. */
  readonly formalNotices: ReadonlySet<string>;
}

interface Contact {
  email: string;
  phone: string;
  language: string;
  b2c: boolean;
  /** The e-mail cell read into addresses, once per customer (recipientsOf). */
  recipients?: Recipients;
}

/** A customer's addresses, read from its e-mail cell the first time a message asks. */
function recipientsOf(contact: Contact): Recipients {
  return (contact.recipients ??= emailRecipients(contact.email));
}

const CONTACT_FIELDS = ["email", "phone"] as const;

/**
 * Per payment, the money that stands for the invoices its review item holds (a suggested
 * combination, a payment under review): those invoices are not reminded because of it, so it is
 * not also the customer's credit silencing the others — 1 000 suggested for F-1 + F-3 does not
 * cover F-2 as well.
 */
function moneyBackingHolds(ledger: Ledger): Map<string, number> {
  const backing = new Map<string, number>();
  const holding = (ledger.review ?? []).filter((r) => r.held.length > 0);
  if (holding.length === 0) return backing;
  const openOf = new Map<string, OpenItem>(ledger.items.map((i) => [i.invoice.number, i]));
  for (const r of holding) {
    let held = 0;
    for (const n of r.held) {
      const item = openOf.get(n);
      if (item !== undefined && item.invoice.currency === r.currency) held += Math.max(0, item.open);
    }
    backing.set(r.payment, (backing.get(r.payment) ?? 0) + held);
  }
  return backing;
}

function buildContext(ledger: Ledger, scenarios: ReadonlyMap<string, Scenario>): LedgerContext {
  const credit = new Map<string, number>();
  const backing = moneyBackingHolds(ledger);
  for (const u of ledger.unapplied) {
    if (u.customer === "") continue;
    const k = `${u.customer}\u0000${u.currency}`;
    const free = u.amount - Math.min(Math.max(u.amount, 0), backing.get(u.payment) ?? 0);
    credit.set(k, (credit.get(k) ?? 0) + free);
  }
  const receipts = receiptsByInvoice(ledger);
  const openByCustomer = new Map<string, OpenItem[]>();
  const contact = new Map<string, Contact & { seen: Record<"email" | "phone", string> }>();
  for (const item of ledger.items) {
    const inv = item.invoice;
    if (inv.type === "invoice" && item.open > 0) {
      const k = `${inv.customer}\u0000${inv.currency}`;
      let list = openByCustomer.get(k);
      if (!list) openByCustomer.set(k, (list = []));
      list.push(item);
    }
    let c = contact.get(inv.customer);
    if (!c) contact.set(inv.customer, (c = { email: "", phone: "", language: "", b2c: false, seen: { email: "", phone: "" } }));
    // The latest invoice with an address or language wins: exports carry the current one.
    for (const field of CONTACT_FIELDS) {
      const value = inv[field];
      if (value && inv.issueDate >= c.seen[field]) {
        c[field] = value;
        c.seen[field] = inv.issueDate;
      }
    }
    // The whole tag: `en-US` writes "October 15, 2026" and $ first, `en-GB` "15 October 2026".
    if (inv.language) c.language = inv.language;
    if (isConsumer(inv)) c.b2c = true;
  }
  const formalNotices = formalNoticeSteps(scenarios);
  return { credit, openByCustomer, receipts, contact, contextLines: new Map(), formalNotices };
}

/**
 * What an open invoice is claimed with: a business owes the profile's interest from the due date
 * and its indemnity (`b2b`); a consumer only the legal interest the profile gives from the first
 * formal notice received, if any (`b2c`, FR art. 1344-1 Code civil, DE §288(1) BGB); an invoice listed for context
 * nothing (`none`).
 */
type Charges = "b2b" | "b2c" | "none";

/** Days to pay a formal notice gives when neither the step nor the plan says (domain §2.2). */
const DEFAULT_DEADLINE_DAYS = 8;
/** England's Pre-Action Protocol for Debt Claims gives an individual 30 days to reply (domain §3.2). */
const UK_INDIVIDUAL_DEADLINE_DAYS = 30;

/**
 * A formal notice to this customer is a Letter of Claim under England's Pre-Action Protocol for
 * Debt Claims: an individual (a consumer, to dunning) under the uk profile.
 */
const letterOfClaim = (profile: string, consumer: boolean): boolean => profile === "uk" && consumer;

/**
 * The days a notice gives: the step's deadline_days, else 8 — and at least 30 for a Letter of
 * Claim, the Protocol's minimum whatever the scenario says (the shipped one says 8).
 */
export function deadlineDays(step: Step, profile: string, consumer: boolean): number {
  const days = step.deadlineDays ?? DEFAULT_DEADLINE_DAYS;
  return letterOfClaim(profile, consumer) ? Math.max(days, UK_INDIVIDUAL_DEADLINE_DAYS) : days;
}

/** The date to pay a notice by: its days (deadlineDays) counted from its receipt. */
export function noticeDeadline(asOf: PlainDate, days: number, channel: Channel): PlainDate {
  return addDays(noticeReceived(asOf, channel), days);
}

/** A message line, with what `charges` says is claimed on it. */
function lineFor(
  item: OpenItem, input: PlanInput, ctx: LedgerContext, charges: Charges, records: ReadonlyMap<string, StepRecord[]>, warnings: Set<string>,
): { line: ReminderLine; periods: Reminder["interestPeriods"] } {
  const inv: Invoice = item.invoice;
  const daysLate = daysBetween(inv.dueDate, input.asOf);
  const start = charges === "b2b" ? chargesStart(input.profile.name, inv.dueDate, firstReminderReceived(inv.dueDate, records.get(inv.number) ?? [])) : inv.dueDate;
  const charge = charges === "b2b" && daysBetween(start, input.asOf) > 0;
  const consumer = charges === "b2c" && daysLate > 0 ? input.profile.consumer : undefined;
  const notice = consumer === undefined ? undefined : firstNoticeReceived(records.get(inv.number) ?? [], ctx.formalNotices);
  // Interest runs from the due date or, in Germany, from default (b2b), or from the notice's receipt
  // (a consumer), and only then are the receipts that lowered its base looked up.
  const rates = charge ? input.profile : consumer;
  const from = charge ? start : notice;
  const result = rates === undefined || from === undefined ? { interest: 0, periods: [], missing: [], belowFloor: [] }
    : computeInterest(rates, inv.number, from, input.asOf, inv.amount - inv.paid, baseChanges(ctx.receipts.get(inv.number)));
  for (const w of rateWarnings(result, rates)) warnings.add(w);
  const line: ReminderLine = {
    invoice: inv.number, issueDate: inv.issueDate, issueGiven: inv.issueGuessed !== true, dueDate: inv.dueDate, amount: inv.amount, paid: inv.amount - item.open,
    open: item.open, daysLate, interest: result.interest, indemnity: charge ? input.profile.indemnity(inv.amount, inv.currency) : 0,
  };
  return { line, periods: result.periods };
}

function buildReminder(
  g: Group, input: PlanInput, ctx: LedgerContext, records: Map<string, StepRecord[]>, warnings: Set<string>, barred: ReadonlySet<string>,
): Reminder {
  const contact = ctx.contact.get(g.customer) ?? { email: "", phone: "", language: "", b2c: false };
  // Each invoice's own step, in a message merged from several (oneMessagePerChannel).
  const steps = g.items.map((item) => g.stepOf?.get(item.invoice.number) ?? g.step);
  const lines = g.items.map((item, i) => {
    const built = lineFor(item, input, ctx, contact.b2c ? "b2c" : "b2b", records, warnings);
    const own = steps[i] as Step;
    return own === g.step ? built : { ...built, line: { ...built.line, step: own.id } };
  });
  const inMessage = new Set(g.items.map((i) => i.invoice.number));
  // A time-barred invoice is not listed as still owed either: a notice implying it can be
  // enforced is what the limitation period forbids (domain.md §9.20).
  const others = (ctx.openByCustomer.get(`${g.customer}\u0000${g.currency}`) ?? [])
    .filter((i) => !inMessage.has(i.invoice.number) && !barred.has(i.invoice.number));
  const amount = sum(lines.map((l) => l.line.open));
  const interest = sum(lines.map((l) => l.line.interest));
  // A consumer never pays recovery costs without an enforceable title (FR art. L111-8 CPCE; domain.md
  // §1.8): the scenario's fee is not asked of them, as the EUR 40 indemnity is not.
  // Each step's fee on its own invoices: one message for two steps claims what two would have.
  let stepFee = 0;
  if (!contact.b2c) {
    const openByStep = new Map<Step, number>();
    g.items.forEach((item, i) => openByStep.set(steps[i] as Step, (openByStep.get(steps[i] as Step) ?? 0) + item.open));
    for (const [step, open] of openByStep) {
      stepFee += (step.fee?.fixed === undefined ? 0 : parseMajor(step.fee.fixed, g.currency) ?? 0) + (step.fee?.percent === undefined ? 0 : percentOf(open, step.fee.percent));
    }
  }
  const fees = stepFee + sum(lines.map((l) => l.line.indemnity));
  const recipients = recipientsOf(contact);
  const to = recipients.valid.join(", ");
  const noAddress = g.step.channel === "email" && to === "";
  if (g.step.channel === "email" && recipients.invalid.length > 0) {
    const bad = recipients.invalid.map((a) => JSON.stringify(a)).join(", ");
    warnings.add(`${g.customer}: ${bad} in its e-mail ${recipients.invalid.length === 1 ? "is not an address" : "are not addresses"}: its ${g.step.id} goes ${to === "" ? "by post" : `to ${to} only`} — correct the address in the export or the customers file`);
  }
  const history = [...inMessage].flatMap((n) => records.get(n) ?? []);
  const first = g.items[0]?.invoice as Invoice;
  let reminder: Reminder = {
    customer: g.customer, customerName: first.customerName, to, language: contact.language || input.defaultLanguage,
    customerType: contact.b2c ? "b2c" : "b2b", scenario: g.scenario, step: g.step, channel: noAddress ? "letter" : g.step.channel,
    currency: g.currency, lines: lines.map((l) => l.line), amount, fees, interest, totalClaimed: amount + fees + interest,
    interestPeriods: lines.flatMap((l) => l.periods),
    otherOpen: others.map((o) => {
      let line = ctx.contextLines.get(o);
      if (!line) ctx.contextLines.set(o, (line = lineFor(o, input, ctx, "none", records, warnings).line));
      return line;
    }),
    unapplied: ctx.credit.get(`${g.customer}\u0000${g.currency}`) ?? 0,
    previous: previousReminders(history, inMessage),
    ...(contact.phone ? { phone: contact.phone } : {}),
  };
  const received = g.items.flatMap((i) => ctx.receipts.get(i.invoice.number) ?? [])
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  if (received.length > 0) reminder = { ...reminder, receipts: received };
  const notice = noticesDone(history, ctx.formalNotices).map((h) => h.date).sort()[0];
  if (notice !== undefined) reminder = { ...reminder, noticeDate: notice };
  // Only a formal notice sets a date to pay by (letter-context asks setsDeadline too); other
  // reminders carried a meaningless deadline into the JSON.
  if (setsDeadline(g.step)) {
    reminder = { ...reminder, deadline: noticeDeadline(input.asOf, deadlineDays(g.step, input.profile.name, contact.b2c), reminder.channel) };
    if (letterOfClaim(input.profile.name, contact.b2c)) {
      warnings.add(`pre-action protocol: a formal notice to an individual (${g.customer}) is a Letter of Claim: the Protocol's Information Sheet and Reply Form, which dunning does not write, must be ${reminder.channel === "letter" ? "posted" : "sent"} with it; it gives ${UK_INDIVIDUAL_DEADLINE_DAYS} days`);
    }
  }
  return noAddress ? { ...reminder, fallback: "no_email" } : reminder;
}

/**
 * `percent` % of `amount` minor units, rounded half up, in integers: 0.35 % of 110.00 is 0.385 →
 * 0.39, where floating point gives 38.4999… → 0.38. The percent is read as the decimal it was
 * written as in dunning.yaml.
 */
export function percentOf(amount: number, percent: number): number {
  // toFixed, not String: 1e-7 has no exponent there; 8 places is finer than any fee schedule.
  const [whole = "0", decimals = ""] = percent.toFixed(8).replace(/\.?0+$/, "").split(".");
  const scale = 10n ** BigInt(decimals.length);
  const numerator = BigInt(amount) * BigInt(`${whole}${decimals}`);
  const denominator = 100n * scale;
  const half = numerator >= 0n ? denominator / 2n : -(denominator / 2n);
  return Number((numerator + half) / denominator);
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
