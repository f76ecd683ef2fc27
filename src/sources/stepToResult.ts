import { SourceSkippedError } from "../core/SourceSkippedError.js";
import type { StepOutcome } from "../core/StepOutcome.js";
import type { CredentialResult } from "../core/types.js";

/** Turns a core step outcome into a source result, or a skip carrying the step's warnings. */
export function stepToResult(source: string, outcome: StepOutcome): CredentialResult {
  if ("skipped" in outcome)
    throw new SourceSkippedError(source, outcome.skipped, { warnings: outcome.warnings });
  return { ...outcome.chosen, warnings: [...(outcome.chosen.warnings ?? []), ...outcome.warnings] };
}
