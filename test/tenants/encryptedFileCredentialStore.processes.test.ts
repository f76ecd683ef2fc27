// Real processes against one encrypted store: concurrent writers over a crashed writer's
// leftovers, and writers killed with SIGKILL mid-write. Every operation a writer printed as
// acknowledged must be in the final state; a concurrent reader must never fail; nothing a crashed
// or losing writer left may outlive the next write. No timing assertions: counts and states only.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import type { CredentialStore } from "../../src/tenants/CredentialStore.js";
import { encryptedFileCredentialStore } from "../../src/tenants/encryptedFileCredentialStore.js";
import { StoredCredential } from "../../src/tenants/StoredCredential.js";
import {
  DEAD_PID,
  generationDirs,
  generationFile,
  generationName,
  generationNumber,
  leftovers,
} from "./encryptedStore/storeFiles.js";
import {
  bundleWriter,
  removeWriter,
  startWriter,
  type Writer,
} from "./encryptedStore/writerProcesses.js";
import { keysFor, random, type WriterLog } from "./encryptedStore/writerProtocol.js";

let script: string;
beforeAll(async () => {
  script = await bundleWriter();
}, 60_000);
afterAll(() => removeWriter(script));

let dir: string;
let path: string;
let key: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "credchain-processes-"));
  path = join(dir, "store");
  key = randomBytes(32).toString("base64");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const seedRecord = (credentialId: string) =>
  new StoredCredential({
    tenantId: "seed",
    credentialId,
    ...keysFor("seed", 0),
    createdAt: new Date(),
  });

