import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { checkOptions } from "../core/checkOptions.js";
import { isCredchainError } from "../core/CredchainError.js";
import { TenantError } from "../core/TenantError.js";
import { generationStore, type Generation } from "../internal/generationStore.js";
import { GenerationStoreError } from "../internal/GenerationStoreError.js";
import type { CredentialStore } from "./CredentialStore.js";
import {
  encryptedStoreOptionsSchema,
  type EncryptedFileCredentialStoreOptions,
} from "./encryptedFileCredentialStoreOptions.js";
import { recordCipher } from "./recordCipher.js";
import { credentialExistsError, credentialNotFoundError } from "./storeErrors.js";
import type { CredentialKeys, CredentialMetadata } from "./StoredCredential.js";
import { StoredCredential, assertStoredCredential } from "./StoredCredential.js";
import {
  STORE_FORMAT,
  STORE_VERSION,
  decodeStoreFile,
  encodeStoreFile,
  type IndexEntry,
  type StoreState,
} from "./storeFileFormat.js";
import { deriveStoreKeys } from "./storeKeys.js";
import { assertCredentialId, assertTenantId } from "./tenantIds.js";

export type { EncryptedFileCredentialStoreOptions } from "./encryptedFileCredentialStoreOptions.js";

const newVersion = () => randomBytes(16).toString("hex");

/**
 * The embedded {@link CredentialStore} for a single machine: a directory of immutable
 * generations, each an authenticated index plus one AES-256-GCM record per credential.
 *
 * - Nothing acknowledged is lost: a write commits a new generation with an atomic, exclusive
 *   `link(2)` onto the newest one, so of two concurrent writers exactly one wins and the other
 *   re-applies its change on top. No lock file: a writer killed at any point blocks no one, and
 *   its leftovers are removed by the next write. Readers never wait.
 * - Splicing is detected: the index (ids, record versions, metadata, store id, generation) carries
 *   an HMAC; each record's associated data is the store id, tenant, credential id and version.
 *   A record replayed from before a rotation, a record deleted from the file, or another store's
 *   files are `TENANT_STORE_CORRUPT`; a wrong key is `TENANT_STORE_KEY`.
 * - `list` reads the authenticated index only and decrypts nothing.
 *
 * One machine only: the design relies on local POSIX filesystem semantics (no NFS). Rolling the
 * whole directory back to an older copy cannot be detected from inside it (docs/security.md).
 *
 * @example
 * ```ts
 * const store = encryptedFileCredentialStore({
 *   path: "/var/lib/myapp/tenant-credentials",
 *   key: process.env.TENANT_STORE_KEY!, // base64 of 32 random bytes
 * });
 * const resolver = createTenantResolver({ store });
 * ```
 */
