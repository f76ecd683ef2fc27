// Issue 13: a rotated or revoked key heals through the SDK plugin, once for all concurrent
// failures, and only for authentication failures.
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { Readable } from "node:stream";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { AwsCredentialIdentity } from "@smithy/types";
import { afterEach, describe, expect, it } from "vitest";
import {
  bedrockClientConfig,
  createCredentialChain,
  refreshOnAuthFailure,
} from "../../src/index.js";
import type { AuthRecoveryEvent, CredentialSource } from "../../src/index.js";
import { memoryLogger, sequenceSource } from "../../src/testing/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import {
  BEDROCK_API_KEY_REFUSED_MESSAGE,
  startBedrockEmulator,
} from "../support/startBedrockEmulator.js";
import { startPollyEmulator } from "../support/startPollyEmulator.js";
import { startS3Emulator } from "../support/startS3Emulator.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

const speech = () =>
  new SynthesizeSpeechCommand({ Text: "hello", VoiceId: "Joanna", OutputFormat: "mp3" });

/** A source that serves whatever key `current` holds: a secret that rotation rewrites. */
function rotatingSource(initial: AwsCredentialIdentity) {
  let current = initial;
  let resolutions = 0;
  const source: CredentialSource = {
    name: "env",
    async resolve() {
      resolutions += 1;
      return {
        source: "env",
        kind: "aws-static",
        detail: "rotating",
        credentials: { ...current },
        reason: "served by the test's rotating source",
      };
    },
  };
  return {
    source,
    rotate: (next: AwsCredentialIdentity) => (current = next),
    resolutions: () => resolutions,
  };
}

async function setup() {
  const registry = createCredentialRegistry({ includeExampleKeys: false });
  const polly = await startPollyEmulator({ registry });
  closers.push(() => polly.close());
  const old = registry.issueLongTerm();
  const rotating = rotatingSource(old);
  const chain = createCredentialChain({ provider: "bedrock", env: {}, sources: [rotating.source] });
  const client = (withPlugin: boolean, events: AuthRecoveryEvent[] = []) => {
    const c = new PollyClient({
      region: "us-east-1",
      endpoint: polly.url,
      credentials: chain.credentials,
      maxAttempts: 1,
    });
    const plugin = refreshOnAuthFailure(chain, { onRecovery: (e) => void events.push(e) });
    if (withPlugin) c.middlewareStack.use(plugin);
    closers.push(async () => c.destroy());
    return { client: c, plugin };
  };
  return { registry, polly, old, rotating, chain, client };
}

describe("refreshOnAuthFailure", () => {
  it("retries once with the rotated key after the old one is revoked, resolving once for 20 concurrent failures", async () => {
    // Prepare
    const { registry, old, rotating, client } = await setup();
    const events: AuthRecoveryEvent[] = [];
    const { client: polly, plugin } = client(true, events);
    await polly.send(speech()); // the chain now holds the old key
    const next = registry.issueLongTerm();
    rotating.rotate(next);
    registry.revoke(old.accessKeyId);

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => polly.send(speech())),
    );

    // Assess
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(rotating.resolutions()).toBe(2); // the first load, then one re-resolution for all 20
    expect(plugin.stats()).toEqual({
      recovered: 20,
      sameIdentity: 0,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 0,
    });
    expect(events[0]).toMatchObject({
      outcome: "recovered",
      error: "UnrecognizedClientException",
      client: "PollyClient",
      command: "SynthesizeSpeechCommand",
    });
    expect(JSON.stringify(events)).not.toContain(old.secretAccessKey);
    expect(JSON.stringify(events)).not.toContain(old.accessKeyId);
  });

  it("fails for the caller without the plugin, until something invalidates the chain", async () => {
    const { registry, old, rotating, client } = await setup();
    const { client: polly } = client(false);
    await polly.send(speech());
    rotating.rotate(registry.issueLongTerm());
    registry.revoke(old.accessKeyId);
    await expect(polly.send(speech())).rejects.toMatchObject({
      name: "UnrecognizedClientException",
    });
    await expect(polly.send(speech())).rejects.toMatchObject({
      name: "UnrecognizedClientException",
    });
  });

  it("does not retry when re-resolving gives the identity that failed", async () => {
    const { registry, old, client } = await setup();
    const { client: polly, plugin } = client(true);
    await polly.send(speech());
    registry.revoke(old.accessKeyId); // revoked, and the source still holds it

    await expect(polly.send(speech())).rejects.toMatchObject({
      name: "UnrecognizedClientException",
    });
    expect(plugin.stats()).toEqual({
      recovered: 0,
      sameIdentity: 1,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 0,
    });
  });
});

