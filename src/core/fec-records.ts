// From an FEC's customer-account lines to records (see fec.ts): what each line is, and how the
// accountant's lettrage survives. A lettered group says which lines offset each other; the
// records say it so that the matching engine cannot say otherwise: its payments cite the group's
// invoices as lettered (no label, no date window), its credit notes and write-offs are counted as
// paid on those invoices, its refunds reduce its payments, its exchange differences are nothing
// the customer owes in the invoice's currency. Pure.

import type { PlainDate } from "./dates.js";
import type { Invoice, Payment } from "./model.js";
import { compareText } from "./text.js";

/** What the other lines of an entry show it is (bits of FecLine.nature). */
export const SALE = 1;
export const CASH = 2;
export const ADJUSTMENT = 4;
/** Equity or opening-balance accounts, or an opening journal: an entry carrying balances forward. */
export const OPENING = 8;
/** An exchange gain or loss account (666, 766). */
export const EXCHANGE = 16;

/** One customer-account line as read, before it is known what it is. */
export interface FecLine {
  readonly line: number;
  /** The entry it belongs to (journal and number, or journal, date and document when unnumbered). */
  readonly entryKey: string;
  readonly account: string;
  readonly customer: string;
  readonly name: string;
  readonly journal: string;
  readonly entry: string;
  readonly piece: string;
  readonly label: string;
  readonly letter: string;
  readonly date: PlainDate;
  readonly pieceDate: PlainDate;
  readonly dueDate: PlainDate | undefined;
  /** Debit − credit in the company currency, minor units: what lettrage balances. */
  readonly net: number;
  readonly currency: string;
  /** Debit − credit in `currency` (0 for an exchange difference on a foreign-currency account). */
  readonly amount: number;
  /** SALE | CASH | ADJUSTMENT | OPENING | EXCHANGE bits of its entry. */
  readonly nature: number;
}

type Kind = "invoice" | "credit_note" | "payment" | "refund" | "adjustment" | "exchange";

interface Line extends FecLine {
  readonly kind: Kind;
  /** A transfer's credit line: where the debt it closes went (the debit's account, customer)… */
  readonly movedTo?: string;
  /** …and the invoice line it closes. */
  readonly closes?: Line;
}

/**
 * A debit is owed (an invoice) unless money left the bank without a sale (a refund) or it uses up
 * an advance (a 419 debit); a credit is a credit note in a sale where no money moved, and money
 * received otherwise. Either is an adjustment (a write-off, an exchange gain or loss) in an entry
 * against class 6 (or 76/77) without a sale or money. An opening entry carries balances as they
 * were, whatever other accounts it holds. A foreign-currency line with nothing in its currency is
 * an exchange difference.
 */
function kindOf(l: FecLine, company: string): Kind {
  if (l.currency !== company && l.amount === 0) return "exchange";
  const sale = (l.nature & SALE) !== 0;
  const cash = (l.nature & CASH) !== 0;
  const opening = (l.nature & OPENING) !== 0;
  if (!sale && !cash && !opening && (l.nature & ADJUSTMENT) !== 0) return "adjustment";
  if (l.amount > 0) return l.account.startsWith("419") || (cash && !sale && !opening) ? "refund" : "invoice";
  return sale && !cash ? "credit_note" : "payment";
}

/**
 * An adjustment in a currency its lettrage group (or, unlettered, its customer) has nothing else
 * in — a EUR write-off closing a USD group — is not owed in that currency: an exchange
 * difference; so is one against an exchange account (666, 766) where the group or customer deals
 * in another currency as well, unless it names an invoice in its own currency (a 666 line of a
 * EUR-only customer, or one naming its EUR invoice, is a write-off like any other).
 * Other debit adjustments are owed like an invoice.
 */
