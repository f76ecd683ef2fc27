import { describe, expect, it, vi } from "vitest";

const sdk = vi.hoisted(() => ({ imports: [] as string[] }));
vi.mock("@aws-sdk/credential-providers", async (importOriginal) => {
  sdk.imports.push("@aws-sdk/credential-providers");
  return importOriginal();
});
vi.mock("@aws-sdk/client-secrets-manager", async (importOriginal) => {
  sdk.imports.push("@aws-sdk/client-secrets-manager");
  return importOriginal();
});

describe("credchain/testing", () => {
  it("loads no AWS SDK module when imported and used in memory", async () => {
    const testing = await import("../../src/testing/index.js");
    await testing.staticSource("env", { credentials: testing.exampleCredentials }).resolve({
      provider: "bedrock",
    });
    expect(sdk.imports).toEqual([]);
  });
});
