import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { inspect } from "node:util";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadSecretsForProvider } from "../../src/index.js";
import type { Logger, Provider } from "../../src/index.js";

const sm = mockClient(SecretsManagerClient);
const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const OPENAI_KEY = "sk-proj-test0000000000000000000000000000";
const ANTHROPIC_KEY = "sk-ant-api03-test000000000000000000000000";
const COHERE_KEY = "co-test-000000000000000000000000000000";

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

beforeEach(() => {
  sm.reset();
});

describe("loadSecretsForProvider", () => {
  it.each<[Provider, string, string, Record<string, string>]>([
    [
      "openai",
      "OPENAI_SECRET_NAME",
      JSON.stringify({ api_key: OPENAI_KEY }),
      { OPENAI_API_KEY: OPENAI_KEY },
    ],
    [
      "openai",
      "OPENAI_SECRET_NAME",
      JSON.stringify({ apiKey: OPENAI_KEY }),
      { OPENAI_API_KEY: OPENAI_KEY },
    ],
    [
      "openai",
      "OPENAI_SECRET_NAME",
      JSON.stringify({ OPENAI_API_KEY: OPENAI_KEY }),
      { OPENAI_API_KEY: OPENAI_KEY },
    ],
    ["openai", "OPENAI_SECRET_NAME", OPENAI_KEY, { OPENAI_API_KEY: OPENAI_KEY }],
    [
      "anthropic",
      "ANTHROPIC_SECRET_NAME",
      JSON.stringify({ API_KEY: ANTHROPIC_KEY }),
      { ANTHROPIC_API_KEY: ANTHROPIC_KEY },
    ],
    [
      "cohere",
      "COHERE_SECRET_NAME",
      JSON.stringify({ co_api_key: COHERE_KEY }),
      { COHERE_API_KEY: COHERE_KEY },
    ],
    [
      "bedrock",
      "AWS_BEDROCK_SECRET_NAME",
      JSON.stringify({ access_key_id: KEY_ID, secret_access_key: SECRET, region: "eu-west-1" }),
      { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: "eu-west-1" },
    ],
    [
      "bedrock",
      "AWS_BEDROCK_SECRET_NAME",
      JSON.stringify({
        AccessKeyId: KEY_ID,
        SECRETACCESSKEY: SECRET,
        Session_Token: "tok",
        Aws_Region: "us-west-2",
      }),
      {
        AWS_ACCESS_KEY_ID: KEY_ID,
        AWS_SECRET_ACCESS_KEY: SECRET,
        AWS_SESSION_TOKEN: "tok",
        AWS_REGION: "us-west-2",
      },
    ],
    [
      "bedrock",
      "AWS_BEDROCK_SECRET_NAME",
      JSON.stringify({ AWS_BEARER_TOKEN_BEDROCK: "ABSKexampleexampleexample" }),
      { AWS_BEARER_TOKEN_BEDROCK: "ABSKexampleexampleexample" },
    ],
  ])(
    "loads %s from the secret named by %s (%s)",
    async (provider, nameVariable, secret, expected) => {
      // Prepare
      const env: Record<string, string | undefined> = {
        [nameVariable]: "prod/llm/x",
        SECRET_prod_llm_x: secret,
      };

      // Act
      const result = await loadSecretsForProvider({ provider, env });

      // Assess
      expect(result).toEqual({
        provider,
        secretName: "prod/llm/x",
        set: Object.keys(expected),
        skipped: [],
        cleared: [],
      });
      expect(env).toMatchObject(expected);
    },
  );

  it("picks the provider from LLM_PROVIDER and reads the secret from Secrets Manager", async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ api_key: ANTHROPIC_KEY }),
    });
    const env: Record<string, string | undefined> = {
      LLM_PROVIDER: "Anthropic",
      ANTHROPIC_SECRET_NAME: "prod/llm/anthropic",
      USE_SECRETS_MANAGER: "true",
    };

    // Act
    const result = await loadSecretsForProvider({
      env,
      client: new SecretsManagerClient({ region: "us-east-1" }),
    });

    // Assess
    expect(result.provider).toBe("anthropic");
    expect(result.set).toEqual(["ANTHROPIC_API_KEY"]);
    expect(sm.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: "prod/llm/anthropic",
    });
  });

  it("does nothing when the provider's secret name is not configured", async () => {
    const env: Record<string, string | undefined> = { LLM_PROVIDER: "openai" };
    await expect(loadSecretsForProvider({ env })).resolves.toEqual({
      provider: "openai",
      secretName: null,
      set: [],
      skipped: [],
      cleared: [],
    });
  });

  it("rejects an unknown LLM_PROVIDER with UNKNOWN_PROVIDER", async () => {
    await expect(loadSecretsForProvider({ env: { LLM_PROVIDER: "gpt" } })).rejects.toThrow(
      expect.objectContaining({ code: "UNKNOWN_PROVIDER" }),
    );
  });

  it("never mixes a loaded key pair with a session token already in the environment", async () => {
    // Prepare
    const env: Record<string, string | undefined> = {
      AWS_BEDROCK_SECRET_NAME: "b",
      SECRET_b: JSON.stringify({ access_key_id: KEY_ID, secret_access_key: SECRET }),
      AWS_SESSION_TOKEN: "old-token",
    };

    // Act
    const kept = await loadSecretsForProvider({ provider: "bedrock", env: { ...env } });
    const replacedEnv = { ...env };
    const replaced = await loadSecretsForProvider({
      provider: "bedrock",
      env: replacedEnv,
      override: true,
    });

    // Assess
    expect(kept.set).toEqual([]);
    expect(kept.skipped).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    expect(replaced.set).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    expect(replaced.cleared).toEqual(["AWS_SESSION_TOKEN"]);
    expect(replacedEnv.AWS_SESSION_TOKEN).toBeUndefined();
  });

  it("keeps existing variables and warns when the configured secret is missing", async () => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(
      new ResourceNotFoundException({ message: "missing", $metadata: {} }),
    );
    const logger = spyLogger();
    const env: Record<string, string | undefined> = {
      OPENAI_SECRET_NAME: "prod/llm/openai",
      OPENAI_API_KEY: OPENAI_KEY,
    };

    // Act
    const result = await loadSecretsForProvider({
      provider: "openai",
      env,
      client: new SecretsManagerClient({ region: "us-east-1" }),
      logger,
    });

    // Assess
    expect(result.skipped).toEqual(["OPENAI_API_KEY"]);
    expect(logger.warn).toHaveBeenCalledOnce();
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(OPENAI_KEY);
  });

  it("throws SECRET_NOT_FOUND when the secret is missing and nothing is configured", async () => {
    await expect(
      loadSecretsForProvider({
        provider: "openai",
        env: { OPENAI_SECRET_NAME: "prod/llm/openai" },
      }),
    ).rejects.toThrow(expect.objectContaining({ code: "SECRET_NOT_FOUND" }));
  });

  it.each([
    [
      "an ASIA key without a session token",
      "bedrock",
      JSON.stringify({ access_key_id: "ASIAIOSFODNN7EXAMPLE", secret_access_key: SECRET }),
      "SESSION_TOKEN_REQUIRED",
    ],
    [
      "half a key pair",
      "bedrock",
      JSON.stringify({ access_key_id: KEY_ID, region: "us-east-1" }),
      "SECRET_MALFORMED",
    ],
    [
      "an Anthropic key for OpenAI",
      "openai",
      JSON.stringify({ api_key: ANTHROPIC_KEY }),
      "WRONG_PROVIDER_KEY",
    ],
    [
      "a JSON secret without a key",
      "openai",
      JSON.stringify({ token: OPENAI_KEY }),
      "SECRET_MALFORMED",
    ],
  ] as const)("refuses %s and sets nothing", async (_case, provider, secret, code) => {
    // Prepare
    const nameVariable = provider === "bedrock" ? "AWS_BEDROCK_SECRET_NAME" : "OPENAI_SECRET_NAME";
    const env: Record<string, string | undefined> = { [nameVariable]: "s", SECRET_s: secret };
    const before = { ...env };

    // Act
    const error = await loadSecretsForProvider({ provider, env }).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code });
    expect(String((error as Error).message)).not.toContain(SECRET);
    expect(env).toEqual(before);
  });
});

