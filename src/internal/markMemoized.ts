/**
 * Marks a provider as memoized already, so the AWS SDK does not wrap it in its own memo (it wraps
 * a client's `credentials` unless the provider carries `memoized: true`, and its memo keeps an
 * identity without an expiration forever — past a rotation, an invalidation or a recovery).
 * Only for providers whose own cache answers repeated calls cheaply.
 */
export function markMemoized<T extends (...args: never[]) => unknown>(provider: T): T {
  Object.defineProperty(provider, "memoized", { value: true });
  return provider;
}
