import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { DEFAULT_REGION } from "../core/region.js";
import { TenantError } from "../core/TenantError.js";
import { verifyNewKey } from "./verifyNewKey.js";
import { lazySharedAwsChain } from "../chain/sharedAwsChain.js";
import { createTenantSession } from "./createTenantSession.js";
import { StoredCredential } from "./StoredCredential.js";
import { createTenantAudit, foreignRecord, rethrowAsStoreError } from "./tenantAudit.js";
import { parseInitializeBody, parseRotateBody, parseStoreBody } from "./tenantBodies.js";
import type { InitializeBody, MethodPolicy } from "./tenantBodies.js";
import { assertCredentialId, assertTenantId } from "./tenantIds.js";
import { createTenantProviderCache } from "./tenantProviderCache.js";
import type { TenantResolver, TenantResolverOptions } from "./TenantResolver.js";
import { checkRotateOptions, checkTenantResolverOptions } from "./tenantResolverOptions.js";

export type {
  TenantAssumeRoleOptions,
  TenantAuditAction,
  TenantAuditEvent,
  TenantBedrockClientConfig,
  TenantMethod,
  TenantResolver,
  TenantResolverOptions,
  TenantRotateOptions,
  TenantServiceDefaults,
  TenantSession,
  TenantSessionJson,
} from "./TenantResolver.js";

