import { SecretError } from "../core/SecretError.js";
import { looksLikeCredential } from "../core/keyShapes.js";
import {
  PARAMETER_NAME_HINT,
  PARAMETER_PREFIX,
  parameterNameProblem,
} from "../core/parameterName.js";

const MAX_NAME_LENGTH = 2048;

/**
 * Validates and trims a secret name or ARN. A value that looks like a credential (an access key
 * ID, a secret access key, an API key) is refused without being echoed: a name field is a common
 * place for a pasted secret.
 */
export function checkSecretName(name: unknown): string {
  const trimmed = typeof name === "string" ? name.trim() : "";
  if (trimmed === "" || trimmed.length > MAX_NAME_LENGTH || /[\p{Cc}]/u.test(trimmed)) {
    throw new SecretError(
      "SECRET_INVALID_NAME",
      `Secret name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters, without control characters.`,
      { hint: "Pass the secret's name (e.g. prod/llm/openai) or its ARN." },
    );
  }
  if (trimmed === PARAMETER_PREFIX || trimmed.startsWith(`${PARAMETER_PREFIX} `)) {
    throw new SecretError(
      "SECRET_INVALID_NAME",
      "A Parameter Store name needs a path after ssm:.",
      {
        hint: "Pass ssm:/path/to/param (or a parameter ARN).",
      },
    );
  }
  if (looksLikeCredential(trimmed)) {
    throw new SecretError(
      "SECRET_INVALID_NAME",
      "The secret name looks like a credential, not a name (the value is not shown).",
      {
        hint: "Pass the secret's name (e.g. prod/llm/openai); if a key was pasted there, rotate it.",
      },
    );
  }
  const problem = parameterNameProblem(trimmed);
  if (problem !== undefined) {
    throw new SecretError(
      "SECRET_INVALID_NAME",
      `The parameter name ${problem} (the name is not shown).`,
      { hint: PARAMETER_NAME_HINT },
    );
  }
  return trimmed;
}
