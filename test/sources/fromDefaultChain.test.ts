import { afterEach, describe, expect, it } from "vitest";
import {
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
