import { inspect } from "node:util";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoryCredentialStore } from "../../src/tenants/memoryCredentialStore.js";
import type {
  TenantAuditEvent,
  TenantResolverOptions,
} from "../../src/tenants/createTenantResolver.js";
import { createTenantResolver } from "../../src/tenants/createTenantResolver.js";
import type { CredentialStore } from "../../src/tenants/CredentialStore.js";
import { StoredCredential } from "../../src/tenants/StoredCredential.js";
import { CANARY_KEYS, CANARY_SECRET, EXAMPLE_KEYS, expectNoSecret, fakeKeys } from "./fixtures.js";
import { spyStore } from "./spyStore.js";

function setup(options: Partial<TenantResolverOptions> = {}) {
  const spy = spyStore();
  const events: TenantAuditEvent[] = [];
  const logs: unknown[] = [];
  const log = (level: string) => (message: string, details?: Record<string, unknown>) =>
    logs.push({ level, message, details });
  const resolver = createTenantResolver({
    store: spy.store,
    audit: (event) => {
      events.push(event);
    },
    logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
    ...options,
  });
  return { resolver, store: spy.store, storeCalls: spy.calls, events, logs };
}

const stored = (credentialId: string, keys = CANARY_KEYS, extra: Record<string, unknown> = {}) => ({
  credentialId,
  ...keys,
  ...extra,
});

