import { CredentialConfigError } from "./CredentialConfigError.js";
import { typeName } from "./safeRead.js";
import type { ApiKeyProvider } from "./types.js";

/** Names a process environment variable may have: a letter or `_`, then letters, digits and `_`. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `AWS_ACCESS_KEY_ID`. */
export const ENV_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
/** `AWS_SECRET_ACCESS_KEY`. */
export const ENV_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
/** `AWS_SESSION_TOKEN`. */
export const ENV_SESSION_TOKEN = "AWS_SESSION_TOKEN";
/** `AWS_SECURITY_TOKEN`: the older spelling of `AWS_SESSION_TOKEN`, still read by the SDKs. */
export const ENV_SECURITY_TOKEN = "AWS_SECURITY_TOKEN";
/** `AWS_CREDENTIAL_EXPIRATION`: when the env key pair expires (ISO-8601), as the AWS SDK reads it. */
export const ENV_CREDENTIAL_EXPIRATION = "AWS_CREDENTIAL_EXPIRATION";
/** `AWS_ACCOUNT_ID`: the account of the env credentials, kept on the identity. */
export const ENV_ACCOUNT_ID = "AWS_ACCOUNT_ID";
/** `AWS_CREDENTIAL_SCOPE`: the credential scope of the env credentials, kept on the identity. */
export const ENV_CREDENTIAL_SCOPE = "AWS_CREDENTIAL_SCOPE";
/** `AWS_PROFILE`: a shared-config profile; beside an env key pair, the pair wins (with a warning). */
export const ENV_PROFILE = "AWS_PROFILE";
/** `AWS_BEARER_TOKEN_BEDROCK`: a Bedrock API key, as the AWS SDK reads it. */
export const ENV_BEARER_TOKEN_BEDROCK = "AWS_BEARER_TOKEN_BEDROCK";
/** `AWS_REGION`. */
export const ENV_REGION = "AWS_REGION";
/** `AWS_DEFAULT_REGION`. */
export const ENV_DEFAULT_REGION = "AWS_DEFAULT_REGION";
/** `BEDROCK_MODEL_ID`. */
export const ENV_BEDROCK_MODEL_ID = "BEDROCK_MODEL_ID";
/** `USE_SECRETS_MANAGER`: `true` enables Secrets Manager lookups. */
export const ENV_USE_SECRETS_MANAGER = "USE_SECRETS_MANAGER";
/** `SECRETS_MANAGER_REGION`. */
export const ENV_SECRETS_MANAGER_REGION = "SECRETS_MANAGER_REGION";
/** `AWS_BEDROCK_SECRET_NAME`: the secret holding Bedrock credentials. */
export const ENV_BEDROCK_SECRET_NAME = "AWS_BEDROCK_SECRET_NAME";
/** `LLM_PROVIDER`: picks the provider when the caller does not. */
export const ENV_LLM_PROVIDER = "LLM_PROVIDER";

/** Environment variables holding each API-key provider's key, in the order they are read. */
export const API_KEY_ENV: Readonly<Record<ApiKeyProvider, readonly string[]>> = {
  openai: ["OPENAI_API_KEY"],
  anthropic: ["ANTHROPIC_API_KEY"],
  cohere: ["COHERE_API_KEY", "CO_API_KEY"],
  custom: ["CUSTOM_API_KEY"],
};

/** Environment variable naming each provider's secret (Secrets Manager or local `SECRET_*`). */
export const SECRET_NAME_ENV: Readonly<Record<ApiKeyProvider | "bedrock", string>> = {
  bedrock: ENV_BEDROCK_SECRET_NAME,
  openai: "OPENAI_SECRET_NAME",
  anthropic: "ANTHROPIC_SECRET_NAME",
  cohere: "COHERE_SECRET_NAME",
  custom: "CUSTOM_SECRET_NAME",
};

/**
 * The local variable holding secret `name`: `SECRET_` + the name with every character outside
 * `[A-Za-z0-9_]` replaced by `_` (`prod/aws/bedrock` → `SECRET_prod_aws_bedrock`).
 */
export function localSecretVariable(name: string): string {
  if (typeof name !== "string") {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `localSecretVariable: the secret name must be a string (got ${typeName(name)}).`,
      { hint: "Pass the secret's name, e.g. prod/aws/bedrock." },
    );
  }
  return `SECRET_${name.trim().replace(/[^A-Za-z0-9_]/g, "_")}`;
}
