import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
  paginateListSecrets,
} from "@aws-sdk/client-secrets-manager";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET_ACCESS_KEY } from "./credentialRegistry.js";
import { startSecretsManagerEmulator } from "./startSecretsManagerEmulator.js";
import type { SecretsManagerEmulator } from "./startSecretsManagerEmulator.js";

const example = { accessKeyId: EXAMPLE_ACCESS_KEY_ID, secretAccessKey: EXAMPLE_SECRET_ACCESS_KEY };

describe("startSecretsManagerEmulator", () => {
  let sm: SecretsManagerEmulator;
  let client: SecretsManagerClient;

  beforeEach(async () => {
    sm = await startSecretsManagerEmulator({
      secrets: {
        "prod/openai": { OPENAI_API_KEY: "sk-test-1" },
        "prod/cert": new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
        "prod/tagged": {
          value: "plain text",
          tags: { team: "ml", env: "prod" },
          description: "Tagged one",
        },
      },
    });
    client = new SecretsManagerClient({
      endpoint: sm.url,
      region: "us-east-1",
      credentials: example,
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    client.destroy();
    await sm.close();
  });

  describe("GetSecretValue", () => {
    it("returns a JSON SecretString addressed by name or by ARN", async () => {
      const byName = await client.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));
      expect(JSON.parse(byName.SecretString!)).toEqual({ OPENAI_API_KEY: "sk-test-1" });
      expect(byName.ARN).toMatch(
        /^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/openai-[A-Za-z0-9]{6}$/,
      );
      expect(byName.VersionStages).toEqual(["AWSCURRENT"]);

      const byArn = await client.send(new GetSecretValueCommand({ SecretId: byName.ARN }));
      expect(byArn.VersionId).toBe(byName.VersionId);
    });

    it("returns SecretBinary as bytes", async () => {
      const out = await client.send(new GetSecretValueCommand({ SecretId: "prod/cert" }));
      expect(out.SecretString).toBeUndefined();
      expect([...out.SecretBinary!]).toEqual([0xde, 0xad, 0xbe, 0xef]);
    });

    it("serves AWSPREVIOUS and a VersionId after a rotation", async () => {
      const first = await client.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));
      sm.setSecret("prod/openai", { OPENAI_API_KEY: "sk-test-2" });

      const current = await client.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));
      expect(JSON.parse(current.SecretString!)).toEqual({ OPENAI_API_KEY: "sk-test-2" });
      const previous = await client.send(
        new GetSecretValueCommand({ SecretId: "prod/openai", VersionStage: "AWSPREVIOUS" }),
      );
      expect(previous.VersionId).toBe(first.VersionId);
      const pinned = await client.send(
        new GetSecretValueCommand({ SecretId: "prod/openai", VersionId: first.VersionId }),
      );
      expect(pinned.SecretString).toBe(first.SecretString);
    });

    it("records the operation, the secret ID, the signing key and the region", async () => {
      await client.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));
      expect(sm.calls).toEqual([
        {
          op: "GetSecretValue",
          secretIds: ["prod/openai"],
          accessKeyId: EXAMPLE_ACCESS_KEY_ID,
          hasSessionToken: false,
          region: "us-east-1",
          status: 200,
        },
      ]);
      expect(sm.callCount("GetSecretValue")).toBe(1);
      expect(sm.callCount("ListSecrets")).toBe(0);
    });
  });

  describe("errors", () => {
    it.each([
      [
        "ResourceNotFoundException",
        () => client.send(new GetSecretValueCommand({ SecretId: "missing" })),
      ],
      [
        "ResourceNotFoundException",
        () =>
          client.send(
            new GetSecretValueCommand({ SecretId: "prod/openai", VersionStage: "AWSPREVIOUS" }),
          ),
      ],
      [
        "ResourceExistsException",
        () => client.send(new CreateSecretCommand({ Name: "prod/openai", SecretString: "x" })),
      ],
      [
        "InvalidParameterException",
        () =>
          client.send(
            new DeleteSecretCommand({ SecretId: "prod/openai", RecoveryWindowInDays: 3 }),
          ),
      ],
      [
        "ValidationException",
        () =>
          client.send(
            new BatchGetSecretValueCommand({
              SecretIdList: Array.from({ length: 21 }, (_, i) => `s${i}`),
            }),
          ),
      ],
    ])("answers with %s", async (name, call) => {
      await expect(call()).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
    });

    it("denies access per secret, naming the caller and the action", async () => {
      sm.setSecretFaults("prod/openai", { accessDenied: true });
      await expect(
        client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).rejects.toMatchObject({
        name: "AccessDeniedException",
        message: expect.stringContaining("secretsmanager:GetSecretValue"),
      });
    });

    it("denies access only to the listed access key IDs", async () => {
      sm.setSecretFaults("prod/openai", { accessDenied: ["AKIAOTHERKEY00000000"] });
      await expect(
        client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).resolves.toBeDefined();
    });

    it("fails decryption for a secret whose KMS key the caller cannot use", async () => {
      sm.setSecretFaults("prod/openai", { decryptionFailure: true });
      await expect(
        client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).rejects.toMatchObject({
        name: "DecryptionFailure",
      });
    });

    it("refuses reads of a secret scheduled for deletion with InvalidRequestException", async () => {
      await client.send(
        new DeleteSecretCommand({ SecretId: "prod/openai", RecoveryWindowInDays: 7 }),
      );
      await expect(
        client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).rejects.toMatchObject({
        name: "InvalidRequestException",
      });
    });

    it("rejects a request signed with a wrong secret access key", async () => {
      const forged = new SecretsManagerClient({
        endpoint: sm.url,
        region: "us-east-1",
        maxAttempts: 1,
        credentials: {
          accessKeyId: EXAMPLE_ACCESS_KEY_ID,
          secretAccessKey: "wrong-secret-wrong-secret-wrong-secret00",
        },
      });
      await expect(
        forged.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).rejects.toMatchObject({
        name: "InvalidSignatureException",
        $metadata: { httpStatusCode: 400 },
      });
      expect(sm.calls[0]).toMatchObject({ status: 400, errorType: "InvalidSignatureException" });
    });

    it("rejects an unknown access key with UnrecognizedClientException", async () => {
      const stranger = new SecretsManagerClient({
        endpoint: sm.url,
        region: "us-east-1",
        maxAttempts: 1,
        credentials: {
          accessKeyId: "AKIAUNKNOWNKEY000000",
          secretAccessKey: EXAMPLE_SECRET_ACCESS_KEY,
        },
      });
      await expect(
        stranger.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).rejects.toMatchObject({
        name: "UnrecognizedClientException",
      });
    });
  });

  describe("faults", () => {
    it("throttles the next matching call with ThrottlingException", async () => {
      sm.faults.push({ op: "GetSecretValue", kind: "throttle" });
      await expect(
        client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).rejects.toMatchObject({
        name: "ThrottlingException",
      });
      await expect(
        client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).resolves.toBeDefined();
      expect(sm.calls.map((c) => c.fault)).toEqual(["throttle", undefined]);
    });

    it("answers 500 InternalServiceError the given number of times", async () => {
      sm.faults.push({ kind: "500", times: 2 });
      for (let i = 0; i < 2; i++) {
        await expect(
          client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
        ).rejects.toMatchObject({
          name: "InternalServiceError",
          $metadata: { httpStatusCode: 500 },
        });
      }
      await expect(
        client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).resolves.toBeDefined();
    });

    it("lets the SDK's own retries ride out a short throttling burst", async () => {
      const retrying = new SecretsManagerClient({
        endpoint: sm.url,
        region: "us-east-1",
        credentials: example,
        maxAttempts: 3,
        retryMode: "standard",
      });
      sm.faults.push({ kind: "throttle", times: 1 });
      const out = await retrying.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));
      expect(out.$metadata.attempts).toBe(2);
      retrying.destroy();
    });

    it("resets the connection", async () => {
      sm.faults.push({ kind: "reset" });
      await expect(
        client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).rejects.toThrow();
      expect(sm.calls[0]).toMatchObject({ fault: "reset" });
    });

    it("delays a call and then serves it", async () => {
      sm.faults.push({ kind: "delay", delayMs: 5 });
      await expect(
        client.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
      ).resolves.toMatchObject({ Name: "prod/openai" });
      expect(sm.faults.applied).toBe(1);
      expect(sm.faults.pending).toEqual([]);
    });

    it("leaves faults for other operations pending", async () => {
      sm.faults.push({ op: "ListSecrets", kind: "500" });
      await client.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));
      expect(sm.faults.pending).toEqual([{ op: "ListSecrets", kind: "500", times: 1 }]);
    });
  });

  describe("BatchGetSecretValue", () => {
    it("returns found secrets and a per-secret error for missing and denied ones", async () => {
      sm.setSecretFaults("prod/cert", { accessDenied: true });
      const out = await client.send(
        new BatchGetSecretValueCommand({ SecretIdList: ["prod/openai", "missing", "prod/cert"] }),
      );
      expect(out.SecretValues?.map((v) => v.Name)).toEqual(["prod/openai"]);
      expect(out.Errors).toEqual([
        {
          SecretId: "missing",
          ErrorCode: "ResourceNotFoundException",
          Message: expect.any(String),
        },
        { SecretId: "prod/cert", ErrorCode: "AccessDeniedException", Message: expect.any(String) },
      ]);
      expect(sm.calls[0]).toMatchObject({
        op: "BatchGetSecretValue",
        secretIds: ["prod/openai", "missing", "prod/cert"],
      });
    });
  });

  describe("secret management", () => {
    it("creates a secret with tags and a KMS key, then describes it", async () => {
      const created = await client.send(
        new CreateSecretCommand({
          Name: "tenant/a/cred",
          SecretString: "{}",
          KmsKeyId: "alias/credchain",
          Tags: [{ Key: "tenant", Value: "a" }],
        }),
      );
      const described = await client.send(new DescribeSecretCommand({ SecretId: created.ARN }));
      expect(described).toMatchObject({
        Name: "tenant/a/cred",
        KmsKeyId: "alias/credchain",
        Tags: [{ Key: "tenant", Value: "a" }],
      });
      expect(described.VersionIdsToStages).toEqual({ [created.VersionId!]: ["AWSCURRENT"] });
    });

    it("moves AWSCURRENT to the new version on PutSecretValue", async () => {
      const before = await client.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));
      const put = await client.send(
        new PutSecretValueCommand({ SecretId: "prod/openai", SecretString: "rotated" }),
      );
      const described = await client.send(new DescribeSecretCommand({ SecretId: "prod/openai" }));
      expect(described.VersionIdsToStages).toEqual({
        [before.VersionId!]: ["AWSPREVIOUS"],
        [put.VersionId!]: ["AWSCURRENT"],
      });
      expect(sm.inspectSecret("prod/openai")?.current).toBe("rotated");
    });

    it("lists by name prefix, paging with the SDK paginator", async () => {
      const names: string[] = [];
      for await (const pageOut of paginateListSecrets(
        { client, pageSize: 1 },
        { Filters: [{ Key: "name", Values: ["prod/"] }] },
      )) {
        names.push(...(pageOut.SecretList ?? []).map((s) => s.Name!));
      }
      expect(names).toEqual(["prod/openai", "prod/cert", "prod/tagged"]);
      expect(sm.callCount("ListSecrets")).toBe(3);
    });

    it("schedules deletion with a recovery window and deletes at once when forced", async () => {
      const scheduled = await client.send(
        new DeleteSecretCommand({ SecretId: "prod/openai", RecoveryWindowInDays: 7 }),
      );
      expect(scheduled.DeletionDate).toBeInstanceOf(Date);
      expect(sm.inspectSecret("prod/openai")?.deletedDate).toBeInstanceOf(Date);
      const listed = await client.send(new ListSecretsCommand({}));
      expect(listed.SecretList?.map((s) => s.Name)).not.toContain("prod/openai");

      await client.send(
        new DeleteSecretCommand({ SecretId: "prod/cert", ForceDeleteWithoutRecovery: true }),
      );
      expect(sm.inspectSecret("prod/cert")).toBeUndefined();
      await expect(
        client.send(new DescribeSecretCommand({ SecretId: "prod/cert" })),
      ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    });
  });

  it.each([
    [
      "an operation",
      () =>
        client.send(
          new TagResourceCommand({ SecretId: "prod/openai", Tags: [{ Key: "a", Value: "b" }] }),
        ),
      { name: "UnknownOperationException", message: expect.stringContaining("TagResource") },
    ],
    [
      "a parameter",
      () => client.send(new ListSecretsCommand({ SortOrder: "desc" })),
      { name: "ValidationException", message: expect.stringContaining("SortOrder") },
    ],
    [
      "a filter key",
      () =>
        client.send(new ListSecretsCommand({ Filters: [{ Key: "tag-key", Values: ["team"] }] })),
      { name: "ValidationException", message: expect.stringContaining("Filters") },
    ],
  ])(
    "refuses %s it does not emulate, by name, instead of ignoring it",
    async (_what, call, error) => {
      await expect(call()).rejects.toMatchObject({ ...error, $metadata: { httpStatusCode: 400 } });
      expect(sm.calls[0]).toMatchObject({ status: 400, errorType: error.name });
    },
  );

  it("is reached through AWS_ENDPOINT_URL_SECRETS_MANAGER by a client given no endpoint", async () => {
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
    const fromEnv = new SecretsManagerClient({ region: "us-east-1", credentials: example });
    await expect(
      fromEnv.send(new GetSecretValueCommand({ SecretId: "prod/openai" })),
    ).resolves.toMatchObject({ Name: "prod/openai" });
    fromEnv.destroy();
  });

  it("accepts temporary credentials from its registry and records the session token", async () => {
    const temp = sm.registry.issueTemporary();
    const tempClient = new SecretsManagerClient({
      endpoint: sm.url,
      region: "eu-west-1",
      credentials: temp,
      maxAttempts: 1,
    });
    await tempClient.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));
    expect(sm.calls[0]).toMatchObject({
      accessKeyId: temp.accessKeyId,
      hasSessionToken: true,
      region: "eu-west-1",
    });
    tempClient.destroy();
  });
});
