// Issue 13: the client helpers hand back the chain their config signs with, so a client built from
// the shared service chain (no chain of the caller's own) can still take the recovery plugin.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import util from "node:util";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it } from "vitest";
import {
  bedrockClientConfig,
  createChainFromEnv,
  pollyClientConfig,
  refreshOnAuthFailure,
  s3ClientConfig,
  secretsManagerClientConfig,
  sesClientConfig,
  sharedAwsChain,
} from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import type { RegisteredCredential } from "../support/credentialRegistry.js";
import { startPollyEmulator } from "../support/startPollyEmulator.js";
import { startS3Emulator } from "../support/startS3Emulator.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
  sharedAwsChain().invalidate();
});

const speech = () =>
  new SynthesizeSpeechCommand({ Text: "hello", VoiceId: "Joanna", OutputFormat: "mp3" });

/** Writes the `[default]` profile of the test's own ~/.aws/credentials. */
function writeProfile(key: RegisteredCredential) {
  const file = process.env.AWS_SHARED_CREDENTIALS_FILE!;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `[default]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`,
  );
}

describe("the client helpers' chain", () => {
  it("is the shared service chain when none is given, the same for every helper", () => {
    const shared = sharedAwsChain();
    for (const config of [
      pollyClientConfig(),
      s3ClientConfig(),
      sesClientConfig(),
      secretsManagerClientConfig(),
    ]) {
      expect(config.chain).toBe(shared);
    }
  });

  it("is the chain given, for bedrockClientConfig too", async () => {
    const chain = createChainFromEnv({
      provider: "bedrock",
      env: {
        AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      },
      envFile: false,
    });
    expect(pollyClientConfig({ chain }).chain).toBe(chain);
    expect((await bedrockClientConfig(chain)).chain).toBe(chain);
  });

  it("heals clients built from the helpers' config alone after the profile's key is rotated and revoked", async () => {
    // Prepare: Polly and S3 clients built exactly as the docs show, signing as the profile's key.
    const registry = createCredentialRegistry({ includeExampleKeys: false });
    const polly = await startPollyEmulator({ registry });
    const s3 = await startS3Emulator({ registry });
    closers.push(
      () => polly.close(),
      () => s3.close(),
    );
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_POLLY: polly.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_REGION: "us-east-1",
    });
    const old = registry.issueLongTerm();
    writeProfile(old);
    const pollyConfig = pollyClientConfig();
    const s3Config = s3ClientConfig();
    const speaker = new PollyClient(pollyConfig);
    const bucket = new S3Client({ ...s3Config, forcePathStyle: true });
    const plugin = refreshOnAuthFailure(pollyConfig.chain);
    speaker.middlewareStack.use(plugin);
    bucket.middlewareStack.use(plugin);
    closers.push(async () => {
      speaker.destroy();
      bucket.destroy();
    });
    await speaker.send(speech());
    const put = () =>
      bucket.send(new PutObjectCommand({ Bucket: "audio", Key: "hello.mp3", Body: "ID3" }));
    await put();

    // Act: the profile is rewritten with a new key and the old one revoked.
    const next = registry.issueLongTerm();
    writeProfile(next);
    registry.revoke(old.accessKeyId);
    await speaker.send(speech());
    await put();

    // Assess
    expect(polly.calls.map((c) => [c.accessKeyId, c.status])).toEqual([
      [old.accessKeyId, 200],
      [old.accessKeyId, 403],
      [next.accessKeyId, 200],
    ]);
    expect(s3.calls.at(-1)).toMatchObject({ accessKeyId: next.accessKeyId, status: 200 });
    expect(plugin.stats()).toEqual({
      recovered: 1,
      sameIdentity: 0,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 0,
    });
    // The chain rides along in the SDK's config without showing a key.
    expect(util.inspect(speaker.config, { depth: 4 })).not.toContain(next.secretAccessKey);
  });
});
