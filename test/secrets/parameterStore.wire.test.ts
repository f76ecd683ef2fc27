// `ssm:` names through the secret store against the loopback Parameter Store emulator: the real
// SSMClient, real SigV4, the endpoint found the SDK's way (AWS_ENDPOINT_URL_SSM).
import { SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SecretError, createSecretStore } from "../../src/index.js";
import type { Logger } from "../../src/index.js";
import { EXAMPLE_CREDENTIALS, startSsmEmulator } from "../support/index.js";
import type { SsmEmulator } from "../support/index.js";
import { writeDefaultProfile } from "../support/writeDefaultProfile.js";

const ACCOUNT = "123456789012";
const arnOf = (path: string, region = "us-east-1") =>
  `arn:aws:ssm:${region}:${ACCOUNT}:parameter${path}`;
let ssm: SsmEmulator;

beforeAll(async () => {
  ssm = await startSsmEmulator({
    parameters: {
      "/prod/openai": { value: '{"api_key":"sk-test-ssm-1"}', type: "SecureString" },
      "/prod/plain": "plain-parameter-value",
      "/prod/versions": { value: "first", type: "SecureString" },
      "/prod/denied": { value: "never-read", type: "SecureString", accessDenied: true },
      "/prod/kms-denied": {
        value: "never-read",
        type: "SecureString",
        kmsFailure: "access-denied",
      },
      "/prod/kms-key": { value: "never-read", type: "SecureString", kmsFailure: "invalid-key-id" },
      ...Object.fromEntries(
        Array.from({ length: 25 }, (_, i) => [`/bulk/p${String(i).padStart(2, "0")}`, `v${i}`]),
      ),
    },
  });
  ssm.setParameter("/prod/versions", "second");
  ssm.labelParameterVersion("/prod/versions", ["blue"], 1);
});

afterAll(async () => {
  await ssm.close();
});

beforeEach(() => {
  Object.assign(process.env, ssm.env, {
    AWS_ACCESS_KEY_ID: EXAMPLE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EXAMPLE_CREDENTIALS.secretAccessKey,
    AWS_MAX_ATTEMPTS: "1",
  });
  // the identity of the partial env snapshots these tests hand the store (the service identity
  // of a snapshot without keys is the SDK default chain: here the default profile)
  writeDefaultProfile(EXAMPLE_CREDENTIALS);
  ssm.resetCalls();
});

afterEach(() => {
  vi.useRealTimers();
  ssm.faults.clear();
});

const remote = (env: Record<string, string> = {}, extra: { logger?: Logger } = {}) =>
  createSecretStore({
    useSecretsManager: true,
    env: { AWS_REGION: "us-east-1", ...env },
    ...extra,
  });

