import type { Logger } from "../core/Logger.js";
import { lruCache } from "../internal/lazyLru.js";
import type { SecretStaleReason } from "./SecretStore.js";
import { isTransientFailure, type SmOutcome } from "./secretsManagerBackend.js";

/** An answer from the cache: the outcome, and why it is past its TTL, if it is. */
export interface CachedAnswer {
  outcome: SmOutcome;
  stale: boolean;
  staleReason?: SecretStaleReason;
}

/** Counters the cache moves (a subset of the store's stats). */
export interface CacheCounters {
  hits: number;
  misses: number;
  staleServed: number;
  refreshedAhead: number;
}

/** A key's value changed version: IDs only, never the values. */
export interface VersionChange {
  versionId: string | undefined;
  previousVersionId: string | undefined;
}

interface Entry {
  outcome: SmOutcome;
  fetchedAt: number;
  /** A value that cannot change (a pinned version ID): fresh until evicted or invalidated. */
  immutable: boolean;
  /** How to fetch this key again (refresh ahead of the TTL). */
  refetch: () => Promise<SmOutcome>;
}

interface Failure {
  error: unknown;
  count: number;
  /** No call for this key before then; callers get the stale value or this error. */
  retryAt: number;
}

/** Settings of {@link createSecretCache}. */
export interface SecretCacheInit {
  ttlMs: number;
  maxStaleMs: number;
  refreshAheadMs: number;
  maxEntries: number;
  counters: CacheCounters;
  logger: Logger | undefined;
  /** A fetch returned another version (or text) than the last one known for `key`. */
  onChange: (key: string, change: VersionChange) => void;
  /**
   * Whether `key`'s value can never change once read (a pinned version ID): it is then neither
   * refreshed ahead nor expired by the TTL (unless `ttlMs` is 0). Absences are cached as usual.
   */
  immutable?: (key: string) => boolean;
}

/** First retry delay after a failure, doubled per failure up to {@link MAX_BACKOFF_MS}. */
export const BASE_BACKOFF_MS = 1000;
/** Longest wait between retries of a failing secret: 5 minutes. */
export const MAX_BACKOFF_MS = 300_000;

const secretOf = (key: string): string => key.split("\u0000")[0] ?? key;

/**
 * The secret store's cache, in the manner of Powertools' `BaseProvider` (it owns caching; the
 * backend owns the one call): TTL, single-flight, background refresh ahead of the TTL, and
 * per-key exponential backoff with jitter so a failing secret is asked at most once per backoff
 * step, whatever the traffic.
 *
 * Only a cold get waits. A value past its TTL but within `maxStaleMs` is answered at once while
 * its one refresh runs behind it (stale-while-revalidate), and while Secrets Manager fails.
 */
