// Step 1 of the decision: the admin panel's key.
import { CredentialConfigError } from "./CredentialConfigError.js";
import type { EnvOrigin, EnvRecord } from "./EnvRecord.js";
import { ENV_ACCESS_KEY_ID, ENV_BEARER_TOKEN_BEDROCK, ENV_SESSION_TOKEN } from "./envNames.js";
import { envCredential, originLabel } from "./envCredential.js";
import { isTemporaryKeyId } from "./keyShapes.js";
import { presentValue, type AdminKey } from "./parseAdminKey.js";
import type { StepOutcome } from "./StepOutcome.js";
import type { Provider } from "./types.js";

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
