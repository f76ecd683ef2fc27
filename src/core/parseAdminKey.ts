import { CredentialConfigError } from "./CredentialConfigError.js";
import { Redacted } from "./Redacted.js";
import { assertApiKeyShape } from "./apiKeyShape.js";
import {
  hasInnerWhitespace,
  isAccessKeyId,
  isBedrockApiKey,
  isSecretAccessKey,
  isSecretLike,
  isTemporaryKeyId,
  literalQuotes,
  looksLikeAnthropicKey,
  looksLikeAwsKeyId,
  looksLikeOpenAiKey,
} from "./keyShapes.js";
import { normalizeProvider } from "./provider.js";
import type { Provider } from "./types.js";

/**
 * An admin-panel key, classified. Secret parts are {@link Redacted}, so logging an `AdminKey` shows
 * no secret.
 */
export type AdminKey =
  | {
      /** The field is empty or blank: the next source decides. */
      form: "absent";
    }
  /** `ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]`. */
  | {
      /** An access key ID and secret, optionally with a session token. */
      form: "pair";
      /** The access key ID, in the clear (`AKIA…` or `ASIA…`); not a secret. */
      accessKeyId: string;
      /** The secret access key. */
      secretAccessKey: Redacted;
      /** The third part, a session token (required for `ASIA…` keys); `undefined` when absent. */
      sessionToken: Redacted | undefined;
    }
  /** A Bedrock API key (`bedrock-api-key-…` or `ABSK…`), sent as a bearer token. */
  | {
      /** A Bedrock API key. */
      form: "bedrock-api-key";
      /** The key, sent as `Authorization: Bearer`. */
      apiKey: Redacted;
    }
  /** A bare secret access key; the access key ID comes from `AWS_ACCESS_KEY_ID`. */
  | {
      /** A secret access key without its ID. */
      form: "secret-only";
      /** The 40-character secret access key. */
      secretAccessKey: Redacted;
    }
  /** An LLM provider's API key. */
  | {
      /** An OpenAI, Anthropic, Cohere or custom API key. */
      form: "api-key";
      /** The key. */
      apiKey: Redacted;
    };

const BEDROCK_FORMS =
  "ACCESS_KEY_ID:SECRET_ACCESS_KEY, ACCESS_KEY_ID:SECRET_ACCESS_KEY:SESSION_TOKEN, a Bedrock API key (bedrock-api-key-… or ABSK…), or a bare 40-character secret access key";