describe("refreshOnAuthFailure on the wire, beyond a revoked key", () => {
  it("heals a signature made with a stale secret (InvalidSignatureException) for the same key ID", async () => {
    // Prepare: the source first holds the key ID with a secret that is no longer its own.
    const registry = createCredentialRegistry({ includeExampleKeys: false });
    const polly = await startPollyEmulator({ registry });
    closers.push(() => polly.close());
    const key = registry.issueLongTerm();
    const stale = { accessKeyId: key.accessKeyId, secretAccessKey: "s".repeat(40) };
    const source = sequenceSource("env", [
      { credentials: stale },
      { credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } },
    ]);
    const chain = createCredentialChain({ provider: "bedrock", env: {}, sources: [source] });
    const client = new PollyClient({
      region: "us-east-1",
      endpoint: polly.url,
      credentials: chain.credentials,
      maxAttempts: 1,
    });
    closers.push(async () => client.destroy());
    const events: AuthRecoveryEvent[] = [];
    const plugin = refreshOnAuthFailure(chain, { onRecovery: (e) => void events.push(e) });
    client.middlewareStack.use(plugin);

    // Act
    await client.send(speech());

    // Assess
    expect(polly.calls.map((c) => [c.errorCode ?? "ok", c.accessKeyId])).toEqual([
      ["InvalidSignatureException", key.accessKeyId],
      ["ok", key.accessKeyId],
    ]);
    expect(events.map((e) => [e.outcome, e.error])).toEqual([
      ["recovered", "InvalidSignatureException"],
    ]);
  });

  it("heals a Bedrock API key refused as real Bedrock refuses it: 403, no error type, its message only", async () => {
    // Prepare: the chain's first key has been revoked; its source now holds the new one.
    const bedrock = await startBedrockEmulator({
      apiKeys: ["ABSKbmV3LWtleS1hY2NlcHRlZA=="],
      apiKeyRefusalErrorType: false,
    });
    closers.push(() => bedrock.close());
    const source = sequenceSource("env", [
      { token: "ABSKb2xkLWtleS1yZXZva2Vk" },
      { token: "ABSKbmV3LWtleS1hY2NlcHRlZA==" },
    ]);
    const chain = createCredentialChain({ provider: "bedrock", env: {}, sources: [source] });
    const client = new BedrockRuntimeClient({
      ...(await bedrockClientConfig(chain)),
      endpoint: bedrock.url,
      maxAttempts: 1,
    });
    closers.push(async () => client.destroy());
    const events: AuthRecoveryEvent[] = [];
    client.middlewareStack.use(
      refreshOnAuthFailure(chain, { onRecovery: (e) => void events.push(e) }),
    );
    const converse = new ConverseCommand({
      modelId: "amazon.nova-micro-v1:0",
      messages: [{ role: "user", content: [{ text: "ping" }] }],
    });

    // Act
    const reply = await client.send(converse);

    // Assess
    expect(reply.output?.message?.content?.[0]?.text).toBe(
      "emulated reply from amazon.nova-micro-v1:0",
    );
    expect(bedrock.calls.map((c) => [c.status, c.bearerToken])).toEqual([
      [403, "ABSKb2xkLWtleS1yZXZva2Vk"],
      [200, "ABSKbmV3LWtleS1hY2NlcHRlZA=="],
    ]);
    expect(events).toEqual([
      expect.objectContaining({
        outcome: "recovered",
        httpStatusCode: 403,
        failedIdentity: "…a2Vk",
      }),
    ]);
  });

  it("logs and counts a retry that fails again, with masked key IDs only", async () => {
    // Prepare: the key is rotated, and the new one is revoked as well.
    const { registry, old, rotating, chain, polly } = await setup();
    const logger = memoryLogger();
    const plugin = refreshOnAuthFailure(chain, { logger });
    const client = new PollyClient({
      region: "us-east-1",
      endpoint: polly.url,
      credentials: chain.credentials,
      maxAttempts: 1,
    });
    closers.push(async () => client.destroy());
    client.middlewareStack.use(plugin);
    await client.send(speech());
    const next = registry.issueLongTerm();
    rotating.rotate(next);
    registry.revoke(old.accessKeyId);
    registry.revoke(next.accessKeyId);

    // Act
    const error = await client.send(speech()).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "UnrecognizedClientException" });
    expect(plugin.stats()).toEqual({
      recovered: 0,
      sameIdentity: 0,
      failedAgain: 1,
      notRetried: 0,
      recoveryFailed: 0,
    });
    expect(logger.entries).toEqual([
      expect.objectContaining({
        level: "error",
        details: {
          outcome: "failed-again",
          error: "UnrecognizedClientException",
          httpStatusCode: 403,
          client: "PollyClient",
          command: "SynthesizeSpeechCommand",
          failedIdentity: `${old.accessKeyId.slice(0, 4)}…${old.accessKeyId.slice(-4)}`,
        },
      }),
    ]);
    for (const value of [
      old.accessKeyId,
      old.secretAccessKey,
      next.accessKeyId,
      next.secretAccessKey,
    ]) {
      expect(logger.text()).not.toContain(value);
    }
  });
});

