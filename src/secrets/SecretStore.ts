import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { CredchainErrorCode } from "../core/CredchainError.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import type { Logger } from "../core/Logger.js";
import type { SecretSource, SecretValue } from "./SecretValue.js";

export { DEFAULT_SECRET_REQUEST_TIMEOUT_MS } from "../internal/requestTimeout.js";

/** Default time a Secrets Manager answer is reused before the next get asks again: 5 minutes. */
export const DEFAULT_SECRET_TTL_MS = 300_000;
/** Default time past the TTL a cached value may still be served while Secrets Manager fails: 15 minutes. */
export const DEFAULT_SECRET_MAX_STALE_MS = 900_000;
/** Default bound on cached secrets (least recently used are evicted first). */
export const DEFAULT_SECRET_MAX_ENTRIES = 1000;
/** Secret IDs per BatchGetSecretValue call (the API's limit for `SecretIdList`). */
export const BATCH_GET_SECRET_VALUE_LIMIT = 20;

/** Options of {@link createSecretStore}. Unknown options are rejected (`INVALID_OPTION`). */
export interface SecretStoreOptions {
  /**
   * Ask AWS before the local sources: Secrets Manager, and Parameter Store for `ssm:/…` names.
   * @default `true` when `client` is given, else whether `USE_SECRETS_MANAGER` (in `env`, then `envFile`) is on (`true`, `1`, `yes`, `y`, `on`, `enabled`, any case; another value is off, with a warning to `logger`)
   */
  useSecretsManager?: boolean;
  /**
   * Region of the clients credchain creates (ignored with `client`).
   * @default Secrets Manager: `env.SECRETS_MANAGER_REGION` → `env.AWS_REGION` → `"us-east-1"`; Parameter Store: `env.AWS_REGION` → `"us-east-1"` (an ARN's own region wins)
   */
  region?: string;
  /**
   * A ready `SecretsManagerClient` (tests, custom retry or endpoint settings). Without it credchain
   * creates one on first use with `await import("@aws-sdk/client-secrets-manager")`; that client
   * signs with `credentials` and finds its endpoint the SDK's own way
   * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, …).
   */
  client?: SecretsManagerClient;
  /**
   * A ready `SSMClient` for `ssm:` names (tests, custom endpoints). Without it credchain creates
   * one per region on the first `ssm:` read, with `await import("@aws-sdk/client-ssm")`, signing
   * with `credentials`. A parameter ARN in another region than this client's is refused
   * (`SECRET_INVALID_REQUEST`).
   */
  ssmClient?: SSMClient;
  /**
   * The identity the clients credchain creates sign with (ignored for `client` and `ssmClient`),
   * e.g. `sharedAwsChain().credentials` or a chain of your own.
   * @default the service identity of `env` (as `createAwsChain` resolves it): the env key pair →
   * the pair in `envFile` (without `envFile`, in `./.env`) → the AWS SDK default chain; the one
   * `credchain explain --service secrets-manager --resolve` prints. When a service refuses it as
   * unauthenticated (a rotated or revoked key), the store reads it again and retries the request
   * once; `invalidate()` with no name reads it again too.
   */
  credentials?: AwsCredentialIdentityProvider;
  /**
   * Connection, socket and request timeout of the client credchain creates (ignored with
   * `client`); the SDK's own default is none, which would let one hung connection hold a cold get
   * forever. Only a cold get waits for Secrets Manager (and the SDK's retries): a cached value,
   * even one past its TTL within `maxStaleMs`, is answered at once.
   * @default 10_000
   */
  requestTimeoutMs?: number;
  /**
   * How long a Secrets Manager answer (a value, or "not found") is reused. `0` asks on every get,
   * and each get waits for the answer (concurrent gets still share one call); the last value is
   * served only when that call fails (within `maxStaleMs`).
   * @default 300_000 (5 minutes)
   */
  ttlMs?: number;
  /**
   * Refresh a cached value in the background this long before its TTL ends, so that under steady
   * traffic every get after the first is answered from a fresh value. `0` turns it off (a get
   * after the TTL then starts the refresh and is answered with the last value meanwhile).
   * @default a tenth of `ttlMs`, at most 60_000
   */
  refreshAheadMs?: number;
  /**
   * How long past its TTL a cached value may still be served: at once, while its refresh runs,
   * and while refreshes fail with throttling, a 5xx, a timeout or a network error. A failing
   * secret is retried with exponential backoff (1 s doubling to 5 minutes, with equal jitter), one
   * call at a time. `0` serves no value past its TTL: a get after the TTL waits for the refresh.
   * @default 900_000 (15 minutes)
   */
  maxStaleMs?: number;
  /**
   * Most secrets kept in the cache; the least recently used are evicted.
   * @default 1000
   */
  maxEntries?: number;
  /**
   * Environment read for `USE_SECRETS_MANAGER`, the region and local `SECRET_<name>` variables.
   * Read live on each get, never modified.
   * @default process.env
   */
  env?: EnvRecord;
  /**
   * Values of a parsed `.env` file, consulted for `SECRET_<name>` after `env`.
   * @default undefined (no env file)
   */
  envFile?: EnvRecord;
  /**
   * Receives warnings (access denied, stale values served) and debug lines. Never receives a value.
   * @default undefined (silent)
   */
  logger?: Logger;
}

