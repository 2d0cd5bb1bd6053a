// A plain rendering of reminders (text e-mail, text letter) used when no template set is
// available; the Handlebars letters replace it as the default renderer.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatMinor } from "../core/money.js";
import type { Reminder } from "../core/reminder.js";
import type { MessageRenderer } from "./send.js";

export function plainText(r: Reminder): string {
  const m = (v: number): string => `${formatMinor(v, r.currency)} ${r.currency}`;
  return [
    `Customer: ${r.customer} ${r.customerName}`,
    `Step: ${r.step.id} (scenario ${r.scenario})`,
    "",
    ...r.lines.map((l) => `${l.invoice}  issued ${l.issueDate}  due ${l.dueDate}  total ${m(l.amount)}  paid ${m(l.paid)}  open ${m(l.open)}`),
    "",
    `Amount due: ${m(r.amount)}  Fees: ${m(r.fees)}  Interest: ${m(r.interest)}  Total: ${m(r.totalClaimed)}`,
    "",
  ].join("\n");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const plainRenderer: MessageRenderer = {
  async email(r) {
    const text = plainText(r);
    return { subject: `${r.step.id}: ${r.lines.map((l) => l.invoice).join(", ")}`, text, html: `<pre>${escapeHtml(text)}</pre>` };
  },
  async letter(r, dir) {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${r.customer.replace(/[^A-Za-z0-9._-]+/g, "_")}_${r.step.id}.txt`);
    await writeFile(file, plainText(r), "utf8");
    return [file];
  },
};