describe("refreshOnAuthFailure when re-resolving fails", () => {
  it("hands the caller the service's auth error, and logs, counts and reports the failed recovery without its text", async () => {
    // Prepare: the source serves a key once, then fails (Secrets Manager unreachable on re-read).
    const registry = createCredentialRegistry({ includeExampleKeys: false });
    const polly = await startPollyEmulator({ registry });
    closers.push(() => polly.close());
    const old = registry.issueLongTerm();
    let reads = 0;
    const flaky: CredentialSource = {
      name: "secrets-manager",
      async resolve() {
        reads += 1;
        if (reads > 1) throw new Error(`re-read failed: ${old.secretAccessKey}`);
        return {
          source: "secrets-manager",
          kind: "aws-static",
          detail: "prod/app",
          credentials: { ...old },
          reason: "served once",
        };
      },
    };
    const chain = createCredentialChain({ provider: "bedrock", env: {}, sources: [flaky] });
    const logger = memoryLogger();
    const events: AuthRecoveryEvent[] = [];
    const plugin = refreshOnAuthFailure(chain, { logger, onRecovery: (e) => void events.push(e) });
    const client = new PollyClient({
      region: "us-east-1",
      endpoint: polly.url,
      credentials: chain.credentials,
      maxAttempts: 1,
    });
    closers.push(async () => client.destroy());
    client.middlewareStack.use(plugin);
    await client.send(speech());
    registry.revoke(old.accessKeyId);

    // Act
    const error = await client.send(speech()).catch((e: unknown) => e);

    // Assess: the service's refusal, not the recovery's SOURCE_FAILED.
    expect(error).toMatchObject({ name: "UnrecognizedClientException" });
    expect(plugin.stats()).toEqual({
      recovered: 0,
      sameIdentity: 0,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 1,
    });
    const expected = {
      outcome: "recovery-failed",
      error: "UnrecognizedClientException",
      httpStatusCode: 403,
      client: "PollyClient",
      command: "SynthesizeSpeechCommand",
      failedIdentity: `${old.accessKeyId.slice(0, 4)}…${old.accessKeyId.slice(-4)}`,
      recoveryError: "SOURCE_FAILED",
    };
    expect(events).toEqual([expected]);
    expect(logger.entries).toEqual([
      expect.objectContaining({ level: "error", details: expected }),
    ]);
    expect(logger.text()).not.toContain("re-read failed");
    expect(logger.text()).not.toContain(old.secretAccessKey);
    expect(JSON.stringify(events)).not.toContain(old.secretAccessKey);
  });
});

