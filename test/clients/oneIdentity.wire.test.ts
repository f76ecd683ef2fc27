// Issue 12, done when: real SDK clients (SESv2, Polly, S3, Secrets Manager, Bedrock Runtime) built
// with credchain's helpers sign with one access key ID — the one `explain --service … --resolve`
// prints — with a profile beside the env pair, a trailing newline on the secret, and keys only in
// ./.env.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  bedrockClientConfig,
  createAwsChain,
  createChainFromEnv,
  mask,
  pollyClientConfig,
  s3ClientConfig,
  secretsManagerClientConfig,
  sesClientConfig,
  sharedAwsChain,
} from "../../src/index.js";
import { startAwsEmulators, type AwsEmulators } from "../support/startAwsEmulators.js";

let aws: AwsEmulators;
const cwd = process.cwd();
beforeAll(async () => {
  aws = await startAwsEmulators({ secrets: { "prod/app": { A: "1" } } });
});
afterAll(() => aws.close());
afterEach(() => {
  process.chdir(cwd);
  sharedAwsChain().invalidate();
});

/** One call from each client, built the documented way; the signer each emulator saw. */
async function signers(): Promise<Record<string, string | undefined>> {
  const destroy: { destroy(): void }[] = [];
  const keep = <T extends { destroy(): void }>(c: T) => (destroy.push(c), c);
  try {
    await keep(new PollyClient(pollyClientConfig())).send(
      new SynthesizeSpeechCommand({ Text: "hi", VoiceId: "Joanna", OutputFormat: "mp3" }),
    );
    await keep(new SESv2Client(sesClientConfig())).send(
      new SendEmailCommand({
        FromEmailAddress: "shop@example.com",
        Destination: { ToAddresses: ["a@example.org"] },
        Content: { Simple: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } },
      }),
    );
    await keep(new S3Client({ ...s3ClientConfig(), forcePathStyle: true })).send(
      new CreateBucketCommand({ Bucket: `b${Math.random().toString(36).slice(2, 10)}` }),
    );
    await keep(new SecretsManagerClient(secretsManagerClientConfig())).send(
      new GetSecretValueCommand({ SecretId: "prod/app" }),
    );
    await keep(new BedrockRuntimeClient(await bedrockClientConfig(createChainFromEnv()))).send(
      new ConverseCommand({
        modelId: "amazon.nova-micro-v1:0",
        messages: [{ role: "user", content: [{ text: "hi" }] }],
      }),
    );
  } finally {
    for (const c of destroy) c.destroy();
  }
  return {
    polly: aws.polly.calls.at(-1)?.accessKeyId,
    ses: aws.ses.calls.at(-1)?.accessKeyId,
    s3: aws.s3.calls.at(-1)?.accessKeyId,
    secretsManager: aws.secretsManager.calls.at(-1)?.accessKeyId,
    bedrock: aws.bedrock.calls.at(-1)?.accessKeyId,
  };
}

function home(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "credchain-identity-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("one identity per process", () => {
  it("signs every client with the env pair when AWS_PROFILE names another key, and says so", async () => {
    // Prepare: the profile's key is valid too, so only the recorded signer tells them apart.
    const pair = aws.registry.issueLongTerm();
    const profileKey = aws.registry.issueLongTerm();
    const dir = home({
      ".aws/credentials": `[other]\naws_access_key_id = ${profileKey.accessKeyId}\naws_secret_access_key = ${profileKey.secretAccessKey}\n`,
    });
    Object.assign(process.env, aws.endpointEnv, {
      AWS_ACCESS_KEY_ID: pair.accessKeyId,
      AWS_SECRET_ACCESS_KEY: pair.secretAccessKey,
      AWS_PROFILE: "other",
      AWS_SHARED_CREDENTIALS_FILE: join(dir, ".aws/credentials"),
      AWS_REGION: "us-east-1",
    });

    // Act
    const seen = await signers();
    const explained = await createAwsChain().resolve();

    // Assess
    expect(new Set(Object.values(seen))).toEqual(new Set([pair.accessKeyId]));
    expect(explained.auth.resolved?.accessKeyId).toBe(mask(pair.accessKeyId, "access-key-id"));
    expect(explained.warnings.join("\n")).toContain("AWS_PROFILE is set beside");
  });

  it("signs every client with the trimmed secret when the env value ends in a newline", async () => {
    const pair = aws.registry.issueLongTerm();
    Object.assign(process.env, aws.endpointEnv, {
      AWS_ACCESS_KEY_ID: pair.accessKeyId,
      AWS_SECRET_ACCESS_KEY: `${pair.secretAccessKey}\n`,
      AWS_REGION: "us-east-1",
    });
    const seen = await signers();
    expect(new Set(Object.values(seen))).toEqual(new Set([pair.accessKeyId]));
    for (const emulator of [aws.polly, aws.ses, aws.s3, aws.bedrock]) {
      expect(emulator.calls.at(-1)?.status).toBe(200);
    }
  });

  it("signs every client with keys that are only in ./.env", async () => {
    const pair = aws.registry.issueLongTerm();
    const dir = home({
      ".env": `AWS_ACCESS_KEY_ID=${pair.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${pair.secretAccessKey}\n`,
    });
    Object.assign(process.env, aws.endpointEnv, { AWS_REGION: "us-east-1" });
    process.chdir(dir);
    sharedAwsChain().invalidate(); // the shared chain read ./.env of the earlier working directory
    const seen = await signers();
    expect(new Set(Object.values(seen))).toEqual(new Set([pair.accessKeyId]));
    expect((await createAwsChain().resolve()).auth.source).toBe("env-file");
  });

  it("treats a whitespace-only env pair as absent for every client: the task role signs", async () => {
    Object.assign(process.env, aws.env, {
      AWS_ACCESS_KEY_ID: "   ",
      AWS_SECRET_ACCESS_KEY: "  ",
      AWS_REGION: "us-east-1",
    });
    const seen = await signers();
    expect(new Set(Object.values(seen))).toEqual(new Set([aws.container.current.accessKeyId]));
  });
});
