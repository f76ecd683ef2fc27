// Recognizers for credential shapes. Deliberately conservative: each one errs towards "no", and
// decisions that depend on them name what they saw ("looks like an Anthropic key"), never the value.

/** AWS access key IDs: 16–128 upper-case letters and digits; long-term `AKIA`, temporary `ASIA`. */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const KNOWN_KEY_ID = /^(AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,124}$/;
/** Secret access keys: 40 characters of base64 alphabet without `=`. */
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
const SECRET_LIKE = /^[A-Za-z0-9/+=]{16,}$/;

export function isAccessKeyId(value: string): boolean {
  return ACCESS_KEY_ID.test(value);
}

/** A key ID with a known AWS prefix (`AKIA`, `ASIA`, …). */
export function looksLikeAwsKeyId(value: string): boolean {
  return KNOWN_KEY_ID.test(value);
}

export function isTemporaryKeyId(value: string): boolean {
  return value.startsWith("ASIA");
}

export function isSecretAccessKey(value: string): boolean {
  return SECRET_ACCESS_KEY.test(value);
}

export function isSecretLike(value: string): boolean {
  return SECRET_LIKE.test(value);
}

/** Bedrock API keys: short-term `bedrock-api-key-…`, long-term `ABSK…`. */
export function isBedrockApiKey(value: string): boolean {
  return (
    /^bedrock-api-key-[A-Za-z0-9+/=_-]{8,}$/.test(value) ||
    /^ABSK[A-Za-z0-9+/=_-]{16,}$/.test(value)
  );
}

export function looksLikeAnthropicKey(value: string): boolean {
  return value.startsWith("sk-ant-");
}

export function looksLikeOpenAiKey(value: string): boolean {
  return value.startsWith("sk-") && !looksLikeAnthropicKey(value);
}

/** Any AWS credential shape: a known key ID, `KEYID:SECRET…`, or a Bedrock API key. */
export function looksLikeAwsCredential(value: string): boolean {
  if (isBedrockApiKey(value) || looksLikeAwsKeyId(value)) return true;
  const first = value.split(":")[0] ?? "";
  return value.includes(":") && looksLikeAwsKeyId(first);
}

export function hasInnerWhitespace(value: string): boolean {
  return /\s/.test(value);
}

/** A known LLM API key shape: OpenAI / Anthropic `sk-…`. */
export function looksLikeLlmApiKey(value: string): boolean {
  return /^sk-[A-Za-z0-9_-]{16,}$/.test(value);
}

/** An AWS access key ID anywhere in a longer value (`prod/AKIA…`, `AKIA…:secret`). */
const EMBEDDED_KEY_ID = /(?:^|[^A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;

/**
 * Whether `value`, found where a name or id is expected, looks like a pasted credential: an AWS
 * access key ID (also inside a `KEYID:SECRET` pair or a path), a Bedrock API key, an LLM API key
 * (`sk-…`, `sk-ant-…`), or a secret access key — 40 characters of the base64 alphabet with upper
 * and lower case and at least one digit, `/` or `+`. Used to refuse such values without echoing them.
 *
 * Random secret keys are mixed-case almost always (all one case: under 1 in 10⁸) and lack every
 * digit, `/` and `+` about once in 4 000, so the check misses next to none; names it refuses
 * are exactly 40 characters, mixed case and free of `-`, `_` and `.` — a hex digest, a one-case path
 * or any name with a separator other than `/` passes.
 */
export function looksLikeCredential(value: string): boolean {
  if (looksLikeAwsCredential(value) || looksLikeLlmApiKey(value)) return true;
  if (EMBEDDED_KEY_ID.test(value)) return true;
  return (
    isSecretAccessKey(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[\d/+]/.test(value)
  );
}
