import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { lazySchema } from "../core/lazyZod.js";
import { TenantError } from "../core/TenantError.js";

/** The `format` of every generation file of an encrypted store. @internal */
export const STORE_FORMAT = "credchain-tenant-store";
/** The layout version: 2 is the generation chain with an authenticated index. @internal */
export const STORE_VERSION = 2;

const ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

// Built on first use: zod loads lazily (see src/core/lazyZod.ts).
const fileSchema = lazySchema((z) => {
  const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
  const hex16 = z.string().regex(/^[0-9a-f]{16}$/);
  return z.strictObject({
    format: z.literal(STORE_FORMAT),
    version: z.literal(STORE_VERSION),
    storeId: z.string().min(1),
    keyId: base64,
    generation: z.number().int().positive(),
    commitId: hex16,
    parentId: hex16.nullable(),
    index: z.record(
      z.string().regex(new RegExp(`^${ID}/${ID}$`)),
      z.strictObject({
        version: z.string().regex(/^[0-9a-f]{32}$/),
        region: z.string().optional(),
        description: z.string().optional(),
        createdAt: z.iso.datetime(),
        rotatedAt: z.iso.datetime().optional(),
      }),
    ),
    mac: base64,
    // Each record is checked when it is opened (recordCipher); a write carries the others as is.
    records: z.record(z.string(), z.unknown()),
  });
});

type StoreFile = z.infer<ReturnType<typeof fileSchema>>;
/** One credential's entry in the authenticated index: its record's version and its metadata. */
export type IndexEntry = StoreFile["index"][string];

/** What a generation holds, keyed by `<tenantId>/<credentialId>`. @internal */
export interface StoreState {
  index: Record<string, IndexEntry>;
  /** Sealed records as found in the file: unchecked until opened. */
  records: Record<string, unknown>;
}

/** Who a generation belongs to and where it sits in the chain; all of it is authenticated. */
export interface StoreHeader {
  storeId: string;
  keyId: string;
  generation: number;
  commitId: string;
  parentId: string | null;
}

/**
 * HMAC-SHA256 over the header and every index entry (sorted by id, each field in a fixed
 * position), so adding, removing or changing an entry, or moving the file to another store or
 * place in the chain, is detected. Records are not covered: each is bound by its own AEAD to the
 * version the index names.
 */
function indexMac(key: Buffer, header: StoreHeader, index: StoreState["index"]): Buffer {
  const entries = Object.keys(index)
    .sort()
    .map((id) => {
      const e = index[id] as IndexEntry;
      const optional = [e.region, e.description, e.rotatedAt].map((v) => v ?? null);
      return [id, e.version, e.createdAt, ...optional];
    });
  const { storeId, keyId, generation, commitId, parentId } = header;
  const body = [STORE_FORMAT, STORE_VERSION, storeId, keyId, generation, commitId, parentId];
  return createHmac("sha256", key)
    .update(JSON.stringify([...body, entries]))
    .digest();
}

/** The generation file for `state`, with its index MAC; records not in the index are dropped. */
export function encodeStoreFile(header: StoreHeader, state: StoreState, indexKey: Buffer): string {
  const records: Record<string, unknown> = {};
  for (const id of Object.keys(state.index).sort()) {
    const record = state.records[id];
    if (record !== undefined) records[id] = record;
  }
  const file: StoreFile = {
    format: STORE_FORMAT,
    version: STORE_VERSION,
    ...header,
    index: state.index,
    mac: indexMac(indexKey, header, state.index).toString("base64"),
    records,
  };
  return `${JSON.stringify(file)}\n`;
}

/**
 * Parses and authenticates one generation file. Throws `TENANT_STORE_KEY` when it was written
 * with another key, `TENANT_STORE_CORRUPT` when it is not a generation file, its index fails
 * authentication, it belongs to another store, or its header disagrees with its place in the chain.
 * Messages name the store's path, never a value from the file other than a store id.
 */
export function decodeStoreFile(
  text: string,
  expected: StoreHeader & { indexKey: Buffer },
  path: string,
): StoreState {
  const corrupt = (detail: string, hint = "Restore the store from a backup.") =>
    new TenantError("TENANT_STORE_CORRUPT", `Encrypted credential store ${path}: ${detail}`, {
      hint,
    });
  let file: StoreFile;
  try {
    file = fileSchema().parse(JSON.parse(text));
  } catch {
    throw corrupt("generation " + expected.generation + " is truncated or not a credchain store.");
  }
  if (file.keyId !== expected.keyId) {
    throw new TenantError(
      "TENANT_STORE_KEY",
      `Encrypted credential store ${path} was written with a different key than option key.`,
      { hint: "Pass the key the store was created with; records cannot be read with another." },
    );
  }
  const mac = Buffer.from(file.mac, "base64");
  const wanted = indexMac(expected.indexKey, file, file.index);
  if (mac.length !== wanted.length || !timingSafeEqual(mac, wanted)) {
    throw corrupt(`the index of generation ${expected.generation} failed authentication.`);
  }
  if (file.storeId !== expected.storeId) {
    throw corrupt(
      `it holds the store with storeId ${JSON.stringify(file.storeId)}, not ${JSON.stringify(expected.storeId)}.`,
      "If you moved or restored this store from another path on purpose, pass that storeId as option storeId; otherwise restore this store's own files.",
    );
  }
  const { generation, commitId, parentId } = expected;
  if (file.generation !== generation || file.commitId !== commitId || file.parentId !== parentId) {
    throw corrupt(`generation ${generation} does not match its place in the chain.`);
  }
  return { index: file.index, records: file.records };
}
