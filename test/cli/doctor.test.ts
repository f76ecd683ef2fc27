import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  EMULATOR_ACCOUNT_ID,
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_SECRET_ACCESS_KEY,
  createCredentialRegistry,
  type CredentialRegistry,
} from "../support/credentialRegistry.js";
import {
  startContainerCredentialsEmulator,
  type ContainerCredentialsEmulator,
} from "../support/startContainerCredentialsEmulator.js";
import {
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
} from "../support/startSecretsManagerEmulator.js";
import { startStsEmulator, type StsEmulator } from "../support/startStsEmulator.js";
import { runCliInProcess } from "./runCliInProcess.js";

const OPENAI_KEY = "sk-proj-EXAMPLEexampleEXAMPLEexample4321";

let registry: CredentialRegistry;
let sm: SecretsManagerEmulator;
let sts: StsEmulator;
let ecs: ContainerCredentialsEmulator;
let endpoints: Record<string, string>;
const pair = {
  AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: EXAMPLE_SECRET_ACCESS_KEY,
};

beforeEach(async () => {
  registry = createCredentialRegistry();
  sm = await startSecretsManagerEmulator({
    registry,
    secrets: {
      "prod/app": { OPENAI_API_KEY: OPENAI_KEY },
      "prod/locked": { value: "x", accessDenied: true },
    },
  });
  sts = await startStsEmulator({ registry });
  ecs = await startContainerCredentialsEmulator({ registry });
  endpoints = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_REGION: "us-east-1",
    AWS_MAX_ATTEMPTS: "1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
});

afterEach(async () => {
  await Promise.all([sm.close(), sts.close(), ecs.close()]);
});

const byName = (checks: { check: string }[]) => Object.fromEntries(checks.map((c) => [c.check, c]));

