// The CredentialStore contract, run against every built-in store (and usable for custom ones).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CredentialStore } from "../../src/tenants/CredentialStore.js";
import { StoredCredential } from "../../src/tenants/StoredCredential.js";
import { CANARY_KEYS, CANARY_SECRET, EXAMPLE_KEYS, expectNoSecret, fakeKeys } from "./fixtures.js";

export interface StoreHarness {
  store: CredentialStore;
  close?: () => Promise<void>;
}

const CREATED = new Date("2026-01-02T03:04:05.000Z");

function record(
  tenantId: string,
  credentialId: string,
  keys = EXAMPLE_KEYS,
  extra: { region?: string; description?: string } = {},
): StoredCredential {
  return new StoredCredential({ tenantId, credentialId, ...keys, createdAt: CREATED, ...extra });
}

export function describeCredentialStoreContract(
  name: string,
  open: () => Promise<StoreHarness>,
): void {
  describe(`${name}: CredentialStore contract`, () => {
    let harness: StoreHarness;
    let store: CredentialStore;
    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.close?.();
    });

    it("returns what was created, keys and metadata", async () => {
      await store.create(
        record("acme", "primary", CANARY_KEYS, { region: "us-east-2", description: "Primary" }),
      );
      const got = await store.get("acme", "primary");
      expect(got?.reveal()).toEqual(CANARY_KEYS);
      expect(got?.metadata()).toEqual({
        tenantId: "acme",
        credentialId: "primary",
        region: "us-east-2",
        description: "Primary",
        createdAt: CREATED,
      });
      expectNoSecret(got);
    });

    it("refuses to create a credential id twice", async () => {
      await store.create(record("acme", "primary"));
      await expect(store.create(record("acme", "primary", fakeKeys(2)))).rejects.toMatchObject({
        code: "TENANT_CREDENTIAL_EXISTS",
      });
      expect((await store.get("acme", "primary"))?.reveal()).toEqual(EXAMPLE_KEYS);
    });

    it("never returns another tenant's credential under the same id", async () => {
      await store.create(record("acme", "primary", fakeKeys(1)));
      await store.create(record("globex", "primary", fakeKeys(2)));
      expect((await store.get("acme", "primary"))?.reveal()).toEqual(fakeKeys(1));
      expect((await store.get("globex", "primary"))?.reveal()).toEqual(fakeKeys(2));
      expect(await store.get("initech", "primary")).toBeUndefined();
    });

    it("lists only the tenant's own credentials, sorted, without key material", async () => {
      await store.create(record("acme", "b-key", CANARY_KEYS, { region: "eu-west-1" }));
      await store.create(record("acme", "a-key", fakeKeys(1)));
      // Tenants whose ids extend or differ in case from "acme" must not leak into its list.
      await store.create(record("acme-2", "c-key", fakeKeys(2)));
      await store.create(record("ACME", "d-key", fakeKeys(3)));
      const listed = await store.list("acme");
      expect(listed.map((m) => [m.tenantId, m.credentialId])).toEqual([
        ["acme", "a-key"],
        ["acme", "b-key"],
      ]);
      expect(listed[1]?.region).toBe("eu-west-1");
      expect(JSON.stringify(listed)).not.toContain(CANARY_KEYS.awsAccessKeyId);
      expectNoSecret(listed);
      expect(await store.list("nobody")).toEqual([]);
    });

    it("rotates keys in place, keeping metadata and setting rotatedAt", async () => {
      await store.create(record("acme", "primary", fakeKeys(1), { region: "us-west-2" }));
      const rotatedAt = new Date("2026-02-01T00:00:00.000Z");
      const meta = await store.rotate("acme", "primary", fakeKeys(9), rotatedAt);
      expect(meta).toMatchObject({ credentialId: "primary", region: "us-west-2", rotatedAt });
      const got = await store.get("acme", "primary");
      expect(got?.reveal()).toEqual(fakeKeys(9));
      expect(got?.createdAt).toEqual(CREATED);
      expect(got?.rotatedAt).toEqual(rotatedAt);
    });

    it("refuses to rotate a credential the tenant does not have", async () => {
      await store.create(record("globex", "primary"));
      await expect(store.rotate("acme", "primary", fakeKeys(1), new Date())).rejects.toMatchObject({
        code: "TENANT_CREDENTIAL_NOT_FOUND",
      });
      expect((await store.get("globex", "primary"))?.reveal()).toEqual(EXAMPLE_KEYS);
    });

    it("deletes only the tenant's own credential and reports whether it existed", async () => {
      await store.create(record("acme", "primary", fakeKeys(1)));
      await store.create(record("globex", "primary", fakeKeys(2)));
      expect(await store.delete("acme", "primary")).toBe(true);
      expect(await store.delete("acme", "primary")).toBe(false);
      expect(await store.get("acme", "primary")).toBeUndefined();
      expect((await store.get("globex", "primary"))?.reveal()).toEqual(fakeKeys(2));
    });

    it.each([
      ["a path", "../globex"],
      ["a slash", "acme/primary"],
      ["an empty id", ""],
      ["a leading dash", "-acme"],
      ["65 characters", "a".repeat(65)],
    ])("refuses a tenant id with %s", async (_label, tenantId) => {
      await expect(store.get(tenantId, "primary")).rejects.toMatchObject({
        code: "TENANT_INVALID_ID",
      });
      await expect(store.list(tenantId)).rejects.toMatchObject({ code: "TENANT_INVALID_ID" });
    });

    it("keeps the canary secret out of errors", async () => {
      await store.create(record("acme", "primary", CANARY_KEYS));
      const error = await store
        .create(record("acme", "primary", CANARY_KEYS))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "TENANT_CREDENTIAL_EXISTS" });
      expectNoSecret(error, [CANARY_SECRET]);
    });
  });
}
