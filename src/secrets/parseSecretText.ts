import { SecretError } from "../core/SecretError.js";
import type { JsonValue, SecretJson, SecretValue } from "./SecretValue.js";

/** A secret's text and its parsed form. Internal to the store. */
export interface ParsedSecret {
  readonly text: string;
  readonly value: SecretValue;
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
 * Turns a Secrets Manager response into a parsed secret. `SecretBinary` is decoded as UTF-8 text
 * (then parsed like `SecretString`); bytes that are not valid UTF-8 raise `SECRET_BINARY`.
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
    } catch (cause) {
      throw new SecretError(
        "SECRET_BINARY",
        `Secret ${secretName} holds binary data that is not UTF-8 text.`,
        {
          hint: "credchain reads text secrets only; store the value as SecretString (base64-encode binary data yourself).",
          cause,
          secretName,
        },
      );
    }
    return parseSecretText(text);
  }
  throw new SecretError(
    "SECRET_BINARY",
    `Secret ${secretName} has neither SecretString nor SecretBinary.`,
    {
      hint: "Put a value into the secret with `aws secretsmanager put-secret-value`.",
      secretName,
    },
  );
}