describe("refreshOnAuthFailure and a streaming upload (S3 PutObject with a stream body)", () => {
  it("hands the refusal to the caller without resending the stream, and the next upload signs with the new key", async () => {
    // Prepare
    const registry = createCredentialRegistry({ includeExampleKeys: false });
    const s3 = await startS3Emulator({ registry });
    closers.push(() => s3.close());
    const old = registry.issueLongTerm();
    const rotating = rotatingSource(old);
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [rotating.source],
    });
    const client = new S3Client({
      region: "us-east-1",
      endpoint: s3.url,
      forcePathStyle: true,
      credentials: chain.credentials,
      maxAttempts: 1,
    });
    closers.push(async () => client.destroy());
    const events: AuthRecoveryEvent[] = [];
    const plugin = refreshOnAuthFailure(chain, { onRecovery: (e) => void events.push(e) });
    client.middlewareStack.use(plugin);
    const upload = (Key: string) =>
      client.send(
        new PutObjectCommand({
          Bucket: "audio",
          Key,
          Body: Readable.from([Buffer.from("ID3 stream")]),
          ContentLength: 10,
        }),
      );
    await upload("first.mp3");
    const next = registry.issueLongTerm();
    rotating.rotate(next);
    registry.revoke(old.accessKeyId);

    // Act
    const refused = await upload("second.mp3").catch((e: unknown) => e);
    await upload("third.mp3");

    // Assess
    expect(refused).toMatchObject({ name: "InvalidAccessKeyId" });
    expect(s3.calls.map((c) => [c.key, c.accessKeyId, c.status])).toEqual([
      ["first.mp3", old.accessKeyId, 200],
      ["second.mp3", old.accessKeyId, 403],
      ["third.mp3", next.accessKeyId, 200],
    ]);
    expect(plugin.stats()).toEqual({
      recovered: 0,
      sameIdentity: 0,
      failedAgain: 0,
      notRetried: 1,
      recoveryFailed: 0,
    });
    expect(events.map((e) => e.outcome)).toEqual(["not-retried"]);
  });
});

describe("refreshOnAuthFailure and an event-stream input (an async iterable member)", () => {
  it("does not resend a request whose input holds an async iterable, and renews the identity", async () => {
    // Prepare: a bidirectional-stream command's input member is an async iterable, consumed as
    // it is sent; any command whose input holds one must not be sent twice.
    const { registry, polly, old, rotating, client } = await setup();
    const events: AuthRecoveryEvent[] = [];
    const { client: c, plugin } = client(true, events);
    await c.send(speech());
    const next = registry.issueLongTerm();
    rotating.rotate(next);
    registry.revoke(old.accessKeyId);
    async function* audioChunks() {
      yield { chunk: new Uint8Array([1, 2, 3]) };
    }
    const withStream = new SynthesizeSpeechCommand({
      Text: "hello",
      VoiceId: "Joanna",
      OutputFormat: "mp3",
      ...{ InputStream: audioChunks() },
    });

    // Act
    const refused = await c.send(withStream).catch((e: unknown) => e);
    await c.send(speech());

    // Assess
    expect(refused).toMatchObject({ name: "UnrecognizedClientException" });
    expect(polly.calls.map((call) => [call.accessKeyId, call.status])).toEqual([
      [old.accessKeyId, 200],
      [old.accessKeyId, 403],
      [next.accessKeyId, 200],
    ]);
    expect(plugin.stats()).toMatchObject({ recovered: 0, notRetried: 1 });
    expect(events.map((e) => e.outcome)).toEqual(["not-retried"]);
  });
});

describe("refreshOnAuthFailure's options", () => {
  const chain = createCredentialChain({
    provider: "bedrock",
    env: {},
    sources: [sequenceSource("env", [{ apiKey: "unused-key-0123456789" }])],
  });

  it.each([
    ["null", null, "options must be an object (got null)"],
    [
      "a misspelt logger",
      { loger: memoryLogger() },
      "unknown option `loger` (did you mean `logger`?)",
    ],
    [
      "a logger that is not an object",
      { logger: "console" },
      "option `logger` must be a logger object",
    ],
    [
      "an onRecovery that is not a function",
      { onRecovery: true },
      "option `onRecovery` must be a function",
    ],
  ])("refuses %s when the plugin is made, not at request time", (_what, options, message) => {
    expect(() => refreshOnAuthFailure(chain, options as never)).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining(message),
      }),
    );
  });

  it("reads its options once, when the plugin is made: later changes to the object do not reach it", async () => {
    const seen: string[] = [];
    let reads = 0;
    const options = {
      get onRecovery() {
        reads += 1;
        return (e: AuthRecoveryEvent) => void seen.push(`first:${e.outcome}`);
      },
    };
    const plugin = refreshOnAuthFailure({ recoverFromAuthFailure: async () => false }, options);
    Object.defineProperty(options, "onRecovery", {
      value: (e: AuthRecoveryEvent) => void seen.push(`second:${e.outcome}`),
    });
    let captured:
      ((next: unknown, context: unknown) => (args: unknown) => Promise<unknown>) | undefined;
    plugin.applyToStack({ add: (mw: typeof captured) => void (captured = mw) } as never);
    const run = captured!(async () => {
      throw Object.assign(new Error("refused"), {
        name: "ExpiredTokenException",
        $metadata: { httpStatusCode: 400 },
      });
    }, {});

    await expect(run({ input: {} })).rejects.toMatchObject({ name: "ExpiredTokenException" });
    await expect(run({ input: {} })).rejects.toMatchObject({ name: "ExpiredTokenException" });

    expect(seen).toEqual(["first:same-identity", "first:same-identity"]);
    expect(reads).toBe(1);
  });

  it("refuses a target whose every read throws (a hostile Proxy) with INVALID_OPTION, not its error", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("hostile trap");
        },
      },
    );
    expect(() => refreshOnAuthFailure(hostile as never)).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });

  it("refuses a target that cannot recover (not a chain or tenant session)", () => {
    expect(() => refreshOnAuthFailure({} as never)).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining("target"),
      }),
    );
  });
});

