// Issue 10, "one way to check options", for the methods of what the factories return: a chain's
// resolve() and every recoverFromAuthFailure() refuse a misspelt option with the nearest valid
// name, and null or a non-object with a coded CredentialConfigError, never a TypeError.
import { describe, expect, it } from "vitest";
import {
  bedrockTokenProvider,
  createCredentialChain,
  createTenantResolver,
  fromEnv,
  memoryCredentialStore,
} from "../../src/index.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const chain = () =>
  createCredentialChain({
    provider: "bedrock",
    env: {},
    sources: [fromEnv({ env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET } })],
  });

const refused = (message: RegExp): unknown =>
  expect.objectContaining({
    name: "CredentialConfigError",
    code: "INVALID_OPTION",
    message: expect.stringMatching(message),
    hint: expect.any(String),
  });

describe("CredentialChain.resolve(options)", () => {
  it("refuses a misspelt option, naming the valid one", async () => {
    await expect(chain().resolve({ forceRefrsh: true } as never)).rejects.toEqual(
      refused(/unknown option `forceRefrsh` \(did you mean `forceRefresh`\?\)/),
    );
  });

  it.each<[string, unknown, string]>([
    ["null", null, "null"],
    ["a number", 42, "a number"],
    ["an array", [], "an array"],
    ["a string", "forceRefresh", "a string"],
  ])("refuses %s with a coded error", async (_label, options, described) => {
    await expect(chain().resolve(options as never)).rejects.toEqual(
      refused(new RegExp(`options must be an object \\(got ${described}\\)`)),
    );
  });

  it("refuses a forceRefresh that is not a boolean, without echoing it", async () => {
    await expect(chain().resolve({ forceRefresh: SECRET } as never)).rejects.toEqual(
      refused(/option `forceRefresh`/),
    );
    await expect(chain().resolve({ forceRefresh: SECRET } as never)).rejects.not.toEqual(
      expect.objectContaining({ message: expect.stringContaining(SECRET) }),
    );
  });

  it("still resolves with no options, {} and { forceRefresh }", async () => {
    const c = chain();
    expect((await c.resolve()).auth.source).toBe("env");
    expect((await c.resolve({})).auth.source).toBe("env");
    expect((await c.resolve({ forceRefresh: true })).auth.source).toBe("env");
  });
});

describe("recoverFromAuthFailure(failed)", () => {
  it("a chain refuses null and a misspelt field", async () => {
    const c = chain();
    await expect(c.recoverFromAuthFailure(null as never)).rejects.toEqual(
      refused(/options must be an object \(got null\)/),
    );
    await expect(c.recoverFromAuthFailure({ accesKeyId: KEY_ID } as never)).rejects.toEqual(
      refused(/unknown option `accesKeyId` \(did you mean `accessKeyId`\?\)/),
    );
  });

  it("a chain accepts the identity a request was signed with, as the SDK hands it", async () => {
    const c = chain();
    await c.resolve();
    const signed = {
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET,
      sessionToken: undefined,
      expiration: new Date(),
      $source: {},
    };
    await expect(c.recoverFromAuthFailure(signed)).resolves.toBe(false);
    await expect(c.recoverFromAuthFailure(await c.credentials())).resolves.toBe(false);
  });

  it("a tenant session refuses null and a misspelt field", async () => {
    const resolver = createTenantResolver({ store: memoryCredentialStore() });
    await resolver.storeCredentials("acme", {
      credentialId: "primary",
      awsAccessKeyId: KEY_ID,
      awsSecretAccessKey: SECRET,
    });
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    await expect(session.recoverFromAuthFailure(null as never)).rejects.toEqual(
      refused(/options must be an object \(got null\)/),
    );
    await expect(session.recoverFromAuthFailure({ tokn: "x" } as never)).rejects.toEqual(
      refused(/unknown option `tokn` \(did you mean `token`\?\)/),
    );
  });

  it("a Bedrock token provider refuses null and a misspelt field", async () => {
    const provider = bedrockTokenProvider(chain(), { region: "us-east-1" });
    await expect(provider.recoverFromAuthFailure(null as never)).rejects.toEqual(
      refused(/options must be an object \(got null\)/),
    );
    await expect(provider.recoverFromAuthFailure({ tokne: "x" } as never)).rejects.toEqual(
      refused(/unknown option `tokne` \(did you mean `token`\?\)/),
    );
  });
});
