// credchain/core: the pure core. No I/O, no process.env, no @aws-sdk import.
export { CredchainError, isCredchainError } from "./CredchainError.js";
export type { CredchainErrorCode, CredchainErrorOptions } from "./CredchainError.js";
export { CredentialConfigError, isCredentialConfigError } from "./CredentialConfigError.js";
export { SourceSkippedError, isSourceSkippedError } from "./SourceSkippedError.js";
export { NoCredentialsError, isNoCredentialsError } from "./NoCredentialsError.js";
export type { SourceAttempt } from "./NoCredentialsError.js";
export { SecretError, isSecretError } from "./SecretError.js";
export { TenantError, isTenantError } from "./TenantError.js";
export { mask, REDACTED } from "./mask.js";
export { Redacted } from "./Redacted.js";
export { decideCredentials, selectProvider } from "./decideCredentials.js";
export { decideAwsCredentials } from "./decideAwsCredentials.js";
export type { DecideAwsInput } from "./decideAwsCredentials.js";
export { normalizeProvider } from "./provider.js";
export type { DecideInput } from "./decideCredentials.js";
export { parseAdminKey } from "./parseAdminKey.js";
export type { AdminKey } from "./parseAdminKey.js";
export { parseSecretPayload } from "./parseSecretPayload.js";
export type { SecretPayloadOrigin } from "./parseSecretPayload.js";
export { DEFAULT_REGION, isValidRegion, resolveModelId, resolveRegion } from "./region.js";
export type { RegionInput } from "./region.js";
export type { EnvOrigin, EnvRecord } from "./EnvRecord.js";
export {
  API_KEY_ENV,
  ENV_ACCESS_KEY_ID,
  ENV_BEARER_TOKEN_BEDROCK,
  ENV_BEDROCK_MODEL_ID,
  ENV_BEDROCK_SECRET_NAME,
  ENV_DEFAULT_REGION,
  ENV_LLM_PROVIDER,
  ENV_REGION,
  ENV_SECRETS_MANAGER_REGION,
  ENV_SECRET_ACCESS_KEY,
  ENV_SESSION_TOKEN,
  ENV_USE_SECRETS_MANAGER,
  SECRET_NAME_ENV,
  localSecretVariable,
} from "./envNames.js";
export type { MaskKind } from "./mask.js";
export type { Logger } from "./Logger.js";
export { PROVIDERS } from "./types.js";
export type {
  ApiKeyProvider,
  AuthKind,
  AuthSource,
  AuthSummary,
  CredentialDecision,
  CredentialDecisionJson,
  CredentialResult,
  ModelIdSource,
  Provider,
  RegionSource,
  RevealedIdentity,
  SecretRef,
  Sourced,
  TraceEntry,
  TraceOutcome,
} from "./types.js";
