import { SecretError } from "../core/SecretError.js";
import type { JsonValue, SecretJson, SecretValue } from "./SecretValue.js";

/** A secret's text and its parsed form. Internal to the store. */
export interface ParsedSecret {
  readonly text: string;
  readonly value: SecretValue;
  /** The secret came as `SecretBinary`: credentials are never taken from it. */
  readonly binary?: true;
}

function deepFreeze<T extends JsonValue>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Parses a secret's text: a JSON object becomes a frozen object, anything else stays text. */
export function parseSecretText(text: string): ParsedSecret {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const parsed = JSON.parse(trimmed) as JsonValue;
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        return { text, value: deepFreeze(parsed as SecretJson) };
      }
    } catch {
      // Text that merely starts with "{" is still a valid plain-string secret.
    }
  }
  return { text, value: text };
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Turns a Secrets Manager response into a parsed secret. `SecretBinary` that is UTF-8 text is
 * parsed like `SecretString`; other bytes are the value as they are (a frozen-size copy). Either
 * way the secret is marked binary, so no credential source takes it as a key.
 */
export function parseSecretResponse(
  secretName: string,
  response: { SecretString?: string | undefined; SecretBinary?: Uint8Array | undefined },
): ParsedSecret {
  if (typeof response.SecretString === "string") return parseSecretText(response.SecretString);
  if (response.SecretBinary instanceof Uint8Array) {
    let text: string;
    try {
      text = utf8.decode(response.SecretBinary);
    } catch {
      return { text: "", value: new Uint8Array(response.SecretBinary), binary: true };
    }
    return { ...parseSecretText(text), binary: true };
  }
  // Secrets Manager answers a secret without a value with ResourceNotFoundException: a reply
  // without either is unusable, not binary.
  throw new SecretError(
    "SECRET_UNAVAILABLE",
    `Secrets Manager answered secret ${secretName} with neither SecretString nor SecretBinary.`,
    {
      hint: "Read it with `aws secretsmanager get-secret-value` to check the secret and the endpoint.",
      secretName,
    },
  );
}

/** `SECRET_BINARY`: a credential was asked of a secret stored as `SecretBinary`. */
export function binarySecretError(secretName: string): SecretError {
  return new SecretError(
    "SECRET_BINARY",
    `Secret ${secretName} is stored as SecretBinary; credchain takes credentials only from SecretString (base64 or raw bytes are never used as a key).`,
    {
      hint: "Store the key or JSON as SecretString (aws secretsmanager put-secret-value --secret-string …).",
      secretName,
    },
  );
}