function exchangeDifferences(lines: Line[]): Line[] {
  const currencies = new Map<string, Set<string>>();
  const add = (key: string, currency: string): void => {
    const set = currencies.get(key) ?? new Set<string>();
    set.add(currency);
    currencies.set(key, set);
  };
  // The customer's invoices by currency, so that a line naming one of them is seen to close it.
  const invoicesIn = new Map<string, string[]>();
  const pieceOf = (key: string, piece: string): void => {
    const list = invoicesIn.get(key);
    if (list === undefined) invoicesIn.set(key, [piece]);
    else list.push(piece);
  };
  for (const l of lines) {
    if (l.kind === "adjustment" || l.kind === "exchange") continue;
    add(`\u0001${l.customer}`, l.currency);
    if (l.letter !== "") add(groupOf(l), l.currency);
    if (l.kind === "invoice" && l.piece !== "") pieceOf(`${l.customer}\u0000${l.currency}`, l.piece);
  }
  const namesOwnInvoice = (l: Line): boolean =>
    (invoicesIn.get(`${l.customer}\u0000${l.currency}`) ?? []).some((n) => l.piece === n || l.label.includes(n));
  return lines.map((l) => {
    if (l.kind !== "adjustment") return l;
    const group = l.letter === "" ? "" : groupOf(l);
    const own = currencies.get(group !== "" && currencies.has(group) ? group : `\u0001${l.customer}`);
    const foreign = own !== undefined && [...own].some((c) => c !== l.currency);
    if ((own !== undefined && !own.has(l.currency)) || ((l.nature & EXCHANGE) !== 0 && foreign && !namesOwnInvoice(l))) return { ...l, kind: "exchange" };
    return l.amount > 0 ? { ...l, kind: "invoice" } : l;
  });
}

/**
 * Lines of one entry, account, customer, currency, document and lettrage code are one movement:
 * an invoice debited 1 200 and credited a 300 deposit in the same entry is 900 owed.
 */
function netted(lines: readonly FecLine[], company: string): Line[] {
  const byKey = new Map<string, { first: FecLine; net: number; amount: number; dueDate: PlainDate | undefined }>();
  for (const l of lines) {
    const key = `${l.entryKey}\u0000${l.account}\u0000${l.customer}\u0000${l.currency}\u0000${l.piece}\u0000${l.letter}`;
    const sum = byKey.get(key);
    if (sum === undefined) byKey.set(key, { first: l, net: l.net, amount: l.amount, dueDate: l.dueDate });
    else {
      sum.net += l.net;
      sum.amount += l.amount;
      if (l.dueDate !== undefined && (sum.dueDate === undefined || l.dueDate < sum.dueDate)) sum.dueDate = l.dueDate;
    }
  }
  const out: Line[] = [];
  for (const { first, net, amount, dueDate } of byKey.values()) {
    if (net === 0 && amount === 0) continue;
    const line = { ...first, net, amount, dueDate };
    out.push({ ...line, kind: kindOf(line, company) });
  }
  return out;
}

/** Lines lettered together: same account, same code. */
const groupOf = (l: Line): string => `${l.account}\u0000${l.customer}\u0000${l.letter}`;

/** An entry's name: `BQ-000123`, or Odoo's `BQ/2026/0001` as it is; the line's when it has none. */
function entryName(l: Line): string {
  if (l.entry === "") return `L${l.line}`;
  return l.journal === "" || l.entry.startsWith(l.journal) ? l.entry : `${l.journal}-${l.entry}`;
}

/** Gives each wanted name once: the second `F12` asked for is `F12/2`. */
function namer(): (wanted: string) => string {
  const taken = new Set<string>();
  return (wanted) => {
    let name = wanted;
    for (let k = 2; taken.has(name); k++) name = `${wanted}/${k}`;
    taken.add(name);
    return name;
  };
}

/** An invoice or credit note being built: its lines merged, what its group paid on it. */
interface Doc {
  readonly number: string;
  readonly first: Line;
  /** Absolute amount in the document's currency. */
  amount: number;
  /** Settled by its lettrage group's credit notes and write-offs (absolute). */
  paid: number;
  issue: PlainDate;
  due: PlainDate | undefined;
}

interface Group {
  readonly lines: Line[];
  readonly invoices: Doc[];
}

/**
 * The records of an FEC's customer lines. `due` gives the due date of a document that has none.
 */
