// Verifies AWS Signature Version 4 on requests the emulators receive, by re-signing them with
// @smithy/signature-v4 (the SDK's own signer) and comparing. Never a hand-written SigV4.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { CredentialRegistry, RegisteredCredential } from "./credentialRegistry.js";

/** The raw parts of a received HTTP request that a signature covers. */
export interface RawSignedRequest {
  method: string;
  /** Path and query exactly as received (`req.url`), still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

/** Why a signature was rejected; each emulator maps these onto its protocol's error codes. */
export type SigV4Failure =
  | "missing-auth"
  | "malformed-auth"
  | "wrong-scope"
  | "unknown-access-key"
  | "expired"
  | "session-token-mismatch"
  | "payload-hash-mismatch"
  | "signature-mismatch"
  | "unsupported";

/** The outcome of {@link verifySigV4}. */
export type SigV4Verification =
  | {
      ok: true;
      accessKeyId: string;
      hasSessionToken: boolean;
      service: string;
      region: string;
      signedHeaders: readonly string[];
      /** The registry entry that signed the request. */
      identity: RegisteredCredential;
      /** The `x-amz-content-sha256` value, when the client sent one (S3). */
      contentSha256?: string;
    }
  | {
      ok: false;
      failure: SigV4Failure;
      reason: string;
      accessKeyId?: string;
      hasSessionToken: boolean;
      service?: string;
      region?: string;
    };

/** Options for {@link verifySigV4}. */
export interface VerifySigV4Options {
  credentials: CredentialRegistry;
  /** Reject a credential scope naming another service (`secretsmanager`, `bedrock`, `s3`, …). */
  service?: string;
  /** Reject a credential scope naming another region; any region when unset. */
  region?: string;
  /** Clock for expiry checks. @default Date.now */
  now?: () => number;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._:-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const ACCEPTED_UNSIGNED_PAYLOADS = new Set([
  "UNSIGNED-PAYLOAD",
  "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
]);

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** HTTP/2 carries the signed `host` as the `:authority` pseudo-header. */
function signedHeaderValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  return (
    headerValue(headers, name) ?? (name === "host" ? headerValue(headers, ":authority") : undefined)
  );
}

/** Splits a raw query without URLSearchParams, which would wrongly turn `+` into a space. */
function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (raw === "") return query;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? "" : decodeURIComponent(part.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

/** Parses an `X-Amz-Date` (`20240101T000000Z`) as UTC; `undefined` when it is not one. */
export function parseAmzDate(value: string): Date | undefined {
  const m = AMZ_DATE_PATTERN.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Verifies a request's `Authorization: AWS4-HMAC-SHA256 …` header against a credential registry.
 * Rebuilds the request from the signed headers only, re-signs it with the SDK's `SignatureV4` at
 * the request's `x-amz-date` and the scope's region and service, and compares signatures. For S3
 * the `x-amz-content-sha256` header is honoured (a hex digest must match the body;
 * `UNSIGNED-PAYLOAD` and `STREAMING-UNSIGNED-PAYLOAD-TRAILER` are accepted unhashed).
 * Presigned (query-string) signatures and signed streaming chunks are reported as `unsupported`.
 *
 * @example
 * const result = await verifySigV4({ method, url, headers, body }, { credentials: registry, service: "secretsmanager" });
 * if (!result.ok) respond(400, result.failure, result.reason);
 */
export async function verifySigV4(
  request: RawSignedRequest,
  options: VerifySigV4Options,
): Promise<SigV4Verification> {
  const tokenHeader = headerValue(request.headers, "x-amz-security-token");
  const hasSessionToken = tokenHeader !== undefined && tokenHeader !== "";
  const fail = (
    failure: SigV4Failure,
    reason: string,
    extra: { accessKeyId?: string; service?: string; region?: string } = {},
  ): SigV4Verification => ({
    ok: false,
    failure,
    reason,
    hasSessionToken,
    ...extra,
  });

  const authorization = headerValue(request.headers, "authorization");
  if (authorization === undefined || authorization === "") {
    const [, rawQuery = ""] = request.url.split("?", 2);
    if (/(^|&)X-Amz-Signature=/i.test(rawQuery))
      return fail("unsupported", "presigned URLs are not emulated");
    return fail("missing-auth", "the request carries no Authorization header");
  }
  const match = AUTH_PATTERN.exec(authorization.trim());
  if (match === null)
    return fail("malformed-auth", "the Authorization header is not an AWS4-HMAC-SHA256 header");
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] =
    match as unknown as [string, string, string, string, string, string, string];
  const scope = { accessKeyId, service, region };

  if (options.service !== undefined && service !== options.service) {
    return fail(
      "wrong-scope",
      `the credential scope names service '${service}', expected '${options.service}'`,
      scope,
    );
  }
  if (options.region !== undefined && region !== options.region) {
    return fail(
      "wrong-scope",
      `the credential scope names region '${region}', expected '${options.region}'`,
      scope,
    );
  }

  const amzDate = headerValue(request.headers, "x-amz-date");
  const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signingDate === undefined) {
    return fail("malformed-auth", "the x-amz-date header is missing or malformed", scope);
  }
  if (!amzDate.startsWith(scopeDate)) {
    return fail("malformed-auth", "the credential scope date does not match x-amz-date", scope);
  }
  const signedHeaders = signedHeaderList.split(";");
  // Over HTTP/2 the SDK signs the `:authority` pseudo-header in place of `host`.
  if (!signedHeaders.includes("host") && !signedHeaders.includes(":authority")) {
    return fail("malformed-auth", "neither 'host' nor ':authority' is signed", scope);
  }
  if (!signedHeaders.includes("x-amz-date")) {
    return fail("malformed-auth", "the 'x-amz-date' header is not signed", scope);
  }
  for (const name of signedHeaders) {
    if (signedHeaderValue(request.headers, name) === undefined) {
      return fail(
        "malformed-auth",
        `the signed header '${name}' is missing from the request`,
        scope,
      );
    }
  }

  const identity = options.credentials.get(accessKeyId);
  if (identity === undefined)
    return fail("unknown-access-key", "the access key ID is not known to the emulator", scope);
  const now = (options.now ?? Date.now)();
  if (identity.expiration !== undefined && identity.expiration.getTime() <= now) {
    return fail("expired", "the security token included in the request is expired", scope);
  }
  if (identity.sessionToken !== undefined) {
    if (tokenHeader !== identity.sessionToken) {
      return fail(
        "session-token-mismatch",
        "the session token is missing or does not belong to the access key",
        scope,
      );
    }
    if (!signedHeaders.includes("x-amz-security-token")) {
      return fail("malformed-auth", "the x-amz-security-token header is not signed", scope);
    }
  } else if (hasSessionToken) {
    return fail(
      "session-token-mismatch",
      "a session token was sent with a long-term access key",
      scope,
    );
  }

  const contentSha256 = headerValue(request.headers, "x-amz-content-sha256");
  if (contentSha256 !== undefined) {
    if (HEX_SHA256.test(contentSha256)) {
      const actual = createHash("sha256").update(request.body).digest("hex");
      if (actual !== contentSha256) {
        return fail("payload-hash-mismatch", "x-amz-content-sha256 does not match the body", scope);
      }
    } else if (!ACCEPTED_UNSIGNED_PAYLOADS.has(contentSha256)) {
      return fail("unsupported", `x-amz-content-sha256 '${contentSha256}' is not emulated`, scope);
    }
  }

  const [rawPath = "/", rawQuery = ""] = request.url.split("?", 2);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = signedHeaderValue(request.headers, name) ?? "";
  const rebuilt = new HttpRequest({
    method: request.method,
    protocol: "http:",
    hostname: (headers.host ?? headers[":authority"] ?? "").replace(/:\d+$/, ""),
    path: rawPath,
    query: parseQuery(rawQuery),
    headers,
    body: request.body,
  });

  const signer = new SignatureV4({
    service,
    region,
    sha256: Sha256,
    // S3 signs the path as sent; every other service double-encodes it.
    uriEscapePath: service !== "s3",
    applyChecksum: false,
    credentials: {
      accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      ...(identity.sessionToken !== undefined && { sessionToken: identity.sessionToken }),
    },
  });
  const resigned = await signer.sign(rebuilt, {
    signingDate,
    signableHeaders: new Set(signedHeaders),
  });
  const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1];
  if (expected === undefined || !sameHex(expected, signature)) {
    return fail(
      "signature-mismatch",
      "the request signature does not match the one calculated for the key",
      scope,
    );
  }

