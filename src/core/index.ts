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
  ModelIdSource,
  Provider,
  RegionSource,
  RevealedIdentity,
  Sourced,
  TraceEntry,
  TraceOutcome,
} from "./types.js";
