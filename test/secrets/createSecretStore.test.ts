import { setImmediate as realImmediate } from "node:timers";
import { inspect } from "node:util";
import {
  BatchGetSecretValueCommand,
  DecryptionFailure,
  GetSecretValueCommand,
  InternalServiceError,
  InvalidParameterException,
  InvalidRequestException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CredentialConfigError, SecretError, createSecretStore } from "../../src/index.js";
import type { Logger, SecretStoreOptions } from "../../src/index.js";
import { memoryLogger } from "../../src/testing/index.js";

const sm = mockClient(SecretsManagerClient);
const CANARY = "canary-9f1c2e7b-never-print-me";
const meta = { $metadata: {} };

const notFound = () =>
  new ResourceNotFoundException({
    message: "Secrets Manager can't find the specified secret.",
    ...meta,
  });
const accessDenied = () =>
  Object.assign(new Error("User is not authorized to perform secretsmanager:GetSecretValue"), {
    name: "AccessDeniedException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
const throttling = () =>
  Object.assign(new Error("Rate exceeded"), {
    name: "ThrottlingException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
    $retryable: { throttling: true },
  });
const serverError = () =>
  new InternalServiceError({ message: "internal error", $metadata: { httpStatusCode: 500 } });
const timeout = () => Object.assign(new Error("socket timed out"), { name: "TimeoutError" });
const reset = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });

/** Lets every callback already queued run: a refresh behind a stale answer lands. */
const drain = () => new Promise<void>((resolve) => realImmediate(resolve));

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

function store(options: SecretStoreOptions = {}) {
  return createSecretStore({
    client: new SecretsManagerClient({ region: "us-east-1" }),
    env: {},
    ...options,
  });
}

beforeEach(() => {
  sm.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("createSecretStore options", () => {
  it.each([
    ["ttlMs", { ttlMs: -1 }],
    ["maxStaleMs", { maxStaleMs: 1.5 }],
    ["maxEntries", { maxEntries: 0 }],
    ["region", { region: "mars-1" }],
    ["useSecretsManager", { useSecretsManager: "yes" }],
    ["client", { client: {} }],
    ["ttl", { ttl: 1000 }],
  ])("rejects a bad %s with INVALID_OPTION naming it", (option, bad) => {
    // Prepare
    const create = () => createSecretStore(bad as SecretStoreOptions);

    // Act / Assess
    expect(create).toThrow(CredentialConfigError);
    expect(create).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining(`\`${option}\``),
      }),
    );
  });

  it("rejects an invalid region variable with INVALID_REGION naming the variable", () => {
    expect(() =>
      createSecretStore({ useSecretsManager: true, env: { SECRETS_MANAGER_REGION: "Europe" } }),
    ).toThrow(
      expect.objectContaining({
        code: "INVALID_REGION",
        message: expect.stringContaining("SECRETS_MANAGER_REGION"),
      }),
    );
  });

  it.each([
    [{ SECRETS_MANAGER_REGION: "eu-west-2", AWS_REGION: "us-west-2" }, "eu-west-2"],
    [{ AWS_REGION: "us-west-2" }, "us-west-2"],
    [{}, "us-east-1"],
  ])("picks the region from %j → %s", async (env, region) => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(notFound());
    const secrets = createSecretStore({ useSecretsManager: true, env });

    // Act
    const error = await secrets.get("prod/db").catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SecretError);
    expect((error as SecretError).message).toContain(`Secrets Manager (${region})`);
  });

  const warnings = (logger: ReturnType<typeof memoryLogger>) =>
    logger.entries.filter((e) => e.level === "warn").map((e) => e.message);

  it.each([
    [{ SECRETS_MANAGER_REGION: "eu-wst-1" }, {}, "env:SECRETS_MANAGER_REGION"],
    [{ AWS_REGION: "eu-wst-1" }, {}, "env:AWS_REGION"],
    [{}, { region: "eu-wst-1" }, "admin"],
  ])(
    "warns about a Secrets Manager region no partition lists (%j %j), as a chain does",
    (env, extra, source) => {
      const logger = memoryLogger();
      createSecretStore({ useSecretsManager: true, env, logger, ...extra });
      expect(warnings(logger)).toEqual([
        `credchain: Region eu-wst-1 (from ${source}) is not a region AWS lists; did you mean eu-west-1?`,
      ]);
    },
  );

  it("warns about a Parameter Store region no partition lists when it is first used", async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(GetParameterCommand).resolves({
      Parameter: { Name: "/app/flag", Value: "on", Version: 1 },
      ...meta,
    });
    const logger = memoryLogger();
    const secrets = createSecretStore({
      useSecretsManager: true,
      env: { SECRETS_MANAGER_REGION: "eu-west-1", AWS_REGION: "eu-wst-1" },
      logger,
    });
    expect(warnings(logger)).toEqual([]);
    await expect(secrets.get("ssm:/app/flag")).resolves.toBe("on");
    await secrets.get("ssm:/app/flag");
    expect(warnings(logger)).toEqual([
      "credchain: Region eu-wst-1 (from env:AWS_REGION) is not a region AWS lists; did you mean eu-west-1?",
    ]);
    ssm.restore();
  });

  it("uses Secrets Manager when USE_SECRETS_MANAGER=true and not otherwise", async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: "from-aws" });
    const on = createSecretStore({ env: { USE_SECRETS_MANAGER: "true" } });
    const off = createSecretStore({ env: { SECRET_db: "from-env" } });

    // Act
    const [fromOn, fromOff] = [await on.get("db"), await off.get("db")];

    // Assess
    expect(fromOn).toBe("from-aws");
    expect(fromOff).toBe("from-env");
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(off.usesSecretsManager).toBe(false);
  });
});

