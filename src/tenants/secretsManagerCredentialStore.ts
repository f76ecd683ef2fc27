import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { sharedAwsChain } from "../chain/sharedAwsChain.js";
import { checkOptions } from "../core/checkOptions.js";
import { PARAMETER_PREFIX } from "../core/parameterName.js";
import { parameterStoreCredentialStore } from "./parameterStoreCredentialStore.js";
import {
  secretsManagerStoreOptionsSchema,
  type SecretsManagerCredentialStoreOptions,
} from "./secretsManagerStoreOptions.js";
import { TenantError } from "../core/TenantError.js";
import {
  createSecretsManagerClient,
  loadSecretsManager,
  type SecretsManagerModule,
} from "../internal/lazySecretsManager.js";
import { DEFAULT_SECRET_REQUEST_TIMEOUT_MS } from "../internal/requestTimeout.js";
import { safeCause } from "../internal/sdkError.js";
import type { CredentialStore } from "./CredentialStore.js";
import { credentialExistsError, credentialNotFoundError, storeFailedError } from "./storeErrors.js";
import type { CredentialMetadata } from "./StoredCredential.js";
import { assertStoredCredential } from "./StoredCredential.js";
import {
  errorName,
  isGone,
  messageOf,
  recordFromSecret,
  serializeRecord,
} from "./secretsManagerRecord.js";
import { assertCredentialId, assertTenantId, isValidTenantId } from "./tenantIds.js";

export type { SecretsManagerCredentialStoreOptions } from "./secretsManagerStoreOptions.js";

/** Tag naming the tenant on every secret the store creates. */
export const TENANT_TAG = "credchain:tenant-id";
/** Tag naming the credential id on every secret the store creates. */
export const CREDENTIAL_TAG = "credchain:credential-id";
/** Tag holding the credential's region (so listing needs no secret value). */
export const REGION_TAG = "credchain:region";
/** Tag holding the store's prefix: a store acts only on secrets it created under its own prefix. */
export const PREFIX_TAG = "credchain:prefix";

/**
 * A {@link CredentialStore} in AWS Secrets Manager, for production: one secret per tenant
 * credential, named `<prefix><tenantId>/<credentialId>`, encrypted by KMS and tagged with the
 * tenant, so IAM policies and CloudTrail can follow each tenant.
 *
 * - `list` uses `ListSecrets` filtered by the tenant's name prefix and reads no secret value
 *   (region from a tag, description, created and last-changed dates).
 * - `rotate` writes a new version with `PutSecretValue`: Secrets Manager moves `AWSCURRENT` in
 *   one step, so readers see the old keys or the new ones.
 * - The SDK client is imported on first use (`@aws-sdk/client-secrets-manager`).
 * - An `ssm:` prefix reads Parameter Store `SecureString`s instead, read-only (`get` and `list`;
 *   writes are `TENANT_STORE_READ_ONLY`): see docs/tenants.md.
 *
 * IAM: `secretsmanager:CreateSecret`, `TagResource`, `GetSecretValue`, `PutSecretValue`,
 * `DeleteSecret` on `arn:…:secret:<prefix>*`, `ListSecrets` on `*`, and the KMS key's
 * `kms:Encrypt`/`kms:Decrypt` when `kmsKeyId` is a customer key.
 *
 * @example
 * ```ts
 * const store = secretsManagerCredentialStore({ prefix: "myapp/tenants/", region: "us-east-1" });
 * const resolver = createTenantResolver({ store });
 * ```
 */
