// Issue 10: every public factory checks its options with one helper: unknown keys named with the
// nearest valid one, every problem in one error, null or non-objects a coded error.
import { describe, expect, it } from "vitest";
import {
  createChainFromEnv,
  createCredentialChain,
  createSecretStore,
  fromAdminKey,
  fromAssumeRole,
  fromDefaultChain,
  fromEnv,
  fromEnvFile,
  fromLocalSecrets,
  fromSecretsManager,
  loadIntoEnv,
  loadSecretsForProvider,
} from "../../src/index.js";

const ROLE = "arn:aws:iam::123456789012:role/Bedrock";

describe("options are checked alike everywhere", () => {
  it.each<[string, () => unknown, string, string]>([
    ["createChainFromEnv", () => createChainFromEnv({ evn: {} } as never), "evn", "env"],
    [
      "createCredentialChain",
      () => createCredentialChain({ sources: [], refreshBeforeMS: 1 } as never),
      "refreshBeforeMS",
      "refreshBeforeMs",
    ],
    ["createSecretStore", () => createSecretStore({ ttl: 1 } as never), "ttl", "ttlMs"],
    ["fromEnv", () => fromEnv({ envv: {} } as never), "envv", "env"],
    ["fromEnvFile", () => fromEnvFile({ envfile: ".env" } as never), "envfile", "envFile"],
    ["fromLocalSecrets", () => fromLocalSecrets({ nmae: "x" } as never), "nmae", "name"],
    [
      "fromSecretsManager",
      () => fromSecretsManager({ secretID: "x" } as never),
      "secretID",
      "secretId",
    ],
    ["fromDefaultChain", () => fromDefaultChain({ inits: {} } as never), "inits", "init"],
    ["fromAdminKey", () => fromAdminKey("x", { envFiles: ".env" } as never), "envFiles", "envFile"],
    [
      "fromAssumeRole",
      () => fromAssumeRole({ roleArn: ROLE, externalID: "abc" } as never),
      "externalID",
      "externalId",
    ],
  ])("%s refuses a misspelt option, suggesting the right one", (_fn, run, wrong, right) => {
    expect(run).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringMatching(new RegExp(`${wrong}.*did you mean \`${right}\``)),
      }),
    );
  });

  it.each<[string, () => unknown]>([
    ["createChainFromEnv(null)", () => createChainFromEnv(null as never)],
    ["createCredentialChain(undefined)", () => createCredentialChain(undefined as never)],
    ["createSecretStore(null)", () => createSecretStore(null as never)],
    ["fromAssumeRole(null)", () => fromAssumeRole(null as never)],
    ["fromEnv([])", () => fromEnv([] as never)],
    ["fromAdminKey(42)", () => fromAdminKey(42 as never)],
  ])("%s is a coded CredentialConfigError, never a TypeError", (_label, run) => {
    expect(run).toThrow(
      expect.objectContaining({ name: "CredentialConfigError", code: "INVALID_OPTION" }),
    );
  });

  it.each<[string, () => Promise<unknown>]>([
    ["loadIntoEnv(null)", () => loadIntoEnv(null as never)],
    ["loadSecretsForProvider(null)", () => loadSecretsForProvider(null as never)],
    ["loadIntoEnv with a typo", () => loadIntoEnv({ secretId: "x", overide: true } as never)],
  ])("%s rejects with a coded error", async (_label, run) => {
    await expect(run()).rejects.toMatchObject({
      name: "CredentialConfigError",
      code: "INVALID_OPTION",
    });
  });

  it("reports all bad options at once", () => {
    expect(() => createSecretStore({ ttlMs: -1, maxEntries: 0, ttl: 5 } as never)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/ttlMs.*maxEntries.*ttl|ttl.*ttlMs.*maxEntries/s),
      }),
    );
  });

  it("reads a getter that throws as a named problem", () => {
    const options = Object.defineProperty({}, "env", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(() => createChainFromEnv(options)).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining("`env` could not be read"),
      }),
    );
  });

  it("accepts a provider in any case, as the CLI and LLM_PROVIDER do", async () => {
    const chain = createChainFromEnv({
      provider: "OpenAI" as never,
      env: { OPENAI_API_KEY: "sk-proj-EXAMPLEexampleEXAMPLE0001" },
    });
    expect(chain.provider).toBe("openai");
    await expect(chain.apiKey()).resolves.toBe("sk-proj-EXAMPLEexampleEXAMPLE0001");
  });
});
