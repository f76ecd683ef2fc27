import { ENV_REGION, ENV_SECRETS_MANAGER_REGION } from "./envNames.js";
import type { EnvRecord } from "./EnvRecord.js";
import { presentValue } from "./parseAdminKey.js";
import { DEFAULT_REGION, assertRegion } from "./region.js";
import type { RegionSource, Sourced } from "./types.js";

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
  return secretsManagerRegionSourced(env, explicit, origin).value;
}

/** {@link secretsManagerRegion} with where the region came from (`admin` for `explicit`). */
export function secretsManagerRegionSourced(
  env: EnvRecord,
  explicit?: string,
  origin = "option region",
): Sourced<RegionSource> {
  const given = presentValue(explicit);
  if (given !== undefined) return { value: assertRegion(given, origin), source: "admin" };
  const smRegion = presentValue(env[ENV_SECRETS_MANAGER_REGION]);
  if (smRegion !== undefined) {
    return {
      value: assertRegion(smRegion, ENV_SECRETS_MANAGER_REGION),
      source: "env:SECRETS_MANAGER_REGION",
    };
  }
  const region = presentValue(env[ENV_REGION]);
  return region === undefined
    ? { value: DEFAULT_REGION, source: "default" }
    : { value: assertRegion(region, ENV_REGION), source: "env:AWS_REGION" };
}