/**
 * Which version of a secret to read. Give at most one of the two; without either, `AWSCURRENT`.
 * Each version is cached on its own.
 */
export interface SecretVersion {
  /**
   * A staging label: `AWSCURRENT` (the default), `AWSPREVIOUS`, `AWSPENDING` or your own. For an
   * `ssm:` name, a parameter label (`AWSCURRENT` is the latest version; other `AWS…` stages are
   * refused: Parameter Store has none).
   */
  versionStage?: string;
  /** A version ID (a UUID Secrets Manager assigned); for an `ssm:` name, the version number. */
  versionId?: string;
}

/**
 * Why {@link SecretStore.lookup} served a value past its TTL: `refreshing` (its refresh was in
 * flight or just started; nothing has failed) or `unavailable` (the last refresh failed with
 * throttling, a 5xx, a timeout or a network error, and the secret is in backoff or being retried).
 */
export type SecretStaleReason = "refreshing" | "unavailable";

/** A secret and where it came from, as returned by {@link SecretStore.lookup}. */
export interface SecretLookup {
  /** The name asked for (trimmed). */
  name: string;
  /** As {@link SecretStore.get} returns it. */
  value: SecretValue;
  /** The secret's text as stored (JSON text for JSON secrets). */
  text: string;
  /** Where it was found. */
  source: SecretSource;
  /** For local sources, the variable it was read from (`SECRET_prod_aws_bedrock`). */
  variable?: string;
  /** Secrets Manager's version ID, when it came from there. */
  versionId?: string;
  /**
   * `true` when the value is past its TTL (at most `maxStaleMs`): served at once while it is
   * refreshed, or while Secrets Manager fails. {@link SecretLookup.staleReason} says which.
   */
  stale: boolean;
  /** Set when `stale` is: why the value is past its TTL. */
  staleReason?: SecretStaleReason;
  /** `true` when the secret is stored as `SecretBinary` (no credential is taken from it). */
  binary?: boolean;
}

/** One secret {@link SecretStore.preload} could not load. */
export interface PreloadFailure {
  /**
   * The secret's name, as given to `preload`; for a refused name that cannot be shown (one that
   * looks like a pasted key, has control characters or is over 64 characters), its position:
   * `names[3]`.
   */
  name: string;
  /** Why it failed, e.g. `SECRET_NOT_FOUND`, `SECRET_ACCESS_DENIED`, `SECRET_UNAVAILABLE`. */
  code: CredchainErrorCode;
  /** Names the secret and the service's error (Secrets Manager or Parameter Store), never a value. */
  message: string;
}

/** Summary of {@link SecretStore.preload}. Names only, never values. */
export interface PreloadResult {
  /** Fetched from Secrets Manager and now cached. */
  loaded: string[];
  /** Already cached and fresh; no call was made for them. */
  cached: string[];
  /** Not fetched because Secrets Manager is disabled (gets will use the local sources). */
  skipped: string[];
  /**
   * Not loaded. `SECRET_NOT_FOUND` and access errors are cached like a single get's, so later gets
   * fall through to the local sources without another call; other failures are retried by a later
   * get, after the backoff.
   */
  failed: PreloadFailure[];
}

