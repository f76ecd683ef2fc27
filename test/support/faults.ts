// Scripted failures for emulators: the next N matching requests are throttled, fail with a 500,
// have their connection reset, or are delayed before being served normally; any of them may be
// held until a promise the test controls settles.

/** What happens to a request a fault matches. */
export type FaultKind = "throttle" | "500" | "reset" | "delay";

/** One scripted failure. */
export interface Fault {
  /** Only requests for this operation (`GetSecretValue`, `Converse`, `GetCredentials`, …); any when unset. */
  op?: string;
  kind: FaultKind;
  /** How long a `delay` fault holds the request before serving it. @default 50 */
  delayMs?: number;
  /**
   * Holds each matching request until this settles (or the emulator closes), then applies `kind`
   * (`delay`: serves normally, without a further wait): a hung request the test lets go.
   */
  until?: PromiseLike<unknown>;
  /** How many matching requests this fault applies to; `Infinity` for a storm until `clear()`. @default 1 */
  times?: number;
}

/** The queue of scripted failures an emulator consults for each request, in push order. */
export class FaultInjector {
  #queue: { fault: Fault; remaining: number }[] = [];
  #applied = 0;

  /** Adds faults; each applies to the next `times` requests it matches. */
  push(...faults: Fault[]): void {
    for (const fault of faults) {
      const remaining = fault.times ?? 1;
      if (!(remaining > 0)) throw new RangeError("fault.times must be a positive number");
      this.#queue.push({ fault, remaining });
    }
  }

  /** Removes every pending fault. */
  clear(): void {
    this.#queue = [];
  }

  /** The faults still waiting to apply. */
  get pending(): readonly Fault[] {
    return this.#queue.map(({ fault, remaining }) => ({ ...fault, times: remaining }));
  }

  /** How many requests a fault has been applied to so far. */
  get applied(): number {
    return this.#applied;
  }

  /** Used by emulators: consumes and returns the first fault matching `op`, if any. */
  take(op: string): Fault | undefined {
    const index = this.#queue.findIndex(({ fault }) => fault.op === undefined || fault.op === op);
    if (index === -1) return undefined;
    const entry = this.#queue[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#queue.splice(index, 1);
    this.#applied += 1;
    return entry.fault;
  }
}
