import type { CredchainErrorCode } from "../core/CredchainError.js";
import { SecretError } from "../core/SecretError.js";
import { errorLabel, safeCause } from "./sdkError.js";
import {
  classifySecretsManagerError,
  type SecretsManagerFailureKind,
} from "./secretsManagerErrors.js";

/**
 * What a Parameter Store failure means for the store, in the Secrets Manager kinds:
 * `ParameterNotFound` / `ParameterVersionNotFound` → not-found (the local sources are tried),
 * `AccessDeniedException` → access-denied, KMS failures of a `SecureString` (`InvalidKeyId`,
 * `KMSAccessDeniedException`, `KMSDisabledException`, …, and an `AccessDeniedException` whose
 * refused action is `kms:Decrypt`) → decryption-failure, throttling (40 TPS
 * by default), 5xx, timeouts and resets → transient; the rest as for Secrets Manager.
 */
export function classifyParameterStoreError(error: unknown): SecretsManagerFailureKind {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const names = [e.name, e.code].filter((v): v is string => typeof v === "string");
  if (names.some((n) => n === "ParameterNotFound" || n === "ParameterVersionNotFound")) {
    return "not-found";
  }
  if (names.some((n) => n === "InvalidKeyId" || n.startsWith("KMS"))) return "decryption-failure";
  // KMS refusing the caller reaches us as Parameter Store's AccessDeniedException; only the
  // message (read here, never quoted) tells that the action refused was kms:Decrypt.
  if (
    names.includes("AccessDeniedException") &&
    typeof e.message === "string" &&
    /\bkms:Decrypt\b|\(Service: AWSKMS;/.test(e.message)
  ) {
    return "decryption-failure";
  }
  if (
    names.some((n) => n === "ParameterVersionLabelLimitExceeded" || n === "ValidationException")
  ) {
    return "invalid-parameter";
  }
  return classifySecretsManagerError(error);
}

const UNAVAILABLE = "Parameter Store did not answer, or throttled at its 40 TPS default";

// One row a failure kind: `reason` says what happened in a few words (for messages that name
// their own subject, such as a tenant store's), `message` completes "Parameter <name> …".
const TABLE: Readonly<
  Record<
    SecretsManagerFailureKind,
    { code: CredchainErrorCode; reason: string; message: string; hint: string }
  >
> = {
  "not-found": {
    code: "SECRET_NOT_FOUND",
    reason: "the parameter was not found",
    message: "was not found in Parameter Store",
    hint: "Check the parameter's path and the region (AWS_REGION, or the one in its ARN).",
  },
  "access-denied": {
    code: "SECRET_ACCESS_DENIED",
    reason: "access denied",
    message: "could not be read: access denied",
    hint: 'Grant ssm:GetParameter (and ssm:GetParameters to preload); "credchain policy --secret ssm:/path" prints a policy.',
  },
  "decryption-failure": {
    code: "SECRET_ACCESS_DENIED",
    reason: "the SecureString could not be decrypted (KMS)",
    message: "could not be decrypted (KMS)",
    hint: 'Grant kms:Decrypt on the SecureString\'s KMS key, through Parameter Store (kms:ViaService); "credchain policy --secret ssm:/path" prints a policy.',
  },
  transient: {
    code: "SECRET_UNAVAILABLE",
    reason: UNAVAILABLE,
    message: `could not be read now (${UNAVAILABLE})`,
    hint: "Retry later; preload many names with GetParameters (10 a call), or raise the account's throughput setting.",
  },
  "invalid-request": {
    code: "SECRET_INVALID_REQUEST",
    reason: "Parameter Store refused the request",
    message: "could not be read: Parameter Store refused the request",
    hint: "Check the parameter name, version or label.",
  },
  "invalid-parameter": {
    code: "SECRET_INVALID_NAME",
    reason: "Parameter Store refused the name",
    message: "was refused by Parameter Store as a name",
    hint: "Use ssm:/path/to/param (or a parameter ARN), with an optional :version or :label.",
  },
  other: {
    code: "SECRET_UNAVAILABLE",
    reason: "Parameter Store failed",
    message: "could not be read from Parameter Store",
    hint: "Check the AWS credentials, network access and endpoint the SSM client uses (`credchain doctor` helps).",
  },
};

/** The one mapping from a Parameter Store failure to a credchain error (names the parameter and the code). */
export function parameterStoreFailure(
  error: unknown,
  name: string,
  kind: SecretsManagerFailureKind = classifyParameterStoreError(error),
): SecretError {
  const row = TABLE[kind];
  return new SecretError(row.code, `Parameter ${name} ${row.message} (${errorLabel(error)}).`, {
    hint: row.hint,
    cause: safeCause(error),
    secretName: name,
  });
}

/** What a Parameter Store failure of `kind` was, in a few words (`"access denied"`), for a message that names its own subject. */
export function parameterStoreReason(kind: SecretsManagerFailureKind): string {
  return TABLE[kind].reason;
}
