import type { AwsCredentialIdentity } from "@smithy/types";

/**
 * The AWS documentation's example key pair (`AKIAIOSFODNN7EXAMPLE` / `wJalrXUtnFEMI/…EXAMPLEKEY`),
 * frozen. Safe to commit; accepted by the loopback emulators in credchain's own test suite.
 *
 * @example
 * ```ts
 * staticSource("env", { credentials: exampleCredentials });
 * ```
 */
export const exampleCredentials: Readonly<AwsCredentialIdentity> = Object.freeze({
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
});

/**
 * Fake key strings in every shape the admin-panel field and the env accept, for precedence tests.
 * None of them is a working credential.
 */
export const exampleKeys = Object.freeze({
  /** `ACCESS_KEY_ID:SECRET_ACCESS_KEY`, the admin panel's pair form. */
  adminPair: `${exampleCredentials.accessKeyId}:${exampleCredentials.secretAccessKey}`,
  /** The pair the wrong way round: `ADMIN_KEY_SWAPPED`. */
  swappedPair: `${exampleCredentials.secretAccessKey}:${exampleCredentials.accessKeyId}`,
  /** A bare 40-character secret access key; the key ID must come from `AWS_ACCESS_KEY_ID`. */
  bareSecret: exampleCredentials.secretAccessKey,
  /** A temporary key ID (`ASIA…`), which needs a session token. */
  temporaryAccessKeyId: "ASIAIOSFODNN7EXAMPLE",
  /** A fake session token. */
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENcredchaintesting",
  /** A Bedrock API key (short-term form), sent as `Authorization: Bearer`. */
  bedrockApiKey: "bedrock-api-key-ZXhhbXBsZS1iZWRyb2NrLWFwaS1rZXktZm9yLXRlc3Rz",
  /** A Bedrock API key (long-term form). */
  bedrockLongTermApiKey: "ABSKZXhhbXBsZS1sb25nLXRlcm0ta2V5LWZvci10ZXN0cw==",
  /** An OpenAI-shaped key. */
  openai: "sk-proj-EXAMPLEexampleEXAMPLEexample0001",
  /** An Anthropic-shaped key. */
  anthropic: "sk-ant-api03-EXAMPLEexampleEXAMPLEexample0002",
  /** A Cohere-shaped key. */
  cohere: "EXAMPLEcohereKEYexampleEXAMPLEexample0003",
});
