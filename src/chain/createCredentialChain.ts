import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  TokenIdentity,
  TokenIdentityProvider,
} from "@smithy/types";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { createDecision } from "../core/createDecision.js";
import { selectProvider } from "../core/decideCredentials.js";
import { mask } from "../core/mask.js";
import { REFRESH_BEFORE_MS } from "../core/refresh.js";
import { resolveModelId, resolveRegion, unknownRegionWarning } from "../core/region.js";
import type { CredentialDecision, CredentialResult, TraceEntry } from "../core/types.js";
import { markMemoized } from "../internal/markMemoized.js";
import { memoizeProvider } from "../internal/memoizeProvider.js";
import type { CredentialSource } from "../sources/CredentialSource.js";
import type {
  ChainRefreshEvent,
  ChainRefreshReason,
  CredentialChain,
  CredentialChainOptions,
  FailedIdentity,
} from "./CredentialChain.js";
import { rememberChainEnvironment } from "./chainEnvironment.js";
import { checkChainOptions, checkFailedIdentity, checkResolveOptions } from "./chainOptions.js";
import { failedKey, identityKey, isSameIdentity, maskedIdentity } from "./identity.js";
import { failureReason, runSources } from "./runSources.js";
import { readEnv } from "../core/readInput.js";

export type {
  ChainRefreshEvent,
  ChainRefreshReason,
  CredentialChain,
  CredentialChainOptions,
  FailedIdentity,
} from "./CredentialChain.js";

interface Resolution {
  decision: CredentialDecision;
  /** `null` when a custom endpoint needs no key (every source skipped). */
  result: CredentialResult | null;
  expiration?: Date | undefined;
}

/**
 * Composes sources into an ordered fallback chain that hands SDK-ready providers to AWS SDK v3
 * clients and explains itself.
 *
 * Each source either serves, skips (`SourceSkippedError`: the next one is tried) or fails (any
 * other error: the chain stops — fail closed). When every source skips, `NoCredentialsError` lists
 * each source and its reason. For the standard order (docs/precedence.md, shipped in the package) use
 * {@link createChainFromEnv}.
 *
 * Expiring credentials refresh in the background `refreshBeforeMs` before `expiration`; a failed
 * refresh serves them until 10 s before it; failures are never cached; static keys live until `invalidate()`.
 *
 * @see createChainFromEnv
 * @example
 * ```ts
 * const chain = createCredentialChain({
 *   provider: "bedrock",
 *   sources: [fromAdminKey(() => db.activeKey()), fromEnv(), fromDefaultChain()],
 * });
 * const client = new BedrockRuntimeClient({ region: "us-east-1", credentials: chain.credentials });
 * console.log((await chain.resolve()).trace);
 * ```
 */
