import { describe, expect, it } from "vitest";
import {
  CredentialConfigError,
  decideCredentials,
  type AuthSummary,
  type DecideInput,
  type Provider,
  type RevealedIdentity,
} from "../../src/core/index.js";
import {
  ABSK_KEY,
  AKIA,
  ALL_SECRETS,
  ANTHROPIC_KEY,
  BEDROCK_KEY,
  COHERE_KEY,
  CUSTOM_KEY,
  OPENAI_KEY,
  SECRET,
  expectNoSecrets,
  renderDecision,
  renderError,
  thrownBy,
} from "./support/fixtures.js";

interface Row {
  name: string;
  input: DecideInput;
  auth: AuthSummary;
  reveal: RevealedIdentity;
}

const apiKey = (source: AuthSummary["source"], detail: string, masked: string): AuthSummary => ({
  kind: "api-key",
  source,
  detail,
  apiKey: masked,
});
const revealKey = (key: string): RevealedIdentity => ({ kind: "api-key", apiKey: key });

const rows: Row[] = [
  // openai
  {
    name: "openai: the admin key beats OPENAI_API_KEY",
    input: {
      provider: "openai",
      adminKey: OPENAI_KEY,
      env: { OPENAI_API_KEY: "sk-other-key-0123456789xx" },
    },
    auth: apiKey("admin", "api-key", "…oaik"),
    reveal: revealKey(OPENAI_KEY),
  },
  {
    name: "openai: OPENAI_API_KEY from env",
    input: { provider: "openai", env: { OPENAI_API_KEY: ` ${OPENAI_KEY} ` } },
    auth: apiKey("env", "OPENAI_API_KEY", "…oaik"),
    reveal: revealKey(OPENAI_KEY),
  },
  {
    name: "openai: OPENAI_API_KEY from the env file",
    input: {
      provider: "openai",
      env: { OPENAI_API_KEY: "" },
      envFile: { OPENAI_API_KEY: OPENAI_KEY },
    },
    auth: apiKey("env-file", "OPENAI_API_KEY", "…oaik"),
    reveal: revealKey(OPENAI_KEY),
  },
  {
    name: "openai: env beats the env file",
    input: {
      provider: "openai",
      env: { OPENAI_API_KEY: OPENAI_KEY },
      envFile: { OPENAI_API_KEY: "sk-file-key-0123456789abcdfile" },
    },
    auth: apiKey("env", "OPENAI_API_KEY", "…oaik"),
    reveal: revealKey(OPENAI_KEY),
  },
  {
    name: "openai: a local secret as a plain string beats OPENAI_API_KEY",
    input: {
      provider: "openai",
      env: {
        OPENAI_SECRET_NAME: "dev/llm/openai",
        SECRET_dev_llm_openai: OPENAI_KEY,
        OPENAI_API_KEY: "sk-other-key-0123456789xx",
      },
    },
    auth: apiKey("local-secret", "dev/llm/openai", "…oaik"),
    reveal: revealKey(OPENAI_KEY),
  },
  ...(["api_key", "apiKey", "OPENAI_API_KEY", "Api_Key", "openai_api_key"] as const).map(
    (key): Row => ({
      name: `openai: a local secret JSON under ${key}`,
      input: {
        provider: "openai",
        env: {
          OPENAI_SECRET_NAME: "dev/llm/openai",
          SECRET_dev_llm_openai: JSON.stringify({ [key]: OPENAI_KEY }),
        },
      },
      auth: apiKey("local-secret", "dev/llm/openai", "…oaik"),
      reveal: revealKey(OPENAI_KEY),
    }),
  ),
  {
    name: "openai: a local secret from the env file",
    input: {
      provider: "openai",
      env: { OPENAI_SECRET_NAME: "dev/llm/openai" },
      envFile: { SECRET_dev_llm_openai: OPENAI_KEY },
    },
    auth: apiKey("local-secret", "dev/llm/openai", "…oaik"),
    reveal: revealKey(OPENAI_KEY),
  },
  // anthropic
  {
    name: "anthropic: the admin key",
    input: { provider: "anthropic", adminKey: ANTHROPIC_KEY, env: {} },
    auth: apiKey("admin", "api-key", "…anth"),
    reveal: revealKey(ANTHROPIC_KEY),
  },
  {
    name: "anthropic: ANTHROPIC_API_KEY from env",
    input: { provider: "anthropic", env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY } },
    auth: apiKey("env", "ANTHROPIC_API_KEY", "…anth"),
    reveal: revealKey(ANTHROPIC_KEY),
  },
  {
    name: "anthropic: a local secret JSON under ANTHROPIC_API_KEY",
    input: {
      provider: "anthropic",
      env: {
        ANTHROPIC_SECRET_NAME: "prod/llm/anthropic",
        SECRET_prod_llm_anthropic: JSON.stringify({ ANTHROPIC_API_KEY: ANTHROPIC_KEY }),
      },
    },
    auth: apiKey("local-secret", "prod/llm/anthropic", "…anth"),
    reveal: revealKey(ANTHROPIC_KEY),
  },
  // cohere
  {
    name: "cohere: COHERE_API_KEY from env",
    input: { provider: "cohere", env: { COHERE_API_KEY: COHERE_KEY } },
    auth: apiKey("env", "COHERE_API_KEY", "…coho"),
    reveal: revealKey(COHERE_KEY),
  },
  {
    name: "cohere: CO_API_KEY from env",
    input: { provider: "cohere", env: { CO_API_KEY: COHERE_KEY } },
    auth: apiKey("env", "CO_API_KEY", "…coho"),
    reveal: revealKey(COHERE_KEY),
  },
  {
    name: "cohere: COHERE_API_KEY beats CO_API_KEY",
    input: {
      provider: "cohere",
      env: { COHERE_API_KEY: COHERE_KEY, CO_API_KEY: "EXAMPLEotherCohere0123456789zz" },
    },
    auth: apiKey("env", "COHERE_API_KEY", "…coho"),
    reveal: revealKey(COHERE_KEY),
  },
  {
    name: "cohere: CO_API_KEY from the env file",
    input: { provider: "cohere", env: {}, envFile: { CO_API_KEY: COHERE_KEY } },
    auth: apiKey("env-file", "CO_API_KEY", "…coho"),
    reveal: revealKey(COHERE_KEY),
  },
  {
    name: "cohere: a local secret JSON under co_api_key",
    input: {
      provider: "cohere",
      env: { COHERE_SECRET_NAME: "c", SECRET_c: JSON.stringify({ co_api_key: COHERE_KEY }) },
    },
    auth: apiKey("local-secret", "c", "…coho"),
    reveal: revealKey(COHERE_KEY),
  },
  // custom
  {
    name: "custom: the admin key",
    input: { provider: "custom", adminKey: CUSTOM_KEY, env: {} },
    auth: apiKey("admin", "api-key", "…cust"),
    reveal: revealKey(CUSTOM_KEY),
  },
  {
    name: "custom: CUSTOM_API_KEY from env",
    input: { provider: "custom", env: { CUSTOM_API_KEY: CUSTOM_KEY } },
    auth: apiKey("env", "CUSTOM_API_KEY", "…cust"),
    reveal: revealKey(CUSTOM_KEY),
  },
  {
    name: "custom: no key at all is allowed",
    input: { provider: "custom", adminKey: "  ", env: { OPENAI_API_KEY: OPENAI_KEY } },
    auth: { kind: "none", source: "none", detail: null },
    reveal: { kind: "none" },
  },
  {
    name: "custom: a short key is masked entirely",
    input: { provider: "custom", adminKey: "short-key", env: {} },
    auth: apiKey("admin", "api-key", "[redacted]"),
    reveal: revealKey("short-key"),
  },
  // LLM_PROVIDER
  {
    name: "LLM_PROVIDER picks openai when the caller does not",
    input: { env: { LLM_PROVIDER: "openai", OPENAI_API_KEY: OPENAI_KEY } },
    auth: apiKey("env", "OPENAI_API_KEY", "…oaik"),
    reveal: revealKey(OPENAI_KEY),
  },
  {
    name: "LLM_PROVIDER is case-insensitive and trimmed",
    input: { env: { LLM_PROVIDER: " Anthropic\n", ANTHROPIC_API_KEY: ANTHROPIC_KEY } },
    auth: apiKey("env", "ANTHROPIC_API_KEY", "…anth"),
    reveal: revealKey(ANTHROPIC_KEY),
  },
  {
    name: "LLM_PROVIDER may come from the env file",
    input: { env: { COHERE_API_KEY: COHERE_KEY }, envFile: { LLM_PROVIDER: "cohere" } },
    auth: apiKey("env", "COHERE_API_KEY", "…coho"),
    reveal: revealKey(COHERE_KEY),
  },
  {
    name: "the caller's provider beats LLM_PROVIDER (even an invalid one)",
    input: { provider: "openai", env: { LLM_PROVIDER: "gemini", OPENAI_API_KEY: OPENAI_KEY } },
    auth: apiKey("env", "OPENAI_API_KEY", "…oaik"),
    reveal: revealKey(OPENAI_KEY),
  },
  {
    name: "without provider or LLM_PROVIDER, bedrock is decided",
    input: { env: { OPENAI_API_KEY: OPENAI_KEY } },
    auth: { kind: "aws-default-chain", source: "default-chain", detail: null },
    reveal: { kind: "aws-default-chain" },
  },
];