export function secretsManagerCredentialStore(
  options: SecretsManagerCredentialStoreOptions,
): CredentialStore {
  const { prefix, region, kmsKeyId, recoveryWindowDays, credentials, ssmClient } = checkOptions(
    "secretsManagerCredentialStore",
    options,
    secretsManagerStoreOptionsSchema,
    {
      required: true,
      hint: 'Pass { prefix: "myapp/tenants/" } (or "ssm:/myapp/tenants/") and optionally client, ssmClient, credentials, region, kmsKeyId, recoveryWindowDays.',
    },
  );
  if (prefix.startsWith(PARAMETER_PREFIX)) {
    const path = prefix.slice(PARAMETER_PREFIX.length);
    return parameterStoreCredentialStore({ path, region, credentials, ssmClient });
  }
  let sdk: Promise<{ mod: SecretsManagerModule; client: SecretsManagerClient }> | undefined;

  // As the secret store's clients: signing as the service identity, a hung call failing after
  // DEFAULT_SECRET_REQUEST_TIMEOUT_MS instead of holding every caller.
  const connect = () => {
    sdk ??= (async () => ({
      mod: await loadSecretsManager(),
      client:
        options.client ??
        (await createSecretsManagerClient({
          region,
          credentials: credentials ?? sharedAwsChain().credentials,
          requestTimeoutMs: DEFAULT_SECRET_REQUEST_TIMEOUT_MS,
        })),
    }))();
    return sdk;
  };

  const nameOf = (tenantId: string, credentialId: string) => `${prefix}${tenantId}/${credentialId}`;

  const corrupt = (tenantId: string, credentialId: string, detail: string) =>
    new TenantError("TENANT_STORE_CORRUPT", `Secret ${nameOf(tenantId, credentialId)} ${detail}.`, {
      hint: "It was not written by credchain's store, or was copied from another tenant; store the credential again.",
      tenantId,
    });

  const read = async (tenantId: string, credentialId: string) => {
    const { mod, client } = await connect();
    let secretString: string | undefined;
    try {
      const out = await client.send(
        new mod.GetSecretValueCommand({ SecretId: nameOf(tenantId, credentialId) }),
      );
      secretString = out.SecretString;
    } catch (error) {
      if (isGone(error)) return undefined;
      throw storeFailedError("secrets-manager", "read a credential", error, tenantId);
    }
    const record = recordFromSecret(tenantId, credentialId, secretString);
    if (record === "malformed") {
      throw corrupt(tenantId, credentialId, "does not hold a credchain tenant credential");
    }
    // The name already scopes the secret; the ids inside guard against a value copied across.
    if (record === "foreign") {
      throw corrupt(tenantId, credentialId, "holds another tenant's or credential's record");
    }
    return record;
  };

  // The name alone does not prove ownership (another store, another prefix, a secret made by hand):
  // before rotating or deleting, the secret's own tags must name this tenant, id and prefix.
  const assertOwned = async (tenantId: string, credentialId: string): Promise<boolean> => {
    const { mod, client } = await connect();
    let tags: Map<string | undefined, string | undefined>;
    try {
      const described = await client.send(
        new mod.DescribeSecretCommand({ SecretId: nameOf(tenantId, credentialId) }),
      );
      tags = new Map((described.Tags ?? []).map((t) => [t.Key, t.Value]));
    } catch (error) {
      if (isGone(error)) return false;
      throw storeFailedError("secrets-manager", "describe a credential", error, tenantId);
    }
    // All three tags, the prefix included: a secret made by hand with the tenant's tags copied
    // (or by another store) is not this store's to change.
    if (
      tags.get(TENANT_TAG) !== tenantId ||
      tags.get(CREDENTIAL_TAG) !== credentialId ||
      tags.get(PREFIX_TAG) !== prefix
    ) {
      throw corrupt(
        tenantId,
        credentialId,
        "is not tagged as this store's credential for this tenant and id; it was left alone",
      );
    }
    return true;
  };

  return {
    name: "secrets-manager",
    async create(record) {
      assertStoredCredential(record, "secrets-manager");
      assertTenantId(record.tenantId);
      assertCredentialId(record.credentialId, record.tenantId);
      const { mod, client } = await connect();
      const tags = [
        { Key: TENANT_TAG, Value: record.tenantId },
        { Key: CREDENTIAL_TAG, Value: record.credentialId },
        { Key: PREFIX_TAG, Value: prefix },
      ];
      if (record.region !== undefined) tags.push({ Key: REGION_TAG, Value: record.region });
      try {
        await client.send(
          new mod.CreateSecretCommand({
            Name: nameOf(record.tenantId, record.credentialId),
            SecretString: serializeRecord(record),
            ...(record.description === undefined ? {} : { Description: record.description }),
            ...(kmsKeyId === undefined ? {} : { KmsKeyId: kmsKeyId }),
            Tags: tags,
          }),
        );
      } catch (error) {
        if (errorName(error) === "ResourceExistsException") {
          throw credentialExistsError(record.tenantId, record.credentialId);
        }
        if (errorName(error) === "InvalidRequestException" && /deletion/i.test(messageOf(error))) {
          throw new TenantError(
            "TENANT_CREDENTIAL_EXISTS",
            `Tenant ${record.tenantId}'s credentialId ${record.credentialId} was deleted and is still in its recovery window.`,
            {
              hint: "Use another credentialId, or restore or force-delete the secret in Secrets Manager.",
              tenantId: record.tenantId,
              cause: safeCause(error),
            },
          );
        }
        throw storeFailedError("secrets-manager", "store a credential", error, record.tenantId);
      }
    },
    async get(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      return read(tenantId, credentialId);
    },
    async rotate(tenantId, credentialId, keys, rotatedAt) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      const current = await read(tenantId, credentialId);
      if (current === undefined) throw credentialNotFoundError(tenantId, credentialId);
      await assertOwned(tenantId, credentialId);
      const next = current.withKeys(keys, rotatedAt);
      const { mod, client } = await connect();
      try {
        await client.send(
          new mod.PutSecretValueCommand({
            SecretId: nameOf(tenantId, credentialId),
            SecretString: serializeRecord(next),
          }),
        );
      } catch (error) {
        if (isGone(error)) throw credentialNotFoundError(tenantId, credentialId);
        throw storeFailedError("secrets-manager", "rotate a credential", error, tenantId);
      }
      return next.metadata();
    },
    async list(tenantId): Promise<CredentialMetadata[]> {
      assertTenantId(tenantId);
      const { mod, client } = await connect();
      const namePrefix = `${prefix}${tenantId}/`;
      const out: CredentialMetadata[] = [];
      let nextToken: string | undefined;
      do {
        let page;
        try {
          page = await client.send(
            new mod.ListSecretsCommand({
              Filters: [{ Key: "name", Values: [namePrefix] }],
              MaxResults: 100,
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
          );
        } catch (error) {
          throw storeFailedError("secrets-manager", "list credentials", error, tenantId);
        }
        for (const entry of page.SecretList ?? []) {
          // AWS matches name prefixes case-insensitively: check case, shape and the tenant tag.
          const name = entry.Name ?? "";
          const credentialId = name.slice(namePrefix.length);
          const tags = new Map((entry.Tags ?? []).map((t) => [t.Key, t.Value]));
          if (
            !name.startsWith(namePrefix) ||
            !isValidTenantId(credentialId) ||
            tags.get(TENANT_TAG) !== tenantId ||
            tags.get(PREFIX_TAG) !== prefix
          ) {
            continue;
          }
          const created = entry.CreatedDate ?? new Date(0);
          const meta: CredentialMetadata = { tenantId, credentialId, createdAt: created };
          const tagRegion = tags.get(REGION_TAG);
          if (tagRegion !== undefined) meta.region = tagRegion;
          if (entry.Description !== undefined) meta.description = entry.Description;
          if (entry.LastChangedDate !== undefined && entry.LastChangedDate > created) {
            meta.rotatedAt = entry.LastChangedDate;
          }
          out.push(meta);
        }
        nextToken = page.NextToken;
      } while (nextToken !== undefined);
      return out.sort((a, b) => (a.credentialId < b.credentialId ? -1 : 1));
    },
    async delete(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      if (!(await assertOwned(tenantId, credentialId))) return false;
      const { mod, client } = await connect();
      try {
        await client.send(
          new mod.DeleteSecretCommand({
            SecretId: nameOf(tenantId, credentialId),
            ...(recoveryWindowDays === undefined
              ? { ForceDeleteWithoutRecovery: true }
              : { RecoveryWindowInDays: recoveryWindowDays }),
          }),
        );
        return true;
      } catch (error) {
        if (isGone(error)) return false;
        throw storeFailedError("secrets-manager", "delete a credential", error, tenantId);
      }
    },
  };
}
