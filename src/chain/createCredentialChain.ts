import { REFRESH_BEFORE_MS } from "../core/refresh.js";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  TokenIdentity,
  TokenIdentityProvider,
} from "@smithy/types";
import { checkOptions } from "../core/checkOptions.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import { isCredchainError } from "../core/CredchainError.js";
import type { Logger } from "../core/Logger.js";
import { NoCredentialsError, type SourceAttempt } from "../core/NoCredentialsError.js";
import { isSourceSkippedError } from "../core/SourceSkippedError.js";
import { createDecision } from "../core/createDecision.js";
import { selectProvider } from "../core/decideCredentials.js";
import { mask } from "../core/mask.js";
import { resolveModelId, resolveRegion } from "../core/region.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import type { CredentialDecision, CredentialResult, Provider, TraceEntry } from "../core/types.js";
import type {
  AdminSettings,
  CredentialSource,
  SourceContext,
} from "../sources/CredentialSource.js";
import { memoizeProvider } from "../internal/memoizeProvider.js";

/** Options of {@link createCredentialChain}. */
export interface CredentialChainOptions {
  /** The provider to resolve for. @default `LLM_PROVIDER` from `env`, else `bedrock` */
  provider?: Provider;
  /** Sources, tried in order; the first that does not skip wins. */
  sources: readonly CredentialSource[];
  /** Snapshot for region / model-ID resolution and provider selection. @default process.env */
  env?: EnvRecord;
  /** Env file values consulted after `env` for region and model ID. */
  envFile?: EnvRecord;
  /** Fallback region and model ID. */
  defaults?: {
    /**
     * Bedrock region when neither the admin settings, the chosen credentials nor `env` / `envFile`
     * names one.
     * @default "us-east-1"
     */
    region?: string;
    /** Model ID when neither the admin settings nor `BEDROCK_MODEL_ID` names one. */
    modelId?: string;
  };
  /**
   * Refresh expiring credentials this long before `expiration`, in the background.
   * @default REFRESH_BEFORE_MS (5 minutes)
   */
  refreshBeforeMs?: number;
  /** Receives source outcomes (names and reasons only), warnings and refresh failures. */
  logger?: Logger;
}

/** A credential chain: SDK-ready providers plus the decision behind them. */
export interface CredentialChain {
  /** The provider this chain resolves for. */
  readonly provider: Provider;
  /**
   * AWS credentials for SDK v3 clients (`new BedrockRuntimeClient({ credentials: chain.credentials })`).
   * Memoized; concurrent callers share one resolution; refreshed in the background before expiry.
   * Rejects with `AUTH_KIND_MISMATCH` when the chain chose a bearer token or an API key.
   */
  readonly credentials: AwsCredentialIdentityProvider;
  /** A bearer token (Bedrock API key) for `token` in SDK client config. */
  readonly token: TokenIdentityProvider;
  /** The API key, for LLM SDKs (`new OpenAI({ apiKey: await chain.apiKey() })`). */
  apiKey(): Promise<string>;
  /** The full decision with its trace (memoized like `credentials`). */
  resolve(options?: { forceRefresh?: boolean }): Promise<CredentialDecision>;
  /** The trace alone, redacted; after a failed resolution, the trace up to the failure. */
  explain(): Promise<readonly TraceEntry[]>;
  /**
   * Forgets the memoized resolution and what every source holds (the secret store's cached secret,
   * the default chain's provider), so the next call reads each backend afresh.
   */
  invalidate(): void;
}

interface Resolution {
  decision: CredentialDecision;
  /** `null` when a custom endpoint needs no key (every source skipped). */
  result: CredentialResult | null;
  expiration?: Date | undefined;
}

const isSource = (s: unknown): boolean =>
  typeof (s as Partial<CredentialSource> | null)?.resolve === "function" &&
  typeof (s as Partial<CredentialSource> | null)?.name === "string";

const optionsSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    provider: f.provider.optional(),
    sources: z.custom<readonly CredentialSource[]>((v) => Array.isArray(v) && v.every(isSource), {
      error: "must be an array of credential sources such as [fromAdminKey(key), fromEnv()]",
    }),
    env: f.env.optional(),
    envFile: f.envFileRecord.optional(),
    defaults: z
      .strictObject({
        region: f.region.optional(),
        modelId: z.string({ error: "must be a string" }).optional(),
      })
      .optional(),
    refreshBeforeMs: f.msNonNegative.optional(),
    logger: f.logger.optional(),
    onRefresh: f.fn("a function").optional(),
  });
});

