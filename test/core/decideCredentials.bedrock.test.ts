import { describe, expect, it } from "vitest";
import {
  decideCredentials,
  type AuthSummary,
  type DecideInput,
  type ModelIdSource,
  type RegionSource,
  type RevealedIdentity,
  type Sourced,
} from "../../src/core/index.js";
import {
  ABSK_KEY,
  AKIA,
  AKIA_2,
  ALL_SECRETS,
  ASIA,
  BEDROCK_KEY,
  ENV_BEARER,
  ENV_TOKEN,
  SECRET,
  SECRET_2,
  TOKEN,
  expectNoSecrets,
  renderDecision,
} from "./support/fixtures.js";

const PAIR = `${AKIA}:${SECRET}`;
const ENV_PAIR = { AWS_ACCESS_KEY_ID: AKIA_2, AWS_SECRET_ACCESS_KEY: SECRET_2 };
const SECRET_NAME = { AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock" };
const LOCAL_PAIR_JSON = JSON.stringify({ access_key_id: AKIA, secret_access_key: SECRET });

interface Row {
  name: string;
  input: Omit<DecideInput, "provider">;
  auth: AuthSummary;
  reveal: RevealedIdentity;
  /** The trace entry marked `chosen`. */
  chosen: string;
  /** Substrings expected among the warnings (none expected when omitted). */
  warnings?: string[];
  /** Expected region; `us-east-1` from `default` when omitted. */
  region?: Sourced<RegionSource>;
  /** Expected model ID; none when omitted. */
  modelId?: Sourced<ModelIdSource>;
}

const awsStatic = (accessKeyId: string, secretAccessKey: string, sessionToken?: string) =>
  ({
    kind: "aws-static",
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
  }) as const;
const bearer = (token: string) => ({ kind: "bearer-token", token: { token } }) as const;

const rows: Row[] = [
  // 1. admin key
  {
    name: "an admin pair beats every credential in the environment",
    input: {
      adminKey: PAIR,
      env: { ...ENV_PAIR, AWS_BEARER_TOKEN_BEDROCK: ENV_BEARER, ...SECRET_NAME },
      envFile: ENV_PAIR,
    },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "pair",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "admin",
    warnings: ["AWS_BEARER_TOKEN_BEDROCK is set in the environment; the admin key wins"],
  },
  {
    name: "a three-part admin key carries its own session token (ASIA)",
    input: {
      adminKey: `${ASIA}:${SECRET}:${TOKEN}`,
      adminRegion: "eu-west-1",
      adminModelId: "amazon.nova-pro-v1:0",
      env: { AWS_REGION: "us-west-2", BEDROCK_MODEL_ID: "amazon.nova-lite-v1:0" },
    },
    region: { value: "eu-west-1", source: "admin" },
    modelId: { value: "amazon.nova-pro-v1:0", source: "admin" },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "pair",
      accessKeyId: "ASIA…MPLE",
      hasSessionToken: true,
    },
    reveal: awsStatic(ASIA, SECRET, TOKEN),
    chosen: "admin",
  },
  {
    name: "a three-part admin key is allowed for a long-term AKIA key too",
    input: { adminKey: `${AKIA}:${SECRET}:${TOKEN}`, env: {} },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "pair",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: true,
    },
    reveal: awsStatic(AKIA, SECRET, TOKEN),
    chosen: "admin",
  },
  {
    name: "never attaches the env session token to an admin pair",
    input: { adminKey: PAIR, env: { AWS_SESSION_TOKEN: ENV_TOKEN } },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "pair",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "admin",
    warnings: ["AWS_SESSION_TOKEN is set in the environment but is never attached"],
  },
  {
    name: "never replaces the admin key's own session token with the env one",
    input: { adminKey: `${ASIA}:${SECRET}:${TOKEN}`, env: { AWS_SESSION_TOKEN: ENV_TOKEN } },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "pair",
      accessKeyId: "ASIA…MPLE",
      hasSessionToken: true,
    },
    reveal: awsStatic(ASIA, SECRET, TOKEN),
    chosen: "admin",
    warnings: ["AWS_SESSION_TOKEN is set in the environment but is never attached"],
  },
  {
    name: "a bedrock-api-key-… admin key is a bearer token, beating an env token",
    input: { adminKey: BEDROCK_KEY, env: { ...ENV_PAIR, AWS_BEARER_TOKEN_BEDROCK: ENV_BEARER } },
    auth: { kind: "bearer-token", source: "admin", detail: "bedrock-api-key", apiKey: "…k1ey" },
    reveal: bearer(BEDROCK_KEY),
    chosen: "admin",
    warnings: ["AWS_BEARER_TOKEN_BEDROCK is set in the environment; the admin key wins"],
  },
  {
    name: "an ABSK… admin key is a bearer token",
    input: { adminKey: ABSK_KEY, env: {} },
    auth: { kind: "bearer-token", source: "admin", detail: "bedrock-api-key", apiKey: "…absk" },
    reveal: bearer(ABSK_KEY),
    chosen: "admin",
  },
  {
    name: "a bare secret takes its access key ID from env AWS_ACCESS_KEY_ID",
    input: { adminKey: SECRET, env: { AWS_ACCESS_KEY_ID: AKIA_2 } },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "secret-only",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA_2, SECRET),
    chosen: "admin",
  },
  {
    name: "a bare secret overrides the env secret access key",
    input: { adminKey: SECRET, env: { ...ENV_PAIR } },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "secret-only",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA_2, SECRET),
    chosen: "admin",
  },
  {
    name: "a bare secret takes its access key ID from the env file when env has none",
    input: {
      adminKey: SECRET,
      env: { AWS_ACCESS_KEY_ID: "  " },
      envFile: { AWS_ACCESS_KEY_ID: AKIA },
    },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "secret-only",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "admin",
  },
  {
    name: "a bare secret never takes the env session token",
    input: { adminKey: SECRET, env: { AWS_ACCESS_KEY_ID: AKIA, AWS_SESSION_TOKEN: ENV_TOKEN } },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "secret-only",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "admin",
    warnings: ["AWS_SESSION_TOKEN is set in the environment but is never attached"],
  },
  {
    name: "outer whitespace around the admin key is trimmed",
    input: { adminKey: `  \t${PAIR}\n `, env: {} },
    auth: {
      kind: "aws-static",
      source: "admin",
      detail: "pair",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "admin",
  },
  // 3. local secret
  {
    name: "a local SECRET_<name> JSON pair beats the env bearer token and env pair",
    input: {
      env: {
        ...SECRET_NAME,
        SECRET_prod_aws_bedrock: LOCAL_PAIR_JSON,
        AWS_BEARER_TOKEN_BEDROCK: ENV_BEARER,
        ...ENV_PAIR,
      },
    },
    auth: {
      kind: "aws-static",
      source: "local-secret",
      detail: "prod/aws/bedrock",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "local-secret",
  },
  {
    name: "a local secret is read from the env file when the environment lacks it",
    input: { env: { ...SECRET_NAME }, envFile: { SECRET_prod_aws_bedrock: LOCAL_PAIR_JSON } },
    auth: {
      kind: "aws-static",
      source: "local-secret",
      detail: "prod/aws/bedrock",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "local-secret",
  },
  {
    name: "the secret name itself may come from the env file",
    input: { env: {}, envFile: { ...SECRET_NAME, SECRET_prod_aws_bedrock: LOCAL_PAIR_JSON } },
    auth: {
      kind: "aws-static",
      source: "local-secret",
      detail: "prod/aws/bedrock",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "local-secret",
  },
  {
    name: "the environment's SECRET_<name> beats the env file's",
    input: {
      env: {
        ...SECRET_NAME,
        SECRET_prod_aws_bedrock: JSON.stringify({ accessKeyId: AKIA_2, secretAccessKey: SECRET_2 }),
      },
      envFile: { SECRET_prod_aws_bedrock: LOCAL_PAIR_JSON },
    },
    auth: {
      kind: "aws-static",
      source: "local-secret",
      detail: "prod/aws/bedrock",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA_2, SECRET_2),
    chosen: "local-secret",
  },
  {
    name: "a local secret may hold a Bedrock API key under AWS_BEARER_TOKEN_BEDROCK",
    input: {
      env: {
        ...SECRET_NAME,
        SECRET_prod_aws_bedrock: JSON.stringify({ AWS_BEARER_TOKEN_BEDROCK: BEDROCK_KEY }),
      },
    },
    auth: {
      kind: "bearer-token",
      source: "local-secret",
      detail: "prod/aws/bedrock",
      apiKey: "…k1ey",
    },
    reveal: bearer(BEDROCK_KEY),
    chosen: "local-secret",
  },
  {
    name: "a local secret may hold a Bedrock API key under api_key, with its region",
    input: {
      env: {
        ...SECRET_NAME,
        SECRET_prod_aws_bedrock: JSON.stringify({ api_key: ABSK_KEY, region: "eu-central-1" }),
        AWS_REGION: "us-west-2",
      },
    },
    region: { value: "eu-central-1", source: "local-secret" },
    auth: {
      kind: "bearer-token",
      source: "local-secret",
      detail: "prod/aws/bedrock",
      apiKey: "…absk",
    },
    reveal: bearer(ABSK_KEY),
    chosen: "local-secret",
  },
  {
    name: "a local secret holding both a pair and a bearer token uses the pair, with a warning",
    input: {
      env: {
        ...SECRET_NAME,
        SECRET_prod_aws_bedrock: JSON.stringify({
          access_key_id: AKIA,
          secret_access_key: SECRET,
          api_key: BEDROCK_KEY,
        }),
      },
    },
    auth: {
      kind: "aws-static",
      source: "local-secret",
      detail: "prod/aws/bedrock",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "local-secret",
    warnings: ["holds both a key pair and api_key; the key pair is used"],
  },
  // 4. env bearer token
  {
    name: "env AWS_BEARER_TOKEN_BEDROCK beats the env pair, with a warning",
    input: { env: { AWS_BEARER_TOKEN_BEDROCK: ENV_BEARER, ...ENV_PAIR } },
    auth: {
      kind: "bearer-token",
      source: "env",
      detail: "AWS_BEARER_TOKEN_BEDROCK",
      apiKey: "…bear",
    },
    reveal: bearer(ENV_BEARER),
    chosen: "env",
    warnings: ["AWS_BEARER_TOKEN_BEDROCK and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are both set"],
  },
  {
    name: "env AWS_BEARER_TOKEN_BEDROCK alone needs no warning",
    input: { env: { AWS_BEARER_TOKEN_BEDROCK: ENV_BEARER } },
    auth: {
      kind: "bearer-token",
      source: "env",
      detail: "AWS_BEARER_TOKEN_BEDROCK",
      apiKey: "…bear",
    },
    reveal: bearer(ENV_BEARER),
    chosen: "env",
  },
  // 5. env pair
  {
    name: "an env pair without a session token",
    input: {
      env: {
        ...ENV_PAIR,
        AWS_DEFAULT_REGION: "ap-south-1",
        BEDROCK_MODEL_ID: "amazon.nova-pro-v1:0",
      },
    },
    region: { value: "ap-south-1", source: "env:AWS_DEFAULT_REGION" },
    modelId: { value: "amazon.nova-pro-v1:0", source: "env:BEDROCK_MODEL_ID" },
    auth: {
      kind: "aws-static",
      source: "env",
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA_2, SECRET_2),
    chosen: "env",
  },
  {
    name: "an env pair with its session token",
    input: {
      env: { AWS_ACCESS_KEY_ID: ASIA, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: ENV_TOKEN },
    },
    auth: {
      kind: "aws-static",
      source: "env",
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY+AWS_SESSION_TOKEN",
      accessKeyId: "ASIA…MPLE",
      hasSessionToken: true,
    },
    reveal: awsStatic(ASIA, SECRET, ENV_TOKEN),
    chosen: "env",
  },
  {
    name: "env values are trimmed",
    input: { env: { AWS_ACCESS_KEY_ID: ` ${AKIA_2}\n`, AWS_SECRET_ACCESS_KEY: `\t${SECRET_2} ` } },
    auth: {
      kind: "aws-static",
      source: "env",
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA_2, SECRET_2),
    chosen: "env",
  },
  {
    name: "the env pair beats the env file's pair",
    input: {
      env: { ...ENV_PAIR },
      envFile: { AWS_ACCESS_KEY_ID: AKIA, AWS_SECRET_ACCESS_KEY: SECRET },
    },
    auth: {
      kind: "aws-static",
      source: "env",
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA_2, SECRET_2),
    chosen: "env",
  },
  {
    name: "the env pair beats a bearer token in the env file (env before env file)",
    input: { env: { ...ENV_PAIR }, envFile: { AWS_BEARER_TOKEN_BEDROCK: ENV_BEARER } },
    auth: {
      kind: "aws-static",
      source: "env",
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA_2, SECRET_2),
    chosen: "env",
  },
  {
    name: "never attaches the env file's session token to the env pair",
    input: { env: { ...ENV_PAIR }, envFile: { AWS_SESSION_TOKEN: ENV_TOKEN } },
    auth: {
      kind: "aws-static",
      source: "env",
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA_2, SECRET_2),
    chosen: "env",
  },
  {
    name: "the env file's pair is used when the environment has none",
    input: {
      env: {},
      envFile: {
        AWS_ACCESS_KEY_ID: AKIA,
        AWS_SECRET_ACCESS_KEY: SECRET,
        AWS_REGION: "ca-central-1",
        BEDROCK_MODEL_ID: "amazon.nova-lite-v1:0",
      },
    },
    region: { value: "ca-central-1", source: "env-file:AWS_REGION" },
    modelId: { value: "amazon.nova-lite-v1:0", source: "env-file:BEDROCK_MODEL_ID" },
    auth: {
      kind: "aws-static",
      source: "env-file",
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "env-file",
  },
  {
    name: "the env file's bearer token is used when the environment has none",
    input: { env: {}, envFile: { AWS_BEARER_TOKEN_BEDROCK: ENV_BEARER } },
    auth: {
      kind: "bearer-token",
      source: "env-file",
      detail: "AWS_BEARER_TOKEN_BEDROCK",
      apiKey: "…bear",
    },
    reveal: bearer(ENV_BEARER),
    chosen: "env-file",
  },
  {
    name: "a partial env pair is ignored with a warning (falls through to the env file)",
    input: {
      env: { AWS_ACCESS_KEY_ID: AKIA_2 },
      envFile: { AWS_ACCESS_KEY_ID: AKIA, AWS_SECRET_ACCESS_KEY: SECRET },
    },
    auth: {
      kind: "aws-static",
      source: "env-file",
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    },
    reveal: awsStatic(AKIA, SECRET),
    chosen: "env-file",
    warnings: ["AWS_ACCESS_KEY_ID is set in the environment without AWS_SECRET_ACCESS_KEY"],
  },
  // 6. default chain
  {
    name: "nothing configured: the AWS SDK default chain",
    input: { env: {}, defaults: { region: "sa-east-1", modelId: "amazon.titan-text-express-v1" } },
    region: { value: "sa-east-1", source: "default" },
    modelId: { value: "amazon.titan-text-express-v1", source: "default" },
    auth: { kind: "aws-default-chain", source: "default-chain", detail: null },
    reveal: { kind: "aws-default-chain" },
    chosen: "default-chain",
  },
  {
    name: "never assembles a pair from halves in env and env file",
    input: { env: { AWS_ACCESS_KEY_ID: AKIA }, envFile: { AWS_SECRET_ACCESS_KEY: SECRET } },
    auth: { kind: "aws-default-chain", source: "default-chain", detail: null },
    reveal: { kind: "aws-default-chain" },
    chosen: "default-chain",
    warnings: [
      "AWS_ACCESS_KEY_ID is set in the environment without AWS_SECRET_ACCESS_KEY",
      "AWS_SECRET_ACCESS_KEY is set in the env file without AWS_ACCESS_KEY_ID",
    ],
  },
  {
    name: "a lone secret access key in env is ignored with a warning",
    input: { env: { AWS_SECRET_ACCESS_KEY: SECRET } },
    auth: { kind: "aws-default-chain", source: "default-chain", detail: null },
    reveal: { kind: "aws-default-chain" },
    chosen: "default-chain",
    warnings: ["AWS_SECRET_ACCESS_KEY is set in the environment without AWS_ACCESS_KEY_ID"],
  },
  {
    name: "empty and whitespace-only values count as absent everywhere",
    input: {
      adminKey: " \t\n",
      adminRegion: "  ",
      adminModelId: "",
      env: {
        AWS_ACCESS_KEY_ID: "",
        AWS_SECRET_ACCESS_KEY: "   ",
        AWS_SESSION_TOKEN: "\n",
        AWS_BEARER_TOKEN_BEDROCK: " ",
        AWS_BEDROCK_SECRET_NAME: " ",
        LLM_PROVIDER: "  ",
      },
      envFile: { AWS_ACCESS_KEY_ID: " ", AWS_SECRET_ACCESS_KEY: "" },
    },
    auth: { kind: "aws-default-chain", source: "default-chain", detail: null },
    reveal: { kind: "aws-default-chain" },
    chosen: "default-chain",
  },
  {
    name: "a null admin key counts as absent",
    input: { adminKey: null, adminRegion: null, adminModelId: null, env: {} },
    auth: { kind: "aws-default-chain", source: "default-chain", detail: null },
    reveal: { kind: "aws-default-chain" },
    chosen: "default-chain",
  },
];

describe("decideCredentials for bedrock", () => {
  it.each(rows)("$name", ({ input, auth, reveal, chosen, warnings, region, modelId }) => {
    const decision = decideCredentials({ provider: "bedrock", ...input });

    expect(decision.provider).toBe("bedrock");
    expect(decision.auth).toEqual(auth);
    expect(decision.region).toEqual(region ?? { value: "us-east-1", source: "default" });
    expect(decision.modelId).toEqual(modelId ?? null);
    expect(decision.reveal()).toEqual(reveal);
    expect(decision.trace.filter((t) => t.outcome === "chosen").map((t) => t.source)).toEqual([
      chosen,
    ]);
    if (warnings === undefined) expect(decision.warnings).toEqual([]);
    for (const warning of warnings ?? []) {
      expect(
        decision.warnings.some((w) => w.includes(warning)),
        warning,
      ).toBe(true);
    }
    expectNoSecrets(renderDecision(decision), ALL_SECRETS);
  });

  it("traces every source in order, each exactly once", () => {
    const decision = decideCredentials({ provider: "bedrock", env: { ...ENV_PAIR } });
    expect(decision.trace.map((t) => [t.source, t.outcome])).toEqual([
      ["admin", "skipped"],
      ["secrets-manager", "skipped"],
      ["local-secret", "skipped"],
      ["env", "chosen"],
      ["env-file", "not-consulted"],
      ["default-chain", "not-consulted"],
    ]);
  });

  it("records Secrets Manager as not-consulted (with a warning) when it is configured", () => {
    const decision = decideCredentials({
      provider: "bedrock",
      env: { USE_SECRETS_MANAGER: "true", ...SECRET_NAME, ...ENV_PAIR },
    });
    expect(decision.trace[1]).toMatchObject({
      source: "secrets-manager",
      outcome: "not-consulted",
      reason: expect.stringContaining("AWS_BEDROCK_SECRET_NAME names secret prod/aws/bedrock"),
    });
    expect(decision.warnings).toEqual([
      expect.stringContaining("Secrets Manager is configured (AWS_BEDROCK_SECRET_NAME)"),
    ]);
    expect(decision.auth.source).toBe("env");
  });

  it.each([
    ["USE_SECRETS_MANAGER is not set", {}, "USE_SECRETS_MANAGER is not true"],
    ["USE_SECRETS_MANAGER=false", { USE_SECRETS_MANAGER: "false" }, "is not true"],
    ["no secret name", { USE_SECRETS_MANAGER: "TRUE" }, "AWS_BEDROCK_SECRET_NAME is not set"],
  ])("skips Secrets Manager when %s", (_label, env, reason) => {
    const decision = decideCredentials({ provider: "bedrock", env });
    expect(decision.trace[1]).toMatchObject({
      source: "secrets-manager",
      outcome: "skipped",
      reason: expect.stringContaining(reason),
    });
  });

  it("marks Secrets Manager not-consulted when the admin key already won", () => {
    const decision = decideCredentials({
      provider: "bedrock",
      adminKey: PAIR,
      env: { USE_SECRETS_MANAGER: "true", ...SECRET_NAME },
    });
    expect(decision.trace[1]).toEqual({
      source: "secrets-manager",
      outcome: "not-consulted",
      reason: "an earlier source was chosen",
    });
    expect(decision.warnings).toEqual([]);
  });

  it("names the env file as the origin of a secret-only admin key's access key ID", () => {
    const decision = decideCredentials({
      provider: "bedrock",
      adminKey: SECRET,
      env: {},
      envFile: { AWS_ACCESS_KEY_ID: AKIA },
    });
    expect(decision.trace[0]?.reason).toContain("AWS_ACCESS_KEY_ID in the env file");
  });

  it("accepts process.env itself and prototype-less records as snapshots", () => {
    process.env.AWS_ACCESS_KEY_ID = AKIA_2;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET_2;
    const envFile = Object.assign(Object.create(null) as Record<string, string>, {
      AWS_REGION: "eu-west-3",
    });
    const decision = decideCredentials({ provider: "bedrock", env: process.env, envFile });
    expect(decision.auth.detail).toBe("AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY");
    expect(decision.region).toEqual({ value: "eu-west-3", source: "env-file:AWS_REGION" });
    expect(decision.reveal()).toEqual(awsStatic(AKIA_2, SECRET_2));
  });

  it("never mutates its input", () => {
    const input = Object.freeze({
      provider: "bedrock" as const,
      adminKey: ` ${SECRET} `,
      env: Object.freeze({ AWS_ACCESS_KEY_ID: ` ${AKIA} `, AWS_REGION: " eu-west-1 " }),
      envFile: Object.freeze({ BEDROCK_MODEL_ID: " m " }),
    });
    const copy = structuredClone(input);
    decideCredentials(input);
    expect(input).toEqual(copy);
  });

  it("returns a frozen decision whose reveal() hands out copies", () => {
    const decision = decideCredentials({ provider: "bedrock", adminKey: PAIR, env: {} });
    expect(Object.isFrozen(decision.auth)).toBe(true);
    expect(Object.isFrozen(decision.trace)).toBe(true);
    const first = decision.reveal();
    if (first.kind !== "aws-static") throw new Error("expected aws-static");
    (first.credentials as { secretAccessKey: string }).secretAccessKey = "tampered";
    expect(decision.reveal()).toEqual(awsStatic(AKIA, SECRET));
  });
});
