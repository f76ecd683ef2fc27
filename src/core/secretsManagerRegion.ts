import { ENV_REGION, ENV_SECRETS_MANAGER_REGION } from "./envNames.js";
import type { EnvRecord } from "./EnvRecord.js";
import { presentValue } from "./parseAdminKey.js";
import { DEFAULT_REGION, assertRegion } from "./region.js";
import type { RegionSource, Sourced } from "./types.js";

/**
 * The region Secrets Manager is called in: `explicit` (an option or flag) →
 * `SECRETS_MANAGER_REGION` → `AWS_REGION` (process env, then the env file, as `resolveRegion`
 * reads them) → `us-east-1`. Every value must be a region code (`INVALID_REGION`, naming where it
 * came from, otherwise).
 *
 * @param origin How `explicit` is named in an error (`option region`, `--region`).
 * @param envFile A parsed env file, consulted after `env`.
 */
export function secretsManagerRegion(
  env: EnvRecord,
  explicit?: string,
  origin = "option region",
  envFile?: EnvRecord,
): string {
  return secretsManagerRegionSourced(env, explicit, origin, envFile).value;
}

/** {@link secretsManagerRegion} with where the region came from (`admin` for `explicit`). */
export function secretsManagerRegionSourced(
  env: EnvRecord,
  explicit?: string,
  origin = "option region",
  envFile?: EnvRecord,
): Sourced<RegionSource> {
  const given = presentValue(explicit);
  if (given !== undefined) return { value: assertRegion(given, origin), source: "admin" };
  const candidates: [EnvRecord | undefined, string, RegionSource][] = [
    [env, ENV_SECRETS_MANAGER_REGION, "env:SECRETS_MANAGER_REGION"],
    [env, ENV_REGION, "env:AWS_REGION"],
    [envFile, ENV_SECRETS_MANAGER_REGION, "env-file:SECRETS_MANAGER_REGION"],
    [envFile, ENV_REGION, "env-file:AWS_REGION"],
  ];
  for (const [record, name, source] of candidates) {
    const value = presentValue(record?.[name]);
    if (value !== undefined) return { value: assertRegion(value, source), source };
  }
  return { value: DEFAULT_REGION, source: "default" };
}