describe("get and getValue", () => {
  it("parses a JSON object secret into a frozen object and returns other text as is", async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: "json" }).resolves({
      SecretString: '{"user":"app","port":5432,"tls":{"on":true}}',
    });
    sm.on(GetSecretValueCommand, { SecretId: "plain" }).resolves({
      SecretString: "sk-plain-value",
    });
    sm.on(GetSecretValueCommand, { SecretId: "array" }).resolves({ SecretString: "[1,2]" });
    const secrets = store();

    // Act
    const json = await secrets.get("json");
    const plain = await secrets.get("plain");
    const array = await secrets.get("array");

    // Assess
    expect(json).toEqual({ user: "app", port: 5432, tls: { on: true } });
    expect(Object.isFrozen(json)).toBe(true);
    expect(Object.isFrozen((json as { tls: object }).tls)).toBe(true);
    expect(plain).toBe("sk-plain-value");
    expect(array).toBe("[1,2]");
  });

  it("reads a key of a JSON secret as a string and the whole text without a key", async () => {
    // Prepare
    const text = '{"user":"app","port":5432,"debug":false,"nested":{"a":1}}';
    sm.on(GetSecretValueCommand).resolves({ SecretString: text });
    const secrets = store();

    // Act / Assess
    expect(await secrets.getValue("db")).toBe(text);
    expect(await secrets.getValue("db", "user")).toBe("app");
    expect(await secrets.getValue("db", "port")).toBe("5432");
    expect(await secrets.getValue("db", "debug")).toBe("false");
    await expect(secrets.getValue("db", "password")).rejects.toThrow(
      expect.objectContaining({
        code: "SECRET_KEY_MISSING",
        message: expect.stringContaining("user, port, debug, nested"),
      }),
    );
    await expect(secrets.getValue("db", "nested")).rejects.toThrow(
      expect.objectContaining({ code: "SECRET_MALFORMED" }),
    );
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it("refuses a key lookup on a plain-text secret", async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: "just-text" });
    await expect(store().getValue("token", "api_key")).rejects.toThrow(
      expect.objectContaining({ code: "SECRET_MALFORMED" }),
    );
  });

  it("reports the source, version and staleness through lookup", async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: "v", VersionId: "ver-1" });
    await expect(store().lookup("  db  ")).resolves.toEqual({
      name: "db",
      value: "v",
      text: "v",
      source: "secrets-manager",
      versionId: "ver-1",
      stale: false,
    });
  });

  it.each(["", "   ", "x".repeat(2049)])(
    "rejects the secret name %j with SECRET_INVALID_NAME",
    async (name) => {
      await expect(store().get(name)).rejects.toThrow(
        expect.objectContaining({ code: "SECRET_INVALID_NAME" }),
      );
      expect(sm.calls()).toHaveLength(0);
    },
  );
});

