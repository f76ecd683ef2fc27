import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import util from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  CredentialConfigError,
  createChainFromEnv,
  createCredentialChain,
  createSecretStore,
  fromEnv,
  fromSecretsManager,
} from "../../src/index.js";
import type { ChainRefreshEvent, SecretChange } from "../../src/index.js";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_SECRET_ACCESS_KEY,
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
} from "../support/index.js";

const STORED_KEY_ID = "AKIAI44QH8DHBEXAMPLE";
const STORED_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const CANARY = "sk-proj-CANARY0123456789abcdefghijklmnop";

describe("fromSecretsManager over the wire", () => {
  let sm: SecretsManagerEmulator;

  beforeEach(async () => {
    sm = await startSecretsManagerEmulator({
      secrets: {
        "prod/aws/bedrock": {
          access_key_id: STORED_KEY_ID,
          secret_access_key: STORED_SECRET,
          region: "eu-north-1",
        },
        "prod/llm/openai": { api_key: CANARY },
        "prod/broken": { accessKey: STORED_KEY_ID, secret: STORED_SECRET },
        "prod/denied": { value: { api_key: CANARY }, accessDenied: true },
      },
    });
    // The SDK client signs with the service identity of the chain's `env` snapshot: no key pair in
    // these snapshots, so the SDK default chain's default profile.
    const file = process.env.AWS_SHARED_CREDENTIALS_FILE ?? "";
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `[default]\naws_access_key_id = ${EXAMPLE_ACCESS_KEY_ID}\naws_secret_access_key = ${EXAMPLE_SECRET_ACCESS_KEY}\n`,
    );
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
  });
  afterEach(async () => {
    vi.useRealTimers();
    await sm.close();
  });

  const env = (extra: Record<string, string>) => ({ USE_SECRETS_MANAGER: "true", ...extra });

  it("chooses Bedrock credentials stored as JSON, with the secret's region", async () => {
    const chain = createChainFromEnv({
      provider: "bedrock",
      env: env({ AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock", AWS_REGION: "us-west-2" }),
    });
    const decision = await chain.resolve();
    expect(decision.auth).toMatchObject({
      kind: "aws-static",
      source: "secrets-manager",
      detail: "prod/aws/bedrock",
      accessKeyId: "AKIA…MPLE",
    });
    expect(decision.region).toEqual({ value: "eu-north-1", source: "secrets-manager" });
    expect(await chain.credentials()).toEqual({
      accessKeyId: STORED_KEY_ID,
      secretAccessKey: STORED_SECRET,
    });
    expect(sm.calls[0]).toMatchObject({ op: "GetSecretValue", accessKeyId: EXAMPLE_ACCESS_KEY_ID });
  });

  it("makes one API call for 1000 concurrent callers of a cold chain", async () => {
    const chain = createChainFromEnv({
      provider: "openai",
      env: env({ OPENAI_SECRET_NAME: "prod/llm/openai" }),
    });
    const keys = await Promise.all(Array.from({ length: 1000 }, () => chain.apiKey()));
    expect(new Set(keys)).toEqual(new Set([CANARY]));
    expect(sm.callCount("GetSecretValue")).toBe(1);
    expect(JSON.stringify(await chain.resolve())).not.toContain(CANARY);
    expect(util.inspect(await chain.resolve(), { showHidden: true, depth: null })).not.toContain(
      CANARY,
    );
  });

  it("skips a secret that does not exist, and the next source serves", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [
        fromSecretsManager({ secretId: "prod/missing", enabled: true }),
        fromEnv({
          env: { AWS_ACCESS_KEY_ID: STORED_KEY_ID, AWS_SECRET_ACCESS_KEY: STORED_SECRET },
        }),
      ],
    });
    const decision = await chain.resolve();
    expect(decision.auth.source).toBe("env");
    expect(decision.trace[0]).toEqual({
      source: "secrets-manager",
      outcome: "skipped",
      reason: "secret prod/missing could not be read (ResourceNotFoundException)",
    });
  });

  it("skips an access-denied secret with a warning", async () => {
    const chain = createCredentialChain({
      provider: "openai",
      env: {},
      sources: [
        fromSecretsManager({ secretId: "prod/denied", enabled: true }),
        fromEnv({ env: { OPENAI_API_KEY: "sk-proj-fromenv0123456789abcdef" } }),
      ],
    });
    const decision = await chain.resolve();
    expect(decision.trace[0]?.reason).toContain("AccessDeniedException");
    expect(decision.warnings.join("\n")).toContain("prod/denied");
    expect(JSON.stringify(decision)).not.toContain(CANARY);
  });

  it("stops the chain on a malformed secret instead of falling through", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [
        fromSecretsManager({ secretId: "prod/broken", enabled: true }),
        fromEnv({
          env: { AWS_ACCESS_KEY_ID: STORED_KEY_ID, AWS_SECRET_ACCESS_KEY: STORED_SECRET },
        }),
      ],
    });
    const error = await chain.resolve().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialConfigError);
    expect(error).toMatchObject({ code: "SECRET_MALFORMED" });
    expect((error as Error).message).toContain("accessKey, secret");
    expect((error as Error).message).not.toContain(STORED_SECRET);
  });

  it("stops the chain while Secrets Manager is failing rather than using other credentials", async () => {
    sm.faults.push({ kind: "500", times: Infinity });
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [
        fromSecretsManager({ secretId: "prod/aws/bedrock", enabled: true }),
        fromEnv({
          env: { AWS_ACCESS_KEY_ID: STORED_KEY_ID, AWS_SECRET_ACCESS_KEY: STORED_SECRET },
        }),
      ],
    });
    await expect(chain.resolve()).rejects.toMatchObject({ code: "SECRET_UNAVAILABLE" });
    expect((await chain.explain())[0]?.outcome).toBe("failed");
    sm.faults.clear();
    // The store backs off a failing secret (issue 11); invalidate() asks again at once.
    chain.invalidate();
    await expect(chain.resolve()).resolves.toMatchObject({ auth: { source: "secrets-manager" } });
  });

  it("names the secret and its version IDs, never values, when a recovery reads a rotated secret", async () => {
    // Prepare
    const store = createSecretStore({ useSecretsManager: true, env: {} });
    const refreshes: ChainRefreshEvent[] = [];
    const changes: SecretChange[] = [];
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromSecretsManager({ secretId: "prod/aws/bedrock", enabled: true, store })],
      onRefresh: (event) => void refreshes.push(event),
    });
    store.onChange("prod/aws/bedrock", (change) => void changes.push(change));
    await chain.resolve();
    const before = sm.inspectSecret("prod/aws/bedrock")!.versions[0]!.versionId;
    const { versionId: after } = sm.setSecret("prod/aws/bedrock", {
      access_key_id: "AKIAIOSFODNN7ROTATED",
      secret_access_key: CANARY,
    });

    // Act
    const changed = await chain.recoverFromAuthFailure({ accessKeyId: STORED_KEY_ID });

    // Assess
    expect(changed).toBe(true);
    expect(refreshes).toEqual([
      expect.objectContaining({
        source: "secrets-manager",
        reason: "auth-failure",
        secret: { name: "prod/aws/bedrock", versionId: after },
        previousSecret: { name: "prod/aws/bedrock", versionId: before },
      }),
    ]);
    expect(changes).toEqual([
      {
        name: "prod/aws/bedrock",
        versionStage: "AWSCURRENT",
        versionId: after,
        previousVersionId: before,
      },
    ]);
    expect(JSON.stringify([refreshes, changes])).not.toContain(CANARY);
  });

  it("warns of a stale secret only while Secrets Manager fails, not while its refresh runs", async () => {
    // Prepare
    process.env.AWS_MAX_ATTEMPTS = "1";
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = createSecretStore({
      useSecretsManager: true,
      env: {},
      ttlMs: 60_000,
      refreshAheadMs: 0,
    });
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromSecretsManager({ secretId: "prod/aws/bedrock", enabled: true, store })],
    });
    await chain.resolve();
    const settled = () => vi.waitUntil(() => store.stats().inFlight === 0);

    // Act
    vi.setSystemTime(Date.now() + 60_000);
    const refreshing = await chain.resolve({ forceRefresh: true });
    await settled();
    sm.faults.push({ op: "GetSecretValue", kind: "500", times: Infinity });
    vi.setSystemTime(Date.now() + 60_000);
    await chain.resolve({ forceRefresh: true }); // its refresh fails
    await settled();
    const failing = await chain.resolve({ forceRefresh: true });

    // Assess
    expect(refreshing.warnings).toEqual([]);
    expect(failing.warnings).toEqual([
      "Secret prod/aws/bedrock was served from cache past its TTL because Secrets Manager is failing.",
    ]);
  });

  it("is skipped when USE_SECRETS_MANAGER is not true, without any call", async () => {
    const chain = createChainFromEnv({
      provider: "bedrock",
      env: {
        AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
        AWS_ACCESS_KEY_ID: STORED_KEY_ID,
        AWS_SECRET_ACCESS_KEY: STORED_SECRET,
      },
    });
    const decision = await chain.resolve();
    expect(decision.trace[1]).toEqual({
      source: "secrets-manager",
      outcome: "skipped",
      reason: "USE_SECRETS_MANAGER is not true",
    });
    expect(sm.calls).toHaveLength(0);
  });
});