describe("decideCredentials for API-key providers", () => {
  it.each(rows)("$name", ({ input, auth, reveal }) => {
    const decision = decideCredentials(input);

    expect(decision.auth).toEqual(auth);
    expect(decision.reveal()).toEqual(reveal);
    if (decision.provider !== "bedrock") expect(decision.region).toBeNull();
    expect(decision.modelId).toBeNull();
    expectNoSecrets(renderDecision(decision), [...ALL_SECRETS, "sk-other-key-0123456789xx"]);
  });

  it("ignores AWS credentials in the environment", () => {
    const decision = decideCredentials({
      provider: "openai",
      env: { AWS_ACCESS_KEY_ID: AKIA, AWS_SECRET_ACCESS_KEY: SECRET, OPENAI_API_KEY: OPENAI_KEY },
    });
    expect(decision.auth.source).toBe("env");
    expect(decision.trace.map((t) => t.source)).toEqual([
      "admin",
      "secrets-manager",
      "local-secret",
      "env",
      "env-file",
    ]);
  });

  it("records OPENAI_SECRET_NAME in Secrets Manager as not-consulted", () => {
    const decision = decideCredentials({
      provider: "openai",
      env: {
        USE_SECRETS_MANAGER: "yes",
        OPENAI_SECRET_NAME: "prod/llm/openai",
        OPENAI_API_KEY: OPENAI_KEY,
      },
    });
    expect(decision.trace[1]).toMatchObject({
      source: "secrets-manager",
      outcome: "not-consulted",
    });
    expect(decision.warnings[0]).toContain("OPENAI_SECRET_NAME");
  });
});