describe("Secrets Manager error mapping", () => {
  it.each([
    ["ResourceNotFoundException", notFound],
    ["AccessDeniedException", accessDenied],
    ["DecryptionFailure", () => new DecryptionFailure({ message: "KMS said no", ...meta })],
  ])("falls through to the local secret on %s", async (_name, error) => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(error());
    const secrets = store({ env: { SECRET_prod_llm_openai: "sk-local" } });

    // Act
    const found = await secrets.lookup("prod/llm/openai");

    // Assess
    expect(found).toMatchObject({
      value: "sk-local",
      source: "local-secret",
      variable: "SECRET_prod_llm_openai",
    });
  });

  it("throws SECRET_NOT_FOUND without a cause when the secret exists nowhere", async () => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(notFound());

    // Act
    const error = (await store()
      .get("prod/db")
      .catch((e: unknown) => e)) as SecretError;

    // Assess
    expect(error).toBeInstanceOf(SecretError);
    expect(error.code).toBe("SECRET_NOT_FOUND");
    expect(error.cause).toBeUndefined();
    expect(error.message).toContain("ResourceNotFoundException");
    expect(error.message).toContain("SECRET_prod_db");
    expect(error.secretName).toBe("prod/db");
  });

  it.each([
    ["AccessDeniedException", accessDenied],
    ["DecryptionFailure", () => new DecryptionFailure({ message: "KMS said no", ...meta })],
  ])("warns on %s and makes it the cause of SECRET_NOT_FOUND", async (name, makeError) => {
    // Prepare
    const sdkError = makeError();
    sm.on(GetSecretValueCommand).rejects(sdkError);
    const logger = spyLogger();

    // Act
    const error = (await store({ logger })
      .get("prod/db")
      .catch((e: unknown) => e)) as SecretError;

    // Assess
    expect(error.code).toBe("SECRET_NOT_FOUND");
    // The cause keeps the SDK error's name, never its message text (issue 11).
    expect(error.cause).toMatchObject({ name: sdkError.name });
    expect(inspect(error, { depth: 5 })).not.toContain(sdkError.message);
    expect(error.message).toContain(name);
    expect(error.hint).toContain("secretsmanager:GetSecretValue");
    expect(logger.warn).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({ secret: "prod/db", error: name }),
    );
  });

  it.each([
    [
      "InvalidRequestException",
      () => new InvalidRequestException({ message: "marked for deletion", ...meta }),
      "SECRET_INVALID_REQUEST",
    ],
    [
      "InvalidParameterException",
      () => new InvalidParameterException({ message: "bad id", ...meta }),
      "SECRET_INVALID_NAME",
    ],
    ["ThrottlingException", throttling, "SECRET_UNAVAILABLE"],
    ["InternalServiceError (500)", serverError, "SECRET_UNAVAILABLE"],
    ["TimeoutError", timeout, "SECRET_UNAVAILABLE"],
    ["ECONNRESET", reset, "SECRET_UNAVAILABLE"],
    [
      "an unknown error",
      () => new Error("Could not load credentials from any providers"),
      "SECRET_UNAVAILABLE",
    ],
  ])("maps %s to %s and does not fall back to a local secret", async (_name, makeError, code) => {
    // Prepare
    const sdkError = makeError();
    sm.on(GetSecretValueCommand).rejects(sdkError);
    const secrets = store({ env: { SECRET_prod_db: "local-value" } });

    // Act
    const error = (await secrets.get("prod/db").catch((e: unknown) => e)) as SecretError;

    // Assess
    expect(error).toBeInstanceOf(SecretError);
    expect(error.code).toBe(code);
    // The cause keeps the SDK error's name and code, never its message text (issue 11).
    expect(error.cause).toMatchObject({ name: sdkError.name });
    expect(inspect(error, { depth: 5 })).not.toContain(sdkError.message);
    expect(error.hint.length).toBeGreaterThan(0);
  });

  it("caches a not-found answer, so the local fallback costs no further calls within the TTL", async () => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(notFound());
    const secrets = store({ env: { SECRET_db: "local" } });

    // Act
    for (let i = 0; i < 5; i++) await secrets.get("db");

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.stats()).toMatchObject({ apiCalls: 1, misses: 1, hits: 4, localServed: 5 });
  });
});

