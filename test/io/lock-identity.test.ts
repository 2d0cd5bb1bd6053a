// A stale lock is removed only while it is still the very file its taker judged stale. A fresh
// lock can reuse the inode the stale one freed and, on a file system that keeps whole seconds,
// its modification time: the content (owner pid and start time) must tell them apart, or a late
// taker deletes a live run's lock and two runs send at once.

import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inspect, LOCK_FILE, reap } from "../../src/io/lock.js";
import { tempDir } from "../helpers/temp-dir.js";

const stateDir = (): string => tempDir("lock-id");

/** Whole seconds, as FAT, HFS+ or some network file systems keep them. */
const COARSE = new Date("2026-11-27T06:00:00Z");

describe("taking over a stale lock", () => {
  it("removes the stale lock it inspected", async () => {
    const dir = stateDir();
    const file = path.join(dir, LOCK_FILE);
    writeFileSync(file, "999999 123\n");
    const holder = await inspect(file);
    expect(holder?.pid).toBe(999_999);
    expect(await reap(dir, file, holder!)).toBe("removed");
  });

  it("leaves alone a new lock with the same inode and mtime but another owner", async () => {
    const dir = stateDir();
    const file = path.join(dir, LOCK_FILE);
    writeFileSync(file, "999999 123\n");
    utimesSync(file, COARSE, COARSE);
    const stale = await inspect(file);
    // The stale lock is gone and a live run's lock took its place: same inode (rewritten in
    // place stands in for the file system handing the freed inode out again), same coarse mtime.
    writeFileSync(file, `${process.pid} 456\n`);
    utimesSync(file, COARSE, COARSE);
    const now = await inspect(file);
    expect([now?.ino, now?.mtimeNs]).toEqual([stale?.ino, stale?.mtimeNs]);
    expect(await reap(dir, file, stale!)).toBe("changed");
    expect(readFileSync(file, "utf8")).toBe(`${process.pid} 456\n`);
  });
});
