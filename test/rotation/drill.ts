// The rotation drill's load: many workers per caller send requests back to back for a fixed
// wall-clock time, a rotation happens part-way through, and each caller's outcomes are tallied as
// its user would see them. Used by the drill tests (structural assertions) and by `npm run bench`
// (the same drill, reported as numbers).

/** One caller under load: `send` makes one request and throws when the caller would see an error. */
export type DrillSend = () => Promise<void>;

/** A caller with its own number of concurrent loops (a probe beside the load, say). */
export interface DrillCaller {
  send: DrillSend;
  workers: number;
}

/** Settings of {@link runDrill}. */
export interface DrillOptions {
  /** Named callers, each driven by `workers` concurrent loops (or its own number). */
  callers: Record<string, DrillSend | DrillCaller>;
  /** Concurrent loops per caller. @default 50 */
  workers?: number;
  /** How long the loops run, in wall-clock milliseconds. @default 2000 */
  durationMs?: number;
  /** When `rotate` runs, counted from the start of the load. @default 600 */
  rotateAtMs?: number;
  /**
   * Each loop goes on past `durationMs` until it has completed a request it started this long
   * after the rotation (at most until 4 × `durationMs`), so that on a loaded machine, where one
   * request may take seconds, every caller's last outcome still reflects its state after the
   * rotation (and a cache that expires within this time has expired).
   * @default 500
   */
  settleMs?: number;
  /** Rotates the credential and revokes the old one where it is checked. */
  rotate: () => void | Promise<void>;
}

/** What one caller saw. */
export interface CallerTally {
  requests: number;
  /** Requests that failed for the caller (after whatever retries and recovery the caller has). */
  failures: number;
  /** Failures of requests that started before the rotation (there should be none). */
  failuresBeforeRotation: number;
  /** Failures by error name, e.g. `{ UnrecognizedClientException: 812 }`. */
  errors: Record<string, number>;
  /** Whether the caller's last requests succeeded (its failures, if any, had stopped). */
  healed: boolean;
  /** Median time a request took, in ms: under this load, what one round trip costs. */
  medianLatencyMs: number;
}

/** The drill's outcome. */
export interface DrillReport {
  workers: number;
  durationMs: number;
  /** How long the load really ran (longer than `durationMs` when requests were slow to settle). */
  ranMs: number;
  /** When the rotation ran, from the start of the load (the timer may fire late under load). */
  rotatedAtMs: number;
  /** The same instant on the `performance.now()` clock, to compare with {@link stampArrivals}. */
  rotatedAt: number;
  callers: Record<string, CallerTally>;
}

/** The error's name; the class name where the name is a bare `Error` (the openai SDK's errors). */
const errorName = (error: unknown): string => {
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === "string" && name !== "" && name !== "Error") return name;
  const className = (error as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof className === "string" && className !== "" ? className : "Error";
};

/**
 * Warms every caller up with one request (credentials loaded, connections open), then runs the
 * load, rotating once at `rotateAtMs`.
 */
