// The secret store against the loopback Secrets Manager emulator: real SDK client, real SigV4,
// endpoint and credentials found through the SDK's own configuration (AWS_ENDPOINT_URL_SECRETS_MANAGER).
import { setImmediate as realImmediate } from "node:timers";
import { setTimeout as realSleep } from "node:timers/promises";
import { inspect } from "node:util";
import { DeleteSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SecretError, createSecretStore, loadIntoEnv } from "../../src/index.js";
import type { Logger } from "../../src/index.js";
import { EXAMPLE_CREDENTIALS, startSecretsManagerEmulator } from "../support/index.js";
import type { SecretsManagerEmulator } from "../support/index.js";
import { writeDefaultProfile } from "../support/writeDefaultProfile.js";

const CANARY = "canary-wire-51d0-never-print-me";
let emulator: SecretsManagerEmulator;

beforeEach(async () => {
  emulator = await startSecretsManagerEmulator({
    secrets: {
      "prod/llm/openai": { api_key: "sk-test-openai-1" },
      "prod/plain": "plain-text-value",
      "prod/cert": new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
      "prod/denied": { value: { k: CANARY }, accessDenied: true },
      "prod/kms": { value: { k: CANARY }, decryptionFailure: true },
      "prod/insightshop": { DATABASE_URL: CANARY, PORT: 8080, EXISTING: "from-secret" },
    },
  });
  // The store creates its own client: it finds the emulator the SDK's way, and signs as the service
  // identity of its `env` snapshot — no key pair in these snapshots, so the default profile's key.
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = emulator.url;
  writeDefaultProfile(EXAMPLE_CREDENTIALS);
  // One attempt per call keeps fault tests quick; the SDK's own retries are not under test here.
  process.env.AWS_MAX_ATTEMPTS = "1";
});

afterEach(async () => {
  vi.useRealTimers();
  await emulator.close();
});

/** Whether `promise` settled within one turn of the event loop: it waited for no I/O or timer. */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise<void>((resolve) => realImmediate(resolve));
  return settled;
}

