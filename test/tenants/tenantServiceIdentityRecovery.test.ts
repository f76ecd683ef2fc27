// Tenants that use the service's own identity — service-defaults sessions, and the master
// credentials that assume tenants' roles — heal when that identity is rotated and the old key
// revoked (here: ~/.aws/credentials rewritten), as every other credchain client does.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { afterEach, describe, expect, it } from "vitest";
import {
  createTenantResolver,
  memoryCredentialStore,
  refreshOnAuthFailure,
  sharedAwsChain,
} from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import type { RegisteredCredential } from "../support/credentialRegistry.js";
import { startPollyEmulator } from "../support/startPollyEmulator.js";
import { startStsEmulator } from "../support/startStsEmulator.js";

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});
const speech = () =>
  new SynthesizeSpeechCommand({ Text: "hi", VoiceId: "Joanna", OutputFormat: "mp3" });
const ROLE = "arn:aws:iam::123456789012:role/TenantBedrock";

function writeProfile(key: RegisteredCredential) {
  const file = process.env.AWS_SHARED_CREDENTIALS_FILE!;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `[default]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`,
  );
}

async function setup() {
  const registry = createCredentialRegistry({ includeExampleKeys: false });
  const polly = await startPollyEmulator({ registry });
  const sts = await startStsEmulator({ registry });
  closers.push(
    () => polly.close(),
    () => sts.close(),
  );
  process.env.AWS_REGION = "us-east-1";
  const old = registry.issueLongTerm();
  writeProfile(old);
  // One shared chain per process.env: start from what this test wrote.
  sharedAwsChain().invalidate();
  /** The service's key is rotated: the file gets a new one and the old one stops working. */
  const rotate = () => {
    const next = registry.issueLongTerm();
    writeProfile(next);
    registry.revoke(old.accessKeyId);
    return next;
  };
  return { registry, polly, sts, old, rotate };
}

describe("a service-defaults session after the service's key was rotated", () => {
  it("recovers through the plugin and signs with the key now in the profile file", async () => {
    const { polly, old, rotate } = await setup();
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      allowServiceDefaults: true,
    });
    const session = await resolver.initialize("acme", { useServiceDefaults: true });
    const client = new PollyClient({
      ...session.bedrockClientConfig(),
      endpoint: polly.url,
      maxAttempts: 1,
    });
    closers.push(() => client.destroy());
    const plugin = refreshOnAuthFailure(session);
    client.middlewareStack.use(plugin);
    await client.send(speech());
    expect(polly.calls.at(-1)?.accessKeyId).toBe(old.accessKeyId);

    const next = rotate();
    await client.send(speech());

    expect(polly.calls.slice(-2).map((c) => [c.accessKeyId, c.status])).toEqual([
      [old.accessKeyId, 403],
      [next.accessKeyId, 200],
    ]);
    expect(plugin.stats()).toMatchObject({ recovered: 1, sameIdentity: 0 });
    // The session follows the one service identity: what every other client now signs with.
    expect((await session.credentials()).accessKeyId).toBe(next.accessKeyId);
    expect((await sharedAwsChain().credentials()).accessKeyId).toBe(next.accessKeyId);
  });

  it("follows the shared service chain when another client healed it first", async () => {
    const { polly, rotate } = await setup();
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      allowServiceDefaults: true,
    });
    const session = await resolver.initialize("acme", { useServiceDefaults: true });
    const tenantClient = new PollyClient({
      ...session.bedrockClientConfig(),
      endpoint: polly.url,
      maxAttempts: 1,
    });
    closers.push(() => tenantClient.destroy());
    await tenantClient.send(speech());

    const next = rotate();
    expect(await sharedAwsChain().recoverFromAuthFailure()).toBe(true);
    // No plugin on this client: it must not have kept the first identity in the SDK's own memo.
    await tenantClient.send(speech());

    expect(polly.calls.at(-1)).toMatchObject({ accessKeyId: next.accessKeyId, status: 200 });
  });
});

describe("assuming a tenant's role after the service's key was rotated", () => {
  it("heals the service identity once and assumes the role with the new key", async () => {
    const { sts, old, rotate } = await setup();
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      assumeRole: { region: "us-east-1", clientConfig: { endpoint: sts.url, maxAttempts: 1 } },
    });
    await resolver.initialize("acme", { roleArn: ROLE });
    expect(sts.calls.map((c) => [c.op, c.accessKeyId])).toEqual([["AssumeRole", old.accessKeyId]]);

    const next = rotate();
    // A new tenant's role (or any tenant's role refresh) calls STS with the service identity.
    const session = await resolver.initialize("globex", { roleArn: ROLE });

    expect(sts.calls.slice(1).map((c) => [c.op, c.accessKeyId, c.status])).toEqual([
      ["AssumeRole", old.accessKeyId, 403],
      ["AssumeRole", next.accessKeyId, 200],
    ]);
    expect((await session.credentials()).accessKeyId).toBe(sts.calls.at(-1)?.issuedAccessKeyId);
  });

  it("does not retry when the service identity did not change", async () => {
    const { sts, registry, old } = await setup();
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      assumeRole: { region: "us-east-1", clientConfig: { endpoint: sts.url, maxAttempts: 1 } },
    });
    registry.revoke(old.accessKeyId);

    const error = await resolver.initialize("acme", { roleArn: ROLE }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: "SOURCE_FAILED" });
    expect(sts.calls.map((c) => [c.op, c.accessKeyId, c.status])).toEqual([
      ["AssumeRole", old.accessKeyId, 403],
    ]);
  });
});
