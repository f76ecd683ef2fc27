import type * as StsSdk from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { CredchainError, isCredchainError } from "../core/CredchainError.js";
import { DEFAULT_REGION } from "../core/region.js";
import { isAuthenticationFailure } from "./isAuthenticationFailure.js";
import { errorLabel, safeCause } from "./sdkError.js";

/** Whether `error` (from {@link stsCallerIdentity}) says STS refused the key, not that it failed. */
export const isStsRefusal = (error: unknown): boolean =>
  isCredchainError(error) && isAuthenticationFailure(error.cause, false);

/** Where STS is called. */
export interface StsSettings {
  /** @default the SDK's (`AWS_REGION`, profile), else us-east-1 */
  region?: string | undefined;
  /** Extra `STSClient` configuration (`endpoint`, `maxAttempts`, …); `AWS_ENDPOINT_URL_STS` works too. */
  clientConfig?: Record<string, unknown> | undefined;
}

/** Who a key pair is, as STS `GetCallerIdentity` says. */
export interface CallerIdentity {
  account: string | undefined;
  arn: string | undefined;
}

/**
 * STS `GetCallerIdentity` with `credentials`. `@aws-sdk/client-sts` is an optional peer: loaded
 * here on first use, `UNSUPPORTED` when it is not installed. A refusal (the key is invalid,
 * revoked or expired) is `SOURCE_FAILED` naming the STS error's code, never its message; so is a
 * call that failed (network, 5xx, throttling), saying the key was not checked.
 */
export async function stsCallerIdentity(
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  settings: StsSettings = {},
): Promise<CallerIdentity> {
  let sts: typeof StsSdk;
  try {
    // A computed specifier: the package is optional and must not be bundled.
    const specifier = "@aws-sdk/client-sts";
    sts = (await import(specifier)) as typeof StsSdk;
  } catch (cause) {
    throw new CredchainError(
      "UNSUPPORTED",
      "Verifying a key needs the package @aws-sdk/client-sts.",
      {
        hint: "npm install @aws-sdk/client-sts",
        cause: safeCause(cause),
      },
    );
  }
  const client = new sts.STSClient({
    region: settings.region ?? DEFAULT_REGION,
    ...settings.clientConfig,
    credentials,
  });
  try {
    const who = await client.send(new sts.GetCallerIdentityCommand({}));
    return { account: who.Account, arn: who.Arn };
  } catch (cause) {
    throw isAuthenticationFailure(cause, false)
      ? new CredchainError(
          "SOURCE_FAILED",
          `STS GetCallerIdentity refused the key (${errorLabel(cause)}).`,
          {
            hint: "Check that the access key is active (IAM console) and was pasted whole.",
            cause: safeCause(cause),
          },
        )
      : new CredchainError(
          "SOURCE_FAILED",
          `STS GetCallerIdentity could not be called (${errorLabel(cause)}); the key was not checked.`,
          {
            hint: "Check the network path to STS (AWS_ENDPOINT_URL_STS, proxies) and try again.",
            cause: safeCause(cause),
          },
        );
  } finally {
    client.destroy();
  }
}
