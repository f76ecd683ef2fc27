// The rules of DESIGN.md section 3, one step per source. `decideCredentials` runs them over a
// snapshot; the chain's sources run the same steps, so a chain and a pure decision agree.
import { assertApiKeyShape } from "./apiKeyShape.js";
import { CredentialConfigError } from "./CredentialConfigError.js";
import {
  API_KEY_ENV,
  ENV_ACCESS_KEY_ID,
  ENV_BEARER_TOKEN_BEDROCK,
  ENV_SECRET_ACCESS_KEY,
  ENV_SESSION_TOKEN,
  ENV_USE_SECRETS_MANAGER,
  SECRET_NAME_ENV,
  localSecretVariable,
} from "./envNames.js";
import { hasInnerWhitespace, isTemporaryKeyId } from "./keyShapes.js";
import { presentValue, type AdminKey } from "./parseAdminKey.js";
import { parseSecretPayload } from "./parseSecretPayload.js";
import type { CredentialResult, Provider } from "./types.js";

/** An environment snapshot: `process.env` or a parsed `.env` file. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;
/** Which snapshot a value came from. */
export type EnvOrigin = "env" | "env-file";

/** The outcome of one step: credentials, or a reason to skip. Both may carry warnings. */
export type StepOutcome =
  { chosen: CredentialResult; warnings: string[] } | { skipped: string; warnings: string[] };

/** A credential-bearing env value: trimmed, empty → undefined, whitespace inside → error. */
export function envCredential(
  record: EnvRecord | undefined,
  name: string,
  origin: EnvOrigin,
): string | undefined {
  const value = presentValue(record?.[name]);
  if (value !== undefined && hasInnerWhitespace(value)) {
    throw new CredentialConfigError(
      "ENV_CREDENTIAL_MALFORMED",
      `${name} (${origin === "env" ? "environment" : "env file"}) contains whitespace inside its value.`,
      { hint: `Remove spaces and line breaks from ${name}.` },
    );
  }
  return value;
}

function originLabel(origin: EnvOrigin): string {
  return origin === "env" ? "the environment" : "the env file";
}

/**
 * What an admin key leaves behind in the environment that matters to the SDK: a bearer token the
 * Bedrock client would otherwise prefer, and a session token that is never attached to admin keys.
 */
function adminBesideEnvWarnings(env: EnvRecord, awsKey: boolean): string[] {
  const warnings: string[] = [];
  if (awsKey && presentValue(env[ENV_SESSION_TOKEN]) !== undefined) {
    warnings.push(
      `${ENV_SESSION_TOKEN} is set in the environment but is never attached to an admin key.`,
    );
  }
  if (presentValue(env[ENV_BEARER_TOKEN_BEDROCK]) !== undefined) {
    warnings.push(
      `${ENV_BEARER_TOKEN_BEDROCK} is set in the environment; the admin key wins (bedrockClientConfig pins the auth scheme so the SDK cannot pick the token).`,
    );
  }
  return warnings;
}

