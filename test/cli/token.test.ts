// `credchain token bedrock`: one short-term Bedrock API key on stdout, for
// `export AWS_BEARER_TOKEN_BEDROCK=$(credchain token bedrock)`. Every key printed here is checked
// the way the Bedrock emulator checks it (presigned again with the issuing key's secret).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_SECRET_ACCESS_KEY,
  createCredentialRegistry,
} from "../support/credentialRegistry.js";
import { verifyBedrockApiKey } from "../support/startBedrockEmulator.js";
import { startContainerCredentialsEmulator } from "../support/startContainerCredentialsEmulator.js";
import { runCliInProcess } from "./runCliInProcess.js";

const registry = createCredentialRegistry();
const PAIR = {
  AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: EXAMPLE_SECRET_ACCESS_KEY,
};
const KEY_LINE = /^bedrock-api-key-[A-Za-z0-9+/]+={0,2}\n$/;

/** A directory holding a `.env` with `text`. */
function dirWithEnv(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "credchain-token-"));
  writeFileSync(join(dir, ".env"), text);
  return dir;
}

const expiresOf = (token: string): number =>
  Number(
    /X-Amz-Expires=(\d+)/.exec(
      Buffer.from(token.slice("bedrock-api-key-".length), "base64").toString("utf8"),
    )?.[1],
  );

