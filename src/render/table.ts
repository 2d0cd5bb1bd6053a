// Aligned, borderless tables for the terminal (cli-table3 with its default colours switched off:
// colour comes only from the Chalk instance the colour policy built). Pure.

import type { ChalkInstance } from "chalk";
import type Table from "cli-table3";
import { lazyModule } from "../lazy-module.js";

const cliTable = lazyModule<typeof Table>("cli-table3");

const BORDERLESS = {
  top: "", "top-mid": "", "top-left": "", "top-right": "", bottom: "", "bottom-mid": "", "bottom-left": "",
  "bottom-right": "", left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "",
};

/** Columns whose index is in `right` are right-aligned (amounts). */
export function makeTable(head: readonly string[], chalk: ChalkInstance, right: (index: number) => boolean): Table.Table {
  const TableClass = cliTable();
  return new TableClass({
    head: head.map((h) => chalk.bold(h)),
    style: { head: [], border: [], "padding-left": 0, "padding-right": 2 },
    chars: BORDERLESS,
    colAligns: head.map((_, i) => (right(i) ? "right" : "left")),
  });
}

export function tableText(table: Table.Table): string {
  return table.toString().split("\n").map((l) => l.trimEnd()).join("\n") + "\n";
}
