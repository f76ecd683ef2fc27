import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CredentialConfigError } from "../../src/core/CredentialConfigError.js";
import { buildIamPolicy, type IamPolicyInput } from "../../src/cli/buildIamPolicy.js";
import { INFERENCE_PROFILE_GEOGRAPHIES } from "../../src/cli/inferenceProfileRegions.js";
import { runCliInProcess } from "./runCliInProcess.js";

const ACCOUNT = "111122223333";
const golden = (name: string): unknown =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, "golden", `${name}.json`), "utf8"));

describe("credchain policy (golden JSON)", () => {
  it.each([
    [
      "policy-foundation-model",
      [
        "--model-id",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "--model-id",
        "amazon.nova-pro-v1:0",
        "--region",
        "us-east-1",
      ],
    ],
    [
      "policy-us-profile",
      [
        "--model-id",
        "us.anthropic.claude-3-haiku-20240307-v1:0",
        "--region",
        "us-west-2",
        "--account",
        ACCOUNT,
      ],
    ],
    [
      "policy-eu-profile-regions",
      [
        "--model-id",
        "eu.amazon.nova-pro-v1:0",
        "--region",
        "eu-west-1",
        "--account",
        ACCOUNT,
        "--profile-regions",
        "eu-central-1,eu-west-3",
      ],
    ],
    [
      "policy-global-profile",
      [
        "--model-id",
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "--region",
        "us-east-1",
        "--account",
        ACCOUNT,
      ],
    ],
    [
      "policy-bearer-secrets-batch",
      [
        "--model-id",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "--region",
        "us-east-1",
        "--account",
        ACCOUNT,
        "--bearer",
        "--secret",
        "prod/aws/bedrock",
        "--secret",
        `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:shared/openai-AbCdEf`,
        "--batch",
      ],
    ],
    [
      "policy-openai-secret",
      [
        "--provider",
        "openai",
        "--secret",
        "prod/openai",
        "--secrets-region",
        "eu-west-1",
        "--region",
        "us-east-1",
        "--account",
        ACCOUNT,
      ],
    ],
    [
      "policy-openai-parameter",
      [
        "--provider",
        "openai",
        "--secret",
        "ssm:/prod/openai",
        "--region",
        "us-east-1",
        "--account",
        ACCOUNT,
      ],
    ],
    [
      "policy-parameters-secrets-mixed",
      [
        "--model-id",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "--region",
        "eu-west-1",
        "--account",
        ACCOUNT,
        "--secret",
        "ssm:/prod/aws/bedrock:3",
        "--secret",
        "arn:aws:ssm:us-east-1:444455556666:parameter/shared/openai",
        "--secret",
        "prod/app",
        "--batch",
      ],
    ],
  ])("prints %s.json", async (name, args) => {
    const run = await runCliInProcess(["policy", ...args]);
    expect(run.code).toBe(0);
    expect(run.json()).toEqual(golden(name));
  });

  it("keeps notes on stderr so stdout is a pastable policy document", async () => {
    const run = await runCliInProcess(
      ["policy", "--model-id", "us.amazon.nova-pro-v1:0", "--account", ACCOUNT, "--bearer"],
      {
        env: { AWS_REGION: "us-east-2" },
      },
    );
    expect(run.code).toBe(0);
    expect(run.json().Version).toBe("2012-10-17");
    expect(run.stderr).toContain("note: region us-east-2 taken from AWS_REGION");
    expect(run.stderr).toContain('AWS requires Resource "*"');
    expect(run.stderr).toContain('credchain\'s assumed destinations for the "us" geography');
  });

  it.each([
    [
      ["--model-id", "us.amazon.nova-pro-v1:0"],
      "--account is required for the inference profile us.amazon.nova-pro-v1:0",
    ],
    [["--model-id", "global.amazon.nova-pro-v1:0"], "--account is required"],
    [
      ["--provider", "bedrock", "--model-id", "amazon.nova-pro-v1:0", "--secret", "prod/app"],
      "--account is required for the secret prod/app",
    ],
    [
      ["--model-id", "us.amazon.nova-pro-v1:0", "--account", "1234"],
      "--account must be a 12-digit AWS account ID",
    ],
    [[], "--model-id is required for --provider bedrock"],
    [
      ["--provider", "openai", "--model-id", "amazon.nova-pro-v1:0"],
      "--model-id applies to --provider bedrock only",
    ],
    [
      ["--provider", "openai", "--bearer", "--secret", "x"],
      "--bearer applies to --provider bedrock only",
    ],
    [["--provider", "openai", "--batch"], "--batch needs at least one --secret"],
    [
      ["--provider", "nope"],
      "--provider must be one of bedrock, openai, anthropic, cohere, custom",
    ],
    [
      ["--model-id", "amazon.nova-pro-v1:0", "--region", "mars-1"],
      "--region is not an AWS region code",
    ],
    [
      ["--model-id", "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0"],
      "not an ARN",
    ],
    [
      ["--provider", "openai", "--secret", "arn:aws:secretsmanager:us-east-1:1:secret:x"],
      "is not a Secrets Manager secret ARN",
    ],
    [
      ["--provider", "openai", "--secret", "ssm:/prod/openai"],
      "--account is required for the parameter ssm:/prod/openai",
    ],
    [
      ["--provider", "openai", "--secret", `arn:aws-cn:ssm:us-east-1:${ACCOUNT}:parameter/x`],
      "parameter ARN whose partition does not match its Region",
    ],
    [
      ["--provider", "openai", "--secret", "ssm:/bad name", "--account", ACCOUNT],
      "is not a valid parameter name",
    ],
    [
      ["--provider", "openai", "--secret", "ssm:/prod/app:bad label", "--account", ACCOUNT],
      "is not a valid parameter name",
    ],
    [
      ["--provider", "openai", "--secret", "ssm://", "--account", ACCOUNT],
      "is not a valid parameter name",
    ],
    [
      ["--provider", "openai", "--secret", "ssm:/prod/openai", "--account", ACCOUNT, "--batch"],
      "--batch needs at least one --secret naming a Secrets Manager secret",
    ],
  ])("refuses %j with exit 2 naming the flag", async (args, message) => {
    const run = await runCliInProcess(["policy", ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/\nhint: /);
  });
});

describe("buildIamPolicy", () => {
  const base: IamPolicyInput = {
    provider: "bedrock",
    modelIds: [],
    region: "us-east-1",
    account: ACCOUNT,
    secrets: [],
    bearer: false,
    batch: false,
  };
  const everything: IamPolicyInput = {
    ...base,
    modelIds: [
      "amazon.nova-pro-v1:0",
      "us.amazon.nova-pro-v1:0",
      "eu.amazon.nova-pro-v1:0",
      "apac.amazon.nova-pro-v1:0",
      "jp.x.y",
      "au.x.y",
      "global.x.y",
    ],
    secrets: ["a", "b/c", "ssm:/p", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/q`],
    bearer: true,
    batch: true,
  };

  it("never grants a wildcard action, and Resource * only to the two actions AWS authorizes no other way", () => {
    const { policy } = buildIamPolicy(everything);
    for (const s of policy.Statement) {
      for (const action of s.Action) expect(action).not.toContain("*");
      if (s.Resource.includes("*")) {
        expect(s.Action).toEqual(
          expect.arrayContaining([
            expect.stringMatching(
              /^(bedrock:CallWithBearerToken|secretsmanager:BatchGetSecretValue)$/,
            ),
          ]),
        );
        expect(s.Action).toHaveLength(1);
      }
      for (const r of s.Resource) if (r !== "*") expect(r).not.toMatch(/arn:aws:[a-z]+:\*:/);
    }
  });

  it("gives every statement a unique Sid", () => {
    const sids = buildIamPolicy(everything).policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const sid of sids) expect(sid).toMatch(/^[A-Za-z0-9]+$/);
  });

  it.each(Object.entries(INFERENCE_PROFILE_GEOGRAPHIES))(
    "grants a %s. profile's model in every assumed destination Region, only through that profile",
    (geo, regions) => {
      const source = regions[0]!;
      const { policy } = buildIamPolicy({
        ...base,
        region: source,
        modelIds: [`${geo}.anthropic.m-v1:0`],
      });
      const via = policy.Statement.find((s) => s.Sid === "InvokeModelViaProfile1")!;
      // Every geography lies in one partition: `aws`, or `aws-us-gov` for us-gov.
      const partition = geo === "us-gov" ? "aws-us-gov" : "aws";
      expect(via.Resource).toEqual(
        [...regions]
          .sort()
          .map((r) => `arn:${partition}:bedrock:${r}::foundation-model/anthropic.m-v1:0`),
      );
      expect(via.Condition).toEqual({
        StringEquals: {
          "bedrock:InferenceProfileArn": `arn:${partition}:bedrock:${source}:${ACCOUNT}:inference-profile/${geo}.anthropic.m-v1:0`,
        },
      });
    },
  );

  it("always includes the source Region among a profile's foundation-model grants", () => {
    const { policy } = buildIamPolicy({
      ...base,
      region: "ca-central-1",
      modelIds: ["us.m.x"],
      profileRegions: ["us-east-1"],
    });
    expect(policy.Statement.find((s) => s.Sid === "InvokeModelViaProfile1")!.Resource).toEqual([
      "arn:aws:bedrock:ca-central-1::foundation-model/m.x",
      "arn:aws:bedrock:us-east-1::foundation-model/m.x",
    ]);
  });

  it("grants kms:Decrypt only through Parameter Store, in each parameter's own region", () => {
    const { policy, notes } = buildIamPolicy(everything);
    const decrypts = policy.Statement.filter((s) => s.Action.includes("kms:Decrypt"));
    expect(decrypts.map((s) => [s.Resource, s.Condition])).toEqual([
      [
        [`arn:aws:kms:us-east-1:${ACCOUNT}:key/*`],
        { StringEquals: { "kms:ViaService": "ssm.us-east-1.amazonaws.com" } },
      ],
      [
        [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`],
        { StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } },
      ],
    ]);
    expect(notes.join(" ")).toContain("aws/ssm");
  });

  it("deduplicates repeated model IDs and secrets", () => {
    const { policy } = buildIamPolicy({ ...base, modelIds: ["a.b", "a.b"], secrets: ["s", "s"] });
    expect(policy.Statement.find((s) => s.Sid === "InvokeFoundationModels")!.Resource).toHaveLength(
      1,
    );
    expect(policy.Statement.find((s) => s.Sid === "ReadSecrets")!.Resource).toHaveLength(1);
  });

  it("needs no account when only foundation models and secret ARNs are granted", () => {
    const arn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:x-AbCdEf`;
    const { policy } = buildIamPolicy({
      ...base,
      account: undefined,
      modelIds: ["a.b"],
      secrets: [arn],
    });
    expect(policy.Statement.find((s) => s.Sid === "ReadSecrets")!.Resource).toEqual([arn]);
  });

  it("throws CredentialConfigError for invalid input", () => {
    expect(() => buildIamPolicy({ ...base, account: undefined, modelIds: ["us.a.b"] })).toThrow(
      CredentialConfigError,
    );
  });
});
