// The call log every emulator keeps: one entry per request in arrival order, counted by
// operation, forgotten on demand.

/** What an emulator exposes of the requests it has seen. */
export interface CallLog<Call extends { op: string }, Op extends string = string> {
  /** Every request in arrival order, including refused ones. */
  readonly calls: Call[];
  /** Requests for `op` (all requests when unset), including refused ones. */
  callCount(op?: Op): number;
  /** Forgets the call log. */
  resetCalls(): void;
}

/**
 * The {@link CallLog} over `calls`, the array the emulator pushes each request's entry to.
 *
 * @example
 * const calls: StsCall[] = [];
 * return { url: server.url, ...callLog(calls), close: () => server.close() };
 */
export function callLog<Call extends { op: string }, Op extends string = string>(
  calls: Call[],
): CallLog<Call, Op> {
  return {
    calls,
    callCount: (op) => (op === undefined ? calls.length : calls.filter((c) => c.op === op).length),
    resetCalls: () => {
      calls.length = 0;
    },
  };
}
