// A process racing for the lock (test/io/lock-race.test.ts). On "go" it takes the lock from the
// built dist/io/lock.js again and again until the deadline, as cron starts piling up would: each
// time it holds the lock it claims a marker file exclusively — if the marker exists, another
// racer holds the lock at the same time, which the lock must make impossible — then lets go.
// argv: stateDir markerFile durationMs [rmdir]. With rmdir, each release is followed by removing
// the state folder when empty, as a run that created it does. Reports {pid, held, locked,
// overlaps, warnings, errors}.

import { open, rmdir, unlink } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [stateDir, marker, durationMs, mode] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { acquireLock } = await import(path.join(root, "dist/io/lock.js"));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

process.on("message", async () => {
  const result = { pid: process.pid, held: 0, locked: 0, overlaps: 0, warnings: [], errors: [] };
  const deadline = Date.now() + Number(durationMs);
  while (Date.now() < deadline) {
    let lock;
    try {
      lock = await acquireLock(stateDir, (m) => result.warnings.push(m));
    } catch (err) {
      if (err.exitCode === 75) result.locked++;
      else result.errors.push(String(err.message ?? err));
      await sleep(Math.random() * 2);
      continue;
    }
    result.held++;
    let mine = true;
    try {
      await (await open(marker, "wx")).close();
    } catch (err) {
      if (err.code === "EEXIST") result.overlaps++;
      else result.errors.push(String(err.message));
      mine = false;
    }
    await sleep(1 + Math.random() * 3);
    if (mine) await unlink(marker);
    await lock.release();
    if (mode === "rmdir") await rmdir(stateDir).catch(() => undefined);
    await sleep(Math.random() * 2);
  }
  process.send(result, () => process.exit(0));
});
process.send({ ready: true });
