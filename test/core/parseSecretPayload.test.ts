import { describe, expect, it } from "vitest";
import { decideCredentials, parseSecretPayload } from "../../src/core/index.js";
import {
  AKIA,
  ASIA,
  BEDROCK_KEY,
  OPENAI_KEY,
  SECRET,
  TOKEN,
  expectNoSecrets,
  renderDecision,
  renderError,
  thrownBy,
} from "./support/fixtures.js";

const ORIGIN = { source: "local-secret", secretName: "prod/aws/bedrock" } as const;

const SPELLINGS = [
  ["access_key_id", "secret_access_key", "session_token", "region"],
  ["accessKeyId", "secretAccessKey", "sessionToken", "region"],
  ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION"],
  ["ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "SESSION_TOKEN", "REGION"],
  ["AccessKeyId", "SecretAccessKey", "SessionToken", "Region"],
  ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_region"],
] as const;

describe("secret JSON for bedrock", () => {
  it.each(SPELLINGS)(
    "accepts %s / %s / %s / %s, case-insensitively, through decideCredentials",
    (idKey, secretKey, tokenKey, regionKey) => {
      const decision = decideCredentials({
        provider: "bedrock",
        env: {
          AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
          SECRET_prod_aws_bedrock: JSON.stringify({
            [idKey]: ASIA,
            [secretKey]: SECRET,
            [tokenKey]: TOKEN,
            [regionKey]: "eu-west-2",
            unrelated: "ignored",
          }),
        },
      });
      expect(decision.auth).toEqual({
        kind: "aws-static",
        source: "local-secret",
        detail: "prod/aws/bedrock",
        accessKeyId: "ASIA…MPLE",
        hasSessionToken: true,
      });
      expect(decision.region).toEqual({ value: "eu-west-2", source: "local-secret" });
      expect(decision.reveal()).toEqual({
        kind: "aws-static",
        credentials: { accessKeyId: ASIA, secretAccessKey: SECRET, sessionToken: TOKEN },
      });
      expectNoSecrets(renderDecision(decision), [ASIA, SECRET, TOKEN]);
    },
  );

  it.each(["AWS_BEARER_TOKEN_BEDROCK", "aws_bearer_token_bedrock", "api_key", "API_KEY", "apiKey"])(
    "accepts a Bedrock API key under %s",
    (key) => {
      const result = parseSecretPayload(JSON.stringify({ [key]: BEDROCK_KEY }), "bedrock", ORIGIN);
      expect(result).toMatchObject({
        kind: "bearer-token",
        source: "local-secret",
        detail: "prod/aws/bedrock",
        token: { token: BEDROCK_KEY },
      });
    },
  );

  it("records the secrets-manager origin in the result and its stored region", () => {
    const result = parseSecretPayload(
      JSON.stringify({ access_key_id: AKIA, secret_access_key: SECRET, region: "us-west-2" }),
      "bedrock",
      { source: "secrets-manager", secretName: "prod/aws/bedrock" },
    );
    expect(result.source).toBe("secrets-manager");
    expect(result.region).toEqual({ value: "us-west-2", source: "secrets-manager" });
  });

  it("trims values and treats blank ones as absent", () => {
    const result = parseSecretPayload(
      JSON.stringify({
        access_key_id: ` ${AKIA} `,
        secret_access_key: `\n${SECRET}`,
        session_token: "  ",
        region: "",
      }),
      "bedrock",
      ORIGIN,
    );
    expect(result.credentials).toEqual({ accessKeyId: AKIA, secretAccessKey: SECRET });
    expect(result.region).toBeUndefined();
  });

  it("names the keys present in SECRET_MALFORMED, never the values", () => {
    const error = thrownBy(() =>
      parseSecretPayload(JSON.stringify({ key: AKIA, secret: SECRET }), "bedrock", ORIGIN),
    );
    expect(error).toMatchObject({ code: "SECRET_MALFORMED" });
    expect((error as Error).message).toContain("keys: key, secret");
    expectNoSecrets(renderError(error), [AKIA, SECRET]);
  });
});

describe("secret payloads for API-key providers", () => {
  it.each([
    ["a plain string", "sk-proj-EXAMPLEplain0123456789abcd"],
    ["a plain string with outer whitespace", "  sk-proj-EXAMPLEplain0123456789abcd \n"],
    ["api_key", JSON.stringify({ api_key: "sk-proj-EXAMPLEplain0123456789abcd" })],
    ["APIKEY", JSON.stringify({ APIKEY: "sk-proj-EXAMPLEplain0123456789abcd" })],
    ["OPENAI_API_KEY", JSON.stringify({ OPENAI_API_KEY: "sk-proj-EXAMPLEplain0123456789abcd" })],
  ])("reads the openai key from %s", (_label, text) => {
    const result = parseSecretPayload(text, "openai", {
      source: "secrets-manager",
      secretName: "prod/llm/openai",
    });
    expect(result).toMatchObject({
      kind: "api-key",
      source: "secrets-manager",
      detail: "prod/llm/openai",
      apiKey: "sk-proj-EXAMPLEplain0123456789abcd",
    });
  });
});

describe("control characters in a secret's credential values", () => {
  const TAIL = "TAILpartTAILpart";
  it.each([
    [
      "the access key ID",
      "bedrock",
      { access_key_id: `${AKIA}\0${TAIL}`, secret_access_key: SECRET },
      "access_key_id",
    ],
    [
      "the secret access key",
      "bedrock",
      { access_key_id: AKIA, secret_access_key: `${SECRET.slice(0, 20)}\0${TAIL}` },
      "secret_access_key",
    ],
    [
      "the session token",
      "bedrock",
      { access_key_id: ASIA, secret_access_key: SECRET, session_token: `${TOKEN}\u001b[2J` },
      "session_token",
    ],
    [
      "the bearer token",
      "bedrock",
      { AWS_BEARER_TOKEN_BEDROCK: `${BEDROCK_KEY}\0${TAIL}` },
      "AWS_BEARER_TOKEN_BEDROCK",
    ],
    ["the API key", "openai", { api_key: `${OPENAI_KEY}\0${TAIL}` }, "api_key"],
  ] as const)(
    "refuses %s with a NUL or escape character as SECRET_MALFORMED, naming the key",
    (_what, provider, payload, key) => {
      const error = thrownBy(() => parseSecretPayload(JSON.stringify(payload), provider, ORIGIN));
      expect(error).toMatchObject({
        code: "SECRET_MALFORMED",
        message: expect.stringContaining(`key ${key}`),
      });
      expectNoSecrets(renderError(error), [TAIL, AKIA, SECRET, TOKEN, BEDROCK_KEY, OPENAI_KEY]);
    },
  );

  it("refuses a plain-string API key with a control character", () => {
    const error = thrownBy(() => parseSecretPayload(`${OPENAI_KEY}\0${TAIL}`, "openai", ORIGIN));
    expect(error).toMatchObject({ code: "SECRET_MALFORMED" });
    expectNoSecrets(renderError(error), [TAIL, OPENAI_KEY]);
  });
});
