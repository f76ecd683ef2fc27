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
} from "./core/index.js";
export type {
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
export type { CredentialResult, CredentialSource, SourceContext } from "./sources/CredentialSource.js";

// ── chain ─────────────────────────────────────────────────────────────────────

// ── secrets ───────────────────────────────────────────────────────────────────

// ── clients ───────────────────────────────────────────────────────────────────

// ── tenants ───────────────────────────────────────────────────────────────────
