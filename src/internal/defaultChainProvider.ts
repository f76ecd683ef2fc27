import type { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { ENV_PROFILE } from "../core/envNames.js";
import type { Logger } from "../core/Logger.js";
import { presentValue } from "../core/parseAdminKey.js";

/** Options of the AWS SDK's `fromNodeProviderChain` (profile, role assumer, client config, …). */
export type DefaultChainInit = Parameters<typeof fromNodeProviderChain>[0];

/**
 * The SDK's chain skips its env link when a profile is named (`AWS_PROFILE` or `init.profile`);
 * naming the profile it would use anyway (`AWS_PROFILE`, else `default`) keeps every other link as
 * it is. Its warning about a profile beside an env pair goes to credchain's logger, not the console.
 */
function withoutEnvLink(init: DefaultChainInit, logger: Logger | undefined): DefaultChainInit {
  const profile = init?.profile ?? presentValue(process.env[ENV_PROFILE]) ?? "default";
  const sdkLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message: unknown) =>
      logger?.warn?.("credchain: the AWS SDK's default chain warned", {
        warning: typeof message === "string" ? message.split("\n")[0] : "warning",
      }),
    error: () => undefined,
  };
  return { ...init, profile, logger: init?.logger ?? sdkLogger };
}

/**
 * The AWS SDK's default node chain (`fromNodeProviderChain`, imported on first use). With
 * `skipEnv`, without its env link: the chains built from the environment read `AWS_ACCESS_KEY_ID`…
 * by credchain's rules (trimmed, blank is absent) before it, and the SDK's link would read them raw.
 */
export async function createDefaultChainProvider(
  init: DefaultChainInit,
  options: { skipEnv?: boolean | undefined; logger?: Logger | undefined } = {},
): Promise<AwsCredentialIdentityProvider> {
  const { fromNodeProviderChain: create } = await import("@aws-sdk/credential-providers");
  // The SDK keeps each config and credentials file's text for the life of the process (shared by
  // every client) unless told not to: without this, a rewritten ~/.aws/credentials is never read
  // again, whatever is rebuilt.
  const chosen = options.skipEnv === true ? withoutEnvLink(init, options.logger) : init;
  return create({ ignoreCache: true, ...chosen });
}
