// Issue 12: `explain --service` prints the identity every non-assistant AWS client signs with, and
// the CLI reads ./.env as the chains do.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "./runCliInProcess.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

function dirWithEnvFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "credchain-dotenv-"));
  writeFileSync(join(dir, ".env"), text);
  return dir;
}

describe("credchain explain --service", () => {
  it.each(["polly", "ses", "s3", "secrets-manager"])(
    "prints the service identity for %s: the env pair, with the env-file and default-chain rows",
    async (service) => {
      const run = await runCliInProcess(["explain", "--service", service, "--json"], {
        env: {
          AWS_ACCESS_KEY_ID: KEY_ID,
          AWS_SECRET_ACCESS_KEY: SECRET,
          AWS_BEARER_TOKEN_BEDROCK: "ABSKZXhhbXBsZS1sb25nLXRlcm0ta2V5LWZvci10ZXN0cw==",
        },
      });
      expect(run.code).toBe(0);
      const json = run.json();
      expect(json).toMatchObject({
        service,
        auth: { kind: "aws-static", source: "env", accessKeyId: "AKIA…MPLE" },
      });
      expect(json.trace.map((t: { source: string }) => t.source)).toEqual([
        "env",
        "env-file",
        "default-chain",
      ]);
    },
  );

  it("reads keys that are only in ./.env, as every client helper does", async () => {
    const cwd = dirWithEnvFile(
      `\uFEFFAWS_ACCESS_KEY_ID=${KEY_ID}\nexport   AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    );
    const run = await runCliInProcess(["explain", "--service", "s3", "--json"], { cwd });
    expect(run.json()).toMatchObject({
      auth: { kind: "aws-static", source: "env-file", accessKeyId: "AKIA…MPLE" },
    });
  });

  it("uses SECRETS_MANAGER_REGION for secrets-manager and names where the region came from", async () => {
    const run = await runCliInProcess(["explain", "--service", "secrets-manager", "--json"], {
      env: { SECRETS_MANAGER_REGION: "eu-west-2", AWS_REGION: "us-west-2" },
    });
    expect(run.json().region).toEqual({ value: "eu-west-2", source: "env:SECRETS_MANAGER_REGION" });
  });

  it("reads the secrets-manager region from ./.env too, as secretsManagerClientConfig does", async () => {
    const cwd = dirWithEnvFile("AWS_REGION=eu-west-1\n");
    const run = await runCliInProcess(["explain", "--service", "secrets-manager", "--json"], {
      cwd,
    });
    expect(run.json().region).toEqual({ value: "eu-west-1", source: "env-file:AWS_REGION" });
  });

  it("warns about a SECRETS_MANAGER_REGION no partition lists, as about AWS_REGION", async () => {
    const run = await runCliInProcess(["explain", "--service", "secrets-manager", "--json"], {
      env: { SECRETS_MANAGER_REGION: "eu-wst-1", AWS_REGION: "us-west-2" },
    });
    expect(run.json().warnings).toEqual([
      "Region eu-wst-1 (from env:SECRETS_MANAGER_REGION) is not a region AWS lists; did you mean eu-west-1?",
    ]);
  });

  it("refuses an unknown service and flags that belong to the assistant's decision", async () => {
    expect((await runCliInProcess(["explain", "--service", "dynamodb"])).code).toBe(2);
    expect(
      (await runCliInProcess(["explain", "--service", "polly", "--provider", "openai"])).code,
    ).toBe(2);
  });
});

describe("credchain explain and ./.env", () => {
  it("shows an env-file row saying there is no .env in the working directory", async () => {
    const run = await runCliInProcess(["explain", "--json"]);
    expect(run.json().trace).toContainEqual({
      source: "env-file",
      outcome: "skipped",
      reason: "no .env in the working directory",
    });
  });

  it("decides from ./.env, parsed as dotenv parses it (a BOM, export with blanks)", async () => {
    const cwd = dirWithEnvFile(
      `\uFEFFexport\tAWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_SECRET_ACCESS_KEY="${SECRET}"\n`,
    );
    const run = await runCliInProcess(["explain", "--json"], { cwd });
    expect(run.json().auth).toMatchObject({ kind: "aws-static", source: "env-file" });
  });
});
