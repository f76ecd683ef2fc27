import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { lazySchema } from "../core/lazyZod.js";
import { isValidRegion } from "../core/region.js";
import { isCredchainError } from "../core/CredchainError.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import type { Logger } from "../core/Logger.js";
import { TenantError } from "../core/TenantError.js";
import { lruCache } from "../internal/lazyLru.js";
import { fromAssumeRole } from "../sources/fromAssumeRole.js";
import type { FromAssumeRoleInit } from "../sources/fromAssumeRole.js";
import type { CredentialStore } from "./CredentialStore.js";
import { credentialNotFoundError } from "./storeErrors.js";
import type { CredentialMetadata } from "./StoredCredential.js";
import { StoredCredential } from "./StoredCredential.js";
import { parseInitializeBody, parseRotateBody, parseStoreBody } from "./tenantBodies.js";
import type { InitializeBody, MethodPolicy, TenantMethod } from "./tenantBodies.js";
import { assertCredentialId, assertTenantId } from "./tenantIds.js";

export type { TenantMethod };

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const DEFAULT_REGION = "us-east-1";

/** The service's own credentials and defaults. */
export interface TenantServiceDefaults {
  /**
   * The service's credential chain: served to tenants that send `useServiceDefaults: true` (when
   * allowed), and the master credentials for assumed roles.
   * @default the AWS SDK's default chain, loaded on first use
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
   * @default `serviceDefaults.credentials`, else the AWS SDK's default chain
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
  /** The secret-free JSON form: everything but `credentials`. */
  toJSON(): TenantSessionJson;
  /** `TenantSession(<tenantId>, <method>)`. */
  toString(): string;
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
  /** Replaces a stored credential's keys; sessions using it switch on their next call. */
  rotateCredentials(
    tenantId: string,
    credentialId: string,
    body: unknown,
  ): Promise<CredentialMetadata>;
  /** Drops cached providers of one tenant (or one of its credentials), e.g. after another process rotated. */
  invalidate(tenantId: string, credentialId?: string): void;
}

const optionsSchema = lazySchema((z) =>
  z.object({
    allowServiceDefaults: z.boolean().optional(),
    allowDirect: z.boolean().optional(),
    allowAssumeRole: z.boolean().optional(),
    cache: z
      .object({
        maxTenants: z.number().int().positive().optional(),
        ttlMs: z.number().int().positive().optional(),
      })
      .optional(),
    maxTokensLimit: z.number().int().positive().optional(),
    serviceDefaults: z
      .object({
        region: z
          .string()
          .refine(isValidRegion, { error: "must be an AWS region code such as us-east-1" })
          .optional(),
        modelId: z.string().min(1).optional(),
      })
      .optional(),
  }),
);

/** A stored credential's record: read once per `ttlMs`, the read shared by concurrent callers. */
interface StoredSlot {
  /** The last moment (on the resolver's clock) the record may be served. */
  readonly expiresAt: number;
  /** The read, in flight or done. A failed read leaves the cache, so the next call reads again. */
  readonly record: Promise<StoredCredential>;
  /** The record once read: what a cache hit serves without awaiting anything. */
  loaded: StoredCredential | undefined;
}

/** A tenant's assumed role: the source (it caches the STS result) and the last credentials. */
interface RoleSlot {
  readonly load: () => Promise<AwsCredentialIdentity>;
  /** The credentials the source last returned. */
  last: AwsCredentialIdentity | undefined;
  /** Until then a call returns `last` directly; from then on the source refreshes it. */
  freshUntil: number;
}

/**
 * What the resolver caches for one tenant. A tenant rarely has more than a few credentials or
 * roles in use, so these are plain maps, bounded by {@link MAX_PROVIDERS_PER_TENANT}.
 */
interface TenantEntry {
  /** By credential id. */
  readonly stored: Map<string, StoredSlot>;
  /** By `<roleArn>|<externalId>`; created with the tenant's first role. */
  roles: Map<string, RoleSlot> | undefined;
}