export function fecRecords(read: readonly FecLine[], company: string, file: string, due: (customer: string, issue: PlainDate) => PlainDate):
  { invoices: Invoice[]; payments: Payment[] } {
  const lines = advancesUsed(withoutSettledGroups(transfersKeepDates(exchangeDifferences(netted(read, company)))));
  const { docs, docOf } = documents(lines);
  const settled = settleGroups(lines, docOf);
  const invoices = invoiceRecords(docs, settled, file, due);
  return { invoices, payments: paymentRecords(lines, settled, docOf, new Set(invoices.map((i) => i.customer)), file) };
}

/**
 * An entry that only moves a debt between customer accounts — to 416 when it becomes doubtful, to
 * another customer's account to correct who owes it — carries no sale and no money: its credit
 * line closes the invoice it is lettered with (or names by its piece), and its debit line is that
 * same debt, owed since then. The debit keeps the invoice's dates; read as a new invoice dated the
 * day of the transfer it was not due yet (a debt 340 days late in `not_due`, no reminder).
 */
function transfersKeepDates(lines: Line[]): Line[] {
  const push = (map: Map<string, Line[]>, key: string, l: Line): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [l]);
    else list.push(l);
  };
  const byEntry = new Map<string, Line[]>();
  for (const l of lines) if (l.nature === 0) push(byEntry, l.entryKey, l);
  const transfers = [...byEntry].filter(([, entry]) => entry.some((l) => l.kind === "payment") && entry.some((l) => l.kind === "invoice"));
  if (transfers.length === 0) return lines;
  // The invoices a credit line may close: those of its lettering group, else of its piece.
  const pieceOf = (l: Line): string => `${l.customer}\u0000${l.piece}`;
  const byGroup = new Map<string, Line[]>();
  const byPiece = new Map<string, Line[]>();
  for (const l of lines) {
    if (l.kind !== "invoice") continue;
    if (l.letter !== "") push(byGroup, groupOf(l), l);
    if (l.piece !== "") push(byPiece, pieceOf(l), l);
  }
  const sources = new Map<Line, Line>();
  const moved = new Map<Line, { movedTo: string; closes: Line }>();
  for (const [key, entry] of transfers) {
    const credits = entry.filter((l) => l.kind === "payment");
    const closed = credits
      .flatMap((l) => [...(byGroup.get(groupOf(l)) ?? []), ...(byPiece.get(pieceOf(l)) ?? [])])
      .filter((i) => i.entryKey !== key);
    const source = closed.sort((a, b) => compareText(a.pieceDate, b.pieceDate))[0];
    if (source === undefined) continue;
    const debits = entry.filter((l) => l.kind === "invoice");
    for (const l of debits) sources.set(l, source);
    // Said where the lettrage shows the credit: it is no money received.
    const to = [...new Set(debits.map((d) => (d.customer === d.account ? d.account : `${d.account} ${d.customer}`)))].join(", ");
    for (const l of credits) moved.set(l, { movedTo: to, closes: source });
  }
  return sources.size === 0 ? lines : lines.map((l) => {
    const source = sources.get(l);
    const transfer = moved.get(l);
    if (transfer !== undefined) return { ...l, ...transfer };
    // Without its own due date the invoice's is worked out from its issue date, as for the original.
    return source === undefined ? l : { ...l, pieceDate: source.pieceDate, dueDate: source.dueDate };
  });
}

/** A lettered group that balances without an invoice (a credit note refunded) owes nothing: its lines go. */
function withoutSettledGroups(lines: readonly Line[]): Line[] {
  const balance = new Map<string, { net: number; invoice: boolean }>();
  for (const l of lines) {
    if (l.letter === "") continue;
    const group = groupOf(l);
    let b = balance.get(group);
    if (b === undefined) balance.set(group, (b = { net: 0, invoice: false }));
    b.net += l.net;
    b.invoice ||= l.kind === "invoice";
  }
  return lines.filter((l) => {
    const b = l.letter === "" ? undefined : balance.get(groupOf(l));
    return b === undefined || b.invoice || b.net !== 0;
  });
}