describe("SecretBinary", () => {
  it("decodes UTF-8 bytes as text and parses JSON like SecretString", async () => {
    sm.on(GetSecretValueCommand).resolves({
      SecretBinary: new TextEncoder().encode('{"api_key":"k-1"}'),
    });
    await expect(store().get("bin")).resolves.toEqual({ api_key: "k-1" });
  });

  it("returns bytes that are not UTF-8 as they are, and refuses them to getValue", async () => {
    // Prepare (issue 12: binary secrets are returned as bytes by get)
    sm.on(GetSecretValueCommand).resolves({
      SecretBinary: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
    });
    const secrets = store();

    // Act
    const value = await secrets.get("cert");
    const error = (await secrets.getValue("cert").catch((e: unknown) => e)) as SecretError;

    // Assess
    expect(value).toEqual(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    expect(error.code).toBe("SECRET_BINARY");
    expect(error.message).toContain("cert");
  });

  it("never takes a credential from a binary secret, even one that is UTF-8 text", async () => {
    const { createChainFromEnv } = await import("../../src/index.js");
    sm.on(GetSecretValueCommand).resolves({
      SecretBinary: new TextEncoder().encode("c2stcHJvai1FWEFNUExFZXhhbXBsZUVYQU1QTEUwMDAx"),
    });
    const chain = createChainFromEnv({
      provider: "openai",
      env: { USE_SECRETS_MANAGER: "true", OPENAI_SECRET_NAME: "prod/openai" },
      envFile: false,
      secretStore: store(),
    });
    await expect(chain.apiKey()).rejects.toMatchObject({ code: "SECRET_BINARY" });
  });
});

describe("a reply without a value", () => {
  it("is SECRET_UNAVAILABLE from Secrets Manager (neither SecretString nor SecretBinary), not SECRET_BINARY", async () => {
    sm.on(GetSecretValueCommand).resolves({ ...meta });
    await expect(store().get("prod/empty")).rejects.toMatchObject({
      code: "SECRET_UNAVAILABLE",
      secretName: "prod/empty",
    });
  });

  it("is SECRET_UNAVAILABLE from Parameter Store, not SECRET_BINARY", async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: "/app/empty" }, ...meta });
    const secrets = createSecretStore({
      useSecretsManager: true,
      ssmClient: new SSMClient({ region: "us-east-1" }),
      env: {},
    });
    await expect(secrets.get("ssm:/app/empty")).rejects.toMatchObject({
      code: "SECRET_UNAVAILABLE",
      secretName: "ssm:/app/empty",
    });
    ssm.restore();
  });
});

