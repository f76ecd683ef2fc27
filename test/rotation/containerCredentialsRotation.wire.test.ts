// Issue 13's drill for an ECS task role whose credentials end early: mid-run the container
// credentials endpoint starts serving a new set and the old one is revoked, while 50 workers per
// caller call Bedrock Runtime. credchain (createChainFromEnv → the SDK default chain → the container
// endpoint, with the plugin) against a client left to the SDK's own default chain, which keeps a
// set until five minutes before its expiration (here six hours away).
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import * as credchain from "../../src/index.js";
import type { ChainRefreshEvent } from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import type { RegisteredCredential } from "../support/credentialRegistry.js";
import { startAwsEmulators } from "../support/startAwsEmulators.js";
import { runDrill, serviceRecoveryMs, stampArrivals, tallyServiceCalls } from "./drill.js";

const MODELS = { credchain: "amazon.nova-micro-v1:0", sdk: "amazon.nova-lite-v1:0" } as const;
const converse = (modelId: string) =>
  new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "ping" }] }] });

async function containerDrill() {
  const registry = createCredentialRegistry({ includeExampleKeys: false });
  const aws = await startAwsEmulators({ registry });
  Object.assign(process.env, aws.env, { AWS_REGION: "us-east-1" });
  const arrivalOf = stampArrivals(aws.bedrock.calls);
  const refreshes: ChainRefreshEvent[] = [];
  const chain = credchain.createChainFromEnv({
    envFile: false,
    onRefresh: (event) => void refreshes.push(event),
  });
  const ours = new BedrockRuntimeClient(await credchain.bedrockClientConfig(chain));
  const plugin = credchain.refreshOnAuthFailure(chain);
  ours.middlewareStack.use(plugin);
  const sdk = new BedrockRuntimeClient({ region: "us-east-1" });
  try {
    const old = aws.container.current;
    let next: RegisteredCredential | undefined;
    const drill = await runDrill({
      callers: {
        credchain: async () => void (await ours.send(converse(MODELS.credchain))),
        sdk: async () => void (await sdk.send(converse(MODELS.sdk))),
      },
      rotate: () => {
        next = aws.container.rotate();
        registry.revoke(old.accessKeyId);
      },
    });
    const callsOf = (model: string) => aws.bedrock.calls.filter((c) => c.modelId === model);
    const keys = { old: old.accessKeyId, next: next?.accessKeyId };
    return {
      ...drill,
      old,
      next: next!,
      containerCalls: aws.container.calls.map((c) => c.accessKeyId),
      service: {
        credchain: tallyServiceCalls(callsOf(MODELS.credchain), (c) => c.accessKeyId, keys),
        sdk: tallyServiceCalls(callsOf(MODELS.sdk), (c) => c.accessKeyId, keys),
      },
      recoveryMs: serviceRecoveryMs(
        callsOf(MODELS.credchain),
        arrivalOf,
        (c) => c.status === 200 && c.accessKeyId === next?.accessKeyId,
        drill.rotatedAt,
      ),
      refreshes,
      plugin: plugin.stats(),
    };
  } finally {
    ours.destroy();
    sdk.destroy();
    await aws.close();
  }
}

let running: ReturnType<typeof containerDrill> | undefined;
/** One 2 s drill for every test here; the first test to ask runs it. */
const drill = () => (running ??= containerDrill());

describe("an ECS task role's credentials replaced early, under load (50 workers, 2 s, Bedrock Runtime)", () => {
  it("with the plugin, no request fails, and the next requests sign with the new set", async () => {
    const { callers, service, recoveryMs, next } = await drill();

    expect(callers.credchain).toMatchObject({ failures: 0, healed: true });
    expect(service.credchain.refused).toBeGreaterThan(0);
    expect(service.credchain.acceptedWithNewKey).toBeGreaterThan(0);
    expect(recoveryMs).not.toBeNull();
    expect(next.sessionToken).toBeDefined();
  });

  it("asks the container endpoint once more, once for every refused request", async () => {
    const { containerCalls, old, next, refreshes, plugin, service } = await drill();

    // Warm-up: one fetch each for credchain and the SDK; then credchain's one re-fetch.
    expect(containerCalls).toEqual([old.accessKeyId, old.accessKeyId, next.accessKeyId]);
    expect(refreshes.map((e) => [e.reason, e.source])).toEqual([["auth-failure", "default-chain"]]);
    expect(service.credchain.refusedWithOldKey).toBe(service.credchain.refused);
    expect(plugin).toEqual({
      recovered: service.credchain.refused,
      sameIdentity: 0,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 0,
    });
  });

  it("without the plugin, the SDK's default chain keeps the revoked set and fails every request after it", async () => {
    const { callers, service } = await drill();

    expect(callers.sdk!.failures).toBeGreaterThan(0);
    expect(callers.sdk).toMatchObject({ failuresBeforeRotation: 0, healed: false });
    expect(Object.keys(callers.sdk!.errors)).toEqual(["UnrecognizedClientException"]);
    expect(service.sdk.acceptedWithNewKey).toBe(0);
  });
});
