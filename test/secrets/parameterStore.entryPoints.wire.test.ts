// Every place that takes a secret name takes an `ssm:` name unchanged, reads it in one region
// (AWS_REGION, never SECRETS_MANAGER_REGION) and accepts an SSMClient of the caller's.
import { SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createChainFromEnv,
  createSecretStore,
  fromSecretsManager,
  loadIntoEnv,
  loadSecretsForProvider,
} from "../../src/index.js";
import { EXAMPLE_CREDENTIALS, startSsmEmulator } from "../support/index.js";
import type { SsmEmulator } from "../support/index.js";
import { writeDefaultProfile } from "../support/writeDefaultProfile.js";

const STORED_KEY_ID = "AKIAI44QH8DHBEXAMPLE";
const STORED_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const OPENAI_KEY = "sk-proj-EXAMPLEexampleEXAMPLEexample4321";
let ssm: SsmEmulator;

beforeAll(async () => {
  ssm = await startSsmEmulator({
    parameters: {
      "/app/cfg": {
        value: '{"DATABASE_URL":"postgres://db/app","PORT":8080}',
        type: "SecureString",
      },
      "/prod/openai": { value: JSON.stringify({ api_key: OPENAI_KEY }), type: "SecureString" },
      "/prod/bedrock": {
        value: JSON.stringify({ accessKeyId: STORED_KEY_ID, secretAccessKey: STORED_SECRET }),
        type: "SecureString",
      },
    },
  });
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

const REGIONS = { AWS_REGION: "us-east-1", SECRETS_MANAGER_REGION: "eu-west-1" };

describe("ssm: names at every entry point", () => {
  it("loadIntoEnv sets the keys of a JSON parameter", async () => {
    const env: Record<string, string | undefined> = { ...REGIONS };
    const result = await loadIntoEnv({ secretId: "ssm:/app/cfg", env });
    expect(result.set.sort()).toEqual(["DATABASE_URL", "PORT"]);
    expect(env.PORT).toBe("8080");
  });

  it("loadSecretsForProvider reads OPENAI_SECRET_NAME=ssm:/…", async () => {
    const env: Record<string, string | undefined> = {
      ...REGIONS,
      USE_SECRETS_MANAGER: "true",
      OPENAI_SECRET_NAME: "ssm:/prod/openai",
    };
    const result = await loadSecretsForProvider({ provider: "openai", env });
    expect(result).toMatchObject({ secretName: "ssm:/prod/openai", set: ["OPENAI_API_KEY"] });
    expect(env.OPENAI_API_KEY).toBe(OPENAI_KEY);
  });

  it("createChainFromEnv resolves a Bedrock key pair from AWS_BEDROCK_SECRET_NAME=ssm:/…", async () => {
    const chain = createChainFromEnv({
      provider: "bedrock",
      env: {
        ...REGIONS,
        USE_SECRETS_MANAGER: "true",
        AWS_BEDROCK_SECRET_NAME: "ssm:/prod/bedrock",
      },
    });
    const decision = await chain.resolve();
    expect(decision.auth).toMatchObject({ source: "secrets-manager", accessKeyId: "AKIA…MPLE" });
    expect((await chain.credentials()).accessKeyId).toBe(STORED_KEY_ID);
  });

  it("skips the Secrets Manager source quietly for a missing parameter, like a missing secret", async () => {
    const chain = createChainFromEnv({
      provider: "openai",
      env: {
        USE_SECRETS_MANAGER: "true",
        OPENAI_SECRET_NAME: "ssm:/prod/missing",
        OPENAI_API_KEY: OPENAI_KEY,
      },
    });
    const decision = await chain.resolve();
    expect(decision.auth.source).toBe("env");
    expect(decision.warnings.join(" ")).not.toContain("ParameterNotFound");
    expect(decision.trace.find((t) => t.source === "secrets-manager")?.reason).toContain(
      "parameter ssm:/prod/missing could not be read (ParameterNotFound)",
    );
  });
});

describe("the region of ssm: names", () => {
  it.each([
    [
      "createSecretStore",
      () => createSecretStore({ useSecretsManager: true, env: REGIONS }).get("ssm:/prod/openai"),
    ],
    [
      "loadSecretsForProvider",
      () =>
        loadSecretsForProvider({
          provider: "openai",
          env: { ...REGIONS, USE_SECRETS_MANAGER: "true", OPENAI_SECRET_NAME: "ssm:/prod/openai" },
        }),
    ],
    [
      "createChainFromEnv",
      () =>
        createChainFromEnv({
          provider: "openai",
          env: { ...REGIONS, USE_SECRETS_MANAGER: "true", OPENAI_SECRET_NAME: "ssm:/prod/openai" },
        }).resolve(),
    ],
  ])("is AWS_REGION, not SECRETS_MANAGER_REGION, through %s", async (_entry, read) => {
    await read();
    expect(ssm.calls).toEqual([expect.objectContaining({ region: "us-east-1", status: 200 })]);
  });
});

describe("an SSMClient of the caller's", () => {
  const own = () => {
    const key = ssm.registry.issueLongTerm();
    const client = new SSMClient({
      region: "us-east-1",
      endpoint: ssm.url,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      maxAttempts: 1,
    });
    return { client, accessKeyId: key.accessKeyId };
  };

  it.each([
    [
      "loadIntoEnv",
      (ssmClient: SSMClient) => loadIntoEnv({ secretId: "ssm:/app/cfg", env: {}, ssmClient }),
    ],
    [
      "loadSecretsForProvider",
      (ssmClient: SSMClient) =>
        loadSecretsForProvider({
          provider: "openai",
          env: { USE_SECRETS_MANAGER: "true", OPENAI_SECRET_NAME: "ssm:/prod/openai" },
          ssmClient,
        }),
    ],
    [
      "createChainFromEnv",
      (ssmClient: SSMClient) =>
        createChainFromEnv({
          provider: "openai",
          env: { USE_SECRETS_MANAGER: "true", OPENAI_SECRET_NAME: "ssm:/prod/openai" },
          ssmClient,
        }).resolve(),
    ],
    [
      "fromSecretsManager",
      (ssmClient: SSMClient) =>
        fromSecretsManager({ secretId: "ssm:/prod/openai", enabled: true, ssmClient }).resolve({
          provider: "openai",
        }),
    ],
  ])("is used by %s", async (_entry, read) => {
    const { client, accessKeyId } = own();
    try {
      await read(client);
      expect(ssm.calls).toEqual([expect.objectContaining({ accessKeyId, status: 200 })]);
    } finally {
      client.destroy();
    }
  });

  it("cannot be combined with a store, as client cannot", async () => {
    const { client } = own();
    const error = await loadIntoEnv({
      secretId: "ssm:/app/cfg",
      store: createSecretStore({ env: {} }),
      ssmClient: client,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "INVALID_OPTION",
      message: expect.stringContaining("ssmClient"),
    });
    client.destroy();
  });
});