/** Counters of a {@link SecretStore}; a snapshot, safe to log. */
export interface SecretStoreStats {
  /** Gets answered from a fresh cache entry (no call). */
  hits: number;
  /** Gets that found no fresh value (cold or past the TTL), whether they waited or not. */
  misses: number;
  /** Requests sent to Secrets Manager (GetSecretValue + BatchGetSecretValue; SDK retries not counted). */
  apiCalls: number;
  /**
   * Gets answered with a value past its TTL (`lookup().stale`): while its refresh ran, or while
   * Secrets Manager failed. Failures themselves are counted by `apiErrors`.
   */
  staleServed: number;
  /** Gets answered from `SECRET_<name>` in `env`. */
  localServed: number;
  /** Gets answered from `SECRET_<name>` in `envFile`. */
  envFileServed: number;
  /** Requests that failed (any reason, including not found). */
  apiErrors: number;
  /** Background refreshes started ahead of a TTL's end (`refreshAheadMs`). */
  refreshedAhead: number;
  /** Secrets Manager answers currently cached. */
  entries: number;
  /** Secrets with a request in flight. */
  inFlight: number;
}

/** What {@link SecretStore.onChange} listeners receive: names and version IDs, never values. */
export interface SecretChange {
  /** The secret's name, as it was asked for. */
  name: string;
  /** The version asked for (`AWSCURRENT` unless a stage or ID was given). */
  versionStage?: string;
  /** The version ID asked for, when a get named one. */
  versionIdRequested?: string;
  /** The new value's version ID. */
  versionId: string | undefined;
  /** The version ID the store held before (also when the value was invalidated since). */
  previousVersionId: string | undefined;
}

/**
 * A cached view of AWS Secrets Manager with local fallbacks. See {@link createSecretStore}.
 * Serializing the store (`JSON.stringify`, `util.inspect`) shows no value.
 */
export interface SecretStore {
  /**
   * The secret: a parsed, frozen object for JSON-object secrets, else its text. `version` picks
   * a stage or version ID (checked: an unknown option is `INVALID_OPTION`); each version is cached
   * on its own.
   */
  get(name: string, version?: SecretVersion): Promise<SecretValue>;
  /**
   * The secret's text, or with `key` the value under that key of a JSON secret as a string
   * (numbers and booleans converted). A missing key → `SECRET_KEY_MISSING`; a nested value or a
   * non-JSON secret → `SECRET_MALFORMED`.
   */
  getValue(name: string, key?: string, version?: SecretVersion): Promise<string>;
  /** The secret with its source, version and staleness. */
  lookup(name: string, version?: SecretVersion): Promise<SecretLookup>;
  /**
   * Fetches many secrets with BatchGetSecretValue, 20 per call (`ssm:` names with GetParameters,
   * 10 per call), into the cache. Never rejects for a single secret's failure: those are listed in
   * `failed`. Fresh entries are not fetched again.
   */
  preload(names: readonly string[]): Promise<PreloadResult>;
  /**
   * Drops one cached secret (every version of it, and fetches of it in flight), or all of them;
   * the next get asks again and waits for the answer. Other secrets are not affected. With no
   * name, the store's own service identity (when `credentials` was not given) is read again too.
   */
  invalidate(name?: string): void;
  /**
   * Calls `listener` whenever a fetch returns another version of `name` than the last one the
   * store knew, for each cached version (`versionStage` names it): a rotation seen on refresh,
   * or on the read after `invalidate`. Names and version IDs only, never values. Returns a
   * function that removes the listener. Listener errors are logged, never thrown.
   */
  onChange(name: string, listener: (change: SecretChange) => void): () => void;
  /** Counters; see {@link SecretStoreStats}. */
  stats(): SecretStoreStats;
  /** Whether this store asks Secrets Manager. */
  readonly usesSecretsManager: boolean;
}