describe("createTenantResolver: initialize", () => {
  it("serves direct keys from the body and keeps them out of the session's renderings", async () => {
    const { resolver, events, logs } = setup();
    const session = await resolver.initialize("acme", {
      ...CANARY_KEYS,
      awsRegion: "us-east-2",
      modelId: "amazon.nova-micro-v1:0",
      temperature: 0.7,
      maxTokens: 4096,
    });
    expect(session.toJSON()).toEqual({
      tenantId: "acme",
      method: "direct",
      region: "us-east-2",
      modelId: "amazon.nova-micro-v1:0",
      temperature: 0.7,
      maxTokens: 4096,
    });
    expect(await session.credentials()).toEqual({
      accessKeyId: CANARY_KEYS.awsAccessKeyId,
      secretAccessKey: CANARY_SECRET,
    });
    const config = session.bedrockClientConfig();
    expect(config).toMatchObject({ region: "us-east-2", authSchemePreference: ["sigv4"] });
    expect(config.credentials).toBe(session.credentials);
    expectNoSecret(session);
    expect(String(session)).toBe("TenantSession(acme, direct)");
    expect(inspect(config)).not.toContain(CANARY_SECRET);
    expectNoSecret(events);
    expectNoSecret(logs);
  });

  it("requires a session token with temporary (ASIA) direct keys and passes it on", async () => {
    const { resolver } = setup();
    const temp = { awsAccessKeyId: "ASIAIOSFODNN7EXAMPLE", awsSecretAccessKey: CANARY_SECRET };
    await expect(resolver.initialize("acme", temp)).rejects.toMatchObject({
      code: "TENANT_INVALID_BODY",
      message: expect.stringContaining("awsSessionToken"),
    });
    const session = await resolver.initialize("acme", {
      ...temp,
      awsSessionToken: "FwoGZXIvYXdzEXAMPLETOKEN0123456789",
    });
    expect((await session.credentials()).sessionToken).toBe("FwoGZXIvYXdzEXAMPLETOKEN0123456789");
  });

  it("serves stored credentials with the stored region unless the body names one", async () => {
    const { resolver } = setup();
    await resolver.storeCredentials(
      "acme",
      stored("primary", CANARY_KEYS, { awsRegion: "eu-west-1" }),
    );
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    expect(session).toMatchObject({
      method: "stored",
      credentialId: "primary",
      region: "eu-west-1",
    });
    expect(await session.credentials()).toEqual({
      accessKeyId: CANARY_KEYS.awsAccessKeyId,
      secretAccessKey: CANARY_SECRET,
    });
    const override = await resolver.initialize("acme", {
      credentialId: "primary",
      awsRegion: "ap-south-1",
    });
    expect(override.region).toBe("ap-south-1");
    expectNoSecret(session);
  });

  it("falls back to the service's region and model, then us-east-1", async () => {
    const withDefaults = setup({
      serviceDefaults: { region: "us-west-2", modelId: "anthropic.claude-3-haiku" },
    });
    const a = await withDefaults.resolver.initialize("acme", EXAMPLE_KEYS);
    expect(a).toMatchObject({ region: "us-west-2", modelId: "anthropic.claude-3-haiku" });
    const b = await setup().resolver.initialize("acme", EXAMPLE_KEYS);
    expect(b).toMatchObject({ region: "us-east-1", modelId: undefined });
  });

  it("fails initialize with TENANT_CREDENTIAL_NOT_FOUND for an unknown credentialId", async () => {
    const { resolver } = setup();
    await expect(resolver.initialize("acme", { credentialId: "missing" })).rejects.toMatchObject({
      code: "TENANT_CREDENTIAL_NOT_FOUND",
    });
  });

  it("refuses service defaults unless allowServiceDefaults is set", async () => {
    const service = vi.fn<AwsCredentialIdentityProvider>(async () => ({
      accessKeyId: "AKIASERVICE000000001",
      secretAccessKey: "service".padEnd(40, "s"),
    }));
    const closed = setup({ serviceDefaults: { credentials: service } });
    await expect(
      closed.resolver.initialize("acme", { useServiceDefaults: true }),
    ).rejects.toMatchObject({
      code: "TENANT_METHOD_NOT_ALLOWED",
      message: expect.stringContaining("allowServiceDefaults"),
    });
    expect(service).not.toHaveBeenCalled();

    const open = setup({ serviceDefaults: { credentials: service }, allowServiceDefaults: true });
    const session = await open.resolver.initialize("acme", { useServiceDefaults: true });
    expect(session.method).toBe("service-defaults");
    expect((await session.credentials()).accessKeyId).toBe("AKIASERVICE000000001");
  });

  it("refuses direct keys when allowDirect is false, before validating them", async () => {
    const { resolver, storeCalls } = setup({ allowDirect: false });
    await expect(
      resolver.initialize("acme", { awsAccessKeyId: "bad", awsSecretAccessKey: CANARY_SECRET }),
    ).rejects.toMatchObject({
      code: "TENANT_METHOD_NOT_ALLOWED",
      message: expect.stringContaining("allowDirect"),
    });
    expect(storeCalls()).toBe(0);
  });

  it("refuses roles when allowAssumeRole is false", async () => {
    const { resolver } = setup({ allowAssumeRole: false });
    await expect(
      resolver.initialize("acme", { roleArn: "arn:aws:iam::123456789012:role/Bedrock" }),
    ).rejects.toMatchObject({ code: "TENANT_METHOD_NOT_ALLOWED" });
  });

  it("refuses a body externalId when the service assigns external ids", async () => {
    const { resolver } = setup({ assumeRole: { externalIdFor: () => "issued-by-service" } });
    await expect(
      resolver.initialize("acme", {
        roleArn: "arn:aws:iam::123456789012:role/Bedrock",
        externalId: "chosen-by-tenant",
      }),
    ).rejects.toMatchObject({
      code: "TENANT_INVALID_BODY",
      message: expect.stringContaining("externalId"),
    });
  });

  it("refuses a role the tenant is not authorized for", async () => {
    const authorizeRole = vi.fn(async () => false);
    const { resolver } = setup({ assumeRole: { authorizeRole } });
    await expect(
      resolver.initialize("acme", { roleArn: "arn:aws:iam::123456789012:role/Other" }),
    ).rejects.toMatchObject({ code: "TENANT_METHOD_NOT_ALLOWED" });
    expect(authorizeRole).toHaveBeenCalledWith("acme", "arn:aws:iam::123456789012:role/Other");
  });
});

