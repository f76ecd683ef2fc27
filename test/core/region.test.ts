import { describe, expect, it } from "vitest";
import {
  CredentialConfigError,
  DEFAULT_REGION,
  decideCredentials,
  isValidRegion,
  type DecideInput,
  type ModelIdSource,
  type RegionSource,
} from "../../src/core/index.js";
import { AKIA, SECRET, expectNoSecrets, renderError, thrownBy } from "./support/fixtures.js";

const STORED = {
  AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
  SECRET_prod_aws_bedrock: JSON.stringify({
    access_key_id: AKIA,
    secret_access_key: SECRET,
    region: "eu-central-1",
  }),
};

type RegionRow = [string, Omit<DecideInput, "provider">, string, RegionSource];

const regionRows: RegionRow[] = [
  [
    "the admin region beats everything",
    {
      adminRegion: "ap-south-1",
      env: { ...STORED, AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "us-west-1" },
      envFile: { AWS_REGION: "ca-central-1" },
      defaults: { region: "sa-east-1" },
    },
    "ap-south-1",
    "admin",
  ],
  [
    "the region stored with the chosen credentials beats AWS_REGION",
    { env: { ...STORED, AWS_REGION: "us-west-2" } },
    "eu-central-1",
    "local-secret",
  ],
  [
    "AWS_REGION beats AWS_DEFAULT_REGION",
    { env: { AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "us-west-1" } },
    "us-west-2",
    "env:AWS_REGION",
  ],
  [
    "env AWS_DEFAULT_REGION beats the env file's AWS_REGION",
    { env: { AWS_DEFAULT_REGION: "us-west-1" }, envFile: { AWS_REGION: "ca-central-1" } },
    "us-west-1",
    "env:AWS_DEFAULT_REGION",
  ],
  [
    "the env file's AWS_REGION",
    { env: {}, envFile: { AWS_REGION: "ca-central-1", AWS_DEFAULT_REGION: "eu-north-1" } },
    "ca-central-1",
    "env-file:AWS_REGION",
  ],
  [
    "the env file's AWS_DEFAULT_REGION",
    { env: {}, envFile: { AWS_DEFAULT_REGION: "eu-north-1" }, defaults: { region: "sa-east-1" } },
    "eu-north-1",
    "env-file:AWS_DEFAULT_REGION",
  ],
  ["defaults.region", { env: {}, defaults: { region: "sa-east-1" } }, "sa-east-1", "default"],
  ["us-east-1 when nothing names a region", { env: {} }, "us-east-1", "default"],
  [
    "blank values are skipped and values are trimmed",
    {
      adminRegion: "  ",
      env: { AWS_REGION: "", AWS_DEFAULT_REGION: " eu-west-3\n" },
      defaults: { region: " " },
    },
    "eu-west-3",
    "env:AWS_DEFAULT_REGION",
  ],
  [
    "a stored region does not apply when the stored credentials were not chosen",
    { adminKey: `${AKIA}:${SECRET}`, env: { ...STORED, AWS_REGION: "us-west-2" } },
    "us-west-2",
    "env:AWS_REGION",
  ],
];

describe("region precedence (bedrock)", () => {
  it.each(regionRows)("%s", (_name, input, value, source) => {
    const decision = decideCredentials({ provider: "bedrock", ...input });
    expect(decision.region).toEqual({ value, source });
    expect(JSON.parse(JSON.stringify(decision)).region).toEqual({ value, source });
  });

  it("is null for API-key providers", () => {
    const decision = decideCredentials({
      provider: "custom",
      adminRegion: "eu-west-1",
      env: { AWS_REGION: "us-west-2" },
    });
    expect(decision.region).toBeNull();
  });

  it("defaults to us-east-1", () => {
    expect(DEFAULT_REGION).toBe("us-east-1");
  });
});

