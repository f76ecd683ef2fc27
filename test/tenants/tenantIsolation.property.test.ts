// Property tests: tenant isolation under random interleavings, and id validation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTenantResolver } from "../../src/tenants/createTenantResolver.js";
import type { TenantSession } from "../../src/tenants/createTenantResolver.js";
import { TENANT_ID_PATTERN } from "../../src/tenants/tenantIds.js";
import type { CredentialKeys } from "../../src/tenants/StoredCredential.js";
import { fakeKeys } from "./fixtures.js";
import { spyStore } from "./spyStore.js";

const TENANTS = ["t0", "t1", "t2", "t3", "t4", "T0", "t0-x"];
const CREDENTIALS = ["c0", "c1", "c2"];

type Op =
  | { kind: "store" | "rotate" | "delete" | "initialize"; tenant: string; credential: string }
  | { kind: "list"; tenant: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("store", "rotate", "delete", "initialize"),
    tenant: fc.constantFrom(...TENANTS),
    credential: fc.constantFrom(...CREDENTIALS),
  }),
  fc.record({ kind: fc.constant("list"), tenant: fc.constantFrom(...TENANTS) }),
);

interface Harness {
  run(op: Op): Promise<void>;
  /** Which tenant/credential each issued access key ID was stored for. */
  owner: Map<string, string>;
  sessions: { tenant: string; credential: string; session: TenantSession }[];
}

function harness(): Harness & { model: Map<string, CredentialKeys> } {
  const resolver = createTenantResolver({ store: spyStore().store, cache: { maxTenants: 4 } });
  const model = new Map<string, CredentialKeys>();
  const owner = new Map<string, string>();
  const sessions: Harness["sessions"] = [];
  let counter = 0;
  const issue = (slot: string) => {
    const keys = fakeKeys((counter += 1));
    owner.set(keys.awsAccessKeyId, slot);
    return keys;
  };
  return {
    model,
    owner,
    sessions,
    async run(op) {
      if (op.kind === "list") {
        const listed = await resolver.listCredentials(op.tenant);
        expect(listed.map((m) => `${m.tenantId}/${m.credentialId}`)).toEqual(
          [...model.keys()].filter((k) => k.startsWith(`${op.tenant}/`)).sort(),
        );
        return;
      }
      const slot = `${op.tenant}/${op.credential}`;
      switch (op.kind) {
        case "store": {
          const keys = issue(slot);
          const attempt = resolver.storeCredentials(op.tenant, {
            credentialId: op.credential,
            ...keys,
          });
          if (model.has(slot)) {
            await expect(attempt).rejects.toMatchObject({ code: "TENANT_CREDENTIAL_EXISTS" });
          } else {
            await attempt;
            model.set(slot, keys);
          }
          return;
        }
        case "rotate": {
          const keys = issue(slot);
          const attempt = resolver.rotateCredentials(op.tenant, op.credential, keys);
          if (model.has(slot)) {
            await attempt;
            model.set(slot, keys);
          } else {
            await expect(attempt).rejects.toMatchObject({ code: "TENANT_CREDENTIAL_NOT_FOUND" });
          }
          return;
        }
        case "delete":
          expect(await resolver.deleteCredentials(op.tenant, op.credential)).toBe(model.has(slot));
          model.delete(slot);
          return;
        case "initialize": {
          const attempt = resolver.initialize(op.tenant, { credentialId: op.credential });
          if (model.has(slot)) {
            sessions.push({ tenant: op.tenant, credential: op.credential, session: await attempt });
          } else {
            await expect(attempt).rejects.toMatchObject({ code: "TENANT_CREDENTIAL_NOT_FOUND" });
          }
        }
      }
    },
  };
}