  return {
    ok: true,
    accessKeyId,
    hasSessionToken,
    service,
    region,
    signedHeaders,
    identity,
    ...(contentSha256 !== undefined && { contentSha256 }),
  };
}

/** The error code and message each AWS protocol family answers a failed signature with. */
export interface AuthError {
  code: string;
  message: string;
}

const SIGNATURE_MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid.";

/**
 * Maps a verification failure onto what the real service returns: `json` for JSON and REST-JSON
 * services (Secrets Manager, Bedrock, Polly, SES), `query` for STS, `s3` for S3.
 */
export function authErrorFor(
  failure: SigV4Failure,
  dialect: "json" | "query" | "s3",
  reason: string,
): AuthError {
  const table: Record<SigV4Failure, Record<"json" | "query" | "s3", string>> = {
    "missing-auth": {
      json: "MissingAuthenticationTokenException",
      query: "MissingAuthenticationToken",
      s3: "AccessDenied",
    },
    "malformed-auth": {
      json: "IncompleteSignatureException",
      query: "IncompleteSignature",
      s3: "AuthorizationHeaderMalformed",
    },
    unsupported: {
      json: "IncompleteSignatureException",
      query: "IncompleteSignature",
      s3: "NotImplemented",
    },
    "wrong-scope": {
      json: "InvalidSignatureException",
      query: "SignatureDoesNotMatch",
      s3: "AuthorizationHeaderMalformed",
    },
    "unknown-access-key": {
      json: "UnrecognizedClientException",
      query: "InvalidClientTokenId",
      s3: "InvalidAccessKeyId",
    },
    "session-token-mismatch": {
      json: "UnrecognizedClientException",
      query: "InvalidClientTokenId",
      s3: "InvalidToken",
    },
    expired: { json: "ExpiredTokenException", query: "ExpiredToken", s3: "ExpiredToken" },
    "payload-hash-mismatch": {
      json: "InvalidSignatureException",
      query: "SignatureDoesNotMatch",
      s3: "XAmzContentSHA256Mismatch",
    },
    "signature-mismatch": {
      json: "InvalidSignatureException",
      query: "SignatureDoesNotMatch",
      s3: "SignatureDoesNotMatch",
    },
  };
  const message =
    failure === "signature-mismatch"
      ? SIGNATURE_MISMATCH_MESSAGE
      : failure === "unknown-access-key" || failure === "session-token-mismatch"
        ? INVALID_TOKEN_MESSAGE
        : failure === "expired"
          ? "The security token included in the request is expired"
          : reason;
  return { code: table[failure][dialect], message };
}
