import { lazySchema } from "../core/lazyZod.js";
import { isStoreKey } from "./storeKeys.js";

/** Options of {@link encryptedFileCredentialStore}. */
export interface EncryptedFileCredentialStoreOptions {
  /**
   * The store's directory (created with its parents on the first write, mode 0700). It holds
   * only the store's own files: `root/` and one `g<number>-…/` directory per recent generation.
   */
  path: string;
  /** 32 random bytes, or their base64 (e.g. `openssl rand -base64 32`). Keep it out of `path`. */
  key: Uint8Array | string;
  /**
   * The store's identity, authenticated in every generation and bound into every record, so a
   * copy of another store (even one with the same key) is refused as `TENANT_STORE_CORRUPT`.
   * After moving or restoring a store to another path, pass its old id (the old absolute path).
   * @default the absolute path of `path`
   */
  storeId?: string;
  /**
   * How long a write keeps retrying while other processes commit first (and a read while they
   * prune what it was reading) before failing with `TENANT_STORE_FAILED`. There is no lock: a
   * crashed writer never blocks anyone.
   * @default 10_000
   */
  lockTimeoutMs?: number;
}

/** The schema of {@link EncryptedFileCredentialStoreOptions}, built on first use. @internal */
export const encryptedStoreOptionsSchema = lazySchema((z) =>
  z.strictObject({
    path: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }),
    key: z.custom<Uint8Array | string>(isStoreKey, {
      error: "must be 32 bytes or the base64 of 32 bytes",
    }),
    storeId: z
      .string({ error: "must be a string" })
      .min(1, { error: "must not be empty" })
      .max(4096, { error: "must be at most 4096 characters" })
      .optional(),
    lockTimeoutMs: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number of milliseconds" })
      .positive({ error: "must be > 0" })
      .optional(),
  }),
);
