// Issue 10: policy ARNs follow the Region's partition; partition-valid secret ARNs are accepted;
// a geographic inference profile outside its geography is called out.
import { describe, expect, it } from "vitest";
import { buildIamPolicy, type IamPolicyInput } from "../../src/cli/buildIamPolicy.js";

const base: IamPolicyInput = {
  provider: "bedrock",
  modelIds: ["anthropic.claude-3-haiku-20240307-v1:0"],
  region: "us-east-1",
  account: "111122223333",
  secrets: [],
  bearer: false,
  batch: false,
};

const resources = (input: IamPolicyInput): string[] =>
  buildIamPolicy(input).policy.Statement.flatMap((s) => s.Resource);

describe("credchain policy partitions", () => {
  it.each([
    ["us-gov-west-1", "aws-us-gov"],
    ["cn-north-1", "aws-cn"],
    ["eusc-de-east-1", "aws-eusc"],
    ["us-isob-east-1", "aws-iso-b"],
    ["eu-west-1", "aws"],
  ])("writes Bedrock, secret and parameter ARNs for %s in partition %s", (region, partition) => {
    // Act
    const arns = resources({ ...base, region, secrets: ["prod/app", "ssm:/prod/app"] });

    // Assess
    expect(arns.length).toBeGreaterThan(1);
    for (const arn of arns) expect(arn.startsWith(`arn:${partition}:`)).toBe(true);
  });

  it("accepts a valid arn:aws-cn secret ARN as given", () => {
    const arn = "arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:prod/app-AbCdEf";
    expect(resources({ ...base, region: "cn-north-1", secrets: [arn] })).toContain(arn);
  });

  it("refuses a secret ARN whose partition does not match its Region", () => {
    const arn = "arn:aws-cn:secretsmanager:us-east-1:111122223333:secret:prod/app-AbCdEf";
    expect(() => buildIamPolicy({ ...base, secrets: [arn] })).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining("--secret"),
      }),
    );
  });

  it("warns when a us. inference profile is granted for a Region outside its geography", () => {
    // Act
    const { notes } = buildIamPolicy({
      ...base,
      region: "eu-west-1",
      modelIds: ["us.anthropic.claude-3-haiku-20240307-v1:0"],
    });

    // Assess
    expect(notes.some((n) => n.startsWith("warning:") && n.includes("eu-west-1"))).toBe(true);
  });

  it("says nothing of the kind for a profile inside its geography", () => {
    const { notes } = buildIamPolicy({
      ...base,
      modelIds: ["us.anthropic.claude-3-haiku-20240307-v1:0"],
    });
    expect(notes.some((n) => n.startsWith("warning:"))).toBe(false);
  });
});
