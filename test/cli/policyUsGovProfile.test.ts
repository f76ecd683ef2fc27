// A `us-gov.` model ID is a GovCloud cross-Region inference profile (us-gov-west-1 and
// us-gov-east-1), not a foundation model: `credchain policy` grants the profile and its models in
// the aws-us-gov partition, and warns when --region is outside GovCloud.
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "./runCliInProcess.js";

const ACCOUNT = "111122223333";
const PROFILE = "us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0";
const MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";

interface Policy {
  Statement: { Resource: string[]; Condition?: unknown }[];
}

const policy = async (region: string) => {
  const run = await runCliInProcess([
    "policy",
    "--model-id",
    PROFILE,
    "--region",
    region,
    "--account",
    ACCOUNT,
  ]);
  return { run, resources: (run.json() as Policy).Statement.flatMap((s) => s.Resource) };
};

describe("credchain policy with a us-gov. inference profile", () => {
  it("grants the profile and its model in both GovCloud Regions", async () => {
    const { run, resources } = await policy("us-gov-west-1");
    expect(run.code).toBe(0);
    expect(resources.sort()).toEqual(
      [
        `arn:aws-us-gov:bedrock:us-gov-west-1:${ACCOUNT}:inference-profile/${PROFILE}`,
        `arn:aws-us-gov:bedrock:us-gov-east-1::foundation-model/${MODEL}`,
        `arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/${MODEL}`,
      ].sort(),
    );
    expect(run.stderr).not.toMatch(/warning:/);
  });

  it("warns when --region is outside GovCloud", async () => {
    const { run } = await policy("us-east-1");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: .*"us-gov" inference profile.*us-east-1/);
  });
});
