import type { AwsCredentialIdentity } from "@smithy/types";
import { mask } from "../core/mask.js";

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

  constructor(init: StoredCredentialInit) {
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
