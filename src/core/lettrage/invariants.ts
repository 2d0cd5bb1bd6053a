// The allocation invariants I1–I4 of matching.md §2.6, checked from the allocations after
// every pass. A violation is a bug in the engine, never a user error: it throws. (I5, identical
// output for identical input, is a property of the whole run and is tested, not checked here.)

import type { Unapplied } from "../ledger.js";
import { creditSource, openAtStart, type Alloc, type Ctx, type Item, type Pay } from "./state.js";

// Compared one by one: a set look-up per allocation cost more than the six comparisons.
const isLevel = (c: string): boolean => c === "certain" || c === "high" || c === "medium" || c === "low" || c === "policy" || c === "ambiguous";

function fail(invariant: string, pass: string, message: string): never {
  throw new Error(`lettrage invariant ${invariant} violated after ${pass}: ${message}`);
}

/** Per payment its amount in the input, per item its open amount at start (by idx). */
export interface StartAmounts {
  readonly paid: Float64Array;
  readonly open0: Float64Array;
}

/** The amounts at start, read from the records (for a checker made without them). */
function startAmounts(ctx: Ctx): StartAmounts {
  const paid = new Float64Array(ctx.pays.length);
  const open0 = new Float64Array(ctx.items.length);
  for (let payAt = 0; payAt < ctx.pays.length; payAt++) {
    const pay = ctx.pays[payAt] as Pay;
    paid[pay.idx] = pay.p.amount;
  }
  for (let itemAt = 0; itemAt < ctx.items.length; itemAt++) {
    const item = ctx.items[itemAt] as Item;
    open0[item.idx] = openAtStart(item.inv);
  }
  return { paid, open0 };
}

/**
 * Allocations are only ever added, so the sums are carried from one pass to the next and each
 * allocation is read once; after a pass the documents whose balance moved are compared with the
 * sums, and every document once at the end. The documents' amounts at start are read from the
 * input once, when the checker is made, so a check reads only the item or payment itself.
 */
export class InvariantChecker {
  private seen = 0;
  private readonly fromPay: Float64Array;
  private readonly fromCredit: Float64Array;
  private readonly onItem: Float64Array;
  /** Per payment, its amount in the input (negative for a refund). */
  private readonly paid: Float64Array;
  /** Per item, its open amount at start (negative for a credit note). */
  private readonly open0: Float64Array;

  /** `start`: the amounts at start, as the engine notes them while it builds the run. */
  constructor(private readonly ctx: Ctx, start: StartAmounts = startAmounts(ctx)) {
    this.fromPay = new Float64Array(ctx.pays.length);
    this.fromCredit = new Float64Array(ctx.items.length);
    this.onItem = new Float64Array(ctx.items.length);
    this.paid = start.paid;
    this.open0 = start.open0;
  }

  /** After a pass: the new allocations, and the balances of the documents they (or a write-off) moved. */
  check(pass: string): void {
    const { ctx, fromPay, fromCredit, onItem, paid, open0 } = this;
    for (let k = this.seen; k < ctx.allocs.length; k++) checkAllocation(ctx, k, pass, fromPay, fromCredit, onItem);
    this.seen = ctx.allocs.length;
    for (let iAt = 0; iAt < ctx.touchedPays.length; iAt++) {
      const i = ctx.touchedPays[iAt] as number;
      checkPay(ctx.pays[i] as Pay, pass, fromPay, paid);
    }
    for (let iAt = 0; iAt < ctx.touchedItems.length; iAt++) {
      const i = ctx.touchedItems[iAt] as number;
      checkItem(ctx, ctx.items[i] as Item, pass, fromCredit, onItem, open0);
    }
    ctx.touchedPays.length = 0;
    ctx.touchedItems.length = 0;
  }

