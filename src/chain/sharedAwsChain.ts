import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { EnvRecord } from "../core/EnvRecord.js";
import { markMemoized } from "../internal/markMemoized.js";
import { createAwsChain } from "./createAwsChain.js";
import type { CredentialChain } from "./createCredentialChain.js";

const shared = new WeakMap<object, CredentialChain>();

/**
 * The one service chain of an environment snapshot (one for `process.env`, reading `./.env`), so
 * that Polly, SES, S3 and Secrets Manager clients built without a chain, and the Secrets Manager
 * step of `createChainFromEnv`, all sign as one identity.
 *
 * @example
 * ```ts
 * const s3 = new S3Client({ region: "eu-west-1", credentials: sharedAwsChain().credentials });
 * ```
 */
export function sharedAwsChain(env: EnvRecord = process.env): CredentialChain {
  let chain = shared.get(env);
  if (chain === undefined) {
    chain = createAwsChain({ env });
    shared.set(env, chain);
  }
  return chain;
}

/**
 * The shared chain of `process.env`, looked up on each use (so what the environment holds then is
 * read): its provider, marked memoized so an SDK client asks it on every request rather than keep
 * the first identity, and its recovery. For credchain's own defaults (tenant sessions, AssumeRole).
 */
export function lazySharedAwsChain(): {
  credentials: AwsCredentialIdentityProvider;
  recoverFromAuthFailure: CredentialChain["recoverFromAuthFailure"];
} {
  return {
    credentials: markMemoized((properties?: Parameters<AwsCredentialIdentityProvider>[0]) =>
      sharedAwsChain().credentials(properties),
    ),
    recoverFromAuthFailure: (failed) => sharedAwsChain().recoverFromAuthFailure(failed),
  };
}
