import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { secretsManagerCredentialStore } from "../../src/tenants/secretsManagerCredentialStore.js";
import { StoredCredential } from "../../src/tenants/StoredCredential.js";
import { EXAMPLE_CREDENTIALS, startSecretsManagerEmulator } from "../support/index.js";
import type { SecretsManagerEmulator } from "../support/index.js";
import { describeCredentialStoreContract } from "./credentialStoreContract.js";
import { CANARY_KEYS, CANARY_SECRET, EXAMPLE_KEYS, expectNoSecret, fakeKeys } from "./fixtures.js";

const PREFIX = "myapp/tenants/";

function clientFor(sm: SecretsManagerEmulator) {
  return new SecretsManagerClient({
    endpoint: sm.url,
    region: "us-east-1",
    credentials: EXAMPLE_CREDENTIALS,
    maxAttempts: 1,
  });
}

const record = (tenantId: string, credentialId: string, keys = EXAMPLE_KEYS, region?: string) =>
  new StoredCredential({
    tenantId,
    credentialId,
    ...keys,
    createdAt: new Date("2026-01-01T00:00:00Z"),
    ...(region === undefined ? {} : { region }),
  });

describeCredentialStoreContract("secretsManagerCredentialStore (loopback emulator)", async () => {
  const sm = await startSecretsManagerEmulator();
  const client = clientFor(sm);
  return {
    store: secretsManagerCredentialStore({ prefix: PREFIX, client }),
    close: async () => {
      client.destroy();
      await sm.close();
    },
  };
});

