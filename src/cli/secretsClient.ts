import type * as SecretsManagerSdk from "@aws-sdk/client-secrets-manager";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { NoCredentialsError } from "../core/NoCredentialsError.js";
import { isSecretError } from "../core/SecretError.js";
import { secretsManagerRegion } from "../core/secretsManagerRegion.js";
import { safeCause } from "../internal/sdkError.js";
import { secretsManagerFailure } from "../internal/secretsManagerErrors.js";
import type { CliIo } from "./io.js";

/** The Secrets Manager SDK module, loaded on first use so other commands never load it. */
export type SecretsManagerModule = typeof SecretsManagerSdk;

/** Region for Secrets Manager calls: `--region` → `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`. */
export function secretsRegion(flag: string | undefined, io: CliIo): string {
  return secretsManagerRegion(io.env, flag, "--region");
}

/**
 * A Secrets Manager client using the SDK's own credential chain and endpoint settings
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL`, profiles, …).
 */
export async function openSecretsManager(
  region: string,
): Promise<{ sm: SecretsManagerModule; client: SecretsManagerClient }> {
  const sm = await import("@aws-sdk/client-secrets-manager");
  return { sm, client: new sm.SecretsManagerClient({ region }) };
}

/**
 * Translates a Secrets Manager SDK failure into a credchain error naming the secret and the SDK
 * error's code, never a value: the library's own table, plus "no credentials" for the CLI's exit 3.
 */
export function secretsManagerError(err: unknown, name: string, action: string): Error {
  const cause = isSecretError(err) ? err.cause : err;
  if ((cause as { name?: unknown } | null)?.name === "CredentialsProviderError") {
    return new NoCredentialsError(
      [{ source: "default-chain", reason: `the AWS SDK found no credentials to ${action}` }],
      {
        hint: "Set AWS_PROFILE, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or run where an IAM role is available.",
        cause: safeCause(err),
      },
    );
  }
  return isSecretError(err) ? err : secretsManagerFailure(err, name, action);
}
