const transient = new WeakSet<object>();

/** Marks a backend's error as a throttling, 5xx, timeout or network failure. */
export function markTransient(error: object): void {
  transient.add(error);
}

/** Whether `error` is a throttling, 5xx, timeout or network failure (a stale value may be served). */
export function isTransientFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && transient.has(error);
}
