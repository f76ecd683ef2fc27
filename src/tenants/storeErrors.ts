import { TenantError } from "../core/TenantError.js";
import { echoInput } from "../core/echoInput.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";
import { isValidTenantId } from "./tenantIds.js";

/** The tenant id an error carries: only a valid one (anything else may be a pasted key). */
const validId = (tenantId: unknown): string | undefined =>
  isValidTenantId(tenantId) ? tenantId : undefined;

/** `TENANT_CREDENTIAL_EXISTS` for a store's `create`; for custom stores too. */
export function credentialExistsError(tenantId: string, credentialId: string): TenantError {
  return new TenantError(
    "TENANT_CREDENTIAL_EXISTS",
    `Tenant ${echoInput(tenantId)} already has a credential with credentialId ${echoInput(credentialId)}.`,
    {
      hint: "Use rotateCredentials to replace its keys, or deleteCredentials first.",
      tenantId: validId(tenantId),
    },
  );
}

/** `TENANT_CREDENTIAL_NOT_FOUND` for a store's `rotate`, or a resolver's lookup. */
export function credentialNotFoundError(tenantId: string, credentialId: string): TenantError {
  return new TenantError(
    "TENANT_CREDENTIAL_NOT_FOUND",
    `Tenant ${echoInput(tenantId)} has no stored credential with credentialId ${echoInput(credentialId)}.`,
    {
      hint: "Store it first with storeCredentials, or check the credentialId.",
      tenantId: validId(tenantId),
    },
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
  return new TenantError(
    "TENANT_STORE_FAILED",
    `Credential store ${echoInput(store)} failed to ${echoInput(operation)} (${errorLabel(cause)}).`,
    {
      hint: "Check the store's permissions and availability; the cause has the backend's error.",
      cause: safeCause(cause),
      tenantId: validId(tenantId),
    },
  );
}
