import { looksLikeCredential } from "./keyShapes.js";

/** How many characters of an input value a message or report repeats at most. */
export const ECHO_MAX_LENGTH = 64;

/** What is shown instead of an input value that looks like a credential. */
export const NOT_SHOWN = "(not shown: looks like a key)";

// A key inside a longer value: an access key ID, an `sk-` / `ABSK` / `bedrock-api-key-` key, or a
// run of 40+ base64 characters mixing cases with a digit, `/` or `+` (a secret access key).
const EMBEDDED_KEY = [
  /(?:AKIA|ASIA)[A-Z0-9]{16}/,
  /sk-[A-Za-z0-9_-]{16,}/,
  /ABSK[A-Za-z0-9+/=_-]{16,}/,
  /bedrock-api-key-[A-Za-z0-9+/=_-]{8,}/,
];
const BASE64_RUN = /[A-Za-z0-9/+]{40,}/g;

/**
 * Whether `value` contains something shaped like a credential anywhere — the whole value (see
 * `looksLikeCredential`) or a key embedded in it. @internal
 */
export function containsCredential(value: string): boolean {
  if (looksLikeCredential(value) || EMBEDDED_KEY.some((shape) => shape.test(value))) return true;
  for (const [run] of value.matchAll(BASE64_RUN)) {
    if (/[A-Z]/.test(run) && /[a-z]/.test(run) && /[\d/+]/.test(run)) return true;
  }
  return false;
}

/**
 * The one form in which credchain repeats a value it was given (a flag, a variable's content, a
 * model ID, a name): control and format characters become `?`, at most `max` characters are kept
 * (then `…`), and a value that contains anything shaped like a key is not repeated at all. Non-string
 * values are described by their type. @internal
 */
export function echoInput(value: unknown, max = ECHO_MAX_LENGTH): string {
  if (typeof value !== "string") return `(a ${value === null ? "null" : typeof value})`;
  // Checked on the whole value (an excerpt could still hold a key's first 40 characters), also
  // with invisible characters removed (they could split a key).
  if (containsCredential(value) || containsCredential(value.replace(/\p{C}/gu, ""))) {
    return NOT_SHOWN;
  }
  const clean = value.replace(/\p{C}/gu, "?");
  return clean.length > max ? `${clean.slice(0, Math.max(1, max - 1))}…` : clean;
}
