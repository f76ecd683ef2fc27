// `ssm:` names and parameter ARNs in the CLI: `secrets get`, `doctor --secret`, `explain --resolve`
// read Parameter Store through the library's backend, as the service identity, against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET_ACCESS_KEY } from "../support/credentialRegistry.js";
import { startSsmEmulator, type SsmEmulator } from "../support/startSsmEmulator.js";
import { runCliInProcess } from "./runCliInProcess.js";

const OPENAI_KEY = "sk-proj-EXAMPLEexampleEXAMPLEexample9wxy";
const STORED_KEY_ID = "AKIAI44QH8DHBEXAMPLE";
const STORED_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/prod/openai";

let ssm: SsmEmulator;
let aws: Record<string, string>;

beforeAll(async () => {
  ssm = await startSsmEmulator({
    parameters: {
      "/prod/openai": { value: JSON.stringify({ api_key: OPENAI_KEY }), type: "SecureString" },
      "/prod/kms": { value: "never-read", type: "SecureString", kmsFailure: "access-denied" },
      "/prod/bedrock": {
        value: JSON.stringify({ accessKeyId: STORED_KEY_ID, secretAccessKey: STORED_SECRET }),
        type: "SecureString",
      },
    },
  });
});

afterAll(async () => {
  await ssm.close();
});

beforeEach(() => {
  ssm.resetCalls();
  aws = {
    AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: EXAMPLE_SECRET_ACCESS_KEY,
    AWS_REGION: "us-east-1",
    SECRETS_MANAGER_REGION: "eu-west-1",
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_MAX_ATTEMPTS: "1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
});

describe("credchain secrets get with a parameter", () => {
  it("reads ssm:/path from Parameter Store in AWS_REGION, decrypted and masked", async () => {
    const run = await runCliInProcess(["secrets", "get", "ssm:/prod/openai", "--json"], {
      env: aws,
    });
    expect(run.code).toBe(0);
    expect(run.json()).toEqual({
      name: "ssm:/prod/openai",
      arn: ARN,
      versionId: "1",
      masked: true,
      format: "json",
      values: { api_key: "…9wxy" },
    });
    expect(ssm.calls).toEqual([
      expect.objectContaining({
        op: "GetParameter",
        withDecryption: true,
        region: "us-east-1",
        accessKeyId: EXAMPLE_ACCESS_KEY_ID,
      }),
    ]);
    expect(run.stdout + run.stderr).not.toContain(OPENAI_KEY);
  });

  it("reads a parameter ARN and prints one revealed key for a shell", async () => {
    const run = await runCliInProcess(["secrets", "get", ARN, "--key", "api_key", "--reveal"], {
      env: aws,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${OPENAI_KEY}\n`);
    expect(ssm.callCount("GetParameter")).toBe(1);
  });

  it.each([
    ["ssm:/prod/missing", "SECRET_NOT_FOUND", "was not found in Parameter Store", "AWS_REGION"],
    ["ssm:/prod/kms", "SECRET_ACCESS_DENIED", "could not be decrypted (KMS)", "kms:Decrypt"],
  ])("maps a failure to %s's code and a Parameter Store hint", async (name, code, text, hint) => {
    const run = await runCliInProcess(["secrets", "get", name, "--json"], { env: aws });
    expect(run.code).toBe(1);
    expect(run.json().error).toMatchObject({
      code,
      message: expect.stringContaining(text),
      hint: expect.stringContaining(hint),
    });
    expect(run.json().error.hint).not.toContain("secretsmanager");
  });

  it("exits 3 when no credentials sign the request", async () => {
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...bare } = aws;
    const run = await runCliInProcess(["secrets", "get", "ssm:/prod/openai"], {
      env: { ...bare, AWS_EC2_METADATA_DISABLED: "true" },
    });
    expect(run.code).toBe(3);
    expect(ssm.callCount()).toBe(0);
  });

  it("refuses a malformed parameter name with exit 2, without echoing it", async () => {
    const run = await runCliInProcess(["secrets", "get", "ssm:/has space"], { env: aws });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("SECRET_INVALID_NAME");
    expect(run.stderr).not.toContain("has space");
  });

  it.each(["ssm:/", "ssm://"])(
    "refuses %s, a path of slashes only, before asking Parameter Store",
    async (name) => {
      const run = await runCliInProcess(["secrets", "get", name, "--json"], { env: aws });
      expect(run.code).toBe(2);
      expect(run.json().error.code).toBe("SECRET_INVALID_NAME");
      expect(ssm.callCount()).toBe(0);
    },
  );

  it("refuses to push into Parameter Store with exit 2 and a hint", async () => {
    const run = await runCliInProcess(
      ["secrets", "push", "--env-path", ".env", "--name", "ssm:/prod/app", "--dry-run"],
      { env: aws },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("aws ssm put-parameter");
    expect(ssm.callCount()).toBe(0);
  });
});

describe("credchain doctor and explain with parameters", () => {
  it("checks each --secret in the service it names", async () => {
    const run = await runCliInProcess(
      [
        "doctor",
        "--provider",
        "openai",
        "--secret",
        "ssm:/prod/openai",
        "--secret",
        "ssm:/prod/missing",
        "--json",
      ],
      { env: { ...aws, OPENAI_API_KEY: OPENAI_KEY } },
    );
    const checks = Object.fromEntries(
      (run.json().checks as { check: string }[]).map((c) => [c.check, c]),
    );
    expect(checks["secret ssm:/prod/openai"]).toMatchObject({
      status: "pass",
      detail: "readable in Parameter Store, us-east-1 (JSON with 1 key(s))",
    });
    expect(checks["secret ssm:/prod/missing"]).toMatchObject({
      status: "fail",
      code: "SECRET_NOT_FOUND",
      hint: expect.stringContaining("parameter's path"),
    });
    expect(run.code).toBe(1);
    expect(ssm.calls.every((c) => c.region === "us-east-1")).toBe(true);
  });

  it("explain --resolve reads AWS_BEDROCK_SECRET_NAME=ssm:/… from Parameter Store", async () => {
    const run = await runCliInProcess(["explain", "--resolve", "--json"], {
      env: { ...aws, USE_SECRETS_MANAGER: "true", AWS_BEDROCK_SECRET_NAME: "ssm:/prod/bedrock" },
    });
    expect(run.code).toBe(0);
    expect(run.json().auth).toMatchObject({ source: "secrets-manager", accessKeyId: "AKIA…MPLE" });
    expect(ssm.calls).toEqual([
      expect.objectContaining({ op: "GetParameter", region: "us-east-1" }),
    ]);
    expect(run.stdout + run.stderr).not.toContain(STORED_SECRET);
  });
});
