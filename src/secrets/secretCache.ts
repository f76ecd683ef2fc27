import type { Logger } from "../core/Logger.js";
import { lruCache } from "../internal/lazyLru.js";
import { isTransientFailure, type SmOutcome } from "./secretsManagerBackend.js";

/** An answer from the cache: the outcome, and whether it is past its TTL. */
export interface CachedAnswer {
  outcome: SmOutcome;
  stale: boolean;
}

/** Counters the cache moves (a subset of the store's stats). */
export interface CacheCounters {
  hits: number;
  misses: number;
  staleServed: number;
  refreshedAhead: number;
}

interface Entry {
  outcome: SmOutcome;
  fetchedAt: number;
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
  /** How long a caller waits for a refresh before a stale value is served instead. */
  staleAfterMs: number;
  maxEntries: number;
  counters: CacheCounters;
  logger: Logger | undefined;
  /** A fetch returned another version (or text) than the one cached. */
  onChange: (key: string, previous: SmOutcome, next: SmOutcome) => void;
  /** @default Math.random, for the backoff's jitter */
  random?: () => number;
}

/** First retry delay after a failure, doubled per failure up to {@link MAX_BACKOFF_MS}. */
export const BASE_BACKOFF_MS = 1000;
/** Longest wait between retries of a failing secret: 5 minutes. */
export const MAX_BACKOFF_MS = 300_000;

/**
 * The secret store's cache, in the manner of Powertools' `BaseProvider` (it owns caching; the
 * backend owns the one call): TTL, single-flight, background refresh ahead of the TTL, stale values
 * while the backend fails (served within `staleAfterMs`), and per-key exponential backoff with
 * jitter so a failing secret is asked at most once per backoff step, whatever the traffic.
 */
