// What dunning.yaml's reader says of a configuration, as the terminal shows it without colour:
// "" when it is accepted.

import { InputError } from "../../src/errors.js";
import { parseConfig } from "../../src/io/config.js";
import { renderProblems } from "../../src/render/problems.js";
import { makeChalk } from "../../src/render/style.js";

export function configErrors(yaml: string): string {
  try {
    parseConfig(yaml, "dunning.yaml");
  } catch (err) {
    if (err instanceof InputError) return renderProblems(err.problems, makeChalk(false));
    throw err;
  }
  return "";
}
