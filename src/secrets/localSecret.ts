import { readVariable } from "../core/readInput.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { localSecretVariable } from "../core/envNames.js";
import { parseSecretText } from "./parseSecretText.js";
import type { SecretLookup } from "./SecretStore.js";

const present = (value: string | undefined): string | undefined =>
  typeof value !== "string" || value.trim() === "" ? undefined : value;

/** Counters the local fallback moves. */
export interface LocalCounters {
  localServed: number;
  envFileServed: number;
}

/**
 * The store's local fallback: `SECRET_<name>` in `env`, then in `envFile` (read live on each
 * call). `looked` collects where it looked, naming variables only; `undefined` when neither has it.
 */
export function lookupLocalSecret(
  name: string,
  env: EnvRecord,
  envFile: EnvRecord | undefined,
  counters: LocalCounters,
  looked: string[],
): SecretLookup | undefined {
  const variable = localSecretVariable(name);
  const local = present(readVariable(env, variable, "the secret store's env"));
  if (local !== undefined) {
    counters.localServed += 1;
    const secret = parseSecretText(local);
    return {
      name,
      value: secret.value,
      text: secret.text,
      source: "local-secret",
      variable,
      stale: false,
    };
  }
  looked.push(`environment variable ${variable}: not set`);
  const fromFile =
    envFile === undefined
      ? undefined
      : present(readVariable(envFile, variable, "the secret store's envFile"));
  if (fromFile !== undefined) {
    counters.envFileServed += 1;
    const secret = parseSecretText(fromFile);
    return {
      name,
      value: secret.value,
      text: secret.text,
      source: "env-file",
      variable,
      stale: false,
    };
  }
  looked.push(envFile === undefined ? "env file: none given" : `env file ${variable}: not set`);
  return undefined;
}