describe("caching", () => {
  it("makes exactly one API call for 1000 concurrent cold gets", async () => {
    // Prepare
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    sm.on(GetSecretValueCommand).callsFake(async () => {
      await gate;
      return { SecretString: '{"api_key":"k"}' };
    });
    const secrets = store();

    // Act
    const gets = Array.from({ length: 1000 }, () => secrets.get("prod/llm/openai"));
    expect(secrets.stats().inFlight).toBe(1);
    release();
    const values = await Promise.all(gets);

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(new Set(values).size).toBe(1);
    expect(secrets.stats()).toMatchObject({ apiCalls: 1, misses: 1000, inFlight: 0, entries: 1 });
  });

  it("picks up a rotated value with the refresh the TTL's end starts, not before", async () => {
    // Prepare
    vi.useFakeTimers();
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: "v1" })
      .resolves({ SecretString: "v2" });
    const secrets = store({ ttlMs: 60_000, refreshAheadMs: 0 });

    // Act / Assess
    expect(await secrets.get("db")).toBe("v1");
    vi.advanceTimersByTime(59_999);
    expect(await secrets.get("db")).toBe("v1");
    vi.advanceTimersByTime(1);
    expect(await secrets.get("db")).toBe("v1"); // answered at once; the refresh runs behind it
    await drain();
    expect(await secrets.get("db")).toBe("v2");
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it("asks on every get with ttlMs 0", async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: "v" });
    const secrets = store({ ttlMs: 0 });
    await secrets.get("db");
    await secrets.get("db");
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it.each([
    ["throttling", throttling],
    ["a 500", serverError],
    ["a timeout", timeout],
    ["a network reset", reset],
  ])(
    "serves the last value within maxStaleMs when a refresh fails with %s, then recovers",
    async (_kind, makeError) => {
      // Prepare
      vi.useFakeTimers();
      const logger = spyLogger();
      sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: "v1" }).rejects(makeError());
      const secrets = store({ ttlMs: 60_000, maxStaleMs: 120_000, logger });
      await secrets.get("db");

      // Act
      vi.advanceTimersByTime(60_000);
      const during = await secrets.lookup("db");
      await drain(); // the refresh behind it fails
      const again = await secrets.lookup("db"); // within the first backoff step: no call
      sm.on(GetSecretValueCommand).resolves({ SecretString: "v2" });
      vi.advanceTimersByTime(1000); // the first backoff step is at most 1 s
      const retrying = await secrets.get("db");
      await drain();
      const after = await secrets.get("db");

      // Assess
      expect(during).toMatchObject({ value: "v1", stale: true, staleReason: "refreshing" });
      expect(again).toMatchObject({ value: "v1", stale: true, staleReason: "unavailable" });
      expect(retrying).toBe("v1");
      expect(after).toBe("v2");
      expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(3);
      expect(secrets.stats().staleServed).toBe(3);
      expect(logger.warn).toHaveBeenCalled();
    },
  );

  it("stops serving a stale value after maxStaleMs", async () => {
    // Prepare
    vi.useFakeTimers();
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: "v1" }).rejects(throttling());
    const secrets = store({ ttlMs: 60_000, maxStaleMs: 120_000 });
    await secrets.get("db");

    // Act
    vi.advanceTimersByTime(179_999);
    const lastStale = await secrets.get("db");
    vi.advanceTimersByTime(1);

    // Assess
    expect(lastStale).toBe("v1");
    await expect(secrets.get("db")).rejects.toThrow(
      expect.objectContaining({ code: "SECRET_UNAVAILABLE" }),
    );
  });

  it("never serves a stale value with maxStaleMs 0", async () => {
    vi.useFakeTimers();
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: "v1" }).rejects(serverError());
    const secrets = store({ ttlMs: 1000, maxStaleMs: 0 });
    await secrets.get("db");
    vi.advanceTimersByTime(1000);
    await expect(secrets.get("db")).rejects.toThrow(
      expect.objectContaining({ code: "SECRET_UNAVAILABLE" }),
    );
  });

  it("drops a cached value once a refresh says access is now denied", async () => {
    // Prepare
    vi.useFakeTimers();
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: "v1" }).rejects(accessDenied());
    const secrets = store({ ttlMs: 1000 });
    await secrets.get("db");

    // Act
    vi.advanceTimersByTime(1000);
    const whileRefreshing = await secrets.get("db");
    await drain();

    // Assess
    expect(whileRefreshing).toBe("v1");
    await expect(secrets.get("db")).rejects.toThrow(
      expect.objectContaining({ code: "SECRET_NOT_FOUND" }),
    );
  });

  it("keeps at most maxEntries secrets, evicting the least recently used", async () => {
    // Prepare
    sm.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => ({
      SecretString: `value of ${input.SecretId}`,
    }));
    const secrets = store({ maxEntries: 2 });

    // Act
    await secrets.get("a");
    await secrets.get("b");
    await secrets.get("c");
    const entries = secrets.stats().entries;
    await secrets.get("c");
    await secrets.get("a");

    // Assess
    expect(entries).toBe(2);
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([
      "a",
      "b",
      "c",
      "a",
    ]);
  });

  it("forgets a secret on invalidate", async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: "v" });
    const secrets = store();
    await secrets.get("db");
    secrets.invalidate("db");
    await secrets.get("db");
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});