/**
 * A 419 debit (an advance used up on an invoice, or paid back) takes its customer's unlettered 419
 * credits, oldest first: only the advance not yet used stays a payment. Left to the matching, a
 * −300 and a +300 months apart would stay apart.
 */
function advancesUsed(lines: readonly Line[]): Line[] {
  const byCustomer = new Map<string, { credits: Line[]; debits: Line[] }>();
  for (const l of lines) {
    if (l.letter !== "" || !l.account.startsWith("419") || (l.kind !== "payment" && l.kind !== "refund")) continue;
    const key = `${l.customer}\u0000${l.currency}`;
    let e = byCustomer.get(key);
    if (e === undefined) byCustomer.set(key, (e = { credits: [], debits: [] }));
    (l.kind === "payment" ? e.credits : e.debits).push(l);
  }
  const left = new Map<Line, number>();
  const byDate = (a: Line, b: Line): number => compareText(a.date, b.date);
  for (const { credits, debits } of byCustomer.values()) {
    credits.sort(byDate);
    for (const d of debits.sort(byDate)) {
      let need = d.amount;
      for (const c of credits) {
        const have = left.get(c) ?? -c.amount;
        const take = Math.min(need, have);
        left.set(c, have - take);
        need -= take;
        if (need === 0) break;
      }
      left.set(d, need);
    }
  }
  return lines.flatMap((l) => {
    const rest = left.get(l);
    if (rest === undefined) return [l];
    if (rest === 0) return [];
    // A line in the company's currency keeps net = amount; another's net is not read past here.
    const amount = Math.sign(l.amount) * rest;
    return [{ ...l, amount, net: l.net === l.amount ? amount : l.net }];
  });
}

/** Invoices and credit notes: a document's lines in one entry (instalments, each lettered apart) are one; each number given once. */
function documents(lines: readonly Line[]): { docs: Doc[]; docOf: Map<Line, Doc> } {
  const byKey = new Map<string, Doc>();
  const docOf = new Map<Line, Doc>();
  const unique = namer();
  // Invoices first, so that an invoice keeps its number when a credit note reuses it.
  const byKind = (kind: Kind): Line[] => lines.filter((l) => l.kind === kind);
  for (const l of [...byKind("invoice"), ...byKind("credit_note")]) {
    const key = `${l.kind}\u0000${l.entryKey}\u0000${l.account}\u0000${l.customer}\u0000${l.currency}\u0000${l.piece}`;
    let doc = byKey.get(key);
    if (doc === undefined) {
      doc = { number: unique(l.piece || entryName(l)), first: l, amount: 0, paid: 0, issue: l.pieceDate, due: l.dueDate };
      byKey.set(key, doc);
    } else {
      if (l.pieceDate < doc.issue) doc.issue = l.pieceDate;
      if (l.dueDate !== undefined && (doc.due === undefined || l.dueDate < doc.due)) doc.due = l.dueDate;
    }
    doc.amount += Math.abs(l.amount);
    docOf.set(l, doc);
  }
  return { docs: [...byKey.values()], docOf };
}

/** What the lettrage groups settle among their own lines (see settleGroups). */
interface Settlement {
  /** Lines nothing is left of. */
  readonly dropped: Set<Line>;
  /** Lines with less left than their amount (absolute). */
  readonly reduced: Map<Line, number>;
  /** Per credit note, what its group's invoices took of it (absolute). */
  readonly consumed: Map<Doc, number>;
  /** The invoices a payment line cites: its group's, in its currency, still open. */
  readonly cites: (l: Line) => Doc[];
}

/**
 * Within each lettered group with invoices: credit notes and write-offs are counted as paid on
 * the invoices in their currency, oldest first (Code civil art. 1342-10); an adjustment in
 * another currency than all of them is the group's exchange difference; refunds come off the
 * group's payments, largest first.
 */
