import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { getToken } from "@aws/bedrock-token-generator";
import { afterEach, describe, expect, it } from "vitest";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_CREDENTIALS,
  createCredentialRegistry,
} from "./credentialRegistry.js";
import {
  BEDROCK_API_KEY_REFUSED_MESSAGE,
  BEDROCK_SHORT_TERM_KEY_PREFIX,
  startBedrockEmulator,
  verifyBedrockApiKey,
} from "./startBedrockEmulator.js";
import type { BedrockEmulator, BedrockEmulatorOptions } from "./startBedrockEmulator.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const LONG_TERM_KEY = "ABSKZW11bGF0b3Ita2V5LWZvci10ZXN0cw==";
const converse = new ConverseCommand({
  modelId: MODEL,
  messages: [{ role: "user", content: [{ text: "hi" }] }],
});

const started: { close(): Promise<void> }[] = [];
const clients: BedrockRuntimeClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(started.splice(0).map((e) => e.close()));
});

/** An emulator on an injected clock, which starts at the real time (keys are minted with it). */
async function emulator(options: BedrockEmulatorOptions = {}) {
  const clock = { now: Date.now() };
  const bedrock = await startBedrockEmulator({ now: () => clock.now, ...options });
  started.push(bedrock);
  return { bedrock, clock };
}

