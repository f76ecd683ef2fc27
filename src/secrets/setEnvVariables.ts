import { CredentialConfigError } from "../core/CredentialConfigError.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { readEnv } from "../core/readInput.js";

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
  current: EnvRecord = readEnv(env, "env"),
): EnvChanges {
  const changes: EnvChanges = { set: [], skipped: [] };
  const undo: [string, string | undefined][] = [];
  for (const [name, value] of values) {
    // Own properties only: `env.constructor` of a plain object is Object, not a variable.
    const existing = Object.hasOwn(current, name) ? current[name] : undefined;
    if (!override && typeof existing === "string" && existing.trim() !== "") {
      changes.skipped.push(name);
      continue;
    }
    try {
      env[name] = value;
    } catch {
      // A setter or Proxy refused: put back what was written, so nothing is half-set.
      for (const [undoName, previous] of undo.reverse()) {
        try {
          if (previous === undefined) delete env[undoName];
          else env[undoName] = previous;
        } catch {
          // best effort: the record refuses writes
        }
      }
      throw new CredentialConfigError(
        "INVALID_OPTION",
        `env could not be written (setting ${name} threw); nothing was set.`,
        { hint: "Pass env as a plain object or process.env." },
      );
    }
    undo.push([name, existing]);
    changes.set.push(name);
  }
  return changes;
}
