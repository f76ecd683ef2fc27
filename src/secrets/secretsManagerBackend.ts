import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { isCredchainError, type CredchainError } from "../core/CredchainError.js";
import type { Logger } from "../core/Logger.js";
import { SecretError } from "../core/SecretError.js";
import { createSecretsManagerClient, loadSecretsManager } from "../internal/lazySecretsManager.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";
import {
  classifySecretsManagerError,
  secretsManagerFailure,
} from "../internal/secretsManagerErrors.js";
import { parseSecretResponse, type ParsedSecret } from "./parseSecretText.js";
import type { SecretVersion } from "./SecretStore.js";
import type { SecretValue } from "./SecretValue.js";
import { sendWithIdentityRecovery } from "./sendWithIdentityRecovery.js";
import type { ServiceIdentity } from "./serviceCredentials.js";
import { markTransient } from "./transientFailure.js";

/** What Secrets Manager answered for one secret: a value, or a reason it has none for us. */
export type SmOutcome =
  | {
      kind: "value";
      secret: ParsedSecret;
      versionId: string | undefined;
      /** The ARN the service answered with (Parameter Store only, for the CLI). */
      arn?: string;
      /** `Promise.resolve(secret.value)`, made once and shared by every cached get. */
      resolved?: Promise<SecretValue>;
    }
  | {
      kind: "absent";
      reason: "not-found" | "access-denied" | "decryption-failure";
      /** The SDK error's code or name, for messages. */
      errorName: string;
      /** A summary of the SDK error (never the error itself). */
      cause: unknown;
    };

/** Counters the backend moves. */
export interface BackendCounters {
  apiCalls: number;
  apiErrors: number;
}

export { isTransientFailure } from "./transientFailure.js";

/** Backend settings. */
export interface SecretsManagerBackendInit {
  client?: SecretsManagerClient | undefined;
  /** What the client created here signs with (not used with `client`). */
  credentials: AwsCredentialIdentityProvider;
  /** The store's own identity, when `credentials` is it: renewed when the service refuses it. */
  identity?: ServiceIdentity | undefined;
  region: string | undefined;
  requestTimeoutMs: number;
  logger: Logger | undefined;
  counters: BackendCounters;
}

/** One call of a backend, per secret: the SDK call, its mapping, nothing cached. */
export interface SecretsManagerBackend {
  /** `GetSecretValue`; throws a `SecretError` for failures that are not an absence. */
  get(name: string, version?: SecretVersion): Promise<SmOutcome>;
  /** One `BatchGetSecretValue` call (at most 20 names): each name's outcome or error. */
  batch(names: readonly string[]): Promise<Map<string, SmOutcome | CredchainError>>;
}

/** Secrets Manager as the store's backend: GetSecretValue, BatchGetSecretValue, error mapping. */
export function secretsManagerBackend(init: SecretsManagerBackendInit): SecretsManagerBackend {
  const { counters, logger } = init;
  const identity = init.client === undefined ? init.identity : undefined;
  let client: Promise<SecretsManagerClient> | undefined;
  const getClient = () => {
    if (client === undefined) {
      const creating =
        init.client !== undefined
          ? Promise.resolve(init.client)
          : createSecretsManagerClient({
              credentials: init.credentials,
              region: init.region,
              requestTimeoutMs: init.requestTimeoutMs,
            });
      client = creating;
      creating.catch(() => {
        if (client === creating) client = undefined;
      });
    }
    return client;
  };

  /** A failure as an absence (falls through to the local sources) or a thrown `SecretError`. */
  const settle = (name: string, cause: unknown): SmOutcome => {
    counters.apiErrors += 1;
    const kind = classifySecretsManagerError(cause);
    const label = errorLabel(cause);
    if (kind === "not-found" || kind === "access-denied" || kind === "decryption-failure") {
      if (kind === "not-found") {
        logger?.debug?.("credchain: secret not in Secrets Manager; trying local sources", {
          secret: name,
        });
      } else {
        logger?.warn?.(
          "credchain: Secrets Manager could not serve the secret; trying local sources",
          { secret: name, error: label },
        );
      }
      return { kind: "absent", reason: kind, errorName: label, cause: safeCause(cause) };
    }
    logger?.warn?.("credchain: Secrets Manager request failed", { secret: name, error: label });
    const error = secretsManagerFailure(cause, name, "read", kind);
    if (kind === "transient") markTransient(error);
    throw error;
  };

  return {
    async get(name, version) {
      const [sm, c] = await Promise.all([loadSecretsManager(), getClient()]);
      counters.apiCalls += 1;
      try {
        const response = await sendWithIdentityRecovery(identity, () =>
          c.send(
            new sm.GetSecretValueCommand({
              SecretId: name,
              ...(version?.versionId === undefined ? {} : { VersionId: version.versionId }),
              ...(version?.versionStage === undefined
                ? {}
                : { VersionStage: version.versionStage }),
            }),
          ),
        );
        return {
          kind: "value",
          secret: parseSecretResponse(name, response),
          versionId: response.VersionId,
        };
      } catch (cause) {
        // Our own errors pass: a malformed or expired service identity says so (its credentials provider threw).
        if (isCredchainError(cause)) throw cause;
        return settle(name, cause);
      }
    },

    async batch(names) {
      const results = new Map<string, SmOutcome | CredchainError>();
      const [sm, c] = await Promise.all([loadSecretsManager(), getClient()]);
      counters.apiCalls += 1;
      let response;
      try {
        response = await sendWithIdentityRecovery(identity, () =>
          c.send(new sm.BatchGetSecretValueCommand({ SecretIdList: [...names] })),
        );
      } catch (cause) {
        if (isCredchainError(cause)) {
          for (const name of names) results.set(name, cause);
          return results;
        }
        counters.apiErrors += 1;
        logger?.warn?.("credchain: BatchGetSecretValue failed", {
          secrets: names.length,
          error: errorLabel(cause),
        });
        const kind = classifySecretsManagerError(cause);
        for (const name of names) {
          const error = secretsManagerFailure(cause, name, "read", kind);
          if (kind === "transient") markTransient(error);
          results.set(name, error);
        }
        return results;
      }
      const matches = (id: string, entry: { Name?: string; ARN?: string }) =>
        id === entry.Name ||
        id === entry.ARN ||
        (id.startsWith("arn:") && entry.ARN?.startsWith(id) === true);
      for (const entry of response.SecretValues ?? []) {
        for (const name of names.filter((id) => matches(id, entry))) {
          try {
            results.set(name, {
              kind: "value",
              secret: parseSecretResponse(name, entry),
              versionId: entry.VersionId,
            });
          } catch (error) {
            results.set(name, error as SecretError);
          }
        }
      }
      for (const apiError of response.Errors ?? []) {
        const name = names.find((id) => id === apiError.SecretId);
        if (name === undefined || results.has(name)) continue;
        // Only the code: the entry's message is the service's text.
        const cause = { name: apiError.ErrorCode ?? "Error" };
        try {
          results.set(name, settle(name, cause));
        } catch (error) {
          results.set(name, error as SecretError);
        }
      }
      for (const name of names) {
        if (!results.has(name)) {
          results.set(
            name,
            new SecretError(
              "SECRET_UNAVAILABLE",
              `BatchGetSecretValue returned nothing for secret ${name}.`,
              { hint: "The next get asks for it with GetSecretValue.", secretName: name },
            ),
          );
        }
      }
      return results;
    },
  };
}
