import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { Logger } from "../core/Logger.js";
import type { FailedIdentity } from "../chain/createCredentialChain.js";
import type { FromAssumeRoleInit } from "../sources/fromAssumeRole.js";
import type { CredentialStore } from "./CredentialStore.js";
import type { CredentialMetadata } from "./StoredCredential.js";
import type { TenantMethod } from "./tenantBodies.js";

export type { TenantMethod };

/** The service's own credentials and defaults. */
export interface TenantServiceDefaults {
  /**
   * The service's credential chain: served to tenants that send `useServiceDefaults: true` (when
   * allowed), and the master credentials for assumed roles.
   * @default `sharedAwsChain().credentials`: the service identity every credchain AWS call signs
   * with (env pair → `./.env` → the AWS SDK default chain without its env link)
   */
  credentials?: AwsCredentialIdentityProvider;
  /** Region when a tenant names none (nor its stored credential). @default "us-east-1" */
  region?: string;
  /** Model ID when a tenant names none. */
  modelId?: string;
}

/** Options for tenants' assumed roles. */
export interface TenantAssumeRoleOptions {
  /** Lifetime of the role sessions (900–43200). @default STS's, 3600 */
  durationSeconds?: number;
  /** Region of the STS endpoint. @default the SDK's */
  region?: string;
  /** STS client configuration (`endpoint`, …); `AWS_ENDPOINT_URL_STS` also works. */
  clientConfig?: FromAssumeRoleInit["clientConfig"];
  /**
   * The ExternalId the service assigned to a tenant. When set, it is always sent and a body's
   * own `externalId` is refused: the tenant cannot choose it, which is what stops one tenant from
   * naming another's role (the confused-deputy problem).
   */
  externalIdFor?: (tenantId: string) => string | undefined | Promise<string | undefined>;
  /** Whether `tenantId` may assume `roleArn` (e.g. the role is in an account the tenant registered). */
  authorizeRole?: (tenantId: string, roleArn: string) => boolean | Promise<boolean>;
}