describe("credchain doctor", () => {
  it("exits 0 when every check holds, reporting the STS identity", async () => {
    const run = await runCliInProcess(
      ["doctor", "--require", "AWS_REGION", "--secret", "prod/app", "--sts", "--json"],
      {
        env: { ...endpoints, ...pair },
      },
    );
    expect(run.code).toBe(0);
    const out = run.json();
    expect(out.ok).toBe(true);
    expect(byName(out.checks)).toMatchObject({
      "required AWS_REGION": { status: "pass", detail: "set in the environment" },
      decision: { status: "pass", detail: expect.stringContaining("aws-static from env") },
      "secret prod/app": { status: "pass", detail: "readable in us-east-1 (JSON with 1 key(s))" },
      "credentials resolve": { status: "pass" },
      "sts identity": {
        status: "pass",
        detail: `account ${EMULATOR_ACCOUNT_ID}, arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/credchain-test`,
      },
    });
    expect(sts.calls).toMatchObject([
      { op: "GetCallerIdentity", accessKeyId: EXAMPLE_ACCESS_KEY_ID },
    ]);
    expect(run.stdout).not.toContain(OPENAI_KEY);
  });

  it("exits 1 naming each failing check with its hint, and still runs the others", async () => {
    const run = await runCliInProcess(
      [
        "doctor",
        "--require",
        "AWS_REGION,BEDROCK_MODEL_ID",
        "--secret",
        "prod/missing",
        "--secret",
        "prod/locked",
        "--secret",
        "prod/app",
        "--json",
      ],
      { env: { ...endpoints, ...pair } },
    );
    expect(run.code).toBe(1);
    const out = run.json();
    expect(out.ok).toBe(false);
    const checks = byName(out.checks);
    expect(checks).toMatchObject({
      "required AWS_REGION": { status: "pass" },
      "required BEDROCK_MODEL_ID": {
        status: "fail",
        hint: expect.stringContaining("BEDROCK_MODEL_ID"),
      },
      "secret prod/missing": { status: "fail", code: "SECRET_NOT_FOUND", hint: expect.any(String) },
      "secret prod/locked": {
        status: "fail",
        code: "SECRET_ACCESS_DENIED",
        hint: expect.any(String),
      },
      "secret prod/app": { status: "pass" },
    });
  });

  it("prints a table with FAIL rows and their hints", async () => {
    const run = await runCliInProcess(["doctor", "--require", "NOT_SET_ANYWHERE"], {
      env: { ...endpoints, ...pair },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^STATUS +CHECK +DETAIL\n/);
    expect(run.stdout).toMatch(/FAIL +required NOT_SET_ANYWHERE +NOT_SET_ANYWHERE is not set/);
    expect(run.stdout).toMatch(/\n +hint: Set NOT_SET_ANYWHERE in the service's environment\./);
    expect(run.stdout).toContain("1 check(s) failed");
  });

  it("fails the decision check for a malformed admin key and skips what depends on it", async () => {
    const run = await runCliInProcess(
      ["doctor", "--admin-key-env", "ADMIN_KEY", "--sts", "--json"],
      {
        env: { ...endpoints, ADMIN_KEY: `${EXAMPLE_SECRET_ACCESS_KEY}:${EXAMPLE_ACCESS_KEY_ID}` },
      },
    );
    expect(run.code).toBe(1);
    expect(byName(run.json().checks)).toMatchObject({
      decision: { status: "fail", code: "ADMIN_KEY_SWAPPED" },
      "credentials resolve": { status: "skip" },
      "sts identity": { status: "skip" },
    });
    expect(run.stdout).not.toContain(EXAMPLE_SECRET_ACCESS_KEY);
  });

  it("resolves the AWS default chain (ECS container credentials) and asks STS who that is", async () => {
    const run = await runCliInProcess(["doctor", "--sts", "--json"], {
      env: { ...endpoints, ...ecs.env },
    });
    expect(run.code).toBe(0);
    const checks = byName(run.json().checks);
    expect(checks.decision).toMatchObject({
      status: "pass",
      detail: "aws-default-chain from default-chain",
    });
    expect(checks["credentials resolve"]).toMatchObject({
      status: "pass",
      detail: expect.stringMatching(
        /^aws-default-chain from default-chain: ASIA…\w{4}, expires \d{4}-/,
      ),
    });
    expect(checks["sts identity"]).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("assumed-role"),
    });
    expect(sts.calls[0]).toMatchObject({
      accessKeyId: ecs.current.accessKeyId,
      hasSessionToken: true,
    });
    expect(run.stdout).not.toContain(ecs.current.secretAccessKey);
  });

  it("fails the credentials check when the default chain finds nothing", async () => {
    const run = await runCliInProcess(["doctor", "--json"], { env: endpoints });
    expect(run.code).toBe(1);
    expect(byName(run.json().checks)["credentials resolve"]).toMatchObject({
      status: "fail",
      code: "NO_CREDENTIALS",
    });
  });

  it("names what failed at STS: a refused key by its code, an unreachable STS by its network code", async () => {
    const revoked = registry.issueLongTerm();
    registry.revoke(revoked.accessKeyId);
    const refused = await runCliInProcess(["doctor", "--sts", "--json"], {
      env: {
        ...endpoints,
        AWS_ACCESS_KEY_ID: revoked.accessKeyId,
        AWS_SECRET_ACCESS_KEY: revoked.secretAccessKey,
      },
    });
    await sts.close();
    const unreachable = await runCliInProcess(["doctor", "--sts", "--json"], {
      env: { ...endpoints, ...pair },
    });

    expect(byName(refused.json().checks)["sts identity"]).toMatchObject({
      status: "fail",
      code: "SOURCE_FAILED",
      detail: expect.stringContaining("refused the key (InvalidClientTokenId)"),
    });
    expect(byName(unreachable.json().checks)["sts identity"]).toMatchObject({
      status: "fail",
      code: "SOURCE_FAILED",
      detail: expect.stringContaining("could not be called (ECONNREFUSED)"),
    });
    expect(refused.stdout).not.toContain(revoked.secretAccessKey);
  });

  it("skips STS for a decision that is not AWS credentials", async () => {
    const run = await runCliInProcess(["doctor", "--provider", "openai", "--sts", "--json"], {
      env: { ...endpoints, OPENAI_API_KEY: OPENAI_KEY },
    });
    expect(run.code).toBe(0);
    expect(byName(run.json().checks)["sts identity"]).toMatchObject({ status: "skip" });
    expect(sts.calls).toHaveLength(0);
  });
});
