import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { EnvRecord } from "../core/EnvRecord.js";
import { envPairStep } from "../core/envSteps.js";
import type { Logger } from "../core/Logger.js";
import { createDefaultChainProvider } from "../internal/defaultChainProvider.js";
import { markMemoized } from "../internal/markMemoized.js";
import { memoizeProvider } from "../internal/memoizeProvider.js";
import { readEnvFileSnapshot } from "../internal/readEnvFile.js";

/** What {@link serviceCredentials} reads. */
export interface ServiceCredentialsInit {
  /** The environment snapshot. */
  env: EnvRecord;
  /**
   * Parsed env-file values, or `false` for none; `undefined` reads `./.env` in the working directory
   * (on first use), as `createAwsChain` does.
   */
  envFile?: EnvRecord | false | undefined;
  /** Receives the identity's warnings (once each). */
  logger?: Logger | undefined;
}

/**
 * The service identity as a bare provider, for the clients credchain creates below the chain
 * layer (the secret store's Secrets Manager and Parameter Store clients): the env key pair → the
 * env file's → the AWS SDK default chain without its env link. The same core step
 * (`envPairStep`) and order as `createAwsChain`, which adds the trace, and `decideAwsCredentials`,
 * so a store created without `credentials` signs as `credchain explain --service
 * secrets-manager --resolve` says. Memoized and refreshed before expiry; marked memoized, so the
 * SDK client asks it on each request rather than keeping the first identity forever.
 */
export function serviceCredentials(init: ServiceCredentialsInit): AwsCredentialIdentityProvider {
  const { env, logger } = init;
  let fileValues: EnvRecord | undefined | null = null;
  let defaultChain: Promise<AwsCredentialIdentityProvider> | undefined;
  const warned = new Set<string>();

  const resolve = async (): Promise<AwsCredentialIdentity> => {
    if (fileValues === null) {
      fileValues =
        init.envFile === undefined
          ? readEnvFileSnapshot(undefined).values
          : init.envFile === false
            ? undefined
            : init.envFile;
    }
    const steps = [
      () => envPairStep(env, "env"),
      () => (fileValues ? envPairStep(fileValues, "env-file", env) : undefined),
    ];
    for (const step of steps) {
      const outcome = step();
      if (outcome === undefined) continue;
      for (const warning of outcome.warnings) {
        if (warned.has(warning)) continue;
        warned.add(warning);
        logger?.warn?.(`credchain: ${warning}`);
      }
      if ("chosen" in outcome && outcome.chosen.credentials !== undefined) {
        return { ...outcome.chosen.credentials };
      }
    }
    if (defaultChain === undefined) {
      const creating = createDefaultChainProvider(undefined, { skipEnv: true, logger });
      defaultChain = creating;
      creating.catch(() => {
        if (defaultChain === creating) defaultChain = undefined;
      });
    }
    return (await defaultChain)();
  };

  const memo = memoizeProvider(resolve);
  return markMemoized(() => memo());
}
