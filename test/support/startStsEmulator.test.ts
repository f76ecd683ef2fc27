import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_SECRET_ACCESS_KEY,
} from "./credentialRegistry.js";
import { startSecretsManagerEmulator } from "./startSecretsManagerEmulator.js";
import type { SecretsManagerEmulator } from "./startSecretsManagerEmulator.js";
import { startStsEmulator } from "./startStsEmulator.js";
import type { StsEmulator } from "./startStsEmulator.js";

const TENANT_ROLE = "arn:aws:iam::123456789012:role/tenant-a";
const OPEN_ROLE = "arn:aws:iam::123456789012:role/service/open-role";

describe("startStsEmulator", () => {
  let sts: StsEmulator;
  let sm: SecretsManagerEmulator;
  let client: STSClient;

  beforeEach(async () => {
    sts = await startStsEmulator({
      roles: { [TENANT_ROLE]: { externalId: "ext-123" }, [OPEN_ROLE]: {} },
    });
    sm = await startSecretsManagerEmulator({ registry: sts.registry, secrets: { app: "v" } });
    client = new STSClient({
      endpoint: sts.url,
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    client.destroy();
    await Promise.all([sts.close(), sm.close()]);
  });

  it("issues temporary credentials on AssumeRole and records what was asked", async () => {
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: TENANT_ROLE,
        RoleSessionName: "tenant-a",
        ExternalId: "ext-123",
        DurationSeconds: 900,
      }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.SessionToken).toBeTruthy();
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(out.AssumedRoleUser?.Arn).toBe(
      "arn:aws:sts::123456789012:assumed-role/tenant-a/tenant-a",
    );
    expect(sts.calls).toEqual([
      expect.objectContaining({
        op: "AssumeRole",
        accessKeyId: EXAMPLE_ACCESS_KEY_ID,
        hasSessionToken: false,
        roleArn: TENANT_ROLE,
        roleSessionName: "tenant-a",
        externalId: "ext-123",
        durationSeconds: 900,
        issuedAccessKeyId: out.Credentials?.AccessKeyId,
        status: 200,
      }),
    ]);
  });

  it("reports the signing principal on GetCallerIdentity, for a user and for an assumed role", async () => {
    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Account: "123456789012",
      Arn: "arn:aws:iam::123456789012:user/credchain-test",
      UserId: expect.stringMatching(/^AIDA/),
    });
    const assumed = await client.send(
      new AssumeRoleCommand({ RoleArn: OPEN_ROLE, RoleSessionName: "job-7" }),
    );
    const roleClient = new STSClient({
      endpoint: sts.url,
      region: "us-east-1",
      credentials: {
        accessKeyId: assumed.Credentials!.AccessKeyId!,
        secretAccessKey: assumed.Credentials!.SecretAccessKey!,
        sessionToken: assumed.Credentials!.SessionToken!,
      },
    });
    await expect(roleClient.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Arn: "arn:aws:sts::123456789012:assumed-role/open-role/job-7",
      UserId: expect.stringMatching(/^AROA[A-Z2-7]{16}:job-7$/),
    });
    roleClient.destroy();
  });

  it("feeds fromTemporaryCredentials, whose credentials verify at another emulator sharing the registry", async () => {
    const credentials = fromTemporaryCredentials({
      masterCredentials: EXAMPLE_CREDENTIALS,
      params: { RoleArn: TENANT_ROLE, RoleSessionName: "tenant-a", ExternalId: "ext-123" },
      clientConfig: { endpoint: sts.url, region: "us-east-1" },
    });
    const secrets = new SecretsManagerClient({
      endpoint: sm.url,
      region: "us-east-1",
      credentials,
    });
    await secrets.send(new GetSecretValueCommand({ SecretId: "app" }));
    secrets.destroy();
    expect(sm.calls[0]).toMatchObject({
      accessKeyId: sts.calls[0]?.issuedAccessKeyId,
      hasSessionToken: true,
      status: 200,
    });
  });

  it("is reached by fromTemporaryCredentials through AWS_ENDPOINT_URL_STS", async () => {
    process.env.AWS_ENDPOINT_URL_STS = sts.url;
    const credentials = fromTemporaryCredentials({
      masterCredentials: EXAMPLE_CREDENTIALS,
      params: { RoleArn: OPEN_ROLE, RoleSessionName: "env-endpoint" },
      clientConfig: { region: "us-east-1" },
    });
    await expect(credentials()).resolves.toMatchObject({
      accessKeyId: expect.stringMatching(/^ASIA/),
    });
    expect(sts.calls[0]).toMatchObject({ op: "AssumeRole", roleSessionName: "env-endpoint" });
  });

  it.each([
    ["a missing ExternalId", { RoleArn: TENANT_ROLE, RoleSessionName: "s1" }, "AccessDenied", 403],
    [
      "a wrong ExternalId",
      { RoleArn: TENANT_ROLE, RoleSessionName: "s1", ExternalId: "ext-999" },
      "AccessDenied",
      403,
    ],
    [
      "an unlisted role",
      { RoleArn: "arn:aws:iam::123456789012:role/other", RoleSessionName: "s1" },
      "AccessDenied",
      403,
    ],
    [
      "a too short session",
      { RoleArn: OPEN_ROLE, RoleSessionName: "s1", DurationSeconds: 60 },
      "ValidationError",
      400,
    ],
    [
      "a bad session name",
      { RoleArn: OPEN_ROLE, RoleSessionName: "has space" },
      "ValidationError",
      400,
    ],
  ])("refuses AssumeRole with %s", async (_name, input, name, status) => {
    await expect(client.send(new AssumeRoleCommand(input))).rejects.toMatchObject({
      name,
      $metadata: { httpStatusCode: status },
    });
    expect(sts.calls[0]).toMatchObject({ status, errorCode: name });
  });

  it("rejects a request signed with a wrong secret", async () => {
    const forged = new STSClient({
      endpoint: sts.url,
      region: "us-east-1",
      maxAttempts: 1,
      credentials: {
        accessKeyId: EXAMPLE_ACCESS_KEY_ID,
        secretAccessKey: `${EXAMPLE_SECRET_ACCESS_KEY}x`,
      },
    });
    await expect(forged.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
    });
    forged.destroy();
  });

  it("throttles with the query protocol's Throttling error", async () => {
    sts.faults.push({ op: "AssumeRole", kind: "throttle" });
    await expect(
      client.send(new AssumeRoleCommand({ RoleArn: OPEN_ROLE, RoleSessionName: "s1" })),
    ).rejects.toMatchObject({ name: "Throttling" });
    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
  });
});