const MAX_PROVIDERS_PER_TENANT = 32;
/** Assumed-role credentials are refreshed this long before they expire (the SDK's window). */
const ROLE_REFRESH_BEFORE_MS = 300_000;

/**
 * Resolves AWS credentials for many tenants (merchants), each with its own AWS account.
 *
 * A tenant initializes a session with exactly one method:
 * 1. **stored** `{ credentialId }`: keys saved earlier with `storeCredentials` (production),
 * 2. **assume-role** `{ roleArn, externalId? }`: STS AssumeRole with the service's chain as master
 *    credentials, `RoleSessionName` naming the tenant, cached until 5 minutes before expiry
 *    (production),
 * 3. **direct** `{ awsAccessKeyId, awsSecretAccessKey }`: keys in the request (`allowDirect`),
 * 4. **service-defaults** `{ useServiceDefaults: true }`: the service's own credentials, only
 *    with `allowServiceDefaults: true`.
 *
 * Tenant and credential ids must match `TENANT_ID_PATTERN` and are checked before the store is
 * touched; every store call and cache key is scoped by the tenant, so one tenant can never read,
 * list, resolve or invalidate another's credentials. Tenants' providers are cached in a bounded
 * LRU (`cache.maxTenants`) and dropped on store, rotate and delete. Every action emits an audit
 * event without secrets.
 *
 * @see memoryCredentialStore, encryptedFileCredentialStore, secretsManagerCredentialStore
 * @example
 * ```ts
 * const tenants = createTenantResolver({
 *   store: secretsManagerCredentialStore({ prefix: "myapp/tenants/" }),
 *   audit: (event) => auditLog.write(event),
 * });
 * await tenants.storeCredentials("merchant-abc", {
 *   credentialId: "primary", awsAccessKeyId, awsSecretAccessKey, awsRegion: "us-east-2",
 * });
 * const session = await tenants.initialize("merchant-abc", { credentialId: "primary" });
 * const bedrock = new BedrockRuntimeClient(session.bedrockClientConfig());
 * ```
 */
