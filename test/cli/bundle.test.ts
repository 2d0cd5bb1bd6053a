// bin/dunning.js runs the esbuild bundle (dist/dunning.bundle.js and its lazily loaded chunks in
// dist/chunks/), not tsc's per-module dist/. Files read at run time by a path relative to the
// module asking (package.json, templates/, the parse worker) must be found from wherever the bundle
// put that module's code, and the tsc build must print the same version.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/run-cli.js";

const DIST = path.join(ROOT, "dist");
const CHUNKS = path.join(DIST, "chunks");
const BUNDLE = [path.join(DIST, "dunning.bundle.js"), ...readdirSync(CHUNKS).filter((f) => f.endsWith(".js")).map((f) => path.join(CHUNKS, f))];

/** Every `new URL("relative", import.meta.url)` of the bundle, resolved from the file it is in. */
function relativeUrls(): { file: string; target: string }[] {
  return BUNDLE.flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/new URL\(\s*"(\.{1,2}\/[^"]*)",\s*import\.meta\.url\s*\)/g)].map((m) => ({
      file: path.relative(ROOT, file),
      target: fileURLToPath(new URL(m[1] as string, pathToFileURL(file))),
    })));
}

describe("the bundle", () => {
  it("is what bin/dunning.js runs", () => {
    expect(readFileSync(path.join(ROOT, "bin/dunning.js"), "utf8")).toContain('import("../dist/dunning.bundle.js")');
  });

  it("finds package.json, templates/ and the parse worker from the chunks that read them", () => {
    const urls = relativeUrls();
    const targets = urls.map((u) => u.target);
    expect(targets).toContain(path.join(ROOT, "package.json"));
    expect(targets).toContain(path.join(ROOT, "templates") + path.sep);
    expect(targets).toContain(path.join(CHUNKS, "parse-worker.js"));
    expect(urls.filter((u) => !existsSync(u.target))).toEqual([]);
  });

  it("has a parse worker that loads on its own", () => {
    const r = spawnSync(process.execPath, [path.join(CHUNKS, "parse-worker.js")], { encoding: "utf8", timeout: 30_000 });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
  });

  it("prints the same version as the tsc build", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const tsc = spawnSync(process.execPath, [path.join(DIST, "cli.js"), "--version"], { encoding: "utf8", timeout: 30_000 });
    expect(tsc.stdout).toBe(`${pkg.version}\n`);
    expect(runCli(["--version"]).stdout).toBe(`${pkg.version}\n`);
  });
});
