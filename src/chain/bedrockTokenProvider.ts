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
import { mintBedrockToken } from "../internal/mintBedrockToken.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";
import type { FailedIdentity } from "./CredentialChain.js";
import { checkFailedIdentity } from "./chainOptions.js";

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
  /**
   * Mint the next key this long before the current one expires (at most half the life of a key
   * that ends on its own; a key cut short by its credentials waits for them to be renewed).
   * @default REFRESH_BEFORE_MS (5 minutes)
   */
  refreshBeforeMs?: number;
  /** Clock for refresh and expiry decisions, for tests (keys are signed with the system clock). @default Date.now */
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
  /** Forgets the current key (its `expiration` then reads as past); the next call mints one. */
  invalidate(): void;
  /**
   * After Bedrock refused the key: recovers the credentials behind it (the chain's or session's
   * `recoverFromAuthFailure`) and mints from them. Resolves `true` when the next key comes from
   * other credentials (or `failed.token` is a key already replaced), `false` when the credentials
   * are still those that minted the refused key.
   */
  recoverFromAuthFailure(failed?: FailedIdentity): Promise<boolean>;
}

/** After a check found the credentials unchanged (or failing), the next one waits this long. */
const RECHECK_MS = 10_000;
/** A key this close to its end is handed out only while no other can be had. */
const EXPIRY_MARGIN_MS = 10_000;

interface HeldKey {
  token: string;
  /** Shared by every copy handed out: set to the past when the key is replaced or forgotten. */
  expiration: Date;
  expiresAt: number;
  refreshAt: number;
  cappedByCredentials: boolean;
  /** The credentials it was minted from (memory only, never shown). */
  issuer: AwsCredentialIdentity;
}

const sameIssuer = (a: AwsCredentialIdentity, b: AwsCredentialIdentity): boolean =>
  a.accessKeyId === b.accessKeyId &&
  a.secretAccessKey === b.secretAccessKey &&
  a.sessionToken === b.sessionToken;

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

async function resolveIssuer(
  credentials: AwsCredentialIdentityProvider,
): Promise<AwsCredentialIdentity> {
  let identity: unknown;
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
  const c = identity as Partial<AwsCredentialIdentity> | null;
  const nonEmpty = (v: unknown): boolean => typeof v === "string" && v !== "";
  if (
    !nonEmpty(c?.accessKeyId) ||
    !nonEmpty(c?.secretAccessKey) ||
    (c?.sessionToken !== undefined && !nonEmpty(c.sessionToken)) ||
    (c?.expiration !== undefined && !(c.expiration instanceof Date))
  ) {
    throw new CredchainError(
      "SOURCE_FAILED",
      "bedrockTokenProvider: the credentials provider did not return an access key pair.",
      { hint: "Pass a provider that resolves { accessKeyId, secretAccessKey, sessionToken? }." },
    );
  }
  return identity as AwsCredentialIdentity;
}

/**
 * Turns AWS credentials — a chain (env pair, role, the default chain), a tenant session — into a
 * refreshing short-term Bedrock API key, for clients and tools that take only a bearer token
 * (`AWS_BEARER_TOKEN_BEDROCK`, the SDK's `token`). Keys are minted locally with AWS's own
 * `@aws/bedrock-token-generator` (loaded on first use): a presigned `CallWithBearerToken` request,
 * bound to `region`, living `expiresInSeconds` (at most 12 hours) but never longer than the
 * credentials it was made from.
 *
 * Concurrent callers share one mint. The next key is minted in the background `refreshBeforeMs`
 * (at most half a key's life) before the current one expires; callers keep the current key
 * meanwhile. A key cut short by its credentials' expiration is minted again only from other
 * credentials: until the source serves them, it is asked at most every 10 seconds. A replaced or
 * forgotten key's `expiration` is set to the past, so an SDK client holding it asks again.
 *
 * @example
 * ```ts
 * const token = bedrockTokenProvider(createAwsChain(), { region: "us-east-1" });
 * const bedrock = new BedrockRuntimeClient({ region: "us-east-1", token, authSchemePreference: ["httpBearerAuth"] });
 * bedrock.middlewareStack.use(refreshOnAuthFailure(token));
 * ```
 */
