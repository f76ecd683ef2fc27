import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import type { z } from "zod";
import { lazySchema } from "../core/lazyZod.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { isCredchainError } from "../core/CredchainError.js";
import { TenantError } from "../core/TenantError.js";
import type { CredentialStore } from "./CredentialStore.js";
import { credentialExistsError, credentialNotFoundError, storeFailedError } from "./storeErrors.js";
import type { CredentialMetadata } from "./StoredCredential.js";
import { StoredCredential } from "./StoredCredential.js";
import { assertCredentialId, assertTenantId } from "./tenantIds.js";

/** Options of {@link encryptedFileCredentialStore}. */
export interface EncryptedFileCredentialStoreOptions {
  /** The store file. Created (with its directory) on the first write, mode 0600. */
  path: string;
  /** 32 random bytes, or their base64 (e.g. `openssl rand -base64 32`). Keep it out of the file's directory. */
  key: Uint8Array | string;
  /**
   * How long a write waits for another process's lock before failing with `TENANT_STORE_FAILED`.
   * @default 10_000
   */
  lockTimeoutMs?: number;
  /**
   * A lock older than this, or held by a dead process on this host, is taken over.
   * @default 30_000
   */
  staleLockMs?: number;
}

const FORMAT = "credchain-tenant-store";
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

// Built on first use: zod loads lazily (see src/core/lazyZod.ts).
const fileSchema = lazySchema((z) => {
  const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
  return z.strictObject({
    format: z.literal(FORMAT),
    version: z.literal(VERSION),
    keyId: base64,
    records: z.record(z.string(), z.strictObject({ iv: base64, tag: base64, data: base64 })),
  });
});
type StoreFile = z.infer<ReturnType<typeof fileSchema>>;
type SealedRecord = StoreFile["records"][string];

const plaintextSchema = lazySchema((z) =>
  z.strictObject({
    awsAccessKeyId: z.string().min(1),
    awsSecretAccessKey: z.string().min(1),
    region: z.string().optional(),
    description: z.string().optional(),
    createdAt: z.iso.datetime(),
    rotatedAt: z.iso.datetime().optional(),
  }),
);

const optionsSchema = lazySchema((z) =>
  z.object({
    path: z.string().min(1),
    lockTimeoutMs: z.number().int().positive().optional(),
    staleLockMs: z.number().int().positive().optional(),
  }),
);

const lockSchema = lazySchema((z) =>
  z.object({ token: z.string(), pid: z.number(), host: z.string() }),
);

/**
 * The embedded {@link CredentialStore} for a single machine: one JSON file whose records are each
 * sealed with AES-256-GCM.
 *
 * - Each record is encrypted on its own with a fresh IV; the tenant and credential id are its
 *   associated data, so a record copied under another tenant (or id) fails to decrypt.
 * - A wrong key is reported as `TENANT_STORE_KEY` (the file carries a key fingerprint, an HKDF
 *   output that reveals nothing about the key); a tampered or truncated file as
 *   `TENANT_STORE_CORRUPT`.
 * - Writes replace the file atomically (temp file, fsync, rename, mode 0600) under a lock file
 *   (`<path>.lock`, created exclusively), so concurrent writers in several processes lose nothing.
 *   Readers never wait: they see the file before or after a write, never half of one.
 *
 * @example
 * ```ts
 * const store = encryptedFileCredentialStore({
 *   path: "/var/lib/myapp/tenant-credentials.json",
 *   key: process.env.TENANT_STORE_KEY!, // base64 of 32 random bytes
 * });
 * const resolver = createTenantResolver({ store });
 * ```
 */
