// The foundation's lettrage (commit 065488b, src/core/match.ts, types stripped), kept for one
// measurement: issue 3 bounds the full cascade at 1.5× "the foundation's age time", so
// `phases.mjs --first` runs `age` with this in place of matchPayments — same reader, same aging,
// only the lettrage differs. `input.references` is { labelKeys, referenceKey } of the build timed.
// Not product code: nothing in src/ imports it.

function nameKey(name) {
  return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase().replace(/[^A-Z0-9]+/g, " ").replace(/\b(SA|SAS|SASU|SARL|EURL|SCI|SNC|GMBH|LTD|LIMITED|INC|LLC|BV|PLC)\b/g, " ").replace(/\s+/g, " ").trim();
}
function byDateThenId(a, b) {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
function payerIndex(invoices) {
  const ids = /* @__PURE__ */ new Set();
  const names = /* @__PURE__ */ new Map();
  for (const inv of invoices) {
    ids.add(inv.customer);
    const key = nameKey(inv.customerName);
    const known = names.get(key);
    if (known === void 0) names.set(key, inv.customer);
    else if (known !== inv.customer) names.set(key, null);
  }
  return { ids, names };
}
function matchPayments(input) {
  const { labelKeys, referenceKey } = input.references;
  const invoices = input.invoices.filter((inv) => inv.issueDate <= input.asOf);
  const payments = input.payments.filter((p) => p.date <= input.asOf).sort(byDateThenId);
  const open = /* @__PURE__ */ new Map();
  const byKey = /* @__PURE__ */ new Map();
  for (const inv of invoices) {
    open.set(inv.number, inv.amount - inv.paid);
    const key = referenceKey(inv.number);
    byKey.set(key, byKey.has(key) && byKey.get(key)?.number !== inv.number ? null : inv);
  }
  const allocations = [];
  const unapplied = [];
  const allocate = (from, inv, wanted, rule, evidence) => {
    const amount = Math.min(wanted, open.get(inv.number) ?? 0);
    if (amount <= 0) return 0;
    open.set(inv.number, (open.get(inv.number) ?? 0) - amount);
    allocations.push({ payment: from, invoice: inv.number, amount, currency: inv.currency, rule, confidence: "certain", evidence });
    return amount;
  };
  applyCreditNotes(invoices, byKey, open, allocate, unapplied, referenceKey);
  const payers = payerIndex(invoices);
  for (const p of payments) {
    if (p.amount <= 0) {
      if (p.amount < 0) unapplied.push({ payment: p.id, customer: p.customer, amount: p.amount, currency: p.currency, reason: "refund" });
      continue;
    }
    let remaining = p.amount;
    let customer = p.customer || (payers.names.get(nameKey(p.payerName)) ?? "");
    const explicit = p.invoices.map((n) => byKey.get(referenceKey(n))).filter((inv) => !!inv);
    const referenced = labelKeys(p.reference).map((k) => byKey.get(k)).filter((inv) => !!inv);
    for (const [targets, rule, why] of [[explicit, "explicit_invoice", "invoice column"], [referenced, "reference", "label"]]) {
      for (const inv of targets) {
        if (remaining <= 0 || inv.currency !== p.currency || inv.type !== "invoice") continue;
        const took = allocate(p.id, inv, remaining, rule, `${inv.number} named in the payment's ${why}`);
        remaining -= took;
        if (took > 0 && customer === "") customer = inv.customer;
      }
    }
    if (remaining > 0) {
      const reason = customer === "" ? "unknown_payer" : remaining === p.amount ? "no_invoice_reference" : "overpayment";
      unapplied.push({ payment: p.id, customer, amount: remaining, currency: p.currency, reason });
    }
  }
  const items = invoices.map((invoice) => ({ invoice, open: open.get(invoice.number) ?? 0 }));
  return { items, payments, allocations, unapplied };
}
function applyCreditNotes(invoices, byKey, open, allocate, unapplied, referenceKey) {
  for (const cn of invoices) {
    if (cn.type !== "credit_note") continue;
    let credit = -(open.get(cn.number) ?? 0);
    if (credit <= 0) continue;
    const target = cn.appliesTo ? byKey.get(referenceKey(cn.appliesTo)) : void 0;
    if (target && target.customer === cn.customer && target.currency === cn.currency && target.type === "invoice") {
      credit -= allocate(cn.number, target, credit, "linked_credit_note", `credit note ${cn.number} names ${target.number}`);
    }
    open.set(cn.number, -credit);
    if (credit > 0) {
      unapplied.push({ payment: cn.number, customer: cn.customer, amount: credit, currency: cn.currency, reason: "credit_note" });
    }
  }
}

export { matchPayments as firstLettrage };