describe("preload", () => {
  const names = Array.from({ length: 45 }, (_, i) => `svc/secret-${i}`);

  function serveBatch() {
    sm.on(BatchGetSecretValueCommand).callsFake((input: { SecretIdList: string[] }) => ({
      SecretValues: input.SecretIdList.map((id) => ({
        Name: id,
        ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}-AbCdEf`,
        SecretString: JSON.stringify({ id }),
        VersionId: "v1",
      })),
      Errors: [],
    }));
  }

  it("loads 45 secrets with 3 BatchGetSecretValue calls and serves them without GetSecretValue", async () => {
    // Prepare
    serveBatch();
    const secrets = store();

    // Act
    const result = await secrets.preload(names);
    const values = await Promise.all(names.map((n) => secrets.get(n)));

    // Assess
    const batches = sm
      .commandCalls(BatchGetSecretValueCommand)
      .map((c) => c.args[0].input.SecretIdList?.length);
    expect(batches.sort()).toEqual([20, 20, 5]);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(result.loaded.sort()).toEqual([...names].sort());
    expect(result.failed).toEqual([]);
    expect(values[7]).toEqual({ id: "svc/secret-7" });
    expect(secrets.stats()).toMatchObject({ apiCalls: 3, hits: 45, entries: 45 });
  });

  it("keeps per-secret errors and caches not-found so gets fall through without a call", async () => {
    // Prepare
    sm.on(BatchGetSecretValueCommand).resolves({
      SecretValues: [
        {
          Name: "ok",
          ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ok-AbCdEf",
          SecretString: "fine",
        },
      ],
      Errors: [
        { SecretId: "gone", ErrorCode: "ResourceNotFoundException", Message: "not found" },
        { SecretId: "locked", ErrorCode: "DecryptionFailure", Message: "kms" },
        { SecretId: "busy", ErrorCode: "InternalServiceError", Message: "try again" },
      ],
    });
    sm.on(GetSecretValueCommand).resolves({ SecretString: "fetched-later" });
    const secrets = store({ env: { SECRET_gone: "local-gone" } });

    // Act
    const result = await secrets.preload(["ok", "gone", "locked", "busy"]);
    const gone = await secrets.get("gone");
    const busy = await secrets.get("busy");

    // Assess
    expect(result.loaded).toEqual(["ok"]);
    expect(result.failed).toEqual([
      {
        name: "gone",
        code: "SECRET_NOT_FOUND",
        message: expect.stringContaining("ResourceNotFoundException"),
      },
      {
        name: "locked",
        code: "SECRET_ACCESS_DENIED",
        message: expect.stringContaining("DecryptionFailure"),
      },
      {
        name: "busy",
        code: "SECRET_UNAVAILABLE",
        message: expect.stringContaining("InternalServiceError"),
      },
    ]);
    expect(gone).toBe("local-gone");
    expect(busy).toBe("fetched-later");
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([
      "busy",
    ]);
  });

  it("reports every name of a failed batch call and leaves them to GetSecretValue", async () => {
    // Prepare
    sm.on(BatchGetSecretValueCommand).rejects(throttling());

    // Act
    const result = await store().preload(["a", "b"]);

    // Assess
    expect(result.failed.map((f) => [f.name, f.code])).toEqual([
      ["a", "SECRET_UNAVAILABLE"],
      ["b", "SECRET_UNAVAILABLE"],
    ]);
  });

  it("skips fresh entries and duplicates, and shares a batch with concurrent gets", async () => {
    // Prepare
    serveBatch();
    sm.on(GetSecretValueCommand).resolves({ SecretString: "single" });
    const secrets = store();
    await secrets.get("warm");

    // Act
    const preloading = secrets.preload(["warm", "x", "x", "y"]);
    const concurrent = secrets.get("x");
    const [result, x] = await Promise.all([preloading, concurrent]);

    // Assess
    expect(result).toEqual({ loaded: ["x", "y"], cached: ["warm"], skipped: [], failed: [] });
    expect(x).toEqual({ id: "x" });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(sm.commandCalls(BatchGetSecretValueCommand)).toHaveLength(1);
  });

  it("skips everything when Secrets Manager is disabled", async () => {
    const result = await createSecretStore({ env: {} }).preload(["a"]);
    expect(result).toEqual({ loaded: [], cached: [], skipped: ["a"], failed: [] });
    expect(sm.calls()).toHaveLength(0);
  });
  it("never echoes a refused name that is a pasted key: failed[].name is its position", async () => {
    const pasted = [
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "sk-proj-abcdefghijklmnopqrstuvwx12",
      "AKIAIOSFODNN7EXAMPLE",
    ];

    const result = await createSecretStore({ env: {} }).preload(["", ...pasted]);

    expect(result.failed).toEqual([
      expect.objectContaining({ name: "", code: "SECRET_INVALID_NAME" }),
      expect.objectContaining({ name: "names[1]", code: "SECRET_INVALID_NAME" }),
      expect.objectContaining({ name: "names[2]", code: "SECRET_INVALID_NAME" }),
      expect.objectContaining({ name: "names[3]", code: "SECRET_INVALID_NAME" }),
    ]);
    const shown = JSON.stringify(result);
    for (const key of pasted) expect(shown).not.toContain(key);
  });
});

describe("local fallbacks", () => {
  it.each([
    ["prod/aws/bedrock", "SECRET_prod_aws_bedrock"],
    ["dev-llm.openai", "SECRET_dev_llm_openai"],
    ["a+b=c@d", "SECRET_a_b_c_d"],
  ])("reads %s from %s", async (name, variable) => {
    const found = await createSecretStore({ env: { [variable]: "v" } }).lookup(name);
    expect(found).toMatchObject({ value: "v", source: "local-secret", variable });
  });

  it("prefers the process env over the env file, and uses the env file when the env lacks it", async () => {
    // Prepare
    const envFile = { SECRET_a: '{"from":"file"}', SECRET_b: "file-b" };
    const secrets = createSecretStore({ env: { SECRET_a: "env-a", SECRET_b: "  " }, envFile });

    // Act
    const a = await secrets.lookup("a");
    const b = await secrets.lookup("b");

    // Assess
    expect(a).toMatchObject({ value: "env-a", source: "local-secret" });
    expect(b).toMatchObject({ value: "file-b", source: "env-file" });
    expect(secrets.stats()).toMatchObject({ localServed: 1, envFileServed: 1, apiCalls: 0 });
  });

  it("lists every place it looked, naming variables and never values", async () => {
    // Prepare
    const secrets = createSecretStore({
      env: { SECRET_other: CANARY },
      envFile: { SECRET_other2: CANARY },
    });

    // Act
    const error = (await secrets.get("prod/db").catch((e: unknown) => e)) as SecretError;

    // Assess
    expect(error.code).toBe("SECRET_NOT_FOUND");
    expect(error.message).toContain("Secrets Manager: disabled");
    expect(error.message).toContain("environment variable SECRET_prod_db");
    expect(error.message).toContain("env file SECRET_prod_db");
    expect(error.hint).toContain("SECRET_prod_db");
    expect(inspect(error) + JSON.stringify(error)).not.toContain(CANARY);
  });

  it("reads the env live, so a variable set after creation is seen", async () => {
    const env: Record<string, string | undefined> = {};
    const secrets = createSecretStore({ env });
    env.SECRET_late = "now-set";
    await expect(secrets.get("late")).resolves.toBe("now-set");
  });
});

describe("secret values never leak", () => {
  it("keeps the canary out of errors, logs, stats and the serialized store", async () => {
    // Prepare
    const logger = spyLogger();
    vi.useFakeTimers();
    sm.on(GetSecretValueCommand, { SecretId: "good" })
      .resolvesOnce({
        SecretString: JSON.stringify({ api_key: CANARY, nested: { deep: [CANARY] } }),
      })
      .rejects(throttling());
    sm.on(GetSecretValueCommand, { SecretId: "denied" }).rejects(accessDenied());
    sm.on(GetSecretValueCommand, { SecretId: "bin" }).resolves({
      SecretBinary: new Uint8Array([0xff, 0xfe, 0x00]),
    });
    sm.on(BatchGetSecretValueCommand).resolves({
      SecretValues: [{ Name: "batch", SecretString: CANARY }],
      Errors: [
        { SecretId: "batch-gone", ErrorCode: "ResourceNotFoundException", Message: "not found" },
      ],
    });
    const secrets = store({ logger, ttlMs: 1000, env: { SECRET_other: CANARY } });
    const seen: unknown[] = [];
    const capture = (p: Promise<unknown>) =>
      p.then(
        (v) => seen.push(v instanceof Object ? "object" : "value"),
        (e: unknown) => seen.push(e),
      );

    // Act
    await capture(secrets.get("good"));
    vi.advanceTimersByTime(1000);
    await capture(secrets.get("good"));
    await capture(secrets.getValue("good", "missing"));
    await capture(secrets.getValue("good", "nested"));
    await capture(secrets.get("denied"));
    await capture(secrets.getValue("bin")); // bytes: get returns them, getValue refuses (issue 12)
    seen.push(await secrets.preload(["batch", "batch-gone"]));
    seen.push(secrets.stats());

    // Assess
    const everything = [
      JSON.stringify(secrets),
      inspect(secrets, { depth: 10, showHidden: true }),
      JSON.stringify(seen),
      ...seen.map((s) =>
        s instanceof Error ? `${s.message} ${s.stack ?? ""} ${(s as SecretError).hint}` : "",
      ),
      inspect(seen, { depth: 10 }),
      JSON.stringify(logger.debug.mock.calls),
      JSON.stringify(logger.info.mock.calls),
      JSON.stringify(logger.warn.mock.calls),
      JSON.stringify(logger.error.mock.calls),
    ].join("\n");
    expect(seen.filter((s) => s instanceof SecretError)).toHaveLength(4);
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain("canary");
  });
});
