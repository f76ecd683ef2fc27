// Issue 12: the AWS client helpers take their region from the same reading of the environment as
// the chain's decision (./.env included; `envFile: false`, a path or a record respected; the
// `region` option first), and warn about a region no partition lists as the chain does.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createAwsChain,
  createChainFromEnv,
  decideAwsCredentials,
  pollyClientConfig,
  s3ClientConfig,
  secretsManagerClientConfig,
  sesClientConfig,
} from "../../src/index.js";
import type { AwsClientConfigOptions, EnvRecord } from "../../src/index.js";
import { memoryLogger } from "../../src/testing/index.js";

const cwd = process.cwd();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "credchain-client-region-"));
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

const writeDotenv = (text: string, name = ".env") => writeFileSync(join(dir, name), text);

const PAIR = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

const HELPERS = [
  ["pollyClientConfig", pollyClientConfig],
  ["s3ClientConfig", s3ClientConfig],
  ["sesClientConfig", sesClientConfig],
  ["secretsManagerClientConfig", secretsManagerClientConfig],
] as const;

describe("client helpers read the region as the chain's decision does", () => {
  it.each(HELPERS)(
    "%s takes AWS_REGION from ./.env, as createAwsChain and explain do",
    async (_n, build) => {
      writeDotenv("AWS_REGION=eu-west-1\n");
      const env: EnvRecord = { ...PAIR };
      const chainRegion = (await createAwsChain({ env }).resolve()).region?.value;
      expect(chainRegion).toBe("eu-west-1");
      expect(build({ env }).region).toBe(chainRegion);
    },
  );

  it.each(HELPERS)("%s without options reads ./.env of process.env's shared chain", (_n, build) => {
    writeDotenv("AWS_REGION=ap-southeast-2\n");
    expect(build().region).toBe("ap-southeast-2");
  });

  it.each(HELPERS)("%s: process env, then the env file, the region option first", (_n, build) => {
    writeDotenv("AWS_REGION=eu-west-1\n");
    expect(build({ env: { AWS_REGION: "us-west-2" } }).region).toBe("us-west-2");
    expect(build({ env: {}, region: "ca-central-1" }).region).toBe("ca-central-1");
  });

  it.each(HELPERS)("%s respects envFile: false, a path and a record", (_n, build) => {
    writeDotenv("AWS_REGION=eu-west-1\n");
    writeDotenv("AWS_REGION=eu-central-1\n", "other.env");
    expect(build({ env: {}, envFile: false }).region).toBe("us-east-1");
    expect(build({ env: {}, envFile: join(dir, "other.env") }).region).toBe("eu-central-1");
    expect(build({ env: {}, envFile: { AWS_REGION: "sa-east-1" } }).region).toBe("sa-east-1");
  });

  it.each(HELPERS)("%s given a chain reads the chain's env file", async (_n, build) => {
    const chain = createAwsChain({ env: PAIR, envFile: { AWS_REGION: "ap-south-1" } });
    expect(build({ chain }).region).toBe((await chain.resolve()).region?.value);
    expect(build({ chain }).region).toBe("ap-south-1");
  });

  // Secrets Manager has its own rule (SECRETS_MANAGER_REGION → AWS_REGION → us-east-1).
  it.each(HELPERS.slice(0, 3))(
    "%s given a chain takes its defaults.region, as the chain's decision does",
    (_n, build) => {
      const preset = createChainFromEnv({
        env: { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE" },
        envFile: false,
        defaults: { region: "eu-north-1" },
      });
      expect(build({ chain: preset }).region).toBe("eu-north-1");
      expect(secretsManagerClientConfig({ chain: preset }).region).toBe("us-east-1");
    },
  );

  it("secretsManagerClientConfig: SECRETS_MANAGER_REGION from ./.env beats AWS_REGION there, not the process env's", () => {
    writeDotenv("SECRETS_MANAGER_REGION=eu-north-1\nAWS_REGION=eu-west-1\n");
    expect(secretsManagerClientConfig({ env: {} }).region).toBe("eu-north-1");
    expect(secretsManagerClientConfig({ env: { AWS_REGION: "us-west-2" } }).region).toBe(
      "us-west-2",
    );
  });
});

describe("client helpers warn about a region no partition lists", () => {
  const warnings = (
    options: AwsClientConfigOptions,
    build: (o: AwsClientConfigOptions) => unknown,
  ) => {
    const logger = memoryLogger();
    build({ ...options, logger });
    return logger.entries.filter((e) => e.level === "warn").map((e) => e.message);
  };

  it.each(HELPERS)("%s warns for AWS_REGION as the decision does", (_n, build) => {
    const env = { AWS_REGION: "eu-wst-1" };
    const decided = decideAwsCredentials({ env }).warnings.find((w) => w.includes("eu-wst-1"));
    expect(decided).toBeDefined();
    expect(warnings({ env, envFile: false }, build)).toEqual([`credchain: ${decided}`]);
  });

  it.each(HELPERS)("%s warns for its region option, naming the nearest region", (_n, build) => {
    expect(warnings({ env: {}, envFile: false, region: "eu-wst-1" }, build)).toEqual([
      expect.stringMatching(/eu-wst-1.*did you mean eu-west-1\?/),
    ]);
    expect(warnings({ env: {}, envFile: false, region: "eu-west-1" }, build)).toEqual([]);
  });

  it("secretsManagerClientConfig warns for SECRETS_MANAGER_REGION", () => {
    expect(
      warnings(
        { env: { SECRETS_MANAGER_REGION: "eu-wst-1" }, envFile: false },
        secretsManagerClientConfig,
      ),
    ).toEqual([
      "credchain: Region eu-wst-1 (from env:SECRETS_MANAGER_REGION) is not a region AWS lists; did you mean eu-west-1?",
    ]);
  });
});
