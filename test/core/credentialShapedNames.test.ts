// Names and ids are echoed in traces, errors, audit events and logs, so a pasted key must never be
// accepted as one — and a real name must never be mistaken for a key.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createCredentialChain,
  createSecretStore,
  createTenantResolver,
  decideCredentials,
  fromLocalSecrets,
  isValidTenantId,
  memoryCredentialStore,
} from "../../src/index.js";
import { EXAMPLE_KEYS } from "../tenants/fixtures.js";

// AWS's documentation secret key has a single digit; the earlier check wanted two.
const DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const PASTED: [string, string][] = [
  ["the documentation secret access key (one digit)", DOC_SECRET],
  ["a secret access key with + and no digit", "abcdEFGHijklMNOPqrstUVWXyzab+CDEfghIJKlm"],
  ["an access key ID", "AKIAIOSFODNN7EXAMPLE"],
  ["a temporary access key ID", "ASIAIOSFODNN7EXAMPLE"],
  ["a KEYID:SECRET pair", `AKIAIOSFODNN7EXAMPLE:${DOC_SECRET}`],
  ["an OpenAI key", "sk-proj-EXAMPLEexampleEXAMPLE0001"],
  ["an Anthropic key", "sk-ant-api03-EXAMPLEexampleEXAMPLE0001"],
  ["a long-term Bedrock API key", "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlEXAMPLE"],
  ["a short-term Bedrock API key", "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t"],
];
// 40-character names that must stay names: hex digests, one-case paths, names with - _ .
const REAL_NAMES = [
  "prod/llm/openai",
  "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
  "PROD/LLM/OPENAI/PRIMARY/KEY/2024/ABCDEFG",
  "prod/llm/openai/primary/key/2024/abcdefg",
  "prod-llm-openai-primary-key-2024-abcdefgh",
  "tenants/acme/openai_primary_key_v2_abcde",
  "ssm:/prod/llm/openai",
];

const shown = (value: unknown) =>
  `${inspect(value, { showHidden: true, depth: null })}${JSON.stringify(value)}`;

describe("a <P>_SECRET_NAME holding a key", () => {
  it.each(PASTED)("refuses %s without echoing it", (_label, value) => {
    // Act
    let error: unknown;
    try {
      decideCredentials({ provider: "openai", env: { OPENAI_SECRET_NAME: value } });
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("OPENAI_SECRET_NAME"),
    });
    expect(shown(error)).not.toContain(value);
  });

  it.each(REAL_NAMES)("accepts the real name %s", (name) => {
    const decision = decideCredentials({
      provider: "openai",
      env: { OPENAI_SECRET_NAME: name, OPENAI_API_KEY: "sk-proj-EXAMPLEexampleEXAMPLE0001" },
    });
    expect(decision.auth.kind).toBe("api-key");
  });
});

describe("a secret name that is a key", () => {
  it.each(PASTED)("is refused by the store's get for %s, unechoed", async (_label, value) => {
    const store = createSecretStore({ env: {}, useSecretsManager: false });
    const error = await store.get(value).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SECRET_INVALID_NAME" });
    expect(shown(error)).not.toContain(value);
  });

  it.each(REAL_NAMES.filter((n) => !n.startsWith("ssm:")))(
    "is not suspected for the real name %s",
    async (name) => {
      const store = createSecretStore({ env: {}, useSecretsManager: false });
      await expect(store.get(name)).rejects.toMatchObject({ code: "SECRET_NOT_FOUND" });
    },
  );

  it.each(PASTED)("is refused by fromLocalSecrets for %s, unechoed", async (_label, value) => {
    // Act: an option error at construction, or (before) a skip echoed by NoCredentialsError.
    let error: unknown;
    try {
      const chain = createCredentialChain({
        provider: "openai",
        sources: [fromLocalSecrets({ name: value, env: {} })],
      });
      await chain.resolve();
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toMatchObject({
      code: "INVALID_OPTION",
      message: expect.stringContaining("name"),
    });
    expect(shown(error)).not.toContain(value);
  });
});

describe("a tenant credential id that is a key", () => {
  const keyId = EXAMPLE_KEYS.awsAccessKeyId;
  const setup = () => {
    const events: unknown[] = [];
    const logs: unknown[] = [];
    const log = (...args: unknown[]) => void logs.push(args);
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      audit: (event) => void events.push(event),
      logger: { debug: log, info: log, warn: log, error: log },
    });
    return { resolver, events, logs };
  };

  it("is refused by storeCredentials, and never reaches audit events or logs", async () => {
    // Prepare
    const { resolver, events, logs } = setup();

    // Act
    const error = await resolver
      .storeCredentials("acme", { credentialId: keyId, ...EXAMPLE_KEYS })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: "TENANT_INVALID_BODY" });
    expect(events).toEqual([expect.objectContaining({ outcome: "denied" })]);
    expect(shown([error, events, logs])).not.toContain(keyId);
  });

  it("is refused by initialize, and never reaches audit events", async () => {
    const { resolver, events } = setup();
    const error = await resolver
      .initialize("acme", { credentialId: keyId })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TENANT_INVALID_BODY" });
    expect(shown([error, events])).not.toContain(keyId);
  });

  it.each([DOC_SECRET.replace(/\//g, "A"), "AKIAIOSFODNN7EXAMPLE"])(
    "is not a valid tenant id: %s",
    (value) => {
      expect(isValidTenantId(value)).toBe(false);
    },
  );

  it.each([
    "acme",
    "merchant-abc",
    "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
    "ACME0000000000000001",
  ])("keeps %s a valid tenant id", (value) => {
    expect(isValidTenantId(value)).toBe(true);
  });
});