describe("secretsManagerCredentialStore", () => {
  let sm: SecretsManagerEmulator;
  let client: SecretsManagerClient;
  beforeEach(async () => {
    sm = await startSecretsManagerEmulator();
    client = clientFor(sm);
  });
  afterEach(async () => {
    vi.useRealTimers();
    client.destroy();
    await sm.close();
  });

  it("keeps one secret per credential under <prefix><tenant>/<id>, tagged with the tenant", async () => {
    const store = secretsManagerCredentialStore({
      prefix: PREFIX,
      client,
      kmsKeyId: "alias/tenants",
    });
    await store.create(record("acme", "primary", CANARY_KEYS, "us-east-2"));
    const secret = sm.inspectSecret("myapp/tenants/acme/primary");
    expect(secret).toMatchObject({
      kmsKeyId: "alias/tenants",
      tags: {
        "credchain:tenant-id": "acme",
        "credchain:credential-id": "primary",
        "credchain:region": "us-east-2",
      },
    });
    expect(JSON.parse(String(secret?.current))).toMatchObject({
      tenantId: "acme",
      credentialId: "primary",
      awsSecretAccessKey: CANARY_SECRET,
    });
    // Every request was signed with the client's key and verified by the emulator.
    expect(
      sm.calls.every((c) => c.accessKeyId === EXAMPLE_CREDENTIALS.accessKeyId && c.status === 200),
    ).toBe(true);
  });

  it("lists through ListSecrets alone, reading no secret value", async () => {
    const store = secretsManagerCredentialStore({ prefix: PREFIX, client });
    for (let i = 0; i < 120; i += 1) await store.create(record("acme", `cred-${i}`, fakeKeys(i)));
    await store.create(record("acme-corp", "other"));
    sm.resetCalls();
    const listed = await store.list("acme");
    expect(listed).toHaveLength(120);
    expect(sm.calls.map((c) => c.op)).toEqual(["ListSecrets", "ListSecrets"]);
  });

  it("skips a secret under the tenant's prefix that lacks the tenant's tag", async () => {
    sm.setSecret(
      "myapp/tenants/acme/planted",
      { format: "credchain-tenant-credential" },
      {
        tags: { "credchain:tenant-id": "globex" },
      },
    );
    const store = secretsManagerCredentialStore({ prefix: PREFIX, client });
    expect(await store.list("acme")).toEqual([]);
  });

  it("refuses a value copied from another tenant's secret", async () => {
    const store = secretsManagerCredentialStore({ prefix: PREFIX, client });
    await store.create(record("globex", "primary", CANARY_KEYS));
    const copied = sm.inspectSecret("myapp/tenants/globex/primary")?.current;
    sm.setSecret("myapp/tenants/acme/primary", String(copied));
    const error = await store.get("acme", "primary").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TENANT_STORE_CORRUPT" });
    expectNoSecret(error);
  });

  it("rotates by adding a version, the old one kept as AWSPREVIOUS", async () => {
    const store = secretsManagerCredentialStore({ prefix: PREFIX, client });
    await store.create(record("acme", "primary", fakeKeys(1)));
    await store.rotate("acme", "primary", fakeKeys(2), new Date("2026-02-01T00:00:00Z"));
    const versions = sm.inspectSecret("myapp/tenants/acme/primary")?.versions ?? [];
    expect(versions.map((v) => v.stages).sort()).toEqual([["AWSCURRENT"], ["AWSPREVIOUS"]]);
    expect((await store.get("acme", "primary"))?.reveal()).toEqual(fakeKeys(2));
  });

  it("deletes at once by default, so the id can be stored again", async () => {
    const store = secretsManagerCredentialStore({ prefix: PREFIX, client });
    await store.create(record("acme", "primary"));
    expect(await store.delete("acme", "primary")).toBe(true);
    expect(sm.inspectSecret("myapp/tenants/acme/primary")).toBeUndefined();
    await store.create(record("acme", "primary", fakeKeys(3)));
    expect((await store.get("acme", "primary"))?.reveal()).toEqual(fakeKeys(3));
  });

  it("honours recoveryWindowDays and explains why the id cannot be reused meanwhile", async () => {
    const store = secretsManagerCredentialStore({ prefix: PREFIX, client, recoveryWindowDays: 7 });
    await store.create(record("acme", "primary"));
    expect(await store.delete("acme", "primary")).toBe(true);
    expect(sm.inspectSecret("myapp/tenants/acme/primary")?.deletedDate).toBeInstanceOf(Date);
    expect(await store.get("acme", "primary")).toBeUndefined();
    expect(await store.list("acme")).toEqual([]);
    await expect(store.create(record("acme", "primary"))).rejects.toMatchObject({
      code: "TENANT_CREDENTIAL_EXISTS",
      message: expect.stringContaining("recovery window"),
    });
  });

  it("reports access denied as TENANT_STORE_FAILED with the SDK error as cause", async () => {
    const store = secretsManagerCredentialStore({ prefix: PREFIX, client });
    await store.create(record("acme", "primary", CANARY_KEYS));
    sm.setSecretFaults("myapp/tenants/acme/primary", { accessDenied: true });
    const error = await store.get("acme", "primary").catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "TENANT_STORE_FAILED",
      cause: expect.objectContaining({ name: "AccessDeniedException" }),
    });
    expectNoSecret(error);
  });

  it("creates its client on first use from the SDK's settings (AWS_ENDPOINT_URL_SECRETS_MANAGER)", async () => {
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
    process.env.AWS_ACCESS_KEY_ID = EXAMPLE_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = EXAMPLE_CREDENTIALS.secretAccessKey;
    const store = secretsManagerCredentialStore({ prefix: PREFIX, region: "eu-west-1" });
    expect(sm.calls).toHaveLength(0);
    await store.create(record("acme", "primary"));
    expect(sm.calls[0]).toMatchObject({ op: "CreateSecret", region: "eu-west-1", status: 200 });
  });

  it("gives up on a hung Secrets Manager after the secret store's request timeout, signing as the credentials option", async () => {
    // Prepare
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
    const store = secretsManagerCredentialStore({
      prefix: PREFIX,
      region: "eu-west-1",
      credentials: async () => EXAMPLE_CREDENTIALS,
    });
    sm.faults.push({
      op: "GetSecretValue",
      kind: "delay",
      until: new Promise(() => undefined),
      times: Infinity,
    });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });

    // Act: the SDK's attempts and backoff run on the fake clock; the sockets on the real loop.
    let outcome: unknown;
    const settled = store.get("acme", "primary").then(
      () => (outcome = "resolved"),
      (error: unknown) => (outcome = error),
    );
    for (let step = 0; step < 600 && outcome === undefined; step++) {
      await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(250);
    }
    vi.useRealTimers();

    // Assess
    expect(outcome).toMatchObject({
      code: "TENANT_STORE_FAILED",
      cause: expect.objectContaining({ name: "TimeoutError" }),
    });
    expect(sm.calls[0]).toMatchObject({
      op: "GetSecretValue",
      region: "eu-west-1",
      accessKeyId: EXAMPLE_CREDENTIALS.accessKeyId,
    });
    await settled;
  });

  // An ssm: prefix is a (read-only) Parameter Store tenant store: parameterStoreCredentialStore.test.ts.
  it("refuses a parameter ARN as a prefix, pointing to the ssm: form", () => {
    expect(() =>
      secretsManagerCredentialStore({ prefix: "arn:aws:ssm:us-east-1:123456789012:parameter/t/" }),
    ).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining('"ssm:/myapp/tenants/" for Parameter Store'),
      }),
    );
  });

  it.each([
    ["prefix", { prefix: "bad prefix!" }],
    ["recoveryWindowDays", { prefix: PREFIX, recoveryWindowDays: 3 }],
    ["region", { prefix: PREFIX, region: "Europe" }],
  ])("refuses an invalid %s option, naming it", (option, options) => {
    expect(() => secretsManagerCredentialStore(options)).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION", message: expect.stringContaining(option) }),
    );
  });
});
