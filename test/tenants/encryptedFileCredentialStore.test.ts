import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as FsPromises from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encryptedFileCredentialStore } from "../../src/tenants/encryptedFileCredentialStore.js";
import { StoredCredential } from "../../src/tenants/StoredCredential.js";
import { describeCredentialStoreContract } from "./credentialStoreContract.js";
import { headFile, readHead, storeFiles, writeHead } from "./encryptedStore/storeFiles.js";
import { CANARY_KEYS, CANARY_SECRET, EXAMPLE_KEYS, expectNoSecret, fakeKeys } from "./fixtures.js";

// Lets a test make every commit lose its race, as if other writers always committed first.
const fsHooks = vi.hoisted(() => ({
  link: undefined as undefined | ((existing: string, target: string) => Promise<void>),
}));
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    link: (existing: string, target: string) => (fsHooks.link ?? real.link)(existing, target),
  };
});

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "credchain-store-"));
  dirs.push(dir);
  return join(dir, "nested", "tenants.json");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const newKey = () => randomBytes(32).toString("base64");
const record = (tenantId: string, credentialId: string, keys = EXAMPLE_KEYS) =>
  new StoredCredential({ tenantId, credentialId, ...keys, createdAt: new Date() });

describeCredentialStoreContract("encryptedFileCredentialStore", async () => ({
  store: encryptedFileCredentialStore({ path: tempPath(), key: newKey() }),
}));

