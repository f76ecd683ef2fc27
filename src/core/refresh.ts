/**
 * Credentials this close to expiry are refreshed: 5 minutes, the AWS SDK's own rule
 * (`credentialsTreatedAsExpired`). Every refreshing provider in credchain (the chain, assumed
 * roles, tenant roles) uses it unless its `refreshBeforeMs` option says otherwise.
 */
export const REFRESH_BEFORE_MS = 300_000;

/**
 * Whether a value expiring at `expiration` is due for a refresh at `now`: it expires within
 * `refreshBeforeMs`. A value without an expiration never is.
 */
export function isDueForRefresh(
  expiration: Date | undefined,
  now: number,
  refreshBeforeMs: number = REFRESH_BEFORE_MS,
): boolean {
  return expiration !== undefined && expiration.getTime() - refreshBeforeMs <= now;
}
