// Fake credentials for the core tests: AWS documentation example keys and made-up keys in each
// provider's shape. None of them is real.
import { inspect } from "node:util";
import { expect } from "vitest";
import type { CredentialDecision } from "../../../src/core/index.js";

/** AWS documentation example access key IDs. */
export const AKIA = "AKIAIOSFODNN7EXAMPLE";
export const AKIA_2 = "AKIAI44QH8DHBEXAMPLE";
/** A fake temporary access key ID. */
export const ASIA = "ASIAIOSFODNN7EXAMPLE";
/** AWS documentation example secret access keys. */
export const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
export const SECRET_2 = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
/** Fake session tokens. */
export const TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKENadminTOKEN0001";
export const ENV_TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKENenvTOKEN00002";
/** Fake Bedrock API keys: short-term and long-term shapes. */
export const BEDROCK_KEY = "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tEXAMPLEk1ey";
export const ABSK_KEY = "ABSKQmVkcm9ja0FQSUtleS1FWEFNUExFabsk";
export const ENV_BEARER = "bedrock-api-key-ZW52YmVhcmVydG9rZW5FWEFNUExFbear";
/** Fake LLM API keys. */
export const OPENAI_KEY = "sk-proj-EXAMPLEopenaiKey0123456789oaik";
export const ANTHROPIC_KEY = "sk-ant-api03-EXAMPLEanthropicKey0123anth";
export const COHERE_KEY = "EXAMPLEcohereKey0123456789abcdefcoho";
export const CUSTOM_KEY = "custom-EXAMPLE-key-0123456789abcdcust";

/** Every raw value above: none may appear unmasked in any rendering of a decision or error. */
export const ALL_SECRETS = [
  AKIA,
  AKIA_2,
  ASIA,
  SECRET,
  SECRET_2,
  TOKEN,
  ENV_TOKEN,
  BEDROCK_KEY,
  ABSK_KEY,
  ENV_BEARER,
  OPENAI_KEY,
  ANTHROPIC_KEY,
  COHERE_KEY,
  CUSTOM_KEY,
] as const;

/** Every way a decision can be turned into text. */
export function renderDecision(decision: CredentialDecision): string[] {
  return [
    JSON.stringify(decision),
    String(decision),
    `${String(decision)}`,
    inspect(decision, { showHidden: true, depth: null }),
    inspect(decision.toJSON(), { showHidden: true, depth: null }),
    decision.trace.map((t) => t.reason).join("\n"),
    decision.warnings.join("\n"),
  ];
}

/** Every way an error can be turned into text. */
export function renderError(error: unknown): string[] {
  const e = error as Error & { hint?: string };
  return [
    e.message,
    e.hint ?? "",
    String(e),
    e.stack ?? "",
    JSON.stringify(e),
    inspect(e, { showHidden: true, depth: null }),
  ];
}

/** Asserts that none of `secrets` appears in any of `renderings`. */
export function expectNoSecrets(renderings: readonly string[], secrets: readonly string[]): void {
  for (const text of renderings) {
    for (const secret of secrets) {
      expect(text, `leaked a secret value into: ${text.slice(0, 200)}`).not.toContain(secret);
    }
  }
}

/** Runs `fn`, expecting it to throw; returns what it threw. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw, but it returned");
}
