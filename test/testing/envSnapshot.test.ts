import { describe, expect, it } from "vitest";
import { decideCredentials } from "../../src/index.js";
import type { DecideInput } from "../../src/index.js";
import { envSnapshot, exampleEnv, exampleKeys } from "../../src/testing/index.js";

describe("envSnapshot", () => {
  it("layers left to right, and undefined removes a variable", () => {
    const env = envSnapshot(
      exampleEnv.pair,
      { AWS_REGION: "eu-west-1" },
      { AWS_SECRET_ACCESS_KEY: undefined },
    );
    expect(env).toEqual({ AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_REGION: "eu-west-1" });
    expect("AWS_SECRET_ACCESS_KEY" in env).toBe(false);
  });

  it("is frozen, so code that writes to its env fails loudly", () => {
    const env = envSnapshot(exampleEnv.pair) as Record<string, string | undefined>;
    expect(() => {
      env.AWS_REGION = "us-west-2";
    }).toThrow(TypeError);
  });

  it("refuses a non-string value, naming the variable", () => {
    const bad = { AWS_MAX_ATTEMPTS: 3 } as unknown as Record<string, string>;
    expect(() => envSnapshot(bad)).toThrow(/AWS_MAX_ATTEMPTS/);
  });

  it("writes local secrets under the SECRET_<name> variable the core reads", () => {
    const env = exampleEnv.localSecret("prod/aws/bedrock", { access_key_id: "x" });
    expect(env).toEqual({
      AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
      SECRET_prod_aws_bedrock: '{"access_key_id":"x"}',
    });
    expect(exampleEnv.secretsManager("prod/llm/openai", "openai")).toEqual({
      USE_SECRETS_MANAGER: "true",
      OPENAI_SECRET_NAME: "prod/llm/openai",
    });
  });
});

describe("exampleKeys and exampleEnv drive every precedence branch", () => {
  type Row = [string, Omit<DecideInput, "env">, ReturnType<typeof envSnapshot>, object];
  it.each<Row>([
    [
      "admin pair beats env and ignores the env session token",
      { provider: "bedrock", adminKey: exampleKeys.adminPair },
      envSnapshot(exampleEnv.temporaryPair, exampleEnv.bedrockBearerToken),
      { kind: "aws-static", source: "admin", detail: "pair", hasSessionToken: false },
    ],
    [
      "bare secret takes the key ID from env",
      { provider: "bedrock", adminKey: exampleKeys.bareSecret },
      envSnapshot(exampleEnv.accessKeyIdOnly),
      { kind: "aws-static", source: "admin", detail: "secret-only" },
    ],
    [
      "Bedrock API key is a bearer token",
      { provider: "bedrock", adminKey: exampleKeys.bedrockLongTermApiKey },
      envSnapshot(),
      { kind: "bearer-token", source: "admin", detail: "bedrock-api-key" },
    ],
    [
      "local secret before env",
      { provider: "bedrock" },
      envSnapshot(
        exampleEnv.pair,
        exampleEnv.localSecret("prod/aws/bedrock", {
          access_key_id: exampleKeys.temporaryAccessKeyId,
          secret_access_key: exampleKeys.bareSecret,
          session_token: exampleKeys.sessionToken,
        }),
      ),
      { kind: "aws-static", source: "local-secret", hasSessionToken: true },
    ],
    [
      "env bearer token before env pair",
      { provider: "bedrock" },
      envSnapshot(exampleEnv.pair, exampleEnv.bedrockBearerToken),
      { kind: "bearer-token", source: "env" },
    ],
    [
      "OpenAI key from env",
      { provider: "openai" },
      envSnapshot(exampleEnv.openai, exampleEnv.anthropic),
      { kind: "api-key", source: "env", detail: "OPENAI_API_KEY" },
    ],
    [
      "Cohere key from env",
      { provider: "cohere" },
      envSnapshot(exampleEnv.cohere),
      { kind: "api-key", source: "env" },
    ],
  ])("%s", (_, input, env, auth) => {
    expect(decideCredentials({ ...input, env }).auth).toMatchObject(auth);
  });

  it.each([
    ["swapped pair", "bedrock", exampleKeys.swappedPair, "ADMIN_KEY_SWAPPED"],
    ["Anthropic key for OpenAI", "openai", exampleKeys.anthropic, "WRONG_PROVIDER_KEY"],
    ["AWS pair for Anthropic", "anthropic", exampleKeys.adminPair, "WRONG_PROVIDER_KEY"],
  ] as const)("%s → %s", (_, provider, adminKey, code) => {
    expect(() => decideCredentials({ provider, adminKey, env: envSnapshot() })).toThrow(
      expect.objectContaining({ code }),
    );
  });
});
