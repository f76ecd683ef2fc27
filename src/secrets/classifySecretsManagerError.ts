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
    typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;

  switch (name) {
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
  if (THROTTLING.has(name) || e.$retryable?.throttling === true || status === 429)
    return "transient";
  if (TIMEOUT_NAMES.has(name) || NETWORK_CODES.has(code) || NETWORK_CODES.has(name))
    return "transient";
  if (
    name === "InternalServiceError" ||
    e.$fault === "server" ||
    (status !== undefined && status >= 500)
  ) {
    return "transient";
  }
  return "other";
}
