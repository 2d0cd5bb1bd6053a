// Lettering codes (matching.md §3.8, FEC `EcritureLet`): payments, credit notes and invoices
// linked by allocations form a group; A, B, …, Z, AA, … in order of first allocation, lower case
// while the group leaves money open on one of its documents.

import type { Ctx } from "./state.js";

/** 0 → A, 25 → Z, 26 → AA (bijective base 26). */
export function letterCode(n: number): string {
  let s = "";
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export function letters(ctx: Ctx): string[] {
  const payCount = ctx.pays.length;
  const parent = new Int32Array(payCount + ctx.items.length).map((_, i) => i);
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
  const nodeOf = (src: "p" | "c", idx: number): number => (src === "p" ? idx : payCount + idx);
  for (const a of ctx.allocs) {
    const x = find(nodeOf(a.src, a.srcIdx));
    const y = find(payCount + a.item);
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  const partial = new Set<number>();
  for (const a of ctx.allocs) {
    const root = find(payCount + a.item);
    const item = ctx.items[a.item];
    const source = a.src === "p" ? (ctx.pays[a.srcIdx]?.remaining ?? 0) : (ctx.items[a.srcIdx]?.open ?? 0);
    if ((item && item.open !== 0) || source !== 0) partial.add(root);
  }
  const codes = new Map<number, string>();
  return ctx.allocs.map((a) => {
    const root = find(payCount + a.item);
    let code = codes.get(root);
    if (code === undefined) {
      code = letterCode(codes.size);
      codes.set(root, code);
    }
    return partial.has(root) ? code.toLowerCase() : code;
  });
}
