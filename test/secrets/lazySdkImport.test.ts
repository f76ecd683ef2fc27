import { describe, expect, it, vi } from "vitest";

const sdk = vi.hoisted(() => ({ imports: 0, ssmImports: 0 }));
vi.mock("@aws-sdk/client-secrets-manager", async (importOriginal) => {
  sdk.imports += 1;
  return importOriginal();
});
vi.mock("@aws-sdk/client-ssm", async (importOriginal) => {
  sdk.ssmImports += 1;
  return importOriginal();
});

const unreachable = () => {
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = "http://127.0.0.1:9";
  process.env.AWS_ENDPOINT_URL_SSM = "http://127.0.0.1:9";
  process.env.AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  process.env.AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  process.env.AWS_MAX_ATTEMPTS = "1";
};

describe("the Secrets Manager SDK loads lazily", () => {
  it("is not imported by credchain, nor by creating a store or reading local secrets, only by the first network get", async () => {
    // Prepare
    const { createSecretStore, loadIntoEnv } = await import("../../src/index.js");
    const local = createSecretStore({ env: { SECRET_db: "local" } });
    const remote = createSecretStore({ useSecretsManager: true, env: {} });
    await local.get("db");
    await loadIntoEnv({
      secretId: "cfg",
      useSecretsManager: false,
      env: { SECRET_cfg: '{"A":"1"}' },
    });
    const beforeNetwork = sdk.imports;
    unreachable();

    // Act
    const error = await remote.get("db").catch((e: unknown) => e);

    // Assess
    expect(beforeNetwork).toBe(0);
    expect(sdk.imports).toBe(1);
    expect(error).toMatchObject({ code: "SECRET_UNAVAILABLE" });
  });
});

describe("the SSM SDK loads lazily", () => {
  it("is imported by the first ssm: read only: not by credchain, Secrets Manager names or the local fallback", async () => {
    // Prepare
    const { createSecretStore } = await import("../../src/index.js");
    const local = createSecretStore({ env: { SECRET_ssm__app_key: "local" } });
    const remote = createSecretStore({ useSecretsManager: true, env: {} });
    unreachable();
    await local.get("ssm:/app/key");
    await remote.get("prod/db").catch(() => undefined);
    const beforeParameter = sdk.ssmImports;

    // Act
    const error = await remote.get("ssm:/app/key").catch((e: unknown) => e);

    // Assess
    expect(beforeParameter).toBe(0);
    expect(sdk.ssmImports).toBe(1);
    expect(error).toMatchObject({ code: "SECRET_UNAVAILABLE" });
  });
});
