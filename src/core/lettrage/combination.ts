// The bounded exact-combination search of matching.md §4.3 (R4b): smallest set size first,
// uniqueness only within that size, node budgets per payment and per run; a truncated search
// never claims uniqueness.

import type { Item } from "./state.js";

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

const byRank = (set: readonly Item[]): Item[] => [...set].sort((a, b) => a.idx - b.idx);

/** Subsets of the credit notes with 0 … max members, smallest first, in a fixed order. */
function creditVariants(credits: readonly Item[], max: number): Item[][] {
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
  return out.sort((a, b) => a.length - b.length);
}

/**
 * Finds the sets of `size` items (at least one invoice) summing exactly to `target`.
 * `invoices` must be sorted by open amount descending (ties by rank) for the bounds to prune.
 */
export function findCombination(target: number, invoices: readonly Item[], credits: readonly Item[], limits: SearchLimits): Search {
  const n = invoices.length;
  // A set needs an invoice, and two items: without them no size has a candidate (nor spends budget).
  if (n === 0 || (n === 1 && (credits.length === 0 || limits.maxCreditNotesPerSet === 0))) return NONE;
  const a = invoices.map((i) => i.open);
  // prefix[i] = a[0] + … + a[i-1]; the k largest from i are a[i..i+k), the k smallest a[n-k..n).
  const prefix = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (a[i] as number);
  const sumRange = (from: number, to: number): number => (prefix[to] as number) - (prefix[from] as number);
  let nodes = limits.nodeBudget;
  let truncated: "payment" | "global" | undefined;
  const variants = creditVariants(credits, limits.maxCreditNotesPerSet);
  const chosen: number[] = [];
  for (let size = 2; size <= limits.maxItems; size++) {
    const found: Item[][] = [];
    for (let vAt = 0; vAt < variants.length; vAt++) {
      const v = variants[vAt] as Item[];
      const k = size - v.length;
      if (k < 1 || k > n) continue;
      let t = target;
      for (let cnAt = 0; cnAt < v.length; cnAt++) {
        const cn = v[cnAt] as Item;
        t -= cn.open;
      }
      const take = (last: number): void => {
        found.push([...chosen.map((i) => invoices[i] as Item), invoices[last] as Item, ...v]);
      };
      // Returns false when a budget ran out, so the whole search stops.
      const dfs = (start: number, need: number, rest: number): boolean => {
        if (rest < sumRange(n - need, n)) return true;
        for (let i = start; i <= n - need && found.length < 2; i++) {
          if (--nodes < 0) truncated = "payment";
          else if (--limits.global.nodesLeft < 0) truncated = "global";
          if (truncated) return false;
          if (rest > sumRange(i, i + need)) break;
          const x = a[i] as number;
          if (need === 1) {
            if (x === rest) take(i);
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
      };
      const completed = dfs(0, k, t);
      if (found.length >= 2) return { kind: "ambiguous", sets: found.slice(0, 2).map(byRank) };
      if (!completed) return { kind: "truncated", budget: truncated ?? "payment" };
    }
    if (found.length === 1) return { kind: "unique", set: byRank(found[0] as Item[]) };
  }
  return { kind: "none" };
}
