// credchain: explicit named re-exports. Heavy modules (AWS SDK clients) load lazily.

// ── core ──────────────────────────────────────────────────────────────────────
export {
  CredchainError,
  isCredchainError,
  CredentialConfigError,
  isCredentialConfigError,
  SourceSkippedError,
  isSourceSkippedError,
  NoCredentialsError,
  isNoCredentialsError,
  SecretError,
  isSecretError,
  TenantError,
  isTenantError,
  mask,
  REDACTED,
  PROVIDERS,
  Redacted,
  decideCredentials,
  decideAwsCredentials,
  normalizeProvider,
  selectProvider,
  parseAdminKey,
  parseSecretPayload,
  DEFAULT_REGION,
  isValidRegion,
  resolveModelId,
  resolveRegion,
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
} from "./core/index.js";
export type {
  AdminKey,
  DecideInput,
  DecideAwsInput,
  EnvOrigin,
  EnvRecord,
  RegionInput,
  SecretPayloadOrigin,
  ApiKeyProvider,
  AuthKind,
  AuthSource,
  AuthSummary,
  CredchainErrorCode,
  CredchainErrorOptions,
  CredentialDecision,
  CredentialDecisionJson,
  Logger,
  MaskKind,
  ModelIdSource,
  Provider,
  RegionSource,
  RevealedIdentity,
  Sourced,
  SourceAttempt,
  TraceEntry,
  TraceOutcome,
} from "./core/index.js";

// ── sources ───────────────────────────────────────────────────────────────────
export type {
  CredentialResult,
  CredentialSource,
  SourceContext,
} from "./sources/CredentialSource.js";

export type { AdminSettings } from "./sources/CredentialSource.js";
export { fromAdminKey } from "./sources/fromAdminKey.js";
export type { AdminConfig, AdminKeyInput, FromAdminKeyInit } from "./sources/fromAdminKey.js";
export { fromEnv } from "./sources/fromEnv.js";
export type { FromEnvInit } from "./sources/fromEnv.js";
export { fromEnvFile } from "./sources/fromEnvFile.js";
export type { FromEnvFileInit } from "./sources/fromEnvFile.js";
export type { EnvFileInput } from "./sources/fromEnvFile.js";
export { fromLocalSecrets } from "./sources/fromLocalSecrets.js";
export type { FromLocalSecretsInit } from "./sources/fromLocalSecrets.js";
export { fromSecretsManager } from "./sources/fromSecretsManager.js";
export type { FromSecretsManagerInit } from "./sources/fromSecretsManager.js";
export { fromDefaultChain } from "./sources/fromDefaultChain.js";
export type { DefaultChainInit, FromDefaultChainInit } from "./sources/fromDefaultChain.js";
export { fromAssumeRole } from "./sources/fromAssumeRole.js";
export type { FromAssumeRoleInit, RecoverableCredentials } from "./sources/fromAssumeRole.js";

// ── chain ─────────────────────────────────────────────────────────────────────
export { createCredentialChain } from "./chain/createCredentialChain.js";
export type {
  ChainRefreshEvent,
  ChainRefreshReason,
  CredentialChain,
  CredentialChainOptions,
  FailedIdentity,
} from "./chain/createCredentialChain.js";
export { createChainFromEnv } from "./chain/createChainFromEnv.js";
export type { ChainFromEnvOptions } from "./chain/createChainFromEnv.js";

