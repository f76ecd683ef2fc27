import { createHash } from "node:crypto";

/**
 * The STS `RoleSessionName` (2–64 of `[\w+=,.@-]`) naming a tenant in the role account's
 * CloudTrail: `tenant-<id>` when it fits; otherwise the id's head and a hash of the whole id
 * (`tenant-<first 46>-<10 hex>`), so two tenants never share a session name.
 */
export function roleSessionNameFor(tenantId: string): string {
  const prefixed = `tenant-${tenantId}`;
  if (prefixed.length <= 64) return prefixed;
  const digest = createHash("sha256").update(tenantId, "utf8").digest("hex").slice(0, 10);
  return `tenant-${tenantId.slice(0, 46)}-${digest}`;
}