const WRONG: [Provider, string, string][] = [
  ["openai", ANTHROPIC_KEY, "an Anthropic API key"],
  ["openai", AKIA, "an AWS credential"],
  ["openai", `${AKIA}:${SECRET}`, "an AWS credential"],
  ["openai", BEDROCK_KEY, "an AWS credential"],
  ["anthropic", OPENAI_KEY, "an OpenAI API key"],
  ["anthropic", ABSK_KEY, "an AWS credential"],
  ["cohere", OPENAI_KEY, "an OpenAI API key"],
  ["cohere", ANTHROPIC_KEY, "an Anthropic API key"],
  ["cohere", `${AKIA}:${SECRET}`, "an AWS credential"],
  ["custom", AKIA, "an AWS credential"],
  ["custom", BEDROCK_KEY, "an AWS credential"],
];

const ENV_NAME: Record<Exclude<Provider, "bedrock">, string> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  cohere: "CO_API_KEY",
  custom: "CUSTOM_API_KEY",
};

describe("WRONG_PROVIDER_KEY", () => {
  it.each(WRONG)("refuses, for %s, an admin key that is %#", (provider, key, looksLike) => {
    const error = thrownBy(() => decideCredentials({ provider, adminKey: key, env: {} }));
    expect(error).toBeInstanceOf(CredentialConfigError);
    expect(error).toMatchObject({ code: "WRONG_PROVIDER_KEY" });
    expect((error as Error).message).toContain(`The admin key looks like ${looksLike}`);
    expectNoSecrets(renderError(error), [key, AKIA, SECRET]);
  });

  it.each(WRONG)("refuses, for %s, an env key that is %#", (provider, key, looksLike) => {
    const name = ENV_NAME[provider as Exclude<Provider, "bedrock">];
    const error = thrownBy(() => decideCredentials({ provider, env: { [name]: key } }));
    expect(error).toMatchObject({ code: "WRONG_PROVIDER_KEY" });
    expect((error as Error).message).toContain(`${name} looks like ${looksLike}`);
    expectNoSecrets(renderError(error), [key, AKIA, SECRET]);
  });

  it.each(WRONG)("refuses, for %s, a local secret that is %#", (provider, key) => {
    const error = thrownBy(() =>
      decideCredentials({
        provider,
        env: {
          [`${provider.toUpperCase()}_SECRET_NAME`]: "s",
          SECRET_s: JSON.stringify({ api_key: key }),
        },
      }),
    );
    expect(error).toMatchObject({ code: "WRONG_PROVIDER_KEY" });
    expect((error as Error).message).toContain("Secret s looks like");
    expectNoSecrets(renderError(error), [key, AKIA, SECRET]);
  });
});

