import { CredentialConfigError } from "./CredentialConfigError.js";
import { hasInnerWhitespace } from "./keyShapes.js";
import { presentValue } from "./parseAdminKey.js";

// Reading a secret payload's fields: the spellings AWS's tools and users write, the value rule of
// a credential, and the shapes AWS itself prints (STS `Credentials`, IAM `AccessKey`, `Expiration`).

/** Where a secret payload came from. */
export interface SecretPayloadOrigin {
  /** Whether the payload came from Secrets Manager or a local `SECRET_<name>` variable. */
  source: "secrets-manager" | "local-secret";
  /** The secret's name (shown in `detail` and messages; never its value). */
  secretName: string;
}

/** The accepted spellings of each field, lower-case (lookups are case-insensitive). */
export const FIELDS = {
  accessKeyId: ["access_key_id", "accesskeyid", "aws_access_key_id"],
  secretAccessKey: ["secret_access_key", "secretaccesskey", "aws_secret_access_key"],
  sessionToken: [
    "session_token",
    "sessiontoken",
    "aws_session_token",
    "token",
    "aws_security_token",
  ],
  expiration: ["expiration", "aws_credential_expiration"],
  region: ["region", "aws_region"],
  bearer: ["aws_bearer_token_bedrock", "api_key", "apikey"],
} as const;

/** `SECRET_MALFORMED` naming the secret and what is wrong with it (never a value). */
export function malformed(origin: SecretPayloadOrigin, detail: string): CredentialConfigError {
  return new CredentialConfigError(
    "SECRET_MALFORMED",
    `The secret ${origin.secretName} (${origin.source}) ${detail}`,
    {
      hint: 'Store a JSON object such as {"access_key_id": "…", "secret_access_key": "…", "region": "…"}, or {"api_key": "…"} for API keys.',
    },
  );
}

/** The text as a JSON object, or `undefined` when it is not one. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The value rule of a credential (as `envCredential` applies it to env values): a control character
 * (a NUL the OS would cut an environment value at, an escape sequence) is never part of a key.
 */
export const CONTROL = /\p{Cc}/u;

/**
 * Case-insensitive field lookup; a present non-string value is malformed, and so is a
 * `credential` value with whitespace or a control character inside.
 */
export function field(
  obj: Record<string, unknown>,
  names: readonly string[],
  origin: SecretPayloadOrigin,
  credential = true,
): { key: string; value: string } | undefined {
  for (const [key, raw] of Object.entries(obj)) {
    if (!names.includes(key.toLowerCase())) continue;
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== "string")
      throw malformed(origin, `has a non-string value under key ${key}.`);
    const value = presentValue(raw);
    if (value === undefined) continue;
    if (hasInnerWhitespace(value))
      throw malformed(origin, `has whitespace inside the value of key ${key}.`);
    if (credential && CONTROL.test(value)) {
      throw malformed(
        origin,
        `has a control character (such as a NUL byte) inside the value of key ${key}.`,
      );
    }
    return { key, value };
  }
  return undefined;
}

/** The keys of a payload for a message (names only). */
export function keysPresent(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  return keys.length === 0 ? "no keys" : `keys: ${keys.join(", ")}`;
}

/**
 * The object holding the keys: the secret itself, or the `Credentials` (STS) or `AccessKey` (IAM
 * CreateAccessKey) object inside it, as AWS's own tools print them.
 */
export function credentialObject(obj: Record<string, unknown>): Record<string, unknown> {
  const hasKeys = Object.keys(obj).some((k) =>
    FIELDS.accessKeyId.includes(k.toLowerCase() as never),
  );
  if (hasKeys) return obj;
  for (const wrapper of ["credentials", "accesskey"]) {
    const key = Object.keys(obj).find((k) => k.toLowerCase() === wrapper);
    const inner = key === undefined ? undefined : obj[key];
    if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) {
      return inner as Record<string, unknown>;
    }
  }
  return obj;
}

/** The payload's `Expiration` as a date; malformed → `SECRET_MALFORMED`, past → `CREDENTIALS_EXPIRED`. */
export function expirationOf(
  obj: Record<string, unknown>,
  origin: SecretPayloadOrigin,
  now: number,
): Date | undefined {
  const found = field(obj, FIELDS.expiration, origin, false);
  if (found === undefined) return undefined;
  const date = new Date(found.value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(found.value) || Number.isNaN(date.getTime())) {
    throw malformed(origin, `has a key ${found.key} that is not an ISO-8601 date.`);
  }
  if (date.getTime() <= now) {
    throw new CredentialConfigError(
      "CREDENTIALS_EXPIRED",
      `The credentials in secret ${origin.secretName} (${origin.source}) expired at ${date.toISOString()}.`,
      { hint: "Store fresh credentials in the secret (or long-term ones without an Expiration)." },
    );
  }
  return date;
}