function settleGroups(lines: readonly Line[], docOf: ReadonlyMap<Line, Doc>): Settlement {
  const groups = new Map<string, Group>();
  for (const l of lines) {
    if (l.letter === "") continue;
    const group = groupOf(l);
    let g = groups.get(group);
    if (g === undefined) groups.set(group, (g = { lines: [], invoices: [] }));
    g.lines.push(l);
    const doc = docOf.get(l);
    if (l.kind === "invoice" && doc !== undefined && !g.invoices.includes(doc)) g.invoices.push(doc);
  }
  const settled = { dropped: new Set<Line>(), reduced: new Map<Line, number>(), consumed: new Map<Doc, number>() };
  for (const g of groups.values()) {
    if (g.invoices.length === 0) continue;
    g.invoices.sort((a, b) => compareText(a.issue, b.issue) || compareText(a.number, b.number));
    creditsOnInvoices(g, settled, docOf);
    refundsOffPayments(g, settled);
  }
  // Only once every group's credit notes are counted: an invoice lettered in two groups (its
  // instalments apart) must not be closed by the first before the second's credits are on it.
  for (const g of groups.values()) if (g.invoices.length > 0) closeBalanced(g, settled, docOf);
  const cites = (l: Line): Doc[] => {
    const g = l.letter === "" || l.kind === "refund" ? undefined : groups.get(groupOf(l));
    return g === undefined ? [] : g.invoices.filter((d) => d.first.currency === l.currency && d.paid < d.amount);
  };
  return { ...settled, cites };
}

type Settling = Omit<Settlement, "cites">;

/** The group's credit notes and write-offs, counted as paid on its invoices in their currency, oldest first. */
function creditsOnInvoices(g: Group, { dropped, reduced, consumed }: Settling, docOf: ReadonlyMap<Line, Doc>): void {
  for (const l of g.lines) {
    if (l.kind !== "credit_note" && l.kind !== "adjustment") continue;
    const same = g.invoices.filter((d) => d.first.currency === l.currency);
    if (same.length === 0) {
      if (l.kind === "adjustment") dropped.add(l);
      continue;
    }
    const left = payOldestFirst(same, Math.abs(l.amount));
    if (l.kind === "credit_note") {
      const doc = docOf.get(l) as Doc;
      consumed.set(doc, (consumed.get(doc) ?? 0) + Math.abs(l.amount) - left);
    } else if (left === 0) dropped.add(l);
    else reduced.set(l, left);
  }
}

/** The group's refunds, taken off its payments in their currency, largest payment first. */
function refundsOffPayments(g: Group, { dropped, reduced }: Settling): void {
  for (const currency of new Set(g.lines.map((l) => l.currency))) {
    const refunds = g.lines.filter((l) => l.kind === "refund" && l.currency === currency && !dropped.has(l));
    let refunded = refunds.reduce((sum, l) => sum + l.amount, 0);
    if (refunded === 0) continue;
    const paying = g.lines.filter((l) => l.kind === "payment" && l.currency === currency).sort((a, b) => a.amount - b.amount);
    for (const p of paying) {
      const take = Math.min(refunded, -p.amount);
      refunded -= take;
      reduced.set(p, -p.amount - take);
    }
    for (const r of refunds) {
      const take = Math.min(r.amount, refunded);
      if (take === 0) dropped.add(r);
      else reduced.set(r, take);
      refunded -= take;
    }
  }
}

/**
 * A group that balances in the company's currency is settled, whatever its lines in other
 * currencies leave over: a USD invoice paid 1 490 USD and closed by a EUR write-off, or paid by a
 * transfer booked in EUR, owes nothing more, and that money and any credit note in a currency
 * none of its invoices is in pay nothing else. Each currency's payments pay at most what its
 * invoices leave open (the rest went to the others); what they leave is counted as paid.
 */
