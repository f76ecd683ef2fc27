import type * as SecretsManagerSdk from "@aws-sdk/client-secrets-manager";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AwsCredentialIdentityProvider } from "@smithy/types";

/** The Secrets Manager SDK module. */
export type SecretsManagerModule = typeof SecretsManagerSdk;

let sdk: Promise<SecretsManagerModule> | undefined;

/**
 * `@aws-sdk/client-secrets-manager`, imported on first use (so `import "credchain"` loads no SDK
 * client). A failed import is not cached: the next call tries again.
 */
export function loadSecretsManager(): Promise<SecretsManagerModule> {
  if (sdk === undefined) {
    const loading = import("@aws-sdk/client-secrets-manager");
    sdk = loading;
    loading.catch(() => {
      if (sdk === loading) sdk = undefined;
    });
  }
  return sdk;
}

/** Settings of a client credchain creates itself. */
export interface OwnClientSettings {
  /** What the client signs with; `undefined` lets the SDK choose (its default chain). */
  credentials?: AwsCredentialIdentityProvider | undefined;
  /** The client's region; `undefined` lets the SDK choose (`AWS_REGION`, profile). */
  region?: string | undefined;
  /**
   * Connection, socket and total request timeout, in milliseconds. The SDK's default is none,
   * which lets one hung connection hold every caller.
   */
  requestTimeoutMs?: number | undefined;
}

/**
 * A `SecretsManagerClient` credchain owns: signing with `settings.credentials` (the secret store
 * passes the service identity), its endpoint the SDK's own way (`AWS_ENDPOINT_URL_SECRETS_MANAGER`,
 * …), the timeouts made to reject.
 */
export async function createSecretsManagerClient(
  settings: OwnClientSettings = {},
): Promise<SecretsManagerClient> {
  const sm = await loadSecretsManager();
  const timeout = settings.requestTimeoutMs;
  return new sm.SecretsManagerClient({
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
    ...(timeout === undefined
      ? {}
      : {
          requestHandler: {
            connectionTimeout: timeout,
            // Inactivity timeout (rejects), and a total timeout made to reject rather than warn.
            socketTimeout: timeout,
            requestTimeout: timeout,
            throwOnRequestTimeout: true,
          },
        }),
  });
}
