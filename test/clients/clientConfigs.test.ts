import util from "node:util";
import { describe, expect, it } from "vitest";
import {
  bedrockClientConfig,
  createChainFromEnv,
  decideCredentials,
  llmApiKey,
  pollyClientConfig,
  s3ClientConfig,
  secretsManagerClientConfig,
  sesClientConfig,
} from "../../src/index.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const BEDROCK_KEY =
  "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbg==";

describe("bedrockClientConfig", () => {
  it("pins SigV4 for an admin pair even with a bearer token and session token in the env", async () => {
    const decision = decideCredentials({
      provider: "bedrock",
      adminKey: `${KEY_ID}:${SECRET}`,
      adminRegion: "eu-west-1",
      env: { AWS_BEARER_TOKEN_BEDROCK: BEDROCK_KEY, AWS_SESSION_TOKEN: "env-session-token" },
    });
    const config = bedrockClientConfig(decision);
    expect(config).toMatchObject({ region: "eu-west-1", authSchemePreference: ["sigv4"] });
    // A provider, not the identity: util.inspect(config) must show no secret (issue 11).
    expect(typeof config.credentials).toBe("function");
    await expect(config.credentials!()).resolves.toEqual({
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET,
    });
    expect(util.inspect(config, { depth: null, showHidden: true })).not.toContain(SECRET);
  });

  it("uses bearer auth for an admin Bedrock API key", async () => {
    const decision = decideCredentials({ provider: "bedrock", adminKey: BEDROCK_KEY, env: {} });
    const config = bedrockClientConfig(decision);
    expect(config).toMatchObject({ region: "us-east-1", authSchemePreference: ["httpBearerAuth"] });
    await expect(config.token!()).resolves.toEqual({ token: BEDROCK_KEY });
    expect(util.inspect(config, { depth: null, showHidden: true })).not.toContain(BEDROCK_KEY);
  });

  it("leaves credentials to the SDK's default chain but still pins SigV4", () => {
    const decision = decideCredentials({
      provider: "bedrock",
      env: { AWS_REGION: "ap-northeast-1" },
    });
    expect(bedrockClientConfig(decision)).toEqual({
      region: "ap-northeast-1",
      authSchemePreference: ["sigv4"],
    });
  });

  it("hands a chain's refreshing providers to the client", async () => {
    const chain = createChainFromEnv({
      provider: "bedrock",
      env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET },
    });
    const config = await bedrockClientConfig(chain);
    expect(config.credentials).toBe(chain.credentials);
    expect(config.authSchemePreference).toEqual(["sigv4"]);
    const bearer = await bedrockClientConfig(
      createChainFromEnv({ provider: "bedrock", adminKey: BEDROCK_KEY, env: {} }),
    );
    expect(bearer.authSchemePreference).toEqual(["httpBearerAuth"]);
    expect(typeof bearer.token).toBe("function");
  });

  it("refuses a non-Bedrock decision", () => {
    const decision = decideCredentials({
      provider: "openai",
      env: { OPENAI_API_KEY: "sk-proj-0123456789abcdefghijkl" },
    });
    expect(() => bedrockClientConfig(decision)).toThrow(
      expect.objectContaining({ code: "AUTH_KIND_MISMATCH" }),
    );
  });
});

describe("AWS client configs", () => {
  it.each([
    ["pollyClientConfig", pollyClientConfig],
    ["s3ClientConfig", s3ClientConfig],
    ["sesClientConfig", sesClientConfig],
  ])("%s uses the env pair when set, else the default chain", async (_name, build) => {
    const withPair = build({
      env: {
        AWS_ACCESS_KEY_ID: KEY_ID,
        AWS_SECRET_ACCESS_KEY: SECRET,
        AWS_SESSION_TOKEN: "tok",
        AWS_REGION: "eu-west-2",
      },
      envFile: false,
    });
    expect(withPair.region).toBe("eu-west-2");
    await expect(withPair.credentials()).resolves.toEqual({
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET,
      sessionToken: "tok",
    });
    // Without a pair the chain falls to the SDK default chain (none here: IMDS is disabled).
    const partial = build({ env: { AWS_ACCESS_KEY_ID: KEY_ID }, envFile: false });
    expect(partial.region).toBe("us-east-1");
    await expect(partial.credentials()).rejects.toMatchObject({ code: "NO_CREDENTIALS" });
    const bearerOnly = build({
      env: { AWS_BEARER_TOKEN_BEDROCK: BEDROCK_KEY, AWS_DEFAULT_REGION: "sa-east-1" },
      envFile: false,
    });
    expect(bearerOnly.region).toBe("sa-east-1");
    await expect(bearerOnly.credentials()).rejects.toMatchObject({ code: "NO_CREDENTIALS" });
  });

  it("secretsManagerClientConfig prefers SECRETS_MANAGER_REGION", () => {
    expect(
      secretsManagerClientConfig({
        env: { SECRETS_MANAGER_REGION: "eu-north-1", AWS_REGION: "us-west-2" },
      }).region,
    ).toBe("eu-north-1");
    expect(secretsManagerClientConfig({ env: { AWS_REGION: "us-west-2" } }).region).toBe(
      "us-west-2",
    );
    expect(secretsManagerClientConfig({ env: {} }).region).toBe("us-east-1");
  });

  it("refuses an invalid region naming the variable", () => {
    expect(() => sesClientConfig({ env: { AWS_REGION: "Frankfurt" } })).toThrow(/AWS_REGION/);
  });
});

describe("llmApiKey", () => {
  const ANTHROPIC = "sk-ant-api03-CANARY0123456789abcdefghijklmnopqrstuv";

  it("returns the key and its source without showing it in logs", async () => {
    const key = await llmApiKey("anthropic", { env: { ANTHROPIC_API_KEY: ANTHROPIC } });
    expect(key.apiKey).toBe(ANTHROPIC);
    expect(key).toMatchObject({ source: "env", detail: "ANTHROPIC_API_KEY", masked: "…stuv" });
    for (const text of [
      JSON.stringify(key),
      String(key),
      util.inspect(key, { showHidden: true, depth: null }),
    ]) {
      expect(text).not.toContain(ANTHROPIC);
    }
  });

  it("lets the admin key beat the environment", async () => {
    const key = await llmApiKey("openai", {
      adminKey: "sk-proj-admin0123456789abcdefgh",
      env: { OPENAI_API_KEY: "sk-proj-env0123456789abcdefghij" },
    });
    expect(key.source).toBe("admin");
    expect(key.apiKey).toBe("sk-proj-admin0123456789abcdefgh");
  });

  it("refuses another provider's key", async () => {
    await expect(llmApiKey("openai", { env: { OPENAI_API_KEY: ANTHROPIC } })).rejects.toMatchObject(
      { code: "WRONG_PROVIDER_KEY" },
    );
  });

  it("fails with API_KEY_MISSING naming the variables, or allows none for custom", async () => {
    const error = await llmApiKey("cohere", { env: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "API_KEY_MISSING" });
    expect((error as Error).message).toContain("COHERE_API_KEY / CO_API_KEY");
    const custom = await llmApiKey("custom", { env: {} });
    expect(custom.apiKey).toBeUndefined();
    expect(custom.source).toBe("none");
  });
});