export function createCredentialChain(options: CredentialChainOptions): CredentialChain {
  checkChainOptions(options);
  const env = options.env ?? process.env;
  readEnv(env, "createCredentialChain env"); // fails coded now; kept live for later resolutions
  const provider = selectProvider(options.provider, env, options.envFile).provider;
  const sources: readonly CredentialSource[] = options.sources.slice();
  const logger = options.logger;
  const listeners = new Set<(event: ChainRefreshEvent) => void>();
  if (options.onRefresh !== undefined) listeners.add(options.onRefresh);
  let lastTrace: readonly TraceEntry[] = [];
  let previous: CredentialResult | null | undefined;
  let nextReason: ChainRefreshReason = "expiry";

  const emitRefresh = (result: CredentialResult | null, reason: ChainRefreshReason): void => {
    const before = previous;
    previous = result;
    if (before === undefined || identityKey(before) === identityKey(result)) return;
    const event: ChainRefreshEvent = {
      provider,
      source: result?.source ?? "none",
      reason,
      identity: maskedIdentity(result),
      previousIdentity: maskedIdentity(before),
      expiration:
        (result?.credentials?.expiration ?? result?.token?.expiration)?.toISOString() ?? null,
      secret: result?.secret === undefined ? null : { ...result.secret },
      previousSecret: before?.secret === undefined ? null : { ...before.secret },
    };
    logger?.info?.("credchain: credentials changed", { ...event });
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        logger?.error?.("credchain: a refresh listener threw", { provider });
      }
    }
  };

  const run = async (): Promise<Resolution> => {
    const reason = nextReason;
    nextReason = "expiry";
    const outcome = await runSources(provider, sources, logger, (trace) => (lastTrace = trace));
    const { chosen, trace, warnings, admin } = outcome;
    const region =
      provider === "bedrock"
        ? resolveRegion({
            adminRegion: admin.region,
            stored: chosen?.region,
            env,
            envFile: options.envFile,
            defaultRegion: options.defaults?.region,
          })
        : null;
    const regionWarning = region === null ? undefined : unknownRegionWarning(region);
    if (regionWarning !== undefined) warnings.push(regionWarning);
    for (const warning of warnings) logger?.warn?.(`credchain: ${warning}`);
    const modelId = resolveModelId({
      adminModelId: admin.modelId,
      env,
      envFile: options.envFile,
      defaultModelId: options.defaults?.modelId,
      useEnv: provider === "bedrock",
    });
    const credentials = chosen?.credentials;
    const decision = createDecision({
      provider,
      chosen,
      region,
      modelId,
      trace,
      warnings,
      ...(credentials === undefined
        ? {}
        : {
            resolved: {
              accessKeyId: mask(credentials.accessKeyId, "access-key-id"),
              expiration: credentials.expiration?.toISOString() ?? null,
            },
          }),
    });
    emitRefresh(chosen, reason);
    return {
      decision,
      result: chosen,
      expiration: credentials?.expiration ?? chosen?.token?.expiration,
    };
  };

  const memo = memoizeProvider(run, {
    refreshBeforeMs: options.refreshBeforeMs ?? REFRESH_BEFORE_MS,
    onRefreshError: (error) =>
      logger?.error?.(
        "credchain: background credential refresh failed; serving the current credentials",
        { reason: failureReason(error) },
      ),
  });

  const invalidateAll = (reason: ChainRefreshReason): void => {
    nextReason = reason;
    memo.invalidate();
    for (const source of sources) source.invalidate?.();
  };

  let recovery: Promise<boolean> | undefined;
  const recoverFromAuthFailure = async (given?: FailedIdentity): Promise<boolean> => {
    const failed = checkFailedIdentity(given);
    const current = memo.peek()?.result;
    // A request signed before the last recovery: the chain already holds another identity.
    if (
      current !== undefined &&
      failedKey(failed) !== undefined &&
      !isSameIdentity(current, failed)
    ) {
      return true;
    }
    if (recovery !== undefined) return recovery;
    const attempt = (async () => {
      invalidateAll("auth-failure");
      const { result } = await memo();
      return failedKey(failed) === undefined
        ? identityKey(result) !== identityKey(current)
        : !isSameIdentity(result, failed);
    })();
    recovery = attempt;
    try {
      return await attempt;
    } finally {
      if (recovery === attempt) recovery = undefined;
    }
  };

  const mismatch = (
    result: CredentialResult | null,
    wanted: string,
    use: string,
  ): CredentialConfigError =>
    new CredentialConfigError(
      "AUTH_KIND_MISMATCH",
      `The chain resolved ${result === null ? "no credentials (a custom endpoint without a key)" : `${result.kind} from ${result.source}`}, not ${wanted}.`,
      { hint: `Use ${use}, or bedrockClientConfig(chain), which picks the right one.` },
    );

  // `.then` rather than async/await: this runs on every SDK request, and the extra async frame
  // cost a fifth of the call (docs/performance.md, hot-provider).
  const awsCredentialsOf = ({ result }: Resolution): AwsCredentialIdentity => {
    if (result?.credentials === undefined) {
      throw mismatch(
        result,
        "AWS credentials",
        result?.kind === "bearer-token" ? "chain.token" : "chain.apiKey()",
      );
    }
    return { ...result.credentials };
  };
  // Marked memoized: the SDK's own memo would keep a static key forever, past invalidate() and recovery.
  // Hot path: while the memo's value is fresh, every call gets one shared, already-resolved
  // promise of one copy per resolution (no async frame; the SDK may tag the copy, never the chain's).
  let answered: { resolution: Resolution; promise: Promise<AwsCredentialIdentity> } | undefined;
  const credentials: AwsCredentialIdentityProvider = markMemoized(() => {
    const fresh = memo.fresh();
    if (fresh?.result?.credentials !== undefined) {
      if (answered?.resolution !== fresh) {
        answered = { resolution: fresh, promise: Promise.resolve(awsCredentialsOf(fresh)) };
      }
      return answered.promise;
    }
    return memo().then(awsCredentialsOf);
  });
  const token: TokenIdentityProvider = async (): Promise<TokenIdentity> => {
    const { result } = await memo();
    if (result?.token === undefined) {
      throw mismatch(
        result,
        "a bearer token",
        result?.credentials ? "chain.credentials" : "chain.apiKey()",
      );
    }
    const identity: TokenIdentity = { ...result.token };
    // Bedrock's client memoizes its token provider regardless, and a token without an expiration
    // forever. A (non-enumerable) expiration that has passed makes it ask this chain, whose memo
    // answers, on each request, so a rotated or recovered token is used at once.
    if (identity.expiration === undefined) {
      Object.defineProperty(identity, "expiration", { value: new Date(0), enumerable: false });
    }
    return identity;
  };

  const chain: CredentialChain = {
    provider,
    credentials,
    token,
    async apiKey() {
      const { result } = await memo();
      if (result?.apiKey === undefined)
        throw mismatch(result, "an API key", result?.token ? "chain.token" : "chain.credentials");
      return result.apiKey;
    },
    async resolve(resolveOptions) {
      const forceRefresh =
        resolveOptions !== undefined && checkResolveOptions(resolveOptions).forceRefresh === true;
      if (forceRefresh) nextReason = "force-refresh";
      return (await memo({ forceRefresh })).decision;
    },
    async explain() {
      try {
        return (await memo()).decision.trace;
      } catch {
        return lastTrace;
      }
    },
    invalidate() {
      invalidateAll("invalidate");
    },
    recoverFromAuthFailure,
    onRefresh(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return rememberChainEnvironment(chain, {
    env,
    envFile: options.envFile,
    defaultRegion: options.defaults?.region,
  });
}
