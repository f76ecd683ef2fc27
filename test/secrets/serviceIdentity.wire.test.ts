// The identity the secret store's own clients sign with (serviceCredentials), over the wire: one
// AWS SDK default chain per process, not one per store or loadIntoEnv call, and a key rotated in
// ./.env reaches a store that is already running.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createCredentialChain,
  createSecretStore,
  fromSecretsManager,
  loadIntoEnv,
  sharedAwsChain,
} from "../../src/index.js";
import { startAwsEmulators, type AwsEmulators } from "../support/startAwsEmulators.js";

let aws: AwsEmulators;
let dir: string;
const cwd = process.cwd();

beforeAll(async () => {
  aws = await startAwsEmulators({
    secrets: {
      "prod/app": { A: "1" },
      "prod/b": { B: "2" },
      "prod/openai": { api_key: `sk-proj-${"a1B2c3D4e5".repeat(4)}` },
    },
    parameters: { "/app/flag": "on" },
  });
});
afterAll(() => aws.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "credchain-store-identity-"));
  process.chdir(dir);
  Object.assign(process.env, aws.env, { AWS_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "1" });
  sharedAwsChain().invalidate();
});
afterEach(() => {
  process.chdir(cwd);
  sharedAwsChain().invalidate();
  rmSync(dir, { recursive: true, force: true });
});

const writeEnvFile = (key: { accessKeyId: string; secretAccessKey: string }) =>
  writeFileSync(
    join(dir, ".env"),
    `AWS_ACCESS_KEY_ID=${key.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${key.secretAccessKey}\n`,
  );
const lastSigner = () => aws.secretsManager.calls.at(-1)?.accessKeyId;

describe("the service identity of stores built without credentials", () => {
  it("fetches container credentials once for two stores, two loadIntoEnv calls and sharedAwsChain()", async () => {
    const before = aws.container.calls.length;

    await createSecretStore({ useSecretsManager: true }).get("prod/app");
    await createSecretStore({ useSecretsManager: true }).get("prod/b");
    await loadIntoEnv({ secretId: "prod/app", env: {} });
    await loadIntoEnv({ secretId: "prod/b", env: {} });
    const service = await sharedAwsChain().credentials();

    expect(aws.container.calls.length - before).toBe(1);
    expect(lastSigner()).toBe(service.accessKeyId);
  });

  it.each([
    ["Secrets Manager", "prod/app", { A: "1" }, () => aws.secretsManager.calls],
    ["Parameter Store", "ssm:/app/flag", "on", () => aws.ssm.calls],
  ] as const)(
    "signs %s reads with a key rotated in ./.env once its own request with the old key is refused",
    async (_service, name, value, calls) => {
      const old = aws.registry.issueLongTerm();
      writeEnvFile(old);
      const store = createSecretStore({ useSecretsManager: true, ttlMs: 0 });
      await store.get(name);
      expect(calls().at(-1)?.accessKeyId).toBe(old.accessKeyId);
      const next = aws.registry.issueLongTerm();
      writeEnvFile(next);
      aws.registry.revoke(old.accessKeyId);

      await expect(store.get(name)).resolves.toEqual(value);

      expect(calls().slice(-2)).toMatchObject([
        { accessKeyId: old.accessKeyId },
        { accessKeyId: next.accessKeyId, status: 200 },
      ]);
    },
  );

  it("renews the identity fromSecretsManager's own store signs with when the key in ./.env is rotated", async () => {
    const old = aws.registry.issueLongTerm();
    writeEnvFile(old);
    const source = fromSecretsManager({ secretId: "prod/openai", enabled: true, env: {} });
    const chain = () => createCredentialChain({ provider: "openai", env: {}, sources: [source] });
    await chain().resolve();
    const next = aws.registry.issueLongTerm();
    writeEnvFile(next);
    aws.registry.revoke(old.accessKeyId);
    source.invalidate?.();

    await expect(chain().resolve()).resolves.toMatchObject({
      auth: { source: "secrets-manager" },
    });
    expect(lastSigner()).toBe(next.accessKeyId);
  });

  it("reads ./.env again on store.invalidate()", async () => {
    const old = aws.registry.issueLongTerm();
    writeEnvFile(old);
    const store = createSecretStore({ useSecretsManager: true });
    await store.get("prod/app");
    const next = aws.registry.issueLongTerm();
    writeEnvFile(next);

    store.invalidate();
    await store.get("prod/app");

    expect(lastSigner()).toBe(next.accessKeyId);
  });
});

describe("a malformed service identity (a quoted AWS_ACCESS_KEY_ID)", () => {
  const env = () => ({
    AWS_ACCESS_KEY_ID: '"AKIAIOSFODNN7EXAMPLE"',
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  });

  it.each(["prod/app", "ssm:/app/flag"])(
    "fails a read of %s with ENV_CREDENTIAL_MALFORMED, whichever service the name belongs to",
    async (name) => {
      const store = createSecretStore({ useSecretsManager: true, env: env() });
      await expect(store.get(name)).rejects.toMatchObject({ code: "ENV_CREDENTIAL_MALFORMED" });
    },
  );

  it("lists ENV_CREDENTIAL_MALFORMED for every name preload could not read", async () => {
    const store = createSecretStore({ useSecretsManager: true, env: env() });
    const result = await store.preload(["prod/app", "ssm:/app/flag"]);
    expect(result.failed).toEqual([
      expect.objectContaining({ name: "prod/app", code: "ENV_CREDENTIAL_MALFORMED" }),
      expect.objectContaining({ name: "ssm:/app/flag", code: "ENV_CREDENTIAL_MALFORMED" }),
    ]);
  });
});