export function createSecretCache(init: SecretCacheInit) {
  const { ttlMs, maxStaleMs, refreshAheadMs, counters, logger } = init;
  const Lru = lruCache();
  const entries = new Lru<string, Entry>({ max: init.maxEntries });
  // The last version ID seen per key, kept past invalidate() and eviction (IDs only), so that a
  // new version read after a recovery's invalidate() is still told to onChange listeners.
  const versions = new Lru<string, string>({ max: init.maxEntries });
  const failures = new Map<string, Failure>();
  const inFlight = new Map<string, Promise<SmOutcome>>();
  // Fetches made elsewhere (a preload batch) and registered with track().
  const tracked = new WeakSet<Promise<SmOutcome>>();

  const isFresh = (entry: Entry | undefined, now: number): boolean =>
    entry !== undefined && (entry.immutable || now - entry.fetchedAt < ttlMs);

  const put = (key: string, outcome: SmOutcome, refetch: () => Promise<SmOutcome>): void => {
    const previous = entries.peek(key)?.outcome;
    const immutable = ttlMs > 0 && outcome.kind === "value" && init.immutable?.(key) === true;
    entries.set(key, { outcome, fetchedAt: Date.now(), refetch, immutable });
    failures.delete(key);
    if (outcome.kind !== "value") return;
    const known = previous?.kind === "value" ? previous.versionId : versions.get(key);
    if (outcome.versionId !== undefined) versions.set(key, outcome.versionId);
    const changed =
      previous?.kind === "value"
        ? previous.versionId !== outcome.versionId || previous.secret.text !== outcome.secret.text
        : known !== undefined && known !== outcome.versionId;
    if (changed) init.onChange(key, { versionId: outcome.versionId, previousVersionId: known });
  };

  const fail = (key: string, error: unknown): void => {
    const count = (failures.get(key)?.count ?? 0) + 1;
    const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (count - 1));
    // "Equal jitter": half the step fixed, half random, so retries of many processes spread out.
    const delay = ceiling / 2 + (Math.random() * ceiling) / 2;
    failures.delete(key);
    if (failures.size >= init.maxEntries) {
      const oldest = failures.keys().next();
      if (oldest.done !== true) failures.delete(oldest.value);
    }
    failures.set(key, { error, count, retryAt: Date.now() + delay });
  };

  /**
   * One fetch per key at a time. Its answer (or failure) lands in the cache only while it is
   * still the key's fetch: invalidate() of that key detaches it, and nothing else does. `behind`
   * starts the fetch once the current callbacks have run, so the caller answered from the cache
   * does not pay for starting an SDK request.
   */
  const refresh = (
    key: string,
    fetch: () => Promise<SmOutcome>,
    behind = false,
  ): Promise<SmOutcome> => {
    const pending = inFlight.get(key);
    if (pending !== undefined) return pending;
    const started = behind ? new Promise<void>((go) => process.nextTick(go)).then(fetch) : fetch();
    const request: Promise<SmOutcome> = started
      .then(
        (outcome) => {
          if (inFlight.get(key) === request) put(key, outcome, fetch);
          return outcome;
        },
        (error: unknown) => {
          if (inFlight.get(key) === request) fail(key, error);
          throw error;
        },
      )
      .finally(() => {
        if (inFlight.get(key) === request) inFlight.delete(key);
      });
    inFlight.set(key, request);
    return request;
  };

  /** Starts a refresh nobody waits for, unless one is in flight; its failure is only logged. */
  const refreshBehind = (key: string, fetch: () => Promise<SmOutcome>): void => {
    if (inFlight.has(key)) return;
    refresh(key, fetch, true).catch(() =>
      logger?.debug?.("credchain: background secret refresh failed; serving the cached value", {
        secret: secretOf(key),
      }),
    );
  };

  const maybeRefreshAhead = (key: string, entry: Entry, now: number): void => {
    if (entry.immutable) return;
    if (refreshAheadMs <= 0 || now - entry.fetchedAt < ttlMs - refreshAheadMs) return;
    if (inFlight.has(key)) return;
    const failure = failures.get(key);
    if (failure !== undefined && now < failure.retryAt) return;
    counters.refreshedAhead += 1;
    refreshBehind(key, entry.refetch);
  };

  const serveStale = (key: string, entry: Entry, reason: SecretStaleReason): CachedAnswer => {
    counters.staleServed += 1;
    if (reason === "unavailable") {
      logger?.debug?.("credchain: serving a stale secret while Secrets Manager fails", {
        secret: secretOf(key),
      });
    }
    return { outcome: entry.outcome, stale: true, staleReason: reason };
  };

  return {
    /** A fresh cached value (counted as a hit), or `undefined`; the store's hot path. */
    hit(key: string): Extract<SmOutcome, { kind: "value" }> | undefined {
      const now = Date.now();
      const entry = entries.get(key);
      if (entry === undefined || !isFresh(entry, now) || entry.outcome.kind !== "value") {
        return undefined;
      }
      counters.hits += 1;
      maybeRefreshAhead(key, entry, now);
      return entry.outcome;
    },

    /**
     * The cached answer. A fresh one as is; a value past its TTL but within `maxStaleMs` at once
     * (marked stale) while one refresh runs behind it; otherwise the caller waits for the fetch.
     */
    async read(key: string, fetch: () => Promise<SmOutcome>): Promise<CachedAnswer> {
      const now = Date.now();
      const entry = entries.get(key);
      if (entry !== undefined && isFresh(entry, now)) {
        counters.hits += 1;
        maybeRefreshAhead(key, entry, now);
        return { outcome: entry.outcome, stale: false };
      }
      counters.misses += 1;
      const usable =
        entry !== undefined &&
        entry.outcome.kind === "value" &&
        now - entry.fetchedAt < ttlMs + maxStaleMs
          ? entry
          : undefined;
      const failure = failures.get(key);
      // Only throttling, 5xx, timeouts and network errors allow a stale value; a failure that is
      // not the service's (a malformed secret, a secret scheduled for deletion) is the answer.
      const failing = failure !== undefined && isTransientFailure(failure.error);
      if (failure !== undefined && now < failure.retryAt) {
        if (usable !== undefined && failing) return serveStale(key, usable, "unavailable");
        throw failure.error;
      }
      // With ttlMs 0 every get waits for its (shared) call, and falls back on a failure only.
      if (usable !== undefined && (failing || (failure === undefined && ttlMs > 0))) {
        refreshBehind(key, fetch);
        return serveStale(key, usable, failing ? "unavailable" : "refreshing");
      }
      try {
        return { outcome: await refresh(key, fetch), stale: false };
      } catch (error) {
        if (usable !== undefined && isTransientFailure(error)) {
          return serveStale(key, usable, "unavailable");
        }
        throw error;
      }
    },

    /** Whether `key` holds a fresh answer. */
    isFresh(key: string): boolean {
      return isFresh(entries.peek(key), Date.now());
    },

    /** The fetch in flight for `key`, if any. */
    pending(key: string): Promise<SmOutcome> | undefined {
      return inFlight.get(key);
    },

    /**
     * Stores an answer fetched elsewhere (a batch registered with `track`), as a fetch of
     * `refetch` would; dropped when `key` was invalidated while the batch was in flight.
     */
    settle(key: string, outcome: SmOutcome | Error, refetch: () => Promise<SmOutcome>): void {
      const current = inFlight.get(key);
      if (current === undefined || !tracked.has(current)) return;
      if (outcome instanceof Error) fail(key, outcome);
      else put(key, outcome, refetch);
    },

    /** Registers a fetch made elsewhere (a batch) so concurrent reads share it. */
    track(key: string, request: Promise<SmOutcome>): void {
      tracked.add(request);
      inFlight.set(key, request);
      void request
        .finally(() => {
          if (inFlight.get(key) === request) inFlight.delete(key);
        })
        .catch(() => undefined);
    },

    /**
     * Drops every cached version of `name` (and fetches of it in flight), or everything. The last
     * version IDs stay, so a change seen on the next read is still told.
     */
    invalidate(name?: string): void {
      if (name === undefined) {
        entries.clear();
        failures.clear();
        inFlight.clear();
        return;
      }
      const ofName = (key: string) => key === name || key.startsWith(`${name}\u0000`);
      for (const key of [...entries.keys()].filter(ofName)) entries.delete(key);
      for (const key of [...failures.keys()].filter(ofName)) failures.delete(key);
      for (const key of [...inFlight.keys()].filter(ofName)) inFlight.delete(key);
    },

    get size(): number {
      return entries.size;
    },
    get inFlight(): number {
      return inFlight.size;
    },
  };
}

/** The store's cache, as {@link createSecretCache} returns it. */
export type SecretCache = ReturnType<typeof createSecretCache>;
