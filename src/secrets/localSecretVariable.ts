/**
 * The environment variable that holds a secret locally: `SECRET_` followed by the secret's name with
 * every character outside `[A-Za-z0-9_]` replaced by `_`.
 *
 * @example
 * ```ts
 * localSecretVariable("prod/aws/bedrock"); // "SECRET_prod_aws_bedrock"
 * ```
 */
export function localSecretVariable(secretName: string): string {
  return `SECRET_${secretName.trim().replace(/[^A-Za-z0-9_]/g, "_")}`;
}