describe("createTenantResolver: body validation", () => {
  it.each([
    [
      "two methods",
      { ...CANARY_KEYS, credentialId: "primary" },
      /more than one credential method: direct \(awsAccessKeyId, awsSecretAccessKey\) and stored \(credentialId\)/,
    ],
    ["no method", { modelId: "amazon.nova-micro-v1:0" }, /names no credential method/],
    [
      "an unknown field",
      { credentialId: "primary", awsSessionTokenz: "x" },
      /unknown field: awsSessionTokenz/,
    ],
    [
      "a secret as a field name",
      { credentialId: "p", [CANARY_SECRET]: 1 },
      /unknown field: 1 other field/,
    ],
    ["half a key pair", { awsAccessKeyId: CANARY_KEYS.awsAccessKeyId }, /awsSecretAccessKey/],
    [
      "a malformed secret key",
      { ...EXAMPLE_KEYS, awsSecretAccessKey: `${CANARY_SECRET}!` },
      /awsSecretAccessKey must be 40 characters/,
    ],
    [
      "a key with inner whitespace",
      { ...EXAMPLE_KEYS, awsSecretAccessKey: "wJalrXUtnFEMI/K7MDENG bPxRfiCYEXAMPLEKEY" },
      /awsSecretAccessKey/,
    ],
    [
      "temperature above 1",
      { ...EXAMPLE_KEYS, temperature: 1.5 },
      /temperature must be a number from 0 to 1/,
    ],
    [
      "a fractional maxTokens",
      { ...EXAMPLE_KEYS, maxTokens: 10.5 },
      /maxTokens must be a whole number/,
    ],
    [
      "maxTokens above the limit",
      { ...EXAMPLE_KEYS, maxTokens: 200_001 },
      /maxTokens must be a whole number from 1 to 200000/,
    ],
    ["useServiceDefaults false", { useServiceDefaults: false }, /useServiceDefaults must be true/],
    [
      "a malformed role ARN",
      { roleArn: "arn:aws:iam::123:role/x" },
      /roleArn must be an IAM role ARN/,
    ],
    [
      "a malformed region",
      { ...EXAMPLE_KEYS, awsRegion: "US East" },
      /awsRegion must be an AWS region/,
    ],
    ["an array", [CANARY_SECRET], /must be a JSON object/],
    ["a string", CANARY_SECRET, /must be a JSON object/],
  ])(
    "refuses %s with TENANT_INVALID_BODY, naming the field but no value",
    async (_label, body, message) => {
      const { resolver, events } = setup({ allowServiceDefaults: true });
      const error = await resolver.initialize("acme", body).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "TENANT_INVALID_BODY", tenantId: "acme" });
      expect((error as Error).message).toMatch(message);
      expectNoSecret(error, [
        CANARY_SECRET,
        CANARY_KEYS.awsAccessKeyId,
        EXAMPLE_KEYS.awsSecretAccessKey,
      ]);
      expect(events).toEqual([
        expect.objectContaining({
          action: "initialize",
          outcome: "denied",
          code: "TENANT_INVALID_BODY",
        }),
      ]);
    },
  );

  it("treats JSON null as an absent field", async () => {
    const { resolver } = setup();
    const session = await resolver.initialize("acme", {
      ...EXAMPLE_KEYS,
      credentialId: null,
      modelId: null,
    });
    expect(session.method).toBe("direct");
  });

  it("refuses temporary keys for storage", async () => {
    const { resolver, store } = setup();
    await expect(
      resolver.storeCredentials(
        "acme",
        stored("p", { awsAccessKeyId: "ASIAIOSFODNN7EXAMPLE", awsSecretAccessKey: CANARY_SECRET }),
      ),
    ).rejects.toMatchObject({ code: "TENANT_INVALID_BODY" });
    expect(store.create).not.toHaveBeenCalled();
  });
});