export function createSecretCache(init: SecretCacheInit) {
  const { ttlMs, maxStaleMs, refreshAheadMs, staleAfterMs, counters, logger } = init;
  const random = init.random ?? Math.random;
  const Lru = lruCache();
  const entries = new Lru<string, Entry>({ max: init.maxEntries });
  const failures = new Map<string, Failure>();
  const inFlight = new Map<string, Promise<SmOutcome>>();
  // Bumped by invalidate(): a fetch that started before it must not write its answer back.
  let generation = 0;

  const isFresh = (entry: Entry | undefined, now: number): boolean =>
    entry !== undefined && now - entry.fetchedAt < ttlMs;

  const put = (key: string, outcome: SmOutcome, refetch: () => Promise<SmOutcome>): void => {
    const previous = entries.peek(key)?.outcome;
    entries.set(key, { outcome, fetchedAt: Date.now(), refetch });
    failures.delete(key);
    if (
      previous?.kind === "value" &&
      outcome.kind === "value" &&
      (previous.versionId !== outcome.versionId || previous.secret.text !== outcome.secret.text)
    ) {
      init.onChange(key, previous, outcome);
    }
  };

  const fail = (key: string, error: unknown): void => {
    const count = (failures.get(key)?.count ?? 0) + 1;
    const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (count - 1));
    // "Equal jitter": half the step fixed, half random, so retries of many processes spread out.
    const delay = ceiling / 2 + (random() * ceiling) / 2;
    failures.delete(key);
    if (failures.size >= init.maxEntries) {
      const oldest = failures.keys().next();
      if (oldest.done !== true) failures.delete(oldest.value);
    }
    failures.set(key, { error, count, retryAt: Date.now() + delay });
  };

  /** One fetch per key at a time; its result (or failure) lands in the cache. */
  const refresh = (key: string, fetch: () => Promise<SmOutcome>): Promise<SmOutcome> => {
    const pending = inFlight.get(key);
    if (pending !== undefined) return pending;
    const started = generation;
    const request = fetch()
      .then(
        (outcome) => {
          if (started === generation) put(key, outcome, fetch);
          return outcome;
        },
        (error: unknown) => {
          if (started === generation) fail(key, error);
          throw error;
        },
      )
      .finally(() => {
        if (inFlight.get(key) === request) inFlight.delete(key);
      });
    inFlight.set(key, request);
    return request;
  };

  const inBackoff = (key: string, now: number): Failure | undefined => {
    const failure = failures.get(key);
    return failure !== undefined && now < failure.retryAt ? failure : undefined;
  };

  const maybeRefreshAhead = (key: string, entry: Entry, now: number): void => {
    if (refreshAheadMs <= 0 || now - entry.fetchedAt < ttlMs - refreshAheadMs) return;
    if (inFlight.has(key) || inBackoff(key, now) !== undefined) return;
    counters.refreshedAhead += 1;
    refresh(key, entry.refetch).catch(() =>
      logger?.debug?.("credchain: background secret refresh failed; serving the cached value", {
        secret: key.split("\u0000")[0],
      }),
    );
  };

  const serveStale = (key: string, entry: Entry): CachedAnswer => {
    counters.staleServed += 1;
    logger?.debug?.("credchain: serving a stale secret while Secrets Manager fails", {
      secret: key.split("\u0000")[0],
    });
    return { outcome: entry.outcome, stale: true };
  };

  /** Waits for `request`, but at most `staleAfterMs`: then `undefined` (serve the stale value). */
  const within = async (
    request: Promise<SmOutcome>,
  ): Promise<{ outcome: SmOutcome } | { error: unknown } | undefined> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), staleAfterMs);
      timer.unref?.();
    });
    try {
      return await Promise.race([
        request.then(
          (outcome) => ({ outcome }),
          (error: unknown) => ({ error }),
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
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

    /** The cached answer, fetching (single-flight) when it is missing or expired. */
    async read(key: string, fetch: () => Promise<SmOutcome>): Promise<CachedAnswer> {
      const now = Date.now();
      const entry = entries.get(key);
      if (entry !== undefined && isFresh(entry, now)) {
        counters.hits += 1;
        maybeRefreshAhead(key, entry, now);
        return { outcome: entry.outcome, stale: false };
      }
      counters.misses += 1;
      const staleUsable =
        entry !== undefined &&
        entry.outcome.kind === "value" &&
        now - entry.fetchedAt < ttlMs + maxStaleMs;
      const backoff = inBackoff(key, now);
      if (backoff !== undefined) {
        if (staleUsable && isTransientFailure(backoff.error)) return serveStale(key, entry);
        throw backoff.error;
      }
      const request = refresh(key, fetch);
      if (!staleUsable) return { outcome: await request, stale: false };
      const settled = await within(request);
      if (settled === undefined) return serveStale(key, entry);
      if ("outcome" in settled) return { outcome: settled.outcome, stale: false };
      if (isTransientFailure(settled.error)) return serveStale(key, entry);
      throw settled.error;
    },

    /** Whether `key` holds a fresh answer. */
    isFresh(key: string): boolean {
      return isFresh(entries.peek(key), Date.now());
    },

    /** The fetch in flight for `key`, if any. */
    pending(key: string): Promise<SmOutcome> | undefined {
      return inFlight.get(key);
    },

    /** Stores an answer fetched elsewhere (a batch), as a fetch of `refetch` would. */
    settle(key: string, outcome: SmOutcome | Error, refetch: () => Promise<SmOutcome>): void {
      if (outcome instanceof Error) fail(key, outcome);
      else put(key, outcome, refetch);
    },

    /** Registers a fetch made elsewhere (a batch) so concurrent reads share it. */
    track(key: string, request: Promise<SmOutcome>): void {
      inFlight.set(key, request);
      void request
        .finally(() => {
          if (inFlight.get(key) === request) inFlight.delete(key);
        })
        .catch(() => undefined);
    },

    /** Drops every cached version of `name`, or everything. */
    invalidate(name?: string): void {
      generation += 1;
      if (name === undefined) {
        entries.clear();
        failures.clear();
        inFlight.clear();
        return;
      }
      for (const key of [...entries.keys(), ...failures.keys(), ...inFlight.keys()]) {
        if (key === name || key.startsWith(`${name}\u0000`)) {
          entries.delete(key);
          failures.delete(key);
          inFlight.delete(key);
        }
      }
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