/** Reads every tenant's list and one credential in a loop until `stop` is set; collects failures. */
function reader(store: CredentialStore, tenants: () => string[]) {
  const state = { reads: 0, failures: [] as string[], stop: false };
  const next = random(7);
  const done = (async () => {
    while (!state.stop) {
      for (const tenantId of tenants()) {
        try {
          const listed = await store.list(tenantId);
          const pick = listed[Math.floor(next() * listed.length)];
          if (pick !== undefined) await store.get(tenantId, pick.credentialId);
          state.reads += 1;
        } catch (error) {
          state.failures.push(`${(error as { code?: string }).code}: ${(error as Error).message}`);
        }
      }
      // Leave the two cores to the writers: a read every few dozen milliseconds is still "throughout".
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return { state, stop: async () => ((state.stop = true), await done) };
}

/** Compares the store with every log: each credential in one of the states its log allows. */
async function verify(store: CredentialStore, logs: readonly WriterLog[]) {
  const mismatches: string[] = [];
  const present = new Map<string, string[]>();
  for (const log of logs) {
    for (const [credentialId, allowed] of log.allowedStates()) {
      const got = await store.get(log.tenantId, credentialId);
      const ok = allowed.some((s) =>
        s.present
          ? got?.reveal().awsSecretAccessKey === keysFor(log.tenantId, s.n).awsSecretAccessKey
          : got === undefined,
      );
      if (!ok) mismatches.push(`${log.tenantId}/${credentialId}: ${JSON.stringify(allowed)}`);
      if (got !== undefined)
        present.set(log.tenantId, [...(present.get(log.tenantId) ?? []), credentialId]);
    }
  }
  expect(mismatches).toEqual([]);
  for (const [tenantId, ids] of present) {
    const listed = (await store.list(tenantId)).map((m) => m.credentialId);
    expect(listed).toEqual(ids.sort());
  }
}

describe("encryptedFileCredentialStore: real processes", () => {
  it(
    "four writers × 200 operations over a crashed writer's leftovers lose nothing",
    { timeout: 120_000 },
    async () => {
      const seed = encryptedFileCredentialStore({ path, key });
      await seed.create(seedRecord("c0"));
      // What earlier crashes leave: lock files of the single-file layout (a dangling symlink at
      // <path>.lock, a dead writer's lock, an empty one), and in the store a dead writer's
      // half-written and unlinked generations and a half-deleted trash directory.
      await symlink(join(dir, "gone", "lock"), `${path}.lock`);
      await writeFile(
        `${path}.lock.dead`,
        JSON.stringify({ token: "x", pid: DEAD_PID, host: hostname() }),
      );
      await writeFile(`${path}.lock.empty`, "");
      const head = generationNumber((await generationDirs(path))[0]!);
      const [partial, unlinked] = [generationName(head + 1), generationName(head + 1)];
      await mkdir(join(path, partial));
      await writeFile(join(path, partial, "state"), '{"format":"credchain-te');
      await mkdir(join(path, unlinked));
      await writeFile(join(path, unlinked, "state"), generationFile(unlinked, "{}"));
      await mkdir(join(path, "t-00000000000000aa"));
      expect(await leftovers(path)).toHaveLength(3);

      const tenants = ["w0", "w1", "w2", "w3"];
      const writers = tenants.map((tenantId, i) =>
        startWriter(script, { path, key, tenantId, prefix: "c", count: 200, seed: 1000 + i }),
      );
      const read = reader(encryptedFileCredentialStore({ path, key }), () => tenants);
      const exits = await Promise.all(writers.map((w) => w.exited));
      await read.stop();

      expect(exits).toEqual(tenants.map(() => ({ code: 0, signal: null })));
      expect(writers.map((w) => w.log.errors)).toEqual(tenants.map(() => []));
      expect(writers.map((w) => w.log.acknowledged)).toEqual([200, 200, 200, 200]);
      expect(read.state.failures).toEqual([]);
      expect(read.state.reads).toBeGreaterThan(0);
      await seed.create(seedRecord("after"));
      expect(await leftovers(path)).toEqual([]);
      await verify(
        seed,
        writers.map((w) => w.log),
      );
    },
  );

  it(
    "fifty writers killed with SIGKILL mid-write lose no acknowledged operation",
    { timeout: 120_000 },
    async () => {
      const seed = encryptedFileCredentialStore({ path, key });
      await seed.create(seedRecord("c0"));
      const steady = ["s0", "s1"].map((tenantId, i) =>
        startWriter(script, {
          path,
          key,
          tenantId,
          prefix: "c",
          count: 0,
          seed: 2000 + i,
          pauseMs: 60,
        }),
      );
      const victims: Writer[] = [];
      const next = random(42);
      const slot = async (tenantId: string, cycles: number) => {
        for (let cycle = 0; cycle < cycles; cycle += 1) {
          const victim = startWriter(script, {
            path,
            key,
            tenantId,
            prefix: `p${cycle}`,
            count: 0,
            seed: 3000 + victims.length,
          });
          victims.push(victim);
          await victim.begun(1 + Math.floor(next() * 6));
          // Somewhere inside the operation just begun: reading, sealing, writing, linking, pruning.
          await new Promise((resolve) => setTimeout(resolve, next() * 3));
          victim.child.kill("SIGKILL");
          await victim.exited;
        }
      };
      const tenants = ["s0", "s1", "v0", "v1"];
      const read = reader(encryptedFileCredentialStore({ path, key }), () => tenants);
      await Promise.all([slot("v0", 25), slot("v1", 25)]);
      for (const w of steady) w.stop();
      const steadyExits = await Promise.all(steady.map((w) => w.exited));
      await read.stop();

      const victimExits = await Promise.all(victims.map((v) => v.exited));
      expect(victimExits.filter((e) => e.signal === "SIGKILL")).toHaveLength(50);
      expect(steadyExits).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
      expect([...steady, ...victims].flatMap((w) => w.log.errors)).toEqual([]);
      expect(steady.map((w) => w.log.begun - w.log.acknowledged)).toEqual([0, 0]);
      expect(read.state.failures).toEqual([]);
      expect(read.state.reads).toBeGreaterThan(0);
      await seed.create(seedRecord("after"));
      expect(await leftovers(path)).toEqual([]);
      await verify(
        seed,
        [...steady, ...victims].map((w) => w.log),
      );
    },
  );
});
