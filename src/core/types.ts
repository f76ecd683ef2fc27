import type { AwsCredentialIdentity, TokenIdentity } from "@smithy/types";

/** Providers credchain decides for. */
export const PROVIDERS = ["bedrock", "openai", "anthropic", "cohere", "custom"] as const;
/** A provider credchain decides for. */
export type Provider = (typeof PROVIDERS)[number];
/** The API-key providers (every provider but Bedrock). */
export type ApiKeyProvider = Exclude<Provider, "bedrock">;

/** How the chosen credentials authenticate. */
export type AuthKind = "aws-static" | "aws-default-chain" | "bearer-token" | "api-key" | "none";
/** Where the chosen credentials came from. */
export type AuthSource =
  | "admin"
  | "secrets-manager"
  | "local-secret"
  | "env"
  | "env-file"
  | "default-chain"
  /** STS AssumeRole (`fromAssumeRole`, tenant roles). */
  | "assume-role"
  | "none";

/** What the decision's credentials are, with every secret masked. Safe to log and serialize. */
export interface AuthSummary {
  /** How the credentials authenticate; `none` when nothing is needed (`custom` without a key). */
  kind: AuthKind;
  /** Where the credentials came from. */
  source: AuthSource;
  /**
   * `pair`, `secret-only`, `bedrock-api-key`, `api-key`, the env variable names used
   * (e.g. `AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY`), or the secret's name; `null` when none applies.
   */
  detail: string | null;
  /** Masked access key ID (`AKIA…MPLE`), for AWS static credentials. */
  accessKeyId?: string;
  /** Whether a session token accompanies the AWS credentials. */
  hasSessionToken?: boolean;
  /** Masked API key or bearer token (`…abcd`). */
  apiKey?: string;
  /** Filled in by a chain after a network source resolved (e.g. the default chain). */
  resolved?: {
    /** Masked access key ID of the resolved credentials (`ASIA…WXYZ`). */
    accessKeyId: string;
    /** When they expire, as ISO-8601; `null` for long-term credentials. */
    expiration: string | null;
  };
}

/** Where the region came from. */
export type RegionSource =
  | "admin"
  | "secrets-manager"
  | "local-secret"
  | "env:AWS_REGION"
  | "env:AWS_DEFAULT_REGION"
  /** Secrets Manager clients: `SECRETS_MANAGER_REGION` beats `AWS_REGION`. */
  | "env:SECRETS_MANAGER_REGION"
  | "env-file:AWS_REGION"
  | "env-file:AWS_DEFAULT_REGION"
  /** Secrets Manager clients: `SECRETS_MANAGER_REGION` in the env file. */
  | "env-file:SECRETS_MANAGER_REGION"
  | "default";
/** Where the model ID came from. */
export type ModelIdSource =
  "admin" | "env:BEDROCK_MODEL_ID" | "env-file:BEDROCK_MODEL_ID" | "default";

/** A value and where it came from. */
export interface Sourced<S extends string> {
  /** The value: a region code or a model ID. */
  value: string;
  /** Where it came from, e.g. `env:AWS_REGION` or `admin`. */
  source: S;
}

/** What happened to one source while deciding. */
export type TraceOutcome = "chosen" | "skipped" | "failed" | "not-consulted";

/** One line of a decision's trace. Reasons name variables, never values. */
export interface TraceEntry {
  /** The source's name, e.g. `admin`, `secrets-manager`, `env`, `default-chain`. */
  source: string;
  /** Whether it was chosen, skipped, failed, or not consulted because an earlier one decided. */
  outcome: TraceOutcome;
  /** Why, in words; names variables and secrets, never their values. */
  reason: string;
}

/**
 * The raw identity behind a decision, for handing to an SDK. It is the only credchain value that
 * holds secrets in the clear; obtain it with {@link CredentialDecision.reveal}.
 */
export type RevealedIdentity =
  | {
      /** Static AWS credentials (SigV4). */
      kind: "aws-static";
      /** The raw key pair, with `sessionToken` and `expiration` when temporary. */
      credentials: AwsCredentialIdentity;
    }
  | {
      /** A Bedrock API key, sent as `Authorization: Bearer`. */
      kind: "bearer-token";
      /** The raw token. */
      token: TokenIdentity;
    }
  | {
      /** An LLM provider's API key. */
      kind: "api-key";
      /** The raw key. */
      apiKey: string;
    }
  | {
      /** No explicit credentials: let the AWS SDK's default chain resolve them at call time. */
      kind: "aws-default-chain";
    }
  /** The credentials live in Secrets Manager, which only a chain fetches (pure decisions). */
  | {
      /** Not fetched yet: the pure decision makes no network call. */
      kind: "deferred";
      /** Where the credentials will come from. */
      source: "secrets-manager";
      /** The secret to fetch (a name, never a value). */
      secretName: string;
    }
  | {
      /** No credentials are needed (`custom` without a key). */
      kind: "none";
    };

/** The JSON form of a decision: the CLI's `--json` output. */
export interface CredentialDecisionJson {
  /** As {@link CredentialDecision.provider}. */
  provider: Provider;
  /** As {@link CredentialDecision.auth}. */
  auth: AuthSummary;
  /** As {@link CredentialDecision.region}. */
  region: Sourced<RegionSource> | null;
  /** As {@link CredentialDecision.modelId}. */
  modelId: Sourced<ModelIdSource> | null;
  /** As {@link CredentialDecision.trace}. */
  trace: TraceEntry[];
  /** As {@link CredentialDecision.warnings}. */
  warnings: string[];
}

/**
 * Which credentials a call should use, and why. Serializes (JSON, `String`, `util.inspect`) without
 * any secret; {@link CredentialDecision.reveal} returns the raw identity for an SDK.
 */
export interface CredentialDecision {
  /** The provider the decision is for. */
  readonly provider: Provider;
  /** The chosen credentials, every secret masked. */
  readonly auth: AuthSummary;
  /** `null` for providers without regions (OpenAI, Anthropic, Cohere, custom). */
  readonly region: Sourced<RegionSource> | null;
  /** `null` when no model ID is configured or the provider has none. */
  readonly modelId: Sourced<ModelIdSource> | null;
  /** Every source in precedence order and what happened to it. */
  readonly trace: readonly TraceEntry[];
  /** Non-fatal observations (partial env pair, bearer token beside a pair, …); never values. */
  readonly warnings: readonly string[];
  /** The raw identity for an SDK. Never log it. */
  reveal(): RevealedIdentity;
  /** The secret-free JSON form (what `JSON.stringify` and the CLI's `--json` print). */
  toJSON(): CredentialDecisionJson;
  /** A one-line, secret-free summary: `CredentialDecision(bedrock: aws-static from admin [pair])`. */
  toString(): string;
}

/**
 * Credentials a source (or a step of the pure decision) offers. Exactly one of `credentials`,
 * `token` or `apiKey` is set, matching `kind` (none for `aws-default-chain`). It holds raw values:
 * it is what the chain hands to the SDK, and never what it logs.
 */
export interface CredentialResult {
  /** Where the credentials came from (trace and `auth.source`). */
  source: AuthSource;
  /** How the credentials authenticate; selects which of the fields below is set. */
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
  /** The Secrets Manager (or Parameter Store) secret read, by name and version ID; never a value. */
  secret?: SecretRef;
}

/** A secret by name and version: what refresh events say about the secret behind an identity. */
export interface SecretRef {
  /** The secret's name or ARN, as configured. */
  name: string;
  /** The version read (Secrets Manager's `VersionId`, Parameter Store's version), if known. */
  versionId: string | null;
}
