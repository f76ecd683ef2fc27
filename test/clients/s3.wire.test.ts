import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it } from "vitest";
import { s3ClientConfig } from "../../src/index.js";
import { envSnapshot, exampleEnv } from "../../src/testing/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import { startS3Emulator } from "../support/startS3Emulator.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

describe("S3Client with s3ClientConfig", () => {
  it("round-trips a backup signed with the env temporary pair and its session token", async () => {
    // Prepare
    const registry = createCredentialRegistry();
    const temp = registry.issueTemporary();
    const s3 = await startS3Emulator({ registry });
    closers.push(() => s3.close());
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
    const env = envSnapshot({
      AWS_ACCESS_KEY_ID: temp.accessKeyId,
      AWS_SECRET_ACCESS_KEY: temp.secretAccessKey,
      AWS_SESSION_TOKEN: temp.sessionToken,
      AWS_REGION: "us-east-2",
    });
    const client = new S3Client({ ...s3ClientConfig({ env }), forcePathStyle: true });

    // Act
    await client.send(new CreateBucketCommand({ Bucket: "backups" }));
    await client.send(
      new PutObjectCommand({ Bucket: "backups", Key: "db/2025-07-01.sql", Body: "SELECT 1;" }),
    );
    const got = await client.send(
      new GetObjectCommand({ Bucket: "backups", Key: "db/2025-07-01.sql" }),
    );

    // Assess
    expect(await got.Body?.transformToString()).toBe("SELECT 1;");
    expect(s3.calls.map((c) => [c.op, c.accessKeyId, c.hasSessionToken, c.status])).toEqual([
      ["CreateBucket", temp.accessKeyId, true, 200],
      ["PutObject", temp.accessKeyId, true, 200],
      ["GetObject", temp.accessKeyId, true, 200],
    ]);
  });

  it("ignores AWS_BEARER_TOKEN_BEDROCK: S3 has no bearer auth and the pair still signs", async () => {
    const s3 = await startS3Emulator();
    closers.push(() => s3.close());
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
    const env = envSnapshot(exampleEnv.pair, exampleEnv.bedrockBearerToken);

    const config = s3ClientConfig({ env });
    await new S3Client({ ...config, forcePathStyle: true }).send(
      new CreateBucketCommand({ Bucket: "logs" }),
    );

    expect((await config.credentials()).accessKeyId).toBe(exampleEnv.pair.AWS_ACCESS_KEY_ID);
    expect(s3.calls[0]).toMatchObject({ auth: "sigv4", status: 200 });
  });
});
