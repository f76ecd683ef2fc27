import { brand, hasBrand } from "./brand.js";
import { readField, textOf } from "./safeRead.js";
const BRAND = Symbol.for("credchain.error");

/** Every error code credchain throws. Codes are stable public API; messages are not. */
export type CredchainErrorCode =
  // configuration (exit 2 in the CLI)
  | "ADMIN_KEY_MALFORMED"
  | "ADMIN_KEY_SWAPPED"
  | "ADMIN_KEY_UNRECOGNIZED"
  | "ACCESS_KEY_ID_REQUIRED"
  | "ENV_CREDENTIAL_MALFORMED"
  | "SESSION_TOKEN_REQUIRED"
  | "WRONG_PROVIDER_KEY"
  | "SECRET_MALFORMED"
  | "INVALID_REGION"
  | "INVALID_INPUT"
  | "INVALID_OPTION"
  | "UNKNOWN_PROVIDER"
  | "API_KEY_MISSING"
  // resolution
  | "SOURCE_SKIPPED"
  | "NO_CREDENTIALS"
  | "CREDENTIALS_EXPIRED"
  | "SOURCE_FAILED"
  | "AUTH_KIND_MISMATCH"
  // cli: the requested operation is not available in this build or environment
  | "UNSUPPORTED"
  // secrets
  | "SECRET_NOT_FOUND"
  | "SECRET_ACCESS_DENIED"
  | "SECRET_UNAVAILABLE"
  | "SECRET_BINARY"
  | "SECRET_INVALID_NAME"
  | "SECRET_INVALID_REQUEST"
  | "SECRET_KEY_MISSING"
  | "SECRET_PROTECTED_VARIABLE"
  // tenants
  | "TENANT_INVALID_ID"
  | "TENANT_INVALID_BODY"
  | "TENANT_METHOD_NOT_ALLOWED"
  | "TENANT_CREDENTIAL_NOT_FOUND"
  | "TENANT_CREDENTIAL_EXISTS"
  | "TENANT_STORE_CORRUPT"
  | "TENANT_STORE_KEY"
  | "TENANT_STORE_FAILED"
  | "TENANT_STORE_READ_ONLY";

/** Options shared by every credchain error. */
export interface CredchainErrorOptions {
  /** One sentence telling the user how to fix the problem. */
  hint: string;
  /** The underlying error, if any (ES2022 `cause`). */
  cause?: unknown;
}

/**
 * Base class of every error credchain throws.
 *
 * Messages name the variable or option at fault, never its value; `hint` says how to fix it.
 *
 * @example
 * ```ts
 * try { decideCredentials(input) } catch (err) {
 *   if (isCredchainError(err)) console.error(`${err.code}: ${err.message}\nhint: ${err.hint}`);
 * }
 * ```
 */
export class CredchainError extends Error {
  /** Stable machine-readable code, e.g. `ADMIN_KEY_MALFORMED`. */
  readonly code: CredchainErrorCode;
  /** How to fix it. */
  readonly hint: string;

  constructor(code: CredchainErrorCode, message: string, options: CredchainErrorOptions) {
    // Built from whatever a caller passed (custom stores construct these): never throws itself.
    const cause = readField(options, "cause");
    const hint = readField(options, "hint");
    super(textOf(message), cause === undefined ? undefined : { cause });
    this.name = "CredchainError";
    this.code = typeof code === "string" && (code as string) !== "" ? code : "INVALID_INPUT";
    this.hint = typeof hint === "string" ? hint : "";
    brand(this, BRAND);
  }

  /** A plain, secret-free object: `{ name, code, message, hint }`. */
  toJSON(): {
    /** The class name, e.g. `CredentialConfigError`. */
    name: string;
    /** As {@link CredchainError.code}. */
    code: CredchainErrorCode;
    /** Names the variable or option at fault, never its value. */
    message: string;
    /** As {@link CredchainError.hint}. */
    hint: string;
  } {
    return { name: this.name, code: this.code, message: this.message, hint: this.hint };
  }
}

/** Cross-realm check for {@link CredchainError} (works across duplicated module copies). */
export function isCredchainError(value: unknown): value is CredchainError {
  return hasBrand(value, BRAND);
}
