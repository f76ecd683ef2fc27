// The signature check every SigV4 emulator starts with: verify the request against the registry
// and write who signed it into the call log entry, whether or not the signature holds.
import type { RawSignedRequest, SigV4Verification, VerifySigV4Options } from "./sigv4.js";
import { verifySigV4 } from "./sigv4.js";

/** The fields of a call log entry that say who signed the request. */
export interface SignedCall {
  /** The signing access key ID, when the Authorization header could be parsed. */
  accessKeyId?: string;
  /** Whether an `x-amz-security-token` was sent. */
  hasSessionToken: boolean;
  /** The region of the signature's credential scope. */
  region?: string;
}

/**
 * Verifies a request's SigV4 signature ({@link verifySigV4}) and records the signing key, whether
 * a session token came with it and the scope's region on `call`, also when verification fails.
 *
 * @example
 * const auth = await verifyCaller(request, call, { credentials: registry, service: "sts" });
 * if (!auth.ok) return fail(403, authErrorFor(auth.failure, "query", auth.reason));
 */
export async function verifyCaller(
  request: RawSignedRequest,
  call: SignedCall,
  options: VerifySigV4Options,
): Promise<SigV4Verification> {
  const auth = await verifySigV4(request, options);
  if (auth.accessKeyId !== undefined) call.accessKeyId = auth.accessKeyId;
  call.hasSessionToken = auth.hasSessionToken;
  if (auth.region !== undefined) call.region = auth.region;
  return auth;
}
