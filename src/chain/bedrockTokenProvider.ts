import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  TokenIdentity,
  TokenIdentityProvider,
} from "@smithy/types";
import { checkOptions, isObject } from "../core/checkOptions.js";
import { CredchainError, isCredchainError } from "../core/CredchainError.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import { REFRESH_BEFORE_MS } from "../core/refresh.js";
import { markMemoized } from "../internal/markMemoized.js";
import { memoizeProvider } from "../internal/memoizeProvider.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";
import type { FailedIdentity } from "./CredentialChain.js";

/** The longest a short-term Bedrock API key lives: 12 hours. */
export const BEDROCK_TOKEN_MAX_SECONDS = 43_200;

/** Options of {@link bedrockTokenProvider}. */
export interface BedrockTokenOptions {
  /** The Region the key is minted for: Bedrock accepts it only there. */
  region: string;
  /**
   * How long each key lives, at most 43 200 (12 hours), and never past the credentials'
   * expiration.
   * @default 43200
   */
  expiresInSeconds?: number;
  /** Mint the next key this long before the current one expires. @default REFRESH_BEFORE_MS (5 minutes) */
  refreshBeforeMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** What the key is minted from: a credential chain, a tenant session, or any AWS credential provider. */
export type BedrockTokenSource =
  | AwsCredentialIdentityProvider
  | {
      /** The provider keys are minted from (`chain.credentials`, `session.credentials`). */
      credentials: AwsCredentialIdentityProvider;
      /** Heals the credentials after a refusal; chains and tenant sessions have it. */
      recoverFromAuthFailure?(failed?: FailedIdentity): Promise<boolean>;
    };

/** A refreshing bearer-token provider, as `bedrockTokenProvider` returns it. */
export interface BedrockTokenProvider extends TokenIdentityProvider {
  /** Forgets the current key; the next call mints one. */
  invalidate(): void;
  /** After Bedrock refused the key: recovers the credentials behind it and mints a new key. */
  recoverFromAuthFailure(failed?: FailedIdentity): Promise<boolean>;
}

const optionsSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    region: f.region,
    expiresInSeconds: z
      .number({ error: "must be a number of seconds" })
      .int({ error: "must be a whole number of seconds" })
      .min(1, { error: "must be at least 1" })
      .max(BEDROCK_TOKEN_MAX_SECONDS, { error: "must be at most 43200 (12 hours)" })
      .optional(),
    refreshBeforeMs: f.msNonNegative.optional(),
    now: f.fn<() => number>("a function returning epoch milliseconds").optional(),
  });
});

/**
 * Turns AWS credentials — a chain (env pair, role, the default chain), a tenant session — into a
 * refreshing short-term Bedrock API key, for clients and tools that take only a bearer token
 * (`AWS_BEARER_TOKEN_BEDROCK`, the SDK's `token`). Keys are minted locally with AWS's own
 * `@aws/bedrock-token-generator` (loaded on first use): a presigned `CallWithBearerToken` request,
 * bound to `region`, living `expiresInSeconds` (at most 12 hours) but never longer than the
 * credentials it was made from. The next key is minted `refreshBeforeMs` before the current one
 * expires, in the background, as chains refresh credentials.
 *
 * @example
 * ```ts
 * const token = bedrockTokenProvider(createAwsChain(), { region: "us-east-1" });
 * const bedrock = new BedrockRuntimeClient({ region: "us-east-1", token, authSchemePreference: ["httpBearerAuth"] });
 * ```
 */
export function bedrockTokenProvider(
  source: BedrockTokenSource,
  options: BedrockTokenOptions,
): BedrockTokenProvider {
  const checked = checkOptions("bedrockTokenProvider", options, optionsSchema, { required: true });
  const credentials: AwsCredentialIdentityProvider | undefined =
    typeof source === "function"
      ? source
      : isObject(source) && typeof source.credentials === "function"
        ? source.credentials
        : undefined;
  if (credentials === undefined) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      "bedrockTokenProvider: the source must be a chain, a tenant session or a credential provider.",
      {
        hint: "Pass createAwsChain(), createChainFromEnv(), a TenantSession, or chain.credentials.",
      },
    );
  }
  const now = checked.now ?? Date.now;
  const requested = checked.expiresInSeconds ?? BEDROCK_TOKEN_MAX_SECONDS;

  const mint = async (): Promise<TokenIdentity> => {
    let identity: AwsCredentialIdentity;
    try {
      identity = await credentials();
    } catch (error) {
      if (isCredchainError(error)) throw error;
      throw new CredchainError(
        "SOURCE_FAILED",
        `bedrockTokenProvider: the credentials did not resolve (${errorLabel(error)}).`,
        {
          hint: "Check the chain the key is minted from (credchain explain --service … --resolve).",
          cause: safeCause(error),
        },
      );
    }
    const left =
      identity.expiration === undefined
        ? Infinity
        : Math.floor((identity.expiration.getTime() - now()) / 1000);
    const expiresInSeconds = Math.min(requested, left);
    if (expiresInSeconds < 1) {
      throw new CredchainError(
        "CREDENTIALS_EXPIRED",
        "bedrockTokenProvider: the credentials to mint from have expired.",
        {
          hint: "Refresh the credentials (the chain does so before expiry); then mint again.",
        },
      );
    }
    const { getToken } = await import("@aws/bedrock-token-generator");
    const token = await getToken({
      credentials: identity,
      region: checked.region,
      expiresInSeconds,
    });
    return { token, expiration: new Date(now() + expiresInSeconds * 1000) };
  };

  const memo = memoizeProvider(mint, {
    refreshBeforeMs: checked.refreshBeforeMs ?? REFRESH_BEFORE_MS,
    now,
  });
  const provider = markMemoized(async () => ({ ...(await memo()) })) as BedrockTokenProvider;
  provider.invalidate = () => memo.invalidate();
  provider.recoverFromAuthFailure = async (failed) => {
    const before = memo.peek()?.token;
    if (failed?.token !== undefined && before !== undefined && failed.token !== before) return true;
    const recovered =
      typeof source === "function" ? true : ((await source.recoverFromAuthFailure?.()) ?? true);
    memo.invalidate();
    const next = (await memo()).token;
    return recovered && next !== (failed?.token ?? before);
  };
  return provider;
}