/** Step 1: the admin key. `secret-only` pairs the admin secret with `AWS_ACCESS_KEY_ID`. */
export function adminStep(
  adminKey: AdminKey,
  provider: Provider,
  env: EnvRecord,
  envFile?: EnvRecord,
): StepOutcome {
  const warnings: string[] = [];
  switch (adminKey.form) {
    case "absent":
      return { skipped: "no admin key is configured", warnings };
    case "api-key":
      return {
        chosen: {
          source: "admin",
          kind: "api-key",
          detail: "api-key",
          apiKey: adminKey.apiKey.reveal(),
          reason: `the admin key is a ${provider} API key`,
        },
        warnings,
      };
    case "bedrock-api-key":
      warnings.push(...adminBesideEnvWarnings(env, false));
      return {
        chosen: {
          source: "admin",
          kind: "bearer-token",
          detail: "bedrock-api-key",
          token: { token: adminKey.apiKey.reveal() },
          reason: "the admin key is a Bedrock API key (bearer auth)",
        },
        warnings,
      };
    case "pair": {
      warnings.push(...adminBesideEnvWarnings(env, true));
      const sessionToken = adminKey.sessionToken?.reveal();
      return {
        chosen: {
          source: "admin",
          kind: "aws-static",
          detail: "pair",
          credentials: {
            accessKeyId: adminKey.accessKeyId,
            secretAccessKey: adminKey.secretAccessKey.reveal(),
            ...(sessionToken === undefined ? {} : { sessionToken }),
          },
          reason:
            sessionToken === undefined
              ? "the admin key is an access key pair"
              : "the admin key is an access key pair with a session token",
        },
        warnings,
      };
    }
    case "secret-only": {
      let origin: EnvOrigin = "env";
      let accessKeyId = envCredential(env, ENV_ACCESS_KEY_ID, "env");
      if (accessKeyId === undefined) {
        accessKeyId = envCredential(envFile, ENV_ACCESS_KEY_ID, "env-file");
        origin = "env-file";
      }
      if (accessKeyId === undefined) {
        throw new CredentialConfigError(
          "ACCESS_KEY_ID_REQUIRED",
          `The admin key is a bare secret access key, but ${ENV_ACCESS_KEY_ID} is not set.`,
          {
            hint: `Set ${ENV_ACCESS_KEY_ID}, or enter ACCESS_KEY_ID:SECRET_ACCESS_KEY as the admin key.`,
          },
        );
      }
      if (isTemporaryKeyId(accessKeyId)) {
        throw new CredentialConfigError(
          "SESSION_TOKEN_REQUIRED",
          `The admin key is a bare secret but ${ENV_ACCESS_KEY_ID} is a temporary (ASIA…) key; temporary credentials are never assembled from two places.`,
          {
            hint: "Enter ACCESS_KEY_ID:SECRET_ACCESS_KEY:SESSION_TOKEN as the admin key, or use a long-term AKIA… key.",
          },
        );
      }
      warnings.push(...adminBesideEnvWarnings(env, true));
      return {
        chosen: {
          source: "admin",
          kind: "aws-static",
          detail: "secret-only",
          credentials: { accessKeyId, secretAccessKey: adminKey.secretAccessKey.reveal() },
          reason: `the admin key is a secret access key; the access key ID comes from ${ENV_ACCESS_KEY_ID} in ${originLabel(origin)}`,
        },
        warnings,
      };
    }
  }
}

/** Whether `USE_SECRETS_MANAGER` enables Secrets Manager (`true`/`1`/`yes`, case-insensitive). */
export function secretsManagerEnabled(env: EnvRecord, envFile?: EnvRecord): boolean {
  const raw =
    presentValue(env[ENV_USE_SECRETS_MANAGER]) ?? presentValue(envFile?.[ENV_USE_SECRETS_MANAGER]);
  return raw !== undefined && ["true", "1", "yes"].includes(raw.toLowerCase());
}

/** The secret name configured for `provider` (`AWS_BEDROCK_SECRET_NAME`, `OPENAI_SECRET_NAME`, …). */
export function configuredSecretName(
  provider: Provider,
  env: EnvRecord,
  envFile?: EnvRecord,
): string | undefined {
  const variable = SECRET_NAME_ENV[provider];
  return presentValue(env[variable]) ?? presentValue(envFile?.[variable]);
}

