import { isBedrockApiKey, looksLikeAwsKeyId, looksLikeLlmApiKey } from "./keyShapes.js";

/** What a value is, which decides how much of it may be shown. */
export type MaskKind = "access-key-id" | "api-key" | "secret";

/** Placeholder shown in place of a value that may not be shown at all. */
export const REDACTED = "[redacted]";

const KEY_ID_SHAPE = /^[A-Z0-9]{12,128}$/;

/**
 * Masks a credential for display.
 *
 * - `access-key-id`: first 4 + `…` + last 4 (`AKIA…MPLE`), only for a value shaped like one (12+
 *   upper-case letters and digits); anything else, such as a secret key in the key ID's place,
 *   is `[redacted]`.
 * - `api-key` (API keys, bearer tokens): `…` + last 4 when 20+ characters, else `[redacted]`.
 * - `secret` (secret access keys, session tokens): always `[redacted]`, never even in part.
 *
 * @example
 * ```ts
 * mask("AKIAIOSFODNN7EXAMPLE", "access-key-id"); // "AKIA…MPLE"
 * ```
 */
export function mask(value: string, kind: MaskKind): string {
  const v = typeof value === "string" ? value.trim() : "";
  switch (kind) {
    case "access-key-id":
      return KEY_ID_SHAPE.test(v) ? `${v.slice(0, 4)}…${v.slice(-4)}` : REDACTED;
    case "api-key":
      return v.length >= 20 ? `…${v.slice(-4)}` : REDACTED;
    default:
      // `secret`, and any kind credchain does not know: show nothing.
      return REDACTED;
  }
}

/**
 * How a secret's value (or one field of a JSON secret) is shown without `--reveal`: an AWS access
 * key ID as `AKIA…MPLE`, an API key of a known shape (`sk-…`, `sk-ant-…`, `ABSK…`,
 * `bedrock-api-key-…`) as `…last4`, and everything else — passwords, tokens of unknown shape,
 * numbers, nested objects — as `[redacted]`. The field's name plays no part: `DB_PASS` and
 * `api_key` are judged by what they hold.
 *
 * @example
 * ```ts
 * maskSecretValue("hunter2hunter2hunter2"); // "[redacted]"
 * maskSecretValue("sk-proj-EXAMPLEexampleEXAMPLE0001"); // "…0001"
 * ```
 */
export function maskSecretValue(value: unknown): string {
  if (typeof value !== "string") return REDACTED;
  const v = value.trim();
  if (looksLikeAwsKeyId(v)) return mask(v, "access-key-id");
  if (isBedrockApiKey(v) || looksLikeLlmApiKey(v)) return mask(v, "api-key");
  return REDACTED;
}
