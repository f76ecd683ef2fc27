import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { afterEach, describe, expect, it } from "vitest";
import { pollyClientConfig, sharedAwsChain } from "../../src/index.js";
import { exampleEnv } from "../../src/testing/index.js";
import { EXAMPLE_ACCESS_KEY_ID, createCredentialRegistry } from "../support/credentialRegistry.js";
import { startContainerCredentialsEmulator } from "../support/startContainerCredentialsEmulator.js";
import { emulatedAudio, startPollyEmulator } from "../support/startPollyEmulator.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
  // The helpers share one chain for process.env, memoized like any chain: each test changes the env.
  sharedAwsChain().invalidate();
});

async function start() {
  const registry = createCredentialRegistry();
  const polly = await startPollyEmulator({ registry });
  const ecs = await startContainerCredentialsEmulator({ registry });
  closers.push(
    () => polly.close(),
    () => ecs.close(),
  );
  process.env.AWS_ENDPOINT_URL_POLLY = polly.url;
  Object.assign(process.env, ecs.env);
  return { polly, ecs };
}

const speech = new SynthesizeSpeechCommand({
  Text: "Your order has shipped",
  VoiceId: "Joanna",
  OutputFormat: "mp3",
});

describe("PollyClient with pollyClientConfig", () => {
  it("signs SynthesizeSpeech with the env pair when it is set", async () => {
    // Prepare
    const { polly, ecs } = await start();
    Object.assign(process.env, exampleEnv.pair, { AWS_REGION: "eu-central-1" });

    // Act
    const out = await new PollyClient(pollyClientConfig()).send(speech);

    // Assess
    expect(Buffer.from(await out.AudioStream!.transformToByteArray())).toEqual(
      emulatedAudio("Your order has shipped"),
    );
    expect(polly.calls[0]).toMatchObject({
      op: "SynthesizeSpeech",
      auth: "sigv4",
      accessKeyId: EXAMPLE_ACCESS_KEY_ID,
      hasSessionToken: false,
      region: "eu-central-1",
      status: 200,
    });
    expect(ecs.calls).toHaveLength(0);
  });

  it("leaves credentials to the default chain (the task role) without an env pair", async () => {
    const { polly, ecs } = await start();

    const config = pollyClientConfig();
    await new PollyClient(config).send(speech);

    expect(config.region).toBe("us-east-1");
    // The shared service chain's provider: its default-chain link found the task role (issue 12).
    expect(typeof config.credentials).toBe("function");
    expect(polly.calls[0]).toMatchObject({
      accessKeyId: ecs.current.accessKeyId,
      hasSessionToken: true,
      status: 200,
    });
  });
});
