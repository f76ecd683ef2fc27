/** What a value is, which decides how much of it may be shown. */
export type MaskKind = "access-key-id" | "api-key" | "secret";

/** Placeholder shown in place of a value that may not be shown at all. */
export const REDACTED = "[redacted]";

/**
 * Masks a credential for display.
 *
 * - `access-key-id`: first 4 + `…` + last 4 (`AKIA…MPLE`); shorter than 12 characters → `[redacted]`.
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
      return v.length >= 12 ? `${v.slice(0, 4)}…${v.slice(-4)}` : REDACTED;
    case "api-key":
      return v.length >= 20 ? `…${v.slice(-4)}` : REDACTED;
    case "secret":
      return REDACTED;
  }
}
