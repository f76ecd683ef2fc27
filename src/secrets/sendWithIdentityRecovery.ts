import { isAuthenticationFailure } from "../internal/isAuthenticationFailure.js";
import type { ServiceIdentity } from "./serviceCredentials.js";

/**
 * Sends one request of a client the store created, signed by the store's own service identity.
 * When the service refuses that identity itself (expired, revoked, rotated: never `AccessDenied…`),
 * the identity is renewed — once for all concurrent refusals, re-reading `./.env` and the default
 * chain — and the request sent once more if it changed. Without an identity of the store's own (a
 * client or `credentials` was given, and their owner renews them), it is sent once. A renewal that
 * fails leaves the service's refusal as the error.
 */
export async function sendWithIdentityRecovery<T>(
  identity: ServiceIdentity | undefined,
  send: () => Promise<T>,
): Promise<T> {
  if (identity === undefined) return send();
  const signedAt = identity.generation;
  try {
    return await send();
  } catch (error) {
    if (!isAuthenticationFailure(error, false)) throw error;
    const renewed = await identity.recover(signedAt).catch(() => false);
    if (!renewed) throw error;
    return send();
  }
}