describe("INVALID_REGION", () => {
  it.each<[string, Omit<DecideInput, "provider">, string]>([
    ["the admin region", { adminRegion: "US-EAST-1", env: {} }, "the admin region"],
    ["AWS_REGION", { env: { AWS_REGION: "useast1" } }, "env:AWS_REGION"],
    ["AWS_DEFAULT_REGION", { env: { AWS_DEFAULT_REGION: "us_east_1" } }, "env:AWS_DEFAULT_REGION"],
    ["the env file", { env: {}, envFile: { AWS_REGION: "Frankfurt" } }, "env-file:AWS_REGION"],
    ["defaults.region", { env: {}, defaults: { region: "moon-1" } }, "defaults.region"],
    [
      "a stored region",
      {
        env: {
          ...STORED,
          SECRET_prod_aws_bedrock: JSON.stringify({
            accessKeyId: AKIA,
            secretAccessKey: SECRET,
            AWS_REGION: "eu_central_1",
          }),
        },
      },
      "key AWS_REGION of secret prod/aws/bedrock",
    ],
  ])("is thrown for a malformed %s, naming where it came from", (_label, input, origin) => {
    const error = thrownBy(() => decideCredentials({ provider: "bedrock", ...input }));
    expect(error).toBeInstanceOf(CredentialConfigError);
    expect(error).toMatchObject({ code: "INVALID_REGION" });
    expect((error as Error).message).toContain(origin);
    expectNoSecrets(renderError(error), [AKIA, SECRET]);
  });

  it("does not check a region source that is never reached", () => {
    const decision = decideCredentials({
      provider: "bedrock",
      env: { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "not a region" },
    });
    expect(decision.region?.value).toBe("eu-west-1");
  });
});

describe("isValidRegion", () => {
  it.each([
    "us-east-1",
    "eu-central-2",
    "ap-southeast-5",
    "il-central-1",
    "mx-central-1",
    "cn-northwest-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "us-isof-south-1",
    "eu-isoe-west-1",
    "eusc-de-east-1",
  ])("accepts %s", (region) => {
    expect(isValidRegion(region)).toBe(true);
  });

  it.each([
    "",
    "us-east",
    "US-EAST-1",
    "us-east-1 ",
    "useast1",
    "us_east_1",
    "us-east-123",
    "e-west-1",
  ])("refuses %j", (region) => {
    expect(isValidRegion(region)).toBe(false);
  });
});

type ModelRow = [string, DecideInput, { value: string; source: ModelIdSource } | null];

const modelRows: ModelRow[] = [
  [
    "the admin model ID beats everything",
    {
      provider: "bedrock",
      adminModelId: " anthropic.claude-3-5-sonnet-20241022-v2:0 ",
      env: { BEDROCK_MODEL_ID: "amazon.nova-pro-v1:0" },
      defaults: { modelId: "amazon.titan-text-express-v1" },
    },
    { value: "anthropic.claude-3-5-sonnet-20241022-v2:0", source: "admin" },
  ],
  [
    "BEDROCK_MODEL_ID from env",
    {
      provider: "bedrock",
      adminModelId: "  ",
      env: { BEDROCK_MODEL_ID: "amazon.nova-pro-v1:0" },
      envFile: { BEDROCK_MODEL_ID: "amazon.nova-lite-v1:0" },
    },
    { value: "amazon.nova-pro-v1:0", source: "env:BEDROCK_MODEL_ID" },
  ],
  [
    "BEDROCK_MODEL_ID from the env file",
    {
      provider: "bedrock",
      env: {},
      envFile: { BEDROCK_MODEL_ID: "amazon.nova-lite-v1:0" },
      defaults: { modelId: "amazon.titan-text-express-v1" },
    },
    { value: "amazon.nova-lite-v1:0", source: "env-file:BEDROCK_MODEL_ID" },
  ],
  [
    "defaults.modelId",
    { provider: "bedrock", env: {}, defaults: { modelId: "amazon.titan-text-express-v1" } },
    { value: "amazon.titan-text-express-v1", source: "default" },
  ],
  ["none", { provider: "bedrock", env: { BEDROCK_MODEL_ID: " " } }, null],
  [
    "an API-key provider ignores BEDROCK_MODEL_ID",
    {
      provider: "custom",
      env: { BEDROCK_MODEL_ID: "amazon.nova-pro-v1:0" },
      defaults: { modelId: "gpt-4o" },
    },
    { value: "gpt-4o", source: "default" },
  ],
  [
    "an API-key provider takes the admin model ID",
    { provider: "custom", adminModelId: "gpt-4o-mini", env: {} },
    { value: "gpt-4o-mini", source: "admin" },
  ],
];

describe("model ID precedence", () => {
  it.each(modelRows)("%s", (_name, input, expected) => {
    expect(decideCredentials(input).modelId).toEqual(expected);
  });
});
