import { createHash, hkdfSync } from "node:crypto";

/** The keys an encrypted store derives from its master key. @internal */
export interface StoreKeys {
  /** AES-256-GCM key of the records (the key material). */
  readonly recordKey: Buffer;
  /** HMAC-SHA256 key of the index (ids, versions, metadata). */
  readonly indexKey: Buffer;
  /** A fingerprint stored in the file, so a wrong key is told apart from damage; reveals nothing. */
  readonly keyId: string;
}

const INFO = "credchain-tenant-store v2";

function keyBytes(value: unknown): Buffer | undefined {
  if (value instanceof Uint8Array) return value.length === 32 ? Buffer.from(value) : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^[A-Za-z0-9+/]{43}=?$/.test(text)) return Buffer.from(text, "base64");
  if (/^[A-Za-z0-9_-]{43}$/.test(text)) return Buffer.from(text, "base64url");
  return undefined;
}

/** Whether `value` is 32 bytes, or the base64 (or base64url) of 32 bytes. @internal */
export function isStoreKey(value: unknown): boolean {
  const bytes = keyBytes(value);
  bytes?.fill(0);
  return bytes?.length === 32;
}

/**
 * Derives the record key, the index key and the key fingerprint with HKDF-SHA256 (one `info`
 * label each), then zeroes its copy of the master key.
 * @internal
 */
export function deriveStoreKeys(value: Uint8Array | string): StoreKeys {
  const master = keyBytes(value);
  if (master === undefined) throw new TypeError("not a store key");
  const derive = (label: string, length: number) =>
    Buffer.from(hkdfSync("sha256", master, "", `${INFO} ${label}`, length));
  const keys = {
    recordKey: derive("records", 32),
    indexKey: derive("index", 32),
    keyId: createHash("sha256").update(derive("key-id", 32)).digest("base64").slice(0, 22),
  };
  master.fill(0);
  return keys;
}
