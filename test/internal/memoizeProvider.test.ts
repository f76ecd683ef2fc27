import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoizeProvider } from "../../src/internal/memoizeProvider.js";

const MIN = 60_000;

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("memoizeProvider", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("shares one resolution between concurrent callers", async () => {
    const provider = vi.fn(async () => ({ id: 1 }));
    const memo = memoizeProvider(provider);
    const results = await Promise.all(Array.from({ length: 100 }, () => memo()));
    expect(provider).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
  });

  it("keeps a value without expiration until invalidated", async () => {
    let n = 0;
    const memo = memoizeProvider(async () => ({ n: ++n }));
    await memo();
    vi.advanceTimersByTime(24 * 60 * MIN);
    expect((await memo()).n).toBe(1);
    memo.invalidate();
    expect((await memo()).n).toBe(2);
  });

  it("refreshes in the background before expiry without blocking callers", async () => {
    let n = 0;
    const pending = deferred<{ n: number; expiration: Date }>();
    const provider = vi.fn(async () => {
      n += 1;
      if (n === 1) return { n, expiration: new Date(Date.now() + 60 * MIN) };
      return pending.promise;
    });
    const memo = memoizeProvider(provider, { refreshBeforeMs: 5 * MIN });
    await memo();
    vi.advanceTimersByTime(56 * MIN); // 4 minutes left: inside the refresh window
    const served = await memo(); // does not wait for `pending`
    expect(served.n).toBe(1);
    expect(provider).toHaveBeenCalledTimes(2);
    expect((await memo()).n).toBe(1); // still the old value; no second background refresh
    expect(provider).toHaveBeenCalledTimes(2);
    pending.resolve({ n: 2, expiration: new Date(Date.now() + 60 * MIN) });
    await vi.waitFor(() => expect(memo.peek()?.n).toBe(2));
    expect((await memo()).n).toBe(2);
  });

  it("keeps serving still-valid credentials when a background refresh fails, and retries", async () => {
    let n = 0;
    const onRefreshError = vi.fn();
    const provider = vi.fn(async () => {
      n += 1;
      if (n === 2) throw new Error("throttled");
      return { n, expiration: new Date(Date.now() + 60 * MIN) };
    });
    const memo = memoizeProvider(provider, { refreshBeforeMs: 5 * MIN, onRefreshError });
    await memo();
    vi.advanceTimersByTime(57 * MIN);
    expect((await memo()).n).toBe(1);
    await vi.waitFor(() => expect(onRefreshError).toHaveBeenCalledTimes(1));
    expect((await memo()).n).toBe(1); // retried in the background (call 3) ...
    await vi.waitFor(() => expect(memo.peek()?.n).toBe(3)); // ... and picked up
  });

  it("blocks for a fresh value once the cached one has expired", async () => {
    let n = 0;
    const memo = memoizeProvider(async () => ({ n: ++n, expiration: new Date(Date.now() + MIN) }), {
      refreshBeforeMs: 0,
      expiryMarginMs: 0,
    });
    await memo();
    vi.advanceTimersByTime(2 * MIN);
    expect((await memo()).n).toBe(2);
  });

  it("does not cache a rejected resolution", async () => {
    let n = 0;
    const memo = memoizeProvider(async () => {
      n += 1;
      if (n === 1) throw new Error("first fails");
      return { n };
    });
    await expect(memo()).rejects.toThrow("first fails");
    expect((await memo()).n).toBe(2);
  });

  it("ignores a resolution that finishes after invalidate()", async () => {
    const pending = deferred<{ v: string }>();
    let calls = 0;
    const memo = memoizeProvider(async () => (++calls === 1 ? pending.promise : { v: "new" }));
    const first = memo();
    memo.invalidate();
    pending.resolve({ v: "old" });
    await first;
    expect((await memo()).v).toBe("new");
  });
});
