// The value of one tenant credential secret, and how Secrets Manager says a secret is gone.
import { lazySchema } from "../core/lazyZod.js";
import { StoredCredential } from "./StoredCredential.js";

const FORMAT = "credchain-tenant-credential";

const valueSchema = lazySchema((z) =>
  z.object({
    format: z.literal(FORMAT),
    tenantId: z.string(),
    credentialId: z.string(),
    awsAccessKeyId: z.string().min(1),
    awsSecretAccessKey: z.string().min(1),
    region: z.string().optional(),
    description: z.string().optional(),
    createdAt: z.iso.datetime(),
    rotatedAt: z.iso.datetime().optional(),
  }),
);

/** The secret's `SecretString` for a record (the keys in the clear: Secrets Manager encrypts it). */
export function serializeRecord(record: StoredCredential): string {
  const { awsAccessKeyId, awsSecretAccessKey } = record.reveal();
  return JSON.stringify({
    format: FORMAT,
    tenantId: record.tenantId,
    credentialId: record.credentialId,
    awsAccessKeyId,
    awsSecretAccessKey,
    region: record.region,
    description: record.description,
    createdAt: record.createdAt.toISOString(),
    rotatedAt: record.rotatedAt?.toISOString(),
  });
}

/**
 * The record a secret holds for `tenantId`/`credentialId`: `malformed` when it is not a
 * credchain tenant credential, `foreign` when it names another tenant or id.
 */
export function recordFromSecret(
  tenantId: string,
  credentialId: string,
  secretString: string | undefined,
): StoredCredential | "malformed" | "foreign" {
  let value;
  try {
    value = valueSchema().parse(JSON.parse(secretString ?? ""));
  } catch {
    return "malformed";
  }
  if (value.tenantId !== tenantId || value.credentialId !== credentialId) return "foreign";
  return new StoredCredential({
    tenantId,
    credentialId,
    awsAccessKeyId: value.awsAccessKeyId,
    awsSecretAccessKey: value.awsSecretAccessKey,
    region: value.region,
    description: value.description,
    createdAt: new Date(value.createdAt),
    rotatedAt: value.rotatedAt === undefined ? undefined : new Date(value.rotatedAt),
  });
}

/** The SDK error's name, if it is an error. */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The SDK error's message, to tell a deleted secret from another invalid request. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : "";
}

/** Not found, or scheduled for deletion: either way the tenant no longer has it. */
export function isGone(error: unknown): boolean {
  const name = errorName(error);
  return (
    name === "ResourceNotFoundException" ||
    (name === "InvalidRequestException" && /deletion|deleted/i.test(messageOf(error)))
  );
}