// ── secrets ───────────────────────────────────────────────────────────────────
export { createSecretStore } from "./secrets/createSecretStore.js";
export {
  BATCH_GET_SECRET_VALUE_LIMIT,
  DEFAULT_SECRET_MAX_ENTRIES,
  DEFAULT_SECRET_MAX_STALE_MS,
  DEFAULT_SECRET_REQUEST_TIMEOUT_MS,
  DEFAULT_SECRET_TTL_MS,
} from "./secrets/SecretStore.js";
export type {
  PreloadFailure,
  PreloadResult,
  SecretChange,
  SecretLookup,
  SecretStaleReason,
  SecretStore,
  SecretStoreOptions,
  SecretStoreStats,
  SecretVersion,
} from "./secrets/SecretStore.js";
export type { JsonValue, SecretJson, SecretSource, SecretValue } from "./secrets/SecretValue.js";
export { loadIntoEnv } from "./secrets/loadIntoEnv.js";
export { PROTECTED_ENV_NAMES } from "./secrets/protectedEnvNames.js";
export type { EnvKeyMapping } from "./secrets/secretToEnvEntries.js";
export type { LoadIntoEnvOptions, LoadIntoEnvResult } from "./secrets/loadIntoEnv.js";
export { loadSecretsForProvider } from "./secrets/loadSecretsForProvider.js";
export type {
  LoadSecretsForProviderOptions,
  LoadSecretsForProviderResult,
} from "./secrets/loadSecretsForProvider.js";

// ── clients ───────────────────────────────────────────────────────────────────
export { bedrockClientConfig } from "./clients/bedrockClientConfig.js";
export type { BedrockClientConfig } from "./clients/bedrockClientConfig.js";
export {
  pollyClientConfig,
  s3ClientConfig,
  secretsManagerClientConfig,
  sesClientConfig,
} from "./clients/awsClientConfigs.js";
export { createAwsChain } from "./chain/createAwsChain.js";
export { sharedAwsChain } from "./chain/sharedAwsChain.js";
export { bedrockTokenProvider, BEDROCK_TOKEN_MAX_SECONDS } from "./chain/bedrockTokenProvider.js";
export type {
  BedrockTokenOptions,
  BedrockTokenProvider,
  BedrockTokenSource,
} from "./chain/bedrockTokenProvider.js";
export type { AwsChainOptions } from "./chain/createAwsChain.js";
export type { AwsClientConfig, AwsClientConfigOptions } from "./clients/awsClientConfigs.js";
export { llmApiKey } from "./clients/llmApiKey.js";
export { llmFetch } from "./clients/llmFetch.js";
export type { LlmFetchOptions } from "./clients/llmFetch.js";
export { refreshOnAuthFailure } from "./clients/refreshOnAuthFailure.js";
export type {
  AuthFailureTarget,
  AuthRecoveryEvent,
  AuthRecoveryPlugin,
  AuthRecoveryStats,
  RefreshOnAuthFailureOptions,
} from "./clients/refreshOnAuthFailure.js";
export type { LlmApiKey } from "./clients/llmApiKey.js";
export type { LlmApiKeyOptions } from "./clients/llmApiKey.js";

// ── tenants ───────────────────────────────────────────────────────────────────
export { createTenantResolver } from "./tenants/createTenantResolver.js";
export type {
  TenantAssumeRoleOptions,
  TenantAuditAction,
  TenantAuditEvent,
  TenantBedrockClientConfig,
  TenantMethod,
  TenantResolver,
  TenantResolverOptions,
  TenantServiceDefaults,
  TenantSession,
  TenantSessionJson,
} from "./tenants/createTenantResolver.js";
export type { CredentialStore } from "./tenants/CredentialStore.js";
export { StoredCredential } from "./tenants/StoredCredential.js";
export type {
  CredentialKeys,
  CredentialMetadata,
  StoredCredentialInit,
} from "./tenants/StoredCredential.js";
export { memoryCredentialStore } from "./tenants/memoryCredentialStore.js";
export { encryptedFileCredentialStore } from "./tenants/encryptedFileCredentialStore.js";
export type { EncryptedFileCredentialStoreOptions } from "./tenants/encryptedFileCredentialStore.js";
export {
  secretsManagerCredentialStore,
  TENANT_TAG,
  CREDENTIAL_TAG,
  REGION_TAG,
} from "./tenants/secretsManagerCredentialStore.js";
export type { SecretsManagerCredentialStoreOptions } from "./tenants/secretsManagerCredentialStore.js";
export {
  TENANT_ID_PATTERN,
  isValidTenantId,
  assertTenantId,
  assertCredentialId,
} from "./tenants/tenantIds.js";
export {
  credentialExistsError,
  credentialNotFoundError,
  storeFailedError,
} from "./tenants/storeErrors.js";
