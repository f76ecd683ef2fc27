import { isCredchainError } from "../core/CredchainError.js";
import { TenantError } from "../core/TenantError.js";
import { errorLabel } from "../internal/sdkError.js";
import {
  isStsRefusal,
  stsCallerIdentity,
  type StsSettings,
} from "../internal/stsCallerIdentity.js";

/**
 * `rotateCredentials(…, { verify: true })`: STS `GetCallerIdentity` signed with the new key, so the
 * old key stays in place unless STS accepts the new one. A refusal is `TENANT_INVALID_BODY`; STS
 * failing or unreachable is `SOURCE_FAILED`, saying the key was not checked.
 */
export async function verifyNewKey(
  tenantId: string,
  keys: { awsAccessKeyId: string; awsSecretAccessKey: string },
  sts: StsSettings,
): Promise<void> {
  await stsCallerIdentity(
    { accessKeyId: keys.awsAccessKeyId, secretAccessKey: keys.awsSecretAccessKey },
    sts,
  ).catch((cause: unknown) => {
    throw isStsRefusal(cause)
      ? new TenantError(
          "TENANT_INVALID_BODY",
          "rotateCredentials: STS refused the new key (verify: true); the stored key is unchanged.",
          {
            hint: "Check that the new access key is active and was pasted whole, then rotate again.",
            cause,
            tenantId,
          },
        )
      : new TenantError(
          "SOURCE_FAILED",
          `rotateCredentials: could not verify the new key (verify: true): STS failed (${errorLabel(isCredchainError(cause) ? cause.cause : cause)}); the stored key is unchanged.`,
          {
            hint: "STS could not be reached or failed: check AWS_ENDPOINT_URL_STS or the sts option, and rotate again.",
            cause,
            tenantId,
          },
        );
  });
}
