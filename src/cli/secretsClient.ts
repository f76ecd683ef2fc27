import type * as SecretsManagerSdk from "@aws-sdk/client-secrets-manager";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { NoCredentialsError, isNoCredentialsError } from "../core/NoCredentialsError.js";
import { isSecretError } from "../core/SecretError.js";
import { secretsManagerRegion } from "../core/secretsManagerRegion.js";
import { createSsmClient } from "../internal/lazySsm.js";
import { safeCause } from "../internal/sdkError.js";
import { secretsManagerFailure } from "../internal/secretsManagerErrors.js";
import { DEFAULT_SECRET_REQUEST_TIMEOUT_MS } from "../secrets/SecretStore.js";
import type { CliIo } from "./io.js";

/** The Secrets Manager SDK module, loaded on first use so other commands never load it. */
export type SecretsManagerModule = typeof SecretsManagerSdk;

/** Region for Secrets Manager calls: `--region` → `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`. */
export function secretsRegion(flag: string | undefined, io: CliIo): string {
  return secretsManagerRegion(io.env, flag, "--region");
}

/**
 * A Secrets Manager client that signs as the service identity (`explain --service
 * secrets-manager`: the env pair, ./.env, then the SDK default chain), with the SDK's own endpoint
 * settings (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL`, …).
 */
export async function openSecretsManager(
  region: string,
  io: CliIo,
): Promise<{ sm: SecretsManagerModule; client: SecretsManagerClient }> {
  const [sm, { createAwsChain }] = await Promise.all([
    import("@aws-sdk/client-secrets-manager"),
    import("../chain/createAwsChain.js"),
  ]);
  const chain = createAwsChain({ env: io.env, cwd: io.cwd });
  return { sm, client: new sm.SecretsManagerClient({ region, credentials: chain.credentials }) };
}

/**
 * An SSM client for Parameter Store reads that signs as the service identity, like
 * {@link openSecretsManager}, with the SDK's own endpoint settings (`AWS_ENDPOINT_URL_SSM`, …).
 */
export async function openParameterStore(region: string, io: CliIo): Promise<SSMClient> {
  const { createAwsChain } = await import("../chain/createAwsChain.js");
  const chain = createAwsChain({ env: io.env, cwd: io.cwd });
  return createSsmClient({
    region,
    requestTimeoutMs: DEFAULT_SECRET_REQUEST_TIMEOUT_MS,
    credentials: chain.credentials,
  });
}

/**
 * Translates a Secrets Manager SDK failure into a credchain error naming the secret and the SDK
 * error's code, never a value: the library's own table, plus "no credentials" for the CLI's exit 3.
 */
export function secretsManagerError(err: unknown, name: string, action: string): Error {
  const cause = isSecretError(err) ? err.cause : err;
  // The service chain found nothing: its own error lists every source (exit 3).
  if (isNoCredentialsError(cause)) return cause;
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
