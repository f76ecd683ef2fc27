import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { EnvRecord } from "../core/EnvRecord.js";
import { envPairStep } from "../core/envSteps.js";
import type { Logger } from "../core/Logger.js";
import {
  dropSharedDefaultChain,
  sharedDefaultChainProvider,
} from "../internal/defaultChainProvider.js";
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

/** The service identity a store's own clients sign with, and how it is renewed. */
export interface ServiceIdentity extends AwsCredentialIdentityProvider {
  /** Counts invalidations: a request notes it before it is sent, for {@link recover}. */
  readonly generation: number;
  /**
   * Forgets the identity: the next call reads the env file again and, if this identity came from
   * it, rebuilds the process's shared default chain.
   */
  invalidate(): void;
  /**
   * After a request signed at `generation` was refused as unauthenticated: resolves once more (once
   * for all concurrent refusals) and says whether the identity is now another, so the request is
   * worth sending again. `true` at once when another request already renewed it.
   */
  recover(generation: number): Promise<boolean>;
}

const made = new WeakSet<object>();

/**
 * `provider` as a {@link ServiceIdentity} when {@link serviceCredentials} made it (a source passes
 * one to the store it creates, which then renews it as its own), else `undefined`.
 */
export function asServiceIdentity(provider: unknown): ServiceIdentity | undefined {
  return typeof provider === "function" && made.has(provider)
    ? (provider as ServiceIdentity)
    : undefined;
}

const sameKey = (a: AwsCredentialIdentity, b: AwsCredentialIdentity): boolean =>
  a.accessKeyId === b.accessKeyId && a.secretAccessKey === b.secretAccessKey;

/**
 * The service identity as a bare provider, for the clients credchain creates below the chain
 * layer (the secret store's Secrets Manager and Parameter Store clients): the env key pair → the
 * env file's → the AWS SDK default chain without its env link. The same core step
 * (`envPairStep`) and order as `createAwsChain`, which adds the trace, and `decideAwsCredentials`,
 * so a store created without `credentials` signs as `credchain explain --service
 * secrets-manager --resolve` says. The default chain is the process's shared one (one container
 * or IMDS fetch per process, not per store). Memoized and refreshed before expiry; marked
 * memoized, so the SDK client asks it on each request rather than keeping the first identity
 * forever; `invalidate()` and `recover()` read `./.env` (and the default chain) again, as
 * `createAwsChain` does on a recovery.
 */
export function serviceCredentials(init: ServiceCredentialsInit): ServiceIdentity {
  const { env, logger } = init;
  let fileValues: EnvRecord | undefined | null = null;
  let defaultChain: Promise<AwsCredentialIdentityProvider> | undefined;
  let generation = 0;
  // The last recovery, by the generation it renewed: concurrent refusals share its answer.
  let recovery: { from: number; renewed: Promise<boolean> } | undefined;
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
    defaultChain = sharedDefaultChainProvider(logger);
    return (await defaultChain)();
  };

  const memo = memoizeProvider(resolve);
  const invalidate = (): void => {
    generation += 1;
    memo.invalidate();
    // Only a file read by this identity itself; values given as envFile cannot change.
    if (init.envFile === undefined) fileValues = null;
    if (defaultChain !== undefined) dropSharedDefaultChain(defaultChain);
    defaultChain = undefined;
  };
  const recover = (seen: number): Promise<boolean> => {
    if (recovery?.from === seen) return recovery.renewed;
    // Invalidated since the request was signed: the next attempt resolves afresh.
    if (seen !== generation) return Promise.resolve(true);
    const before = memo.peek();
    invalidate();
    const renewed = memo().then((after) => before === undefined || !sameKey(before, after));
    recovery = { from: seen, renewed };
    return renewed;
  };
  const provider = markMemoized(() => memo());
  made.add(provider);
  return Object.defineProperties(provider, {
    generation: { get: () => generation, enumerable: true },
    invalidate: { value: invalidate },
    recover: { value: recover },
  }) as typeof provider & ServiceIdentity;
}