export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const workers = options.workers ?? 50;
  const durationMs = options.durationMs ?? 2000;
  const rotateAtMs = options.rotateAtMs ?? 600;
  const names = Object.keys(options.callers);
  const callerOf = (name: string): DrillCaller => {
    const caller = options.callers[name]!;
    return typeof caller === "function" ? { send: caller, workers } : caller;
  };
  for (const name of names) await callerOf(name).send();

  const settleMs = options.settleMs ?? 500;
  const start = performance.now();
  const end = start + durationMs;
  const hardEnd = start + 4 * durationMs;
  let rotatedAt: number | undefined;
  const rotation = new Promise<void>((resolve, reject) => {
    setTimeout(() => {
      Promise.resolve()
        .then(options.rotate)
        .then(() => {
          rotatedAt = performance.now();
          resolve();
        }, reject);
    }, rotateAtMs);
  });

  const tallies: Record<string, CallerTally> = {};
  const loops: Promise<void>[] = [];
  for (const name of names) {
    const { send, workers: loopsOfCaller } = callerOf(name);
    const tally: CallerTally = {
      requests: 0,
      failures: 0,
      failuresBeforeRotation: 0,
      errors: {},
      healed: false,
      medianLatencyMs: 0,
    };
    const latencies: number[] = [];
    tallies[name] = tally;
    let lastOk = false;
    const worker = async () => {
      let settled = false;
      for (;;) {
        const startedAt = performance.now();
        if (startedAt >= hardEnd || (startedAt >= end && settled)) break;
        let ok = true;
        try {
          await send();
        } catch (error) {
          ok = false;
          tally.failures += 1;
          if (rotatedAt === undefined) tally.failuresBeforeRotation += 1;
          const key = errorName(error);
          tally.errors[key] = (tally.errors[key] ?? 0) + 1;
        }
        tally.requests += 1;
        const at = performance.now();
        latencies.push(at - startedAt);
        lastOk = ok;
        if (rotatedAt !== undefined && startedAt >= rotatedAt + settleMs) settled = true;
      }
    };
    const own = Array.from({ length: loopsOfCaller }, worker);
    loops.push(
      Promise.all(own).then(() => {
        tally.healed = lastOk;
        latencies.sort((a, b) => a - b);
        tally.medianLatencyMs = latencies[Math.floor(latencies.length / 2)] ?? 0;
      }),
    );
  }
  await rotation;
  await Promise.all(loops);
  return {
    workers,
    durationMs,
    ranMs: performance.now() - start,
    rotatedAtMs: rotatedAt! - start,
    rotatedAt: rotatedAt!,
    callers: tallies,
  };
}

/** How a service emulator saw one caller's requests. */
export interface ServiceTally {
  accepted: number;
  refused: number;
  /** Refused requests that carried the old key (all of them, when rotation is the only cause). */
  refusedWithOldKey: number;
  /** Accepted requests that carried the new key. */
  acceptedWithNewKey: number;
}

/** Tallies recorded calls by status and by the key each carried. */
export function tallyServiceCalls<C extends { status: number }>(
  calls: readonly C[],
  keyOf: (call: C) => string | undefined,
  keys: { old: string; next: string | undefined },
): ServiceTally {
  const tally: ServiceTally = {
    accepted: 0,
    refused: 0,
    refusedWithOldKey: 0,
    acceptedWithNewKey: 0,
  };
  for (const call of calls) {
    const key = keyOf(call);
    if (call.status >= 200 && call.status < 300) {
      tally.accepted += 1;
      if (key !== undefined && key === keys.next) tally.acceptedWithNewKey += 1;
    } else if (call.status === 401 || call.status === 403) {
      tally.refused += 1;
      if (key === keys.old) tally.refusedWithOldKey += 1;
    }
  }
  return tally;
}

/** Sets environment variables for the length of `run`, then puts back what was there. */
export async function withEnv<T>(
  vars: Readonly<Record<string, string>>,
  run: () => Promise<T>,
): Promise<T> {
  const saved = new Map(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Records when each call reaches an emulator (its `calls.push`, on the `performance.now()` clock),
 * so recovery can be timed where the service sees it rather than through the callers' queues.
 */
export function stampArrivals<C extends object>(calls: C[]): (call: C) => number | undefined {
  const arrivals = new WeakMap<C, number>();
  const push = calls.push.bind(calls);
  calls.push = (...items: C[]) => {
    const now = performance.now();
    for (const item of items) arrivals.set(item, now);
    return push(...items);
  };
  return (call) => arrivals.get(call);
}

/**
 * From the rotation to the arrival of the first request the service accepted with the new key, in
 * ms: how long the caller had no working credential. `null` when none arrived (not recovered).
 */
export function serviceRecoveryMs<C extends { status: number }>(
  calls: readonly C[],
  arrivalOf: (call: C) => number | undefined,
  acceptedWithNewKey: (call: C) => boolean,
  rotatedAt: number,
): number | null {
  let first: number | undefined;
  for (const call of calls) {
    const at = arrivalOf(call);
    if (at === undefined || at < rotatedAt || !acceptedWithNewKey(call)) continue;
    if (first === undefined || at < first) first = at;
  }
  return first === undefined ? null : first - rotatedAt;
}
