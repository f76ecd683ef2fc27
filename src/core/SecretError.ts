import { brand, hasBrand } from "./brand.js";
import { readField } from "./safeRead.js";
import {
  CredchainError,
  type CredchainErrorCode,
  type CredchainErrorOptions,
} from "./CredchainError.js";

const BRAND = Symbol.for("credchain.error.secret");

/** A secret could not be found, read or used. Messages name the secret, never its value. */
export class SecretError extends CredchainError {
  /** The secret's name or ARN. */
  readonly secretName: string | undefined;

  constructor(
    code: CredchainErrorCode,
    message: string,
    options: CredchainErrorOptions & { secretName?: string },
  ) {
    super(code, message, options);
    this.name = "SecretError";
    const secretName = readField(options, "secretName");
    this.secretName = typeof secretName === "string" ? secretName : undefined;
    brand(this, BRAND);
  }
}

/** Cross-realm check for {@link SecretError}. */
export function isSecretError(value: unknown): value is SecretError {
  return hasBrand(value, BRAND);
}
