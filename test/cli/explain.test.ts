import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "./runCliInProcess.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION = "FwoGZXIvYXdzEXAMPLESESSIONTOKENxxxxxxxxxxxxxxxxxxxx";
const BEDROCK_KEY = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlLWtleS0xMjM0NTY3ODkw";
const OPENAI_KEY = "sk-proj-EXAMPLEexampleEXAMPLEexample1234";

const SECRETS = [SECRET, SESSION, BEDROCK_KEY, OPENAI_KEY];

function envFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "credchain-explain-"));
  const path = join(dir, ".env");
  writeFileSync(path, text);
  return path;
}

describe("credchain explain --json", () => {
  it.each([
    {
      name: "the AWS default chain when nothing is configured",
      args: [],
      env: {},
      auth: { kind: "aws-default-chain", source: "default-chain", detail: null },
      region: { value: "us-east-1", source: "default" },
      modelId: null,
    },
    {
      name: "an env pair with its session token, masked",
      args: [],
      env: {
        AWS_ACCESS_KEY_ID: KEY_ID,
        AWS_SECRET_ACCESS_KEY: SECRET,
        AWS_SESSION_TOKEN: SESSION,
        AWS_REGION: "eu-west-1",
      },
      auth: { kind: "aws-static", source: "env", accessKeyId: "AKIA…MPLE", hasSessionToken: true },
      region: { value: "eu-west-1", source: "env:AWS_REGION" },
      modelId: null,
    },
    {
      name: "the admin pair over env credentials, with --region and --model-id as the admin fields",
      args: [
        "--admin-key-env",
        "ADMIN_KEY",
        "--region",
        "ap-southeast-2",
        "--model-id",
        "amazon.nova-pro-v1:0",
      ],
      env: {
        ADMIN_KEY: `${KEY_ID}:${SECRET}`,
        AWS_ACCESS_KEY_ID: "AKIAI44QH8DHBEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        AWS_SESSION_TOKEN: SESSION,
        BEDROCK_MODEL_ID: "anthropic.claude-3-haiku-20240307-v1:0",
      },
      auth: {
        kind: "aws-static",
        source: "admin",
        detail: "pair",
        accessKeyId: "AKIA…MPLE",
        hasSessionToken: false,
      },
      region: { value: "ap-southeast-2", source: "admin" },
      modelId: { value: "amazon.nova-pro-v1:0", source: "admin" },
    },
    {
      name: "an OpenAI key from the environment, masked to its last four characters",
      args: ["--provider", "openai"],
      env: { OPENAI_API_KEY: OPENAI_KEY },
      auth: { kind: "api-key", source: "env", apiKey: "…1234" },
      region: null,
      modelId: null,
    },
    {
      name: "the provider named by LLM_PROVIDER",
      args: [],
      env: { LLM_PROVIDER: "openai", OPENAI_API_KEY: OPENAI_KEY },
      auth: { kind: "api-key", source: "env" },
      region: null,
      modelId: null,
    },
  ])("reports $name", async ({ args, env, auth, region, modelId }) => {
    const run = await runCliInProcess(["explain", "--json", ...args], {
      env: env as Record<string, string>,
    });
    expect(run.code).toBe(0);
    const out = run.json();
    expect(Object.keys(out).sort()).toEqual([
      "auth",
      "modelId",
      "provider",
      "region",
      "trace",
      "warnings",
    ]);
    expect(out.auth).toMatchObject(auth);
    expect(out.region).toEqual(region);
    expect(out.modelId).toEqual(modelId);
    expect(out.trace.length).toBeGreaterThan(0);
    for (const entry of out.trace)
      expect(["chosen", "skipped", "failed", "not-consulted"]).toContain(entry.outcome);
    for (const s of SECRETS) expect(run.stdout + run.stderr).not.toContain(s);
  });

  it("warns that the env session token is never attached to an admin pair", async () => {
    const run = await runCliInProcess(["explain", "--json", "--admin-key-env", "ADMIN_KEY"], {
      env: { ADMIN_KEY: `${KEY_ID}:${SECRET}`, AWS_SESSION_TOKEN: SESSION },
    });
    expect(run.code).toBe(0);
    expect(run.json().warnings.join("\n")).toContain("AWS_SESSION_TOKEN");
  });

  it("reads the admin key from stdin with --admin-key-stdin", async () => {
    const run = await runCliInProcess(["explain", "--json", "--admin-key-stdin"], {
      stdin: `${BEDROCK_KEY}\n`,
    });
    expect(run.code).toBe(0);
    expect(run.json().auth).toMatchObject({
      kind: "bearer-token",
      source: "admin",
      detail: "bedrock-api-key",
    });
    expect(run.stdout).not.toContain(BEDROCK_KEY);
  });

  it("reads --env-path and reports env-file as the source", async () => {
    const path = envFile(
      `# comment\nAWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_SECRET_ACCESS_KEY="${SECRET}"\nAWS_REGION=eu-central-1\n`,
    );
    const run = await runCliInProcess(["explain", "--json", "--env-path", path]);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({
      auth: { kind: "aws-static", source: "env-file" },
      region: { value: "eu-central-1", source: "env-file:AWS_REGION" },
    });
    expect(run.stdout).not.toContain(SECRET);
  });

  it("warns on stderr, naming the variable, when --admin-key-env names an unset variable", async () => {
    const run = await runCliInProcess(["explain", "--json", "--admin-key-env", "ADMIN_KEY"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("warning: --admin-key-env: ADMIN_KEY is not set");
    expect(run.json().auth.source).toBe("default-chain");
  });
});

describe("credchain explain errors", () => {
  it.each([
    {
      name: "a malformed admin key",
      env: { ADMIN_KEY: `${KEY_ID}::` },
      code: "ADMIN_KEY_MALFORMED",
    },
    {
      name: "a swapped admin pair",
      env: { ADMIN_KEY: `${SECRET}:${KEY_ID}` },
      code: "ADMIN_KEY_SWAPPED",
    },
    {
      name: "an OpenAI key given for Bedrock",
      env: { ADMIN_KEY: OPENAI_KEY },
      code: "WRONG_PROVIDER_KEY",
    },
    {
      name: "an ASIA key without a session token",
      env: { ADMIN_KEY: `ASIAIOSFODNN7EXAMPLE:${SECRET}` },
      code: "SESSION_TOKEN_REQUIRED",
    },
  ])("exits 2 with {error} JSON for $name, without echoing the key", async ({ env, code }) => {
    const run = await runCliInProcess(["explain", "--json", "--admin-key-env", "ADMIN_KEY"], {
      env,
    });
    expect(run.code).toBe(2);
    expect(run.json()).toEqual({
      error: { code, message: expect.any(String), hint: expect.any(String) },
    });
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(run.stdout + run.stderr).not.toContain(OPENAI_KEY);
  });

  it("prints `credchain: CODE: message` and a hint line on stderr without --json", async () => {
    const run = await runCliInProcess(["explain", "--admin-key-env", "ADMIN_KEY"], {
      env: { ADMIN_KEY: `${SECRET}:${KEY_ID}` },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^credchain: ADMIN_KEY_SWAPPED: .+\nhint: .+\n$/);
  });

  it("exits 2 when an API-key provider has no key", async () => {
    const run = await runCliInProcess(["explain", "--json", "--provider", "anthropic"]);
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe("API_KEY_MISSING");
  });

  it("refuses a key passed as the --admin-key-env variable name, without echoing it", async () => {
    const run = await runCliInProcess(["explain", "--admin-key-env", BEDROCK_KEY]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--admin-key-env takes the NAME of an environment variable");
    expect(run.stderr).not.toContain(BEDROCK_KEY);
  });

  it.each([
    [["--admin-key-env", "A", "--admin-key-stdin"], "mutually exclusive"],
    [["--env-path", "/nonexistent/.env"], "--env-path: cannot read /nonexistent/.env (ENOENT)"],
    [["--region", "moon"], "--region is not an AWS region code"],
    [["--provider", "gemini"], "--provider must be one of"],
  ])("exits 2 for %j", async (args, message) => {
    const run = await runCliInProcess(["explain", ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("still exits 2 for a configuration error with --resolve", async () => {
    const run = await runCliInProcess(["explain", "--resolve", "--admin-key-env", "K"], {
      env: { K: `${KEY_ID}::` },
    });
    expect(run.code).toBe(2);
  });
});

describe("credchain explain (readable output)", () => {
  it("prints a summary and the trace as a table, masking the key", async () => {
    const run = await runCliInProcess(["explain"], {
      env: {
        AWS_ACCESS_KEY_ID: KEY_ID,
        AWS_SECRET_ACCESS_KEY: SECRET,
        BEDROCK_MODEL_ID: "amazon.nova-pro-v1:0",
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^provider {2}bedrock\n/);
    expect(run.stdout).toContain("auth      aws-static from env");
    expect(run.stdout).toContain("access key AKIA…MPLE, session token: no");
    expect(run.stdout).toContain("model id  amazon.nova-pro-v1:0 (env:BEDROCK_MODEL_ID)");
    expect(run.stdout).toMatch(/trace:\n {2}SOURCE +OUTCOME +REASON\n {2}admin +skipped/);
    expect(run.stdout).not.toContain(SECRET);
  });
});
