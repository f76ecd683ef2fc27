import type * as SecretsManagerSdk from "@aws-sdk/client-secrets-manager";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { NoCredentialsError } from "../core/NoCredentialsError.js";
import { SecretError } from "../core/SecretError.js";
import { secretsManagerClientConfig } from "../clients/awsClientConfigs.js";
import { classifySecretsManagerError } from "../secrets/classifySecretsManagerError.js";
import type { CliIo } from "./io.js";
import { regionOption } from "./args.js";

/** The Secrets Manager SDK module, loaded on first use so other commands never load it. */
export type SecretsManagerModule = typeof SecretsManagerSdk;

/**
 * Region for Secrets Manager calls: `--region` → `SECRETS_MANAGER_REGION` → `AWS_REGION` →
 * `us-east-1` (DESIGN.md section 5).
 */
export function secretsRegion(flag: string | undefined, io: CliIo): string {
  if (flag !== undefined) return regionOption(flag, "--region");
  return secretsManagerClientConfig({ env: io.env }).region;
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

/** Translates a Secrets Manager SDK failure into a credchain error naming the secret, never a value. */
export function secretsManagerError(err: unknown, name: string, action: string): Error {
  const errName = err instanceof Error ? err.name : "Error";
  if (errName === "CredentialsProviderError") {
    return new NoCredentialsError(
      [{ source: "default-chain", reason: `the AWS SDK found no credentials to ${action}` }],
      {
        hint: "Set AWS_PROFILE, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or run where an IAM role is available.",
        cause: err,
      },
    );
  }
  switch (classifySecretsManagerError(err)) {
    case "not-found":
      return new SecretError(
        "SECRET_NOT_FOUND",
        `Secret ${name} was not found in Secrets Manager.`,
        {
          hint: "Check the secret name and --region (or SECRETS_MANAGER_REGION / AWS_REGION).",
          secretName: name,
          cause: err,
        },
      );
    case "access-denied":
      return new SecretError(
        "SECRET_ACCESS_DENIED",
        `Access denied when trying to ${action} ${name}.`,
        {
          hint: 'Grant the caller the needed secretsmanager action; "credchain policy --secret NAME" prints a policy.',
          secretName: name,
          cause: err,
        },
      );
    case "decryption-failure":
      return new SecretError(
        "SECRET_ACCESS_DENIED",
        `Secrets Manager could not decrypt ${name} (KMS).`,
        {
          hint: "Grant kms:Decrypt on the secret's KMS key to the caller.",
          secretName: name,
          cause: err,
        },
      );
    case "invalid-request":
    case "invalid-parameter":
      return new SecretError(
        "SECRET_INVALID_REQUEST",
        `Secrets Manager refused to ${action} ${name} (${errName}).`,
        {
          hint: "Check the secret name and whether the secret is scheduled for deletion.",
          secretName: name,
          cause: err,
        },
      );
    default:
      return new SecretError("SECRET_UNAVAILABLE", `Could not ${action} ${name}: ${errName}.`, {
        hint: "Check network access to Secrets Manager and its endpoint settings, then retry.",
        secretName: name,
        cause: err,
      });
  }
}
