import type { CredentialStore } from "./CredentialStore.js";
import { credentialExistsError, credentialNotFoundError } from "./storeErrors.js";
import type { CredentialKeys, CredentialMetadata, StoredCredential } from "./StoredCredential.js";
import { assertStoredCredential } from "./StoredCredential.js";
import { assertCredentialId, assertTenantId } from "./tenantIds.js";

/**
 * A {@link CredentialStore} in process memory: for tests and local development. Records vanish
 * with the process and are not encrypted.
 *
 * @example
 * ```ts
 * const resolver = createTenantResolver({ store: memoryCredentialStore() });
 * ```
 */
export function memoryCredentialStore(): CredentialStore {
  const tenants = new Map<string, Map<string, StoredCredential>>();

  const recordsOf = (tenantId: string): Map<string, StoredCredential> => {
    let records = tenants.get(tenantId);
    if (records === undefined) {
      records = new Map();
      tenants.set(tenantId, records);
    }
    return records;
  };

  return {
    name: "memory",
    async create(record) {
      assertStoredCredential(record, "memory");
      assertTenantId(record.tenantId);
      assertCredentialId(record.credentialId, record.tenantId);
      const records = recordsOf(record.tenantId);
      if (records.has(record.credentialId)) {
        throw credentialExistsError(record.tenantId, record.credentialId);
      }
      records.set(record.credentialId, record);
    },
    async get(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      return tenants.get(tenantId)?.get(credentialId);
    },
    async rotate(tenantId, credentialId, keys: CredentialKeys, rotatedAt) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      const records = tenants.get(tenantId);
      const current = records?.get(credentialId);
      if (records === undefined || current === undefined) {
        throw credentialNotFoundError(tenantId, credentialId);
      }
      const next = current.withKeys(keys, rotatedAt);
      records.set(credentialId, next);
      return next.metadata();
    },
    async list(tenantId): Promise<CredentialMetadata[]> {
      assertTenantId(tenantId);
      const records = [...(tenants.get(tenantId)?.values() ?? [])];
      return records
        .map((r) => r.metadata())
        .sort((a, b) => (a.credentialId < b.credentialId ? -1 : 1));
    },
    async delete(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      const records = tenants.get(tenantId);
      const deleted = records?.delete(credentialId) ?? false;
      if (records !== undefined && records.size === 0) tenants.delete(tenantId);
      return deleted;
    },
  };
}
