import { localSecretVariable } from "../core/envNames.js";
import { parameterName } from "../core/parameterName.js";
import { SecretError } from "../core/SecretError.js";
import type { SmOutcome } from "./secretsManagerBackend.js";

type Absence = Extract<SmOutcome, { kind: "absent" }>["reason"];

/** The hint of a missing parameter: create it, or grant what the service refused. */
function parameterHint(name: string, reason: Absence | undefined, variable: string): string {
  const parameter = parameterName(name);
  const path = parameter?.arn === undefined ? parameter?.name : parameter.path;
  if (reason === "access-denied") {
    return `Grant ssm:GetParameter on the parameter ("credchain policy --secret ${name}" prints a policy), or set ${variable} for local development.`;
  }
  if (reason === "decryption-failure") {
    return `Grant kms:Decrypt on the SecureString's KMS key through Parameter Store (kms:ViaService; "credchain policy --secret ${name}" prints a policy), or set ${variable} for local development.`;
  }
  return `Create it in Parameter Store (aws ssm put-parameter --name ${path ?? name} --type SecureString --value …) or set ${variable} for local development.`;
}

/**
 * The store's final `SECRET_NOT_FOUND`: where it looked, and a hint for the service the name
 * belongs to (Secrets Manager, or Parameter Store for `ssm:` names), with `cause` the access or
 * KMS failure that made the service's answer useless, if any.
 */
export function secretNotFoundError(
  name: string,
  looked: readonly string[],
  reason: Absence | undefined,
  cause: unknown,
): SecretError {
  const variable = localSecretVariable(name);
  const isParameter = parameterName(name) !== undefined;
  const hint = isParameter
    ? parameterHint(name, reason, variable)
    : cause === undefined
      ? `Create it in Secrets Manager (aws secretsmanager create-secret --name ${name}) or set ${variable} for local development.`
      : `Grant secretsmanager:GetSecretValue (and kms:Decrypt for its key) on ${name}, or set ${variable} for local development.`;
  return new SecretError(
    "SECRET_NOT_FOUND",
    `${isParameter ? "Parameter" : "Secret"} ${name} was not found. Looked in: ${looked.join("; ")}.`,
    { hint, cause, secretName: name },
  );
}