describe("tenant isolation (property)", () => {
  it("serves every open session exactly its own tenant's current keys, whatever the interleaving", async () => {
    await fc.assert(
      // size "+1": fast-check's default keeps arrays near 10 ops, too few for two tenants to
      // hold sessions on the same credential id (which a cache keyed without the tenant mixes up).
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 60, size: "+1" }),
        async (ops) => {
          const h = harness();
          for (const op of ops) {
            await h.run(op);
            for (const { tenant, credential, session } of h.sessions) {
              const expected = h.model.get(`${tenant}/${credential}`);
              if (expected === undefined) {
                await expect(session.credentials()).rejects.toMatchObject({
                  code: "TENANT_CREDENTIAL_NOT_FOUND",
                });
              } else {
                expect(await session.credentials()).toEqual({
                  accessKeyId: expected.awsAccessKeyId,
                  secretAccessKey: expected.awsSecretAccessKey,
                });
              }
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("never returns one tenant's keys to another when operations run concurrently", async () => {
    // Few tenants and ids, so that tenants often share credential ids.
    const concurrentOp: fc.Arbitrary<Op> = fc.record({
      kind: fc.constantFrom("store", "store", "rotate", "delete", "initialize", "initialize"),
      tenant: fc.constantFrom("t0", "t1", "T0"),
      credential: fc.constantFrom("c0", "c1"),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(concurrentOp, { minLength: 1, maxLength: 12 }), {
          minLength: 1,
          maxLength: 8,
        }),
        async (batches) => {
          const resolver = createTenantResolver({ store: spyStore().store });
          const owner = new Map<string, string>();
          const sessions: { slot: string; session: TenantSession }[] = [];
          let counter = 0;
          const issue = (slot: string) => {
            const keys = fakeKeys((counter += 1));
            owner.set(keys.awsAccessKeyId, slot);
            return keys;
          };
          const run = async (op: Op) => {
            if (op.kind === "list") return;
            const slot = `${op.tenant}/${op.credential}`;
            if (op.kind === "store") {
              const keys = issue(slot);
              await resolver.storeCredentials(op.tenant, { credentialId: op.credential, ...keys });
            } else if (op.kind === "rotate") {
              await resolver.rotateCredentials(op.tenant, op.credential, issue(slot));
            } else if (op.kind === "delete") {
              await resolver.deleteCredentials(op.tenant, op.credential);
            } else {
              const session = await resolver.initialize(op.tenant, { credentialId: op.credential });
              sessions.push({ slot, session });
            }
          };
          for (const batch of batches) {
            const outcomes = await Promise.allSettled(batch.map(run));
            for (const outcome of outcomes) {
              if (outcome.status === "rejected") {
                expect(outcome.reason).toMatchObject({
                  code: expect.stringMatching(/^TENANT_CREDENTIAL_(EXISTS|NOT_FOUND)$/),
                });
              }
            }
            const results = await Promise.allSettled(
              sessions.map(async (s) => ({ s, identity: await s.session.credentials() })),
            );
            for (const result of results) {
              if (result.status === "rejected") {
                expect(result.reason).toMatchObject({ code: "TENANT_CREDENTIAL_NOT_FOUND" });
                continue;
              }
              const { s, identity } = result.value;
              expect(owner.get(identity.accessKeyId)).toBe(s.slot);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  const invalidId = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: "binary", maxLength: 70 }),
    fc.constantFrom("", "../t0", "t0/c0", "t0\n", " t0", "-t0", "_t0", "t0.", "a".repeat(65)),
  );

  it("refuses every id outside the pattern before the store is touched", async () => {
    await fc.assert(
      fc.asyncProperty(
        invalidId.filter((id) => !TENANT_ID_PATTERN.test(id)),
        fc.boolean(),
        async (bad, asTenant) => {
          const spy = spyStore();
          const resolver = createTenantResolver({ store: spy.store });
          const tenant = asTenant ? bad : "t0";
          const credential = asTenant ? "c0" : bad;
          const attempts = [
            () => resolver.initialize(tenant, { credentialId: credential }),
            () => resolver.storeCredentials(tenant, { credentialId: credential, ...fakeKeys(1) }),
            () => resolver.rotateCredentials(tenant, credential, fakeKeys(2)),
            () => resolver.deleteCredentials(tenant, credential),
            ...(asTenant ? [() => resolver.listCredentials(tenant)] : []),
          ];
          for (const attempt of attempts) {
            const error = await attempt().catch((e: unknown) => e);
            expect(error).toMatchObject({
              code: expect.stringMatching(/^TENANT_INVALID_(ID|BODY)$/),
            });
            if (bad.length > 3) expect((error as Error).message).not.toContain(bad);
          }
          expect(spy.calls()).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("accepts every id the pattern allows", async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(TENANT_ID_PATTERN), async (id) => {
        const resolver = createTenantResolver({ store: spyStore().store });
        await resolver.storeCredentials(id, { credentialId: id, ...fakeKeys(1) });
        expect(await resolver.listCredentials(id)).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });
});