describe("createTenantResolver: ids", () => {
  const BAD_IDS = [
    "",
    "../acme",
    "acme/primary",
    "-acme",
    "_acme",
    "a".repeat(65),
    "acme primary",
    "acmé",
    `${CANARY_SECRET}/x`,
  ];

  it.each(BAD_IDS)(
    "refuses tenant id %j on every action before touching the store",
    async (bad) => {
      const { resolver, storeCalls, events } = setup();
      const actions = [
        () => resolver.initialize(bad, { credentialId: "primary" }),
        () => resolver.storeCredentials(bad, stored("primary")),
        () => resolver.listCredentials(bad),
        () => resolver.deleteCredentials(bad, "primary"),
        () => resolver.rotateCredentials(bad, "primary", EXAMPLE_KEYS),
      ];
      for (const action of actions) {
        const error = await action().catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "TENANT_INVALID_ID" });
        expectNoSecret(error);
      }
      expect(storeCalls()).toBe(0);
      expect(events).toHaveLength(5);
      for (const event of events) {
        expect(event).toMatchObject({
          tenantId: null,
          outcome: "denied",
          code: "TENANT_INVALID_ID",
        });
      }
      expectNoSecret(events);
    },
  );

  it.each(BAD_IDS)("refuses credential id %j before touching the store", async (bad) => {
    const { resolver, storeCalls } = setup();
    await expect(resolver.initialize("acme", { credentialId: bad })).rejects.toMatchObject({
      code: expect.stringMatching(/^TENANT_INVALID_(ID|BODY)$/),
    });
    await expect(resolver.storeCredentials("acme", stored(bad))).rejects.toMatchObject({
      code: expect.stringMatching(/^TENANT_INVALID_(ID|BODY)$/),
    });
    await expect(resolver.deleteCredentials("acme", bad)).rejects.toMatchObject({
      code: "TENANT_INVALID_ID",
    });
    await expect(resolver.rotateCredentials("acme", bad, EXAMPLE_KEYS)).rejects.toMatchObject({
      code: "TENANT_INVALID_ID",
    });
    expect(storeCalls()).toBe(0);
  });
});

