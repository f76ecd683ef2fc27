import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET_ACCESS_KEY } from "../support/credentialRegistry.js";
import {
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
} from "../support/startSecretsManagerEmulator.js";
import { runCliInProcess } from "./runCliInProcess.js";

const OPENAI_KEY = "sk-proj-EXAMPLEexampleEXAMPLEexample9wxy";
const DB_PASSWORD = "correct-horse-battery-staple-EXAMPLE";
const SECRET_KEY = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
// Key names that drive a terminal: clear screen, carriage return (overwrites the line), a bell,
// a right-to-left override (reorders what follows), C1's one-byte CSI, and a newline (a fake row).
const ODD_KEYS = {
  "CLEAR\u001b[2J": "a",
  "OVER\rWRITE": "b",
  "BELL\u0007": "c",
  "RTL\u202eEVIL": "d",
  "CSI\u009b2J": "e",
  "ROW\nFAKE": "f",
};
/** A raw control or format character other than the newline that ends each line. */
const TERMINAL_CONTROL = /[^\P{C}\n]/u;

let sm: SecretsManagerEmulator;
let aws: Record<string, string>;

function envFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "credchain-secrets-")), ".env");
  writeFileSync(path, text);
  return path;
}

beforeEach(async () => {
  sm = await startSecretsManagerEmulator({
    secrets: {
      "prod/app": {
        OPENAI_API_KEY: OPENAI_KEY,
        AWS_ACCESS_KEY_ID: "AKIAI44QH8DHBEXAMPLE",
        AWS_SECRET_ACCESS_KEY: SECRET_KEY,
        DB_PASSWORD,
        PORT: 8080,
      },
      "prod/plain": OPENAI_KEY,
      "prod/cert": new Uint8Array([1, 2, 3]),
      "prod/locked": { value: { A: "b" }, accessDenied: true },
      "prod/odd-keys": ODD_KEYS,
    },
  });
  aws = {
    AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: EXAMPLE_SECRET_ACCESS_KEY,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
    AWS_MAX_ATTEMPTS: "1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
});

afterEach(async () => {
  await sm.close();
});

describe("credchain secrets push", () => {
  it("creates a JSON secret from a .env file, verifies it, and prints the ARN and key names only", async () => {
    const path = envFile(`OPENAI_API_KEY=${OPENAI_KEY}\nDB_PASSWORD="${DB_PASSWORD}"\n`);
    const run = await runCliInProcess(
      ["secrets", "push", "--env-path", path, "--name", "staging/app", "--json"],
      { env: aws },
    );
    expect(run.code).toBe(0);
    const out = run.json();
    expect(out).toMatchObject({
      name: "staging/app",
      arn: expect.stringMatching(
        /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:staging\/app-[A-Za-z0-9]{6}$/,
      ),
      action: "created",
      verified: true,
    });
    expect([...out.keys].sort()).toEqual(["DB_PASSWORD", "OPENAI_API_KEY"]);
    expect(JSON.parse(sm.inspectSecret("staging/app")!.current as string)).toEqual({
      OPENAI_API_KEY: OPENAI_KEY,
      DB_PASSWORD,
    });
    expect(sm.calls.map((c) => c.op)).toEqual(["CreateSecret", "GetSecretValue"]);
    expect(run.stdout + run.stderr).not.toContain(OPENAI_KEY);
    expect(run.stdout + run.stderr).not.toContain(DB_PASSWORD);
  });

  it("puts a new version when the secret exists, pushing only --keys", async () => {
    const path = envFile(`OPENAI_API_KEY=sk-new-EXAMPLE-0000000000000\nOTHER=x\nTHIRD=y\n`);
    const run = await runCliInProcess(
      [
        "secrets",
        "push",
        "--env-path",
        path,
        "--name",
        "prod/app",
        "--keys",
        "OPENAI_API_KEY",
        "--keys",
        "THIRD",
      ],
      {
        env: aws,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/action +updated, verified by reading it back/);
    expect(run.stdout).toMatch(/keys +OPENAI_API_KEY, THIRD/);
    const snapshot = sm.inspectSecret("prod/app")!;
    expect(JSON.parse(snapshot.current as string)).toEqual({
      OPENAI_API_KEY: "sk-new-EXAMPLE-0000000000000",
      THIRD: "y",
    });
    expect(snapshot.versions).toHaveLength(2);
    expect(sm.calls.map((c) => c.op)).toEqual(["CreateSecret", "PutSecretValue", "GetSecretValue"]);
  });

  it("makes no AWS call with --dry-run", async () => {
    const path = envFile("A=1\nB=2\n");
    const run = await runCliInProcess(
      ["secrets", "push", "--env-path", path, "--name", "x/y", "--dry-run"],
      { env: aws },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("dry run: would push 2 key(s) to x/y in us-east-1: A, B\n");
    expect(sm.callCount()).toBe(0);
  });

  it("exits 2 naming --keys that the file does not hold, without touching AWS", async () => {
    const path = envFile("A=1\n");
    const run = await runCliInProcess(
      ["secrets", "push", "--env-path", path, "--name", "x", "--keys", "A,MISSING"],
      { env: aws },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--keys names keys not in");
    expect(run.stderr).toContain("MISSING");
    expect(sm.callCount()).toBe(0);
  });

  it.each([
    [["--name", "x"], "--env-path is required"],
    [["--env-path", "/tmp/whatever"], "--name is required"],
  ])("exits 2 when a required flag is missing (%j)", async (args, message) => {
    const run = await runCliInProcess(["secrets", "push", ...args], {
      env: aws,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("exits 1 with SECRET_ACCESS_DENIED when the update is refused", async () => {
    const path = envFile("A=1\n");
    const run = await runCliInProcess(
      ["secrets", "push", "--env-path", path, "--name", "prod/locked", "--json"],
      { env: aws },
    );
    expect(run.code).toBe(1);
    expect(run.json().error).toMatchObject({
      code: "SECRET_ACCESS_DENIED",
      message: expect.stringContaining("prod/locked"),
    });
  });
});

describe("credchain secrets get", () => {
  it("masks every value by its key: key IDs in part, secrets never, API keys to the last four", async () => {
    const run = await runCliInProcess(["secrets", "get", "prod/app", "--json"], { env: aws });
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({
      name: "prod/app",
      masked: true,
      format: "json",
      values: {
        OPENAI_API_KEY: "…9wxy",
        AWS_ACCESS_KEY_ID: "AKIA…MPLE",
        AWS_SECRET_ACCESS_KEY: "[redacted]",
        DB_PASSWORD: "[redacted]",
        PORT: "[redacted]",
      },
    });
    for (const s of [OPENAI_KEY, SECRET_KEY, DB_PASSWORD, "EXAMPLEKEY"])
      expect(run.stdout).not.toContain(s);
  });

  it("prints a readable table of masked keys", async () => {
    const run = await runCliInProcess(["secrets", "get", "prod/app"], { env: aws });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("keys (masked; --reveal shows values):");
    expect(run.stdout).toMatch(/ {2}OPENAI_API_KEY +…9wxy/);
    expect(run.stdout).not.toContain(OPENAI_KEY);
  });

  it("prints one bare value with --key and --reveal, for scripts", async () => {
    const run = await runCliInProcess(
      ["secrets", "get", "prod/app", "--key", "OPENAI_API_KEY", "--reveal"],
      { env: aws },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${OPENAI_KEY}\n`);
  });

  it("reveals the whole secret only with --reveal", async () => {
    const run = await runCliInProcess(["secrets", "get", "prod/app", "--reveal", "--json"], {
      env: aws,
    });
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ masked: false, values: { DB_PASSWORD, PORT: 8080 } });
  });

  it("masks a plain-string secret like an API key", async () => {
    const run = await runCliInProcess(["secrets", "get", "prod/plain", "--json"], { env: aws });
    expect(run.json()).toMatchObject({ format: "string", value: "…9wxy", masked: true });
  });

  it.each([
    [["prod/app", "--key", "NOPE"], 1, "SECRET_KEY_MISSING"],
    [["prod/plain", "--key", "A"], 1, "SECRET_KEY_MISSING"],
    [["does/not/exist"], 1, "SECRET_NOT_FOUND"],
    [["prod/cert"], 1, "SECRET_BINARY"],
    [["prod/locked"], 1, "SECRET_ACCESS_DENIED"],
    [[], 2, "INVALID_OPTION"],
    [["a", "b"], 2, "INVALID_OPTION"],
    [["bad name!"], 2, "SECRET_INVALID_NAME"],
  ])("fails %j with exit %i and %s", async (args, code, errorCode) => {
    const run = await runCliInProcess(["secrets", "get", ...args, "--json"], { env: aws });
    expect(run.code).toBe(code);
    expect(run.json().error.code).toBe(errorCode);
  });

  it.each([
    ["masked", []],
    ["revealed", ["--reveal"]],
  ])(
    "prints control characters of key names as '?' in the %s table, one row per key",
    async (_l, flags) => {
      const run = await runCliInProcess(["secrets", "get", "prod/odd-keys", ...flags], {
        env: aws,
      });
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toMatch(TERMINAL_CONTROL);
      expect(run.stdout).toContain("CLEAR?[2J");
      expect(run.stdout).toContain("RTL?EVIL");
      // secret, arn, version, "keys:" and one line per key: the newline made no extra row.
      expect(run.stdout.trimEnd().split("\n")).toHaveLength(4 + Object.keys(ODD_KEYS).length);
    },
  );

  it.each([
    ["masked", []],
    ["revealed", ["--reveal"]],
  ])(
    "escapes control characters of key names in %s --json, which still parses to the same keys",
    async (_l, flags) => {
      const run = await runCliInProcess(["secrets", "get", "prod/odd-keys", "--json", ...flags], {
        env: aws,
      });
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toMatch(TERMINAL_CONTROL);
      expect(Object.keys(run.json().values)).toEqual(Object.keys(ODD_KEYS));
    },
  );

  it("prints a chosen odd key and the keys present with control characters as '?'", async () => {
    const one = await runCliInProcess(
      ["secrets", "get", "prod/odd-keys", "--key", "RTL\u202eEVIL"],
      { env: aws },
    );
    const missing = await runCliInProcess(
      ["secrets", "get", "prod/odd-keys", "--key", "NOPE\u001b[2J"],
      { env: aws },
    );
    expect(one.code).toBe(0);
    expect(one.stdout).toContain("RTL?EVIL");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("SECRET_KEY_MISSING");
    expect(missing.stderr).toContain("NOPE?[2J");
    expect(missing.stderr).toContain("CLEAR?[2J");
    for (const run of [one, missing]) expect(run.stdout + run.stderr).not.toMatch(TERMINAL_CONTROL);
  });

  it("exits 3 when the AWS SDK finds no credentials", async () => {
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...noCredentials } = aws;
    const run = await runCliInProcess(["secrets", "get", "prod/app"], { env: noCredentials });
    expect(run.code).toBe(3);
    // The service identity's sources, each with its reason (env, .env, then the default chain).
    expect(run.stderr).toMatch(
      /^credchain: NO_CREDENTIALS: .*(\n {2}- [a-z-]+: .*)*\n {2}- default-chain: /,
    );
    expect(sm.callCount()).toBe(0);
  });

  it("uses SECRETS_MANAGER_REGION before AWS_REGION, and --region before both", async () => {
    await runCliInProcess(["secrets", "get", "prod/app"], {
      env: { ...aws, SECRETS_MANAGER_REGION: "eu-west-1" },
    });
    await runCliInProcess(["secrets", "get", "prod/app", "--region", "ap-south-1"], {
      env: { ...aws, SECRETS_MANAGER_REGION: "eu-west-1" },
    });
    expect(sm.calls.map((c) => c.region)).toEqual(["eu-west-1", "ap-south-1"]);
  });
});