/**
 * Resolves AWS credentials for many tenants (merchants), each with its own AWS account.
 *
 * A tenant initializes a session with exactly one method:
 * 1. **stored** `{ credentialId }`: keys saved earlier with `storeCredentials` (production),
 * 2. **assume-role** `{ roleArn, externalId? }`: STS AssumeRole with the service identity as master
 *    credentials (`masterCredentials`, else `serviceDefaults.credentials`, else
 *    `sharedAwsChain()`), `RoleSessionName` naming the tenant, cached until 5 minutes before
 *    expiry (production),
 * 3. **direct** `{ awsAccessKeyId, awsSecretAccessKey }`: keys in the request (`allowDirect`),
 * 4. **service-defaults** `{ useServiceDefaults: true }`: the service's own credentials
 *    (`serviceDefaults.credentials`, else `sharedAwsChain()`), only with
 *    `allowServiceDefaults: true`.
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
  options = checkTenantResolverOptions(options);
  const { store, logger } = options;
  const now = options.now ?? (() => Date.now());
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
  const audit = createTenantAudit(options.audit, logger, now);
  const { audited } = audit;

  // The service identity (env pair → ./.env → SDK default chain without its env link), the one
  // every other credchain AWS call signs with; looked up on first use, as process.env is then.
  // It heals like every other client of it: sessions ask it on each request (marked memoized, so
  // the SDK keeps no copy) and recover through it; so does AssumeRole for tenants' roles.
  const serviceChain =
    options.serviceDefaults?.credentials === undefined ? lazySharedAwsChain() : undefined;
  const serviceCredentials: AwsCredentialIdentityProvider =
    serviceChain?.credentials ?? options.serviceDefaults!.credentials!;
  const masterCredentials = options.masterCredentials ?? serviceChain ?? serviceCredentials;
  const assumeRole = options.assumeRole;
  const cache = createTenantProviderCache({
    store,
    maxTenants: options.cache?.maxTenants ?? 1000,
    ttlMs: options.cache?.ttlMs ?? 300_000,
    now,
    logger,
    audit,
    role: {
      ...(assumeRole?.durationSeconds === undefined
        ? {}
        : { durationSeconds: assumeRole.durationSeconds }),
      ...(assumeRole?.region === undefined ? {} : { region: assumeRole.region }),
      ...(assumeRole?.clientConfig === undefined ? {} : { clientConfig: assumeRole.clientConfig }),
      ...(masterCredentials === undefined ? {} : { masterCredentials }),
    },
  });

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
      case "stored":
        return cache.storedProvider(tenantId, body.credentialId);
      case "service-defaults":
        return serviceCredentials;
      case "assume-role":
        return cache.roleProvider(tenantId, body.roleArn, body.externalId);
    }
  };

  // The service assigns ExternalIds (a body may not choose one) and may restrict roles per tenant.
  const applyRolePolicy = async (tenantId: string, body: InitializeBody): Promise<void> => {
    if (body.method !== "assume-role") return;
    if (assumeRole?.externalIdFor !== undefined) {
      if (body.externalId !== undefined) {
        throw new TenantError(
          "TENANT_INVALID_BODY",
          "initialize: externalId is assigned by the service and may not be sent.",
          { hint: "Leave externalId out; the service adds the one it issued.", tenantId },
        );
      }
      const assigned = await assumeRole.externalIdFor(tenantId);
      if (assigned !== undefined) body.externalId = assigned;
    }
    const authorize = assumeRole?.authorizeRole;
    if (authorize !== undefined && !(await authorize(tenantId, body.roleArn))) {
      throw new TenantError(
        "TENANT_METHOD_NOT_ALLOWED",
        "initialize: this tenant may not assume the role in roleArn.",
        { hint: "Register the role's account for this tenant first.", tenantId },
      );
    }
  };

  const resolver: TenantResolver = {
    async initialize(tenantId, rawBody) {
      return audited("initialize", tenantId, {}, async (scope) => {
        assertTenantId(tenantId);
        const body = parseInitializeBody(tenantId, rawBody, policy);
        scope.method = body.method;
        if (body.method === "stored") scope.credentialId = body.credentialId;
        await applyRolePolicy(tenantId, body);
        const credentials = sessionProvider(tenantId, body);
        // Resolve once now: a missing credential or refused role fails initialize, and the cache
        // is warm for the first SDK call.
        let storedRegion: string | undefined;
        if (body.method === "stored") {
          storedRegion = (await cache.loadStored(tenantId, body.credentialId)).region;
        } else {
          await credentials();
        }
        return createTenantSession({
          tenantId,
          method: body.method,
          region:
            body.awsRegion ?? storedRegion ?? options.serviceDefaults?.region ?? DEFAULT_REGION,
          modelId: body.modelId ?? options.serviceDefaults?.modelId,
          temperature: body.temperature,
          maxTokens: body.maxTokens,
          credentialId: body.method === "stored" ? body.credentialId : undefined,
          roleArn: body.method === "assume-role" ? body.roleArn : undefined,
          credentials,
          forget:
            body.method === "stored"
              ? () => cache.invalidate(tenantId, body.credentialId)
              : body.method === "assume-role"
                ? () => cache.invalidate(tenantId)
                : undefined,
          recover:
            body.method === "service-defaults" ? serviceChain?.recoverFromAuthFailure : undefined,
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
        cache.invalidate(tenantId, body.credentialId);
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
          cache.invalidate(tenantId, credentialId);
        }
      });
    },

    async rotateCredentials(tenantId, credentialId, rawBody, rotateOptions) {
      return audited("rotate", tenantId, {}, async (scope) => {
        assertTenantId(tenantId);
        assertCredentialId(credentialId, tenantId);
        scope.credentialId = credentialId;
        const { verify } = checkRotateOptions(rotateOptions);
        const keys = parseRotateBody(tenantId, rawBody);
        if (verify === true) {
          await verifyNewKey(tenantId, keys, {
            region: options.sts?.region,
            clientConfig: options.sts?.clientConfig,
          });
        }
        // The store swaps the keys atomically; until the swap the cache serves the old ones, and
        // from the moment it returns the next call reads the new ones.
        const metadata = await store
          .rotate(tenantId, credentialId, keys, new Date(now()))
          .catch(rethrowAsStoreError(store.name, tenantId, "rotate"));
        cache.invalidate(tenantId, credentialId);
        logger?.debug?.("tenant credential rotated", { tenantId, credentialId });
        return metadata;
      });
    },

    invalidate(tenantId, credentialId) {
      assertTenantId(tenantId);
      if (credentialId !== undefined) assertCredentialId(credentialId, tenantId);
      cache.invalidate(tenantId, credentialId);
    },
  };
  return Object.freeze(resolver);
}
