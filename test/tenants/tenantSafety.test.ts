// Issue 10/11 regressions for the tenant resolver and its Secrets Manager store.
import { inspect } from "node:util";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTenantResolver,
  memoryCredentialStore,
  secretsManagerCredentialStore,
  CREDENTIAL_TAG,
  TENANT_TAG,
} from "../../src/index.js";
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from "../support/index.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("createTenantResolver options", () => {
  it("refuses a misspelt option naming it and the nearest valid one", () => {
    // Prepare
    const options = { store: memoryCredentialStore(), allowDirects: false };

    // Act / Assess
    expect(() => createTenantResolver(options as never)).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringMatching(/allowDirects.*did you mean `allowDirect`/),
      }),
    );
  });

  it("reports every bad option in one error", () => {
    const run = () =>
      createTenantResolver({
        store: memoryCredentialStore(),
        allowDirect: "no",
        cache: { ttlMs: -1 },
      } as never);
    expect(run).toThrow(
      expect.objectContaining({ message: expect.stringContaining("allowDirect") }),
    );
    expect(run).toThrow(
      expect.objectContaining({ message: expect.stringContaining("cache.ttlMs") }),
    );
  });

  it.each([null, 42, "store", []])("refuses %j as options with a coded error", (options) => {
    expect(() => createTenantResolver(options as never)).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });
});

describe("tenant ids that are pasted keys", () => {
  it.each([
    ["an access key ID", KEY_ID],
    ["a secret access key", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12"],
    ["an OpenAI key", "sk-proj-EXAMPLEexampleEXAMPLE0001"],
  ])("refuses %s as a tenant id without echoing it, in errors and audit events", async (_l, id) => {
    // Prepare
    const events: unknown[] = [];
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      audit: (e) => void events.push(e),
    });

    // Act
    const error = await resolver.listCredentials(id).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: "TENANT_INVALID_ID" });
    expect(inspect(error, { depth: 5 })).not.toContain(id);
    expect(JSON.stringify(events)).not.toContain(id);
    expect(events).toEqual([expect.objectContaining({ tenantId: null, outcome: "denied" })]);
  });
});

describe("secretsManagerCredentialStore isolation", () => {
  let sm: SecretsManagerEmulator;
  beforeAll(async () => {
    sm = await startSecretsManagerEmulator();
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
  });
  afterAll(() => sm.close());

  const client = () =>
    new SecretsManagerClient({
      region: "us-east-1",
      endpoint: sm.url,
      credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    });

  it("refuses a prefix that does not end with / (app/t and app/t1 would share names)", () => {
    expect(() => secretsManagerCredentialStore({ prefix: "app/t", client: client() })).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining("prefix"),
      }),
    );
  });

  it("never deletes a secret that its tags do not mark as this store's, this tenant's and id's", async () => {
    // Prepare: a secret at the name store B would use for tenant x, created by someone else.
    const c = client();
    await c.send(
      new CreateSecretCommand({
        Name: "app/t/x/primary",
        SecretString: "{}",
        Tags: [{ Key: "credchain:tenant-id", Value: "other" }],
      }),
    );
    const store = secretsManagerCredentialStore({ prefix: "app/t/", client: c });

    // Act
    const error = await store.delete("x", "primary").catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: "TENANT_STORE_CORRUPT" });
    expect(sm.callCount("DeleteSecret")).toBe(0);
  });
});