describe("encryptedFileCredentialStore", () => {
  let path: string;
  let key: string;
  beforeEach(() => {
    path = tempPath();
    key = newKey();
  });

  it("writes the file with mode 0600 and no key material in the clear", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary", CANARY_KEYS));
    await store.rotate("acme", "primary", fakeKeys(1), new Date());
    await store.create(record("acme", "second", CANARY_KEYS));
    expect((await stat(await headFile(path))).mode & 0o777).toBe(0o600);
    const text = (await storeFiles(path)).map((f) => f.text).join("\n");
    expect(text).not.toContain(CANARY_SECRET);
    expect(text).not.toContain(CANARY_KEYS.awsAccessKeyId);
  });

  it("accepts the key as raw bytes or as their base64", async () => {
    const bytes = randomBytes(32);
    await encryptedFileCredentialStore({ path, key: bytes }).create(record("acme", "primary"));
    const reopened = encryptedFileCredentialStore({ path, key: bytes.toString("base64") });
    expect((await reopened.get("acme", "primary"))?.reveal()).toEqual(EXAMPLE_KEYS);
  });

  it.each([
    ["16 bytes", randomBytes(16)],
    ["base64 of 24 bytes", randomBytes(24).toString("base64")],
    ["a 32-character passphrase", "correct horse battery staple!!!!"],
    ["an empty string", ""],
  ])("refuses a key of %s, naming the option", (_label, badKey) => {
    expect(() => encryptedFileCredentialStore({ path, key: badKey })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION", message: expect.stringContaining("key") }),
    );
  });

  it("reports TENANT_STORE_KEY when opened with another key", async () => {
    await encryptedFileCredentialStore({ path, key }).create(record("acme", "primary"));
    const wrong = encryptedFileCredentialStore({ path, key: newKey() });
    await expect(wrong.get("acme", "primary")).rejects.toMatchObject({ code: "TENANT_STORE_KEY" });
    await expect(wrong.list("acme")).rejects.toMatchObject({ code: "TENANT_STORE_KEY" });
    await expect(wrong.create(record("acme", "other"))).rejects.toMatchObject({
      code: "TENANT_STORE_KEY",
    });
  });

  it("reports TENANT_STORE_CORRUPT for a tampered record and leaves other records readable", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary", CANARY_KEYS));
    await store.create(record("globex", "primary", fakeKeys(2)));
    const file = await readHead(path);
    const data = Buffer.from(file.records["acme/primary"].data, "base64");
    data[3] = (data[3] ?? 0) ^ 0x01;
    file.records["acme/primary"].data = data.toString("base64");
    await writeHead(path, file);
    const error = await store.get("acme", "primary").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TENANT_STORE_CORRUPT" });
    expectNoSecret(error);
    expect((await store.get("globex", "primary"))?.reveal()).toEqual(fakeKeys(2));
  });

  it("reports TENANT_STORE_CORRUPT for a truncated file", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary"));
    const text = await readFile(await headFile(path), "utf8");
    await writeFile(await headFile(path), text.slice(0, Math.floor(text.length / 2)));
    await expect(store.get("acme", "primary")).rejects.toMatchObject({
      code: "TENANT_STORE_CORRUPT",
    });
    await expect(store.create(record("acme", "other"))).rejects.toMatchObject({
      code: "TENANT_STORE_CORRUPT",
    });
  });

  it("refuses a record moved to another tenant or credential id", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary", fakeKeys(1)));
    await store.create(record("globex", "primary", fakeKeys(2)));
    const file = await readHead(path);
    [file.records["acme/primary"], file.records["globex/primary"]] = [
      file.records["globex/primary"],
      file.records["acme/primary"],
    ];
    file.records["globex/renamed"] = file.records["acme/primary"];
    await writeHead(path, file);
    await expect(store.get("acme", "primary")).rejects.toMatchObject({
      code: "TENANT_STORE_CORRUPT",
    });
    await expect(store.get("globex", "primary")).rejects.toMatchObject({
      code: "TENANT_STORE_CORRUPT",
    });
    await expect(store.get("globex", "renamed")).rejects.toMatchObject({
      code: "TENANT_STORE_CORRUPT",
    });
  });

  it("loses no write when two store instances write at once", async () => {
    const a = encryptedFileCredentialStore({ path, key });
    const b = encryptedFileCredentialStore({ path, key });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).create(record("acme", `cred-${i}`, fakeKeys(i))),
      ),
    );
    expect(await a.list("acme")).toHaveLength(20);
  });

  it("is not held up by a lock file left by a dead process", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "first"));
    const { hostname } = await import("node:os");
    await writeFile(
      `${path}.lock`,
      JSON.stringify({ token: "stale", pid: 2 ** 22 + 7, host: hostname() }),
    );
    await store.create(record("acme", "second"));
    expect((await store.list("acme")).map((m) => m.credentialId)).toEqual(["first", "second"]);
  });

  it("fails with TENANT_STORE_FAILED when other writers win every commit for longer than lockTimeoutMs", async () => {
    const store = encryptedFileCredentialStore({ path, key, lockTimeoutMs: 20 });
    await store.create(record("acme", "first"));
    // There is no lock to hold: a write is held up only by losing the commit race, every time.
    fsHooks.link = () => Promise.reject(Object.assign(new Error("EEXIST"), { code: "EEXIST" }));
    try {
      await expect(store.create(record("acme", "second"))).rejects.toMatchObject({
        code: "TENANT_STORE_FAILED",
      });
    } finally {
      fsHooks.link = undefined;
    }
    expect((await store.list("acme")).map((m) => m.credentialId)).toEqual(["first"]);
  });

  it("loses no write when two processes write at once", async () => {
    const writer = fileURLToPath(new URL("./encryptedStoreWriter.ts", import.meta.url));
    const run = (tenantId: string) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", writer, path, key, tenantId, "15"],
          { stdio: ["ignore", "pipe", "pipe"] },
        );
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) =>
          code === 0
            ? resolve(out)
            : reject(new Error(`writer ${tenantId} exited ${code}: ${err}`)),
        );
      });
    await expect(Promise.all([run("alpha"), run("beta"), run("gamma")])).resolves.toEqual([
      "done\n",
      "done\n",
      "done\n",
    ]);
    const store = encryptedFileCredentialStore({ path, key });
    for (const tenantId of ["alpha", "beta", "gamma"]) {
      const listed = await store.list(tenantId);
      expect(listed).toHaveLength(15);
      const third = await store.get(tenantId, "cred-3");
      expect(third?.reveal().awsSecretAccessKey).toBe(`${tenantId}-3`.padEnd(40, "x"));
    }
    expect((await stat(await headFile(path))).mode & 0o777).toBe(0o600);
  });
});
