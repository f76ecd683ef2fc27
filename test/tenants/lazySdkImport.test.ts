import { describe, expect, it, vi } from "vitest";

const sdk = vi.hoisted(() => ({ secretsManager: 0, ssm: 0, credentialProviders: 0 }));
vi.mock("@aws-sdk/client-secrets-manager", async (importOriginal) => {
  sdk.secretsManager += 1;
  return importOriginal();
});
vi.mock("@aws-sdk/client-ssm", async (importOriginal) => {
  sdk.ssm += 1;
  return importOriginal();
});
vi.mock("@aws-sdk/credential-providers", async (importOriginal) => {
  sdk.credentialProviders += 1;
  return importOriginal();
});

describe("tenants load the AWS SDK lazily", () => {
  it("imports no SDK module to create resolvers and stores or to serve direct and memory-stored credentials", async () => {
    const {
      createTenantResolver,
      fromAssumeRole,
      memoryCredentialStore,
      secretsManagerCredentialStore,
    } = await import("../../src/index.js");
    const resolver = createTenantResolver({ store: memoryCredentialStore() });
    secretsManagerCredentialStore({ prefix: "app/tenants/" });
    secretsManagerCredentialStore({ prefix: "ssm:/app/tenants/" });
    fromAssumeRole({ roleArn: "arn:aws:iam::123456789012:role/Bedrock" });
    await resolver.initialize("acme", {
      awsAccessKeyId: "AKIAIOSFODNN7EXAMPLE",
      awsSecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    });
    await resolver.storeCredentials("acme", {
      credentialId: "primary",
      awsAccessKeyId: "AKIAIOSFODNN7EXAMPLE",
      awsSecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    });
    await resolver.initialize("acme", { credentialId: "primary" });
    expect(sdk).toEqual({ secretsManager: 0, ssm: 0, credentialProviders: 0 });
  });
});
