import { ENV_REGION, ENV_SECRETS_MANAGER_REGION } from "./envNames.js";
import type { EnvRecord } from "./EnvRecord.js";
import { presentValue } from "./parseAdminKey.js";
import { DEFAULT_REGION, assertRegion } from "./region.js";

/**
 * The region Secrets Manager is called in: `explicit` (an option or flag) →
 * `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`. Every value must be a region code
 * (`INVALID_REGION`, naming where it came from, otherwise).
 *
 * @param origin How `explicit` is named in an error (`option region`, `--region`).
 */
export function secretsManagerRegion(
  env: EnvRecord,
  explicit?: string,
  origin = "option region",
): string {
  const given = presentValue(explicit);
  if (given !== undefined) return assertRegion(given, origin);
  const smRegion = presentValue(env[ENV_SECRETS_MANAGER_REGION]);
  if (smRegion !== undefined) return assertRegion(smRegion, ENV_SECRETS_MANAGER_REGION);
  const region = presentValue(env[ENV_REGION]);
  return region === undefined ? DEFAULT_REGION : assertRegion(region, ENV_REGION);
}