  /** At the end: every document, in case a balance moved without being recorded as touched. */
  checkAll(pass: string): void {
    this.check(pass);
    for (let payAt = 0; payAt < this.ctx.pays.length; payAt++) {
      const pay = this.ctx.pays[payAt] as Pay;
      checkPay(pay, pass, this.fromPay, this.paid);
    }
    for (let itemAt = 0; itemAt < this.ctx.items.length; itemAt++) {
      const item = this.ctx.items[itemAt] as Item;
      checkItem(this.ctx, item, pass, this.fromCredit, this.onItem, this.open0);
    }
  }
}

function checkAllocation(ctx: Ctx, k: number, pass: string, fromPay: Float64Array, fromCredit: Float64Array, onItem: Float64Array): void {
  const a = ctx.allocs[k] as Alloc;
  const itemIdx = ctx.allocItem[k] as number;
  const source = ctx.allocSource[k] as number;
  const item = ctx.items[itemIdx];
  if (!item) fail("I2", pass, `allocation to unknown item #${itemIdx}`);
  if (!Number.isSafeInteger(a.amount) || a.amount <= 0) fail("I1", pass, `${a.payment} → ${a.invoice}: amount ${a.amount} is not a positive number of minor units`);
  if (a.rule === "" || !isLevel(a.confidence)) fail("I4", pass, `${a.payment} → ${a.invoice} has rule "${a.rule}" and level "${a.confidence}"`);
  if (item.credit) fail("I2", pass, `${a.payment} → ${a.invoice}: a credit note cannot receive money`);
  const srcCurrency = source >= 0 ? ctx.pays[source]?.currency : ctx.items[creditSource(source)]?.currency;
  if (a.currency !== item.currency || a.currency !== srcCurrency) {
    fail("I3", pass, `${a.payment} (${String(srcCurrency)}) → ${a.invoice} (${item.currency}) recorded in ${a.currency}`);
  }
  onItem[itemIdx] = (onItem[itemIdx] as number) + a.amount;
  if (source >= 0) fromPay[source] = (fromPay[source] as number) + a.amount;
  else fromCredit[creditSource(source)] = (fromCredit[creditSource(source)] as number) + a.amount;
}

function checkPay(pay: Pay, pass: string, fromPay: Float64Array, paid: Float64Array): void {
  const used = fromPay[pay.idx] as number;
  const signed = paid[pay.idx] as number;
  const amount = Math.abs(signed);
  if (used > amount) fail("I1", pass, `payment ${pay.id} allocates ${used} of ${amount}`);
  if (signed > 0 && pay.status !== "reversed" && pay.remaining !== amount - used) {
    fail("I1", pass, `payment ${pay.id}: remaining ${pay.remaining} but ${amount} − ${used} allocated`);
  }
  if (pay.remaining < 0) fail("I1", pass, `payment ${pay.id} has a negative remainder`);
}

function checkItem(ctx: Ctx, item: Item, pass: string, fromCredit: Float64Array, onItem: Float64Array, opens: Float64Array): void {
  const open0 = opens[item.idx] as number;
  if (item.credit) {
    const used = fromCredit[item.idx] as number;
    if (used > -open0 || item.open !== open0 + used) {
      fail("I1", pass, `credit note ${item.number} of ${-open0} gave ${used}, open ${item.open}`);
    }
    return;
  }
  const got = onItem[item.idx] as number;
  const written = ctx.writtenOff[item.idx] as number;
  if (got > 0 && got > open0) fail("I2", pass, `invoice ${item.number} received ${got}, open at start ${open0}`);
  if (item.open !== open0 - got - written || (open0 > 0 && item.open < 0)) {
    fail("I2", pass, `invoice ${item.number}: open ${item.open} ≠ ${open0} − ${got} − ${written}`);
  }
}

/** I4, second half: every unapplied amount says why. */
export function checkUnapplied(unapplied: readonly Unapplied[]): void {
  for (let uAt = 0; uAt < unapplied.length; uAt++) {
    const u = unapplied[uAt] as Unapplied;
    if (u.reason === "" || u.amount === 0 || !Number.isSafeInteger(u.amount)) {
      fail("I4", "the run", `unapplied ${u.amount} of ${u.payment} has reason "${u.reason}"`);
    }
  }
}
