// A canary planted in every place a secret can come from must never appear in any output of any
// command run without --reveal: not whole, and for secret keys and session tokens not even in part.
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_SECRET_ACCESS_KEY,
  createCredentialRegistry,
} from "../support/credentialRegistry.js";
import {
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
} from "../support/startSecretsManagerEmulator.js";
import { runCliInProcess } from "./runCliInProcess.js";
import type { CliRun } from "./runCredchain.js";

const alnum = (n: number): string =>
  randomBytes(n * 2)
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, n);
/** Secret access keys and session tokens: never shown, not even in part. */
const NEVER_IN_PART = {
  secretKey: `CANARY${alnum(34)}`,
  sessionToken: `CANARYsession${alnum(60)}`,
  password: `CANARYpw${alnum(24)}`,
};
/** API keys and bearer tokens: shown at most as …last4. */
const AT_MOST_LAST4 = {
  openai: `sk-proj-CANARY${alnum(40)}`,
  bearer: `ABSKCANARY${alnum(50)}`,
};
const KEY_ID = "AKIAI44QH8DHBEXAMPLE";

let sm: SecretsManagerEmulator;
let envFilePath: string;
let aws: Record<string, string>;

beforeAll(async () => {
  sm = await startSecretsManagerEmulator({
    registry: createCredentialRegistry(),
    secrets: {
      "prod/canary": {
        AWS_ACCESS_KEY_ID: KEY_ID,
        AWS_SECRET_ACCESS_KEY: NEVER_IN_PART.secretKey,
        AWS_SESSION_TOKEN: NEVER_IN_PART.sessionToken,
        DB_PASSWORD: NEVER_IN_PART.password,
        OPENAI_API_KEY: AT_MOST_LAST4.openai,
      },
      "prod/canary-plain": AT_MOST_LAST4.bearer,
    },
  });
  envFilePath = join(mkdtempSync(join(tmpdir(), "credchain-canary-")), ".env");
  writeFileSync(
    envFilePath,
    `AWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_SECRET_ACCESS_KEY=${NEVER_IN_PART.secretKey}\nAWS_SESSION_TOKEN=${NEVER_IN_PART.sessionToken}\n` +
      `OPENAI_API_KEY=${AT_MOST_LAST4.openai}\nDB_PASSWORD=${NEVER_IN_PART.password}\n`,
  );
  aws = {
    AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: EXAMPLE_SECRET_ACCESS_KEY,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
    AWS_MAX_ATTEMPTS: "1",
  };
});

afterAll(async () => {
  await sm.close();
});

function expectNoCanary(run: CliRun): void {
  const output = run.stdout + run.stderr;
  for (const value of Object.values(NEVER_IN_PART)) {
    for (let i = 0; i + 8 <= value.length; i += 1)
      expect(output).not.toContain(value.slice(i, i + 8));
  }
  for (const value of Object.values(AT_MOST_LAST4))
    expect(output).not.toContain(value.slice(0, -4));
}

const pairEnv = () => ({
  AWS_ACCESS_KEY_ID: KEY_ID,
  AWS_SECRET_ACCESS_KEY: NEVER_IN_PART.secretKey,
  AWS_SESSION_TOKEN: NEVER_IN_PART.sessionToken,
});

describe("canary: no command prints a planted secret without --reveal", () => {
  it.each([
    { name: "explain (env pair, JSON)", args: ["explain", "--json"], env: pairEnv },
    { name: "explain (env pair, table)", args: ["explain"], env: pairEnv },
    {
      name: "explain (env file)",
      args: ["explain", "--env-path", "@envfile", "--json"],
      env: () => ({}),
    },
    {
      name: "explain (bearer token)",
      args: ["explain"],
      env: () => ({ AWS_BEARER_TOKEN_BEDROCK: AT_MOST_LAST4.bearer, ...pairEnv() }),
    },
    {
      name: "explain (openai)",
      args: ["explain", "--provider", "openai"],
      env: () => ({ OPENAI_API_KEY: AT_MOST_LAST4.openai }),
    },
    {
      name: "explain (admin pair with a token)",
      args: ["explain", "--admin-key-env", "K", "--json"],
      env: () => ({
        K: `ASIAI44QH8DHBEXAMPLE:${NEVER_IN_PART.secretKey}:${NEVER_IN_PART.sessionToken}`,
      }),
    },
    {
      name: "explain (swapped admin pair: error)",
      args: ["explain", "--admin-key-env", "K"],
      env: () => ({ K: `${NEVER_IN_PART.secretKey}:${KEY_ID}` }),
    },
    {
      name: "explain (wrong provider key: JSON error)",
      args: ["explain", "--admin-key-env", "K", "--json"],
      env: () => ({ K: AT_MOST_LAST4.openai }),
    },
    {
      name: "explain (secret as a positional: error)",
      args: ["explain", NEVER_IN_PART.secretKey],
      env: () => ({}),
    },
    {
      name: "explain (key as --admin-key-env name: error)",
      args: ["explain", "--admin-key-env", AT_MOST_LAST4.bearer],
      env: () => ({}),
    },
    {
      name: "secrets get (JSON)",
      args: ["secrets", "get", "prod/canary", "--json"],
      env: () => aws,
    },
    { name: "secrets get (table)", args: ["secrets", "get", "prod/canary"], env: () => aws },
    {
      name: "secrets get --key",
      args: ["secrets", "get", "prod/canary", "--key", "AWS_SECRET_ACCESS_KEY"],
      env: () => aws,
    },
    {
      name: "secrets get (plain string)",
      args: ["secrets", "get", "prod/canary-plain"],
      env: () => aws,
    },
    {
      name: "secrets push",
      args: ["secrets", "push", "--env-path", "@envfile", "--name", "canary/pushed", "--json"],
      env: () => aws,
    },
    {
      name: "secrets push --dry-run",
      args: ["secrets", "push", "--env-path", "@envfile", "--name", "x", "--dry-run"],
      env: () => aws,
    },
    {
      name: "doctor",
      args: ["doctor", "--secret", "prod/canary", "--require", "OPENAI_API_KEY"],
      env: () => ({ ...aws, OPENAI_API_KEY: AT_MOST_LAST4.openai }),
    },
    {
      name: "doctor --json (env file)",
      args: ["doctor", "--env-path", "@envfile", "--json"],
      env: () => ({}),
    },
  ])("$name", async ({ args, env }) => {
    const run = await runCliInProcess(
      args.map((a) => (a === "@envfile" ? envFilePath : a)),
      { env: env() },
    );
    expect(run.stdout + run.stderr).not.toBe("");
    expectNoCanary(run);
  });

  it("shows the value only with --reveal (the canary detector works)", async () => {
    const run = await runCliInProcess(
      ["secrets", "get", "prod/canary", "--key", "DB_PASSWORD", "--reveal"],
      { env: aws },
    );
    expect(run.stdout).toBe(`${NEVER_IN_PART.password}\n`);
  });
});