export function createTenantResolver(options: TenantResolverOptions): TenantResolver {
  const parsed = optionsSchema().safeParse(options);
  if (!parsed.success || typeof options.store?.get !== "function") {
    const option = parsed.success ? "store" : parsed.error.issues[0]?.path.join(".") || "options";
    throw new CredentialConfigError(
      "INVALID_OPTION",
      `createTenantResolver: option ${option} is not valid.`,
      {
        hint: "Pass a CredentialStore as store, booleans for allow*, positive integers for cache sizes and limits.",
      },
    );
  }
  const { store, logger } = options;
  const now = options.now ?? (() => Date.now());
  const ttlMs = options.cache?.ttlMs ?? 300_000;
  const policy: MethodPolicy = {
    allowed: {
      direct: options.allowDirect ?? true,
      stored: true,
      "service-defaults": options.allowServiceDefaults ?? false,
      "assume-role": options.allowAssumeRole ?? true,
    },
    optionFor: {
      direct: "allowDirect",
      stored: "store",
      "service-defaults": "allowServiceDefaults",
      "assume-role": "allowAssumeRole",
    },
    maxTokensLimit: options.maxTokensLimit ?? 200_000,
  };

  // One entry per tenant, so one busy tenant occupies one slot however many credentials it has.
  // ttlResolution 0: read the (injectable) clock on every check instead of caching it behind a
  // 1 ms timer, so TTLs follow an injected clock exactly.
  const Lru = lruCache();
  const tenants = new Lru<string, TenantEntry>({
    max: options.cache?.maxTenants ?? 1000,
    ttl: ttlMs,
    ttlResolution: 0,
    updateAgeOnGet: true,
    perf: { now },
  });

  let serviceChain: AwsCredentialIdentityProvider | undefined;
  const serviceCredentials: AwsCredentialIdentityProvider =
    options.serviceDefaults?.credentials ??
    (async (identityProperties) => {
      if (serviceChain === undefined) {
        const { fromNodeProviderChain } = await import("@aws-sdk/credential-providers");
        serviceChain = fromNodeProviderChain();
      }
      return serviceChain(identityProperties);
    });
  const masterCredentials = options.masterCredentials ?? options.serviceDefaults?.credentials;

  const emit = (event: Omit<TenantAuditEvent, "at">): void => {
    if (options.audit === undefined) return;
    const full: TenantAuditEvent = { at: new Date(now()).toISOString(), ...event };
    const report = (error: unknown) =>
      logger?.error?.("tenant audit hook failed", {
        action: event.action,
        tenantId: event.tenantId,
        code: isCredchainError(error) ? error.code : undefined,
      });
    try {
      const result = options.audit(full);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  };

  // Runs one action: emits its audit event with the outcome, wraps store failures.
  const audited = async <T>(
    action: TenantAuditAction,
    rawTenantId: unknown,
    details: { credentialId?: string | undefined; method?: TenantMethod | undefined },
    run: (scope: { method?: TenantMethod; credentialId?: string }) => Promise<T>,
  ): Promise<T> => {
    const tenantId = typeof rawTenantId === "string" && isValid(rawTenantId) ? rawTenantId : null;
    const scope: { method?: TenantMethod; credentialId?: string } = {};
    if (details.method !== undefined) scope.method = details.method;
    if (details.credentialId !== undefined) scope.credentialId = details.credentialId;
    try {
      const result = await run(scope);
      emit({ tenantId, action, ...scope, outcome: "success" });
      return result;
    } catch (error) {
      const code = isCredchainError(error) ? error.code : "UNEXPECTED";
      const denied =
        code === "TENANT_INVALID_ID" ||
        code === "TENANT_INVALID_BODY" ||
        code === "TENANT_METHOD_NOT_ALLOWED";
      emit({ tenantId, action, ...scope, outcome: denied ? "denied" : "error", code });
      logger?.debug?.(`tenant ${action} refused`, { tenantId, code });
      throw error;
    }
  };

  // The tenant's entry, created on first use. Looking it up marks the tenant used (LRU order and
  // idle TTL), on every call, cache hits included.
  const tenantEntry = (tenantId: string): TenantEntry => {
    let entry = tenants.get(tenantId);
    if (entry === undefined) {
      entry = { stored: new Map(), roles: undefined };
      tenants.set(tenantId, entry);
    }
    return entry;
  };

  const invalidate = (tenantId: string, credentialId?: string): void => {
    if (credentialId === undefined) tenants.delete(tenantId);
    else tenants.peek(tenantId)?.stored.delete(credentialId);
  };

  // A cache hit: the tenant is cached and its record of `credentialId` is read and within ttlMs.
  // Store, rotate, delete and invalidate remove the slot, and eviction removes the tenant, so a
  // hit never serves keys those have replaced.
  const storedHit = (tenantId: string, credentialId: string): StoredCredential | undefined => {
    const slot = tenants.get(tenantId)?.stored.get(credentialId);
    return slot?.loaded !== undefined && now() <= slot.expiresAt ? slot.loaded : undefined;
  };

  const readStored = (tenantId: string, credentialId: string): Promise<StoredCredential> =>
    audited("resolve", tenantId, { credentialId, method: "stored" }, async () => {
      const record = await store
        .get(tenantId, credentialId)
        .catch(rethrowAsStoreError(store.name, tenantId, "read"));
      if (record === undefined) throw credentialNotFoundError(tenantId, credentialId);
      if (record.tenantId !== tenantId || record.credentialId !== credentialId) {
        throw foreignRecord(store.name, tenantId);
      }
      return record;
    });

  // The stored record (keys and region), read once per TTL and shared by concurrent callers.
  const loadStored = (tenantId: string, credentialId: string): Promise<StoredCredential> => {
    const { stored } = tenantEntry(tenantId);
    const current = stored.get(credentialId);
    if (current !== undefined && now() <= current.expiresAt) return current.record;
    const slot: StoredSlot = {
      expiresAt: now() + ttlMs,
      loaded: undefined,
      record: readStored(tenantId, credentialId).then(
        (record) => {
          slot.loaded = record;
          return record;
        },
        (error: unknown) => {
          if (stored.get(credentialId) === slot) stored.delete(credentialId);
          throw error;
        },
      ),
    };
    putBounded(stored, credentialId, slot);
    return slot.record;
  };

  const roleSlot = (
    tenantId: string,
    roleArn: string,
    externalId: string | undefined,
  ): RoleSlot => {
    const source = fromAssumeRole({
      roleArn,
      ...(externalId === undefined ? {} : { externalId }),
      roleSessionName: roleSessionNameFor(tenantId),
      ...(options.assumeRole?.durationSeconds === undefined
        ? {}
        : { durationSeconds: options.assumeRole.durationSeconds }),
      ...(options.assumeRole?.region === undefined ? {} : { region: options.assumeRole.region }),
      ...(options.assumeRole?.clientConfig === undefined
        ? {}
        : { clientConfig: options.assumeRole.clientConfig }),
      ...(masterCredentials === undefined ? {} : { masterCredentials }),
      refreshBeforeMs: ROLE_REFRESH_BEFORE_MS,
      now,
    });
    // fromAssumeRole caches until 5 minutes before expiry; this layer audits each STS result and
    // lets calls before that point skip the source.
    const slot: RoleSlot = {
      last: undefined,
      freshUntil: -Infinity,
      load: async () => {
        try {
          const result = await source.resolve({ provider: "bedrock", logger });
          const identity = result.credentials as AwsCredentialIdentity;
          if (identity !== slot.last) {
            slot.last = identity;
            slot.freshUntil =
              identity.expiration === undefined
                ? Infinity
                : identity.expiration.getTime() - ROLE_REFRESH_BEFORE_MS;
            emit({ tenantId, action: "resolve", method: "assume-role", outcome: "success" });
          }
          return identity;
        } catch (error) {
          const code = isCredchainError(error) ? error.code : "UNEXPECTED";
          emit({ tenantId, action: "resolve", method: "assume-role", outcome: "error", code });
          throw error;
        }
      },
    };
    return slot;
  };

  // Role slots are kept until evicted with their tenant: expiry is fromAssumeRole's business.
  const loadRole = (
    tenantId: string,
    roleArn: string,
    externalId: string | undefined,
  ): Promise<AwsCredentialIdentity> => {
    const entry = tenantEntry(tenantId);
    const roles = (entry.roles ??= new Map<string, RoleSlot>());
    const key = roleKey(roleArn, externalId);
    let slot = roles.get(key);
    if (slot === undefined) {
      slot = roleSlot(tenantId, roleArn, externalId);
      putBounded(roles, key, slot);
    }
    return slot.load();
  };

  const sessionProvider = (
    tenantId: string,
    body: InitializeBody,
  ): AwsCredentialIdentityProvider => {
    switch (body.method) {
      case "direct": {
        const identity: AwsCredentialIdentity = Object.freeze({
          accessKeyId: body.awsAccessKeyId,
          secretAccessKey: body.awsSecretAccessKey,
          ...(body.awsSessionToken === undefined ? {} : { sessionToken: body.awsSessionToken }),
        });
        return async () => identity;
      }
      case "stored": {
        const { credentialId } = body;
        // A hit returns at once; anything else (first read, TTL passed, invalidated, tenant
        // evicted) takes the full path.
        return () => {
          const hit = storedHit(tenantId, credentialId);
          return hit !== undefined
            ? Promise.resolve(hit.identity())
            : loadStored(tenantId, credentialId).then((record) => record.identity());
        };
      }
      case "service-defaults":
        return serviceCredentials;
      case "assume-role": {
        const { roleArn, externalId } = body;
        const key = roleKey(roleArn, externalId);
        return () => {
          const slot = tenants.get(tenantId)?.roles?.get(key);
          return slot?.last !== undefined && now() < slot.freshUntil
            ? Promise.resolve(slot.last)
            : loadRole(tenantId, roleArn, externalId);
        };
      }
    }
  };

  const resolver: TenantResolver = {
    async initialize(tenantId, rawBody) {
      return audited("initialize", tenantId, {}, async (scope) => {
        assertTenantId(tenantId);
        const body = parseInitializeBody(tenantId, rawBody, policy);
        scope.method = body.method;
        if (body.method === "stored") scope.credentialId = body.credentialId;
        if (body.method === "assume-role") {
          const assigned = await options.assumeRole?.externalIdFor?.(tenantId);
          if (options.assumeRole?.externalIdFor !== undefined) {
            if (body.externalId !== undefined) {
              throw new TenantError(
                "TENANT_INVALID_BODY",
                "initialize: externalId is assigned by the service and may not be sent.",
                { hint: "Leave externalId out; the service adds the one it issued.", tenantId },
              );
            }
            if (assigned !== undefined) body.externalId = assigned;
          }
          const authorize = options.assumeRole?.authorizeRole;
          if (authorize !== undefined && !(await authorize(tenantId, body.roleArn))) {
            throw new TenantError(
              "TENANT_METHOD_NOT_ALLOWED",
              "initialize: this tenant may not assume the role in roleArn.",
              { hint: "Register the role's account for this tenant first.", tenantId },
            );
          }
        }
        const credentials = sessionProvider(tenantId, body);
        // Resolve once now: a missing credential or refused role fails initialize, and the cache
        // is warm for the first SDK call.
        let storedRegion: string | undefined;
        if (body.method === "stored") {
          storedRegion = (await loadStored(tenantId, body.credentialId)).region;
        } else {
          await credentials();
        }
        const region =
          body.awsRegion ?? storedRegion ?? options.serviceDefaults?.region ?? DEFAULT_REGION;
        return createSession({
          tenantId,
          method: body.method,
          region,
          modelId: body.modelId ?? options.serviceDefaults?.modelId,
          temperature: body.temperature,
          maxTokens: body.maxTokens,
          credentialId: body.method === "stored" ? body.credentialId : undefined,
          roleArn: body.method === "assume-role" ? body.roleArn : undefined,
          credentials,
        });
      });
    },

    async storeCredentials(tenantId, rawBody) {
      return audited("store", tenantId, {}, async (scope) => {
        assertTenantId(tenantId);
        const body = parseStoreBody(tenantId, rawBody);
        scope.credentialId = body.credentialId;
        const record = new StoredCredential({
          tenantId,
          credentialId: body.credentialId,
          awsAccessKeyId: body.awsAccessKeyId,
          awsSecretAccessKey: body.awsSecretAccessKey,
          region: body.awsRegion,
          description: body.description,
          createdAt: new Date(now()),
        });
        await store.create(record).catch(rethrowAsStoreError(store.name, tenantId, "store"));
        invalidate(tenantId, body.credentialId);
        logger?.debug?.("tenant credential stored", { tenantId, credentialId: body.credentialId });
        return record.metadata();
      });
    },

    async listCredentials(tenantId) {
      return audited("list", tenantId, {}, async () => {
        assertTenantId(tenantId);
        const items = await store
          .list(tenantId)
          .catch(rethrowAsStoreError(store.name, tenantId, "list"));
        if (items.some((item) => item.tenantId !== tenantId)) {
          throw foreignRecord(store.name, tenantId);
        }
        return items;
      });
    },

    async deleteCredentials(tenantId, credentialId) {
      return audited("delete", tenantId, {}, async (scope) => {
        assertTenantId(tenantId);
        assertCredentialId(credentialId, tenantId);
        scope.credentialId = credentialId;
        try {
          return await store
            .delete(tenantId, credentialId)
            .catch(rethrowAsStoreError(store.name, tenantId, "delete"));
        } finally {
          invalidate(tenantId, credentialId);
        }
      });
    },

    async rotateCredentials(tenantId, credentialId, rawBody) {
      return audited("rotate", tenantId, {}, async (scope) => {
        assertTenantId(tenantId);
        assertCredentialId(credentialId, tenantId);
        scope.credentialId = credentialId;
        const keys = parseRotateBody(tenantId, rawBody);
        // The store swaps the keys atomically; until the swap the cache serves the old ones, and
        // from the moment it returns the next call reads the new ones.
        const metadata = await store
          .rotate(tenantId, credentialId, keys, new Date(now()))
          .catch(rethrowAsStoreError(store.name, tenantId, "rotate"));
        invalidate(tenantId, credentialId);
        logger?.debug?.("tenant credential rotated", { tenantId, credentialId });
        return metadata;
      });
    },

    invalidate(tenantId, credentialId) {
      assertTenantId(tenantId);
      if (credentialId === undefined) {
        invalidate(tenantId);
      } else {
        assertCredentialId(credentialId, tenantId);
        invalidate(tenantId, credentialId);
      }
    },
  };
  return Object.freeze(resolver);
}

function roleKey(roleArn: string, externalId: string | undefined): string {
  return `${roleArn}|${externalId ?? ""}`;
}

/** Adds to a per-tenant map; when it is full, the entry added first is dropped (and reloaded on its next use). */
function putBounded<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= MAX_PROVIDERS_PER_TENANT) {
    const first = map.keys().next();
    if (first.done !== true) map.delete(first.value);
  }
  map.set(key, value);
}

