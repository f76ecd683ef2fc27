import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { lazySchema } from "../core/lazyZod.js";
import type { CredentialKeys } from "./StoredCredential.js";

/** One sealed record as stored: base64 IV, GCM tag and ciphertext. @internal */
export interface SealedRecord {
  iv: string;
  tag: string;
  data: string;
}

/** What a record is bound to: its associated data. @internal */
export interface RecordAddress {
  readonly tenantId: string;
  readonly credentialId: string;
  /** The record's version in the authenticated index (random, new on every write). */
  readonly version: string;
}

/** AES-256-GCM for a store's records. @internal */
export interface RecordCipher {
  seal(address: RecordAddress, keys: CredentialKeys): SealedRecord;
  /**
   * Opens a record as found in the file (`sealed` is checked here). Throws a plain `Error` (no
   * detail) when it has a bad shape or fails authentication.
   */
  unseal(address: RecordAddress, sealed: unknown): CredentialKeys;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

const sealedSchema = lazySchema((z) => {
  const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
  return z.strictObject({ iv: base64, tag: base64, data: base64 });
});

const plaintextSchema = lazySchema((z) =>
  z.strictObject({ awsAccessKeyId: z.string().min(1), awsSecretAccessKey: z.string().min(1) }),
);

/**
 * Seals each record on its own with a fresh 96-bit IV. The associated data is
 * `[format, formatVersion, storeId, tenantId, credentialId, recordVersion]`, so a record opens
 * only in its own store, under its own tenant and id, at the version the index names: a record
 * copied from another store, another tenant or id, or from before a rotation fails.
 * @internal
 */
export function recordCipher(
  key: Buffer,
  context: { format: string; formatVersion: number; storeId: string },
): RecordCipher {
  const aad = (address: RecordAddress) =>
    Buffer.from(
      JSON.stringify([
        context.format,
        context.formatVersion,
        context.storeId,
        address.tenantId,
        address.credentialId,
        address.version,
      ]),
      "utf8",
    );
  return {
    seal(address, keys) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(address));
      const plaintext = JSON.stringify({
        awsAccessKeyId: keys.awsAccessKeyId,
        awsSecretAccessKey: keys.awsSecretAccessKey,
      });
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return {
        iv: iv.toString("base64"),
        tag: cipher.getAuthTag().toString("base64"),
        data: data.toString("base64"),
      };
    },
    unseal(address, found) {
      const sealed = sealedSchema().parse(found);
      const iv = Buffer.from(sealed.iv, "base64");
      const tag = Buffer.from(sealed.tag, "base64");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error("bad iv or tag");
      const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(address));
      decipher.setAuthTag(tag);
      const plaintext = Buffer.concat([
        decipher.update(Buffer.from(sealed.data, "base64")),
        decipher.final(),
      ]).toString("utf8");
      const parsed = plaintextSchema().safeParse(safeJson(plaintext));
      if (!parsed.success) throw new Error("unexpected record shape");
      return parsed.data;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
