import { mask } from "../core/mask.js";
import type { CredentialResult } from "../core/types.js";
import type { FailedIdentity } from "./CredentialChain.js";

/** What tells two identities apart (kept in memory only, never shown). */
export function identityKey(result: CredentialResult | null | undefined): string | undefined {
  if (result === null || result === undefined) return undefined;
  const c = result.credentials;
  if (c !== undefined)
    return `aws\0${c.accessKeyId}\0${c.secretAccessKey}\0${c.sessionToken ?? ""}`;
  if (result.token !== undefined) return `token\0${result.token.token}`;
  if (result.apiKey !== undefined) return `key\0${result.apiKey}`;
  return undefined;
}

export function failedKey(failed: FailedIdentity): string | undefined {
  if (failed.token !== undefined) return failed.token;
  return failed.accessKeyId;
}

/** Whether the identity of `result` is the one that `failed`. */
export function isSameIdentity(
  result: CredentialResult | null | undefined,
  failed: FailedIdentity,
): boolean {
  if (result === null || result === undefined) return false;
  if (failed.token !== undefined) return (result.token?.token ?? result.apiKey) === failed.token;
  const c = result.credentials;
  if (c === undefined || failed.accessKeyId === undefined) return false;
  return (
    c.accessKeyId === failed.accessKeyId &&
    (failed.secretAccessKey === undefined || c.secretAccessKey === failed.secretAccessKey)
  );
}

/** The masked form of an identity, for events and logs. */
export function maskedIdentity(result: CredentialResult | null | undefined): string | null {
  if (result?.credentials !== undefined)
    return mask(result.credentials.accessKeyId, "access-key-id");
  if (result?.token !== undefined) return mask(result.token.token, "api-key");
  if (result?.apiKey !== undefined) return mask(result.apiKey, "api-key");
  return null;
}
