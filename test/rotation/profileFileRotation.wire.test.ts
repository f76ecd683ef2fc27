// Issue 13's drill for a shared credentials file rewritten on disk (a key rotated by a script, an
// `aws configure`, a mounted secret): mid-run ~/.aws/credentials gets a new key and the old one is
// revoked, while 50 workers per caller call Bedrock Runtime. credchain (createChainFromEnv → the
// SDK default chain → the profile, with the plugin) against a client left to the SDK's own
// default chain, which keeps a static profile key for the life of the process.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import * as credchain from "../../src/index.js";
import type { ChainRefreshEvent } from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import type { RegisteredCredential } from "../support/credentialRegistry.js";
import { startBedrockEmulator } from "../support/startBedrockEmulator.js";
import { runDrill, serviceRecoveryMs, stampArrivals, tallyServiceCalls } from "./drill.js";

const MODELS = { credchain: "amazon.nova-micro-v1:0", sdk: "amazon.nova-lite-v1:0" } as const;
const converse = (modelId: string) =>
  new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "ping" }] }] });

function writeProfile(key: RegisteredCredential) {
  const file = process.env.AWS_SHARED_CREDENTIALS_FILE!;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `[default]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`,
  );
}

async function profileDrill() {
  const registry = createCredentialRegistry({ includeExampleKeys: false });
  const bedrock = await startBedrockEmulator({ registry });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
    AWS_REGION: "us-east-1",
  });
  const old = registry.issueLongTerm();
  writeProfile(old);
  const arrivalOf = stampArrivals(bedrock.calls);
  const refreshes: ChainRefreshEvent[] = [];
  const chain = credchain.createChainFromEnv({
    envFile: false,
    onRefresh: (event) => void refreshes.push(event),
  });
  const config = await credchain.bedrockClientConfig(chain);
  const ours = new BedrockRuntimeClient(config);
  const plugin = credchain.refreshOnAuthFailure(config.chain!);
  ours.middlewareStack.use(plugin);
  const sdk = new BedrockRuntimeClient({ region: "us-east-1" });
  try {
    let next: RegisteredCredential | undefined;
    const drill = await runDrill({
      callers: {
        credchain: async () => void (await ours.send(converse(MODELS.credchain))),
        sdk: async () => void (await sdk.send(converse(MODELS.sdk))),
      },
      rotate: () => {
        next = registry.issueLongTerm();
        writeProfile(next);
        registry.revoke(old.accessKeyId);
      },
    });
    const callsOf = (model: string) => bedrock.calls.filter((c) => c.modelId === model);
    const keys = { old: old.accessKeyId, next: next?.accessKeyId };
    return {
      ...drill,
      next: next!,
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
    await bedrock.close();
  }
}

let running: ReturnType<typeof profileDrill> | undefined;
/** One 2 s drill for every test here; the first test to ask runs it. */
const drill = () => (running ??= profileDrill());

describe("~/.aws/credentials rewritten with a new key, under load (50 workers, 2 s, Bedrock Runtime)", () => {
  it("with the plugin, no request fails, and the next requests sign with the key now in the file", async () => {
    const { callers, service, recoveryMs } = await drill();

    expect(callers.credchain).toMatchObject({ failures: 0, healed: true });
    expect(service.credchain.refused).toBeGreaterThan(0);
    expect(service.credchain.acceptedWithNewKey).toBeGreaterThan(0);
    expect(recoveryMs).not.toBeNull();
  });

  it("reads the profile again once, for every refused request", async () => {
    const { refreshes, plugin, service, next } = await drill();

    expect(refreshes.map((e) => [e.reason, e.source, e.identity])).toEqual([
      [
        "auth-failure",
        "default-chain",
        `${next.accessKeyId.slice(0, 4)}…${next.accessKeyId.slice(-4)}`,
      ],
    ]);
    expect(service.credchain.refusedWithOldKey).toBe(service.credchain.refused);
    expect(plugin).toEqual({
      recovered: service.credchain.refused,
      sameIdentity: 0,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 0,
    });
  });

  it("without the plugin, the SDK's default chain keeps the revoked key and fails every request after it", async () => {
    const { callers, service } = await drill();

    expect(callers.sdk!.failures).toBeGreaterThan(0);
    expect(callers.sdk).toMatchObject({ failuresBeforeRotation: 0, healed: false });
    expect(Object.keys(callers.sdk!.errors)).toEqual(["UnrecognizedClientException"]);
    expect(service.sdk.acceptedWithNewKey).toBe(0);
  });
});