function closeBalanced(g: Group, settled: Settling, docOf: ReadonlyMap<Line, Doc>): void {
  if (g.lines.reduce((sum, l) => sum + l.net, 0) !== 0) return;
  const { dropped, reduced, consumed } = settled;
  const currencies = new Set(g.invoices.map((d) => d.first.currency));
  for (const l of g.lines) {
    if (currencies.has(l.currency)) continue;
    if (l.kind === "payment") dropped.add(l);
    const doc = l.kind === "credit_note" ? docOf.get(l) : undefined;
    if (doc !== undefined) consumed.set(doc, doc.amount);
  }
  for (const currency of currencies) {
    const invoices = g.invoices.filter((d) => d.first.currency === currency);
    let open = invoices.reduce((sum, d) => sum + d.amount - d.paid, 0);
    const paying = g.lines.filter((l) => l.kind === "payment" && l.currency === currency && !dropped.has(l))
      .sort((a, b) => (reduced.get(b) ?? -b.amount) - (reduced.get(a) ?? -a.amount));
    for (const p of paying) {
      const whole = reduced.get(p) ?? -p.amount;
      const take = Math.min(whole, open);
      open -= take;
      if (take === 0) dropped.add(p);
      else if (take < whole) reduced.set(p, take);
    }
    payOldestFirst(invoices, open);
  }
}

/** `amount` counted as paid on the invoices in their order, each up to what it has open; what is left over. */
function payOldestFirst(invoices: readonly Doc[], amount: number): number {
  let left = amount;
  for (const inv of invoices) {
    if (left <= 0) break;
    const take = Math.min(left, inv.amount - inv.paid);
    inv.paid += take;
    left -= take;
  }
  return left;
}

function invoiceRecords(docs: readonly Doc[], settled: Settlement, file: string, due: (customer: string, issue: PlainDate) => PlainDate): Invoice[] {
  const numbers = new Map<string, Doc>();
  for (const doc of docs) if (doc.first.kind === "invoice") numbers.set(`${doc.first.customer}\u0000${doc.first.piece}`, doc);
  return docs.map((doc): Invoice => {
    const l = doc.first;
    const credit = l.kind === "credit_note";
    const paid = credit ? settled.consumed.get(doc) ?? 0 : doc.paid;
    // A credit note outside any group, whose document is one of the customer's invoices, cancels that invoice.
    const target = credit && l.letter === "" && l.piece !== "" ? numbers.get(`${l.customer}\u0000${l.piece}`)?.number ?? "" : "";
    return {
      number: doc.number, customer: l.customer, customerName: l.name, email: "", issueDate: doc.issue,
      dueDate: doc.due ?? due(l.customer, doc.issue), amount: credit ? -doc.amount : doc.amount, paid: credit ? -paid : paid,
      currency: l.currency, type: credit ? "credit_note" : "invoice", status: l.account.startsWith("416") ? "douteux" : "",
      appliesTo: target, language: "", customerType: "", file, line: l.line,
    };
  });
}

/**
 * Money received, refunds, and write-offs nobody lettered. A payment of a customer without an
 * invoice keeps no name: the matching would use it to hand the money to a namesake's account.
 */
function paymentRecords(lines: readonly Line[], settled: Settlement, docOf: ReadonlyMap<Line, Doc>, withInvoices: ReadonlySet<string>, file: string): Payment[] {
  const uniqueId = namer();
  const payments: Payment[] = [];
  for (const l of lines) {
    if ((l.kind !== "payment" && l.kind !== "refund" && l.kind !== "adjustment") || settled.dropped.has(l)) continue;
    const magnitude = settled.reduced.get(l) ?? Math.abs(l.amount);
    if (magnitude === 0) continue;
    // A transfer unlettered with its invoice still names it: the invoice it closes.
    const closed = l.closes === undefined ? undefined : docOf.get(l.closes);
    const open = settled.cites(l);
    const reference = l.piece === "" || l.label.includes(l.piece) ? l.label : `${l.label} ${l.piece}`.trim();
    const payment: Payment = {
      id: uniqueId(entryName(l)), date: l.date, customer: l.customer, payerName: withInvoices.has(l.customer) ? l.name : "",
      amount: l.kind === "refund" ? -magnitude : magnitude, currency: l.currency, reference,
      invoices: open.length === 0 && closed !== undefined ? [closed.number] : open.map((d) => d.number), file, line: l.line,
    };
    const withTransfer = l.movedTo === undefined ? payment : { ...payment, movedTo: l.movedTo };
    payments.push(open.length > 0 ? { ...withTransfer, lettered: l.letter } : withTransfer);
  }
  return payments;
}