describe("refreshOnAuthFailure's rules", () => {
  /** The plugin's middleware, driven directly. */
  function middleware(recover: () => Promise<boolean>) {
    let captured:
      ((next: unknown, context: unknown) => (args: unknown) => Promise<unknown>) | undefined;
    refreshOnAuthFailure({ recoverFromAuthFailure: recover }).applyToStack({
      add: (mw: typeof captured) => void (captured = mw),
    } as never);
    return captured!;
  }
  const error = (name: string, status = 403) =>
    Object.assign(new Error("service text that must not matter"), {
      name,
      $metadata: { httpStatusCode: status },
    });

  it.each(["AccessDeniedException", "AccessDenied", "ValidationException", "ThrottlingException"])(
    "never retries %s",
    async (name) => {
      let recoveries = 0;
      let sends = 0;
      const mw = middleware(async () => (++recoveries, true));
      const run = mw(async () => {
        sends += 1;
        throw error(name);
      }, {});
      await expect(run({ input: {} })).rejects.toMatchObject({ name });
      expect([sends, recoveries]).toEqual([1, 0]);
    },
  );

  it.each([
    "ExpiredTokenException",
    "ExpiredToken",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId",
  ])("retries %s once, and returns the second failure as it is", async (name) => {
    let sends = 0;
    const mw = middleware(async () => true);
    const run = mw(async () => {
      sends += 1;
      throw error(name, 400);
    }, {});
    await expect(run({ input: {} })).rejects.toMatchObject({ name });
    expect(sends).toBe(2);
  });

  const unknown403 = () =>
    Object.assign(new Error(BEDROCK_API_KEY_REFUSED_MESSAGE), {
      name: "Unknown",
      $metadata: { httpStatusCode: 403 },
    });
  const signedWith = (schemeId: string) => ({
    __smithy_context: { selectedHttpAuthScheme: { httpAuthOption: { schemeId }, identity: {} } },
  });

  it.each([
    ["a bearer token", 2, "smithy.api#httpBearerAuth"],
    ["SigV4", 1, "aws.auth#sigv4"],
  ])(
    "takes Bedrock's untyped 403 'Authentication failed … API Key' as an auth failure for %s: %i send(s)",
    async (_scheme, expected, schemeId) => {
      let sends = 0;
      const mw = middleware(async () => true);
      const run = mw(async () => {
        sends += 1;
        throw unknown403();
      }, signedWith(schemeId));
      await expect(run({ input: {} })).rejects.toMatchObject({ name: "Unknown" });
      expect(sends).toBe(expected);
    },
  );

  it("does not resend a request whose body is a stream, but renews the identity for the next", async () => {
    let sends = 0;
    let recoveries = 0;
    const mw = middleware(async () => (++recoveries, true));
    const run = mw(async () => {
      sends += 1;
      throw error("ExpiredTokenException", 400);
    }, {});
    await expect(run({ input: { Body: { pipe: () => undefined } } })).rejects.toMatchObject({
      name: "ExpiredTokenException",
    });
    expect([sends, recoveries]).toEqual([1, 1]);
  });
});
