import type { AwsCredentialIdentity, TokenIdentity } from "@smithy/types";
import { describe, expectTypeOf, it } from "vitest";
import {
  decideCredentials,
  mask,
  parseAdminKey,
  type AdminKey,
  type AuthSummary,
  type CredentialDecision,
  type CredentialDecisionJson,
  type DecideInput,
  type Provider,
  type Redacted,
  type RevealedIdentity,
} from "../../src/core/index.js";

describe("public types of credchain/core", () => {
  it("AdminKey is a union discriminated on form", () => {
    expectTypeOf<AdminKey["form"]>().toEqualTypeOf<
      "absent" | "pair" | "bedrock-api-key" | "secret-only" | "api-key"
    >();
    expectTypeOf<Extract<AdminKey, { form: "pair" }>>().toEqualTypeOf<{
      form: "pair";
      accessKeyId: string;
      secretAccessKey: Redacted;
      sessionToken: Redacted | undefined;
    }>();
    expectTypeOf<
      Extract<AdminKey, { form: "bedrock-api-key" }>["apiKey"]
    >().toEqualTypeOf<Redacted>();
    expectTypeOf<
      Extract<AdminKey, { form: "secret-only" }>["secretAccessKey"]
    >().toEqualTypeOf<Redacted>();
    expectTypeOf<Extract<AdminKey, { form: "absent" }>>().toEqualTypeOf<{ form: "absent" }>();

    const key = parseAdminKey("x", "bedrock");
    if (key.form === "pair") {
      expectTypeOf(key.secretAccessKey.reveal()).toEqualTypeOf<string>();
    } else {
      // @ts-expect-error only the pair form has an access key ID
      void key.accessKeyId;
    }
  });

  it("parseAdminKey takes a nullable string and a Provider", () => {
    expectTypeOf(parseAdminKey).parameters.toEqualTypeOf<[string | null | undefined, Provider]>();
    expectTypeOf(parseAdminKey).returns.toEqualTypeOf<AdminKey>();
    // @ts-expect-error "gemini" is not a provider
    parseAdminKey("x", "gemini");
  });

  it("RevealedIdentity is a union discriminated on kind", () => {
    expectTypeOf<RevealedIdentity["kind"]>().toEqualTypeOf<
      "aws-static" | "bearer-token" | "api-key" | "aws-default-chain" | "deferred" | "none"
    >();
    expectTypeOf<
      Extract<RevealedIdentity, { kind: "aws-static" }>["credentials"]
    >().toEqualTypeOf<AwsCredentialIdentity>();
    expectTypeOf<
      Extract<RevealedIdentity, { kind: "bearer-token" }>["token"]
    >().toEqualTypeOf<TokenIdentity>();
    expectTypeOf<
      Extract<RevealedIdentity, { kind: "api-key" }>["apiKey"]
    >().toEqualTypeOf<string>();

    const identity = decideCredentials({ env: {} }).reveal();
    if (identity.kind === "api-key") expectTypeOf(identity.apiKey).toEqualTypeOf<string>();
    // @ts-expect-error credentials exist only once narrowed to aws-static
    void identity.credentials;
  });

  it("decideCredentials requires env", () => {
    expectTypeOf<DecideInput["env"]>().toEqualTypeOf<
      Readonly<Record<string, string | undefined>>
    >();
    expectTypeOf<Pick<DecideInput, "env">>().not.toEqualTypeOf<Partial<Pick<DecideInput, "env">>>();
    // @ts-expect-error env is required: the core never reads process.env
    decideCredentials({ provider: "bedrock" });
    // @ts-expect-error env values are strings
    decideCredentials({ env: { AWS_REGION: 1 } });
    // @ts-expect-error providers are a closed set
    decideCredentials({ provider: "gemini", env: {} });
    expectTypeOf(decideCredentials).returns.toEqualTypeOf<CredentialDecision>();
  });

  it("a decision is read-only and serializes to CredentialDecisionJson", () => {
    const decision = decideCredentials({ env: {} });
    expectTypeOf(decision.toJSON()).toEqualTypeOf<CredentialDecisionJson>();
    expectTypeOf(decision.auth).toEqualTypeOf<AuthSummary>();
    // @ts-expect-error the decision's fields are read-only
    decision.provider = "openai";
    // @ts-expect-error the trace is a read-only array
    decision.trace.push({ source: "x", outcome: "chosen", reason: "" });
  });

  it("mask takes one of three kinds", () => {
    expectTypeOf(mask).parameter(1).toEqualTypeOf<"access-key-id" | "api-key" | "secret">();
    // @ts-expect-error "token" is not a mask kind
    mask("x", "token");
  });
});
