import { CredentialConfigError } from "./CredentialConfigError.js";
import { API_KEY_ENV } from "./envNames.js";
import { assertApiKeyShape } from "./apiKeyShape.js";
import { hasInnerWhitespace, isTemporaryKeyId } from "./keyShapes.js";
import { presentValue } from "./parseAdminKey.js";
import { normalizeProvider } from "./provider.js";
import { readObject } from "./readInput.js";
import { assertRegion } from "./region.js";
import type { CredentialResult, Provider } from "./types.js";

/** Where a secret payload came from. */
export interface SecretPayloadOrigin {
  /** Whether the payload came from Secrets Manager or a local `SECRET_<name>` variable. */
  source: "secrets-manager" | "local-secret";
  /** The secret's name (shown in `detail` and messages; never its value). */
  secretName: string;
}

const FIELDS = {
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

function malformed(origin: SecretPayloadOrigin, detail: string): CredentialConfigError {
  return new CredentialConfigError(
    "SECRET_MALFORMED",
    `The secret ${origin.secretName} (${origin.source}) ${detail}`,
    {
      hint: 'Store a JSON object such as {"access_key_id": "…", "secret_access_key": "…", "region": "…"}, or {"api_key": "…"} for API keys.',
    },
  );
}

function parseObject(text: string): Record<string, unknown> | undefined {
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
const CONTROL = /\p{Cc}/u;

/**
 * Case-insensitive field lookup; a present non-string value is malformed, and so is a
 * `credential` value with whitespace or a control character inside.
 */
function field(
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

function keysPresent(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  return keys.length === 0 ? "no keys" : `keys: ${keys.join(", ")}`;
}

/**
 * The object holding the keys: the secret itself, or the `Credentials` (STS) or `AccessKey` (IAM
 * CreateAccessKey) object inside it, as AWS's own tools print them.
 */
function credentialObject(obj: Record<string, unknown>): Record<string, unknown> {
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
function expirationOf(
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

function bedrockPayload(text: string, origin: SecretPayloadOrigin): CredentialResult {
  const outer = parseObject(text);
  if (outer === undefined) throw malformed(origin, "is not a JSON object.");
  const obj = credentialObject(outer);
  const accessKeyId = field(obj, FIELDS.accessKeyId, origin);
  const secretAccessKey = field(obj, FIELDS.secretAccessKey, origin);
  const sessionToken = field(obj, FIELDS.sessionToken, origin);
  const regionField = field(obj, FIELDS.region, origin, false);
  const bearer = field(obj, FIELDS.bearer, origin);
  const region =
    regionField === undefined
      ? undefined
      : {
          value: assertRegion(
            regionField.value,
            `key ${regionField.key} of secret ${origin.secretName}`,
          ),
          source: origin.source,
        };
  const warnings: string[] = [];

  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    if (isTemporaryKeyId(accessKeyId.value) && sessionToken === undefined) {
      throw new CredentialConfigError(
        "SESSION_TOKEN_REQUIRED",
        `The secret ${origin.secretName} holds a temporary (ASIA…) access key ID without a session token.`,
        { hint: "Add session_token to the secret, or store a long-term AKIA… key." },
      );
    }
    if (bearer !== undefined) {
      warnings.push(
        `The secret ${origin.secretName} holds both a key pair and ${bearer.key}; the key pair is used.`,
      );
    }
    const expiration = expirationOf(obj, origin, Date.now());
    const used = [
      accessKeyId.key,
      secretAccessKey.key,
      ...(sessionToken ? [sessionToken.key] : []),
    ];
    return {
      source: origin.source,
      kind: "aws-static",
      detail: origin.secretName,
      credentials: {
        accessKeyId: accessKeyId.value,
        secretAccessKey: secretAccessKey.value,
        ...(sessionToken ? { sessionToken: sessionToken.value } : {}),
        ...(expiration ? { expiration } : {}),
      },
      ...(region ? { region } : {}),
      reason: `secret ${origin.secretName} holds a key pair (${used.join(", ")})`,
      warnings,
    };
  }
  if (bearer !== undefined && accessKeyId === undefined && secretAccessKey === undefined) {
    return {
      source: origin.source,
      kind: "bearer-token",
      detail: origin.secretName,
      token: { token: bearer.value },
      ...(region ? { region } : {}),
      reason: `secret ${origin.secretName} holds a Bedrock API key (${bearer.key})`,
      warnings,
    };
  }
  throw malformed(
    origin,
    `has no usable credentials (${keysPresent(obj)}); expected access_key_id + secret_access_key (any documented spelling) or AWS_BEARER_TOKEN_BEDROCK / api_key.`,
  );
}

function apiKeyPayload(
  text: string,
  provider: Exclude<Provider, "bedrock">,
  origin: SecretPayloadOrigin,
): CredentialResult {
  const obj = parseObject(text);
  let key: string | undefined;
  let via: string;
  if (obj === undefined) {
    key = presentValue(text);
    if (key !== undefined && /^["[{]/.test(key)) {
      // JSON, but not an object: a JSON string is the key itself; anything else is malformed.
      let parsed: unknown;
      try {
        parsed = JSON.parse(key);
      } catch {
        throw malformed(origin, "is not valid JSON.");
      }
      if (typeof parsed !== "string")
        throw malformed(origin, "is JSON but neither an object nor a string.");
      key = presentValue(parsed);
    }
    if (key !== undefined && hasInnerWhitespace(key)) {
      throw malformed(origin, "is a plain string with whitespace inside it.");
    }
    if (key !== undefined && CONTROL.test(key)) {
      throw malformed(origin, "is a plain string with a control character (such as a NUL byte).");
    }
    via = "plain string";
  } else {
    const names = ["api_key", "apikey", ...API_KEY_ENV[provider].map((n) => n.toLowerCase())];
    const found = field(obj, names, origin);
    if (found === undefined) {
      throw malformed(
        origin,
        `has no API key (${keysPresent(obj)}); expected api_key, apiKey or ${API_KEY_ENV[provider].join(" / ")}.`,
      );
    }
    key = found.value;
    via = `key ${found.key}`;
  }
  if (key === undefined) throw malformed(origin, "is empty.");
  assertApiKeyShape(key, provider, `secret ${origin.secretName}`);
  return {
    source: origin.source,
    kind: "api-key",
    detail: origin.secretName,
    apiKey: key,
    reason: `secret ${origin.secretName} holds the ${provider} API key (${via})`,
    warnings: [],
  };
}

const ORIGIN_HINT =
  'Pass the text, a provider and { source: "secrets-manager" | "local-secret", secretName }.';

/**
 * Turns a secret's text (Secrets Manager `SecretString` or a local `SECRET_*` value) into
 * credentials for `provider`.
 *
 * Bedrock: a JSON object with, case-insensitively, `access_key_id` / `accessKeyId` /
 * `AWS_ACCESS_KEY_ID`, the matching secret and session-token spellings and an optional `region` /
 * `AWS_REGION`; or `AWS_BEARER_TOKEN_BEDROCK` / `api_key` for a Bedrock API key. API-key providers:
 * JSON `api_key` / `apiKey` / `<P>_API_KEY`, or the key as a plain string. Other keys are ignored.
 *
 * Credential values (key ID, secret, session token, bearer token, API key) with whitespace or a
 * control character inside are refused, as in the environment.
 *
 * @throws CredentialConfigError `SECRET_MALFORMED` naming the keys present (never values),
 *   `SESSION_TOKEN_REQUIRED`, `INVALID_REGION`, `WRONG_PROVIDER_KEY`.
 */
export function parseSecretPayload(
  text: string,
  provider: Provider,
  origin: SecretPayloadOrigin,
): CredentialResult {
  const checkedProvider = normalizeProvider(provider, "parseSecretPayload: the provider");
  const checkedOrigin = readObject(origin, "parseSecretPayload: origin", ORIGIN_HINT);
  if (
    typeof text !== "string" ||
    (checkedOrigin.source !== "secrets-manager" && checkedOrigin.source !== "local-secret") ||
    typeof checkedOrigin.secretName !== "string"
  ) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      "parseSecretPayload takes the secret's text (a string), a provider and { source, secretName }.",
      { hint: ORIGIN_HINT },
    );
  }
  const safeOrigin = checkedOrigin as unknown as SecretPayloadOrigin;
  return checkedProvider === "bedrock"
    ? bedrockPayload(text, safeOrigin)
    : apiKeyPayload(text, checkedProvider, safeOrigin);
}
