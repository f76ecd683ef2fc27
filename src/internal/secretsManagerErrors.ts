import type { CredchainErrorCode } from "../core/CredchainError.js";
import { SecretError } from "../core/SecretError.js";
import { errorLabel, safeCause } from "./sdkError.js";

/**
 * What a Secrets Manager failure means for the store:
 * - `not-found`: fall through to the local sources,
 * - `access-denied` / `decryption-failure`: fall through with a warning; the final error's cause,
 * - `transient`: throttling, 5xx, timeouts, network resets; a cached value may be served stale,
 * - `invalid-request` / `invalid-parameter` / `other`: fail.
 */
export type SecretsManagerFailureKind =
  | "not-found"
  | "access-denied"
  | "decryption-failure"
  | "transient"
  | "invalid-request"
  | "invalid-parameter"
  | "other";

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
]);
const TIMEOUT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  /** An {@link SdkErrorSummary}'s fields. */
  httpStatusCode?: unknown;
  fault?: unknown;
  throttling?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

/** Classifies an error thrown by the Secrets Manager client (or a BatchGetSecretValue `ErrorCode`). */
export function classifySecretsManagerError(error: unknown): SecretsManagerFailureKind {
  if (typeof error !== "object" || error === null) return "other";
  const e = error as ErrorShape;
  const name = typeof e.name === "string" ? e.name : "";
  const code = typeof e.code === "string" ? e.code : "";
  const status =
    typeof e.$metadata?.httpStatusCode === "number"
      ? e.$metadata.httpStatusCode
      : typeof e.httpStatusCode === "number"
        ? e.httpStatusCode
        : undefined;

  for (const id of [name, code]) {
    switch (id) {
      case "ResourceNotFoundException":
        return "not-found";
      case "AccessDeniedException":
      case "AccessDenied":
        return "access-denied";
      case "DecryptionFailure":
        return "decryption-failure";
      case "InvalidRequestException":
        return "invalid-request";
      case "InvalidParameterException":
        return "invalid-parameter";
    }
  }
  if (
    THROTTLING.has(name) ||
    THROTTLING.has(code) ||
    e.$retryable?.throttling === true ||
    e.throttling === true ||
    status === 429
  )
    return "transient";
  if (TIMEOUT_NAMES.has(name) || NETWORK_CODES.has(code) || NETWORK_CODES.has(name))
    return "transient";
  if (
    name === "InternalServiceError" ||
    e.$fault === "server" ||
    e.fault === "server" ||
    (status !== undefined && status >= 500)
  ) {
    return "transient";
  }
  return "other";
}

/** The kinds that are errors when they reach a caller (the store falls through on the others). */
type MappedKind = SecretsManagerFailureKind;

const TABLE: Readonly<
  Record<
    MappedKind,
    {
      code: CredchainErrorCode;
      message: (name: string, action: string, label: string) => string;
      hint: (name: string, action: string) => string;
    }
  >
> = {
  "not-found": {
    code: "SECRET_NOT_FOUND",
    message: (name) => `Secret ${name} was not found in Secrets Manager.`,
    hint: () =>
      "Check the secret name and the region (SECRETS_MANAGER_REGION, AWS_REGION, --region).",
  },
  "access-denied": {
    code: "SECRET_ACCESS_DENIED",
    message: (name, action, label) =>
      `Access denied when trying to ${action} secret ${name} (${label}).`,
    hint: () =>
      'Grant the caller the needed secretsmanager action; "credchain policy --secret NAME" prints a policy.',
  },
  "decryption-failure": {
    code: "SECRET_ACCESS_DENIED",
    message: (name) => `Secrets Manager could not decrypt secret ${name} (KMS).`,
    hint: () => "Grant kms:Decrypt on the secret's KMS key to the caller.",
  },
  transient: {
    code: "SECRET_UNAVAILABLE",
    message: (name, action, label) =>
      `Secrets Manager did not answer when trying to ${action} secret ${name} (${label}).`,
    // Only a read has a cached value to fall back on; a write may or may not have been applied.
    hint: (name, action) =>
      action === "read"
        ? "Retry later. Once a value is cached, credchain serves it for up to maxStaleMs past its TTL during such failures."
        : `Check the network and endpoint and retry; the ${action} may or may not have reached Secrets Manager, so check with \`credchain secrets get ${name}\` first.`,
  },
  "invalid-request": {
    code: "SECRET_INVALID_REQUEST",
    message: (name, action, label) =>
      `Secrets Manager refused to ${action} secret ${name} (${label}); it may be disabled or scheduled for deletion.`,
    hint: (name) =>
      `Inspect it with \`aws secretsmanager describe-secret --secret-id ${name}\`; a deleted secret can be restored with \`aws secretsmanager restore-secret\`.`,
  },
  "invalid-parameter": {
    code: "SECRET_INVALID_NAME",
    message: (name, _action, label) => `Secrets Manager rejected the secret ID ${name} (${label}).`,
    hint: () => "Pass the secret's name or its full ARN.",
  },
  other: {
    code: "SECRET_UNAVAILABLE",
    message: (name, action, label) =>
      `Could not ${action} secret ${name} in Secrets Manager (${label}).`,
    hint: () =>
      "Check the AWS credentials, network access and endpoint the Secrets Manager client uses (`credchain doctor` helps).",
  },
};

/**
 * The one mapping from a Secrets Manager failure to a credchain error, shared by the secret store,
 * the sources and the CLI. The message names the secret and the SDK error's code or name (e.g.
 * `ENOTFOUND`, `ThrottlingException`); the cause is an `SdkErrorSummary`, never the SDK
 * error itself.
 */
export function secretsManagerFailure(
  error: unknown,
  name: string,
  action = "read",
  kind: SecretsManagerFailureKind = classifySecretsManagerError(error),
): SecretError {
  const row = TABLE[kind];
  return new SecretError(row.code, row.message(name, action, errorLabel(error)), {
    hint: row.hint(name, action),
    cause: safeCause(error),
    secretName: name,
  });
}