function bearerClient(bedrock: BedrockEmulator, token: string): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({
    endpoint: bedrock.url,
    region: bedrock.region,
    token: { token },
    authSchemePreference: ["httpBearerAuth"],
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

/** Mints with the real generator and returns the key with the instants it was minted between. */
async function mint(config: Parameters<typeof getToken>[0]) {
  const before = Date.now();
  const token = await getToken(config);
  return { token, before, after: Date.now() };
}

function presignedUrlOf(token: string): string {
  return Buffer.from(token.slice(BEDROCK_SHORT_TERM_KEY_PREFIX.length), "base64").toString("utf8");
}

function tokenOf(url: string): string {
  return `${BEDROCK_SHORT_TERM_KEY_PREFIX}${Buffer.from(url, "utf8").toString("base64")}`;
}

const refused = (name: string) => ({
  name,
  message: BEDROCK_API_KEY_REFUSED_MESSAGE,
  $metadata: { httpStatusCode: 403 },
});

describe("short-term Bedrock API keys", () => {
  it("mints the format the emulator verifies: a base64 presigned CallWithBearerToken URL", async () => {
    const { token } = await mint({
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
      expiresInSeconds: 900,
    });
    expect(token.startsWith("bedrock-api-key-")).toBe(true);
    const url = presignedUrlOf(token);
    expect(url).toMatch(
      /^bedrock\.amazonaws\.com\/\?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F\d{8}%2Fus-east-1%2Fbedrock%2Faws4_request&X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=900&X-Amz-Signature=[0-9a-f]{64}&X-Amz-SignedHeaders=host&Version=1$/,
    );
  });

  it("accepts a minted key over HTTP/2 and records its issuer, region and expiry", async () => {
    const { bedrock } = await emulator();
    const { token, before, after } = await mint({
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
      expiresInSeconds: 900,
    });
    const out = await bearerClient(bedrock, token).send(converse);
    expect(out.output?.message?.content?.[0]?.text).toBe(`emulated reply from ${MODEL}`);
    expect(bedrock.calls[0]).toMatchObject({
      op: "Converse",
      auth: "bearer",
      apiKeyKind: "short-term",
      bearerToken: token,
      accessKeyId: EXAMPLE_ACCESS_KEY_ID,
      hasSessionToken: false,
      region: "us-east-1",
      modelId: MODEL,
      status: 200,
    });
    const expiresAt = bedrock.calls[0]!.apiKeyExpiresAt!.getTime();
    expect(expiresAt).toBeGreaterThan(before + 899_000);
    expect(expiresAt).toBeLessThanOrEqual(after + 900_000);
  });

  it("accepts a key minted from temporary credentials, session token included", async () => {
    const { bedrock } = await emulator();
    const temp = bedrock.registry.issueTemporary();
    const { token } = await mint({ region: "us-east-1", credentials: temp });
    await bearerClient(bedrock, token).send(converse);
    expect(bedrock.calls[0]).toMatchObject({
      auth: "bearer",
      accessKeyId: temp.accessKeyId,
      hasSessionToken: true,
      status: 200,
    });
  });

  it("is picked up from AWS_BEARER_TOKEN_BEDROCK by a client given no token", async () => {
    const { bedrock } = await emulator();
    const { token } = await mint({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
    process.env.AWS_BEARER_TOKEN_BEDROCK = token;
    const client = new BedrockRuntimeClient({ endpoint: bedrock.url, region: "us-east-1" });
    clients.push(client);
    await client.send(converse);
    expect(bedrock.calls[0]).toMatchObject({
      auth: "bearer",
      apiKeyKind: "short-term",
      status: 200,
    });
  });

  it("refuses a key past X-Amz-Date + X-Amz-Expires by the emulator's clock", async () => {
    const { bedrock, clock } = await emulator();
    const { token, before, after } = await mint({
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
      expiresInSeconds: 900,
    });
    const client = bearerClient(bedrock, token);
    clock.now = before + 899_000 - 1000;
    await expect(client.send(converse)).resolves.toBeDefined();
    clock.now = after + 900_000;
    await expect(client.send(converse)).rejects.toMatchObject(refused("ExpiredTokenException"));
    expect(bedrock.calls.map((c) => [c.status, c.errorCode])).toEqual([
      [200, undefined],
      [403, "ExpiredTokenException"],
    ]);
  });

  it("refuses a key once the credentials that minted it expire, whatever its X-Amz-Expires", async () => {
    const { bedrock, clock } = await emulator();
    const temp = bedrock.registry.issueTemporary({ durationMs: 600_000 });
    const { token, after } = await mint({
      region: "us-east-1",
      credentials: temp,
      expiresInSeconds: 43_200,
    });
    clock.now = after + 600_000;
    await expect(bearerClient(bedrock, token).send(converse)).rejects.toMatchObject(
      refused("ExpiredTokenException"),
    );
  });

  it("refuses a key minted for another region, and the emulator of that region accepts it", async () => {
    const { token } = await mint({ region: "eu-west-1", credentials: EXAMPLE_CREDENTIALS });
    const { bedrock } = await emulator();
    await expect(bearerClient(bedrock, token).send(converse)).rejects.toMatchObject(
      refused("UnrecognizedClientException"),
    );
    expect(bedrock.calls[0]).toMatchObject({ region: "eu-west-1", status: 403 });

    const { bedrock: ireland } = await emulator({ region: "eu-west-1" });
    await expect(bearerClient(ireland, token).send(converse)).resolves.toBeDefined();
  });

  it("refuses a key whose signature, expiry or issuer was altered", async () => {
    const { bedrock } = await emulator();
    const { token } = await mint({
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
      expiresInSeconds: 900,
    });
    const url = presignedUrlOf(token);
    const flipped = url.replace(/X-Amz-Signature=([0-9a-f])/, (_, c: string) =>
      c === "0" ? "X-Amz-Signature=1" : "X-Amz-Signature=0",
    );
    const longer = url.replace("X-Amz-Expires=900", "X-Amz-Expires=43200");
    const otherKey = bedrock.registry.issueLongTerm();
    const reissued = url.replace(EXAMPLE_ACCESS_KEY_ID, otherKey.accessKeyId);
    for (const altered of [flipped, longer, reissued]) {
      expect(altered).not.toBe(url);
      await expect(bearerClient(bedrock, tokenOf(altered)).send(converse)).rejects.toMatchObject(
        refused("UnrecognizedClientException"),
      );
    }
    await expect(bearerClient(bedrock, token).send(converse)).resolves.toBeDefined();
  });

  it("refuses a key minted by an access key the registry does not know, or no longer knows", async () => {
    const { bedrock } = await emulator();
    const stranger = createCredentialRegistry({ includeExampleKeys: false }).issueLongTerm();
    const { token: unknown } = await mint({ region: "us-east-1", credentials: stranger });
    await expect(bearerClient(bedrock, unknown).send(converse)).rejects.toMatchObject(
      refused("UnrecognizedClientException"),
    );
    expect(bedrock.calls[0]).toMatchObject({ accessKeyId: stranger.accessKeyId, status: 403 });

    const revoked = bedrock.registry.issueLongTerm();
    const { token } = await mint({ region: "us-east-1", credentials: revoked });
    const client = bearerClient(bedrock, token);
    await expect(client.send(converse)).resolves.toBeDefined();
    bedrock.registry.revoke(revoked.accessKeyId);
    await expect(client.send(converse)).rejects.toMatchObject(
      refused("UnrecognizedClientException"),
    );
  });

  it("refuses a key that is not a presigned URL", async () => {
    const { bedrock } = await emulator();
    for (const token of [
      `${BEDROCK_SHORT_TERM_KEY_PREFIX}not base64!`,
      tokenOf("bedrock.amazonaws.com/?Action=CallWithBearerToken&Version=1"),
    ]) {
      await expect(bearerClient(bedrock, token).send(converse)).rejects.toMatchObject(
        refused("UnrecognizedClientException"),
      );
    }
  });

  it("keeps configured long-term keys working beside short-term ones", async () => {
    const { bedrock } = await emulator({ apiKeys: [LONG_TERM_KEY] });
    const { token } = await mint({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
    await bearerClient(bedrock, LONG_TERM_KEY).send(converse);
    await bearerClient(bedrock, token).send(converse);
    await expect(bearerClient(bedrock, "ABSKnot-listed").send(converse)).rejects.toMatchObject(
      refused("UnrecognizedClientException"),
    );
    expect(bedrock.calls.map((c) => [c.apiKeyKind, c.accessKeyId, c.status])).toEqual([
      ["long-term", undefined, 200],
      ["short-term", EXAMPLE_ACCESS_KEY_ID, 200],
      ["long-term", undefined, 403],
    ]);
  });
});

describe("verifyBedrockApiKey", () => {
  it("names why a key is refused", async () => {
    const registry = createCredentialRegistry();
    const { token, after } = await mint({
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
      expiresInSeconds: 60,
    });
    await expect(
      verifyBedrockApiKey(token, { credentials: registry, region: "us-east-1" }),
    ).resolves.toMatchObject({ ok: true, accessKeyId: EXAMPLE_ACCESS_KEY_ID, region: "us-east-1" });
    await expect(
      verifyBedrockApiKey(token, { credentials: registry, region: "us-west-2" }),
    ).resolves.toMatchObject({ ok: false, failure: "wrong-region", region: "us-east-1" });
    await expect(
      verifyBedrockApiKey(token, {
        credentials: registry,
        region: "us-east-1",
        now: () => after + 60_000,
      }),
    ).resolves.toMatchObject({ ok: false, failure: "expired" });
    await expect(
      verifyBedrockApiKey(token, {
        credentials: createCredentialRegistry({ includeExampleKeys: false }),
        region: "us-east-1",
      }),
    ).resolves.toMatchObject({ ok: false, failure: "unknown-access-key" });
    await expect(
      verifyBedrockApiKey(tokenOf(presignedUrlOf(token).replace("host&", "host%3Bx&")), {
        credentials: registry,
        region: "us-east-1",
      }),
    ).resolves.toMatchObject({ ok: false, failure: "signature-mismatch" });
  });
});
