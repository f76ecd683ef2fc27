// What crashed writers leave behind never blocks or loses a write, and is removed by the next
// write. (The real-process version of this, with kill -9, is in *.processes.test.ts.)
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
import { fakeKeys } from "./fixtures.js";

const record = (tenantId: string, credentialId: string, n = 1) =>
  new StoredCredential({ tenantId, credentialId, ...fakeKeys(n), createdAt: new Date() });
const deadLock = () => JSON.stringify({ token: "dead", pid: DEAD_PID, host: hostname() });

let dir: string;
let path: string;
let key: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "credchain-leftovers-"));
  path = join(dir, "store");
  key = randomBytes(32).toString("base64");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("encryptedFileCredentialStore: crashed writers' leftovers", () => {
  it("loses no write when four writers find a dead writer's lock at once (100 rounds)", async () => {
    const lost: number[] = [];
    for (let round = 0; round < 100; round += 1) {
      const roundPath = join(dir, `round-${round}`);
      const stores = [0, 1, 2, 3].map(() => encryptedFileCredentialStore({ path: roundPath, key }));
      await stores[0]!.create(record("acme", "seed"));
      await writeFile(`${roundPath}.lock`, deadLock());
      await Promise.all(stores.map((store, i) => store.create(record("acme", `writer-${i}`, i))));
      if ((await stores[0]!.list("acme")).length !== 5) lost.push(round);
    }
    expect(lost).toEqual([]);
  });

  it("is not held up by a dangling symlink at the old lock path", { timeout: 5_000 }, async () => {
    const store = encryptedFileCredentialStore({ path, key, lockTimeoutMs: 200 });
    await store.create(record("acme", "first"));
    await symlink(join(dir, "gone", "lock"), `${path}.lock`);
    await store.create(record("acme", "second"));
    expect((await store.list("acme")).map((m) => m.credentialId)).toEqual(["first", "second"]);
  });

  it("is not held up by an empty lock file", { timeout: 5_000 }, async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "first"));
    await writeFile(`${path}.lock`, "");
    await store.create(record("acme", "second"));
    expect((await store.list("acme")).map((m) => m.credentialId)).toEqual(["first", "second"]);
  });

  it("ignores a dead writer's unfinished generations and removes them at the next write", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "first"));
    const head = generationNumber((await generationDirs(path))[0]!);
    // Killed before writing anything, halfway through its state, and just before its link.
    const empty = generationName(head + 1);
    const partial = generationName(head + 1);
    const unlinked = generationName(head + 1);
    for (const name of [empty, partial, unlinked]) await mkdir(join(path, name));
    await writeFile(join(path, partial, "state"), '{"format":"credchain-tenant-st');
    await writeFile(join(path, unlinked, "state"), generationFile(unlinked, "{}"));
    await mkdir(join(path, "t-0123456789abcdef", "g1"), { recursive: true });
    await writeFile(join(path, "t-0123456789abcdef", "g1", "state"), "{}");
    expect(await leftovers(path)).toHaveLength(4);

    expect((await store.list("acme")).map((m) => m.credentialId)).toEqual(["first"]);
    await store.create(record("acme", "second"));
    expect(await leftovers(path)).toEqual([]);
    expect((await store.list("acme")).map((m) => m.credentialId)).toEqual(["first", "second"]);
  });

  it("keeps a live writer's unfinished generation until it is too old to commit", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "first"));
    const head = generationNumber((await generationDirs(path))[0]!);
    const inFlight = generationName(head + 1, process.pid);
    await mkdir(join(path, inFlight));
    await store.create(record("acme", "second"));
    expect(await readdir(path)).toContain(inFlight);
    for (let i = 0; i < 6; i += 1) await store.rotate("acme", "second", fakeKeys(i), new Date());
    expect(await readdir(path)).not.toContain(inFlight);
    expect(await leftovers(path)).toEqual([]);
  });

  it("keeps at most five generations however many writes", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "first"));
    for (let i = 0; i < 20; i += 1) await store.rotate("acme", "first", fakeKeys(i), new Date());
    expect((await generationDirs(path)).length).toBeLessThanOrEqual(5);
    expect((await store.get("acme", "first"))?.reveal()).toEqual(fakeKeys(19));
  });
});