export function encryptedFileCredentialStore(
  options: EncryptedFileCredentialStoreOptions,
): CredentialStore {
  const parsed = optionsSchema().safeParse(options);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "options";
    throw new CredentialConfigError(
      "INVALID_OPTION",
      `encryptedFileCredentialStore: option ${field} is invalid.`,
      { hint: "Pass { path: string, key } and positive integer timeouts." },
    );
  }
  const { path } = parsed.data;
  const lockTimeoutMs = parsed.data.lockTimeoutMs ?? 10_000;
  const staleLockMs = parsed.data.staleLockMs ?? 30_000;
  const masterKey = parseKey(options.key);
  const dataKey = Buffer.from(hkdfSync("sha256", masterKey, "", `${FORMAT} v1 data`, 32));
  const keyId = Buffer.from(hkdfSync("sha256", masterKey, "", `${FORMAT} v1 key-id`, 16)).toString(
    "base64",
  );
  masterKey.fill(0);
  const lockPath = `${path}.lock`;
  let queue: Promise<unknown> = Promise.resolve();

  const aad = (tenantId: string, credentialId: string) =>
    Buffer.from(`${FORMAT}:v${VERSION}:${tenantId}/${credentialId}`, "utf8");

  const seal = (record: StoredCredential): SealedRecord => {
    const { awsAccessKeyId, awsSecretAccessKey } = record.reveal();
    const plaintext = JSON.stringify({
      awsAccessKeyId,
      awsSecretAccessKey,
      region: record.region,
      description: record.description,
      createdAt: record.createdAt.toISOString(),
      rotatedAt: record.rotatedAt?.toISOString(),
    });
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", dataKey, iv);
    cipher.setAAD(aad(record.tenantId, record.credentialId));
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return {
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      data: data.toString("base64"),
    };
  };

  const unseal = (tenantId: string, credentialId: string, sealed: SealedRecord) => {
    let plaintext: string;
    try {
      const iv = Buffer.from(sealed.iv, "base64");
      const tag = Buffer.from(sealed.tag, "base64");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error("bad iv or tag");
      const decipher = createDecipheriv("aes-256-gcm", dataKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(tenantId, credentialId));
      decipher.setAuthTag(tag);
      plaintext = Buffer.concat([
        decipher.update(Buffer.from(sealed.data, "base64")),
        decipher.final(),
      ]).toString("utf8");
    } catch (cause) {
      throw corrupt(
        `the record of tenant ${tenantId}, credentialId ${credentialId}, failed authentication: it was modified or moved from another tenant or id.`,
        cause,
        tenantId,
      );
    }
    let fields: z.infer<ReturnType<typeof plaintextSchema>>;
    try {
      fields = plaintextSchema().parse(JSON.parse(plaintext));
    } catch {
      throw corrupt(
        `the record of tenant ${tenantId}, credentialId ${credentialId}, has an unexpected shape.`,
        undefined,
        tenantId,
      );
    }
    return new StoredCredential({
      tenantId,
      credentialId,
      awsAccessKeyId: fields.awsAccessKeyId,
      awsSecretAccessKey: fields.awsSecretAccessKey,
      region: fields.region,
      description: fields.description,
      createdAt: new Date(fields.createdAt),
      rotatedAt: fields.rotatedAt === undefined ? undefined : new Date(fields.rotatedAt),
    });
  };

  const corrupt = (detail: string, cause: unknown, tenantId?: string) =>
    new TenantError("TENANT_STORE_CORRUPT", `Encrypted credential store ${path}: ${detail}`, {
      hint: "Restore the file from a backup; credchain will not guess at damaged records.",
      cause,
      tenantId,
    });

  const load = async (): Promise<StoreFile> => {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return { format: FORMAT, version: VERSION, keyId, records: {} };
      }
      throw storeFailedError("encrypted-file", "read its file", error);
    }
    let file: StoreFile;
    try {
      file = fileSchema().parse(JSON.parse(text));
    } catch {
      throw corrupt("the file is truncated or not a credchain tenant store.", undefined);
    }
    if (file.keyId !== keyId) {
      throw new TenantError(
        "TENANT_STORE_KEY",
        `Encrypted credential store ${path} was written with a different key than option key.`,
        { hint: "Pass the key the file was created with; records cannot be read with another." },
      );
    }
    return file;
  };

  const save = async (file: StoreFile): Promise<void> => {
    const dir = dirname(path);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    const handle = await open(tmp, "wx", 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`, "utf8");
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    try {
      await rename(tmp, path);
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    await syncDirectory(dir);
  };

  const acquireLock = async (): Promise<string> => {
    const token = randomBytes(12).toString("hex");
    const body = JSON.stringify({ token, pid: process.pid, host: hostname() });
    const deadline = Date.now() + lockTimeoutMs;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    for (let attempt = 0; ; attempt += 1) {
      try {
        const handle = await open(lockPath, "wx", 0o600);
        try {
          await handle.writeFile(body, "utf8");
        } finally {
          await handle.close();
        }
        return token;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      if (await removeIfStale()) continue;
      if (Date.now() >= deadline) {
        throw new TenantError(
          "TENANT_STORE_FAILED",
          `Encrypted credential store ${path}: another process held the lock file ${lockPath} for longer than lockTimeoutMs.`,
          { hint: `If no process is writing the store, delete ${lockPath}.` },
        );
      }
      const backoff = Math.min(100, 5 * 2 ** Math.min(attempt, 5));
      await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * backoff));
    }
  };

  // A lock is stale when its process is gone (same host) or it is older than staleLockMs. The
  // token is re-read just before unlinking to avoid removing a lock taken over meanwhile.
  const removeIfStale = async (): Promise<boolean> => {
    let content: z.infer<ReturnType<typeof lockSchema>> | undefined;
    let mtimeMs: number;
    try {
      const [text, info] = await Promise.all([readFile(lockPath, "utf8"), stat(lockPath)]);
      mtimeMs = info.mtimeMs;
      const parsedLock = lockSchema().safeParse(safeJson(text));
      content = parsedLock.success ? parsedLock.data : undefined;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ENOENT";
    }
    const old = Date.now() - mtimeMs > staleLockMs;
    const dead = content !== undefined && content.host === hostname() && !isAlive(content.pid);
    if (!old && !dead) return false;
    try {
      const again = safeJson(await readFile(lockPath, "utf8"));
      const token = lockSchema().safeParse(again);
      if (content !== undefined && (!token.success || token.data.token !== content.token)) {
        return true;
      }
      await unlink(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    return true;
  };

  const releaseLock = async (token: string): Promise<void> => {
    try {
      const held = lockSchema().safeParse(safeJson(await readFile(lockPath, "utf8")));
      if (held.success && held.data.token === token) await unlink(lockPath);
    } catch {
      // Already gone (taken over as stale): nothing to release.
    }
  };

  const write = <T>(operation: string, tenantId: string, change: (file: StoreFile) => T) => {
    const run = async (): Promise<T> => {
      let token: string;
      try {
        token = await acquireLock();
      } catch (error) {
        if (isCredchainError(error)) throw error;
        throw storeFailedError("encrypted-file", operation, error, tenantId);
      }
      try {
        const file = await load();
        const before = JSON.stringify(file.records);
        const result = change(file);
        if (JSON.stringify(file.records) !== before) {
          await save(file).catch((error: unknown) => {
            throw storeFailedError("encrypted-file", operation, error, tenantId);
          });
        }
        return result;
      } finally {
        await releaseLock(token);
      }
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    name: "encrypted-file",
    async create(record) {
      assertTenantId(record.tenantId);
      assertCredentialId(record.credentialId, record.tenantId);
      const sealed = seal(record);
      await write("store a credential", record.tenantId, (file) => {
        const id = `${record.tenantId}/${record.credentialId}`;
        if (file.records[id] !== undefined) {
          throw credentialExistsError(record.tenantId, record.credentialId);
        }
        file.records[id] = sealed;
      });
    },
    async get(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      const file = await load();
      const sealed = file.records[`${tenantId}/${credentialId}`];
      return sealed === undefined ? undefined : unseal(tenantId, credentialId, sealed);
    },
    async rotate(tenantId, credentialId, keys, rotatedAt) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      return write("rotate a credential", tenantId, (file) => {
        const id = `${tenantId}/${credentialId}`;
        const sealed = file.records[id];
        if (sealed === undefined) throw credentialNotFoundError(tenantId, credentialId);
        const next = unseal(tenantId, credentialId, sealed).withKeys(keys, rotatedAt);
        file.records[id] = seal(next);
        return next.metadata();
      });
    },
    async list(tenantId): Promise<CredentialMetadata[]> {
      assertTenantId(tenantId);
      const file = await load();
      const prefix = `${tenantId}/`;
      return Object.entries(file.records)
        .filter(([id]) => id.startsWith(prefix))
        .map(([id, sealed]) => unseal(tenantId, id.slice(prefix.length), sealed).metadata())
        .sort((a, b) => (a.credentialId < b.credentialId ? -1 : 1));
    },
    async delete(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      return write("delete a credential", tenantId, (file) => {
        const id = `${tenantId}/${credentialId}`;
        if (file.records[id] === undefined) return false;
        delete file.records[id];
        return true;
      });
    },
  };
}

function parseKey(key: unknown): Buffer {
  let bytes: Buffer | undefined;
  if (key instanceof Uint8Array) {
    bytes = Buffer.from(key);
  } else if (typeof key === "string") {
    const text = key.trim();
    if (/^[A-Za-z0-9+/]{43}=?$/.test(text) || /^[A-Za-z0-9_-]{43}$/.test(text)) {
      bytes = Buffer.from(text, text.includes("-") || text.includes("_") ? "base64url" : "base64");
    }
  }
  if (bytes === undefined || bytes.length !== 32) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      "encryptedFileCredentialStore: option key must be 32 bytes or the base64 of 32 bytes.",
      { hint: "Generate one with `openssl rand -base64 32` and keep it outside the store file." },
    );
  }
  return bytes;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename durable; not every platform can open a directory, so failure is tolerated.
  try {
    const handle = await open(dir, fsConstants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows and some filesystems refuse fsync on a directory.
  }
}
