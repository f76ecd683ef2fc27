import { setImmediate as nextMacrotask } from "node:timers/promises";

/**
 * Resolves after every promise callback already queued has run — e.g. a chain's background
 * refresh served by an in-memory source. Fake timers such as `vi.useFakeTimers()` replace the
 * global `setImmediate`, not `node:timers/promises`, so this works under them.
 *
 * It does not wait for I/O: a refresh that calls a real endpoint needs that call awaited.
 *
 * @example
 * ```ts
 * vi.advanceTimersByTime(56 * 60_000);
 * await chain.credentials(); // still the old credentials; a refresh starts in the background
 * await flushPromises();
 * await chain.credentials(); // the refreshed ones
 * ```
 */
export async function flushPromises(): Promise<void> {
  await nextMacrotask();
}
