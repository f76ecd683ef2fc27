import type { AwsCredentialIdentity, TokenIdentity } from "@smithy/types";
import type { Logger } from "../core/Logger.js";
import type { AuthSource, Provider, RegionSource, Sourced } from "../core/types.js";

/** What a source is asked to resolve for. */
export interface SourceContext {
  /** The provider the chain resolves for. */
  provider: Provider;
  /** Optional logger; sources never log values. */
  logger?: Logger | undefined;
}

/**
 * What a source yields when it can serve. Exactly one of `credentials`, `token` or `apiKey` is set,
 * matching `kind`.
 */
export interface CredentialResult {
  /** Where the credentials came from (trace and `auth.source`). */
  source: AuthSource;
  kind: "aws-static" | "aws-default-chain" | "bearer-token" | "api-key";
  /** As in {@link AuthSummary.detail}. */
  detail: string | null;
  /** AWS credentials; `expiration` set for temporary ones. */
  credentials?: AwsCredentialIdentity;
  /** Bearer token (Bedrock API key). */
  token?: TokenIdentity;
  /** LLM API key. */
  apiKey?: string;
  /** A region stored with the credentials (secret JSON, tenant record). */
  region?: Sourced<RegionSource>;
  /** Why this source was chosen, naming variables, never values. */
  reason: string;
  /** Non-fatal observations (partial env pair, bearer token beside a pair, …). */
  warnings?: string[];
}

/**
 * A lazy credential source. `resolve` either returns a {@link CredentialResult}, throws a
 * `SourceSkippedError` (the chain tries the next source), or throws anything else (the chain
 * stops: fail closed).
 */
export interface CredentialSource {
  /** Name shown in traces, e.g. `admin`, `env`, `secrets-manager`. */
  readonly name: string;
  resolve(context: SourceContext): Promise<CredentialResult>;
}
