// The emulators and helpers in test/support, by name (no `export *`). See README.md here.
export {
  EMULATOR_ACCOUNT_ID,
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_SECRET_ACCESS_KEY,
  createCredentialRegistry,
} from "./credentialRegistry.js";
export type {
  CredentialInput,
  CredentialRegistry,
  CredentialRegistryOptions,
  RegisteredCredential,
  TemporaryCredentialInput,
} from "./credentialRegistry.js";
export { FaultInjector } from "./faults.js";
export type { Fault, FaultKind } from "./faults.js";
export { ROTATE_BEFORE_EXPIRY_MS } from "./rotatingCredentials.js";
export type { ServedCredentialInput } from "./rotatingCredentials.js";
export { authErrorFor, verifySigV4 } from "./sigv4.js";
export type {
  AuthError,
  RawSignedRequest,
  SigV4Failure,
  SigV4Verification,
  VerifySigV4Options,
} from "./sigv4.js";
export { startAwsEmulators } from "./startAwsEmulators.js";
export type { AwsEmulators, AwsEmulatorsOptions, AwsEmulatorUrls } from "./startAwsEmulators.js";
export {
  BEDROCK_API_KEY_REFUSED_MESSAGE,
  BEDROCK_BEARER_ACTION,
  BEDROCK_SHORT_TERM_KEY_MAX_SECONDS,
  BEDROCK_SHORT_TERM_KEY_PREFIX,
  startBedrockEmulator,
  verifyBedrockApiKey,
} from "./startBedrockEmulator.js";
export type {
  BedrockApiKeyFailure,
  BedrockApiKeyVerification,
  BedrockCall,
  BedrockEmulator,
  BedrockEmulatorOptions,
  BedrockReplyInput,
  VerifyBedrockApiKeyOptions,
} from "./startBedrockEmulator.js";
export { startContainerCredentialsEmulator } from "./startContainerCredentialsEmulator.js";
export type {
  ContainerCredentialsCall,
  ContainerCredentialsEmulator,
  ContainerCredentialsEmulatorOptions,
} from "./startContainerCredentialsEmulator.js";
export { startImdsEmulator } from "./startImdsEmulator.js";
export type {
  ImdsCall,
  ImdsEmulator,
  ImdsEmulatorOptions,
  ImdsOperation,
} from "./startImdsEmulator.js";
export { emulatedAudio, startPollyEmulator } from "./startPollyEmulator.js";
export type { PollyEmulatorOptions } from "./startPollyEmulator.js";
export { decodeAwsChunked, startS3Emulator } from "./startS3Emulator.js";
export type { S3Emulator, S3EmulatorOptions, StoredObject } from "./startS3Emulator.js";
export {
  SECRETS_MANAGER_OPERATIONS,
  startSecretsManagerEmulator,
} from "./startSecretsManagerEmulator.js";
export type {
  SecretFaults,
  SecretSeed,
  SecretSnapshot,
  SecretValueInput,
  SecretsManagerCall,
  SecretsManagerEmulator,
  SecretsManagerEmulatorOptions,
  SecretsManagerOperation,
} from "./startSecretsManagerEmulator.js";
export type { ServiceAuth, ServiceCall, ServiceEmulator } from "./startServiceEmulator.js";
export { startSesEmulator } from "./startSesEmulator.js";
export type { SentEmail, SesEmulator, SesEmulatorOptions } from "./startSesEmulator.js";
export {
  SSM_DEFAULT_GET_TPS,
  SSM_DEFAULT_KEY_ID,
  SSM_OPERATIONS,
  startSsmEmulator,
} from "./startSsmEmulator.js";
export type {
  ParameterFaults,
  ParameterSeed,
  ParameterSnapshot,
  ParameterType,
  ParameterVersionSnapshot,
  SsmCall,
  SsmEmulator,
  SsmEmulatorOptions,
  SsmOperation,
  SsmRateLimit,
} from "./startSsmEmulator.js";
export { startStsEmulator } from "./startStsEmulator.js";
export type {
  RoleTrust,
  StsCall,
  StsEmulator,
  StsEmulatorOptions,
  StsOperation,
} from "./startStsEmulator.js";
