// Real BedrockRuntimeClient calls to the loopback Bedrock emulator, which verifies each SigV4
// signature (or bearer key) and records who signed, so these prove what goes over the wire.
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bedrockClientConfig, createChainFromEnv, decideCredentials } from "../../src/index.js";
import { exampleKeys } from "../../src/testing/index.js";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_SECRET_ACCESS_KEY,
  createCredentialRegistry,
} from "../support/credentialRegistry.js";
import { startBedrockEmulator } from "../support/startBedrockEmulator.js";
import { startContainerCredentialsEmulator } from "../support/startContainerCredentialsEmulator.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const ENV_BEARER = exampleKeys.bedrockApiKey;
const ADMIN_API_KEY = exampleKeys.bedrockLongTermApiKey;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  while (closers.length > 0) await closers.pop()!();
});

async function bedrockEmulator(registry = createCredentialRegistry()) {
  // Both keys are accepted, so a request that went out with the wrong one would still succeed:
  // only the recorded signer tells the cases apart.
  const bedrock = await startBedrockEmulator({ registry, apiKeys: [ENV_BEARER, ADMIN_API_KEY] });
  closers.push(() => bedrock.close());
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.url;
  return bedrock;
}

function converse(text = "Say hi") {
  return new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text }] }] });
}

describe("BedrockRuntimeClient with bedrockClientConfig", () => {
  it("signs with the admin pair, not the env bearer token, and sends no env session token", async () => {
    // Prepare
    const bedrock = await bedrockEmulator();
    process.env.AWS_BEARER_TOKEN_BEDROCK = ENV_BEARER;
    process.env.AWS_SESSION_TOKEN = exampleKeys.sessionToken;
    const decision = decideCredentials({
      provider: "bedrock",
      adminKey: exampleKeys.adminPair,
      env: process.env,
    });

    // Act
    const response = await new BedrockRuntimeClient(bedrockClientConfig(decision)).send(converse());

    // Assess
    expect(response.output?.message?.content?.[0]?.text).toContain(MODEL);
    expect(bedrock.calls).toEqual([
      expect.objectContaining({
        op: "Converse",
        auth: "sigv4",
        accessKeyId: EXAMPLE_ACCESS_KEY_ID,
        hasSessionToken: false,
        status: 200,
        modelId: MODEL,
      }),
    ]);
  });

  it("is needed: without the pinned scheme the SDK sends the env bearer token instead", async () => {
    const bedrock = await bedrockEmulator();
    process.env.AWS_BEARER_TOKEN_BEDROCK = ENV_BEARER;
    const client = new BedrockRuntimeClient({
      region: "us-east-1",
      credentials: {
        accessKeyId: EXAMPLE_ACCESS_KEY_ID,
        secretAccessKey: EXAMPLE_SECRET_ACCESS_KEY,
      },
    });
    await client.send(converse());
    expect(bedrock.calls[0]).toMatchObject({ auth: "bearer", bearerToken: ENV_BEARER });
  });

  it("sends an admin Bedrock API key as Authorization: Bearer", async () => {
    const bedrock = await bedrockEmulator();
    const decision = decideCredentials({ provider: "bedrock", adminKey: ADMIN_API_KEY, env: {} });

    await new BedrockRuntimeClient(bedrockClientConfig(decision)).send(converse());

    expect(bedrock.calls[0]).toMatchObject({
      auth: "bearer",
      bearerToken: ADMIN_API_KEY,
      status: 200,
    });
    expect(bedrock.calls[0]?.accessKeyId).toBeUndefined();
  });

  it("signs with the env key ID and the admin's bare secret", async () => {
    const bedrock = await bedrockEmulator();
    const decision = decideCredentials({
      provider: "bedrock",
      adminKey: exampleKeys.bareSecret,
      adminRegion: "eu-west-1",
      env: { AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID },
    });

    await new BedrockRuntimeClient(bedrockClientConfig(decision)).send(converse());

    expect(bedrock.calls[0]).toMatchObject({
      auth: "sigv4",
      accessKeyId: EXAMPLE_ACCESS_KEY_ID,
      region: "eu-west-1",
      status: 200,
    });
  });

  it("is refused when the admin pair is not a real key: the emulator checks signatures", async () => {
    const bedrock = await bedrockEmulator();
    const forged = `${EXAMPLE_ACCESS_KEY_ID}:${"x".repeat(40)}`;
    const decision = decideCredentials({ provider: "bedrock", adminKey: forged, env: {} });
    const client = new BedrockRuntimeClient({ ...bedrockClientConfig(decision), maxAttempts: 1 });

    await expect(client.send(converse())).rejects.toThrow(/signature/i);
    expect(bedrock.calls[0]).toMatchObject({ status: 403, errorCode: "InvalidSignatureException" });
  });
});

describe("BedrockRuntimeClient with a chain", () => {
  it("signs with the ECS task role and picks up the rotated role credentials", async () => {
    // Prepare: only Date is faked, so sockets and the SDK's timers stay real.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-07-01T00:00:00Z") });
    const registry = createCredentialRegistry();
    const bedrock = await bedrockEmulator(registry);
    const ecs = await startContainerCredentialsEmulator({ registry, authToken: "task-token" });
    closers.push(() => ecs.close());
    Object.assign(process.env, ecs.env);
    process.env.AWS_BEARER_TOKEN_BEDROCK = ENV_BEARER; // must not win over the chain's choice
    const chain = createChainFromEnv({ provider: "bedrock", env: { AWS_REGION: "us-west-2" } });
    const client = new BedrockRuntimeClient(await bedrockClientConfig(chain));

    // Act
    await client.send(converse("first"));
    const first = ecs.current.accessKeyId;
    vi.setSystemTime(ecs.current.expiration!.getTime() - 4 * 60_000); // inside the refresh window
    await client.send(converse("second")); // still signed with the first set; refresh starts
    await vi.waitFor(async () => {
      expect((await chain.credentials()).accessKeyId).not.toBe(first);
    });
    await client.send(converse("third"));

    // Assess
    const signers = bedrock.calls.map((c) => [c.auth, c.accessKeyId, c.hasSessionToken, c.status]);
    const second = ecs.current.accessKeyId;
    expect(second).not.toBe(first);
    expect(signers).toEqual([
      ["sigv4", first, true, 200],
      ["sigv4", first, true, 200],
      ["sigv4", second, true, 200],
    ]);
    expect(bedrock.calls.every((c) => c.region === "us-west-2")).toBe(true);
  });

  it("hands a chain's bearer token to the client when the chain chose a Bedrock API key", async () => {
    const bedrock = await bedrockEmulator();
    const chain = createChainFromEnv({ provider: "bedrock", adminKey: ADMIN_API_KEY, env: {} });

    await new BedrockRuntimeClient(await bedrockClientConfig(chain)).send(converse());

    expect(bedrock.calls[0]).toMatchObject({ auth: "bearer", bearerToken: ADMIN_API_KEY });
  });
});
