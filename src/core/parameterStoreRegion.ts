import { ENV_REGION } from "./envNames.js";
import type { EnvRecord } from "./EnvRecord.js";
import { presentValue } from "./parseAdminKey.js";
import { DEFAULT_REGION, assertRegion } from "./region.js";
import type { RegionSource, Sourced } from "./types.js";

/**
 * The region Parameter Store is called in for `ssm:` names: `explicit` (an option or flag) →
 * `AWS_REGION` → `us-east-1`. `SECRETS_MANAGER_REGION` is Secrets Manager's alone (see
 * `secretsManagerRegion`): parameters live beside the service that reads them. A parameter ARN's
 * own region wins over all of these. Every value must be a region code (`INVALID_REGION`, naming
 * where it came from, otherwise).
 *
 * @param origin How `explicit` is named in an error (`option region`, `--region`).
 */
export function parameterStoreRegion(
  env: EnvRecord,
  explicit?: string,
  origin = "option region",
): string {
  return parameterStoreRegionSourced(env, explicit, origin).value;
}

/** {@link parameterStoreRegion} with where the region came from (`admin` for `explicit`). */
export function parameterStoreRegionSourced(
  env: EnvRecord,
  explicit?: string,
  origin = "option region",
): Sourced<RegionSource> {
  const given = presentValue(explicit);
  if (given !== undefined) return { value: assertRegion(given, origin), source: "admin" };
  const region = presentValue(env[ENV_REGION]);
  return region === undefined
    ? { value: DEFAULT_REGION, source: "default" }
    : { value: assertRegion(region, ENV_REGION), source: "env:AWS_REGION" };
}