/** Outer whitespace trimmed; empty or whitespace-only → `undefined`. */
export function presentValue(value: string | null | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function configError(
  code: ConstructorParameters<typeof CredentialConfigError>[0],
  message: string,
  hint: string,
): CredentialConfigError {
  return new CredentialConfigError(code, message, { hint });
}

function parseBedrockAdminKey(key: string): AdminKey {
  if (isBedrockApiKey(key)) return { form: "bedrock-api-key", apiKey: new Redacted(key) };
  if (looksLikeAnthropicKey(key) || looksLikeOpenAiKey(key)) {
    const which = looksLikeAnthropicKey(key) ? "an Anthropic" : "an OpenAI";
    wrongProvider(`The admin key looks like ${which} API key, but the provider is bedrock.`);
  }
  if (key.includes(":")) return parsePair(key);
  if (isSecretAccessKey(key)) return { form: "secret-only", secretAccessKey: new Redacted(key) };
  if (looksLikeAwsKeyId(key)) {
    throw configError(
      "ADMIN_KEY_UNRECOGNIZED",
      "The admin key is an access key ID alone; a secret access key must accompany it.",
      `Enter ACCESS_KEY_ID:SECRET_ACCESS_KEY, or leave the admin key empty to use the environment. Accepted forms: ${BEDROCK_FORMS}.`,
    );
  }
  throw configError(
    "ADMIN_KEY_UNRECOGNIZED",
    "The admin key is not a recognized Bedrock credential.",
    `Accepted forms: ${BEDROCK_FORMS}.`,
  );
}

function wrongProvider(message: string): never {
  throw configError(
    "WRONG_PROVIDER_KEY",
    message,
    "Check the provider selected in the admin panel (or --provider), or paste the key for that provider.",
  );
}

function parsePair(key: string): AdminKey {
  const parts = key.split(":");
  if (parts.length > 3 || parts.some((p) => p === "")) {
    throw configError(
      "ADMIN_KEY_MALFORMED",
      parts.length > 3
        ? `The admin key has ${parts.length} colon-separated parts; at most 3 are allowed.`
        : "The admin key has an empty colon-separated part.",
      "Use ACCESS_KEY_ID:SECRET_ACCESS_KEY, with :SESSION_TOKEN appended only for temporary (ASIA…) keys.",
    );
  }
  const [first = "", second = "", third] = parts;
  if (!isAccessKeyId(first) && looksLikeAwsKeyId(second) && isSecretLike(first)) {
    throw configError(
      "ADMIN_KEY_SWAPPED",
      "The admin key's parts look swapped: the first part looks like a secret access key and the second like an access key ID.",
      "Enter the access key ID first: ACCESS_KEY_ID:SECRET_ACCESS_KEY.",
    );
  }
  if (!isAccessKeyId(first)) {
    throw configError(
      "ADMIN_KEY_MALFORMED",
      "The admin key's first part is not an AWS access key ID (16–128 upper-case letters and digits).",
      "Use ACCESS_KEY_ID:SECRET_ACCESS_KEY, e.g. the access key ID as shown in the IAM console.",
    );
  }
  if (isAccessKeyId(second) && looksLikeAwsKeyId(second)) {
    throw configError(
      "ADMIN_KEY_MALFORMED",
      "The admin key's second part is an access key ID, not a secret access key.",
      "Use ACCESS_KEY_ID:SECRET_ACCESS_KEY.",
    );
  }
  if (!isSecretLike(second)) {
    throw configError(
      "ADMIN_KEY_MALFORMED",
      "The admin key's second part is not a secret access key (16 or more characters of A–Z, a–z, 0–9, /, +, =).",
      "Paste the secret access key exactly as IAM showed it: ACCESS_KEY_ID:SECRET_ACCESS_KEY.",
    );
  }
  if (isTemporaryKeyId(first) && third === undefined) {
    throw configError(
      "SESSION_TOKEN_REQUIRED",
      "The admin key's access key ID is temporary (ASIA…) but no session token follows it.",
      "Append the session token: ACCESS_KEY_ID:SECRET_ACCESS_KEY:SESSION_TOKEN, or use a long-term AKIA… key.",
    );
  }
  return {
    form: "pair",
    accessKeyId: first,
    secretAccessKey: new Redacted(second),
    sessionToken: third === undefined ? undefined : new Redacted(third),
  };
}

const QUOTE_PROBLEM = {
  around: "is wrapped in literal quotes",
  start: "starts with a quote character",
  end: "ends with a quote character",
} as const;

function parseApiKey(key: string, provider: Exclude<Provider, "bedrock">): AdminKey {
  assertApiKeyShape(key, provider, "the admin key");
  return { form: "api-key", apiKey: new Redacted(key) };
}

/**
 * Classifies an admin-panel key for `provider` (any case, as `LLM_PROVIDER`). Outer whitespace is trimmed; an empty or blank
 * value is `{ form: "absent" }`; whitespace inside the key, and literal quotes around it (a pasted
 * JSON string, a `docker --env-file` line), are errors (`ADMIN_KEY_MALFORMED`).
 *
 * Bedrock accepts `ACCESS_KEY_ID:SECRET_ACCESS_KEY` (a third `:SESSION_TOKEN` part is required for
 * `ASIA…` keys), a Bedrock API key, or a bare 40-character secret; other providers take their API key.
 *
 * @throws CredentialConfigError `ADMIN_KEY_MALFORMED`, `ADMIN_KEY_SWAPPED`, `ADMIN_KEY_UNRECOGNIZED`,
 *   `SESSION_TOKEN_REQUIRED`, `WRONG_PROVIDER_KEY`, `UNKNOWN_PROVIDER`.
 *
 * @example
 * ```ts
 * parseAdminKey("AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "bedrock").form; // "pair"
 * ```
 */
export function parseAdminKey(raw: string | null | undefined, given: Provider): AdminKey {
  const provider = normalizeProvider(given, "The provider");
  if (raw !== null && raw !== undefined && typeof raw !== "string") {
    throw configError(
      "INVALID_INPUT",
      "The admin key must be a string.",
      "Pass the admin key as a string, or null.",
    );
  }
  const key = presentValue(raw);
  if (key === undefined) return { form: "absent" };
  const quotes = literalQuotes(key);
  if (quotes !== undefined) {
    throw configError(
      "ADMIN_KEY_MALFORMED",
      `The admin key ${QUOTE_PROBLEM[quotes]}: quotes are never part of a key.`,
      "Paste the key without quotes (a copied JSON string or a docker --env-file line keeps them).",
    );
  }
  if (hasInnerWhitespace(key)) {
    throw configError(
      "ADMIN_KEY_MALFORMED",
      "The admin key contains whitespace inside it.",
      "Remove spaces and line breaks from the key; only outer whitespace is ignored.",
    );
  }
  return provider === "bedrock" ? parseBedrockAdminKey(key) : parseApiKey(key, provider);
}
