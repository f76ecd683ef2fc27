import { createHash } from "node:crypto";

/**
 * The STS `RoleSessionName` (2–64 of `[\w+=,.@-]`) naming a tenant in the role account's
 * CloudTrail: `tenant-<id>` when it fits; otherwise the id's head and a hash of the whole id,
 * joined by a `.` (`tenant-<first 40>.<16 hex>`). Tenant ids never contain `.`, so no hashed name
 * can equal another tenant's short one, and two long ids differ in their hash.
 */
export function roleSessionNameFor(tenantId: string): string {
  const prefixed = `tenant-${tenantId}`;
  if (prefixed.length <= 64) return prefixed;
  const digest = createHash("sha256").update(tenantId, "utf8").digest("hex").slice(0, 16);
  return `tenant-${tenantId.slice(0, 40)}.${digest}`;
}
