import type { AwsCredentialIdentity } from "@smithy/types";
import { mask } from "../core/mask.js";
import { readOwnEntries } from "../core/readInput.js";
import { isInstance } from "../core/safeRead.js";
import { TenantError } from "../core/TenantError.js";
import { isValidTenantId } from "./tenantIds.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** What `listCredentials` returns for one stored credential: no key material at all. */
export interface CredentialMetadata {
  /** The tenant that owns the credential. */
  tenantId: string;
  /** Its id, unique within the tenant (1-64 letters, digits, `_` or `-`). */
  credentialId: string;
  /** AWS region stored with the credential, if any. */
  region?: string;
  /** Free-text description given when it was stored. */
  description?: string;
  /** When `storeCredentials` stored it. */
  createdAt: Date;
  /** When `rotateCredentials` last replaced the keys. */
  rotatedAt?: Date;
}

/** The key material of a stored credential. */
export interface CredentialKeys {
  /** The access key ID (`AKIA…`), in the clear. */
  awsAccessKeyId: string;
  /** The secret access key, in the clear. Never log it. */
  awsSecretAccessKey: string;
}

/** Everything needed to build a {@link StoredCredential}. */
export type StoredCredentialInit = CredentialMetadata & CredentialKeys;

/**
 * One tenant's stored AWS key pair plus its metadata, as a {@link CredentialStore} hands it out.
 *
 * The keys live in private fields: `JSON.stringify`, `String()` and `util.inspect` show the
 * metadata and a masked access key ID only. {@link StoredCredential.reveal} returns the raw keys
 * for a store to persist them, {@link StoredCredential.identity} for an SDK.
 *
 * @example
 * ```ts
 * const record = new StoredCredential({ tenantId: "acme", credentialId: "primary",
 *   awsAccessKeyId, awsSecretAccessKey, createdAt: new Date() });
 * JSON.stringify(record); // {"tenantId":"acme","credentialId":"primary","accessKeyId":"AKIA…MPLE",…}
 * ```
 */
export class StoredCredential implements CredentialMetadata {
  readonly tenantId: string;
  readonly credentialId: string;
  readonly region?: string;
  readonly description?: string;
  readonly createdAt: Date;
  readonly rotatedAt?: Date;
  readonly #accessKeyId: string;
  readonly #secretAccessKey: string;

  constructor(given: StoredCredentialInit) {
    const init = readInit(given);
    this.tenantId = init.tenantId;
    this.credentialId = init.credentialId;
    if (init.region !== undefined) this.region = init.region;
    if (init.description !== undefined) this.description = init.description;
    this.createdAt = new Date(init.createdAt.getTime());
    if (init.rotatedAt !== undefined) this.rotatedAt = new Date(init.rotatedAt.getTime());
    this.#accessKeyId = init.awsAccessKeyId;
    this.#secretAccessKey = init.awsSecretAccessKey;
    Object.freeze(this);
  }

  /** The access key ID, masked (`AKIA…MPLE`). */
  get maskedAccessKeyId(): string {
    return mask(this.#accessKeyId, "access-key-id");
  }

  /** The metadata alone, as `listCredentials` returns it. */
  metadata(): CredentialMetadata {
    const out: CredentialMetadata = {
      tenantId: this.tenantId,
      credentialId: this.credentialId,
      createdAt: new Date(this.createdAt.getTime()),
    };
    if (this.region !== undefined) out.region = this.region;
    if (this.description !== undefined) out.description = this.description;
    if (this.rotatedAt !== undefined) out.rotatedAt = new Date(this.rotatedAt.getTime());
    return out;
  }

  /** The raw keys, for a store to persist. Never log them. */
  reveal(): CredentialKeys {
    return { awsAccessKeyId: this.#accessKeyId, awsSecretAccessKey: this.#secretAccessKey };
  }

  /** The raw identity for an AWS SDK client. Never log it. */
  identity(): AwsCredentialIdentity {
    return { accessKeyId: this.#accessKeyId, secretAccessKey: this.#secretAccessKey };
  }

  /** A copy with new keys and `rotatedAt` set; metadata otherwise unchanged. */
  withKeys(keys: CredentialKeys, rotatedAt: Date): StoredCredential {
    return new StoredCredential({ ...this.metadata(), ...keys, rotatedAt });
  }

  /** Metadata plus the masked access key ID; no secret. */
  toJSON(): CredentialMetadata & {
    /** The access key ID, masked (`AKIA…MPLE`). */
    accessKeyId: string;
  } {
    return { ...this.metadata(), accessKeyId: this.maskedAccessKeyId };
  }

  /** `StoredCredential(<tenantId>/<credentialId>)`. */
  toString(): string {
    return `StoredCredential(${this.tenantId}/${this.credentialId})`;
  }

  /** `StoredCredential {…}` with the `toJSON()` fields, so `util.inspect` shows no secret. */
  [INSPECT](): string {
    return `StoredCredential ${JSON.stringify(this.toJSON())}`;
  }
}

const isDate = (v: unknown): v is Date => isInstance(v, Date) && !Number.isNaN(v.getTime());
const isText = (v: unknown): v is string => typeof v === "string" && v !== "";

/** The constructor's argument, read once and checked; names the fields at fault, never values. */
function readInit(given: unknown): StoredCredentialInit {
  const read = typeof given === "object" && given !== null ? readOwnEntries(given) : undefined;
  const init = Object.fromEntries(
    (read?.entries ?? []).filter(([key]) => key !== "__proto__"),
  ) as Record<string, unknown>;
  const wrong = [
    ...(read === undefined || read.unlisted || read.unreadable.length > 0 ? ["(the object)"] : []),
    ...(isValidTenantId(init.tenantId) ? [] : ["tenantId"]),
    ...(isValidTenantId(init.credentialId) ? [] : ["credentialId"]),
    ...(isText(init.awsAccessKeyId) ? [] : ["awsAccessKeyId"]),
    ...(isText(init.awsSecretAccessKey) ? [] : ["awsSecretAccessKey"]),
    ...(isDate(init.createdAt) ? [] : ["createdAt"]),
    ...(init.rotatedAt === undefined || isDate(init.rotatedAt) ? [] : ["rotatedAt"]),
    ...(init.region === undefined || typeof init.region === "string" ? [] : ["region"]),
    ...(init.description === undefined || typeof init.description === "string"
      ? []
      : ["description"]),
  ];
  if (wrong.length > 0) {
    throw new TenantError(
      "TENANT_INVALID_BODY",
      `StoredCredential: invalid ${wrong.join(", ")} (values are not shown).`,
      {
        hint: "Pass { tenantId, credentialId, awsAccessKeyId, awsSecretAccessKey, createdAt: Date, region?, description?, rotatedAt? }.",
      },
    );
  }
  return init as unknown as StoredCredentialInit;
}

/**
 * Throws `TENANT_INVALID_BODY` unless `record` is a {@link StoredCredential}: what a store's
 * `create` is given, checked before anything is read from it. @internal
 */
export function assertStoredCredential(
  record: unknown,
  store: string,
): asserts record is StoredCredential {
  if (!isInstance(record, StoredCredential)) {
    throw new TenantError(
      "TENANT_INVALID_BODY",
      `Credential store ${store}: create() takes a StoredCredential.`,
      {
        hint: "Build the record with new StoredCredential({ … }), or use the resolver's storeCredentials.",
      },
    );
  }
}
