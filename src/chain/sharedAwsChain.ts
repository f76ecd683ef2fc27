import type { EnvRecord } from "../core/EnvRecord.js";
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
