import { TenantError } from "../core/TenantError.js";
import { safeCause } from "../internal/sdkError.js";

/** `TENANT_CREDENTIAL_EXISTS` for a store's `create`; for custom stores too. */
export function credentialExistsError(tenantId: string, credentialId: string): TenantError {
  return new TenantError(
    "TENANT_CREDENTIAL_EXISTS",
    `Tenant ${tenantId} already has a credential with credentialId ${credentialId}.`,
    {
      hint: "Use rotateCredentials to replace its keys, or deleteCredentials first.",
      tenantId,
    },
  );
}

/** `TENANT_CREDENTIAL_NOT_FOUND` for a store's `rotate`, or a resolver's lookup. */
export function credentialNotFoundError(tenantId: string, credentialId: string): TenantError {
  return new TenantError(
    "TENANT_CREDENTIAL_NOT_FOUND",
    `Tenant ${tenantId} has no stored credential with credentialId ${credentialId}.`,
    { hint: "Store it first with storeCredentials, or check the credentialId.", tenantId },
  );
}

/**
 * `TENANT_STORE_FAILED` wrapping a backend error. The cause keeps the error's name, code, HTTP
 * status and request ID only: an SDK error's message may echo the request (a `CreateSecret` 400
 * can quote the tenant's `SecretString`).
 */
export function storeFailedError(
  store: string,
  operation: string,
  cause: unknown,
  tenantId?: string,
): TenantError {
  const name = cause instanceof Error ? cause.name : "error";
  return new TenantError(
    "TENANT_STORE_FAILED",
    `Credential store ${store} failed to ${operation} (${name}).`,
    {
      hint: "Check the store's permissions and availability; the cause has the backend's error.",
      cause: safeCause(cause),
      tenantId,
    },
  );
}
