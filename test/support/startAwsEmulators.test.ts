import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { startAwsEmulators } from "./startAwsEmulators.js";
import type { AwsEmulators } from "./startAwsEmulators.js";

describe("startAwsEmulators", () => {
  let aws: AwsEmulators | undefined;
  afterEach(async () => {
    await aws?.close();
    aws = undefined;
  });

  it("points unconfigured SDK clients at every emulator, all signing with the container role", async () => {
    aws = await startAwsEmulators({
      secrets: { "prod/app": { OPENAI_API_KEY: "sk-test" } },
      containerAuthToken: "task-token",
    });
    Object.assign(process.env, aws.env, { AWS_REGION: "us-east-1" });

    await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: "prod/app" }));
    await new STSClient({}).send(new GetCallerIdentityCommand({}));
    await new BedrockRuntimeClient({}).send(
      new ConverseCommand({
        modelId: "amazon.nova-lite-v1:0",
        messages: [{ role: "user", content: [{ text: "hi" }] }],
      }),
    );
    await new PollyClient({}).send(
      new SynthesizeSpeechCommand({ Text: "hi", VoiceId: "Joanna", OutputFormat: "mp3" }),
    );
    await new SESv2Client({}).send(
      new SendEmailCommand({
        FromEmailAddress: "app@example.com",
        Destination: { ToAddresses: ["u@example.org"] },
        Content: { Simple: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } },
      }),
    );
    const s3 = new S3Client({ forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: "b", Key: "k", Body: "v" }));
    await expect(
      (await s3.send(new GetObjectCommand({ Bucket: "b", Key: "k" }))).Body!.transformToString(),
    ).resolves.toBe("v");

    const role = aws.container.current.accessKeyId;
    const seen = [aws.secretsManager, aws.sts, aws.bedrock, aws.polly, aws.ses, aws.s3].flatMap(
      (e) =>
        e.calls.map((c) => ({
          accessKeyId: c.accessKeyId,
          hasSessionToken: c.hasSessionToken,
          status: c.status,
        })),
    );
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((c) => JSON.stringify(c)))).toEqual(
      new Set([JSON.stringify({ accessKeyId: role, hasSessionToken: true, status: 200 })]),
    );
    expect(aws.container.calls.every((c) => c.authorized)).toBe(true);
  });

  it("offers IMDS as the role source through imdsEnv", async () => {
    aws = await startAwsEmulators({ imdsRoleName: "web" });
    Object.assign(process.env, aws.endpointEnv, aws.imdsEnv, { AWS_REGION: "eu-west-1" });
    const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe("arn:aws:sts::123456789012:assumed-role/web/i-0123456789abcdef0");
    expect(aws.sts.calls[0]).toMatchObject({
      accessKeyId: aws.imds.current.accessKeyId,
      region: "eu-west-1",
    });
    expect(aws.container.callCount()).toBe(0);
  });

  it("lists every endpoint variable and stops listening on close", async () => {
    aws = await startAwsEmulators();
    expect(Object.keys(aws.env).sort()).toEqual([
      "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
      "AWS_ENDPOINT_URL_POLLY",
      "AWS_ENDPOINT_URL_S3",
      "AWS_ENDPOINT_URL_SECRETS_MANAGER",
      "AWS_ENDPOINT_URL_SESV2",
      "AWS_ENDPOINT_URL_SSM",
      "AWS_ENDPOINT_URL_STS",
    ]);
    for (const url of Object.values(aws.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const { secretsManager } = aws.urls;
    await aws.close();
    aws = undefined;
    await expect(fetch(secretsManager)).rejects.toThrow();
  });
});