function isValid(id: string): boolean {
  try {
    assertTenantId(id);
    return true;
  } catch {
    return false;
  }
}

/** `RoleSessionName` (2–64 of `[\w+=,.@-]`) naming the tenant: `tenant-<id>`, or the id alone. */
export function roleSessionNameFor(tenantId: string): string {
  const prefixed = `tenant-${tenantId}`;
  return prefixed.length <= 64 ? prefixed : tenantId;
}

function foreignRecord(storeName: string, tenantId: string): TenantError {
  return new TenantError(
    "TENANT_STORE_CORRUPT",
    `Credential store ${storeName} returned a record that does not belong to tenant ${tenantId}.`,
    {
      hint: "The store breaks the CredentialStore contract; fix it before serving tenants.",
      tenantId,
    },
  );
}

function rethrowAsStoreError(storeName: string, tenantId: string, operation: string) {
  return (error: unknown): never => {
    if (isCredchainError(error)) throw error;
    const name = error instanceof Error ? error.name : "error";
    throw new TenantError(
      "TENANT_STORE_FAILED",
      `Credential store ${storeName} failed to ${operation} (${name}).`,
      {
        hint: "Check the store's availability and permissions; see the cause.",
        cause: error,
        tenantId,
      },
    );
  };
}

interface SessionInit {
  tenantId: string;
  method: TenantMethod;
  region: string;
  modelId: string | undefined;
  temperature: number | undefined;
  maxTokens: number | undefined;
  credentialId: string | undefined;
  roleArn: string | undefined;
  credentials: AwsCredentialIdentityProvider;
}

function createSession(init: SessionInit): TenantSession {
  const json = (): TenantSessionJson => {
    const out: TenantSessionJson = {
      tenantId: init.tenantId,
      method: init.method,
      region: init.region,
    };
    if (init.modelId !== undefined) out.modelId = init.modelId;
    if (init.temperature !== undefined) out.temperature = init.temperature;
    if (init.maxTokens !== undefined) out.maxTokens = init.maxTokens;
    if (init.credentialId !== undefined) out.credentialId = init.credentialId;
    if (init.roleArn !== undefined) out.roleArn = init.roleArn;
    return out;
  };
  const session = {
    ...init,
    bedrockClientConfig: (): TenantBedrockClientConfig => ({
      region: init.region,
      credentials: init.credentials,
      authSchemePreference: ["sigv4"],
    }),
    toJSON: json,
    toString: () => `TenantSession(${init.tenantId}, ${init.method})`,
    [INSPECT]: () => `TenantSession ${JSON.stringify(json())}`,
  };
  return Object.freeze(session);
}
