// Splicing: pieces of genuine store files (sealed with the right key) put together in a way the
// store never wrote. Each is TENANT_STORE_CORRUPT, never old keys or a silent NOT_FOUND.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encryptedFileCredentialStore } from "../../src/tenants/encryptedFileCredentialStore.js";
import { StoredCredential } from "../../src/tenants/StoredCredential.js";
import type { IndexEntry } from "../../src/tenants/storeFileFormat.js";
import { generationDirs, headFile, readHead, writeHead } from "./encryptedStore/storeFiles.js";
import { CANARY_KEYS, expectNoSecret, fakeKeys } from "./fixtures.js";

const CREATED = new Date("2026-01-02T03:04:05.000Z");
const record = (tenantId: string, credentialId: string, keys = fakeKeys(1)) =>
  new StoredCredential({
    tenantId,
    credentialId,
    ...keys,
    region: "eu-west-1",
    description: "Primary",
    createdAt: CREATED,
  });

let dir: string;
let path: string;
let key: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "credchain-splice-"));
  path = join(dir, "store");
  key = randomBytes(32).toString("base64");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const corrupt = { code: "TENANT_STORE_CORRUPT" };

describe("encryptedFileCredentialStore: splicing is detected", () => {
  it("refuses a credential's record replayed from before a rotation", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary", CANARY_KEYS));
    const before = (await readHead(path)).records["acme/primary"];
    await store.rotate("acme", "primary", fakeKeys(2), new Date());
    const file = await readHead(path);
    file.records["acme/primary"] = before;
    await writeHead(path, file);
    const error = await store.get("acme", "primary").catch((e: unknown) => e);
    expect(error).toMatchObject(corrupt);
    expectNoSecret(error);
  });

  it("refuses a store whose record was deleted while the index still lists it", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary"));
    await store.create(record("acme", "second", fakeKeys(2)));
    const file = await readHead(path);
    delete file.records["acme/primary"];
    await writeHead(path, file);
    await expect(store.get("acme", "primary")).rejects.toMatchObject(corrupt);
    expect((await store.get("acme", "second"))?.reveal()).toEqual(fakeKeys(2));
  });

  it("refuses a store whose record and index entry were both deleted", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary"));
    await store.create(record("acme", "second", fakeKeys(2)));
    const file = await readHead(path);
    delete file.records["acme/primary"];
    if (file.index !== undefined) delete file.index["acme/primary"];
    await writeHead(path, file);
    await expect(store.get("acme", "primary")).rejects.toMatchObject(corrupt);
    await expect(store.list("acme")).rejects.toMatchObject(corrupt);
  });

  it("refuses another store's files even when they share the key", async () => {
    const other = join(dir, "other");
    await encryptedFileCredentialStore({ path, key }).create(record("acme", "primary"));
    await encryptedFileCredentialStore({ path: other, key }).create(
      record("acme", "primary", fakeKeys(7)),
    );
    await rm(path, { recursive: true, force: true });
    await cp(other, path, { recursive: true });
    const store = encryptedFileCredentialStore({ path, key });
    await expect(store.get("acme", "primary")).rejects.toMatchObject(corrupt);
    await expect(store.list("acme")).rejects.toMatchObject(corrupt);
    await expect(store.create(record("acme", "more"))).rejects.toMatchObject(corrupt);
  });

  it("opens a store moved to another path when storeId names the old one", async () => {
    const moved = join(dir, "moved");
    await encryptedFileCredentialStore({ path, key }).create(record("acme", "primary"));
    await cp(path, moved, { recursive: true });
    const error = await encryptedFileCredentialStore({ path: moved, key })
      .get("acme", "primary")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ ...corrupt, message: expect.stringContaining(resolve(path)) });
    const store = encryptedFileCredentialStore({ path: moved, key, storeId: resolve(path) });
    expect((await store.get("acme", "primary"))?.reveal()).toEqual(fakeKeys(1));
    await store.rotate("acme", "primary", fakeKeys(3), new Date());
    expect((await store.get("acme", "primary"))?.reveal()).toEqual(fakeKeys(3));
  });

  it.each([
    ["a description", (entry: IndexEntry) => (entry.description = "Changed")],
    ["a region", (entry: IndexEntry) => (entry.region = "us-east-1")],
    ["a record version", (entry: IndexEntry) => (entry.version = "0".repeat(32))],
  ])("refuses an index whose %s was changed, on get and on list", async (_label, edit) => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary"));
    const file = await readHead(path);
    edit(file.index["acme/primary"]);
    await writeHead(path, file);
    await expect(store.get("acme", "primary")).rejects.toMatchObject(corrupt);
    await expect(store.list("acme")).rejects.toMatchObject(corrupt);
  });

  it("refuses an older generation put in place of the newest", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary"));
    const [first] = await generationDirs(path);
    const older = await readFile(join(path, first!, "state"), "utf8");
    await store.rotate("acme", "primary", fakeKeys(2), new Date());
    await writeFile(await headFile(path), older);
    await expect(store.get("acme", "primary")).rejects.toMatchObject(corrupt);
  });
});

describe("encryptedFileCredentialStore: list decrypts nothing", () => {
  it("lists a credential whose record no longer decrypts, while get reports it", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary", CANARY_KEYS));
    const file = await readHead(path);
    const data = Buffer.from(file.records["acme/primary"].data, "base64");
    data[0] = (data[0] ?? 0) ^ 0xff;
    file.records["acme/primary"].data = data.toString("base64");
    await writeHead(path, file);
    await expect(store.get("acme", "primary")).rejects.toMatchObject(corrupt);
    expect(await store.list("acme")).toEqual([
      {
        tenantId: "acme",
        credentialId: "primary",
        region: "eu-west-1",
        description: "Primary",
        createdAt: CREATED,
      },
    ]);
  });

  it("keeps metadata through rotation without reading the old keys", async () => {
    const store = encryptedFileCredentialStore({ path, key });
    await store.create(record("acme", "primary"));
    const file = await readHead(path);
    file.records["acme/primary"].data = Buffer.from("garbage").toString("base64");
    await writeHead(path, file);
    const rotatedAt = new Date("2026-03-01T00:00:00.000Z");
    const meta = await store.rotate("acme", "primary", fakeKeys(5), rotatedAt);
    expect(meta).toMatchObject({ region: "eu-west-1", description: "Primary", rotatedAt });
    expect((await store.get("acme", "primary"))?.reveal()).toEqual(fakeKeys(5));
  });
});
