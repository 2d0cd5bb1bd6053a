// The bounded exact-combination search of matching.md §4.3 (R4b): smallest set size first,
// uniqueness only within that size, node budgets per payment and per run; a truncated search
// never claims uniqueness.

import { sortShort, type Item } from "./state.js";

export type Search =
  | { readonly kind: "unique"; readonly set: readonly Item[] }
  | { readonly kind: "ambiguous"; readonly sets: readonly (readonly Item[])[] }
  | { readonly kind: "none" }
  | { readonly kind: "truncated"; readonly budget: "payment" | "global" };

export interface SearchLimits {
  readonly maxItems: number;
  readonly maxCreditNotesPerSet: number;
  readonly nodeBudget: number;
  /** Shared with the whole run; decremented in place. */
  readonly global: { nodesLeft: number };
}

const NONE: Search = { kind: "none" };

const byRank = (set: readonly Item[]): Item[] => {
  const sorted = [...set];
  sortShort(sorted, (a, b) => a.idx - b.idx);
  return sorted;
};

/** The one variant when no credit note can join a set. */
const NO_CREDIT_VARIANTS: readonly (readonly Item[])[] = [[]];

/** Subsets of the credit notes with 0 … max members, smallest first, in a fixed order. */
function creditVariants(credits: readonly Item[], max: number): readonly (readonly Item[])[] {
  if (credits.length === 0 || max === 0) return NO_CREDIT_VARIANTS;
  const out: Item[][] = [[]];
  const grow = (start: number, acc: Item[]): void => {
    if (acc.length === max) return;
    for (let i = start; i < credits.length; i++) {
      const next = [...acc, credits[i] as Item];
      out.push(next);
      grow(i + 1, next);
    }
  };
  grow(0, []);
  sortShort(out, (a, b) => a.length - b.length);
  return out;
}

// The search's state, module-wide (the search is never re-entered): open amounts and their
// prefix sums in typed arrays kept from one search to the next, and one depth-first walk, where
// each search made its arrays and two closures per set size and credit-note variant.
let amounts = new Float64Array(64);
/** prefix[i] = a[0] + … + a[i-1]; the k largest from i are a[i..i+k), the k smallest a[n-k..n). */
let prefix = new Float64Array(65);
let sN = 0;
let sNodes = 0;
let sTruncated: "payment" | "global" | undefined;
let sLimits: SearchLimits | undefined;
let sInvoices: readonly Item[] = [];
let sVariant: readonly Item[] = [];
const chosen: number[] = [];
const found: Item[][] = [];

const sumRange = (from: number, to: number): number => (prefix[to] as number) - (prefix[from] as number);

/** Finds sets completing `chosen` with `need` more invoices from `start` summing to `rest`; false when a budget ran out. */
function dfs(start: number, need: number, rest: number): boolean {
  const n = sN;
  if (rest < sumRange(n - need, n)) return true;
  const global = (sLimits as SearchLimits).global;
  for (let i = start; i <= n - need && found.length < 2; i++) {
    if (--sNodes < 0) sTruncated = "payment";
    else if (--global.nodesLeft < 0) sTruncated = "global";
    if (sTruncated) return false;
    if (rest > sumRange(i, i + need)) break;
    const x = amounts[i] as number;
    if (need === 1) {
      if (x === rest) found.push([...chosen.map((c) => sInvoices[c] as Item), sInvoices[i] as Item, ...sVariant]);
      else if (x < rest) break;
      continue;
    }
    if (x >= rest) continue;
    chosen.push(i);
    const go = dfs(i + 1, need - 1, rest - x);
    chosen.pop();
    if (!go) return false;
  }
  return true;
}

/**
 * Finds the sets of `size` items (at least one invoice) summing exactly to `target`.
 * `invoices` must be sorted by open amount descending (ties by rank) for the bounds to prune.
 */
export function findCombination(target: number, invoices: readonly Item[], credits: readonly Item[], limits: SearchLimits): Search {
  const n = invoices.length;
  // A set needs an invoice, and two items: without them no size has a candidate (nor spends budget).
  if (n === 0 || (n === 1 && (credits.length === 0 || limits.maxCreditNotesPerSet === 0))) return NONE;
  if (amounts.length < n) {
    amounts = new Float64Array(2 * n);
    prefix = new Float64Array(2 * n + 1);
  }
  prefix[0] = 0;
  for (let i = 0; i < n; i++) {
    const open = (invoices[i] as Item).open;
    amounts[i] = open;
    prefix[i + 1] = (prefix[i] as number) + open;
  }
  sN = n;
  sNodes = limits.nodeBudget;
  sTruncated = undefined;
  sLimits = limits;
  sInvoices = invoices;
  chosen.length = 0;
  found.length = 0;
  try {
    const variants = creditVariants(credits, limits.maxCreditNotesPerSet);
    for (let size = 2; size <= limits.maxItems; size++) {
      for (let vAt = 0; vAt < variants.length; vAt++) {
        const v = variants[vAt] as readonly Item[];
        const k = size - v.length;
        if (k < 1 || k > n) continue;
        let t = target;
        for (let cnAt = 0; cnAt < v.length; cnAt++) t -= (v[cnAt] as Item).open;
        sVariant = v;
        const completed = dfs(0, k, t);
        if (found.length >= 2) return { kind: "ambiguous", sets: found.slice(0, 2).map(byRank) };
        if (!completed) return { kind: "truncated", budget: sTruncated ?? "payment" };
      }
      if (found.length === 1) return { kind: "unique", set: byRank(found[0] as Item[]) };
    }
    return { kind: "none" };
  } finally {
    // Nothing of this run is kept once the search is over.
    sInvoices = sVariant = [];
    sLimits = undefined;
    found.length = 0;
  }
}
