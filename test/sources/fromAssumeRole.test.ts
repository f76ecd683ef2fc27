import type { AwsCredentialIdentity } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fromAssumeRole } from "../../src/sources/fromAssumeRole.js";
import type { FromAssumeRoleInit } from "../../src/sources/fromAssumeRole.js";
import { createCredentialChain } from "../../src/chain/createCredentialChain.js";
import { sequenceSource } from "../../src/testing/index.js";
import { EXAMPLE_CREDENTIALS, createCredentialRegistry } from "../support/credentialRegistry.js";
import { startStsEmulator } from "../support/startStsEmulator.js";
import type { StsEmulator } from "../support/startStsEmulator.js";

const ROLE = "arn:aws:iam::123456789012:role/tenant-a";
const OPEN_ROLE = "arn:aws:iam::123456789012:role/service/open-role";
const MIN = 60_000;
const context = { provider: "bedrock" as const };

describe("fromAssumeRole: options", () => {
  it.each<[string, Partial<FromAssumeRoleInit>]>([
    ["roleArn", { roleArn: "arn:aws:iam::123:role/short-account" }],
    ["roleArn", { roleArn: "arn:aws:iam::123456789012:user/not-a-role" }],
    ["roleArn", { roleArn: "" }],
    ["externalId", { externalId: "x" }],
    ["externalId", { externalId: "has space" }],
    ["roleSessionName", { roleSessionName: "a".repeat(65) }],
    ["durationSeconds", { durationSeconds: 60 }],
    ["region", { region: "US-EAST-1" }],
  ])("refuses an invalid %s with INVALID_OPTION naming it", (option, overrides) => {
    expect(() => fromAssumeRole({ roleArn: ROLE, ...overrides })).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining(option),
      }),
    );
  });

  it("accepts role ARNs with paths and in other partitions", () => {
    expect(fromAssumeRole({ roleArn: OPEN_ROLE }).name).toBe("assume-role");
    expect(fromAssumeRole({ roleArn: "arn:aws-us-gov:iam::123456789012:role/Bedrock" }).name).toBe(
      "assume-role",
    );
  });
});

describe("fromAssumeRole: over the wire (STS emulator)", () => {
  let sts: StsEmulator;
  beforeEach(async () => {
    sts = await startStsEmulator({ roles: { [ROLE]: { externalId: "ext-123" }, [OPEN_ROLE]: {} } });
  });
  afterEach(async () => {
    await sts.close();
  });

  const init = (overrides: Partial<FromAssumeRoleInit> = {}): FromAssumeRoleInit => ({
    roleArn: ROLE,
    externalId: "ext-123",
    masterCredentials: EXAMPLE_CREDENTIALS,
    clientConfig: { endpoint: sts.url, region: "us-east-1", maxAttempts: 1 },
    ...overrides,
  });

  it("sends RoleSessionName, ExternalId and DurationSeconds, signed by the master credentials", async () => {
    const source = fromAssumeRole(init({ roleSessionName: "tenant-acme", durationSeconds: 900 }));
    expect(sts.calls).toHaveLength(0);
    const result = await source.resolve(context);
    expect(sts.calls).toEqual([
      expect.objectContaining({
        op: "AssumeRole",
        roleArn: ROLE,
        roleSessionName: "tenant-acme",
        externalId: "ext-123",
        durationSeconds: 900,
        accessKeyId: EXAMPLE_CREDENTIALS.accessKeyId,
        status: 200,
      }),
    ]);
    expect(result).toMatchObject({
      kind: "aws-static",
      detail: ROLE,
      credentials: {
        accessKeyId: sts.calls[0]?.issuedAccessKeyId,
        sessionToken: expect.any(String),
        expiration: expect.any(Date),
      },
    });
    expect(result.reason).not.toContain(result.credentials?.secretAccessKey);
  });

  it("calls a master credentials provider to sign the request", async () => {
    const master = vi.fn(async (): Promise<AwsCredentialIdentity> => EXAMPLE_CREDENTIALS);
    await fromAssumeRole(init({ masterCredentials: master })).resolve(context);
    expect(master).toHaveBeenCalled();
    expect(sts.calls[0]?.status).toBe(200);
  });

  it("reaches the endpoint in AWS_ENDPOINT_URL_STS without clientConfig", async () => {
    process.env.AWS_ENDPOINT_URL_STS = sts.url;
    const source = fromAssumeRole({
      roleArn: OPEN_ROLE,
      masterCredentials: EXAMPLE_CREDENTIALS,
      region: "eu-west-1",
    });
    const result = await source.resolve(context);
    expect(result.credentials?.accessKeyId).toMatch(/^ASIA/);
    expect(sts.calls[0]).toMatchObject({ op: "AssumeRole", region: "eu-west-1", status: 200 });
  });

  it("caches the credentials until 5 minutes before they expire, then refreshes in the background", async () => {
    let clock = Date.now();
    const source = fromAssumeRole(init({ now: () => clock }));
    const first = (await source.resolve(context)).credentials!;
    const expiresAt = first.expiration!.getTime();
    expect(expiresAt - clock).toBeGreaterThan(55 * MIN);

    clock = expiresAt - 6 * MIN;
    expect((await source.resolve(context)).credentials).toBe(first);
    expect(sts.callCount("AssumeRole")).toBe(1);

    clock = expiresAt - 4 * MIN;
    // Still valid: served at once while one refresh runs behind it.
    expect((await source.resolve(context)).credentials).toBe(first);
    await vi.waitFor(() => expect(sts.callCount("AssumeRole")).toBe(2));
    const second = (await source.resolve(context)).credentials!;
    expect(second.accessKeyId).toBe(sts.calls[1]?.issuedAccessKeyId);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
  });

  it("fails with SOURCE_FAILED when STS refuses, and retries on the next call", async () => {
    const source = fromAssumeRole(init({ externalId: "wrong-id" }));
    await expect(source.resolve(context)).rejects.toMatchObject({
      code: "SOURCE_FAILED",
      message: expect.stringContaining("roleArn"),
      cause: expect.objectContaining({ name: "AccessDenied" }),
    });
    await expect(source.resolve(context)).rejects.toMatchObject({ code: "SOURCE_FAILED" });
    expect(sts.callCount("AssumeRole")).toBe(2);
  });
});