describe("credchain token bedrock", () => {
  it("prints exactly one line, a key minted from the env pair for --region, and nothing else", async () => {
    const run = await runCliInProcess(["token", "bedrock", "--region", "eu-west-1"], {
      env: PAIR,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(KEY_LINE);
    expect(run.stderr).toBe("");
    const token = run.stdout.trimEnd();
    expect(expiresOf(token)).toBe(43_200);
    await expect(
      verifyBedrockApiKey(token, { credentials: registry, region: "eu-west-1" }),
    ).resolves.toMatchObject({ ok: true, accessKeyId: EXAMPLE_ACCESS_KEY_ID });
    await expect(
      verifyBedrockApiKey(token, { credentials: registry, region: "us-east-1" }),
    ).resolves.toMatchObject({ ok: false, failure: "wrong-region" });
  });

  it.each([
    ["AWS_REGION in ./.env", { cwdEnv: "AWS_REGION=ap-south-1\n" }, [], "ap-south-1"],
    [
      "AWS_DEFAULT_REGION in ./.env",
      { cwdEnv: "AWS_DEFAULT_REGION=ca-central-1\n" },
      [],
      "ca-central-1",
    ],
    ["AWS_REGION in --env-path", { pathEnv: "AWS_REGION=eu-central-1\n" }, [], "eu-central-1"],
    [
      "AWS_REGION in the environment before ./.env",
      { cwdEnv: "AWS_REGION=ap-south-1\n", env: { AWS_REGION: "us-west-2" } },
      [],
      "us-west-2",
    ],
    [
      "--region before all",
      { cwdEnv: "AWS_REGION=ap-south-1\n", env: { AWS_REGION: "us-west-2" } },
      ["--region", "sa-east-1"],
      "sa-east-1",
    ],
    ["nothing: us-east-1", {}, [], "us-east-1"],
  ])(
    "mints for the region %s names",
    async (
      _,
      setup: { cwdEnv?: string; pathEnv?: string; env?: Record<string, string> },
      flags,
      region,
    ) => {
      const cwd = dirWithEnv(setup.cwdEnv ?? "");
      const args = ["token", "bedrock", ...flags];
      if (setup.pathEnv !== undefined)
        args.push("--env-path", join(dirWithEnv(setup.pathEnv), ".env"));
      const run = await runCliInProcess(args, { env: { ...PAIR, ...setup.env }, cwd });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      await expect(
        verifyBedrockApiKey(run.stdout.trimEnd(), { credentials: registry, region }),
      ).resolves.toMatchObject({ ok: true, region });
    },
  );

  it("mints from the key pair in ./.env", async () => {
    const other = registry.issueLongTerm();
    const cwd = dirWithEnv(
      `AWS_ACCESS_KEY_ID=${other.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${other.secretAccessKey}\n`,
    );
    const run = await runCliInProcess(["token", "bedrock"], { cwd });
    expect(run.code).toBe(0);
    await expect(
      verifyBedrockApiKey(run.stdout.trimEnd(), { credentials: registry, region: "us-east-1" }),
    ).resolves.toMatchObject({ ok: true, accessKeyId: other.accessKeyId });
  });

  it("mints from the task role, no longer than its credentials live", async () => {
    const ecs = await startContainerCredentialsEmulator({ registry, expirationMs: 20 * 60_000 });
    try {
      const run = await runCliInProcess(["token", "bedrock", "--expires-in", "3600"], {
        env: ecs.env,
      });
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(KEY_LINE);
      const token = run.stdout.trimEnd();
      expect(expiresOf(token)).toBeGreaterThan(19 * 60);
      expect(expiresOf(token)).toBeLessThanOrEqual(20 * 60);
      await expect(
        verifyBedrockApiKey(token, { credentials: registry, region: "us-east-1" }),
      ).resolves.toMatchObject({
        ok: true,
        accessKeyId: ecs.current.accessKeyId,
        hasSessionToken: true,
      });
    } finally {
      await ecs.close();
    }
  });

  it.each([["1"], ["900"], ["43200"]])("takes --expires-in %s", async (seconds) => {
    const run = await runCliInProcess(["token", "bedrock", "--expires-in", seconds], { env: PAIR });
    expect(run.code).toBe(0);
    expect(expiresOf(run.stdout.trimEnd())).toBe(Number(seconds));
  });

  it.each([["0"], ["43201"], ["1.5"], ["-60"], ["1e3"], ["an hour"], [""]])(
    "refuses --expires-in %j with exit 2 and the error on stderr only",
    async (seconds) => {
      const run = await runCliInProcess(["token", "bedrock", `--expires-in=${seconds}`], {
        env: PAIR,
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^credchain: INVALID_OPTION: --expires-in .+\nhint: .+\n$/);
    },
  );

  it.each([["-1"], ["-60"], ["-0.5"]])(
    "refuses --expires-in %s (space-separated) with the range, not as a flag",
    async (seconds) => {
      const run = await runCliInProcess(["token", "bedrock", "--expires-in", seconds], {
        env: PAIR,
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(
        /^credchain: INVALID_OPTION: --expires-in must be a whole number of seconds from 1 to 43200\.\nhint: .+\n$/,
      );
    },
  );

  it("says --expires-in needs a value when a flag follows it", async () => {
    const run = await runCliInProcess(
      ["token", "bedrock", "--expires-in", "--region", "eu-west-1"],
      { env: PAIR },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^credchain: INVALID_OPTION: Option --expires-in .*needs a value/);
    expect(run.stderr).toMatch(/\nhint: .*--expires-in=/);
  });

  it.each([
    ["a malformed --region", ["--region", "mars"], {}, "INVALID_REGION"],
    ["a malformed AWS_REGION in ./.env", [], { cwdEnv: "AWS_REGION=mars\n" }, "INVALID_REGION"],
    ["an unknown flag", ["--expires", "60"], {}, "INVALID_OPTION"],
    ["a missing --env-path file", ["--env-path", "/nonexistent/.env"], {}, "INVALID_OPTION"],
  ])(
    "exits 2 on %s, with nothing on stdout",
    async (_, flags, setup: { cwdEnv?: string }, code) => {
      const run = await runCliInProcess(["token", "bedrock", ...flags], {
        env: PAIR,
        cwd: dirWithEnv(setup.cwdEnv ?? ""),
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(new RegExp(`^credchain: ${code}: .+\\nhint: .+\\n$`));
    },
  );

  it("exits 3 with nothing on stdout when no credentials are found", async () => {
    const run = await runCliInProcess(["token", "bedrock"]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^credchain: NO_CREDENTIALS: /);
  });

  it("exits 2 with nothing on stdout when the credentials have expired", async () => {
    const run = await runCliInProcess(["token", "bedrock"], {
      env: { ...PAIR, AWS_CREDENTIAL_EXPIRATION: "2020-01-01T00:00:00Z" },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^credchain: CREDENTIALS_EXPIRED: /);
    expect(run.stderr).not.toContain(EXAMPLE_SECRET_ACCESS_KEY);
  });

  it("prints {token, expiration, region} as one JSON document with --json", async () => {
    const before = Date.now();
    const run = await runCliInProcess(
      ["token", "bedrock", "--json", "--region", "eu-west-1", "--expires-in", "900"],
      { env: PAIR },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const out = run.json();
    expect(Object.keys(out)).toEqual(["token", "expiration", "region"]);
    expect(out.region).toBe("eu-west-1");
    expect(`${out.token}\n`).toMatch(KEY_LINE);
    expect(expiresOf(out.token)).toBe(900);
    const expires = Date.parse(out.expiration);
    expect(expires).toBeGreaterThanOrEqual(before + 899_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 900_000);
    await expect(
      verifyBedrockApiKey(out.token, { credentials: registry, region: "eu-west-1" }),
    ).resolves.toMatchObject({ ok: true });
  });

  it.each([
    ["no credentials", [], {}, 3, "NO_CREDENTIALS"],
    ["a bad --expires-in", ["--expires-in", "-1"], PAIR, 2, "INVALID_OPTION"],
  ])(
    "with --json and %s, prints only the JSON error on stdout",
    async (_, flags, env: Record<string, string>, exit, code) => {
      const run = await runCliInProcess(["token", "bedrock", "--json", ...flags], { env });
      expect(run.code).toBe(exit);
      expect(run.stderr).toBe("");
      expect(run.json()).toEqual({
        error: { code, message: expect.any(String), hint: expect.any(String) },
      });
    },
  );

  it("prints its help, naming the shell use, on --help", async () => {
    const run = await runCliInProcess(["token", "bedrock", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("export AWS_BEARER_TOKEN_BEDROCK=$(credchain token bedrock");
    expect(run.stdout).toContain("--expires-in");
  });
});
