import type { EnvRecord } from "../core/EnvRecord.js";
import type { CredentialChain } from "./CredentialChain.js";

/**
 * What a chain decides its region from, besides the admin key and the chosen credentials: the
 * environment snapshot, the env file it read, and `defaults.region`. @internal
 */
export interface ChainEnvironment {
  readonly env: EnvRecord;
  readonly envFile: EnvRecord | undefined;
  readonly defaultRegion: string | undefined;
}

const environments = new WeakMap<object, ChainEnvironment>();

/** Records `chain`'s environment (by `createCredentialChain`); returns the chain. @internal */
export function rememberChainEnvironment(
  chain: CredentialChain,
  environment: ChainEnvironment,
): CredentialChain {
  environments.set(chain, environment);
  return chain;
}

/**
 * The environment a chain made by `createCredentialChain` (or a preset over it) decides its region
 * from, so a client helper handed the chain reads the region as the chain's decision does;
 * `undefined` for another object. @internal
 */
export function chainEnvironment(chain: CredentialChain): ChainEnvironment | undefined {
  return environments.get(chain);
}
