import { SECRET_NAME_PATTERN } from "../core/arn.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { looksLikeCredential } from "../core/keyShapes.js";
import { PARAMETER_NAME_HINT, parameterName, parameterNameProblem } from "../core/parameterName.js";

const invalid = (flag: string, parameters: boolean) =>
  new CredentialConfigError(
    "SECRET_INVALID_NAME",
    `${flag} is not a valid secret name (the value is not shown).`,
    {
      hint: `Secret names use letters, digits and /_+=.@- (up to 512 characters)${parameters ? "; parameters are ssm:/path/to/param or a parameter ARN" : ""}.`,
    },
  );

/**
 * Validates a secret name or ARN given to a flag; the value is never echoed (it may be a pasted
 * key). With `parameters`, `ssm:/path` names and parameter ARNs (read from Parameter Store) pass
 * too; without, they are refused with a hint that this command writes Secrets Manager only.
 */
export function secretNameOption(
  name: string | undefined,
  flag: string,
  { parameters = true }: { parameters?: boolean } = {},
): string {
  if (name === undefined || name.trim() === "") {
    throw new CredentialConfigError("INVALID_OPTION", `${flag} is required.`, {
      hint: `Pass the secret's name or ARN, e.g. ${flag === "NAME" ? "credchain secrets get prod/app" : `${flag} prod/app`}.`,
    });
  }
  const n = name.trim();
  if (looksLikeCredential(n)) throw invalid(flag, parameters);
  const parameter = parameterName(n);
  if (parameter !== undefined) {
    if (!parameters) {
      throw new CredentialConfigError(
        "INVALID_OPTION",
        `${flag} names a Parameter Store parameter; this command writes Secrets Manager secrets only.`,
        { hint: "Write a parameter with `aws ssm put-parameter --type SecureString`." },
      );
    }
    const problem = parameterNameProblem(parameter);
    if (problem !== undefined) {
      throw new CredentialConfigError(
        "SECRET_INVALID_NAME",
        `${flag} names a parameter whose name ${problem} (the value is not shown).`,
        { hint: PARAMETER_NAME_HINT },
      );
    }
    return n;
  }
  if (!SECRET_NAME_PATTERN.test(n) && !n.startsWith("arn:")) throw invalid(flag, parameters);
  return n;
}
