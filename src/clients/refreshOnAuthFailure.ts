import type {
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  MetadataBearer,
  Pluggable,
} from "@smithy/types";
import { checkOptions } from "../core/checkOptions.js";
import { readField } from "../core/safeRead.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { lazySchema } from "../core/lazyZod.js";
import type { Logger } from "../core/Logger.js";
import { commonOptionFields } from "../core/optionFields.js";
import { mask } from "../core/mask.js";
import type { FailedIdentity } from "../chain/createCredentialChain.js";
import { errorLabel } from "../internal/sdkError.js";
import { httpStatusOf, isAuthenticationFailure } from "../internal/isAuthenticationFailure.js";

/** Whatever can recover from an auth failure: a credential chain, a tenant session. */
export interface AuthFailureTarget {
  /** See `CredentialChain.recoverFromAuthFailure`. */
  recoverFromAuthFailure(failed?: FailedIdentity): Promise<boolean>;
}

/** One recovery, as logged and passed to `onRecovery`: names, codes and masked IDs only. */
export interface AuthRecoveryEvent {
  /**
   * `recovered`: the retry with the new identity succeeded; `same-identity`: re-resolving gave the
   * identity that failed, so no retry; `failed-again`: the retry failed too (its error is thrown);
   * `not-retried`: the identity was renewed, but the request's body is a stream that cannot be sent
   * twice, so its error is thrown and the next request uses the new identity; `recovery-failed`:
   * re-resolving itself failed (the source is unreachable, say), so the service's error is thrown
   * and `recoveryError` names what failed.
   */
  outcome: "recovered" | "same-identity" | "failed-again" | "not-retried" | "recovery-failed";
  /** The service error's code or name (`ExpiredTokenException`, …). */
  error: string;
  /** Its HTTP status, when answered. */
  httpStatusCode: number | undefined;
  /** The client that sent the request (`PollyClient`), when the SDK names it. */
  client: string | undefined;
  /** The command that failed (`SynthesizeSpeechCommand`), when the SDK names it. */
  command: string | undefined;
  /** The identity that failed, masked (`AKIA…MPLE`, `…abcd`). */
  failedIdentity: string | null;
  /**
   * With `recovery-failed` only: the code of the error re-resolving threw (`SOURCE_FAILED`,
   * `NO_CREDENTIALS`, an SDK error's code or name), never its message.
   */
  recoveryError?: string;
}

/** Options of {@link refreshOnAuthFailure}. */
export interface RefreshOnAuthFailureOptions {
  /** Receives one line per recovery (warn) or refusal (error). */
  logger?: Logger;
  /** Called once per recovery attempt. */
  onRecovery?: (event: AuthRecoveryEvent) => void;
  /**
   * Extra errors to treat as an authentication failure (a custom service's code). Authorization
   * failures (`AccessDenied…`) are never retried, whatever this says.
   */
  isAuthFailure?: (error: unknown) => boolean;
}

/** The plugin, with its counters. */
export interface AuthRecoveryPlugin extends Pluggable<object, MetadataBearer> {
  /** Counters since the plugin was made; a snapshot. */
  stats(): AuthRecoveryStats;
}

/** What {@link AuthRecoveryPlugin.stats} counts. */
export interface AuthRecoveryStats {
  /** Requests retried with a new identity that then succeeded. */
  recovered: number;
  /** Failures where re-resolving gave the identity that had failed (not retried). */
  sameIdentity: number;
  /** Retries that failed again (their error reached the caller). */
  failedAgain: number;
  /** Requests with a streaming body: the identity was renewed, the request not resent. */
  notRetried: number;
  /** Failures where re-resolving threw (the service's error reached the caller). */
  recoveryFailed: number;
}

const optionsSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    logger: f.logger.optional(),
    onRecovery: f.fn<(event: AuthRecoveryEvent) => void>("a function").optional(),
    isAuthFailure: f.fn<(error: unknown) => boolean>("a function").optional(),
  });
});

/** The target's `recoverFromAuthFailure`, read once (a getter or Proxy trap that throws is no target). */
function checkTarget(target: unknown): AuthFailureTarget["recoverFromAuthFailure"] {
  // A bedrockTokenProvider is a function with the method; chains and sessions are objects.
  const recover = readField(target, "recoverFromAuthFailure");
  if (typeof recover !== "function") {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      "refreshOnAuthFailure: the target must be a credential chain, a tenant session or a bedrockTokenProvider (it has no recoverFromAuthFailure).",
      {
        hint: "Pass what the client's credentials or token come from: refreshOnAuthFailure(chain), refreshOnAuthFailure(session) or refreshOnAuthFailure(tokenProvider).",
      },
    );
  }
  return (failed) => (recover as AuthFailureTarget["recoverFromAuthFailure"]).call(target, failed);
}

/**
 * Whether a request's input holds a stream, which cannot be sent twice: a Node stream, a web
 * `ReadableStream`, or an async iterable (an event-stream input, consumed as it is sent).
 */
