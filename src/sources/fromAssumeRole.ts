import { REFRESH_BEFORE_MS } from "../core/refresh.js";
import type { FromTemporaryCredentialsOptions } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { checkOptions, isObject } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import { isAuthenticationFailure } from "../internal/isAuthenticationFailure.js";
import { markMemoized } from "../internal/markMemoized.js";
import { memoizeProvider } from "../internal/memoizeProvider.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";
import { CredchainError, isCredchainError } from "../core/CredchainError.js";
import type { Logger } from "../core/Logger.js";
import type { CredentialSource } from "./CredentialSource.js";
import { EXTERNAL_ID_PATTERN, ROLE_ARN_PATTERN, ROLE_SESSION_NAME_PATTERN } from "../core/arn.js";
import { readSourceContext } from "./sourceContext.js";

/**
 * Credentials that can heal after a refusal: what a `CredentialChain` offers (`createAwsChain()`,
 * `sharedAwsChain()`), taken by {@link FromAssumeRoleInit.masterCredentials}.
 */
export interface RecoverableCredentials {
  /** The provider that signs. */
  credentials: AwsCredentialIdentityProvider;
  /**
   * Called when a request signed with `failed` was refused as unauthenticated: forget it and
   * resolve again; `true` when another identity is now resolved.
   */
  recoverFromAuthFailure(failed?: {
    accessKeyId?: string;
    secretAccessKey?: string;
  }): Promise<boolean>;
}

const isRecoverable = (value: unknown): value is RecoverableCredentials =>
  isObject(value) &&
  typeof (value as Partial<RecoverableCredentials>).credentials === "function" &&
  typeof (value as Partial<RecoverableCredentials>).recoverFromAuthFailure === "function";

/** Options of {@link fromAssumeRole}. */
export interface FromAssumeRoleInit {
  /** The role to assume, `arn:aws:iam::<account>:role/<name>`. */
  roleArn: string;
  /** STS `ExternalId`, when the role's trust policy requires one. */
  externalId?: string;
  /**
   * STS `RoleSessionName`, shown in the role account's CloudTrail.
   * @default `credchain-<epoch ms>`
   */
  roleSessionName?: string;
  /**
   * Lifetime of the temporary credentials, 900–43200 seconds (the role's maximum applies).
   * @default 3600 (STS's default)
   */
  durationSeconds?: number;
  /**
   * Credentials that call STS: an identity, a provider, or a chain (`createAwsChain()`,
   * `sharedAwsChain()`). With a chain, an `AssumeRole` refused because the master key itself was
   * rotated or revoked (`InvalidClientTokenId`, `ExpiredToken`, …) heals the chain once and is
   * sent again with the identity it now resolves.
   * @default the AWS SDK's default chain (env, profiles, SSO, web identity, ECS, IMDS)
   */
  masterCredentials?:
    AwsCredentialIdentity | AwsCredentialIdentityProvider | RecoverableCredentials;
  /**
   * Region of the STS endpoint.
   * @default `clientConfig.region`, then `AWS_REGION` or the profile's region, then `us-east-1`
   */
  region?: string;
  /**
   * Extra STS client configuration (`endpoint`, `requestHandler`, `maxAttempts`, …). The SDK's own
   * settings apply too, so `AWS_ENDPOINT_URL_STS` works without it.
   */
  clientConfig?: FromTemporaryCredentialsOptions["clientConfig"];
  /**
   * Start refreshing this long before the credentials expire; until then they are served from
   * cache.
   * @default REFRESH_BEFORE_MS (5 minutes)
   */
  refreshBeforeMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

const initSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    roleArn: z.string({ error: "must be a string" }).regex(ROLE_ARN_PATTERN, {
      error: "must be an IAM role ARN such as arn:aws:iam::123456789012:role/BedrockAccess",
    }),
    externalId: z
      .string({ error: "must be a string" })
      .regex(EXTERNAL_ID_PATTERN, {
        error: "must be 2-1224 characters of letters, digits and +=,.@:/-_",
      })
      .optional(),
    roleSessionName: z
      .string({ error: "must be a string" })
      .regex(ROLE_SESSION_NAME_PATTERN, {
        error: "must be 2-64 characters of letters, digits and +=,.@-_",
      })
      .optional(),
    durationSeconds: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number of seconds" })
      .min(900, { error: "must be at least 900" })
      .max(43_200, { error: "must be at most 43200" })
      .optional(),
    masterCredentials: z
      .custom((v) => typeof v === "function" || isObject(v), {
        error: "must be credentials or a credential provider",
      })
      .optional(),
    region: f.region.optional(),
    clientConfig: f.object("an STSClient configuration object").optional(),
    refreshBeforeMs: f.msNonNegative.optional(),
    now: f.fn("a function returning epoch milliseconds").optional(),
  });
});

