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

// The key shapes, unanchored: each recognizer below anchors them to a whole value, and
// `containsCredential` looks for them anywhere in one.
const BEDROCK_SHORT_TERM_KEY = "bedrock-api-key-[A-Za-z0-9+/=_-]{8,}";
const BEDROCK_LONG_TERM_KEY = "ABSK[A-Za-z0-9+/=_-]{16,}";
const LLM_API_KEY = "sk-[A-Za-z0-9_-]{16,}";
const KEY_ID_IN_TEXT = "(?:AKIA|ASIA)[A-Z0-9]{16}";
const BEDROCK_API_KEY = new RegExp(`^(?:${BEDROCK_SHORT_TERM_KEY}|${BEDROCK_LONG_TERM_KEY})$`);

/** Bedrock API keys: short-term `bedrock-api-key-…`, long-term `ABSK…`. */
export function isBedrockApiKey(value: string): boolean {
  return BEDROCK_API_KEY.test(value);
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

/** Quote characters a pasted key may carry: straight, backtick and typographic (a chat or document copy). */
const QUOTE = /["'`\u2018\u2019\u201C\u201D]/u;

/**
 * Which ends of a trimmed value carry a literal quote character (straight, backtick or
 * typographic), which is never part of a key: `"around"` (a copied JSON string, a
 * `docker --env-file` line), `"start"`, `"end"`, or `undefined` for none.
 */
export function literalQuotes(value: string): "around" | "start" | "end" | undefined {
  const first = QUOTE.test(value.charAt(0));
  const last = QUOTE.test(value.charAt(value.length - 1));
  if (first && last) return "around";
  if (first) return "start";
  if (last) return "end";
  return undefined;
}

const LLM_KEY = new RegExp(`^${LLM_API_KEY}$`);

/** A known LLM API key shape: OpenAI / Anthropic `sk-…`. */
export function looksLikeLlmApiKey(value: string): boolean {
  return LLM_KEY.test(value);
}

/** An AWS access key ID anywhere in a longer value (`prod/AKIA…`, `AKIA…:secret`). */
const EMBEDDED_KEY_ID = new RegExp(`(?:^|[^A-Z0-9])${KEY_ID_IN_TEXT}(?![A-Z0-9])`);

/**
 * What a secret access key mixes: upper and lower case and at least one digit, `/` or `+` (a
 * random one does almost always; a hex digest or a one-case path does not).
 */
const hasSecretMix = (value: string): boolean =>
  /[A-Z]/.test(value) && /[a-z]/.test(value) && /[\d/+]/.test(value);

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
  return isSecretAccessKey(value) && hasSecretMix(value);
}

// A key inside a longer value: an access key ID, an `sk-` / `ABSK` / `bedrock-api-key-` key, or
// a run of 40+ base64 characters with a secret access key's mix.
const KEY_IN_TEXT = new RegExp(
  [KEY_ID_IN_TEXT, LLM_API_KEY, BEDROCK_LONG_TERM_KEY, BEDROCK_SHORT_TERM_KEY].join("|"),
);
const BASE64_RUN = /[A-Za-z0-9/+]{40,}/g;

/**
 * Whether `value` contains something shaped like a credential anywhere: the whole value (see
 * {@link looksLikeCredential}) or a key embedded in it (`note AKIA…`, `token=sk-…`, a secret access
 * key inside a longer run). Looser than `looksLikeCredential`: for deciding whether a value may be
 * repeated, not whether it is a name.
 */
export function containsCredential(value: string): boolean {
  if (looksLikeCredential(value) || KEY_IN_TEXT.test(value)) return true;
  for (const [run] of value.matchAll(BASE64_RUN)) {
    if (hasSecretMix(run)) return true;
  }
  return false;
}