describe("ssm: names in the secret store", () => {
  it("reads and decrypts a SecureString, parses its JSON and says it came from Parameter Store", async () => {
    // Act
    const found = await remote().lookup("ssm:/prod/openai");

    // Assess
    expect(found).toMatchObject({
      name: "ssm:/prod/openai",
      value: { api_key: "sk-test-ssm-1" },
      source: "parameter-store",
      versionId: "1",
      stale: false,
    });
    expect(ssm.calls).toEqual([
      expect.objectContaining({
        op: "GetParameter",
        names: ["/prod/openai"],
        withDecryption: true,
        accessKeyId: EXAMPLE_CREDENTIALS.accessKeyId,
        region: "us-east-1",
        status: 200,
      }),
    ]);
  });

  it("reads a parameter by its ARN, and one value of it with getValue", async () => {
    const secrets = remote();
    expect(await secrets.lookup(arnOf("/prod/plain"))).toMatchObject({
      value: "plain-parameter-value",
      source: "parameter-store",
    });
    expect(await secrets.getValue("ssm:/prod/openai", "api_key")).toBe("sk-test-ssm-1");
  });

  it("signs for the region a parameter ARN names, whatever AWS_REGION says", async () => {
    // Prepare: an emulator that refuses signatures for any other region
    const eu = await startSsmEmulator({
      region: "eu-west-1",
      parameters: { "/eu/key": "eu-value" },
    });
    process.env.AWS_ENDPOINT_URL_SSM = eu.url;
    try {
      // Act
      const value = await remote().get(arnOf("/eu/key", "eu-west-1"));

      // Assess
      expect(value).toBe("eu-value");
      expect(eu.calls[0]).toMatchObject({ region: "eu-west-1", status: 200 });
    } finally {
      await eu.close();
    }
  });

  it("reads older versions by number, by label and by the name's own selector", async () => {
    const secrets = remote();
    expect(await secrets.get("ssm:/prod/versions")).toBe("second");
    expect(await secrets.get("ssm:/prod/versions", { versionId: "1" })).toBe("first");
    expect(await secrets.get("ssm:/prod/versions", { versionStage: "blue" })).toBe("first");
    expect(await secrets.get("ssm:/prod/versions:1")).toBe("first");
    expect(ssm.calls.map((c) => c.names[0])).toEqual([
      "/prod/versions",
      "/prod/versions:1",
      "/prod/versions:blue",
      "/prod/versions:1",
    ]);
  });

  it.each([
    [{ versionStage: "AWSPREVIOUS" }, "versionStage"],
    [{ versionStage: "AWSPENDING" }, "versionStage"],
    [{ versionId: "0b7c6a9e-uuid" }, "versionId"],
  ])("refuses %o for a parameter, without a call", async (version, option) => {
    const error = await remote()
      .get("ssm:/prod/versions", version)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "INVALID_OPTION",
      message: expect.stringContaining(option),
    });
    expect(ssm.callCount()).toBe(0);
  });

  it.each(["ssm:", " ssm:  ", "ssm: /prod/plain"])(
    "refuses %j as a name, without a call",
    async (name) => {
      const error = await remote()
        .get(name)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "SECRET_INVALID_NAME" });
      expect(ssm.callCount()).toBe(0);
    },
  );

  it("makes one GetParameter call for 20 concurrent cold gets", async () => {
    // Prepare
    ssm.faults.push({ op: "GetParameter", kind: "delay", delayMs: 20 });
    const secrets = remote();

    // Act
    const values = await Promise.all(
      Array.from({ length: 20 }, () => secrets.get("ssm:/prod/openai")),
    );

    // Assess
    expect(ssm.callCount("GetParameter")).toBe(1);
    expect(new Set(values).size).toBe(1);
    expect(secrets.stats()).toMatchObject({ apiCalls: 1 });
  });

  it("serves the stale value while Parameter Store throttles, then the new one", async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ["Date"] });
    const secrets = createSecretStore({
      useSecretsManager: true,
      env: { AWS_REGION: "us-east-1" },
      ttlMs: 60_000,
      maxStaleMs: 600_000,
    });
    await secrets.get("ssm:/prod/plain");
    ssm.faults.push({ op: "GetParameter", kind: "throttle", times: Infinity });
    vi.setSystemTime(Date.now() + 60_000);

    // Act
    const during = await secrets.lookup("ssm:/prod/plain");
    // the stale answer comes at once; the refresh behind it meets the throttling
    await vi.waitFor(() =>
      expect(ssm.calls.some((c) => c.errorType === "ThrottlingException")).toBe(true),
    );
    ssm.faults.clear();
    vi.setSystemTime(Date.now() + 600_000);
    const after = await secrets.lookup("ssm:/prod/plain");

    // Assess
    expect(during).toMatchObject({ value: "plain-parameter-value", stale: true });
    expect(secrets.stats().staleServed).toBeGreaterThanOrEqual(1);
    expect(after).toMatchObject({ value: "plain-parameter-value", stale: false });
    expect(ssm.calls.some((c) => c.errorType === "ThrottlingException")).toBe(true);
  });

  it("maps throttling with nothing cached to SECRET_UNAVAILABLE naming the 40 TPS default", async () => {
    ssm.faults.push({ op: "GetParameter", kind: "throttle" });
    const error = await remote()
      .get("ssm:/prod/plain")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretError);
    expect(error).toMatchObject({
      code: "SECRET_UNAVAILABLE",
      message: expect.stringContaining("40 TPS"),
      hint: expect.stringContaining("GetParameters"),
    });
  });

  it("reads SECRET_ssm__prod_x when Parameter Store has no such parameter", async () => {
    const found = await remote({ SECRET_ssm__prod_x: '{"api_key":"sk-local"}' }).lookup(
      "ssm:/prod/x",
    );
    expect(found).toMatchObject({
      source: "local-secret",
      variable: "SECRET_ssm__prod_x",
      value: { api_key: "sk-local" },
    });
    expect(ssm.calls[0]).toMatchObject({ op: "GetParameter", errorType: "ParameterNotFound" });
  });
});

