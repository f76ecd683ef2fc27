/** Names a process environment variable may have. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names set and skipped; never values. */
export interface EnvChanges {
  /** Variables written. */
  set: string[];
  /** Variables left alone because they already had a value. */
  skipped: string[];
}

/**
 * Writes `values` into `env`. A variable that already has a non-empty value is left alone (and
 * reported in `skipped`) unless `override`. Names must already be validated.
 */
export function setEnvVariables(
  values: Iterable<readonly [string, string]>,
  env: Record<string, string | undefined>,
  override: boolean,
): EnvChanges {
  const changes: EnvChanges = { set: [], skipped: [] };
  for (const [name, value] of values) {
    // Own properties only: `env.constructor` of a plain object is Object, not a variable.
    const existing = Object.hasOwn(env, name) ? env[name] : undefined;
    if (!override && typeof existing === "string" && existing.trim() !== "") {
      changes.skipped.push(name);
      continue;
    }
    env[name] = value;
    changes.set.push(name);
  }
  return changes;
}
