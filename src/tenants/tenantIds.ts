import { looksLikeCredential } from "../core/keyShapes.js";
import { TenantError } from "../core/TenantError.js";

/**
 * The shape every tenant and credential id must have: a letter or digit, then up to 63 letters,
 * digits, `_` or `-`. No `/`, `.` or whitespace, so an id can never address another tenant's
 * path in a store.
 */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Whether `value` is a valid tenant or credential id: it matches {@link TENANT_ID_PATTERN} and does
 * not look like a credential (an `AKIA…` key ID, a 40-character secret access key, an `sk-…` API
 * key). Ids are echoed in errors, audit events and logs, so a pasted key must never be one.
 */
export function isValidTenantId(value: unknown): value is string {
  return typeof value === "string" && TENANT_ID_PATTERN.test(value) && !looksLikeCredential(value);
}

/**
 * Throws `TENANT_INVALID_ID` unless `tenantId` matches {@link TENANT_ID_PATTERN}. The message
 * never repeats the rejected value: an id field is a common place for a pasted secret.
 */
export function assertTenantId(tenantId: unknown): asserts tenantId is string {
  if (!isValidTenantId(tenantId)) {
    throw new TenantError("TENANT_INVALID_ID", "tenantId is not a valid tenant id.", {
      hint: "Use 1-64 characters: a letter or digit, then letters, digits, '_' or '-' (never a key; the value is not shown).",
    });
  }
}

/** Throws `TENANT_INVALID_ID` unless `credentialId` matches {@link TENANT_ID_PATTERN}. */
export function assertCredentialId(
  credentialId: unknown,
  tenantId?: string,
): asserts credentialId is string {
  if (!isValidTenantId(credentialId)) {
    throw new TenantError("TENANT_INVALID_ID", "credentialId is not a valid credential id.", {
      hint: "Use 1-64 characters: a letter or digit, then letters, digits, '_' or '-'.",
      tenantId,
    });
  }
}