describe("ssm: names that cannot be read", () => {
  it("says Parameter Store and how to create the parameter when it does not exist", async () => {
    const error = await remote()
      .get("ssm:/prod/nope")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "SECRET_NOT_FOUND",
      message: expect.stringContaining("Parameter Store (us-east-1): ParameterNotFound"),
      hint: expect.stringContaining("aws ssm put-parameter --name /prod/nope"),
    });
    expect((error as Error).message).toContain("SECRET_ssm__prod_nope");
    expect((error as SecretError).hint).not.toContain("secretsmanager");
  });

  it("hints ssm:GetParameter when IAM refuses the parameter", async () => {
    const logger = { warn: vi.fn() };
    const error = await remote({}, { logger })
      .get("ssm:/prod/denied")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "SECRET_NOT_FOUND",
      hint: expect.stringContaining("ssm:GetParameter"),
      cause: expect.objectContaining({ name: "AccessDeniedException" }),
    });
    expect(logger.warn).toHaveBeenCalledOnce();
  });

  it.each([
    ["/prod/kms-denied", "AccessDeniedException"],
    ["/prod/kms-key", "InvalidKeyId"],
  ])("hints kms:Decrypt when KMS refuses to decrypt %s (%s)", async (path, errorName) => {
    const error = await remote()
      .get(`ssm:${path}`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "SECRET_NOT_FOUND",
      hint: expect.stringContaining("kms:Decrypt on the SecureString's KMS key"),
      cause: expect.objectContaining({ name: errorName }),
    });
    expect((error as SecretError).hint).toContain("kms:ViaService");
    expect((error as SecretError).hint).not.toContain("secretsmanager");
  });

  it("falls back to the local variable when KMS refuses, with a warning", async () => {
    const logger = { warn: vi.fn() };
    const found = await remote({ SECRET_ssm__prod_kms_denied: "local" }, { logger }).lookup(
      "ssm:/prod/kms-denied",
    );
    expect(found).toMatchObject({ source: "local-secret", value: "local" });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining("Parameter Store"),
      expect.objectContaining({ secret: "ssm:/prod/kms-denied" }),
    );
  });

  it("names Parameter Store as switched off with USE_SECRETS_MANAGER, and calls nothing", async () => {
    const secrets = createSecretStore({ env: { USE_SECRETS_MANAGER: "false" } });
    const error = await secrets.get("ssm:/prod/plain").catch((e: unknown) => e);
    expect((error as Error).message).toContain("Parameter Store: disabled (USE_SECRETS_MANAGER");
    expect((error as Error).message).not.toContain("Secrets Manager: disabled");
    expect(ssm.callCount()).toBe(0);
  });

  it("refuses a parameter ARN in another region than the ssmClient given, without a call", async () => {
    const ssmClient = new SSMClient({
      region: "us-east-1",
      endpoint: ssm.url,
      credentials: EXAMPLE_CREDENTIALS,
    });
    const error = await createSecretStore({ ssmClient, useSecretsManager: true, env: {} })
      .get(arnOf("/eu/key", "eu-west-1"))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "SECRET_INVALID_REQUEST",
      message: expect.stringContaining("eu-west-1"),
    });
    expect(ssm.callCount()).toBe(0);
    ssmClient.destroy();
  });
});

describe("preload of ssm: names", () => {
  const bulk = Array.from({ length: 25 }, (_, i) => `ssm:/bulk/p${String(i).padStart(2, "0")}`);

  it("loads 25 parameters with 3 GetParameters calls, then serves them without a call", async () => {
    // Prepare
    const secrets = remote();

    // Act
    const result = await secrets.preload(bulk);
    const values = await Promise.all(bulk.map((n) => secrets.get(n)));

    // Assess
    expect(result.loaded.sort()).toEqual([...bulk].sort());
    expect(result.failed).toEqual([]);
    expect(ssm.callCount("GetParameters")).toBe(3);
    expect(ssm.calls.map((c) => c.names.length).sort()).toEqual([10, 10, 5]);
    expect(ssm.callCount("GetParameter")).toBe(0);
    expect(values[24]).toBe("v24");
  });

  it("reports only the names at fault when IAM or KMS fails the whole GetParameters call", async () => {
    // Prepare
    const names = [
      "ssm:/bulk/p00",
      "ssm:/prod/denied",
      "ssm:/prod/kms-denied",
      "ssm:/prod/nope",
      "ssm:/prod/versions:1",
    ];

    // Act
    const result = await remote().preload(names);

    // Assess
    expect(result.loaded.sort()).toEqual(["ssm:/bulk/p00", "ssm:/prod/versions:1"]);
    expect(result.failed).toEqual(
      expect.arrayContaining([
        {
          name: "ssm:/prod/denied",
          code: "SECRET_ACCESS_DENIED",
          message: "Parameter Store: AccessDeniedException for parameter ssm:/prod/denied.",
        },
        {
          name: "ssm:/prod/kms-denied",
          code: "SECRET_ACCESS_DENIED",
          message:
            "Parameter Store: AccessDeniedException (KMS could not decrypt it) for parameter ssm:/prod/kms-denied.",
        },
        {
          name: "ssm:/prod/nope",
          code: "SECRET_NOT_FOUND",
          message: "Parameter Store: ParameterNotFound for parameter ssm:/prod/nope.",
        },
      ]),
    );
    expect(result.failed).toHaveLength(3);
    expect(ssm.callCount("GetParameters")).toBe(1);
  });

  it("serves a preloaded version selector without another call", async () => {
    const secrets = remote();
    await secrets.preload(["ssm:/prod/versions:blue"]);
    expect(await secrets.get("ssm:/prod/versions:blue")).toBe("first");
    expect(ssm.calls.map((c) => c.op)).toEqual(["GetParameters"]);
  });
});
