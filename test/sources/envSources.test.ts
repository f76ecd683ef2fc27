import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  SourceSkippedError,
  createCredentialChain,
  fromAdminKey,
  fromEnv,
  fromEnvFile,
  fromLocalSecrets,
  type SourceContext,
} from "../../src/index.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const bedrock: SourceContext = { provider: "bedrock" };

function envFile(contents: string): string {
  const dir = mkdtempSync(join(tmpdir(), "credchain-envfile-"));
  const path = join(dir, ".env");
  writeFileSync(path, contents);
  return path;
}

describe("fromEnvFile", () => {
  it("reads the key pair from a .env file with util.parseEnv", async () => {
    const path = envFile(
      `# comment\nAWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_SECRET_ACCESS_KEY="${SECRET}"\n`,
    );
    const result = await fromEnvFile({ envFile: path }).resolve(bedrock);
    expect(result).toMatchObject({
      source: "env-file",
      kind: "aws-static",
      credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    });
  });

  it("skips when the file does not exist", async () => {
    await expect(fromEnvFile({ envFile: "/nonexistent/.env" }).resolve(bedrock)).rejects.toThrow(
      SourceSkippedError,
    );
  });

  it("skips a partial pair with a warning naming the missing variable", async () => {
    const path = envFile(`AWS_ACCESS_KEY_ID=${KEY_ID}\n`);
    const error = (await fromEnvFile({ envFile: path })
      .resolve(bedrock)
      .catch((e: unknown) => e)) as SourceSkippedError;
    expect(error).toBeInstanceOf(SourceSkippedError);
    expect(error.warnings.join()).toContain("AWS_SECRET_ACCESS_KEY");
  });
});

describe("fromEnv", () => {
  it("reads the provider's API key variable, Cohere's CO_API_KEY included", async () => {
    const result = await fromEnv({ env: { CO_API_KEY: "co-0123456789abcdefghijklmnop" } }).resolve({
      provider: "cohere",
    });
    expect(result).toMatchObject({
      kind: "api-key",
      detail: "CO_API_KEY",
      apiKey: "co-0123456789abcdefghijklmnop",
    });
  });

  it("reads process.env by default", async () => {
    process.env.AWS_ACCESS_KEY_ID = KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    await expect(fromEnv().resolve(bedrock)).resolves.toMatchObject({
      source: "env",
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY",
    });
  });
});

describe("fromLocalSecrets", () => {
  it("maps the secret name to SECRET_<name> and reads JSON in any documented spelling", async () => {
    const env = {
      SECRET_prod_aws_bedrock: JSON.stringify({
        AWS_ACCESS_KEY_ID: KEY_ID,
        AWS_SECRET_ACCESS_KEY: SECRET,
      }),
    };
    const result = await fromLocalSecrets({ name: "prod/aws/bedrock", env }).resolve(bedrock);
    expect(result).toMatchObject({
      source: "local-secret",
      detail: "prod/aws/bedrock",
      credentials: { accessKeyId: KEY_ID },
    });
    expect(result.reason).toContain("SECRET_prod_aws_bedrock");
  });

  it("falls back to the env file", async () => {
    const result = await fromLocalSecrets({
      env: { OPENAI_SECRET_NAME: "dev/llm/openai" },
      envFile: { SECRET_dev_llm_openai: "sk-proj-0123456789abcdefghij" },
    }).resolve({ provider: "openai" });
    expect(result).toMatchObject({ kind: "api-key", apiKey: "sk-proj-0123456789abcdefghij" });
    expect(result.reason).toContain("env file");
  });

  it("skips naming the variable it looked for", async () => {
    await expect(fromLocalSecrets({ name: "prod/x", env: {} }).resolve(bedrock)).rejects.toThrow(
      "SECRET_prod_x is not set",
    );
  });

  it("never hands a chain a secret access key with a NUL inside: SECRET_MALFORMED", async () => {
    const env = {
      SECRET_prod_b: JSON.stringify({
        access_key_id: KEY_ID,
        secret_access_key: `${SECRET.slice(0, 21)}\0${SECRET.slice(22)}`,
      }),
    };
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromLocalSecrets({ name: "prod/b", env })],
    });
    await expect(chain.credentials()).rejects.toMatchObject({ code: "SECRET_MALFORMED" });
  });
});

describe("fromAdminKey", () => {
  it("pairs a bare admin secret with AWS_ACCESS_KEY_ID from the env file", async () => {
    const result = await fromAdminKey(SECRET, {
      env: {},
      envFile: { AWS_ACCESS_KEY_ID: KEY_ID },
    }).resolve(bedrock);
    expect(result).toMatchObject({
      detail: "secret-only",
      credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    });
    expect(result.reason).toContain("env file");
  });

  it("reports the admin region and model ID to the chain even when it skips", async () => {
    const report = vi.fn();
    await expect(
      fromAdminKey(async () => ({ key: "  ", region: "eu-west-3", modelId: "m" })).resolve({
        ...bedrock,
        reportAdminSettings: report,
      }),
    ).rejects.toThrow(SourceSkippedError);
    expect(report).toHaveBeenCalledWith({ region: "eu-west-3", modelId: "m" });
  });

  it("refuses a config whose key is not a string", async () => {
    await expect(
      fromAdminKey({ key: 42 as unknown as string }).resolve(bedrock),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
