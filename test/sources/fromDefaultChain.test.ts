import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createAwsChain,
  createChainFromEnv,
  createCredentialChain,
  fromDefaultChain,
  NoCredentialsError,
} from "../../src/index.js";
import { startContainerCredentialsEmulator } from "../support/startContainerCredentialsEmulator.js";
import { startImdsEmulator } from "../support/startImdsEmulator.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

describe("fromDefaultChain over the wire", () => {
  it("resolves the ECS task role from the container credentials endpoint", async () => {
    const ecs = await startContainerCredentialsEmulator({ authToken: "container-auth-token" });
    closers.push(() => ecs.close());
    Object.assign(process.env, ecs.env);
    const chain = createChainFromEnv({ provider: "bedrock", env: {} });
    const decision = await chain.resolve();
    expect(decision.auth).toMatchObject({ kind: "aws-default-chain", source: "default-chain" });
    expect(decision.auth.resolved?.accessKeyId).toMatch(/^ASIA…/);
    expect(decision.auth.resolved?.expiration).toBe(ecs.current.expiration?.toISOString());
    const credentials = await chain.credentials();
    expect(credentials.accessKeyId).toBe(ecs.current.accessKeyId);
    expect(credentials.sessionToken).toBe(ecs.current.sessionToken);
    expect(ecs.calls.every((c) => c.authorized)).toBe(true);
    expect(JSON.stringify(decision)).not.toContain(ecs.current.secretAccessKey);
  });

  it("resolves the instance role through IMDSv2 when no other source is configured", async () => {
    const imds = await startImdsEmulator();
    closers.push(() => imds.close());
    Object.assign(process.env, imds.env);
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromDefaultChain()],
    });
    const credentials = await chain.credentials();
    expect(credentials.accessKeyId).toBe(imds.current.accessKeyId);
    expect(imds.calls.map((c) => c.op)).toContain("GetToken");
    expect(imds.calls.filter((c) => c.op === "GetCredentials").every((c) => c.hadToken)).toBe(true);
  });

  it("skips with the reason when the SDK chain finds nothing, naming IMDS as disabled", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromDefaultChain()],
    });
    const error = await chain.credentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect((error as NoCredentialsError).attempts[0]?.reason).toContain(
      "IMDS disabled by AWS_EC2_METADATA_DISABLED",
    );
  });
});

describe("fromDefaultChain after the shared credentials file is rewritten", () => {
  const writeProfile = (accessKeyId: string, secretAccessKey: string) => {
    const file = process.env.AWS_SHARED_CREDENTIALS_FILE!;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `[default]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`,
    );
  };
  const first = { id: "AKIAPROFILEFIRST0001", secret: "a".repeat(40) };
  const second = { id: "AKIAPROFILESECOND002", secret: "b".repeat(40) };

  it.each([
    ["createAwsChain", () => createAwsChain({ env: {}, envFile: false })],
    [
      "createChainFromEnv",
      () => createChainFromEnv({ provider: "bedrock", env: {}, envFile: false }),
    ],
  ])("%s reads the new key after invalidate()", async (_name, build) => {
    writeProfile(first.id, first.secret);
    const chain = build();
    expect((await chain.credentials()).accessKeyId).toBe(first.id);

    writeProfile(second.id, second.secret);
    chain.invalidate();

    expect((await chain.credentials()).accessKeyId).toBe(second.id);
  });

  it("lets recoverFromAuthFailure find the rewritten key", async () => {
    writeProfile(first.id, first.secret);
    const chain = createAwsChain({ env: {}, envFile: false });
    const failed = await chain.credentials();
    writeProfile(second.id, second.secret);

    await expect(chain.recoverFromAuthFailure(failed)).resolves.toBe(true);
    expect((await chain.credentials()).accessKeyId).toBe(second.id);
  });

  it("still reads the file once per resolution, not once per request", async () => {
    writeProfile(first.id, first.secret);
    const chain = createAwsChain({ env: {}, envFile: false });
    await chain.credentials();
    writeProfile(second.id, second.secret);

    expect((await chain.credentials()).accessKeyId).toBe(first.id);
  });
});
