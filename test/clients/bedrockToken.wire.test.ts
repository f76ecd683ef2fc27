// Short-term Bedrock API keys on the wire: a real BedrockRuntimeClient sends the key a
// bedrockTokenProvider minted as `Authorization: Bearer`, and the Bedrock emulator verifies it by
// presigning the key's URL again with the issuing key's secret, for its own region and clock.
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  bedrockTokenProvider,
  createAwsChain,
  createTenantResolver,
  memoryCredentialStore,
  refreshOnAuthFailure,
} from "../../src/index.js";
import type { BedrockTokenProvider } from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import { BEDROCK_API_KEY_REFUSED_MESSAGE, startBedrockEmulator } from "../support/index.js";
import type { BedrockEmulator } from "../support/index.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const converse = () =>
  new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "hi" }] }] });

const registry = createCredentialRegistry();
const clock = { offsetMs: 0 };
let virginia: BedrockEmulator;
let ireland: BedrockEmulator;
const clients: BedrockRuntimeClient[] = [];

beforeAll(async () => {
  const now = () => Date.now() + clock.offsetMs;
  [virginia, ireland] = await Promise.all([
    startBedrockEmulator({ registry, now }),
    startBedrockEmulator({ registry, now, region: "eu-west-1" }),
  ]);
});
afterAll(async () => {
  await Promise.all([virginia.close(), ireland.close()]);
});
afterEach(() => {
  vi.useRealTimers();
  clock.offsetMs = 0;
  virginia.resetCalls();
  ireland.resetCalls();
  for (const client of clients.splice(0)) client.destroy();
});

