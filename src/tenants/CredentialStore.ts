import type { CredentialKeys, CredentialMetadata, StoredCredential } from "./StoredCredential.js";

/**
 * Where a tenant resolver keeps tenants' AWS keys. credchain ships three
 * ({@link memoryCredentialStore}, {@link encryptedFileCredentialStore},
 * {@link secretsManagerCredentialStore}); implement this interface for any other backend.
 *
 * Contract, which the built-in stores' tests check and a custom store must keep:
 * - Every method is scoped by `tenantId`: nothing one tenant's id addresses may return, list,
 *   replace or delete another tenant's record.
 * - `rotate` replaces the keys atomically: a concurrent `get` sees the old keys or the new ones,
 *   never neither.
 * - `list` returns metadata only and should not need to read key material.
 * - Errors are `TenantError`s (`TENANT_CREDENTIAL_EXISTS`, `TENANT_CREDENTIAL_NOT_FOUND`,
 *   `TENANT_STORE_*`) whose messages never contain key material.
 *
 * Ids reach a store already checked against `TENANT_ID_PATTERN` by the resolver.
 *
 * @example
 * ```ts
 * const resolver = createTenantResolver({ store: memoryCredentialStore() });
 * ```
 */
export interface CredentialStore {
  /** Short name for logs and errors, e.g. `memory`, `encrypted-file`, `secrets-manager`. */
  readonly name: string;
  /** Adds a record; throws `TENANT_CREDENTIAL_EXISTS` if the tenant already has that id. */
  create(record: StoredCredential): Promise<void>;
  /** The record, or `undefined` when the tenant has no credential with that id. */
  get(tenantId: string, credentialId: string): Promise<StoredCredential | undefined>;
  /**
   * Replaces the keys of an existing record atomically and sets `rotatedAt`; throws
   * `TENANT_CREDENTIAL_NOT_FOUND` when there is none. Returns the updated metadata.
   */
  rotate(
    tenantId: string,
    credentialId: string,
    keys: CredentialKeys,
    rotatedAt: Date,
  ): Promise<CredentialMetadata>;
  /** Metadata of every credential the tenant has, sorted by `credentialId`. */
  list(tenantId: string): Promise<CredentialMetadata[]>;
  /** Deletes the record; `false` when there was none. */
  delete(tenantId: string, credentialId: string): Promise<boolean>;
}
