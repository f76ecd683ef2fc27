import type * as SsmSdk from "@aws-sdk/client-ssm";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";

/** The SSM SDK module. */
export type SsmModule = typeof SsmSdk;

let sdk: Promise<SsmModule> | undefined;

/**
 * `@aws-sdk/client-ssm`, imported when the first `ssm:` name is read (so neither
 * `import "credchain"` nor a Secrets Manager-only store loads it). A failed import is retried.
 */
export function loadSsm(): Promise<SsmModule> {
  if (sdk === undefined) {
    const loading = import("@aws-sdk/client-ssm");
    sdk = loading;
    loading.catch(() => {
      if (sdk === loading) sdk = undefined;
    });
  }
  return sdk;
}

/** An `SSMClient` credchain owns, with timeouts that reject (as for Secrets Manager). */
export async function createSsmClient(settings: {
  /** @default the SDK's (`AWS_REGION`, profile) */
  region?: string | undefined;
  requestTimeoutMs: number;
  credentials?: AwsCredentialIdentityProvider | undefined;
}): Promise<SSMClient> {
  const ssm = await loadSsm();
  const timeout = settings.requestTimeoutMs;
  return new ssm.SSMClient({
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
    requestHandler: {
      connectionTimeout: timeout,
      socketTimeout: timeout,
      requestTimeout: timeout,
      throwOnRequestTimeout: true,
    },
  });
}
