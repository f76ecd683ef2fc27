// Issue 13: tenants' keys rotate without downtime: a rotation can be verified with STS first,
// sessions pick the new key on their next call, and a session whose key was revoked outside
// credchain recovers through the plugin.
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { afterEach, describe, expect, it } from "vitest";
import {
  createTenantResolver,
  memoryCredentialStore,
  refreshOnAuthFailure,
} from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import { startPollyEmulator } from "../support/startPollyEmulator.js";
import { startStsEmulator } from "../support/startStsEmulator.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});
const speech = () =>
  new SynthesizeSpeechCommand({ Text: "hi", VoiceId: "Joanna", OutputFormat: "mp3" });

async function setup() {
  const registry = createCredentialRegistry({ includeExampleKeys: false });
  const polly = await startPollyEmulator({ registry });
  const sts = await startStsEmulator({ registry });
  closers.push(
    () => polly.close(),
    () => sts.close(),
  );
  const store = memoryCredentialStore();
  const resolver = createTenantResolver({
    store,
    sts: { region: "us-east-1", clientConfig: { endpoint: sts.url, maxAttempts: 1 } },
  });
  const old = registry.issueLongTerm();
  await resolver.storeCredentials("acme", {
    credentialId: "primary",
    awsAccessKeyId: old.accessKeyId,
    awsSecretAccessKey: old.secretAccessKey,
  });
  return { registry, polly, sts, store, resolver, old };
}

describe("rotateCredentials with verify", () => {
  it("refuses a key STS does not accept and keeps the old one", async () => {
    const { resolver, old, sts } = await setup();
    const bogus = { awsAccessKeyId: "AKIAIOSFODNN7NOTKNOWN", awsSecretAccessKey: "x".repeat(40) };

    const error = await resolver
      .rotateCredentials("acme", "primary", bogus, { verify: true })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: "TENANT_INVALID_BODY",
      message: expect.stringContaining("unchanged"),
    });
    expect(sts.calls.map((c) => [c.op, c.accessKeyId, c.status])).toEqual([
      ["GetCallerIdentity", bogus.awsAccessKeyId, 403],
    ]);
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    expect((await session.credentials()).accessKeyId).toBe(old.accessKeyId);
  });

  it("says it could not verify, not that STS refused, when STS fails or cannot be reached", async () => {
    const { resolver, registry, sts, old } = await setup();
    const next = registry.issueLongTerm();
    const keys = { awsAccessKeyId: next.accessKeyId, awsSecretAccessKey: next.secretAccessKey };
    sts.faults.push({ op: "GetCallerIdentity", kind: "500" });

    const failed = await resolver
      .rotateCredentials("acme", "primary", keys, { verify: true })
      .catch((e: unknown) => e);
    await sts.close();
    const unreachable = await resolver
      .rotateCredentials("acme", "primary", keys, { verify: true })
      .catch((e: unknown) => e);

    for (const error of [failed, unreachable]) {
      expect(error).toMatchObject({
        name: "TenantError",
        code: "SOURCE_FAILED",
        message: expect.stringMatching(/could not verify the new key.*unchanged/),
      });
      expect((error as Error).message).not.toMatch(/refused/);
    }
    expect((unreachable as Error).message).toContain("ECONNREFUSED");
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    expect((await session.credentials()).accessKeyId).toBe(old.accessKeyId);
  });

  it("replaces the key once STS accepts the new one; sessions already handed out switch on their next call", async () => {
    const { resolver, registry, sts } = await setup();
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    const next = registry.issueLongTerm();

    await resolver.rotateCredentials(
      "acme",
      "primary",
      { awsAccessKeyId: next.accessKeyId, awsSecretAccessKey: next.secretAccessKey },
      { verify: true },
    );

    // STS was asked with the new key itself, not the old one or the service's.
    expect(sts.calls.map((c) => [c.op, c.accessKeyId, c.status])).toEqual([
      ["GetCallerIdentity", next.accessKeyId, 200],
    ]);
    expect((await session.credentials()).accessKeyId).toBe(next.accessKeyId);
  });
});

describe("a tenant session whose key was revoked outside credchain", () => {
  it("recovers through refreshOnAuthFailure by reading the store again", async () => {
    // Prepare: a session in use, then the key rotated in the store by another process and revoked.
    const { registry, polly, store, resolver, old } = await setup();
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    const client = new PollyClient({
      ...session.bedrockClientConfig(),
      endpoint: polly.url,
      maxAttempts: 1,
    });
    const plugin = refreshOnAuthFailure(session);
    client.middlewareStack.use(plugin);
    closers.push(async () => client.destroy());
    await client.send(speech());
    const next = registry.issueLongTerm();
    await store.rotate(
      "acme",
      "primary",
      { awsAccessKeyId: next.accessKeyId, awsSecretAccessKey: next.secretAccessKey },
      new Date(),
    );
    registry.revoke(old.accessKeyId);

    // Act
    await client.send(speech());

    // Assess
    expect(plugin.stats()).toMatchObject({ recovered: 1 });
    expect(polly.calls.at(-1)).toMatchObject({ accessKeyId: next.accessKeyId, status: 200 });
  });

  it("recovers an assumed-role session whose temporary key was revoked by assuming the role again", async () => {
    // Prepare: a tenant's role session in use; then its STS credentials are revoked.
    const registry = createCredentialRegistry({ includeExampleKeys: false });
    const polly = await startPollyEmulator({ registry });
    const sts = await startStsEmulator({ registry });
    closers.push(
      () => polly.close(),
      () => sts.close(),
    );
    const master = registry.issueLongTerm();
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      serviceDefaults: {
        credentials: async () => ({
          accessKeyId: master.accessKeyId,
          secretAccessKey: master.secretAccessKey,
        }),
      },
      assumeRole: { clientConfig: { endpoint: sts.url, region: "us-east-1", maxAttempts: 1 } },
    });
    const session = await resolver.initialize("acme", {
      roleArn: "arn:aws:iam::111111111111:role/credchain-polly",
    });
    const client = new PollyClient({
      ...session.bedrockClientConfig(),
      endpoint: polly.url,
      maxAttempts: 1,
    });
    const plugin = refreshOnAuthFailure(session);
    client.middlewareStack.use(plugin);
    closers.push(async () => client.destroy());
    await client.send(speech());
    const first = sts.calls[0]!.issuedAccessKeyId!;
    registry.revoke(first);

    // Act
    await client.send(speech());

    // Assess
    const issued = sts.calls.filter((c) => c.op === "AssumeRole").map((c) => c.issuedAccessKeyId);
    expect(issued).toHaveLength(2);
    expect(issued[1]).not.toBe(first);
    expect(polly.calls.map((c) => [c.accessKeyId, c.status])).toEqual([
      [first, 200],
      [first, 403],
      [issued[1], 200],
    ]);
    expect(plugin.stats()).toEqual({
      recovered: 1,
      sameIdentity: 0,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 0,
    });
  });
});
