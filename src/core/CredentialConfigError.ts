import { brand, hasBrand } from "./brand.js";
import {
  CredchainError,
  type CredchainErrorCode,
  type CredchainErrorOptions,
} from "./CredchainError.js";

const BRAND = Symbol.for("credchain.error.config");

/**
 * The configuration is wrong: a malformed admin key, a swapped pair, a wrong provider's key,
 * malformed secret JSON, an invalid region or option. It stops a chain (fail closed): falling
 * through to the next source would silently use credentials the operator did not choose.
 */
export class CredentialConfigError extends CredchainError {
  constructor(code: CredchainErrorCode, message: string, options: CredchainErrorOptions) {
    super(code, message, options);
    this.name = "CredentialConfigError";
    brand(this, BRAND);
  }
}

/** Cross-realm check for {@link CredentialConfigError}. */
export function isCredentialConfigError(value: unknown): value is CredentialConfigError {
  return hasBrand(value, BRAND);
}
