import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { isCredchainError } from "../core/CredchainError.js";
import type { Logger } from "../core/Logger.js";
import { REFRESH_BEFORE_MS } from "../core/refresh.js";
import { lruCache } from "../internal/lazyLru.js";
import { markMemoized } from "../internal/markMemoized.js";
import { fromAssumeRole, type FromAssumeRoleInit } from "../sources/fromAssumeRole.js";
import type { CredentialStore } from "./CredentialStore.js";
import { roleSessionNameFor } from "./roleSessionName.js";
import { credentialNotFoundError } from "./storeErrors.js";
import type { StoredCredential } from "./StoredCredential.js";
import type { createTenantAudit } from "./tenantAudit.js";
import { foreignRecord, rethrowAsStoreError } from "./tenantAudit.js";

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
  /** Forgets the role's cached STS credentials. */
  readonly invalidate: () => void;
  /** The credentials the source last returned. */
  last: AwsCredentialIdentity | undefined;
  /** Until then a call returns `last` directly; from then on the source refreshes it. */
  freshUntil: number;
}

/** What the resolver caches for one tenant: a few credentials or roles, so plain bounded maps. */
interface TenantEntry {
  /** By credential id. */
  readonly stored: Map<string, StoredSlot>;
  /** By `<roleArn>|<externalId>`; created with the tenant's first role. */
  roles: Map<string, RoleSlot> | undefined;
}

/** Per tenant, at most this many stored credentials and roles are cached (the first added goes first). */
export const MAX_PROVIDERS_PER_TENANT = 32;

/** Settings of {@link createTenantProviderCache}. */
export interface TenantProviderCacheInit {
  store: CredentialStore;
  maxTenants: number;
  ttlMs: number;
  now: () => number;
  logger: Logger | undefined;
  audit: ReturnType<typeof createTenantAudit>;
  /** Settings every tenant role shares (STS endpoint, duration, master credentials). */
  role: Omit<FromAssumeRoleInit, "roleArn" | "externalId" | "roleSessionName">;
}

/**
 * The resolver's provider cache: one LRU entry per tenant (so one busy tenant occupies one slot
 * however many credentials it has), each holding its stored records (re-read after `ttlMs`) and its
 * assumed roles (refreshed 5 minutes before expiry). Every key is scoped by the tenant.
 */
export function createTenantProviderCache(init: TenantProviderCacheInit) {
  const { store, now, ttlMs, audit } = init;
  // ttlResolution 0: read the (injectable) clock on every check instead of caching it behind a
  // 1 ms timer, so TTLs follow an injected clock exactly.
  const Lru = lruCache();
  const tenants = new Lru<string, TenantEntry>({
    max: init.maxTenants,
    ttl: ttlMs,
    ttlResolution: 0,
    updateAgeOnGet: true,
    perf: { now },
  });

  // Looking a tenant up marks it used (LRU order and idle TTL), on every call, hits included.
  const tenantEntry = (tenantId: string): TenantEntry => {
    let entry = tenants.get(tenantId);
    if (entry === undefined) {
      entry = { stored: new Map(), roles: undefined };
      tenants.set(tenantId, entry);
    }
    return entry;
  };

  const readStored = (tenantId: string, credentialId: string): Promise<StoredCredential> =>
    audit.audited("resolve", tenantId, { credentialId, method: "stored" }, async () => {
      const record = await store
        .get(tenantId, credentialId)
        .catch(rethrowAsStoreError(store.name, tenantId, "read"));
      if (record === undefined) throw credentialNotFoundError(tenantId, credentialId);
      if (record.tenantId !== tenantId || record.credentialId !== credentialId) {
        throw foreignRecord(store.name, tenantId);
      }
      return record;
    });

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

  // A hit: the tenant is cached and its record is read and within ttlMs. Store, rotate, delete and
  // invalidate remove the slot, and eviction removes the tenant, so a hit never serves replaced keys.
  const storedHit = (tenantId: string, credentialId: string): StoredCredential | undefined => {
    const slot = tenants.get(tenantId)?.stored.get(credentialId);
    return slot?.loaded !== undefined && now() <= slot.expiresAt ? slot.loaded : undefined;
  };

  const roleSlot = (
    tenantId: string,
    roleArn: string,
    externalId: string | undefined,
  ): RoleSlot => {
    const source = fromAssumeRole({
      ...init.role,
      roleArn,
      ...(externalId === undefined ? {} : { externalId }),
      roleSessionName: roleSessionNameFor(tenantId),
      refreshBeforeMs: REFRESH_BEFORE_MS,
      now,
    });
    // fromAssumeRole caches until 5 minutes before expiry; this layer audits each STS result and
    // lets calls before that point skip the source.
    const slot: RoleSlot = {
      last: undefined,
      freshUntil: -Infinity,
      invalidate: () => {
        source.invalidate?.();
        slot.last = undefined;
        slot.freshUntil = -Infinity;
      },
      load: async () => {
        try {
          const result = await source.resolve({ provider: "bedrock", logger: init.logger });
          const identity = result.credentials as AwsCredentialIdentity;
          if (identity !== slot.last) {
            slot.last = identity;
            slot.freshUntil =
              identity.expiration === undefined
                ? Infinity
                : identity.expiration.getTime() - REFRESH_BEFORE_MS;
            audit.emit({ tenantId, action: "resolve", method: "assume-role", outcome: "success" });
          }
          return identity;
        } catch (error) {
          const code = isCredchainError(error) ? error.code : "UNEXPECTED";
          audit.emit({
            tenantId,
            action: "resolve",
            method: "assume-role",
            outcome: "error",
            code,
          });
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

  return {
    loadStored,
    /** A provider over the tenant's stored record: a hit answers at once, else the full path. */
    storedProvider(tenantId: string, credentialId: string): AwsCredentialIdentityProvider {
      return markMemoized(() => {
        const hit = storedHit(tenantId, credentialId);
        return hit !== undefined
          ? Promise.resolve(hit.identity())
          : loadStored(tenantId, credentialId).then((record) => record.identity());
      });
    },
    /** A provider over the tenant's assumed role. */
    roleProvider(
      tenantId: string,
      roleArn: string,
      externalId: string | undefined,
    ): AwsCredentialIdentityProvider {
      const key = roleKey(roleArn, externalId);
      return markMemoized(() => {
        const slot = tenants.get(tenantId)?.roles?.get(key);
        return slot?.last !== undefined && now() < slot.freshUntil
          ? Promise.resolve(slot.last)
          : loadRole(tenantId, roleArn, externalId);
      });
    },
    /** Drops a tenant's cached providers, or one stored credential's (and STS results of its roles). */
    invalidate(tenantId: string, credentialId?: string): void {
      if (credentialId === undefined) {
        for (const slot of tenants.peek(tenantId)?.roles?.values() ?? []) slot.invalidate();
        tenants.delete(tenantId);
      } else {
        tenants.peek(tenantId)?.stored.delete(credentialId);
      }
    },
  };
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
