import type { CredentialResult } from "./types.js";

/** The outcome of one step of the decision: credentials, or a reason to skip. Both may carry warnings. */
export type StepOutcome =
  { chosen: CredentialResult; warnings: string[] } | { skipped: string; warnings: string[] };
