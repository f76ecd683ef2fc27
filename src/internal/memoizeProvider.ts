import { REFRESH_BEFORE_MS, isDueForRefresh } from "../core/refresh.js";
import { readField } from "../core/safeRead.js";

/** A value that may expire, such as `AwsCredentialIdentity` or `TokenIdentity`. */
export interface Expirable {
  /** When the value stops being valid; absent for values that never expire. */
  expiration?: Date | undefined;
}

/** Options of {@link memoizeProvider}. */
export interface MemoizeOptions {
  /**
   * Start a background refresh this long before `expiration`; callers keep getting the current
   * value meanwhile.
   * @default REFRESH_BEFORE_MS (5 minutes, the AWS SDK's `credentialsTreatedAsExpired` window)
   */
  refreshBeforeMs?: number;
  /**
   * Past `expiration - expiryMarginMs` a value is no longer served: callers wait for a fresh one.
   * @default 10_000
   */
  expiryMarginMs?: number;
  /** Called when a background refresh fails (the still-valid value keeps being served). */
  onRefreshError?: (error: unknown) => void;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** A memoized provider: call it like the original; `invalidate()` forgets the cached value. */
export interface MemoizedProvider<T> {
  (options?: { forceRefresh?: boolean }): Promise<T>;
  /** Drops the cached value; the next call resolves afresh. */
  invalidate(): void;
  /** The cached value, if any, without resolving. */
  peek(): T | undefined;
  /**
   * The cached value when a call would answer it as it is (usable and not yet due for refresh),
   * without a promise: lets a caller hand out one shared, already-resolved answer per value.
   */
  fresh(): T | undefined;
}

/**
 * Memoizes an async provider of expiring values.
 *
 * - Concurrent callers share one in-flight resolution (single-flight).
 * - A value without `expiration` is kept until `invalidate()`.
 * - Within `refreshBeforeMs` of expiry, callers get the current value at once while one background
 *   refresh runs; if it fails, the still-valid value keeps being served and the next call retries.
 * - A rejected resolution is never cached: the next call tries again.
 *
 * @example
 * ```ts
 * const credentials = memoizeProvider(() => sts.assumeRole(...));
 * await credentials(); // resolves once, then serves from cache until near expiry
 * ```
 */
export function memoizeProvider<T extends object>(
  provider: () => Promise<T>,
  options: MemoizeOptions = {},
): MemoizedProvider<T> {
  const refreshBeforeMs = options.refreshBeforeMs ?? REFRESH_BEFORE_MS;
  const expiryMarginMs = options.expiryMarginMs ?? 10_000;
  const now = options.now ?? Date.now;
  let value: T | undefined;
  let inflight: Promise<T> | undefined;
  let generation = 0;

  const start = (): Promise<T> => {
    if (inflight) return inflight;
    const gen = generation;
    const attempt = (async () => provider())().then((fresh) => {
      if (gen === generation) value = fresh;
      return fresh;
    });
    const settled = attempt.finally(() => {
      if (inflight === settled) inflight = undefined;
    });
    inflight = settled;
    return settled;
  };

  const expiryOf = (v: T): number | undefined => {
    const expiration = (v as Expirable).expiration;
    return expiration instanceof Date ? expiration.getTime() : undefined;
  };
  const usable = (v: T): boolean => {
    const expiry = expiryOf(v);
    return expiry === undefined || expiry - expiryMarginMs > now();
  };
  const dueForRefresh = (v: T): boolean =>
    isDueForRefresh((v as Expirable).expiration, now(), refreshBeforeMs);

  const memoized = (async (callOptions?: { forceRefresh?: boolean }) => {
    if (readField(callOptions, "forceRefresh") === true) return start();
    const current = value;
    if (current === undefined || !usable(current)) return start();
    if (dueForRefresh(current) && !inflight) {
      start().catch((error: unknown) => options.onRefreshError?.(error));
    }
    return current;
  }) as MemoizedProvider<T>;
  memoized.invalidate = () => {
    generation += 1;
    value = undefined;
    inflight = undefined;
  };
  memoized.peek = () => value;
  memoized.fresh = () => {
    const current = value;
    return current !== undefined && usable(current) && !dueForRefresh(current)
      ? current
      : undefined;
  };
  return memoized;
}