export function bedrockTokenProvider(
  source: BedrockTokenSource,
  options: BedrockTokenOptions,
): BedrockTokenProvider {
  const checked = checkOptions("bedrockTokenProvider", options, optionsSchema, {
    required: true,
    hint: "Pass { region } and optionally expiresInSeconds (1 to 43200), refreshBeforeMs, now.",
  });
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
  const healSource = typeof source === "function" ? undefined : source;
  const now = checked.now ?? Date.now;
  const lifetime = checked.expiresInSeconds ?? BEDROCK_TOKEN_MAX_SECONDS;
  const refreshBeforeMs = checked.refreshBeforeMs ?? REFRESH_BEFORE_MS;

  let held: HeldKey | undefined;
  let inflight: Promise<HeldKey> | undefined;
  let generation = 0;
  let quietUntil = 0;

  const retire = (key: HeldKey | undefined): void => {
    key?.expiration.setTime(Math.min(key.expiresAt, now()));
  };
  const forget = (): void => {
    generation += 1;
    retire(held);
    held = undefined;
    inflight = undefined;
    quietUntil = 0;
  };

  const refresh = (): Promise<HeldKey> => {
    if (inflight !== undefined) return inflight;
    const gen = generation;
    const attempt = (async (): Promise<HeldKey> => {
      const issuer = await resolveIssuer(credentials);
      const current = gen === generation ? held : undefined;
      if (
        current?.cappedByCredentials === true &&
        sameIssuer(current.issuer, issuer) &&
        current.expiresAt > now()
      ) {
        // A key from these credentials could live no longer: wait for the source to renew them.
        quietUntil = now() + RECHECK_MS;
        return current;
      }
      const mintedAt = now();
      const minted = await mintBedrockToken(issuer, checked.region, lifetime, mintedAt);
      // A key cut short by its credentials waits for their renewal, which their source starts
      // within its own window; a key that ends on its own is replaced at most half-way through.
      const ahead = minted.cappedByCredentials
        ? refreshBeforeMs
        : Math.min(refreshBeforeMs, (minted.expiresAt - mintedAt) / 2);
      const fresh: HeldKey = {
        token: minted.token,
        expiration: new Date(minted.expiresAt),
        expiresAt: minted.expiresAt,
        refreshAt: minted.expiresAt - ahead,
        cappedByCredentials: minted.cappedByCredentials,
        issuer: { ...issuer },
      };
      if (gen === generation) {
        retire(held);
        held = fresh;
      }
      return fresh;
    })();
    const settled = attempt.finally(() => {
      if (inflight === settled) inflight = undefined;
    });
    inflight = settled;
    return settled;
  };

  const current = async (): Promise<HeldKey> => {
    const key = held;
    const t = now();
    if (key === undefined) return refresh();
    if (key.expiresAt - EXPIRY_MARGIN_MS > t) {
      if (t >= key.refreshAt && t >= quietUntil && inflight === undefined) {
        refresh().catch(() => {
          quietUntil = now() + RECHECK_MS;
        });
      }
      return key;
    }
    if (key.expiresAt > t && t < quietUntil) return key;
    return refresh();
  };

  const provider = markMemoized(async (): Promise<TokenIdentity> => {
    const key = await current();
    return { token: key.token, expiration: key.expiration };
  }) as BedrockTokenProvider;
  provider.invalidate = forget;

  let recovery: Promise<boolean> | undefined;
  provider.recoverFromAuthFailure = async (given) => {
    const failed = checkFailedIdentity(given);
    const refused = held;
    // A request sent with a key replaced since: the retry carries the current one.
    if (failed.token !== undefined && refused !== undefined && failed.token !== refused.token)
      return true;
    recovery ??= (async () => {
      await healSource?.recoverFromAuthFailure?.(
        refused === undefined
          ? {}
          : {
              accessKeyId: refused.issuer.accessKeyId,
              secretAccessKey: refused.issuer.secretAccessKey,
            },
      );
      if (held === refused) forget();
      const next = held ?? (await refresh());
      return refused === undefined
        ? next.token !== failed.token
        : !sameIssuer(next.issuer, refused.issuer);
    })().finally(() => (recovery = undefined));
    return recovery;
  };
  return provider;
}
