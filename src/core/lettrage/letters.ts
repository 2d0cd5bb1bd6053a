// Lettering codes (matching.md §3.8, FEC `EcritureLet`): payments, credit notes and invoices
// linked by allocations form a group; A, B, …, Z, AA, … in order of first allocation, lower case
// while the group leaves money open on one of its documents.

import { creditSource, type Alloc, type Ctx } from "./state.js";

/**
 * 0 → A, 25 → Z, 26 → AA (bijective base 26), upper case (`base` 65) or lower case (97). Each
 * letter is put before the ones found so far: a one-letter string is V8's cached one, so a code
 * of k letters makes k − 1 short strings, where a list of letters made a list and its room for 16.
 */
export function letterCode(n: number, base = 65): string {
  let code = "";
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) code = String.fromCharCode(base + ((k - 1) % 26)) + code;
  return code;
}

/** Fills in the lettering code of every allocation. */
export function assignLetters(ctx: Ctx): void {
  const payCount = ctx.pays.length;
  const parent = new Int32Array(payCount + ctx.items.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  // Payments are nodes 0 … P−1, items P …; a credit note source is its item node.
  const sourceNode = (k: number): number => {
    const s = ctx.allocSource[k] as number;
    return s >= 0 ? s : payCount + creditSource(s);
  };
  const n = ctx.allocs.length;
  for (let k = 0; k < n; k++) {
    const x = find(sourceNode(k));
    const y = find(payCount + (ctx.allocItem[k] as number));
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  // Roots are final once every allocation is joined: found once per allocation, kept by position.
  const roots = new Int32Array(n);
  const partial = new Uint8Array(parent.length);
  for (let k = 0; k < n; k++) {
    const root = find(sourceNode(k));
    roots[k] = root;
    const s = ctx.allocSource[k] as number;
    const item = ctx.items[ctx.allocItem[k] as number];
    const left = s >= 0 ? (ctx.pays[s]?.remaining ?? 0) : (ctx.items[creditSource(s)]?.open ?? 0);
    if ((item && item.open !== 0) || left !== 0) partial[root] = 1;
  }
  // One code string per group (not one per allocation), numbered in order of first allocation.
  const group = new Int32Array(parent.length).fill(-1);
  const codes: string[] = [];
  for (let k = 0; k < n; k++) {
    const root = roots[k] as number;
    let g = group[root] as number;
    if (g < 0) {
      g = group[root] = codes.length;
      codes.push(letterCode(g, partial[root] === 1 ? 97 : 65));
    }
    (ctx.allocs[k] as Alloc).letter = codes[g] as string;
  }
}
