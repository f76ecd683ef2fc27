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

/**
 * The process-wide settings the SDK's default chain reads when it is built or first resolves
 * (profile, files, container and instance endpoints, web identity). None holds a secret: the env
 * key pair and the container token are read per request, or not at all without the env link.
 */
const PROCESS_SETTINGS = [
  "HOME",
  "USERPROFILE",
  "HOMEPATH",
  "HOMEDRIVE",
  ENV_PROFILE,
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_SDK_LOAD_CONFIG",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
  "AWS_EC2_METADATA_V1_DISABLED",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_STS",
  "AWS_ENDPOINT_URL_SSO",
];

let shared: { settings: string; provider: Promise<AwsCredentialIdentityProvider> } | undefined;
// Loggers of the callers, for the SDK's once-per-process warnings; weakly held, so a short-lived
// store's logger is not kept alive by the process-wide chain.
const loggers: WeakRef<Logger>[] = [];
const forward: Logger = {
  warn: (message, details) => {
    for (const ref of loggers) ref.deref()?.warn?.(message, details);
  },
};

/**
 * The one AWS SDK default chain without its env link of this process (`skipEnv`, no `init`), for
 * every credchain chain and secret store that needs it: it reads only process-wide state, and the
 * SDK memoizes what it found, so one provider means one container or instance-metadata fetch per
 * identity, not one per store. Built again when that state changes (another `HOME`, `AWS_PROFILE`,
 * endpoint, …) and after {@link dropSharedDefaultChain}.
 */
export function sharedDefaultChainProvider(
  logger?: Logger,
): Promise<AwsCredentialIdentityProvider> {
  if (logger !== undefined && !loggers.some((ref) => ref.deref() === logger)) {
    for (let i = loggers.length - 1; i >= 0; i--) {
      if (loggers[i]?.deref() === undefined) loggers.splice(i, 1);
    }
    loggers.push(new WeakRef(logger));
  }
  const settings = JSON.stringify(PROCESS_SETTINGS.map((name) => process.env[name] ?? null));
  if (shared?.settings !== settings) {
    const creating = createDefaultChainProvider(undefined, { skipEnv: true, logger: forward });
    const slot = { settings, provider: creating };
    shared = slot;
    creating.catch(() => {
      if (shared === slot) shared = undefined;
    });
  }
  return shared.provider;
}

/**
 * Forgets the shared default chain after `used` (what {@link sharedDefaultChainProvider} gave) was
 * refused or invalidated, so the next caller reads the files and endpoints again. A provider that
 * was already replaced is left alone: concurrent recoveries rebuild it once.
 */
export function dropSharedDefaultChain(used: Promise<AwsCredentialIdentityProvider>): void {
  if (shared?.provider === used) shared = undefined;
}
