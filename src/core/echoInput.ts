import { containsCredential } from "./keyShapes.js";

/** How many characters of an input value a message or report repeats at most. */
export const ECHO_MAX_LENGTH = 64;

/** What is shown instead of an input value that looks like a credential. */
export const NOT_SHOWN = "(not shown: looks like a key)";

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