describe("createTenantResolver: stored credentials", () => {
  it("lists metadata only", async () => {
    const { resolver } = setup();
    await resolver.storeCredentials(
      "acme",
      stored("primary", CANARY_KEYS, {
        awsRegion: "us-east-2",
        description: "Primary AWS account",
      }),
    );
    const listed = await resolver.listCredentials("acme");
    expect(listed).toEqual([
      {
        tenantId: "acme",
        credentialId: "primary",
        region: "us-east-2",
        description: "Primary AWS account",
        createdAt: expect.any(Date),
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(CANARY_KEYS.awsAccessKeyId);
    expectNoSecret(listed);
  });

  it("refuses to store a credential id twice", async () => {
    const { resolver } = setup();
    await resolver.storeCredentials("acme", stored("primary"));
    await expect(
      resolver.storeCredentials("acme", stored("primary", fakeKeys(2))),
    ).rejects.toMatchObject({
      code: "TENANT_CREDENTIAL_EXISTS",
    });
  });

  it("switches a live session to rotated keys on its very next call", async () => {
    const { resolver, store } = setup();
    await resolver.storeCredentials("acme", stored("primary", fakeKeys(1)));
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    expect((await session.credentials()).accessKeyId).toBe(fakeKeys(1).awsAccessKeyId);
    await session.credentials();
    expect(store.get).toHaveBeenCalledTimes(1);
    const meta = await resolver.rotateCredentials("acme", "primary", fakeKeys(2));
    expect(meta.rotatedAt).toBeInstanceOf(Date);
    expect((await session.credentials()).accessKeyId).toBe(fakeKeys(2).awsAccessKeyId);
  });

  it("serves the old keys or the new ones, never an error, while a rotation is under way", async () => {
    const inner = memoryCredentialStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: CredentialStore = {
      ...inner,
      name: "slow",
      create: inner.create.bind(inner),
      get: inner.get.bind(inner),
      list: inner.list.bind(inner),
      delete: inner.delete.bind(inner),
      rotate: async (...args) => {
        await gate;
        return inner.rotate(...args);
      },
    };
    const resolver = createTenantResolver({ store: slow });
    await resolver.storeCredentials("acme", stored("primary", fakeKeys(1)));
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    const rotation = resolver.rotateCredentials("acme", "primary", fakeKeys(2));
    const during = await Promise.all(Array.from({ length: 20 }, () => session.credentials()));
    release();
    const mixed = Array.from({ length: 20 }, () => session.credentials());
    await rotation;
    const after = await session.credentials();
    const seen = [...during, ...(await Promise.all(mixed)), after].map((c) => c.accessKeyId);
    expect(new Set(seen)).toEqual(
      new Set([fakeKeys(1).awsAccessKeyId, fakeKeys(2).awsAccessKeyId]),
    );
    expect(during.every((c) => c.accessKeyId === fakeKeys(1).awsAccessKeyId)).toBe(true);
    expect(after.accessKeyId).toBe(fakeKeys(2).awsAccessKeyId);
  });

  it("stops serving a deleted credential at once", async () => {
    const { resolver } = setup();
    await resolver.storeCredentials("acme", stored("primary"));
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    await session.credentials();
    expect(await resolver.deleteCredentials("acme", "primary")).toBe(true);
    await expect(session.credentials()).rejects.toMatchObject({
      code: "TENANT_CREDENTIAL_NOT_FOUND",
    });
    expect(await resolver.deleteCredentials("acme", "primary")).toBe(false);
  });

  it("never lets one tenant's delete, rotate or store touch another tenant's cached provider", async () => {
    const { resolver, store } = setup();
    await resolver.storeCredentials("acme", stored("primary", fakeKeys(1)));
    await resolver.storeCredentials("globex", stored("primary", fakeKeys(2)));
    const globex = await resolver.initialize("globex", { credentialId: "primary" });
    store.get.mockClear();
    await resolver.rotateCredentials("acme", "primary", fakeKeys(3));
    await resolver.deleteCredentials("acme", "primary");
    await resolver.storeCredentials("acme", stored("primary", fakeKeys(4)));
    expect((await globex.credentials()).accessKeyId).toBe(fakeKeys(2).awsAccessKeyId);
    expect(store.get).not.toHaveBeenCalled();
  });

  it("refuses a record a custom store returns for another tenant", async () => {
    const inner = memoryCredentialStore();
    const leaky: CredentialStore = {
      ...inner,
      name: "leaky",
      create: inner.create.bind(inner),
      rotate: inner.rotate.bind(inner),
      list: inner.list.bind(inner),
      delete: inner.delete.bind(inner),
      get: async () =>
        new StoredCredential({
          tenantId: "globex",
          credentialId: "primary",
          ...CANARY_KEYS,
          createdAt: new Date(),
        }),
    };
    const resolver = createTenantResolver({ store: leaky });
    const error = await resolver
      .initialize("acme", { credentialId: "primary" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TENANT_STORE_CORRUPT" });
    expectNoSecret(error);
  });

  it("wraps a store's own failure as TENANT_STORE_FAILED with the cause", async () => {
    const inner = memoryCredentialStore();
    const broken: CredentialStore = {
      ...inner,
      name: "broken",
      create: inner.create.bind(inner),
      get: inner.get.bind(inner),
      rotate: inner.rotate.bind(inner),
      delete: inner.delete.bind(inner),
      list: async () => {
        throw new Error("ECONNRESET");
      },
    };
    const events: TenantAuditEvent[] = [];
    const resolver = createTenantResolver({ store: broken, audit: (e) => void events.push(e) });
    await expect(resolver.listCredentials("acme")).rejects.toMatchObject({
      code: "TENANT_STORE_FAILED",
      cause: expect.any(Error),
    });
    expect(events).toEqual([
      expect.objectContaining({ action: "list", outcome: "error", code: "TENANT_STORE_FAILED" }),
    ]);
  });
});

describe("createTenantResolver: provider cache", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-03-01T00:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("reads a stored credential once per ttlMs, shared by concurrent callers", async () => {
    const { resolver, store } = setup({ cache: { ttlMs: 60_000 } });
    await resolver.storeCredentials("acme", stored("primary"));
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    await Promise.all(Array.from({ length: 50 }, () => session.credentials()));
    expect(store.get).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(59_000);
    await session.credentials();
    expect(store.get).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2_000);
    await session.credentials();
    expect(store.get).toHaveBeenCalledTimes(2);
  });

  it("keeps at most maxTenants tenants, evicting the least recently used", async () => {
    const { resolver, store } = setup({ cache: { maxTenants: 2 } });
    const sessions = [];
    for (const [i, tenant] of ["t1", "t2", "t3"].entries()) {
      await resolver.storeCredentials(tenant, stored("primary", fakeKeys(i)));
      sessions.push(await resolver.initialize(tenant, { credentialId: "primary" }));
    }
    store.get.mockClear();
    await sessions[2]!.credentials(); // t3: cached
    await sessions[1]!.credentials(); // t2: cached
    expect(store.get).not.toHaveBeenCalled();
    expect((await sessions[0]!.credentials()).accessKeyId).toBe(fakeKeys(0).awsAccessKeyId); // t1: evicted
    expect(store.get).toHaveBeenCalledTimes(1);
    expect(store.get).toHaveBeenLastCalledWith("t1", "primary");
  });

  it("counts cache hits as use: the tenant served last outlives one only initialized", async () => {
    const { resolver, store } = setup({ cache: { maxTenants: 2 } });
    const sessions = [];
    for (const [i, tenant] of ["t1", "t2"].entries()) {
      await resolver.storeCredentials(tenant, stored("primary", fakeKeys(i)));
      sessions.push(await resolver.initialize(tenant, { credentialId: "primary" }));
    }
    await sessions[0]!.credentials(); // t1 is now more recently used than t2
    await resolver.storeCredentials("t3", stored("primary", fakeKeys(2)));
    await resolver.initialize("t3", { credentialId: "primary" }); // evicts t2
    store.get.mockClear();
    expect((await sessions[0]!.credentials()).accessKeyId).toBe(fakeKeys(0).awsAccessKeyId);
    expect(store.get).not.toHaveBeenCalled();
    expect((await sessions[1]!.credentials()).accessKeyId).toBe(fakeKeys(1).awsAccessKeyId);
    expect(store.get).toHaveBeenCalledExactlyOnceWith("t2", "primary");
  });

  it("keeps at most 32 credentials per tenant, reading the first-cached one again", async () => {
    const { resolver, store } = setup();
    const ids = Array.from({ length: 33 }, (_, i) => `c${i}`);
    const sessions = [];
    for (const [i, id] of ids.entries()) {
      await resolver.storeCredentials("acme", stored(id, fakeKeys(i)));
      sessions.push(await resolver.initialize("acme", { credentialId: id }));
    }
    store.get.mockClear();
    await sessions[32]!.credentials();
    await sessions[1]!.credentials();
    expect(store.get).not.toHaveBeenCalled();
    expect((await sessions[0]!.credentials()).accessKeyId).toBe(fakeKeys(0).awsAccessKeyId);
    expect(store.get).toHaveBeenCalledExactlyOnceWith("acme", "c0");
  });

  it("reads again after a failed read instead of caching the failure", async () => {
    const { resolver, store } = setup();
    await resolver.storeCredentials("acme", stored("primary"));
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    resolver.invalidate("acme", "primary");
    store.get.mockRejectedValueOnce(new Error("ECONNRESET"));
    await expect(session.credentials()).rejects.toMatchObject({ code: "TENANT_STORE_FAILED" });
    expect((await session.credentials()).accessKeyId).toBe(CANARY_KEYS.awsAccessKeyId);
    expect(store.get).toHaveBeenCalledTimes(3);
  });

  it("re-reads after invalidate(tenantId), e.g. when another process rotated", async () => {
    const { resolver, store } = setup();
    await resolver.storeCredentials("acme", stored("primary"));
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    resolver.invalidate("acme");
    await session.credentials();
    expect(store.get).toHaveBeenCalledTimes(2);
  });
});

describe("createTenantResolver: audit", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-03-01T00:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("emits one event per action with ids, method and outcome, and never a secret", async () => {
    const { resolver, events, logs } = setup();
    await resolver.storeCredentials("acme", stored("primary"));
    await resolver.initialize("acme", { credentialId: "primary" });
    await resolver.initialize("acme", CANARY_KEYS);
    await resolver.listCredentials("acme");
    await resolver.rotateCredentials("acme", "primary", fakeKeys(5));
    await resolver.deleteCredentials("acme", "primary");
    await resolver.initialize("acme", { credentialId: "primary" }).catch(() => undefined);
    const at = "2026-03-01T00:00:00.000Z";
    expect(events).toEqual([
      { at, tenantId: "acme", action: "store", credentialId: "primary", outcome: "success" },
      {
        at,
        tenantId: "acme",
        action: "resolve",
        method: "stored",
        credentialId: "primary",
        outcome: "success",
      },
      {
        at,
        tenantId: "acme",
        action: "initialize",
        method: "stored",
        credentialId: "primary",
        outcome: "success",
      },
      { at, tenantId: "acme", action: "initialize", method: "direct", outcome: "success" },
      { at, tenantId: "acme", action: "list", outcome: "success" },
      { at, tenantId: "acme", action: "rotate", credentialId: "primary", outcome: "success" },
      { at, tenantId: "acme", action: "delete", credentialId: "primary", outcome: "success" },
      {
        at,
        tenantId: "acme",
        action: "resolve",
        method: "stored",
        credentialId: "primary",
        outcome: "error",
        code: "TENANT_CREDENTIAL_NOT_FOUND",
      },
      {
        at,
        tenantId: "acme",
        action: "initialize",
        method: "stored",
        credentialId: "primary",
        outcome: "error",
        code: "TENANT_CREDENTIAL_NOT_FOUND",
      },
    ]);
    expectNoSecret(events);
    expectNoSecret(logs);
  });

  it("keeps serving when the audit hook throws or rejects, and logs that it failed", async () => {
    const error = vi.fn();
    const throwing = createTenantResolver({
      store: memoryCredentialStore(),
      audit: () => {
        throw new Error("audit sink down");
      },
      logger: { error },
    });
    await expect(throwing.initialize("acme", EXAMPLE_KEYS)).resolves.toMatchObject({
      method: "direct",
    });
    const rejecting = createTenantResolver({
      store: memoryCredentialStore(),
      audit: async () => Promise.reject(new Error("audit sink down")),
      logger: { error },
    });
    await expect(rejecting.initialize("acme", EXAMPLE_KEYS)).resolves.toMatchObject({
      method: "direct",
    });
    await vi.runAllTimersAsync();
    expect(error).toHaveBeenCalledTimes(2);
    expect(error).toHaveBeenCalledWith(
      "tenant audit hook failed",
      expect.objectContaining({ action: "initialize" }),
    );
  });
});

describe("createTenantResolver: options", () => {
  it.each([
    ["no store", { store: undefined }],
    ["a zero cache", { store: memoryCredentialStore(), cache: { maxTenants: 0 } }],
    ["a non-boolean allowDirect", { store: memoryCredentialStore(), allowDirect: "yes" }],
  ])("refuses %s with INVALID_OPTION", (_label, options) => {
    expect(() => createTenantResolver(options as unknown as TenantResolverOptions)).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });
});
