import { CredchainError, isCredchainError } from "../core/CredchainError.js";
import { echoInput } from "../core/echoInput.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";

/**
 * What a failed source's error becomes for the caller: credchain errors as they are; anything
 * else (a user's source, an admin-key getter that threw, a database driver) `SOURCE_FAILED` naming
 * the source and the error's code or name, with only a summary as `cause` — a foreign message may
 * quote values credchain cannot vet. @internal
 */
export function sourceFailedError(name: string, error: unknown): unknown {
  if (isCredchainError(error)) return error;
  return new CredchainError(
    "SOURCE_FAILED",
    `Source ${echoInput(name, 48)} failed (${errorLabel(error)}); the chain stops here (fail closed).`,
    {
      hint: "Fix the source (see the cause's name and code), or remove it from the chain.",
      cause: safeCause(error),
    },
  );
}
