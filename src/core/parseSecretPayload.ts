import { CredentialConfigError } from "./CredentialConfigError.js";
import { API_KEY_ENV } from "./envNames.js";
import { assertApiKeyShape } from "./apiKeyShape.js";
import { hasInnerWhitespace, isTemporaryKeyId } from "./keyShapes.js";
import { presentValue } from "./parseAdminKey.js";
import { normalizeProvider } from "./provider.js";
import { readObject } from "./readInput.js";
import { assertRegion } from "./region.js";
import {
  CONTROL,
  FIELDS,
  credentialObject,
  expirationOf,
  field,
  keysPresent,
  malformed,
  parseObject,
  type SecretPayloadOrigin,
} from "./secretPayloadFields.js";
import type { CredentialResult, Provider } from "./types.js";

export type { SecretPayloadOrigin } from "./secretPayloadFields.js";

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
