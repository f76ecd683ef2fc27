import { describe, expect, it, vi } from "vitest";

const sdk = vi.hoisted(() => ({ imports: 0 }));
vi.mock("@aws-sdk/client-secrets-manager", async (importOriginal) => {
  sdk.imports += 1;
  return importOriginal();
});

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
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = "http://127.0.0.1:9";
    process.env.AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    process.env.AWS_MAX_ATTEMPTS = "1";

    // Act
    const error = await remote.get("db").catch((e: unknown) => e);

    // Assess
    expect(beforeNetwork).toBe(0);
    expect(sdk.imports).toBe(1);
    expect(error).toMatchObject({ code: "SECRET_UNAVAILABLE" });
  });
});
