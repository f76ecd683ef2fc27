/**
 * Default socket timeout of the client credchain creates: 10 seconds. The secret store's clients
 * and the tenant stores' own clients use it, so that one hung call fails instead of holding every
 * caller (the AWS SDK's default is no timeout).
 */
export const DEFAULT_SECRET_REQUEST_TIMEOUT_MS = 10_000;
