import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { isInstance } from "../core/safeRead.js";
/** A hand-driven clock, for APIs that take `now` (`createTenantResolver`, `bedrockTokenProvider`) and {@link expiringCredentials}. */
export interface FakeClock {
  /** The current fake time in epoch milliseconds; pass it where credchain takes `now`. */
  readonly now: () => number;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Jumps to an instant. */
  set(time: Date | number): void;
}

/**
 * A clock that only moves when told to. Use it with APIs that take a `now` option
 * (`createTenantResolver({ now })`, `bedrockTokenProvider(source, { now })`); a chain from
 * `createCredentialChain` reads `Date.now`, so drive it with your test runner's fake timers
 * (`vi.useFakeTimers()` + `vi.advanceTimersByTime`) instead.
 *
 * @param start @default Date.now() at the call
 * @example
 * ```ts
 * const clock = createFakeClock();
 * const resolver = createTenantResolver({ store: memoryCredentialStore(), now: clock.now });
 * const soon = expiringCredentials({ now: clock.now }); // expires an hour from the fake now
 * clock.advance(56 * 60_000); // inside the 5-minute refresh window of that credential
 * ```
 */
export function createFakeClock(start: Date | number = Date.now()): FakeClock {
  let time = epochMs(start, "createFakeClock: start");
  return {
    now: () => time,
    advance(ms) {
      if (typeof ms !== "number" || !Number.isFinite(ms)) {
        throw new CredentialConfigError(
          "INVALID_INPUT",
          "FakeClock.advance: ms must be a finite number.",
          {
            hint: "Pass milliseconds, e.g. clock.advance(60_000).",
          },
        );
      }
      time += ms;
    },
    set(next) {
      time = epochMs(next, "FakeClock.set: time");
    },
  };
}

/** Epoch milliseconds of a Date or a number; anything else is `INVALID_INPUT`. */
function epochMs(value: unknown, what: string): number {
  const ms = isInstance(value, Date) ? value.getTime() : value;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `${what} must be a valid Date or epoch milliseconds.`,
      {
        hint: 'Pass a Date or a number such as Date.parse("2030-01-01T00:00:00Z").',
      },
    );
  }
  return ms;
}