/** Options of {@link createTenantResolver}. */
export interface TenantResolverOptions {
  /** Where stored credentials live. */
  store: CredentialStore;
  /** The service's credentials, region and model defaults. */
  serviceDefaults?: TenantServiceDefaults;
  /**
   * Whether tenants may use the service's own credentials (`useServiceDefaults: true`). Off by
   * default: a shared account means shared billing and no isolation.
   * @default false
   */
  allowServiceDefaults?: boolean;
  /**
   * Whether tenants may send keys in the `initialize` body (`awsAccessKeyId` + `awsSecretAccessKey`).
   * @default true
   */
  allowDirect?: boolean;
  /** Whether tenants may name a role to assume (`roleArn`). @default true */
  allowAssumeRole?: boolean;
  /** Assumed-role settings. */
  assumeRole?: TenantAssumeRoleOptions;
  /**
   * Credentials that call STS for assumed roles.
   * @default `serviceDefaults.credentials`, else `sharedAwsChain().credentials`
   */
  masterCredentials?: AwsCredentialIdentityProvider;
  /** The per-tenant provider cache. */
  cache?: {
    /** Tenants whose providers are kept; the least recently used are dropped first. @default 1000 */
    maxTenants?: number;
    /**
     * How long a stored credential is reused before the store is read again (other processes'
     * rotations show within this time), and how long an idle tenant's providers are kept.
     * @default 300_000
     */
    ttlMs?: number;
  };
  /** Upper bound on `maxTokens` in an `initialize` body. @default 200_000 */
  maxTokensLimit?: number;
  /** STS for `rotateCredentials(…, { verify: true })`: region and client configuration (`endpoint`, …). */
  sts?: {
    /** @default us-east-1 */
    region?: string;
    /** Extra `STSClient` configuration; `AWS_ENDPOINT_URL_STS` works too. */
    clientConfig?: Record<string, unknown>;
  };
  /** Receives one event per action; never a secret. Errors it throws are logged, not raised. */
  audit?: (event: TenantAuditEvent) => void | Promise<void>;
  /** Optional logger; never receives secrets. */
  logger?: Logger;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** What an audit event records. `resolve` is a credential load from the store or STS. */
export type TenantAuditAction = "initialize" | "store" | "list" | "rotate" | "delete" | "resolve";

/** One audited action. Holds ids, never key material. */
export interface TenantAuditEvent {
  /** ISO-8601 time. */
  at: string;
  /** The tenant, or `null` when the given id was invalid (it is never echoed). */
  tenantId: string | null;
  /** The stored credential concerned, when the action names one. */
  credentialId?: string;
  /** What was attempted. */
  action: TenantAuditAction;
  /** The session's method, once known (`initialize` and `resolve`). */
  method?: TenantMethod;
  /** `denied`: refused by validation or policy; `error`: failed; `success`: done. */
  outcome: "success" | "denied" | "error";
  /** The error code when not `success`. */
  code?: string;
}

/** `bedrockClientConfig()` of a session: ready for `new BedrockRuntimeClient(...)`. */
export interface TenantBedrockClientConfig {
  /** As {@link TenantSession.region}. */
  region: string;
  /** As {@link TenantSession.credentials}. */
  credentials: AwsCredentialIdentityProvider;
  /** SigV4 first, so an `AWS_BEARER_TOKEN_BEDROCK` in the environment cannot take over. */
  authSchemePreference: string[];
}

/** The JSON form of a {@link TenantSession}: no credentials. */
export interface TenantSessionJson {
  /** As {@link TenantSession.tenantId}. */
  tenantId: string;
  /** As {@link TenantSession.method}. */
  method: TenantMethod;
  /** As {@link TenantSession.region}. */
  region: string;
  /** As {@link TenantSession.modelId}; absent when unset. */
  modelId?: string;
  /** As {@link TenantSession.temperature}; absent when unset. */
  temperature?: number;
  /** As {@link TenantSession.maxTokens}; absent when unset. */
  maxTokens?: number;
  /** As {@link TenantSession.credentialId}; only for `stored` sessions. */
  credentialId?: string;
  /** As {@link TenantSession.roleArn}; only for `assume-role` sessions. */
  roleArn?: string;
}

/**
 * A tenant's initialized session. `credentials` is the only part that yields key material;
 * `JSON.stringify`, `String()` and `util.inspect` show {@link TenantSessionJson}.
 */
export interface TenantSession {
  /** The tenant the session belongs to. */
  readonly tenantId: string;
  /** How the session gets its credentials: `direct`, `stored`, `service-defaults` or `assume-role`. */
  readonly method: TenantMethod;
  /**
   * AWS region: the body's `awsRegion` → the stored credential's region →
   * `serviceDefaults.region` → `us-east-1`.
   */
  readonly region: string;
  /** The body's `modelId`, else `serviceDefaults.modelId`; `undefined` when neither is set. */
  readonly modelId: string | undefined;
  /** The body's `temperature` (0 to 1), passed through for the caller's model calls. */
  readonly temperature: number | undefined;
  /** The body's `maxTokens` (1 to `maxTokensLimit`), passed through for the caller's model calls. */
  readonly maxTokens: number | undefined;
  /** For `stored` sessions. */
  readonly credentialId: string | undefined;
  /** For `assume-role` sessions. */
  readonly roleArn: string | undefined;
  /**
   * The tenant's credentials for an AWS SDK client. For stored credentials and roles it goes
   * through the resolver's cache on every call, so a rotation or deletion takes effect at once.
   */
  readonly credentials: AwsCredentialIdentityProvider;
  /** `{ region, credentials, authSchemePreference: ["sigv4"] }` for `BedrockRuntimeClient`. */
  bedrockClientConfig(): TenantBedrockClientConfig;
  /**
   * After a service refused the session's key (revoked or rotated outside credchain): reads the
   * stored credential (or assumes the role) again — once for all concurrent callers — and resolves
   * whether the key changed. `refreshOnAuthFailure(session)` calls it; `direct` and
   * `service-defaults` sessions have nothing to re-read and resolve `false`.
   */
  recoverFromAuthFailure(failed?: FailedIdentity): Promise<boolean>;
  /** The secret-free JSON form: everything but `credentials`. */
  toJSON(): TenantSessionJson;
  /** `TenantSession(<tenantId>, <method>)`. */
  toString(): string;
}

/** Options of {@link TenantResolver.rotateCredentials}. */
export interface TenantRotateOptions {
  /**
   * Call STS `GetCallerIdentity` with the new key before it replaces the old one (through
   * `TenantResolverOptions.sts`).
   * @default false
   */
  verify?: boolean;
}

/** The tenant resolver: see {@link createTenantResolver}. */
export interface TenantResolver {
  /**
   * Validates `body` (exactly one method: direct keys, `credentialId`, `useServiceDefaults: true`
   * or `roleArn`; plus `awsRegion`, `modelId`, `temperature`, `maxTokens`), resolves the
   * credentials once so errors surface here, and returns the session.
   */
  initialize(tenantId: string, body: unknown): Promise<TenantSession>;
  /** Stores a long-term key pair under `body.credentialId`; returns its metadata. */
  storeCredentials(tenantId: string, body: unknown): Promise<CredentialMetadata>;
  /** The tenant's stored credentials, metadata only. */
  listCredentials(tenantId: string): Promise<CredentialMetadata[]>;
  /** Deletes a stored credential; `false` when the tenant had none with that id. */
  deleteCredentials(tenantId: string, credentialId: string): Promise<boolean>;
  /**
   * Replaces a stored credential's keys; sessions using it switch on their next call. With
   * `{ verify: true }` the new key is first checked with STS `GetCallerIdentity` (needs
   * `@aws-sdk/client-sts`); a key STS refuses is `TENANT_INVALID_BODY` and the old key stays.
   */
  rotateCredentials(
    tenantId: string,
    credentialId: string,
    body: unknown,
    options?: TenantRotateOptions,
  ): Promise<CredentialMetadata>;
  /** Drops cached providers of one tenant (or one of its credentials), e.g. after another process rotated. */
  invalidate(tenantId: string, credentialId?: string): void;
}