describe("loadSecretsForProvider: values the OS would cut", () => {
  const TAIL = "TAILpartTAILpart";
  it.each([
    ["an API key with a NUL byte", "openai", { api_key: `${OPENAI_KEY}\0${TAIL}` }, "api_key"],
    [
      "a session token with a NUL byte",
      "bedrock",
      {
        access_key_id: "ASIAIOSFODNN7EXAMPLE",
        secret_access_key: SECRET,
        session_token: `FwoGZXIvYXdzEXAMPLE\0${TAIL}`,
      },
      "session_token",
    ],
    [
      "a bearer token with a NUL byte",
      "bedrock",
      { AWS_BEARER_TOKEN_BEDROCK: `ABSKexampleexampleexample\0${TAIL}` },
      "AWS_BEARER_TOKEN_BEDROCK",
    ],
    [
      "an API key with an escape character",
      "openai",
      { api_key: `${OPENAI_KEY}\u001b[2J` },
      "api_key",
    ],
  ] as const)(
    "refuses %s, naming the secret's key, and sets nothing",
    async (_case, provider, secret, key) => {
      // Prepare
      const nameVariable =
        provider === "bedrock" ? "AWS_BEDROCK_SECRET_NAME" : "OPENAI_SECRET_NAME";
      const env: Record<string, string | undefined> = {
        [nameVariable]: "s",
        SECRET_s: JSON.stringify(secret),
      };
      const before = { ...env };

      // Act
      const error = await loadSecretsForProvider({ provider, env }).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({
        code: "SECRET_MALFORMED",
        message: expect.stringContaining(`key ${key}`),
      });
      expect(inspect(error, { showHidden: true, depth: null })).not.toContain(TAIL);
      expect(env).toEqual(before);
    },
  );

  it("leaves process.env without a truncated key", async () => {
    // Prepare
    process.env.OPENAI_SECRET_NAME = "s";
    process.env.SECRET_s = JSON.stringify({ api_key: `${OPENAI_KEY}\0${TAIL}` });
    try {
      // Act
      const error = await loadSecretsForProvider({ provider: "openai" }).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ code: "SECRET_MALFORMED" });
      expect(process.env.OPENAI_API_KEY).toBeUndefined();
    } finally {
      delete process.env.OPENAI_SECRET_NAME;
      delete process.env.SECRET_s;
      delete process.env.OPENAI_API_KEY;
    }
  });
});
