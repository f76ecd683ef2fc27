// Parameter Store's name rules, applied wherever an `ssm:` name is taken: a name Parameter Store
// could never hold is refused before any call (and never turned into `parameter//x` in a policy).
import { GetParameterCommand, GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createSecretStore,
  decideCredentials,
  fromSecretsManager,
  loadIntoEnv,
  loadSecretsForProvider,
} from "../../src/index.js";

const ssm = mockClient(SSMClient);
const meta = { $metadata: {} };
const client = () => new SSMClient({ region: "us-east-1" });
const store = () => createSecretStore({ useSecretsManager: true, ssmClient: client(), env: {} });

const level = (n: number) => Array.from({ length: n }, (_, i) => `l${i + 1}`).join("/");

/** Malformed names, and the rule each breaks (the error says which). */
const MALFORMED: [string, string, RegExp][] = [
  ["a doubled leading slash", "ssm://prod/x", /empty level/],
  ["an empty level", "ssm:/a//b", /empty level/],
  ["a trailing slash", "ssm:/a/", /empty level/],
  ["a path without its leading slash", "ssm:prod/x", /start with "\/"/],
  ["a space", "ssm:/prod/x y", /letters, digits/],
  ["non-ASCII letters", "ssm:/prod/ünïcode", /letters, digits/],
  ["16 levels", `ssm:/${level(16)}`, /15 levels/],
  ["1012 characters", `ssm:/${"a".repeat(1011)}`, /1011 characters/],
  ["an aws prefix", "ssm:awsKeys", /aws/],
  ["an ssm prefix", "ssm:/ssm/app", /ssm/],
  ["an AWS prefix in capitals", "ssm:/AWS/app", /aws/],
  ["an empty selector", "ssm:/prod/x:", /version or label/],
  ["a selector with a space", "ssm:/prod/x:a b", /version or label/],
];

/** Well-formed names that must still reach Parameter Store. */
const WELL_FORMED: [string, string][] = [
  ["a path", "ssm:/prod/app/openai"],
  ["a root name without a slash", "ssm:db"],
  ["every allowed character", "ssm:My_Param-1.v2"],
  ["a version", "ssm:/prod/x:3"],
  ["a label", "ssm:/prod/x:blue"],
  ["15 levels", `ssm:/${level(15)}`],
  ["1011 characters", `ssm:/${"a".repeat(1010)}`],
  // AWS's own public parameters and the Secrets Manager reference path live under /aws/
  ["a Secrets Manager reference", "ssm:/aws/reference/secretsmanager/prod/db"],
  ["an AWS public parameter", "ssm:/aws/service/global-infrastructure/regions/us-east-1/longName"],
];

beforeEach(() => {
  ssm.reset();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "v", Version: 1 }, ...meta });
});

afterEach(() => {
  ssm.restore();
});

describe("secret store: ssm: names", () => {
  it.each(MALFORMED)(
    "get refuses %s with SECRET_INVALID_NAME naming the rule, without a call",
    async (_, name, rule) => {
      const error = await store()
        .get(name)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "SECRET_INVALID_NAME", hint: expect.any(String) });
      expect((error as Error).message).toMatch(rule);
      expect(ssm.calls()).toHaveLength(0);
    },
  );

  it.each(WELL_FORMED)("get reads a name with %s", async (_, name) => {
    await expect(store().get(name)).resolves.toBe("v");
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it("preload lists each malformed name as failed and batches the rest", async () => {
    ssm.on(GetParametersCommand).resolves({
      Parameters: [{ Name: "/prod/ok", Value: "v", Version: 1 }],
      InvalidParameters: [],
      ...meta,
    });
    const result = await store().preload(["ssm:/prod/ok", "ssm://prod/x", "ssm:prod/x"]);
    expect(result.loaded).toEqual(["ssm:/prod/ok"]);
    expect(result.failed).toEqual([
      expect.objectContaining({ code: "SECRET_INVALID_NAME" }),
      expect.objectContaining({ code: "SECRET_INVALID_NAME" }),
    ]);
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
    expect(ssm.commandCalls(GetParametersCommand)[0]?.args[0].input.Names).toEqual(["/prod/ok"]);
  });
});

describe("entry points that take an ssm: name from options or the environment", () => {
  it("loadIntoEnv refuses a malformed secretId as INVALID_OPTION naming secretId", async () => {
    const env: Record<string, string> = {};
    const error = await loadIntoEnv({ secretId: "ssm:/a//b", ssmClient: client(), env }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "INVALID_OPTION", hint: expect.any(String) });
    expect((error as Error).message).toContain("secretId");
    expect(env).toEqual({});
    expect(ssm.calls()).toHaveLength(0);
  });

  it("loadIntoEnv refuses a malformed name in the secretIdFromEnv variable, naming it", async () => {
    const env: Record<string, string> = { APP_SECRET: "ssm:prod/app" };
    const error = await loadIntoEnv({
      secretIdFromEnv: "APP_SECRET",
      ssmClient: client(),
      env,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_INPUT", hint: expect.any(String) });
    expect((error as Error).message).toContain("APP_SECRET");
    expect(env).toEqual({ APP_SECRET: "ssm:prod/app" });
    expect(ssm.calls()).toHaveLength(0);
  });

  it("loadSecretsForProvider refuses a malformed OPENAI_SECRET_NAME, naming the variable", async () => {
    const env: Record<string, string> = {
      LLM_PROVIDER: "openai",
      USE_SECRETS_MANAGER: "true",
      OPENAI_SECRET_NAME: "ssm:/prod//openai",
    };
    const error = await loadSecretsForProvider({ env, ssmClient: client() }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "INVALID_INPUT", hint: expect.any(String) });
    expect((error as Error).message).toContain("OPENAI_SECRET_NAME");
    expect(ssm.calls()).toHaveLength(0);
  });

  it("decideCredentials refuses a malformed AWS_BEDROCK_SECRET_NAME, naming the variable", () => {
    expect(() =>
      decideCredentials({
        provider: "bedrock",
        env: { USE_SECRETS_MANAGER: "true", AWS_BEDROCK_SECRET_NAME: "ssm://prod/bedrock" },
      }),
    ).toThrow(
      expect.objectContaining({
        code: "INVALID_INPUT",
        message: expect.stringContaining("AWS_BEDROCK_SECRET_NAME"),
      }),
    );
  });

  it("fromSecretsManager refuses a malformed secretId as INVALID_OPTION naming it", () => {
    expect(() => fromSecretsManager({ secretId: "ssm:/prod/", enabled: true })).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringMatching(/secretId.*empty level/),
      }),
    );
  });
});
