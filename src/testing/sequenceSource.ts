import { isCredchainError } from "../core/CredchainError.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { readObject } from "../core/readInput.js";
import { isInstance, readField } from "../core/safeRead.js";
import { SourceSkippedError } from "../core/SourceSkippedError.js";
import {
  checkName,
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
export function sequenceSource(name: string, given: readonly SequenceStep[]): TestSource {
  checkName("sequenceSource", name);
  const steps = readSteps(name, given);
  if (steps.length === 0) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      `sequenceSource ${name}: option steps must not be empty.`,
      { hint: "Give at least one offer, { skip: reason } or Error." },
    );
  }
  for (const step of steps) {
    if (!(step instanceof Error) && !isSkip(step)) offerToResult(name, step);
  }
  return recordingSource(name, (call) => {
    const step = steps[Math.min(call, steps.length - 1)]!;
    if (step instanceof Error) throw step;
    if (isSkip(step)) throw new SourceSkippedError(name, step.skip);
    return offerToResult(name, step);
  });
}

const isSkip = (step: SequenceStep): step is { skip: string } =>
  typeof (step as { skip?: unknown }).skip === "string";

/** A copy of the steps (an offer, `{ skip }` or an Error each), read once; else `INVALID_OPTION`. */
function readSteps(name: string, given: unknown): SequenceStep[] {
  const invalid = () =>
    new CredentialConfigError(
      "INVALID_OPTION",
      `sequenceSource ${name}: option steps must be an array of offers, { skip: reason } or Errors.`,
      { hint: "Give at least one offer, { skip: reason } or Error." },
    );
  try {
    if (!Array.isArray(given)) throw invalid();
    return (given as unknown[]).map((step): SequenceStep => {
      if (typeof step !== "object" || step === null) throw invalid();
      if (isInstance(step, Error)) return step;
      const skip = readField(step, "skip");
      if (typeof skip === "string") return { skip };
      return readObject(step, `sequenceSource ${name}: a step`, "Pass offers as plain objects.");
    });
  } catch (error) {
    throw isCredchainError(error) ? error : invalid();
  }
}
