import { brand, hasBrand } from "./brand.js";
import { readField } from "./safeRead.js";
import {
  CredchainError,
  type CredchainErrorCode,
  type CredchainErrorOptions,
} from "./CredchainError.js";

const BRAND = Symbol.for("credchain.error.tenant");

/** A tenant request was refused or a tenant store failed. Never carries a secret value. */
export class TenantError extends CredchainError {
  /** The tenant at fault, when it passed validation. */
  readonly tenantId: string | undefined;

  constructor(
    code: CredchainErrorCode,
    message: string,
    options: CredchainErrorOptions & { tenantId?: string },
  ) {
    super(code, message, options);
    this.name = "TenantError";
    const tenantId = readField(options, "tenantId");
    this.tenantId = typeof tenantId === "string" ? tenantId : undefined;
    brand(this, BRAND);
  }
}

/** Cross-realm check for {@link TenantError}. */
export function isTenantError(value: unknown): value is TenantError {
  return hasBrand(value, BRAND);
}