describe("secretsManagerCredentialStore acts only on secrets its tags mark as its own", () => {
  let sm: SecretsManagerEmulator;
  let record: string;
  beforeAll(async () => {
    sm = await startSecretsManagerEmulator();
    // A genuine record for tenant/credential x*/primary, written by a store with another prefix.
    const other = secretsManagerCredentialStore({ prefix: "other/", client: client() });
    const resolver = createTenantResolver({ store: other });
    await resolver.storeCredentials("x1", {
      credentialId: "primary",
      awsAccessKeyId: KEY_ID,
      awsSecretAccessKey: SECRET,
    });
    const out = await client().send(new GetSecretValueCommand({ SecretId: "other/x1/primary" }));
    record = out.SecretString ?? "";
  });
  afterAll(() => sm.close());

  const client = () =>
    new SecretsManagerClient({
      region: "us-east-1",
      endpoint: sm.url,
      credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    });

  const plant = async (tenant: string, tags: { Key: string; Value: string }[]) => {
    await client().send(
      new CreateSecretCommand({
        Name: `app/t/${tenant}/primary`,
        SecretString: record.replaceAll('"x1"', JSON.stringify(tenant)),
        Tags: tags,
      }),
    );
  };
  const owner = (tenant: string) => [
    { Key: TENANT_TAG, Value: tenant },
    { Key: CREDENTIAL_TAG, Value: "primary" },
  ];

  it.each([
    ["untagged", "u1", () => []],
    ["tagged for the tenant and id but with no prefix tag", "u2", () => owner("u2")],
    [
      "tagged as another store's (prefix other/)",
      "u3",
      () => [...owner("u3"), { Key: "credchain:prefix", Value: "other/" }],
    ],
  ])("refuses to rotate or delete a secret %s", async (_label, tenant, tags) => {
    // Prepare
    await plant(tenant, tags());
    const store = secretsManagerCredentialStore({ prefix: "app/t/", client: client() });
    const puts = sm.callCount("PutSecretValue");
    const deletes = sm.callCount("DeleteSecret");

    // Act
    const rotated = await store
      .rotate(tenant, "primary", { awsAccessKeyId: KEY_ID, awsSecretAccessKey: SECRET }, new Date())
      .catch((e: unknown) => e);
    const deleted = await store.delete(tenant, "primary").catch((e: unknown) => e);

    // Assess
    expect(rotated).toMatchObject({ code: "TENANT_STORE_CORRUPT" });
    expect(deleted).toMatchObject({ code: "TENANT_STORE_CORRUPT" });
    expect(sm.callCount("PutSecretValue")).toBe(puts);
    expect(sm.callCount("DeleteSecret")).toBe(deletes);
  });

  it("does not list a secret without its prefix tag", async () => {
    await plant("u4", owner("u4"));
    const store = secretsManagerCredentialStore({ prefix: "app/t/", client: client() });
    await expect(store.list("u4")).resolves.toEqual([]);
  });
});

describe("SDK errors never carry request data into a TenantError", () => {
  it("keeps a CreateSecret 400 that echoes the SecretString out of util.inspect(error)", async () => {
    // Prepare: the service's message quotes the request, as some 400s do.
    const mock = mockClient(SecretsManagerClient);
    mock.on(CreateSecretCommand).rejects(
      Object.assign(new Error(`Invalid SecretString ${SECRET}`), {
        name: "ValidationException",
        $fault: "client",
        $metadata: { httpStatusCode: 400, requestId: "req-123" },
      }),
    );
    const resolver = createTenantResolver({
      store: secretsManagerCredentialStore({
        prefix: "app/",
        client: new SecretsManagerClient({ region: "us-east-1" }),
      }),
    });

    // Act
    const error = await resolver
      .storeCredentials("acme", {
        credentialId: "primary",
        awsAccessKeyId: KEY_ID,
        awsSecretAccessKey: SECRET,
      })
      .catch((e: unknown) => e);
    mock.restore();

    // Assess
    expect(error).toMatchObject({
      code: "TENANT_STORE_FAILED",
      cause: { name: "ValidationException", httpStatusCode: 400, requestId: "req-123" },
    });
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(SECRET);
  });
});

describe("tenant bodies that fight back", () => {
  const throwing = () => {
    throw new Error(`getter ${SECRET}`);
  };
  const bodies: [string, () => unknown][] = [
    ["a Proxy whose traps throw", () => new Proxy({}, { ownKeys: throwing, get: throwing })],
    [
      "an object with a throwing getter",
      () =>
        Object.defineProperty({ credentialId: "primary" }, "awsRegion", {
          enumerable: true,
          get: throwing,
        }),
    ],
    [
      "a Proxy that lists keys but throws on reads",
      () => new Proxy({ credentialId: "x" }, { get: throwing }),
    ],
  ];
  const resolver = () =>
    createTenantResolver({ store: memoryCredentialStore(), allowServiceDefaults: true });
  const keys = { awsAccessKeyId: KEY_ID, awsSecretAccessKey: SECRET };

  it.each(bodies)("initialize refuses %s with TENANT_INVALID_BODY", async (_label, body) => {
    const error = await resolver()
      .initialize("acme", body() as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TENANT_INVALID_BODY" });
    expect(inspect(error, { showHidden: true, depth: null })).not.toContain(SECRET);
  });

  it.each(bodies)("storeCredentials refuses %s with TENANT_INVALID_BODY", async (_label, body) => {
    const error = await resolver()
      .storeCredentials("acme", body() as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TENANT_INVALID_BODY" });
  });

  it.each(bodies)("rotateCredentials refuses %s with TENANT_INVALID_BODY", async (_label, body) => {
    const r = resolver();
    await r.storeCredentials("acme", { credentialId: "primary", ...keys });
    const error = await r
      .rotateCredentials("acme", "primary", body() as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TENANT_INVALID_BODY" });
  });
});