/** Polls (on real timers) until `done()`; the test's timeout bounds it. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await realSleep(2);
}

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

describe("secret store over the wire", () => {
  it("makes one GetSecretValue call at the emulator for 1000 concurrent cold gets", async () => {
    // Prepare
    emulator.faults.push({ op: "GetSecretValue", kind: "delay", delayMs: 20 });
    const secrets = createSecretStore({
      env: { USE_SECRETS_MANAGER: "true", AWS_REGION: "us-east-1" },
    });

    // Act
    const values = await Promise.all(
      Array.from({ length: 1000 }, () => secrets.get("prod/llm/openai")),
    );

    // Assess
    expect(emulator.callCount("GetSecretValue")).toBe(1);
    expect(emulator.calls[0]).toMatchObject({
      accessKeyId: EXAMPLE_CREDENTIALS.accessKeyId,
      region: "us-east-1",
      status: 200,
    });
    expect(values.every((v) => v === values[0])).toBe(true);
    expect(values[0]).toEqual({ api_key: "sk-test-openai-1" });
  });

  it("signs for the region from SECRETS_MANAGER_REGION", async () => {
    const secrets = createSecretStore({
      useSecretsManager: true,
      env: { SECRETS_MANAGER_REGION: "eu-west-1", AWS_REGION: "us-west-2" },
    });
    await secrets.get("prod/plain");
    expect(emulator.calls[0]?.region).toBe("eu-west-1");
  });

  it("picks up a rotation with the refresh the TTL's end starts", async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ["Date"] });
    const secrets = createSecretStore({
      useSecretsManager: true,
      env: {},
      ttlMs: 60_000,
      refreshAheadMs: 0,
    });
    const before = await secrets.get("prod/llm/openai");
    emulator.setSecret("prod/llm/openai", { api_key: "sk-test-openai-2" });

    // Act
    const withinTtl = await secrets.get("prod/llm/openai");
    vi.setSystemTime(Date.now() + 60_000);
    const atTtl = await secrets.lookup("prod/llm/openai");
    await until(() => secrets.stats().inFlight === 0);
    const afterTtl = await secrets.lookup("prod/llm/openai");

    // Assess
    expect(before).toEqual({ api_key: "sk-test-openai-1" });
    expect(withinTtl).toEqual(before);
    expect(atTtl).toMatchObject({ value: before, stale: true, staleReason: "refreshing" });
    expect(afterTtl).toMatchObject({ value: { api_key: "sk-test-openai-2" }, stale: false });
    expect(afterTtl.versionId).toBe(
      emulator
        .inspectSecret("prod/llm/openai")
        ?.versions.find((v) => v.stages.includes("AWSCURRENT"))?.versionId,
    );
    expect(emulator.callCount("GetSecretValue")).toBe(2);
  });

  it.each(["500", "throttle", "reset"] as const)(
    "serves the stale value through a %s storm and recovers after it",
    async (kind) => {
      // Prepare
      vi.useFakeTimers({ toFake: ["Date"] });
      const logger = spyLogger();
      const secrets = createSecretStore({
        useSecretsManager: true,
        env: {},
        ttlMs: 60_000,
        maxStaleMs: 600_000,
        logger,
      });
      await secrets.get("prod/llm/openai");
      emulator.setSecret("prod/llm/openai", { api_key: "sk-test-openai-2" });
      emulator.faults.push({ op: "GetSecretValue", kind, times: Infinity });
      vi.setSystemTime(Date.now() + 60_000);

      // Act
      const during = await Promise.all([
        secrets.lookup("prod/llm/openai"),
        secrets.lookup("prod/llm/openai"),
      ]);
      await until(() => secrets.stats().inFlight === 0); // the refresh behind them failed
      const stillDuring = await secrets.lookup("prod/llm/openai"); // in backoff: no call
      emulator.faults.clear();
      vi.setSystemTime(Date.now() + 1_000); // past the first backoff step (at most 1 s)
      const retrying = await secrets.lookup("prod/llm/openai");
      await until(() => secrets.stats().inFlight === 0);
      const after = await secrets.lookup("prod/llm/openai");

      // Assess
      expect(during.map((d) => [d.value, d.stale])).toEqual([
        [{ api_key: "sk-test-openai-1" }, true],
        [{ api_key: "sk-test-openai-1" }, true],
      ]);
      expect(stillDuring).toMatchObject({
        value: { api_key: "sk-test-openai-1" },
        staleReason: "unavailable",
      });
      expect(retrying).toMatchObject({ value: { api_key: "sk-test-openai-1" }, stale: true });
      expect(after).toMatchObject({ value: { api_key: "sk-test-openai-2" }, stale: false });
      expect(
        emulator.calls.filter((c) => c.fault === (kind === "500" ? "500" : kind)),
      ).toHaveLength(1); // one failed request, then backoff (was 2 before issue 11)
      expect(secrets.stats()).toMatchObject({ staleServed: 4, apiCalls: 3 });
      expect(logger.warn).toHaveBeenCalled();
    },
  );

  it("times out a hung request after requestTimeoutMs and serves the stale value meanwhile", async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ["Date"] });
    const secrets = createSecretStore({
      useSecretsManager: true,
      env: {},
      ttlMs: 1_000,
      requestTimeoutMs: 100,
    });
    await secrets.get("prod/plain");
    emulator.faults.push({ op: "GetSecretValue", kind: "delay", delayMs: 5_000, times: 2 });
    vi.setSystemTime(Date.now() + 1_000);
    const cold = createSecretStore({ useSecretsManager: true, env: {}, requestTimeoutMs: 100 });

    // Act
    const stale = await secrets.lookup("prod/plain");
    const error = (await cold.get("prod/plain").catch((e: unknown) => e)) as SecretError;

    // Assess
    expect(stale).toMatchObject({ value: "plain-text-value", stale: true });
    expect(error.code).toBe("SECRET_UNAVAILABLE");
    expect((error.cause as Error).name).toBe("TimeoutError");
  });

  it("fails with SECRET_UNAVAILABLE when the storm outlasts maxStaleMs", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const secrets = createSecretStore({
      useSecretsManager: true,
      env: {},
      ttlMs: 1_000,
      maxStaleMs: 5_000,
    });
    await secrets.get("prod/plain");
    emulator.faults.push({ op: "GetSecretValue", kind: "500", times: Infinity });
    vi.setSystemTime(Date.now() + 6_000);
    await expect(secrets.get("prod/plain")).rejects.toThrow(
      expect.objectContaining({ code: "SECRET_UNAVAILABLE" }),
    );
  });

  it("preloads 45 secrets with 3 BatchGetSecretValue calls and then serves them with no GetSecretValue", async () => {
    // Prepare
    const names = Array.from({ length: 45 }, (_, i) => `svc/batch-${i}`);
    for (const name of names) emulator.setSecret(name, { name });
    emulator.resetCalls();
    const secrets = createSecretStore({ useSecretsManager: true, env: {} });

    // Act
    const result = await secrets.preload(names);
    const values = await Promise.all(names.map((n) => secrets.get(n)));

    // Assess
    expect(emulator.callCount("BatchGetSecretValue")).toBe(3);
    expect(emulator.calls.map((c) => c.secretIds.length).sort((a, b) => a - b)).toEqual([
      5, 20, 20,
    ]);
    expect(emulator.callCount("GetSecretValue")).toBe(0);
    expect(result.loaded).toHaveLength(45);
    expect(result.failed).toEqual([]);
    expect(values[44]).toEqual({ name: "svc/batch-44" });
  });

  it("keeps per-secret batch errors and falls back locally for a missing one", async () => {
    // Prepare
    const secrets = createSecretStore({
      useSecretsManager: true,
      env: { SECRET_prod_missing: "local-value" },
    });

    // Act
    const result = await secrets.preload(["prod/plain", "prod/missing", "prod/kms"]);
    const missing = await secrets.lookup("prod/missing");

    // Assess
    expect(result.loaded).toEqual(["prod/plain"]);
    expect(result.failed.map((f) => [f.name, f.code])).toEqual([
      ["prod/missing", "SECRET_NOT_FOUND"],
      ["prod/kms", "SECRET_ACCESS_DENIED"],
    ]);
    expect(missing).toMatchObject({ value: "local-value", source: "local-secret" });
    expect(emulator.callCount("GetSecretValue")).toBe(0);
  });

  it.each([
    ["prod/denied", "AccessDeniedException"],
    ["prod/kms", "DecryptionFailure"],
  ])(
    "warns and reports %s's %s as the cause of SECRET_NOT_FOUND, without its value",
    async (name, errorName) => {
      // Prepare
      const logger = spyLogger();
      const secrets = createSecretStore({ useSecretsManager: true, env: {}, logger });

      // Act
      const error = (await secrets.get(name).catch((e: unknown) => e)) as SecretError;

      // Assess
      expect(error).toBeInstanceOf(SecretError);
      expect(error.code).toBe("SECRET_NOT_FOUND");
      expect((error.cause as Error).name).toBe(errorName);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.any(String),
        expect.objectContaining({ secret: name, error: errorName }),
      );
      expect(inspect(error, { depth: 5 }) + JSON.stringify(logger.warn.mock.calls)).not.toContain(
        CANARY,
      );
    },
  );

  it("maps a secret scheduled for deletion to SECRET_INVALID_REQUEST", async () => {
    // Prepare
    const admin = new SecretsManagerClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
    });
    await admin.send(new DeleteSecretCommand({ SecretId: "prod/plain", RecoveryWindowInDays: 7 }));
    admin.destroy();

    // Act / Assess
    await expect(
      createSecretStore({ useSecretsManager: true, env: {} }).get("prod/plain"),
    ).rejects.toThrow(expect.objectContaining({ code: "SECRET_INVALID_REQUEST" }));
  });

  it("refuses a non-UTF-8 SecretBinary as text with SECRET_BINARY, and returns its bytes to get", async () => {
    const secrets = createSecretStore({ useSecretsManager: true, env: {} });
    await expect(secrets.getValue("prod/cert")).rejects.toThrow(
      expect.objectContaining({ code: "SECRET_BINARY" }),
    );
    await expect(secrets.get("prod/cert")).resolves.toBeInstanceOf(Uint8Array);
  });

  it("loads a JSON secret named by AWS_SECRETS_INSIGHTSHOP into the env without overriding or revealing values", async () => {
    // Prepare
    const logger = spyLogger();
    const env: Record<string, string | undefined> = {
      AWS_SECRETS_INSIGHTSHOP: "prod/insightshop",
      EXISTING: "kept",
    };

    // Act
    const result = await loadIntoEnv({ secretIdFromEnv: "AWS_SECRETS_INSIGHTSHOP", env, logger });

    // Assess
    expect(result).toEqual({ set: ["DATABASE_URL", "PORT"], skipped: ["EXISTING"] });
    expect(env).toMatchObject({ DATABASE_URL: CANARY, PORT: "8080", EXISTING: "kept" });
    expect(
      JSON.stringify([
        result,
        logger.info.mock.calls,
        logger.warn.mock.calls,
        logger.debug.mock.calls,
      ]),
    ).not.toContain(CANARY);
  });
});

describe("secret store over the wire, with the SDK's own retries (3 attempts)", () => {
  beforeEach(() => {
    delete process.env.AWS_MAX_ATTEMPTS;
  });

  it.each([
    ["held, then answering 500", "500"],
    ["held, then throttling", "throttle"],
  ] as const)(
    "serves the stale value while Secrets Manager is %s, before the SDK's first attempt ends",
    async (_how, kind) => {
      // Prepare: a socket timeout far beyond the test; the first attempt is held at the emulator.
      vi.useFakeTimers({ toFake: ["Date"] });
      const secrets = createSecretStore({
        useSecretsManager: true,
        env: {},
        ttlMs: 60_000,
        refreshAheadMs: 0,
        requestTimeoutMs: 60_000,
      });
      const before = await secrets.get("prod/llm/openai");
      emulator.setSecret("prod/llm/openai", { api_key: "sk-test-openai-2" });
      let letGo!: () => void;
      emulator.faults.push({
        op: "GetSecretValue",
        kind,
        until: new Promise<void>((resolve) => (letGo = resolve)),
      });
      vi.setSystemTime(Date.now() + 60_000);

      // Act
      let servedAt: number | undefined;
      const stale = secrets.lookup("prod/llm/openai").finally(() => {
        servedAt = emulator.faults.applied;
      });
      await until(() => emulator.faults.applied === 1); // attempt 1 is at the emulator, held
      const servedWhileHeld = servedAt !== undefined;
      const another = await secrets.lookup("prod/llm/openai");
      const attemptsWhileHeld = emulator.callCount("GetSecretValue");
      letGo(); // attempt 1 fails; the SDK retries and attempt 2 is answered
      await until(() => secrets.stats().inFlight === 0);
      const after = await secrets.lookup("prod/llm/openai");

      // Assess
      expect(servedWhileHeld).toBe(true);
      expect(await stale).toMatchObject({ value: before, stale: true, staleReason: "refreshing" });
      expect(another).toMatchObject({ value: before, stale: true });
      expect(attemptsWhileHeld).toBe(2); // the cold read, and the refresh's first attempt
      expect(emulator.calls.map((c) => c.fault ?? c.status)).toEqual([200, kind, 200]);
      expect(after).toMatchObject({ value: { api_key: "sk-test-openai-2" }, stale: false });
      expect(secrets.stats()).toMatchObject({ apiCalls: 2, apiErrors: 0 });
    },
  );

  it("keeps serving the stale value at once while every attempt of a refresh hangs past requestTimeoutMs", async () => {
    // Prepare: each attempt is held until the SDK's socket timeout gives up on it.
    vi.useFakeTimers({ toFake: ["Date"] });
    const secrets = createSecretStore({
      useSecretsManager: true,
      env: {},
      ttlMs: 60_000,
      refreshAheadMs: 0,
      requestTimeoutMs: 150,
    });
    const before = await secrets.get("prod/plain");
    emulator.faults.push({
      op: "GetSecretValue",
      kind: "delay",
      until: new Promise(() => undefined),
      times: Infinity,
    });
    vi.setSystemTime(Date.now() + 60_000);

    // Act: gets while the SDK makes its three attempts, each timing out.
    const served: Array<{ attempts: number; value: unknown; stale: boolean }> = [];
    let waited = 0;
    while (secrets.stats().apiErrors === 0) {
      const answer = secrets.lookup("prod/plain");
      if (!(await settledNow(answer))) waited += 1;
      served.push({ ...(await answer), attempts: emulator.faults.applied });
      await realSleep(20);
    }
    const inBackoff = await secrets.lookup("prod/plain");

    // Assess: every get answered at once with the last value, also while the SDK retried.
    expect(waited).toBe(0);
    expect(new Set(served.map((s) => s.value))).toEqual(new Set([before]));
    expect(served.every((s) => s.stale)).toBe(true);
    expect(served.some((s) => s.attempts >= 2)).toBe(true);
    expect(emulator.callCount("GetSecretValue")).toBe(4); // the cold read + 3 attempts
    expect(inBackoff).toMatchObject({ value: before, staleReason: "unavailable" });
    expect(secrets.stats()).toMatchObject({ apiCalls: 2, apiErrors: 1 });
  });
});
