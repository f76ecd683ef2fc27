import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { SourceSkippedError } from "../core/SourceSkippedError.js";
import {
  offerToResult,
  recordingSource,
  type SourceOffer,
  type TestSource,
} from "./staticSource.js";

/** One step of a {@link sequenceSource}: serve an offer, skip with a reason, or throw an error. */
export type SequenceStep =
  | SourceOffer
  | {
      /** Skip with this reason (a `SourceSkippedError`): the chain tries the next source. */
      skip: string;
    }
  | Error;

/**
 * A source that answers call N with `steps[N]`, repeating the last step once the list runs out:
 * rotation, a refresh that fails once, a source that appears later.
 *
 * @throws CredentialConfigError `INVALID_OPTION` for an empty list or an inconsistent offer.
 * @example
 * ```ts
 * const sts = sequenceSource("default-chain", [
 *   { credentials: expiringCredentials({ expiresInMs: 10 * 60_000 }) },
 *   new Error("throttled"),
 *   { credentials: expiringCredentials() },
 * ]);
 * ```
 */
export function sequenceSource(name: string, steps: readonly SequenceStep[]): TestSource {
  if (steps.length === 0) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      `sequenceSource ${name}: option steps must not be empty.`,
      { hint: "Give at least one offer, { skip: reason } or Error." },
    );
  }
  for (const step of steps) {
    if (!(step instanceof Error) && !("skip" in step)) offerToResult(name, step);
  }
  return recordingSource(name, (call) => {
    const step = steps[Math.min(call, steps.length - 1)]!;
    if (step instanceof Error) throw step;
    if ("skip" in step) throw new SourceSkippedError(name, step.skip);
    return offerToResult(name, step);
  });
}
