import { TenantError } from "../core/TenantError.js";
import { echoInput } from "../core/echoInput.js";
import { arnFor } from "../core/arn.js";
import {
  classifyParameterStoreError,
  parameterStoreReason,
} from "../internal/parameterStoreErrors.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";
import type { SecretsManagerFailureKind } from "../internal/secretsManagerErrors.js";
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

/**
 * What an `ssm:` tenant store's service must be granted or do, by failure; `undefined` for the
 * failures reported plainly. Its IAM differs from a secret read's: a path-wide grant, and
 * `ssm:DescribeParameters` for listing.
 */
function parameterStoreHint(
  kind: SecretsManagerFailureKind,
  path: string,
  region: string | undefined,
): string | undefined {
  switch (kind) {
    case "access-denied": {
      // The ARN's partition follows the region (arn:aws-cn:… in China, arn:aws-us-gov:… in GovCloud).
      const resource = `parameter${path}*`;
      const arn =
        region === undefined
          ? `arn:<partition>:ssm:<region>:<account>:${resource}`
          : arnFor("ssm", region, "<account>", resource);
      return `Grant the service ssm:GetParameter on ${arn} and ssm:DescribeParameters (resource "*") for listCredentials.`;
    }
    case "decryption-failure":
      return "Grant the service kms:Decrypt on the parameters' KMS key through Parameter Store (kms:ViaService), and check that the key is enabled.";
    case "transient":
      return "Retry later, or raise the account's Parameter Store throughput setting.";
    default:
      return undefined;
  }
}

/**
 * `TENANT_STORE_FAILED` for an `ssm:` tenant store, classified by the Parameter Store error
 * table: access denied, KMS decryption failures and throttling each say what to grant or do.
 * `region` is the store client's, for the ARN in the access-denied hint.
 */
export function parameterStoreFailedError(
  operation: string,
  cause: unknown,
  path: string,
  tenantId: string,
  region: string | undefined,
): TenantError {
  const kind = classifyParameterStoreError(cause);
  const hint = parameterStoreHint(kind, path, region);
  if (hint === undefined) return storeFailedError("parameter-store", operation, cause, tenantId);
  return new TenantError(
    "TENANT_STORE_FAILED",
    `Credential store parameter-store failed to ${operation}: ${parameterStoreReason(kind)} (${errorLabel(cause)}).`,
    { hint, cause: safeCause(cause), tenantId: validId(tenantId) },
  );
}

/** `TENANT_STORE_READ_ONLY`: a write to an `ssm:` tenant store, which infrastructure code provisions. */
export function readOnlyStoreError(operation: string, path: string, tenantId: string): TenantError {
  return new TenantError(
    "TENANT_STORE_READ_ONLY",
    `Credential store parameter-store is read-only: it does not ${operation}.`,
    {
      hint: `Write the SecureString with your infrastructure code or \`aws ssm put-parameter --type SecureString --overwrite --name ${path}<tenantId>/<credentialId> --value file://record.json\` (docs/tenants.md shows the record), or use a Secrets Manager prefix.`,
      tenantId: validId(tenantId),
    },
  );
}
