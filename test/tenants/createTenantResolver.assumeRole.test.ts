// Assumed roles through the resolver, over the wire: STS and Bedrock emulators share one
// credential registry, so Bedrock verifies the temporary keys STS issued.
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isValidTenantId } from "../../src/index.js";
import { ROLE_SESSION_NAME_PATTERN } from "../../src/core/arn.js";
import { createTenantResolver } from "../../src/tenants/createTenantResolver.js";
import type {
  TenantAuditEvent,
  TenantResolverOptions,
} from "../../src/tenants/createTenantResolver.js";
import { memoryCredentialStore } from "../../src/tenants/memoryCredentialStore.js";
import { createCredentialRegistry, EXAMPLE_CREDENTIALS } from "../support/credentialRegistry.js";
import { startBedrockEmulator } from "../support/startBedrockEmulator.js";
import { startStsEmulator } from "../support/startStsEmulator.js";
import type { StsEmulator } from "../support/startStsEmulator.js";
import { expectNoSecret } from "./fixtures.js";

const ACME_ROLE = "arn:aws:iam::111111111111:role/credchain-bedrock";
const GLOBEX_ROLE = "arn:aws:iam::222222222222:role/credchain-bedrock";
const MIN = 60_000;

describe("createTenantResolver: assumed roles (STS emulator)", () => {
  let sts: StsEmulator;
  const registry = createCredentialRegistry();
  let master: ReturnType<typeof vi.fn<AwsCredentialIdentityProvider>>;
  let events: TenantAuditEvent[];

  beforeEach(async () => {
    sts = await startStsEmulator({
      registry,
      roles: { [ACME_ROLE]: { externalId: "acme-ext-1" }, [GLOBEX_ROLE]: {} },
    });
    master = vi.fn<AwsCredentialIdentityProvider>(async () => EXAMPLE_CREDENTIALS);
    events = [];
  });
  afterEach(async () => {
    await sts.close();
  });

  const resolverWith = (options: Partial<TenantResolverOptions> = {}) =>
    createTenantResolver({
      store: memoryCredentialStore(),
      serviceDefaults: { credentials: master },
      assumeRole: { clientConfig: { endpoint: sts.url, region: "us-east-1", maxAttempts: 1 } },
      audit: (event) => void events.push(event),
      ...options,
    });

  it("assumes the role with the service's chain, naming the tenant in RoleSessionName", async () => {
    const resolver = resolverWith();
    const session = await resolver.initialize("acme", {
      roleArn: ACME_ROLE,
      externalId: "acme-ext-1",
      modelId: "amazon.nova-micro-v1:0",
    });
    expect(session.toJSON()).toEqual({
      tenantId: "acme",
      method: "assume-role",
      region: "us-east-1",
      modelId: "amazon.nova-micro-v1:0",
      roleArn: ACME_ROLE,
    });
    expect(sts.calls).toEqual([
      expect.objectContaining({
        op: "AssumeRole",
        roleArn: ACME_ROLE,
        roleSessionName: "tenant-acme",
        externalId: "acme-ext-1",
        accessKeyId: EXAMPLE_CREDENTIALS.accessKeyId,
        status: 200,
      }),
    ]);
    expect(master).toHaveBeenCalled();
    const identity = await session.credentials();
    expect(identity.accessKeyId).toBe(sts.calls[0]?.issuedAccessKeyId);
    expectNoSecret(session, [identity.secretAccessKey, identity.sessionToken ?? ""]);
    expectNoSecret(events, [identity.secretAccessKey, identity.sessionToken ?? ""]);
  });

  it("signs Bedrock calls with the assumed role's temporary keys", async () => {
    const bedrock = await startBedrockEmulator({ registry });
    try {
      const resolver = resolverWith();
      const session = await resolver.initialize("globex", { roleArn: GLOBEX_ROLE });
      const client = new BedrockRuntimeClient({
        ...session.bedrockClientConfig(),
        endpoint: bedrock.url,
        maxAttempts: 1,
      });
      await client.send(
        new ConverseCommand({
          modelId: "amazon.nova-micro-v1:0",
          messages: [{ role: "user", content: [{ text: "hello" }] }],
        }),
      );
      client.destroy();
      expect(bedrock.calls[0]).toMatchObject({
        auth: "sigv4",
        accessKeyId: sts.calls[0]?.issuedAccessKeyId,
        hasSessionToken: true,
        status: 200,
      });
    } finally {
      await bedrock.close();
    }
  });

  it("keeps each tenant's role session apart and reuses it across initializes", async () => {
    const resolver = resolverWith();
    const a1 = await resolver.initialize("acme", { roleArn: ACME_ROLE, externalId: "acme-ext-1" });
    const a2 = await resolver.initialize("acme", { roleArn: ACME_ROLE, externalId: "acme-ext-1" });
    const g = await resolver.initialize("globex", { roleArn: GLOBEX_ROLE });
    expect(sts.calls.map((c) => [c.roleSessionName, c.roleArn])).toEqual([
      ["tenant-acme", ACME_ROLE],
      ["tenant-globex", GLOBEX_ROLE],
    ]);
    expect((await a1.credentials()).accessKeyId).toBe((await a2.credentials()).accessKeyId);
    expect((await g.credentials()).accessKeyId).not.toBe((await a1.credentials()).accessKeyId);
  });

  it("gives a long tenant id and the id spelling its truncated session name distinct RoleSessionNames", async () => {
    // Prepare: a 62-character id is truncated and hashed; a head-and-hash name joined with '-' is
    // itself "tenant-" + a valid 57-character id, which another tenant could register.
    const long = `victim-${"a".repeat(55)}`;
    const digest = createHash("sha256").update(long).digest("hex").slice(0, 10);
    const spelling = `${long.slice(0, 46)}-${digest}`;
    expect(isValidTenantId(spelling)).toBe(true);
    const resolver = resolverWith();

    // Act
    await resolver.initialize(long, { roleArn: GLOBEX_ROLE });
    await resolver.initialize(spelling, { roleArn: GLOBEX_ROLE });

    // Assess
    const [victim, attacker] = sts.calls.map((c) => c.roleSessionName);
    expect(attacker).toBe(`tenant-${spelling}`);
    expect(victim).not.toBe(attacker);
    expect(victim).toMatch(ROLE_SESSION_NAME_PATTERN);
    expect(victim?.startsWith(`tenant-${long.slice(0, 30)}`)).toBe(true);
  });

  it("gives ids that share a 63-character head distinct RoleSessionNames", async () => {
    const resolver = resolverWith();
    const ids = ["y".repeat(64), `${"y".repeat(63)}z`, `tenant-${"x".repeat(57)}`, "x".repeat(57)];
    for (const id of ids) await resolver.initialize(id, { roleArn: GLOBEX_ROLE });
    const names = sts.calls.map((c) => c.roleSessionName);
    expect(new Set(names).size).toBe(ids.length);
    for (const name of names) expect(name).toMatch(ROLE_SESSION_NAME_PATTERN);
  });

  it("caches temporary credentials until 5 minutes before expiry (injected clock)", async () => {
    let clock = Date.now();
    const resolver = resolverWith({ now: () => clock, cache: { ttlMs: 24 * 60 * MIN } });
    const session = await resolver.initialize("globex", { roleArn: GLOBEX_ROLE });
    const first = await session.credentials();
    const expiresAt = first.expiration!.getTime();
    clock = expiresAt - 6 * MIN;
    expect(await session.credentials()).toBe(first);
    expect(sts.callCount("AssumeRole")).toBe(1);
    clock = expiresAt - 4 * MIN;
    expect(await session.credentials()).toBe(first);
    await vi.waitFor(() => expect(sts.callCount("AssumeRole")).toBe(2));
    expect((await session.credentials()).accessKeyId).toBe(sts.calls[1]?.issuedAccessKeyId);
  });

  it("keeps a tenant's role session while it is used, however long past ttlMs", async () => {
    let clock = Date.now();
    const resolver = resolverWith({ now: () => clock, cache: { ttlMs: MIN } });
    const session = await resolver.initialize("globex", { roleArn: GLOBEX_ROLE });
    const first = await session.credentials();
    for (let i = 0; i < 10; i++) {
      clock += 50_000;
      expect(await session.credentials()).toBe(first);
    }
    expect(sts.callCount("AssumeRole")).toBe(1);
    clock += 2 * MIN; // idle past ttlMs: the tenant's providers are dropped
    expect((await session.credentials()).accessKeyId).not.toBe(first.accessKeyId);
    expect(sts.callCount("AssumeRole")).toBe(2);
  });

  it("sends the ExternalId the service assigned, refusing none of its own", async () => {
    const resolver = resolverWith({
      assumeRole: {
        clientConfig: { endpoint: sts.url, region: "us-east-1", maxAttempts: 1 },
        externalIdFor: (tenantId) => (tenantId === "acme" ? "acme-ext-1" : undefined),
      },
    });
    await resolver.initialize("acme", { roleArn: ACME_ROLE });
    expect(sts.calls[0]).toMatchObject({ externalId: "acme-ext-1", status: 200 });
  });

  it("fails initialize with SOURCE_FAILED when STS refuses, and audits the failure", async () => {
    const resolver = resolverWith();
    await expect(
      resolver.initialize("acme", { roleArn: ACME_ROLE, externalId: "guessed-id" }),
    ).rejects.toMatchObject({ code: "SOURCE_FAILED" });
    expect(events.map((e) => [e.action, e.outcome, e.code])).toEqual([
      ["resolve", "error", "SOURCE_FAILED"],
      ["initialize", "error", "SOURCE_FAILED"],
    ]);
  });
});
