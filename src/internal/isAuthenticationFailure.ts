/** Authentication failures: the identity is expired, unknown, revoked or signed wrong. */
const AUTH_FAILURES = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "TokenRefreshRequired",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
  "InvalidToken",
  "AuthFailure",
  "NotAuthorizedException",
]);

/**
 * What Bedrock says, in a 403 without an `x-amzn-ErrorType` header (the SDK names it `Unknown`),
 * when it refuses an API key: "Authentication failed: Please make sure your API Key is valid."
 */
const BEARER_REFUSED = /^Authentication failed\b.*\bAPI Key\b/i;

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const shape = (error: unknown): ErrorShape =>
  typeof error === "object" && error !== null ? error : {};

/** The names an SDK error goes by (`name`, `code`, `Code`). */
function errorNames(error: unknown): string[] {
  const e = shape(error);
  return [e.name, e.code, e.Code].filter((v): v is string => typeof v === "string");
}

/** The HTTP status an SDK error carries, when the service answered. @internal */
export function httpStatusOf(error: unknown): number | undefined {
  const status = shape(error).$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * Whether a service refused the identity itself (expired, unknown, revoked, signed wrong), as
 * opposed to refusing what the identity may do (`AccessDenied…`, never an authentication failure).
 * For a request sent with a bearer token, a 401, and Bedrock's 403 for a refused API key, count
 * too. `extra` widens the rule for a custom service's codes. @internal
 */
export function isAuthenticationFailure(
  error: unknown,
  bearer: boolean,
  extra?: (error: unknown) => boolean,
): boolean {
  const names = errorNames(error);
  if (names.some((n) => n.startsWith("AccessDenied"))) return false;
  if (names.some((n) => AUTH_FAILURES.has(n))) return true;
  if (bearer) {
    const status = httpStatusOf(error);
    if (status === 401) return true;
    const message = shape(error).message;
    if (status === 403 && typeof message === "string" && BEARER_REFUSED.test(message)) return true;
  }
  return extra?.(error) === true;
}
