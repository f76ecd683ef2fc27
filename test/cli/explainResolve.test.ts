import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
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
import { runCliInProcess } from "./runCliInProcess.js";

const STORED_KEY_ID = "AKIAI44QH8DHBEXAMPLE";
const STORED_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";

let registry: CredentialRegistry;
let sm: SecretsManagerEmulator;
let ecs: ContainerCredentialsEmulator;
let base: Record<string, string>;

beforeEach(async () => {
  registry = createCredentialRegistry();
  sm = await startSecretsManagerEmulator({
    registry,
    secrets: {
      "prod/aws/bedrock": {
        accessKeyId: STORED_KEY_ID,
        secretAccessKey: STORED_SECRET,
        region: "eu-west-1",
      },
    },
  });
  ecs = await startContainerCredentialsEmulator({ registry });
  base = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
    AWS_MAX_ATTEMPTS: "1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
});

afterEach(async () => {
  await Promise.all([sm.close(), ecs.close()]);
});

describe("credchain explain --resolve", () => {
  it("adds the resolved identity (masked) for static env credentials", async () => {
    const run = await runCliInProcess(["explain", "--resolve", "--json"], {
      env: {
        ...base,
        AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: EXAMPLE_SECRET_ACCESS_KEY,
      },
    });
    expect(run.code).toBe(0);
    expect(run.json().auth).toMatchObject({
      kind: "aws-static",
      source: "env",
      resolved: { accessKeyId: "AKIA…MPLE", expiration: null },
    });
  });

  it("consults Secrets Manager, which the offline decision only marks not-consulted", async () => {
    const env = {
      ...base,
      AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: EXAMPLE_SECRET_ACCESS_KEY,
      AWS_REGION: "us-east-1",
      USE_SECRETS_MANAGER: "true",
      AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
    };
    const offline = await runCliInProcess(["explain", "--json"], { env });
    expect(
      offline.json().trace.find((t: { source: string }) => t.source === "secrets-manager").outcome,
    ).toBe("not-consulted");
    expect(sm.callCount()).toBe(0);

    const run = await runCliInProcess(["explain", "--resolve", "--json"], { env });
    expect(run.code).toBe(0);
    const out = run.json();
    expect(out.auth).toMatchObject({
      kind: "aws-static",
      source: "secrets-manager",
      accessKeyId: "AKIA…MPLE",
    });
    expect(out.region).toEqual({ value: "eu-west-1", source: "secrets-manager" });
    expect(sm.callCount("GetSecretValue")).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(STORED_SECRET);
  });

  it("resolves the AWS default chain through the ECS container endpoint", async () => {
    const run = await runCliInProcess(["explain", "--resolve"], { env: { ...base, ...ecs.env } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("auth      aws-default-chain from default-chain");
    expect(run.stdout).toMatch(/resolved ASIA…\w{4}, expires \d{4}-\d\d-\d\dT/);
    expect(run.stdout + run.stderr).not.toContain(ecs.current.secretAccessKey);
  });

  it("exits 3 with every source and its reason when nothing resolves", async () => {
    const run = await runCliInProcess(["explain", "--resolve", "--json"], { env: base });
    expect(run.code).toBe(3);
    const { error } = run.json();
    expect(error.code).toBe("NO_CREDENTIALS");
    for (const source of ["admin", "secrets-manager", "local-secret", "env", "default-chain"]) {
      expect(error.message).toContain(`  - ${source}: `);
    }
  });

  it("agrees with the offline decision that a custom endpoint may have no key", async () => {
    const offline = await runCliInProcess(["explain", "--provider", "custom", "--json"], {
      env: base,
    });
    const live = await runCliInProcess(["explain", "--provider", "custom", "--resolve", "--json"], {
      env: base,
    });
    expect(live.code).toBe(0);
    expect(live.json().auth).toEqual(offline.json().auth);
    expect(live.json().auth).toMatchObject({ kind: "none", source: "none" });
  });

  it("still exits 2 for a configuration error", async () => {
    const run = await runCliInProcess(["explain", "--resolve", "--admin-key-env", "K"], {
      env: { ...base, K: `${EXAMPLE_ACCESS_KEY_ID}::` },
    });
    expect(run.code).toBe(2);
    expect(sm.callCount()).toBe(0);
  });
});
