import { describe, expect, it } from "vitest";
import { createCredentialChain, fromAdminKey, NoCredentialsError } from "../../src/index.js";
import {
  exampleCredentials,
  exampleKeys,
  failingSource,
  sequenceSource,
  skippingSource,
  staticSource,
} from "../../src/testing/index.js";
import type { SourceOffer } from "../../src/testing/index.js";

describe("staticSource", () => {
  it("serves its offer through a chain and counts each consultation", async () => {
    // Prepare
    const admin = skippingSource("admin", "the admin key is blank");
    const env = staticSource("env", {
      credentials: exampleCredentials,
      detail: "AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY",
    });
    const chain = createCredentialChain({ provider: "bedrock", env: {}, sources: [admin, env] });

    // Act
    const decision = await chain.resolve();

    // Assess
    expect(decision.auth).toMatchObject({
      kind: "aws-static",
      source: "env",
      accessKeyId: "AKIA…MPLE",
      hasSessionToken: false,
    });
    expect(decision.trace).toEqual([
      { source: "admin", outcome: "skipped", reason: "the admin key is blank" },
      { source: "env", outcome: "chosen", reason: "served by a test source" },
    ]);
    expect([admin.calls, env.calls]).toEqual([1, 1]);
    expect(env.contexts[0]?.provider).toBe("bedrock");
  });

  it("hands out a fresh copy, so code under test cannot alter later answers", async () => {
    const source = staticSource("env", { credentials: exampleCredentials });
    const first = await source.resolve({ provider: "bedrock" });
    (first.credentials as { accessKeyId: string }).accessKeyId = "mutated";
    const second = await source.resolve({ provider: "bedrock" });
    expect(second.credentials?.accessKeyId).toBe(exampleCredentials.accessKeyId);
  });

  it.each<[string, SourceOffer, string]>([
    ["a token string", { token: exampleKeys.bedrockApiKey }, "bearer-token"],
    ["an API key", { apiKey: exampleKeys.openai }, "api-key"],
    ["credentials", { credentials: exampleCredentials }, "aws-static"],
  ])("infers the kind from %s", async (_, offer, kind) => {
    const result = await staticSource("admin", offer).resolve({ provider: "bedrock" });
    expect(result.kind).toBe(kind);
  });

  it.each<[string, string, SourceOffer, RegExp]>([
    ["two credentials", "env", { apiKey: "a", token: "b" }, /only one of/],
    ["no credential", "env", {}, /kind/],
    ["a kind that contradicts the credential", "env", { apiKey: "k", kind: "aws-static" }, /kind/],
    ["a custom name without source", "vault", { apiKey: "k" }, /option source/],
  ])("refuses %s at creation with INVALID_OPTION", (_, name, offer, message) => {
    expect(() => staticSource(name, offer)).toThrow(message);
    expect(() => staticSource(name, offer)).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });

  it("accepts a custom name with an explicit source", async () => {
    const chain = createCredentialChain({
      provider: "openai",
      env: {},
      sources: [staticSource("vault", { apiKey: exampleKeys.openai, source: "secrets-manager" })],
    });
    const decision = await chain.resolve();
    expect(decision.trace[0]?.source).toBe("vault");
    expect(decision.auth.source).toBe("secrets-manager");
    expect(await chain.apiKey()).toBe(exampleKeys.openai);
  });
});

describe("testing your own precedence (docs/testing.md)", () => {
  it("prefers the admin key to the vault, which is never consulted", async () => {
    const vault = staticSource("vault", {
      credentials: exampleCredentials,
      source: "secrets-manager",
    });
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromAdminKey(exampleKeys.adminPair, { env: {} }), vault],
    });

    const decision = await chain.resolve();

    expect(decision.auth).toMatchObject({ source: "admin", detail: "pair" });
    expect(vault.calls).toBe(0);
  });
});

describe("skippingSource and failingSource", () => {
  it("lists every skip reason when all sources skip", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [skippingSource("admin", "blank"), skippingSource("env", "no AWS_ACCESS_KEY_ID")],
    });
    await expect(chain.resolve()).rejects.toThrow(NoCredentialsError);
    await expect(chain.resolve()).rejects.toThrow(/no AWS_ACCESS_KEY_ID/);
  });

  it("surfaces a skipping source's warnings in the decision", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [
        skippingSource("env", "partial pair", { warnings: ["AWS_SECRET_ACCESS_KEY is missing"] }),
        staticSource("default-chain", { credentials: exampleCredentials }),
      ],
    });
    expect((await chain.resolve()).warnings).toEqual(["AWS_SECRET_ACCESS_KEY is missing"]);
  });

  it("stops the chain on failure: later sources are never consulted", async () => {
    const later = staticSource("env", { credentials: exampleCredentials });
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [failingSource("secrets-manager"), later],
    });
    await expect(chain.resolve()).rejects.toThrow(
      expect.objectContaining({ code: "SOURCE_FAILED" }),
    );
    expect(later.calls).toBe(0);
    expect(await chain.explain()).toEqual([
      expect.objectContaining({ source: "secrets-manager", outcome: "failed" }),
      expect.objectContaining({ source: "env", outcome: "not-consulted" }),
    ]);
  });

  it("throws the error it was given", async () => {
    const boom = new TypeError("socket hang up");
    await expect(failingSource("vault", boom).resolve({ provider: "bedrock" })).rejects.toBe(boom);
  });
});

describe("sequenceSource", () => {
  it("answers each call with the next step and repeats the last one", async () => {
    const source = sequenceSource("env", [
      { skip: "not yet" },
      new Error("flaky"),
      { apiKey: exampleKeys.openai },
    ]);
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await source.resolve({ provider: "openai" }).then(
          (r) => r.kind,
          (e: Error) => e.message,
        ),
      );
    }
    expect(outcomes).toEqual(["env: not yet", "flaky", "api-key", "api-key"]);
    expect(source.calls).toBe(4);
  });

  it("refuses an empty list", () => {
    expect(() => sequenceSource("env", [])).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });
});