function hasStreamingInput(input: unknown): boolean {
  if (typeof input !== "object" || input === null) return false;
  return Object.values(input).some(
    (v) =>
      typeof v === "object" &&
      v !== null &&
      (typeof (v as { pipe?: unknown }).pipe === "function" ||
        typeof (v as { getReader?: unknown }).getReader === "function" ||
        typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"),
  );
}

interface SmithyContext {
  selectedHttpAuthScheme?: {
    httpAuthOption?: { schemeId?: string };
    identity?: { accessKeyId?: unknown; secretAccessKey?: unknown; token?: unknown };
  };
}

/**
 * An AWS SDK v3 plugin that heals a rotated, revoked or expired credential without a restart:
 * `client.middlewareStack.use(refreshOnAuthFailure(chain))`.
 *
 * On an authentication failure (`ExpiredToken`, `ExpiredTokenException`,
 * `UnrecognizedClientException`, `InvalidClientTokenId`, `InvalidSignatureException`,
 * `SignatureDoesNotMatch`, `InvalidAccessKeyId`; for a bearer token also a 401, and Bedrock's
 * untyped 403 "Authentication failed: Please make sure your API Key is valid.") it asks the chain to
 * recover — the chain invalidates every layer that holds the old value (its memo, the secret
 * store's cached secret, the default chain's provider) and resolves again, once for all concurrent
 * failures — and retries the request once, re-signed with the new identity. Not retried:
 * authorization failures (`AccessDenied…`: the identity is valid but not allowed), a re-resolution
 * that yields the identity that failed, a second failure, and requests with a streaming body
 * (the identity is renewed for the next request, but a stream cannot be sent twice).
 *
 * Runs at the `initialize` step, before the SDK resolves the identity and signs, so the retry goes
 * through them again. Every recovery is logged and counted (names, codes, masked key IDs only);
 * when re-resolving itself fails, the caller still gets the service's error (outcome
 * `recovery-failed`). The target and options are checked, and read once, when the plugin is made
 * (`INVALID_OPTION`).
 *
 * @see docs/rotation.md
 *
 * @example
 * ```ts
 * const chain = createChainFromEnv();
 * const bedrock = new BedrockRuntimeClient(await bedrockClientConfig(chain));
 * bedrock.middlewareStack.use(refreshOnAuthFailure(chain, { logger }));
 * ```
 */
export function refreshOnAuthFailure(
  target: AuthFailureTarget,
  options: RefreshOnAuthFailureOptions = {},
): AuthRecoveryPlugin {
  const recoverFromAuthFailure = checkTarget(target);
  const { logger, onRecovery, isAuthFailure } = checkOptions(
    "refreshOnAuthFailure",
    options,
    optionsSchema,
  );
  const counters: AuthRecoveryStats = {
    recovered: 0,
    sameIdentity: 0,
    failedAgain: 0,
    notRetried: 0,
    recoveryFailed: 0,
  };
  const report = (event: AuthRecoveryEvent): void => {
    const details = { ...event };
    if (event.outcome === "recovered") {
      logger?.warn?.(
        "credchain: request refused as unauthenticated; retried with the new identity",
        details,
      );
    } else if (event.outcome === "not-retried") {
      logger?.error?.(
        "credchain: request refused as unauthenticated; identity renewed, but its streaming body cannot be resent",
        details,
      );
    } else if (event.outcome === "recovery-failed") {
      logger?.error?.(
        "credchain: request refused as unauthenticated; re-resolving the identity failed",
        details,
      );
    } else {
      logger?.error?.("credchain: request refused as unauthenticated; not recovered", details);
    }
    try {
      onRecovery?.(event);
    } catch {
      logger?.error?.("credchain: an onRecovery listener threw", { client: event.client });
    }
  };

  const middleware =
    <Output extends MetadataBearer>(
      next: InitializeHandler<object, Output>,
      context: HandlerExecutionContext,
    ): InitializeHandler<object, Output> =>
    async (args: InitializeHandlerArguments<object>): Promise<InitializeHandlerOutput<Output>> => {
      try {
        return await next(args);
      } catch (error) {
        const smithy = (context as { __smithy_context?: SmithyContext }).__smithy_context;
        const scheme = smithy?.selectedHttpAuthScheme;
        const bearer = scheme?.httpAuthOption?.schemeId === "smithy.api#httpBearerAuth";
        if (!isAuthenticationFailure(error, bearer, isAuthFailure)) throw error;
        const identity = scheme?.identity;
        const failed: FailedIdentity = {};
        if (typeof identity?.accessKeyId === "string") failed.accessKeyId = identity.accessKeyId;
        if (typeof identity?.secretAccessKey === "string")
          failed.secretAccessKey = identity.secretAccessKey;
        if (typeof identity?.token === "string") failed.token = identity.token;
        const event: Omit<AuthRecoveryEvent, "outcome"> = {
          error: errorLabel(error),
          httpStatusCode: httpStatusOf(error),
          client: context.clientName,
          command: context.commandName,
          failedIdentity:
            failed.accessKeyId !== undefined
              ? mask(failed.accessKeyId, "access-key-id")
              : failed.token !== undefined
                ? mask(failed.token, "api-key")
                : null,
        };
        let changed: boolean;
        try {
          changed = await recoverFromAuthFailure(failed);
        } catch (recoveryError) {
          // The caller asked the service, not the source: its refusal is the error that explains.
          counters.recoveryFailed += 1;
          report({
            ...event,
            outcome: "recovery-failed",
            recoveryError: errorLabel(recoveryError),
          });
          throw error;
        }
        if (!changed) {
          counters.sameIdentity += 1;
          report({ ...event, outcome: "same-identity" });
          throw error;
        }
        if (hasStreamingInput(args.input)) {
          counters.notRetried += 1;
          report({ ...event, outcome: "not-retried" });
          throw error;
        }
        try {
          const output = await next(args);
          counters.recovered += 1;
          report({ ...event, outcome: "recovered" });
          return output;
        } catch (again) {
          counters.failedAgain += 1;
          report({ ...event, outcome: "failed-again" });
          throw again;
        }
      }
    };

  return {
    applyToStack(stack) {
      stack.add(middleware, {
        step: "initialize",
        name: "credchainRefreshOnAuthFailure",
        priority: "high",
        override: true,
      });
    },
    stats: () => ({ ...counters }),
  };
}
