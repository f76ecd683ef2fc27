import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { sharedAwsChain } from "../chain/sharedAwsChain.js";
import { TenantError } from "../core/TenantError.js";
import { createSsmClient, loadSsm, type SsmModule } from "../internal/lazySsm.js";
import { classifyParameterStoreError } from "../internal/parameterStoreErrors.js";
import { DEFAULT_SECRET_REQUEST_TIMEOUT_MS } from "../internal/requestTimeout.js";
import type { CredentialStore } from "./CredentialStore.js";
import { recordFromSecret } from "./secretsManagerRecord.js";
import { parameterStoreFailedError, readOnlyStoreError } from "./storeErrors.js";
import type { CredentialMetadata } from "./StoredCredential.js";
import { assertCredentialId, assertTenantId, isValidTenantId } from "./tenantIds.js";

/** What `secretsManagerCredentialStore` hands over for an `ssm:` prefix. @internal */
export interface ParameterStoreCredentialStoreInit {
  /** The parameter path tenants live under, with its leading and trailing `/`: `/myapp/tenants/`. */
  path: string;
  region: string | undefined;
  credentials: AwsCredentialIdentityProvider | undefined;
  ssmClient: SSMClient | undefined;
}

/** `DescribeParameters` returns at most 50 parameters a page. */
const PAGE_SIZE = 50;

/**
 * The read-only tenant store behind an `ssm:` prefix: the credential `primary` of tenant `acme`
 * is the `SecureString` `<path>acme/primary`, holding the same JSON record the Secrets Manager
 * store writes. `get` reads it with decryption (`GetParameter`); `list` reads metadata only
 * (`DescribeParameters` on the tenant's path, one level, which returns no value at all); writes
 * are refused with `TENANT_STORE_READ_ONLY`, since infrastructure code provisions the
 * parameters. The SSM client is created on first use and signs as the service identity.
 * @internal
 */
export function parameterStoreCredentialStore(
  init: ParameterStoreCredentialStoreInit,
): CredentialStore {
  const { path } = init;
  let connection: Promise<{ ssm: SsmModule; client: SSMClient }> | undefined;

  const connect = () => {
    if (connection === undefined) {
      const opening = (async () => ({
        ssm: await loadSsm(),
        client:
          init.ssmClient ??
          (await createSsmClient({
            region: init.region,
            requestTimeoutMs: DEFAULT_SECRET_REQUEST_TIMEOUT_MS,
            credentials: init.credentials ?? sharedAwsChain().credentials,
          })),
      }))();
      connection = opening;
      opening.catch(() => {
        if (connection === opening) connection = undefined;
      });
    }
    return connection;
  };

  const nameOf = (tenantId: string, credentialId: string) => `${path}${tenantId}/${credentialId}`;

  // The client's region, for the ARN an access-denied hint names (a given client has its own).
  const failed = async (client: SSMClient, operation: string, error: unknown, tenantId: string) => {
    let region = init.region;
    try {
      region ??= await client.config.region();
    } catch {
      // A client without a readable region: the hint keeps a placeholder.
    }
    return parameterStoreFailedError(operation, error, path, tenantId, region);
  };

  const corrupt = (tenantId: string, credentialId: string, detail: string) =>
    new TenantError(
      "TENANT_STORE_CORRUPT",
      `Parameter ${nameOf(tenantId, credentialId)} ${detail}.`,
      {
        hint: "Write the credential's record (docs/tenants.md) into a SecureString at that name, for that tenant and id.",
        tenantId,
      },
    );

  return {
    name: "parameter-store",
    async create(record) {
      assertTenantId(record.tenantId);
      throw readOnlyStoreError("store credentials", path, record.tenantId);
    },
    async get(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      const { ssm, client } = await connect();
      let parameter;
      try {
        const out = await client.send(
          new ssm.GetParameterCommand({
            Name: nameOf(tenantId, credentialId),
            WithDecryption: true,
          }),
        );
        parameter = out.Parameter;
      } catch (error) {
        if (classifyParameterStoreError(error) === "not-found") return undefined;
        throw await failed(client, "read a credential", error, tenantId);
      }
      // A String would keep the tenant's secret key unencrypted at rest: refuse to serve it.
      if (parameter?.Type !== "SecureString") {
        throw corrupt(tenantId, credentialId, "is not a SecureString; it was not used");
      }
      const record = recordFromSecret(tenantId, credentialId, parameter.Value);
      if (record === "malformed") {
        throw corrupt(tenantId, credentialId, "does not hold a credchain tenant credential");
      }
      // The name scopes the parameter; the ids inside guard against a value copied across.
      if (record === "foreign") {
        throw corrupt(tenantId, credentialId, "holds another tenant's or credential's record");
      }
      return record;
    },
    async rotate(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      throw readOnlyStoreError("rotate credentials", path, tenantId);
    },
    async list(tenantId): Promise<CredentialMetadata[]> {
      assertTenantId(tenantId);
      const { ssm, client } = await connect();
      const parent = `${path}${tenantId}`;
      const out: CredentialMetadata[] = [];
      let nextToken: string | undefined;
      do {
        let page;
        try {
          page = await client.send(
            new ssm.DescribeParametersCommand({
              ParameterFilters: [{ Key: "Path", Option: "OneLevel", Values: [parent] }],
              MaxResults: PAGE_SIZE,
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
          );
        } catch (error) {
          throw await failed(client, "list credentials", error, tenantId);
        }
        for (const entry of page.Parameters ?? []) {
          // Only what get would serve: this tenant's own path, an id's shape, a SecureString.
          const name = entry.Name ?? "";
          const credentialId = name.slice(parent.length + 1);
          if (
            !name.startsWith(`${parent}/`) ||
            !isValidTenantId(credentialId) ||
            entry.Type !== "SecureString"
          ) {
            continue;
          }
          // Parameter Store's metadata has no creation date: the current version's date stands in.
          const meta: CredentialMetadata = {
            tenantId,
            credentialId,
            createdAt: entry.LastModifiedDate ?? new Date(0),
          };
          if (entry.Description !== undefined) meta.description = entry.Description;
          out.push(meta);
        }
        nextToken = page.NextToken === "" ? undefined : page.NextToken;
      } while (nextToken !== undefined);
      return out.sort((a, b) => (a.credentialId < b.credentialId ? -1 : 1));
    },
    async delete(tenantId, credentialId) {
      assertTenantId(tenantId);
      assertCredentialId(credentialId, tenantId);
      throw readOnlyStoreError("delete credentials", path, tenantId);
    },
  };
}
