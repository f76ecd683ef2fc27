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
  selectProvider,
  parseAdminKey,
  parseSecretPayload,
  DEFAULT_REGION,
  isValidRegion,
  resolveModelId,
  resolveRegion,
  createDecision,
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
  DecisionParts,
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

// ── chain ─────────────────────────────────────────────────────────────────────

// ── secrets ───────────────────────────────────────────────────────────────────
export {
  createSecretStore,
  BATCH_GET_SECRET_VALUE_LIMIT,
  DEFAULT_SECRET_MAX_ENTRIES,
  DEFAULT_SECRET_MAX_STALE_MS,
  DEFAULT_SECRET_TTL_MS,
} from "./secrets/createSecretStore.js";
export type {
  PreloadFailure,
  PreloadResult,
  SecretLookup,
  SecretStore,
  SecretStoreOptions,
  SecretStoreStats,
} from "./secrets/createSecretStore.js";
export type { JsonValue, SecretJson, SecretSource, SecretValue } from "./secrets/SecretValue.js";
export { loadIntoEnv } from "./secrets/loadIntoEnv.js";
export type { LoadIntoEnvOptions, LoadIntoEnvResult } from "./secrets/loadIntoEnv.js";
export { loadSecretsForProvider } from "./secrets/loadSecretsForProvider.js";
export type {
  LoadSecretsForProviderOptions,
  LoadSecretsForProviderResult,
} from "./secrets/loadSecretsForProvider.js";

// ── clients ───────────────────────────────────────────────────────────────────

// ── tenants ───────────────────────────────────────────────────────────────────