export function encryptedFileCredentialStore(
  options: EncryptedFileCredentialStoreOptions,
): CredentialStore {
  const parsed = checkOptions(
    "encryptedFileCredentialStore",
    options,
    encryptedStoreOptionsSchema,
    {
      required: true,
      hint: "Pass { path, key } (key: 32 random bytes or their base64, e.g. `openssl rand -base64 32`) and optionally storeId, lockTimeoutMs.",
    },
  );
  const path = resolve(parsed.path);
  const storeId = parsed.storeId ?? path;
  const lockTimeoutMs = parsed.lockTimeoutMs ?? 10_000;
  const { recordKey, indexKey, keyId } = deriveStoreKeys(parsed.key);
  const cipher = recordCipher(recordKey, {
    format: STORE_FORMAT,
    formatVersion: STORE_VERSION,
    storeId,
  });
  const generations = generationStore(path, { retryMs: lockTimeoutMs });
  let queue: Promise<unknown> = Promise.resolve();

  const failure = (operation: string, error: unknown, tenantId?: string): unknown => {
    if (isCredchainError(error)) return error;
    if (error instanceof GenerationStoreError && error.reason === "malformed") {
      return new TenantError(
        "TENANT_STORE_CORRUPT",
        `Encrypted credential store ${error.message}`,
        {
          hint: "path must be a directory only this store writes; restore it from a backup.",
          tenantId,
        },
      );
    }
    if (error instanceof GenerationStoreError) {
      return new TenantError(
        "TENANT_STORE_FAILED",
        `Encrypted credential store ${path} could not ${operation} within lockTimeoutMs (${lockTimeoutMs} ms): other processes kept writing.`,
        { hint: "Raise lockTimeoutMs, or write from fewer processes at once.", tenantId },
      );
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return new TenantError(
      "TENANT_STORE_FAILED",
      `Encrypted credential store ${path} failed to ${operation} (${code ?? "error"}).`,
      {
        hint: "Check that the directory exists or can be created, is writable, and has space.",
        cause: error,
        tenantId,
      },
    );
  };

  const decode = (head: Generation | undefined): StoreState => {
    if (head === undefined) return { index: {}, records: {} };
    const expected = { storeId, keyId, generation: head.number, commitId: head.id };
    return decodeStoreFile(
      head.content,
      { ...expected, parentId: head.parentId ?? null, indexKey },
      path,
    );
  };

  const load = async (operation: string, tenantId: string): Promise<StoreState> => {
    try {
      return decode(await generations.read());
    } catch (error) {
      throw failure(operation, error, tenantId);
    }
  };

  // `change` edits the state in place and says whether it changed anything.
  const write = <T>(
    operation: string,
    tenantId: string,
    change: (state: StoreState) => { changed: boolean; result: T },
  ): Promise<T> => {
    const run = () =>
      generations
        .commit((head, next) => {
          const state = decode(head);
          const { changed, result } = change(state);
          if (!changed) return { result };
          const header = { storeId, keyId, generation: next.number, commitId: next.id };
          const content = encodeStoreFile(
            { ...header, parentId: next.parentId ?? null },
            state,
            indexKey,
          );
          return { result, content };
        })
        .catch((error: unknown) => {
          throw failure(operation, error, tenantId);
        });
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  const corrupt = (tenantId: string, credentialId: string, detail: string) =>
    new TenantError(
      "TENANT_STORE_CORRUPT",
      `Encrypted credential store ${path}: the record of tenant ${tenantId}, credentialId ${credentialId}, ${detail}`,
      {
        hint: "Restore the store from a backup; credchain will not guess at damaged records.",
        tenantId,
      },
    );

  const metadata = (tenantId: string, credentialId: string, entry: IndexEntry) => {
    const out: CredentialMetadata = {
      tenantId,
      credentialId,
      createdAt: new Date(entry.createdAt),
    };
    if (entry.region !== undefined) out.region = entry.region;
    if (entry.description !== undefined) out.description = entry.description;
    if (entry.rotatedAt !== undefined) out.rotatedAt = new Date(entry.rotatedAt);
    return out;
  };

  const sealed = (tenantId: string, credentialId: string, keys: CredentialKeys) => {
    const version = newVersion();
    return { version, record: cipher.seal({ tenantId, credentialId, version }, keys) };
  };

  return {
    name: "encrypted-file",
    async create(record) {
      assertStoredCredential(record, "encrypted-file");
      assertTenantId(record.tenantId);
      assertCredentialId(record.credentialId, record.tenantId);
      const { tenantId, credentialId } = record;
      const id = `${tenantId}/${credentialId}`;
      const { version, record: sealedRecord } = sealed(tenantId, credentialId, record.reveal());
      const entry: IndexEntry = { version, createdAt: record.createdAt.toISOString() };
      if (record.region !== undefined) entry.region = record.region;
      if (record.description !== undefined) entry.description = record.description;
      if (record.rotatedAt !== undefined) entry.rotatedAt = record.rotatedAt.toISOString();
      await write("store a credential", tenantId, (state) => {
        if (state.index[id] !== undefined) throw credentialExistsError(tenantId, credentialId);
        state.index[id] = entry;
        state.records[id] = sealedRecord;
        return { changed: true, result: undefined };
      });
    },
    async get(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      const id = `${tenantId}/${credentialId}`;
      const state = await load("read a credential", tenantId);
      const entry = state.index[id];
      const sealedRecord = state.records[id];
      if (entry === undefined) {
        if (sealedRecord === undefined) return undefined;
        throw corrupt(tenantId, credentialId, "is not in the authenticated index.");
      }
      if (sealedRecord === undefined) {
        throw corrupt(
          tenantId,
          credentialId,
          "is missing though the authenticated index lists it.",
        );
      }
      let keys: CredentialKeys;
      try {
        keys = cipher.unseal({ tenantId, credentialId, version: entry.version }, sealedRecord);
      } catch {
        throw corrupt(
          tenantId,
          credentialId,
          "failed authentication: it was modified, replayed from an older version, or moved from another store, tenant or id.",
        );
      }
      return new StoredCredential({ ...metadata(tenantId, credentialId, entry), ...keys });
    },
    async rotate(tenantId, credentialId, keys, rotatedAt) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      const id = `${tenantId}/${credentialId}`;
      const { version, record } = sealed(tenantId, credentialId, keys);
      return write("rotate a credential", tenantId, (state) => {
        const entry = state.index[id];
        if (entry === undefined) throw credentialNotFoundError(tenantId, credentialId);
        const updated = { ...entry, version, rotatedAt: rotatedAt.toISOString() };
        state.index[id] = updated;
        state.records[id] = record;
        return { changed: true, result: metadata(tenantId, credentialId, updated) };
      });
    },
    async list(tenantId): Promise<CredentialMetadata[]> {
      assertTenantId(tenantId);
      const { index } = await load("list credentials", tenantId);
      const prefix = `${tenantId}/`;
      return Object.entries(index)
        .filter(([id]) => id.startsWith(prefix))
        .map(([id, entry]) => metadata(tenantId, id.slice(prefix.length), entry))
        .sort((a, b) => (a.credentialId < b.credentialId ? -1 : 1));
    },
    async delete(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      const id = `${tenantId}/${credentialId}`;
      return write("delete a credential", tenantId, (state) => {
        if (state.index[id] === undefined) return { changed: false, result: false };
        delete state.index[id];
        delete state.records[id];
        return { changed: true, result: true };
      });
    },
  };
}
