import type { AwsCredentialIdentityProvider, TokenIdentityProvider } from "@smithy/types";
import type { EnvRecord } from "../core/EnvRecord.js";
import type { Logger } from "../core/Logger.js";
import type { CredentialDecision, Provider, SecretRef, TraceEntry } from "../core/types.js";
import type { CredentialSource } from "../sources/CredentialSource.js";

/** Options of {@link createCredentialChain}. */
export interface CredentialChainOptions {
  /** The provider to resolve for (any case). @default `LLM_PROVIDER` from `env`, else `bedrock` */
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
  /** Called when a resolution yields another identity than the one before (see {@link CredentialChain.onRefresh}). */
  onRefresh?: (event: ChainRefreshEvent) => void;
}

/** Why a chain resolved again. */
export type ChainRefreshReason = "expiry" | "invalidate" | "auth-failure" | "force-refresh";

/**
 * A chain's identity changed: names, masked IDs and version IDs only, never a value. Connection
 * pools and clients that hold credentials of their own can rebuild on it.
 */
export interface ChainRefreshEvent {
  /** The chain's provider. */
  provider: Provider;
  /** The source of the new identity (`env`, `secrets-manager`, `default-chain`, …). */
  source: string;
  /** What made the chain resolve again. */
  reason: ChainRefreshReason;
  /** The new identity, masked: `AKIA…MPLE` for AWS keys, `…abcd` for tokens and API keys. */
  identity: string | null;
  /** The identity before, masked likewise. */
  previousIdentity: string | null;
  /** When the new identity expires (ISO-8601), or `null`. */
  expiration: string | null;
  /**
   * The secret the new identity was read from (the `secrets-manager` source: its name and
   * version ID), or `null` when the source read none.
   */
  secret: SecretRef | null;
  /** The secret the identity before was read from, likewise. */
  previousSecret: SecretRef | null;
}

/** What failed at a service: the identity a request was signed (or sent) with. */
export interface FailedIdentity {
  /** An AWS access key ID (with `secretAccessKey`, to tell two secrets of one key ID apart). */
  accessKeyId?: string;
  /** The secret access key the request was signed with. */
  secretAccessKey?: string;
  /** A bearer token or LLM API key the request carried. */
  token?: string;
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
  /**
   * After a service refused `failed` (a rotated, revoked or expired credential): when the chain
   * already holds another identity, resolves `true` at once; otherwise invalidates every layer and
   * resolves again — once for all concurrent callers — and resolves whether the identity changed.
   * `refreshOnAuthFailure` and `llmFetch` call it; a custom retry loop may too.
   */
  recoverFromAuthFailure(failed?: FailedIdentity): Promise<boolean>;
  /** Calls `listener` on every identity change (see {@link ChainRefreshEvent}); returns an unsubscribe function. */
  onRefresh(listener: (event: ChainRefreshEvent) => void): () => void;
}