describe("fromAssumeRole: a chain as master credentials", () => {
  it("heals the chain once when STS refuses its key as revoked, and assumes the role with the next", async () => {
    const registry = createCredentialRegistry({ includeExampleKeys: false });
    const sts = await startStsEmulator({ registry });
    try {
      const old = registry.issueLongTerm();
      const next = registry.issueLongTerm();
      const vault = sequenceSource("secrets-manager", [
        { credentials: old },
        { credentials: next },
      ]);
      const master = createCredentialChain({ provider: "bedrock", sources: [vault] });
      const source = fromAssumeRole({
        roleArn: OPEN_ROLE,
        masterCredentials: master,
        clientConfig: { endpoint: sts.url, region: "us-east-1", maxAttempts: 1 },
      });
      registry.revoke(old.accessKeyId);

      const result = await source.resolve(context);

      expect(sts.calls.map((c) => [c.op, c.accessKeyId, c.status])).toEqual([
        ["AssumeRole", old.accessKeyId, 403],
        ["AssumeRole", next.accessKeyId, 200],
      ]);
      expect(result.credentials).toMatchObject({ accessKeyId: sts.calls[1]?.issuedAccessKeyId });
      expect(vault.calls).toBe(2);
    } finally {
      await sts.close();
    }
  });

  it("is not sent again when the chain resolves the same key, nor for a refusal of the role", async () => {
    const registry = createCredentialRegistry({ includeExampleKeys: false });
    const sts = await startStsEmulator({ registry, roles: { [ROLE]: { externalId: "ext-123" } } });
    try {
      const key = registry.issueLongTerm();
      const master = createCredentialChain({
        provider: "bedrock",
        sources: [sequenceSource("secrets-manager", [{ credentials: key }])],
      });
      const assume = (roleArn: string) =>
        fromAssumeRole({
          roleArn,
          masterCredentials: master,
          clientConfig: { endpoint: sts.url, region: "us-east-1", maxAttempts: 1 },
        }).resolve(context);

      // The role's trust refuses (no ExternalId): AccessDenied, not the master's key.
      await expect(assume(ROLE)).rejects.toMatchObject({ code: "SOURCE_FAILED" });
      registry.revoke(key.accessKeyId);
      await expect(assume(OPEN_ROLE)).rejects.toMatchObject({ code: "SOURCE_FAILED" });

      expect(sts.calls.map((c) => [c.op, c.status])).toEqual([
        ["AssumeRole", 403],
        ["AssumeRole", 403],
      ]);
    } finally {
      await sts.close();
    }
  });
});
