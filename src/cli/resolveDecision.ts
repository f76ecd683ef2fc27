import { CredchainError } from "../core/CredchainError.js";
import type { DecideInput } from "../core/decideCredentials.js";
import type { CredentialDecision } from "../core/types.js";
import type { CliIo } from "./io.js";

/** What `explain` and `doctor` decide with; the input of `decideCredentials`. */
export type DecisionInput = DecideInput;

/**
 * The seam for `--resolve` (and doctor's "credentials resolve" check): runs the network sources
 * (Secrets Manager, the default chain, …) and returns the decision with `auth.resolved` filled in.
 * It becomes a call to the chain preset from src/chain once that lands; until then it reports
 * `UNSUPPORTED` (exit 1).
 */
export async function resolveDecision(
  _input: DecisionInput,
  _io: CliIo,
): Promise<CredentialDecision> {
  throw new CredchainError(
    "UNSUPPORTED",
    "--resolve is not yet available: the credential chain has not landed in this build.",
    {
      hint: "Drop --resolve to see the offline decision; network sources show as not-consulted.",
    },
  );
}