describe("API_KEY_MISSING", () => {
  it.each([
    ["openai", ["OPENAI_API_KEY", "OPENAI_SECRET_NAME"]],
    ["anthropic", ["ANTHROPIC_API_KEY", "ANTHROPIC_SECRET_NAME"]],
    ["cohere", ["COHERE_API_KEY", "CO_API_KEY", "COHERE_SECRET_NAME"]],
  ] as const)(
    "is thrown for %s with no key anywhere, naming where it looked",
    (provider, names) => {
      const error = thrownBy(() =>
        decideCredentials({ provider, adminKey: " ", env: { [names[0]]: "  " }, envFile: {} }),
      );
      expect(error).toBeInstanceOf(CredentialConfigError);
      expect(error).toMatchObject({ code: "API_KEY_MISSING" });
      for (const name of names) expect((error as Error).message).toContain(name);
    },
  );

  it("is thrown when the only key is another provider's variable", () => {
    expect(() =>
      decideCredentials({ provider: "anthropic", env: { OPENAI_API_KEY: OPENAI_KEY } }),
    ).toThrow(expect.objectContaining({ code: "API_KEY_MISSING" }));
  });

  it.each([
    ["a plain string that is empty JSON-wise", "{}", "has no API key (no keys)"],
    ["a JSON object without a key", JSON.stringify({ token: OPENAI_KEY }), "keys: token"],
    ["broken JSON", `{"api_key": "${OPENAI_KEY}"`, "is not valid JSON"],
    ["a plain string with whitespace inside", `${OPENAI_KEY} x`, "whitespace inside"],
  ])("SECRET_MALFORMED for a local secret that is %s", (_label, text, message) => {
    const error = thrownBy(() =>
      decideCredentials({ provider: "openai", env: { OPENAI_SECRET_NAME: "o", SECRET_o: text } }),
    );
    expect(error).toMatchObject({ code: "SECRET_MALFORMED" });
    expect((error as Error).message).toContain(message);
    expectNoSecrets(renderError(error), [OPENAI_KEY]);
  });
});

describe("API keys that only Secrets Manager holds", () => {
  it("names the secret instead of failing with API_KEY_MISSING", () => {
    const decision = decideCredentials({
      provider: "openai",
      env: { USE_SECRETS_MANAGER: "true", OPENAI_SECRET_NAME: "prod/llm/openai" },
    });
    expect(decision.auth).toEqual({
      kind: "api-key",
      source: "secrets-manager",
      detail: "prod/llm/openai",
    });
    expect(decision.reveal()).toEqual({
      kind: "deferred",
      source: "secrets-manager",
      secretName: "prod/llm/openai",
    });
    expect(decision.warnings.join("\n")).toContain("does not fetch");
  });

  it("still prefers a key found locally", () => {
    const decision = decideCredentials({
      provider: "openai",
      env: {
        USE_SECRETS_MANAGER: "true",
        OPENAI_SECRET_NAME: "prod/llm/openai",
        OPENAI_API_KEY: "sk-proj-0123456789abcdefghijkl",
      },
    });
    expect(decision.auth.source).toBe("env");
  });

  it("unwraps a secret stored as a JSON string and refuses other JSON", () => {
    const env = (value: string) => ({ OPENAI_SECRET_NAME: "dev/openai", SECRET_dev_openai: value });
    expect(
      decideCredentials({
        provider: "openai",
        env: env('"sk-proj-0123456789abcdefghijkl"'),
      }).reveal(),
    ).toEqual({
      kind: "api-key",
      apiKey: "sk-proj-0123456789abcdefghijkl",
    });
    expect(() =>
      decideCredentials({ provider: "openai", env: env('["sk-proj-0123456789abcdefghijkl"]') }),
    ).toThrow(expect.objectContaining({ code: "SECRET_MALFORMED" }));
  });
});