/** Step 2 as the pure core sees it: whether Secrets Manager would be consulted, and why. */
export function secretsManagerPlan(
  provider: Provider,
  env: EnvRecord,
  envFile?: EnvRecord,
): { secretName: string; reason: string } | { skipped: string } {
  const variable = SECRET_NAME_ENV[provider];
  const enabled = secretsManagerEnabled(env, envFile);
  const secretName = configuredSecretName(provider, env, envFile);
  if (!enabled) return { skipped: `${ENV_USE_SECRETS_MANAGER} is not true` };
  if (secretName === undefined)
    return { skipped: `${ENV_USE_SECRETS_MANAGER}=true but ${variable} is not set` };
  return {
    secretName,
    reason: `${ENV_USE_SECRETS_MANAGER}=true and ${variable} names secret ${secretName}`,
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

/**
 * Steps 4–5 for Bedrock over one snapshot: `AWS_BEARER_TOKEN_BEDROCK`, then the key pair
 * `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN` from the same snapshot).
 */
export function bedrockEnvStep(record: EnvRecord | undefined, origin: EnvOrigin): StepOutcome {
  const warnings: string[] = [];
  const where = originLabel(origin);
  const bearer = envCredential(record, ENV_BEARER_TOKEN_BEDROCK, origin);
  const accessKeyId = envCredential(record, ENV_ACCESS_KEY_ID, origin);
  const secretAccessKey = envCredential(record, ENV_SECRET_ACCESS_KEY, origin);
  const sessionToken = envCredential(record, ENV_SESSION_TOKEN, origin);
  const fullPair = accessKeyId !== undefined && secretAccessKey !== undefined;

  if (bearer !== undefined) {
    if (fullPair) {
      warnings.push(
        `${ENV_BEARER_TOKEN_BEDROCK} and ${ENV_ACCESS_KEY_ID}/${ENV_SECRET_ACCESS_KEY} are both set in ${where}; the bearer token wins, as in the AWS SDK.`,
      );
    }
    return {
      chosen: {
        source: origin,
        kind: "bearer-token",
        detail: ENV_BEARER_TOKEN_BEDROCK,
        token: { token: bearer },
        reason: `${ENV_BEARER_TOKEN_BEDROCK} is set in ${where}`,
      },
      warnings,
    };
  }
  if (!fullPair) {
    if (accessKeyId !== undefined || secretAccessKey !== undefined) {
      const [have, missing] =
        accessKeyId !== undefined
          ? [ENV_ACCESS_KEY_ID, ENV_SECRET_ACCESS_KEY]
          : [ENV_SECRET_ACCESS_KEY, ENV_ACCESS_KEY_ID];
      warnings.push(`${have} is set in ${where} without ${missing}; the partial pair is ignored.`);
      return { skipped: `partial key pair in ${where} (${missing} is not set)`, warnings };
    }
    if (sessionToken !== undefined) {
      warnings.push(`${ENV_SESSION_TOKEN} is set in ${where} without a key pair; it is ignored.`);
    }
    return {
      skipped: `neither ${ENV_BEARER_TOKEN_BEDROCK} nor ${ENV_ACCESS_KEY_ID} + ${ENV_SECRET_ACCESS_KEY} is set in ${where}`,
      warnings,
    };
  }
  if (isTemporaryKeyId(accessKeyId) && sessionToken === undefined) {
    throw new CredentialConfigError(
      "SESSION_TOKEN_REQUIRED",
      `${ENV_ACCESS_KEY_ID} in ${where} is a temporary (ASIA…) key but ${ENV_SESSION_TOKEN} is not set there.`,
      {
        hint: `Set ${ENV_SESSION_TOKEN} alongside the temporary key, or use a long-term AKIA… key.`,
      },
    );
  }
  const names = [
    ENV_ACCESS_KEY_ID,
    ENV_SECRET_ACCESS_KEY,
    ...(sessionToken ? [ENV_SESSION_TOKEN] : []),
  ];
  return {
    chosen: {
      source: origin,
      kind: "aws-static",
      detail: names.join("+"),
      credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
      reason: `${names.join(" + ")} are set in ${where}`,
    },
    warnings,
  };
}

/** Steps 4–5 for an API-key provider over one snapshot (`OPENAI_API_KEY`, `CO_API_KEY`, …). */
export function apiKeyEnvStep(
  provider: Exclude<Provider, "bedrock">,
  record: EnvRecord | undefined,
  origin: EnvOrigin,
): StepOutcome {
  const where = originLabel(origin);
  for (const name of API_KEY_ENV[provider]) {
    const key = envCredential(record, name, origin);
    if (key === undefined) continue;
    assertApiKeyShape(key, provider, name);
    return {
      chosen: {
        source: origin,
        kind: "api-key",
        detail: name,
        apiKey: key,
        reason: `${name} is set in ${where}`,
      },
      warnings: [],
    };
  }
  return { skipped: `${API_KEY_ENV[provider].join(" / ")} not set in ${where}`, warnings: [] };
}

/** Step 3–5 dispatch for the env snapshots, by provider. */
export function envStep(
  provider: Provider,
  record: EnvRecord | undefined,
  origin: EnvOrigin,
): StepOutcome {
  return provider === "bedrock"
    ? bedrockEnvStep(record, origin)
    : apiKeyEnvStep(provider, record, origin);
}