/** A Bedrock client as bedrockClientConfig builds one for bearer auth, on the emulator. */
function bearerClient(bedrock: BedrockEmulator, token: BedrockTokenProvider) {
  const client = new BedrockRuntimeClient({
    endpoint: bedrock.url,
    region: bedrock.region,
    token,
    authSchemePreference: ["httpBearerAuth"],
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

function envChain() {
  const pair = registry.issueLongTerm();
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: pair.accessKeyId,
    AWS_SECRET_ACCESS_KEY: pair.secretAccessKey,
  };
  return { chain: createAwsChain({ env, envFile: false }), env, pair };
}

const refusedAs = (name: string) => ({
  name,
  message: BEDROCK_API_KEY_REFUSED_MESSAGE,
  $metadata: { httpStatusCode: 403 },
});

describe("BedrockRuntimeClient with a bedrockTokenProvider", () => {
  it("sends a short-term key that Bedrock verifies against the chain's key pair", async () => {
    const { chain, pair } = envChain();
    const client = bearerClient(virginia, bedrockTokenProvider(chain, { region: "us-east-1" }));

    const out = await client.send(converse());
    await client.send(converse());

    expect(out.output?.message?.content?.[0]?.text).toBe(`emulated reply from ${MODEL}`);
    expect(virginia.calls).toHaveLength(2);
    for (const call of virginia.calls) {
      expect(call).toMatchObject({
        op: "Converse",
        auth: "bearer",
        apiKeyKind: "short-term",
        accessKeyId: pair.accessKeyId,
        hasSessionToken: false,
        region: "us-east-1",
        status: 200,
      });
    }
    expect(virginia.calls[1]!.bearerToken).toBe(virginia.calls[0]!.bearerToken);
  });

  it("is refused by the endpoint of another region, and accepted by its own", async () => {
    const { chain, pair } = envChain();
    const token = bedrockTokenProvider(chain, { region: "eu-west-1" });

    await expect(bearerClient(virginia, token).send(converse())).rejects.toMatchObject(
      refusedAs("UnrecognizedClientException"),
    );
    await expect(bearerClient(ireland, token).send(converse())).resolves.toBeDefined();
    expect(virginia.calls[0]).toMatchObject({ region: "eu-west-1", status: 403 });
    expect(ireland.calls[0]).toMatchObject({ accessKeyId: pair.accessKeyId, status: 200 });
  });

  it("is refused once expired, and the provider mints the next key before that", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const { chain } = envChain();
    const token = bedrockTokenProvider(chain, { region: "us-east-1", expiresInSeconds: 900 });
    const client = bearerClient(virginia, token);
    await client.send(converse());
    const first = virginia.calls[0]!.bearerToken;

    // Bedrock's clock past the key's end, the provider's not: the key goes out and is refused.
    clock.offsetMs = 901_000;
    await expect(client.send(converse())).rejects.toMatchObject(refusedAs("ExpiredTokenException"));

    // The provider's clock inside its refresh window: the next request carries a new key.
    clock.offsetMs = 0;
    vi.advanceTimersByTime(11 * 60_000);
    await client.send(converse());
    await vi.waitFor(async () => {
      await client.send(converse());
      expect(virginia.calls.at(-1)!.bearerToken).not.toBe(first);
    });
    expect(virginia.calls.at(-1)).toMatchObject({ status: 200 });
    expect(virginia.calls.at(-1)!.apiKeyExpiresAt!.getTime()).toBeGreaterThan(
      virginia.calls[0]!.apiKeyExpiresAt!.getTime(),
    );
  });

  it("is refused once the temporary credentials that minted it expire, and never outlives them", async () => {
    const temp = registry.issueTemporary({ durationMs: 10 * 60_000 });
    const token = bedrockTokenProvider(async () => temp, { region: "us-east-1" });
    const client = bearerClient(virginia, token);
    await client.send(converse());
    expect(virginia.calls[0]!.apiKeyExpiresAt!.getTime()).toBeLessThanOrEqual(
      temp.expiration!.getTime(),
    );

    clock.offsetMs = 10 * 60_000;
    await expect(client.send(converse())).rejects.toMatchObject(refusedAs("ExpiredTokenException"));
  });

  it("recovers through refreshOnAuthFailure when the chain's key pair is rotated and revoked", async () => {
    const { chain, env, pair } = envChain();
    const token = bedrockTokenProvider(chain, { region: "us-east-1" });
    const client = bearerClient(virginia, token);
    const plugin = refreshOnAuthFailure(token);
    client.middlewareStack.use(plugin);
    await client.send(converse());

    const next = registry.issueLongTerm();
    env.AWS_ACCESS_KEY_ID = next.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = next.secretAccessKey;
    registry.revoke(pair.accessKeyId);
    await client.send(converse());

    expect(virginia.calls.map((c) => [c.accessKeyId, c.status])).toEqual([
      [pair.accessKeyId, 200],
      [pair.accessKeyId, 403],
      [next.accessKeyId, 200],
    ]);
    expect(plugin.stats()).toEqual({
      recovered: 1,
      sameIdentity: 0,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 0,
    });
  });

  it("recovers a tenant session whose stored key was rotated", async () => {
    const first = registry.issueLongTerm();
    const resolver = createTenantResolver({ store: memoryCredentialStore() });
    await resolver.storeCredentials("acme", {
      credentialId: "primary",
      awsAccessKeyId: first.accessKeyId,
      awsSecretAccessKey: first.secretAccessKey,
    });
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    const token = bedrockTokenProvider(session, { region: session.region });
    const client = bearerClient(virginia, token);
    client.middlewareStack.use(refreshOnAuthFailure(token));
    await client.send(converse());

    const second = registry.issueLongTerm();
    await resolver.rotateCredentials("acme", "primary", {
      awsAccessKeyId: second.accessKeyId,
      awsSecretAccessKey: second.secretAccessKey,
    });
    registry.revoke(first.accessKeyId);
    await client.send(converse());

    expect(virginia.calls.map((c) => [c.accessKeyId, c.status])).toEqual([
      [first.accessKeyId, 200],
      [first.accessKeyId, 403],
      [second.accessKeyId, 200],
    ]);
  });

  it("does not retry when the credentials behind the refused key are unchanged", async () => {
    const { chain, pair } = envChain();
    const token = bedrockTokenProvider(chain, { region: "us-east-1" });
    const client = bearerClient(virginia, token);
    const plugin = refreshOnAuthFailure(token);
    client.middlewareStack.use(plugin);
    registry.revoke(pair.accessKeyId);

    await expect(client.send(converse())).rejects.toMatchObject(
      refusedAs("UnrecognizedClientException"),
    );
    expect(virginia.calls).toHaveLength(1);
    expect(plugin.stats()).toEqual({
      recovered: 0,
      sameIdentity: 1,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 0,
    });
  });
});
