import { describe, expect, it } from "vitest";
import type { CredchainError } from "../../src/core/index.js";
import {
  CredentialConfigError,
  decideCredentials,
  isCredchainError,
  isCredentialConfigError,
  parseAdminKey,
  type CredchainErrorCode,
  type DecideInput,
  type Provider,
} from "../../src/core/index.js";
import {
  ABSK_KEY,
  AKIA,
  AKIA_2,
  ALL_SECRETS,
  ANTHROPIC_KEY,
  ASIA,
  BEDROCK_KEY,
  COHERE_KEY,
  ENV_BEARER,
  ENV_TOKEN,
  OPENAI_KEY,
  SECRET,
  SECRET_2,
  TOKEN,
  expectNoSecrets,
  renderError,
  thrownBy,
} from "./support/fixtures.js";

const SECRET_NAME = { AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock" };
const local = (payload: unknown) => ({
  ...SECRET_NAME,
  SECRET_prod_aws_bedrock: typeof payload === "string" ? payload : JSON.stringify(payload),
});

interface ErrorRow {
  name: string;
  input: DecideInput;
  code: CredchainErrorCode;
  /** A fragment the message must contain: the variable, option or part at fault. */
  message: string | RegExp;
}

const bedrock = (rest: Omit<DecideInput, "provider" | "env"> & { env?: DecideInput["env"] }) => ({
  provider: "bedrock" as const,
  env: {},
  ...rest,
});

const rows: ErrorRow[] = [
  // admin key form
  {
    name: "a bare secret without any AWS_ACCESS_KEY_ID",
    input: bedrock({ adminKey: SECRET, envFile: { AWS_SECRET_ACCESS_KEY: SECRET_2 } }),
    code: "ACCESS_KEY_ID_REQUIRED",
    message: "AWS_ACCESS_KEY_ID is not set",
  },
  {
    name: "a bare secret with a blank AWS_ACCESS_KEY_ID",
    input: bedrock({ adminKey: SECRET, env: { AWS_ACCESS_KEY_ID: "   " } }),
    code: "ACCESS_KEY_ID_REQUIRED",
    message: "AWS_ACCESS_KEY_ID",
  },
  {
    name: "an ASIA admin pair without a session token",
    input: bedrock({ adminKey: `${ASIA}:${SECRET}`, env: { AWS_SESSION_TOKEN: ENV_TOKEN } }),
    code: "SESSION_TOKEN_REQUIRED",
    message: "temporary (ASIA…)",
  },
  {
    name: "a bare secret with an ASIA key in env (never assembled from two places)",
    input: bedrock({
      adminKey: SECRET,
      env: { AWS_ACCESS_KEY_ID: ASIA, AWS_SESSION_TOKEN: ENV_TOKEN },
    }),
    code: "SESSION_TOKEN_REQUIRED",
    message: "never assembled from two places",
  },
  {
    name: "a bare secret with an ASIA key in the env file",
    input: bedrock({ adminKey: SECRET, envFile: { AWS_ACCESS_KEY_ID: ASIA } }),
    code: "SESSION_TOKEN_REQUIRED",
    message: "AWS_ACCESS_KEY_ID",
  },
  {
    name: "a swapped pair",
    input: bedrock({ adminKey: `${SECRET}:${AKIA}` }),
    code: "ADMIN_KEY_SWAPPED",
    message: "swapped",
  },
  {
    name: "a swapped pair with a token",
    input: bedrock({ adminKey: `${SECRET}:${ASIA}:${TOKEN}` }),
    code: "ADMIN_KEY_SWAPPED",
    message: "swapped",
  },
  {
    name: "an empty second part",
    input: bedrock({ adminKey: `${AKIA}:` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "empty colon-separated part",
  },
  {
    name: "an empty first part",
    input: bedrock({ adminKey: `:${SECRET}` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "empty colon-separated part",
  },
  {
    name: "an empty middle part",
    input: bedrock({ adminKey: `${AKIA}::${TOKEN}` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "empty colon-separated part",
  },
  {
    name: "an empty third part",
    input: bedrock({ adminKey: `${ASIA}:${SECRET}:` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "empty colon-separated part",
  },
  {
    name: "more than three parts",
    input: bedrock({ adminKey: `${AKIA}:${SECRET}:${TOKEN}:extra` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "4 colon-separated parts",
  },
  {
    name: "a space inside the key",
    input: bedrock({ adminKey: `${AKIA}: ${SECRET}` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "whitespace inside",
  },
  {
    name: "a line break inside the key",
    input: bedrock({ adminKey: `${AKIA}\n${SECRET}` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "whitespace inside",
  },
  {
    name: "a tab inside a bare secret",
    input: bedrock({ adminKey: `${SECRET.slice(0, 20)}\t${SECRET.slice(20)}` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "whitespace inside",
  },
  {
    name: "a first part that is not an access key ID",
    input: bedrock({ adminKey: `not-a-key-id:${SECRET}` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "first part is not an AWS access key ID",
  },
  {
    name: "two access key IDs",
    input: bedrock({ adminKey: `${AKIA}:${AKIA_2}` }),
    code: "ADMIN_KEY_MALFORMED",
    message: "second part is an access key ID",
  },
  {
    name: "an access key ID alone",
    input: bedrock({ adminKey: AKIA }),
    code: "ADMIN_KEY_UNRECOGNIZED",
    message: "access key ID alone",
  },
  {
    name: "an unrecognized string",
    input: bedrock({ adminKey: "hunter2-not-a-credential" }),
    code: "ADMIN_KEY_UNRECOGNIZED",
    message: "not a recognized Bedrock credential",
  },
  {
    name: "a 39-character secret",
    input: bedrock({ adminKey: SECRET.slice(1) }),
    code: "ADMIN_KEY_UNRECOGNIZED",
    message: "not a recognized Bedrock credential",
  },
  {
    name: "a bedrock-api-key- prefix with too little after it",
    input: bedrock({ adminKey: "bedrock-api-key-abc" }),
    code: "ADMIN_KEY_UNRECOGNIZED",
    message: "not a recognized Bedrock credential",
  },
  {
    name: "an OpenAI key for bedrock",
    input: bedrock({ adminKey: OPENAI_KEY }),
    code: "WRONG_PROVIDER_KEY",
    message: "an OpenAI API key, but the provider is bedrock",
  },
  {
    name: "an Anthropic key for bedrock",
    input: bedrock({ adminKey: ANTHROPIC_KEY }),
    code: "WRONG_PROVIDER_KEY",
    message: "an Anthropic API key, but the provider is bedrock",
  },
  // env
  {
    name: "an ASIA env pair without AWS_SESSION_TOKEN",
    input: bedrock({ env: { AWS_ACCESS_KEY_ID: ASIA, AWS_SECRET_ACCESS_KEY: SECRET } }),
    code: "SESSION_TOKEN_REQUIRED",
    message: "AWS_SESSION_TOKEN is not set",
  },
  {
    name: "an ASIA env-file pair whose token is only in env",
    input: bedrock({
      env: { AWS_SESSION_TOKEN: ENV_TOKEN },
      envFile: { AWS_ACCESS_KEY_ID: ASIA, AWS_SECRET_ACCESS_KEY: SECRET },
    }),
    code: "SESSION_TOKEN_REQUIRED",
    message: "the env file",
  },
  {
    name: "whitespace inside an env credential",
    input: bedrock({ env: { AWS_ACCESS_KEY_ID: AKIA, AWS_SECRET_ACCESS_KEY: `${SECRET} x` } }),
    code: "ENV_CREDENTIAL_MALFORMED",
    message: "AWS_SECRET_ACCESS_KEY (environment)",
  },
  {
    name: "whitespace inside an env-file bearer token",
    input: bedrock({ envFile: { AWS_BEARER_TOKEN_BEDROCK: `${ENV_BEARER}\nx` } }),
    code: "ENV_CREDENTIAL_MALFORMED",
    message: "AWS_BEARER_TOKEN_BEDROCK (env file)",
  },
  // secret JSON
  {
    name: "a local secret that is not JSON",
    input: bedrock({ env: local(SECRET) }),
    code: "SECRET_MALFORMED",
    message: "prod/aws/bedrock (local-secret) is not a JSON object",
  },
  {
    name: "a local secret that is a JSON array",
    input: bedrock({ env: local([AKIA, SECRET]) }),
    code: "SECRET_MALFORMED",
    message: "is not a JSON object",
  },
  {
    name: "a local secret with unknown keys",
    input: bedrock({ env: local({ user: AKIA, password: SECRET }) }),
    code: "SECRET_MALFORMED",
    message: "keys: user, password",
  },
  {
    name: "a local secret with half a pair",
    input: bedrock({ env: local({ access_key_id: AKIA, region: "eu-west-1" }) }),
    code: "SECRET_MALFORMED",
    message: "keys: access_key_id, region",
  },
  {
    name: "a local secret with an empty object",
    input: bedrock({ env: local({}) }),
    code: "SECRET_MALFORMED",
    message: "no keys",
  },
  {
    name: "a local secret with a non-string value",
    input: bedrock({ env: local({ access_key_id: AKIA, secret_access_key: 42 }) }),
    code: "SECRET_MALFORMED",
    message: "non-string value under key secret_access_key",
  },
  {
    name: "a local secret with whitespace inside a value",
    input: bedrock({ env: local({ access_key_id: AKIA, secret_access_key: `${SECRET} x` }) }),
    code: "SECRET_MALFORMED",
    message: "whitespace inside the value of key secret_access_key",
  },
  {
    name: "a local secret with an ASIA key and no token",
    input: bedrock({ env: local({ access_key_id: ASIA, secret_access_key: SECRET }) }),
    code: "SESSION_TOKEN_REQUIRED",
    message: "prod/aws/bedrock",
  },
  {
    name: "a local secret with an invalid region",
    input: bedrock({
      env: local({ access_key_id: AKIA, secret_access_key: SECRET, region: "Europe" }),
    }),
    code: "INVALID_REGION",
    message: "key region of secret prod/aws/bedrock",
  },
  // provider selection and input
  {
    name: "an unknown LLM_PROVIDER in env",
    input: { env: { LLM_PROVIDER: "gemini" } },
    code: "UNKNOWN_PROVIDER",
    message: "LLM_PROVIDER (environment)",
  },
  {
    name: "an unknown LLM_PROVIDER in the env file",
    input: { env: {}, envFile: { LLM_PROVIDER: "gemini" } },
    code: "UNKNOWN_PROVIDER",
    message: "LLM_PROVIDER (env file)",
  },
  {
    name: "a missing env snapshot",
    input: { provider: "bedrock" } as unknown as DecideInput,
    code: "INVALID_INPUT",
    message: "input.env must be an object",
  },
  {
    name: "a non-string admin key",
    input: { provider: "bedrock", adminKey: 42, env: {} } as unknown as DecideInput,
    code: "INVALID_INPUT",
    message: "at: adminKey",
  },
  {
    name: "an unknown option",
    input: { provider: "bedrock", env: {}, adminSecret: SECRET } as unknown as DecideInput,
    code: "INVALID_INPUT",
    message: "invalid input",
  },
  {
    name: "a non-string env value",
    input: { provider: "bedrock", env: { AWS_REGION: 1 } } as unknown as DecideInput,
    code: "INVALID_INPUT",
    message: "input.env: AWS_REGION must be a string",
  },
  {
    name: "a provider outside the list",
    input: { provider: "gemini", env: {} } as unknown as DecideInput,
    code: "UNKNOWN_PROVIDER",
    message: "The provider is not one of bedrock, openai, anthropic, cohere, custom",
  },
];

describe("decideCredentials errors", () => {
  it.each(rows)("$code for $name", ({ input, code, message }) => {
    const error = thrownBy(() => decideCredentials(input));

    expect(error).toBeInstanceOf(CredentialConfigError);
    expect(isCredchainError(error)).toBe(true);
    expect(isCredentialConfigError(error)).toBe(true);
    const e = error as CredentialConfigError;
    expect(e.code).toBe(code);
    if (typeof message === "string") expect(e.message).toContain(message);
    else expect(e.message).toMatch(message);
    expect(e.hint.length).toBeGreaterThan(10);
    expect(e.toJSON()).toEqual({ name: e.name, code, message: e.message, hint: e.hint });
    expectNoSecrets(renderError(error), ALL_SECRETS);
  });

  it("throws on decideCredentials(undefined) with a CredchainError, not a TypeError", () => {
    expect(() => decideCredentials(undefined as unknown as DecideInput)).toThrow(
      CredentialConfigError,
    );
  });

  it("refuses an invalid env credential only when its source is consulted", () => {
    const env = { AWS_ACCESS_KEY_ID: AKIA, AWS_SECRET_ACCESS_KEY: `${SECRET} x` };
    expect(decideCredentials({ provider: "bedrock", adminKey: BEDROCK_KEY, env }).auth.source).toBe(
      "admin",
    );
  });

  it("stops at a malformed local secret instead of falling through to the env pair", () => {
    expect(() =>
      decideCredentials({
        provider: "bedrock",
        env: { ...local("{not json"), AWS_ACCESS_KEY_ID: AKIA, AWS_SECRET_ACCESS_KEY: SECRET },
      }),
    ).toThrow(expect.objectContaining({ code: "SECRET_MALFORMED" }));
  });

  it("names the keys of a malformed secret, never its values", () => {
    const error = thrownBy(() =>
      decideCredentials({
        provider: "bedrock",
        env: local({ AccessKey: AKIA, SecretKey: SECRET, Token: TOKEN, Bearer: ABSK_KEY }),
      }),
    ) as CredchainError;
    expect(error.message).toContain("keys: AccessKey, SecretKey, Token, Bearer");
    expectNoSecrets(renderError(error), [AKIA, SECRET, TOKEN, ABSK_KEY]);
  });
});

describe("parseAdminKey", () => {
  it.each([
    ["absent", undefined],
    ["absent", null],
    ["absent", ""],
    ["absent", " \t\n "],
    ["pair", `${AKIA}:${SECRET}`],
    ["pair", `${ASIA}:${SECRET}:${TOKEN}`],
    ["bedrock-api-key", BEDROCK_KEY],
    ["bedrock-api-key", ABSK_KEY],
    ["secret-only", SECRET],
  ] as const)("classifies as %s: %j", (form, raw) => {
    expect(parseAdminKey(raw, "bedrock").form).toBe(form);
  });

  it.each<[Provider, string]>([
    ["openai", OPENAI_KEY],
    ["anthropic", ANTHROPIC_KEY],
    ["cohere", COHERE_KEY],
    ["custom", "anything-goes-here"],
  ])("classifies a %s key as api-key", (provider, raw) => {
    const parsed = parseAdminKey(` ${raw} `, provider);
    expect(parsed.form).toBe("api-key");
    if (parsed.form === "api-key") expect(parsed.apiKey.reveal()).toBe(raw);
  });

  it("keeps the secret parts of a pair redacted until revealed", () => {
    const parsed = parseAdminKey(`${ASIA}:${SECRET}:${TOKEN}`, "bedrock");
    if (parsed.form !== "pair") throw new Error("expected a pair");
    expect(parsed.accessKeyId).toBe(ASIA);
    expect(parsed.secretAccessKey.reveal()).toBe(SECRET);
    expect(parsed.sessionToken?.reveal()).toBe(TOKEN);
    expectNoSecrets([JSON.stringify(parsed), String(parsed.secretAccessKey)], [SECRET, TOKEN]);
  });

  it("throws UNKNOWN_PROVIDER for a provider outside the list", () => {
    expect(() => parseAdminKey(OPENAI_KEY, "gemini" as Provider)).toThrow(
      expect.objectContaining({ code: "UNKNOWN_PROVIDER" }),
    );
  });

  it("throws INVALID_INPUT for a non-string key", () => {
    expect(() => parseAdminKey(42 as unknown as string, "bedrock")).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
  });

  it.each([SECRET, ENV_BEARER])("never puts the raw key into an error: %#", (raw) => {
    const error = thrownBy(() => parseAdminKey(`${raw} ${raw}`, "bedrock"));
    expectNoSecrets(renderError(error), [raw]);
  });
});