function failureReason(error: unknown): string {
  if (isCredchainError(error)) return `${error.code}: ${error.message}`;
  const name = (error as { name?: unknown } | null)?.name;
  return `unexpected error${typeof name === "string" ? ` (${name})` : ""}`;
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
 * @see createChainFromEnv
 * @see memoizeProvider for the refresh rules
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
  checkOptions("createCredentialChain", options, optionsSchema, {
    required: true,
    hint: "Pass { sources: [fromAdminKey(key), fromEnv(), fromDefaultChain()] } and optionally provider, env, envFile, defaults, refreshBeforeMs, logger.",
  });
  const env = options.env ?? process.env;
  const provider = selectProvider(options.provider, env, options.envFile).provider;
  const sources: readonly CredentialSource[] = options.sources.slice();
  const logger = options.logger;
  let lastTrace: readonly TraceEntry[] = [];

  const run = async (): Promise<Resolution> => {
    const trace: TraceEntry[] = [];
    const warnings: string[] = [];
    const attempts: SourceAttempt[] = [];
    let admin: AdminSettings = {};
    const context: SourceContext = {
      provider,
      logger,
      reportAdminSettings: (settings) => {
        admin = { ...settings };
      },
    };
    let chosen: CredentialResult | undefined;
    let index = 0;
    const notConsulted = (from: number) => {
      for (const rest of sources.slice(from)) {
        trace.push({
          source: rest.name,
          outcome: "not-consulted",
          reason: "an earlier source decided",
        });
      }
    };
    for (; index < sources.length; index++) {
      const source = sources[index]!;
      let result: CredentialResult;
      try {
        result = await source.resolve(context);
      } catch (error) {
        if (isSourceSkippedError(error)) {
          trace.push({ source: source.name, outcome: "skipped", reason: error.reason });
          attempts.push({ source: source.name, reason: error.reason });
          warnings.push(...error.warnings);
          logger?.debug?.("credchain: source skipped", {
            source: source.name,
            reason: error.reason,
          });
          continue;
        }
        trace.push({ source: source.name, outcome: "failed", reason: failureReason(error) });
        notConsulted(index + 1);
        lastTrace = trace;
        logger?.debug?.("credchain: source failed", {
          source: source.name,
          reason: failureReason(error),
        });
        throw error;
      }
      chosen = result;
      trace.push({ source: source.name, outcome: "chosen", reason: result.reason });
      logger?.debug?.("credchain: source chosen", { source: source.name, reason: result.reason });
      warnings.push(...(result.warnings ?? []));
      notConsulted(index + 1);
      break;
    }
    lastTrace = trace;
    // As in the pure decision: a custom endpoint may take no key at all.
    if (chosen === undefined && provider !== "custom") throw new NoCredentialsError(attempts);
    if (chosen === undefined) {
      trace.push({ source: "none", outcome: "chosen", reason: "the custom provider needs no key" });
    }

    for (const warning of warnings) logger?.warn?.(`credchain: ${warning}`);
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
      chosen: chosen ?? null,
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
    return {
      decision,
      result: chosen ?? null,
      expiration: credentials?.expiration ?? chosen?.token?.expiration,
    };
  };

  const memo = memoizeProvider(run, {
    refreshBeforeMs: options.refreshBeforeMs ?? REFRESH_BEFORE_MS,
    onRefreshError: (error) =>
      logger?.error?.(
        "credchain: background credential refresh failed; serving the current credentials",
        {
          reason: failureReason(error),
        },
      ),
  });

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
  // cost a fifth of the call (see docs/performance.md, hot-provider).
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
  const credentials: AwsCredentialIdentityProvider = () => memo().then(awsCredentialsOf);
  const token: TokenIdentityProvider = async (): Promise<TokenIdentity> => {
    const { result } = await memo();
    if (result?.token === undefined) {
      throw mismatch(
        result,
        "a bearer token",
        result?.credentials ? "chain.credentials" : "chain.apiKey()",
      );
    }
    return { ...result.token };
  };

  return {
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
      return (await memo(resolveOptions)).decision;
    },
    async explain() {
      try {
        return (await memo()).decision.trace;
      } catch {
        return lastTrace;
      }
    },
    invalidate() {
      memo.invalidate();
      for (const source of sources) source.invalidate?.();
    },
  };
}
