// Issue 13: a rotated or revoked key heals through the SDK plugin, once for all concurrent
// failures, and only for authentication failures.
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import type { AwsCredentialIdentity } from "@smithy/types";
import { afterEach, describe, expect, it } from "vitest";
import { createCredentialChain, refreshOnAuthFailure } from "../../src/index.js";
import type { AuthRecoveryEvent, CredentialSource } from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import { startPollyEmulator } from "../support/startPollyEmulator.js";

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
    expect(plugin.stats()).toEqual({ recovered: 20, sameIdentity: 0, failedAgain: 0 });
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
    expect(plugin.stats()).toEqual({ recovered: 0, sameIdentity: 1, failedAgain: 0 });
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

  it("does not resend a request whose body is a stream", async () => {
    let sends = 0;
    const mw = middleware(async () => true);
    const run = mw(async () => {
      sends += 1;
      throw error("ExpiredTokenException", 400);
    }, {});
    await expect(run({ input: { Body: { pipe: () => undefined } } })).rejects.toBeTruthy();
    expect(sends).toBe(1);
  });
});
