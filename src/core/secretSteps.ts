// Steps 2–3 of the decision: Secrets Manager (planned only: the pure core makes no call) and the
// local `SECRET_<name>` variable.
import { CredentialConfigError } from "./CredentialConfigError.js";
import type { EnvRecord } from "./EnvRecord.js";
import { looksLikeCredential } from "./keyShapes.js";
import { PARAMETER_NAME_HINT, parameterNameProblem } from "./parameterName.js";
import { ENV_USE_SECRETS_MANAGER, SECRET_NAME_ENV, localSecretVariable } from "./envNames.js";
import { presentValue } from "./parseAdminKey.js";
import { parseSecretPayload } from "./parseSecretPayload.js";
import type { StepOutcome } from "./StepOutcome.js";
import type { Provider } from "./types.js";

// The `USE_SECRETS_MANAGER` values read as on, and as off (any case, outer whitespace trimmed).
const SWITCH_ON = ["true", "1", "yes", "y", "on", "enabled"] as const;
const SWITCH_OFF = ["false", "0", "no", "n", "off", "disabled"] as const;

/**
 * `USE_SECRETS_MANAGER` read as a switch: `true`, `1`, `yes`, `y`, `on`, `enabled` (any case)
 * enable it, `false`, `0`, `no`, `n`, `off`, `disabled` disable it, blank is unset (off), anything
 * else disables it with a warning that lists the accepted spellings (the value is not echoed).
 */
export function secretsManagerSwitch(
  env: EnvRecord,
  envFile?: EnvRecord,
): { enabled: boolean; warning?: string } {
  const raw =
    presentValue(env[ENV_USE_SECRETS_MANAGER]) ?? presentValue(envFile?.[ENV_USE_SECRETS_MANAGER]);
  if (raw === undefined) return { enabled: false };
  const lower = raw.toLowerCase();
  if ((SWITCH_ON as readonly string[]).includes(lower)) return { enabled: true };
  if ((SWITCH_OFF as readonly string[]).includes(lower)) return { enabled: false };
  return {
    enabled: false,
    warning: `${ENV_USE_SECRETS_MANAGER} is neither on (${SWITCH_ON.join(", ")}) nor off (${SWITCH_OFF.join(", ")}), in any case; Secrets Manager stays off.`,
  };
}

/** The secret name configured for `provider` (`AWS_BEDROCK_SECRET_NAME`, `OPENAI_SECRET_NAME`, …). */
export function configuredSecretName(
  provider: Provider,
  env: EnvRecord,
  envFile?: EnvRecord,
): string | undefined {
  const variable = SECRET_NAME_ENV[provider];
  const fromEnv = presentValue(env[variable]);
  const name = fromEnv ?? presentValue(envFile?.[variable]);
  // Names are echoed in traces and errors: a pasted key must never be one.
  if (name !== undefined && (looksLikeCredential(name) || /\p{Cc}/u.test(name))) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `${variable} (${fromEnv !== undefined ? "environment" : "env file"}) holds what looks like a credential, not a secret name (the value is not shown).`,
      {
        hint: `Set ${variable} to the secret's name (e.g. prod/llm/${provider}); if a key was pasted there, rotate it.`,
      },
    );
  }
  const problem = name === undefined ? undefined : parameterNameProblem(name);
  if (problem !== undefined) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `${variable} (${fromEnv !== undefined ? "environment" : "env file"}) names a parameter that Parameter Store cannot hold: the parameter name ${problem}.`,
      { hint: `Fix ${variable}. ${PARAMETER_NAME_HINT}` },
    );
  }
  return name;
}

/** Step 2 as the pure core sees it: whether Secrets Manager would be consulted, and why. */
export function secretsManagerPlan(
  provider: Provider,
  env: EnvRecord,
  envFile?: EnvRecord,
): ({ secretName: string; reason: string } | { skipped: string }) & { warnings: string[] } {
  const variable = SECRET_NAME_ENV[provider];
  const { enabled, warning } = secretsManagerSwitch(env, envFile);
  const warnings = warning === undefined ? [] : [warning];
  const secretName = configuredSecretName(provider, env, envFile);
  if (!enabled) return { skipped: `${ENV_USE_SECRETS_MANAGER} is not true`, warnings };
  if (secretName === undefined)
    return { skipped: `${ENV_USE_SECRETS_MANAGER}=true but ${variable} is not set`, warnings };
  return {
    secretName,
    reason: `${ENV_USE_SECRETS_MANAGER}=true and ${variable} names secret ${secretName}`,
    warnings,
  };
}

/** Step 3: the local `SECRET_<name>` variable (process env, then env file). */
export function localSecretStep(
  provider: Provider,
  env: EnvRecord,
  envFile?: EnvRecord,
): StepOutcome {
  const variable = SECRET_NAME_ENV[provider];
  const secretName = configuredSecretName(provider, env, envFile);
  if (secretName === undefined) return { skipped: `${variable} is not set`, warnings: [] };
  const local = localSecretVariable(secretName);
  const text = presentValue(env[local]) ?? presentValue(envFile?.[local]);
  if (text === undefined)
    return { skipped: `${local} is not set (from ${variable})`, warnings: [] };
  const chosen = parseSecretPayload(text, provider, { source: "local-secret", secretName });
  const where = presentValue(env[local]) !== undefined ? "the environment" : "the env file";
  return {
    chosen: { ...chosen, reason: `${local} in ${where}: ${chosen.reason}` },
    warnings: chosen.warnings ?? [],
  };
}
