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
export { authErrorFor, verifySigV4 } from "./sigv4.js";
export type {
  AuthError,
  RawSignedRequest,
  SigV4Failure,
  SigV4Verification,
  VerifySigV4Options,
} from "./sigv4.js";
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