/**
 * A source that assumes an IAM role with STS `AssumeRole` (through the AWS SDK's
 * `fromTemporaryCredentials`, loaded on first use) and serves the temporary credentials.
 *
 * The credentials are cached until `refreshBeforeMs` (5 minutes) before they expire; then one
 * background refresh runs while callers keep the still-valid ones. A failed `AssumeRole` is a real
 * failure (`SOURCE_FAILED` naming the SDK error's code; its summary — name, code, HTTP status,
 * request ID, never the service's message — as `cause`): the role was configured, so the chain
 * stops rather than fall back to other credentials.
 *
 * @throws CredentialConfigError `INVALID_OPTION` naming the option (`roleArn`, `externalId`, …)
 *   when one is malformed.
 * @example
 * ```ts
 * const chain = createCredentialChain({
 *   provider: "bedrock",
 *   sources: [fromAssumeRole({ roleArn: "arn:aws:iam::123456789012:role/Bedrock", externalId })],
 * });
 * ```
 */
export function fromAssumeRole(init: FromAssumeRoleInit): CredentialSource {
  const options = checkOptions("fromAssumeRole", init, initSchema, {
    required: true,
    hint: "Pass { roleArn } and optionally externalId, roleSessionName, durationSeconds, region, clientConfig.",
  });
  let logger: Logger | undefined;
  let assume: AwsCredentialIdentityProvider | undefined;
  // A chain as master: the STS client asks it on every call (its own memo would keep the first
  // key forever), and the identity it signed with is what a refusal names.
  const healer = isRecoverable(init.masterCredentials) ? init.masterCredentials : undefined;
  let lastMaster: AwsCredentialIdentity | undefined;
  const master =
    healer === undefined
      ? (init.masterCredentials as
          AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined)
      : markMemoized(async (properties?: Parameters<AwsCredentialIdentityProvider>[0]) => {
          const identity = await healer.credentials(properties);
          lastMaster = identity;
          return identity;
        });
  /** After an unauthenticated AssumeRole: whether the master chain now holds another identity. */
  const masterHealed = async (error: unknown): Promise<boolean> => {
    if (healer === undefined || lastMaster === undefined) return false;
    if (!isAuthenticationFailure(error, false)) return false;
    const failed = lastMaster;
    logger?.warn?.("assume-role: STS refused the master credentials; resolving them again", {
      code: errorLabel(error),
    });
    return healer
      .recoverFromAuthFailure({
        accessKeyId: failed.accessKeyId,
        secretAccessKey: failed.secretAccessKey,
      })
      .catch(() => false);
  };

  const credentials = memoizeProvider(
    async () => {
      if (assume === undefined) {
        const { fromTemporaryCredentials } = await import("@aws-sdk/credential-providers");
        const clientConfig = { ...init.clientConfig };
        if (options.region !== undefined) clientConfig.region = options.region;
        assume = fromTemporaryCredentials({
          params: {
            RoleArn: options.roleArn,
            RoleSessionName: options.roleSessionName ?? `credchain-${Date.now()}`,
            ...(options.externalId === undefined ? {} : { ExternalId: options.externalId }),
            ...(options.durationSeconds === undefined
              ? {}
              : { DurationSeconds: options.durationSeconds }),
          },
          ...(master === undefined ? {} : { masterCredentials: master }),
          clientConfig,
        });
      }
      try {
        return await assume();
      } catch (error) {
        if (!(await masterHealed(error))) throw assumeRoleFailed(error);
      }
      try {
        return await assume();
      } catch (error) {
        throw assumeRoleFailed(error);
      }
    },
    {
      refreshBeforeMs: options.refreshBeforeMs ?? REFRESH_BEFORE_MS,
      ...(init.now === undefined ? {} : { now: init.now }),
      onRefreshError: (error) =>
        logger?.warn?.("assume-role: background refresh failed; serving unexpired credentials", {
          code: isCredchainError(error) ? error.code : undefined,
        }),
    },
  );

  return {
    name: "assume-role",
    invalidate() {
      credentials.invalidate();
    },
    async resolve(given) {
      const context = readSourceContext(given, "assume-role");
      logger = context.logger;
      const identity = await credentials();
      return {
        source: "assume-role",
        kind: "aws-static",
        detail: options.roleArn,
        credentials: identity,
        reason: "assumed the role in option roleArn with STS AssumeRole",
      };
    },
  };
}

// STS messages can quote the request (ExternalId, session name): only a summary is kept.
function assumeRoleFailed(error: unknown): CredchainError {
  if (isCredchainError(error)) return error;
  return new CredchainError(
    "SOURCE_FAILED",
    `assume-role: STS AssumeRole for option roleArn failed (${errorLabel(error)}).`,
    {
      hint: "Check that the master credentials may call sts:AssumeRole on the role, that its trust policy names them, and the ExternalId.",
      cause: safeCause(error),
    },
  );
}
