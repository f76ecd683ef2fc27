// The resolver's own AWS calls sign as the service identity (docs/architecture.md): with a key
// pair in ./.env beside container credentials, `useServiceDefaults` sessions and the STS calls of
// assumed roles use the pair sharedAwsChain() resolves, not the SDK default chain's container role.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTenantResolver, memoryCredentialStore, sharedAwsChain } from "../../src/index.js";
import { EXAMPLE_CREDENTIALS } from "../support/credentialRegistry.js";
import { startAwsEmulators, type AwsEmulators } from "../support/startAwsEmulators.js";

const ROLE = "arn:aws:iam::111111111111:role/credchain-bedrock";
let aws: AwsEmulators;
let dir: string;
const cwd = process.cwd();

beforeAll(async () => {
  aws = await startAwsEmulators();
});
afterAll(() => aws.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "credchain-tenant-identity-"));
  writeFileSync(
    join(dir, ".env"),
    `AWS_ACCESS_KEY_ID=${EXAMPLE_CREDENTIALS.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${EXAMPLE_CREDENTIALS.secretAccessKey}\n`,
  );
  process.chdir(dir);
  Object.assign(process.env, aws.env, { AWS_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "1" });
  sharedAwsChain().invalidate();
});
afterEach(() => {
  process.chdir(cwd);
  sharedAwsChain().invalidate();
  rmSync(dir, { recursive: true, force: true });
});

describe("createTenantResolver without serviceDefaults.credentials", () => {
  it("serves useServiceDefaults sessions the service identity: the ./.env pair, not the container role", async () => {
    const service = await sharedAwsChain().credentials();
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      allowServiceDefaults: true,
    });

    const session = await resolver.initialize("acme", { useServiceDefaults: true });

    expect(service.accessKeyId).toBe(EXAMPLE_CREDENTIALS.accessKeyId);
    expect((await session.credentials()).accessKeyId).toBe(service.accessKeyId);
  });

  it("calls STS AssumeRole signed as the service identity", async () => {
    const resolver = createTenantResolver({ store: memoryCredentialStore() });

    await resolver.initialize("acme", { roleArn: ROLE });

    const assumed = aws.sts.calls.filter((c) => c.op === "AssumeRole");
    expect(assumed.at(-1)).toMatchObject({
      status: 200,
      accessKeyId: EXAMPLE_CREDENTIALS.accessKeyId,
    });
  });

  it("still uses serviceDefaults.credentials, for both, when they are given", async () => {
    const container = aws.registry.issueLongTerm();
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      allowServiceDefaults: true,
      serviceDefaults: { credentials: async () => container },
    });

    const session = await resolver.initialize("acme", { useServiceDefaults: true });
    await resolver.initialize("globex", { roleArn: ROLE });

    expect((await session.credentials()).accessKeyId).toBe(container.accessKeyId);
    expect(aws.sts.calls.filter((c) => c.op === "AssumeRole").at(-1)).toMatchObject({
      status: 200,
      accessKeyId: container.accessKeyId,
    });
  });
});
