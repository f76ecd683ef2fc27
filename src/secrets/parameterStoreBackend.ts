import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { isCredchainError, type CredchainError } from "../core/CredchainError.js";
import type { Logger } from "../core/Logger.js";
import { parameterName, type ParameterName } from "../core/parameterName.js";
import { SecretError } from "../core/SecretError.js";
import { createSsmClient, loadSsm } from "../internal/lazySsm.js";
import {
  classifyParameterStoreError,
  parameterStoreFailure,
} from "../internal/parameterStoreErrors.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";
import { parameterSelector } from "./parameterSelector.js";
import { parseSecretText } from "./parseSecretText.js";
import type { BackendCounters, SecretsManagerBackend, SmOutcome } from "./secretsManagerBackend.js";
import { sendWithIdentityRecovery } from "./sendWithIdentityRecovery.js";
import type { ServiceIdentity } from "./serviceCredentials.js";
import { markTransient } from "./transientFailure.js";

/** Parameter names per `GetParameters` call (the API's limit). */
export const GET_PARAMETERS_LIMIT = 10;

/** Settings of {@link parameterStoreBackend}. */
export interface ParameterStoreBackendInit {
  client?: SSMClient | undefined;
  /** What the clients created here sign with (not used with `client`). */
  credentials?: AwsCredentialIdentityProvider | undefined;
  /** The store's own identity, when `credentials` is it: renewed when the service refuses it. */
  identity?: ServiceIdentity | undefined;
  /** The region of names that do not carry one (not an ARN); read on first use. */
  region: () => string;
  requestTimeoutMs: number;
  logger: Logger | undefined;
  counters: BackendCounters;
}

interface ParameterAnswer {
  Name?: string | undefined;
  Selector?: string | undefined;
  ARN?: string | undefined;
  Value?: string | undefined;
  Version?: number | undefined;
}

const target = (name: string): ParameterName => {
  const parsed = parameterName(name);
  if (parsed === undefined) throw new TypeError("not a Parameter Store name");
  return parsed;
};

/** The region an injected client was configured for, when it can be read. */
async function clientRegion(client: SSMClient): Promise<string | undefined> {
  try {
    const region: unknown = (client.config as { region?: unknown } | undefined)?.region;
    const value: unknown =
      typeof region === "function" ? await (region as () => unknown)() : region;
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parameter Store as a backend of the secret store: `GetParameter` and `GetParameters` (10 names a
 * call) with decryption, the same outcomes as Secrets Manager's, so the store's cache, stale values,
 * backoff and local fallback apply unchanged. A version is `name:<version>` (`versionId`) or
 * `name:<label>` (`versionStage`). A `GetParameters` call that fails as a whole for access or KMS
 * (one denied or undecryptable name fails them all) is retried name by name, so only the names at
 * fault are reported.
 */
export function parameterStoreBackend(init: ParameterStoreBackendInit): SecretsManagerBackend {
  const { counters, logger } = init;
  const identity = init.client === undefined ? init.identity : undefined;
  const clients = new Map<string, Promise<SSMClient>>();
  const injectedRegion = init.client === undefined ? undefined : clientRegion(init.client);

  const clientFor = async (name: string, region: string | undefined): Promise<SSMClient> => {
    if (init.client !== undefined) {
      const own = await injectedRegion;
      // An ARN is served only in its own region: a client for another one would be refused.
      if (region !== undefined && own !== undefined && own !== region) {
        throw new SecretError(
          "SECRET_INVALID_REQUEST",
          `Parameter ${name} is in ${region}, but the ssmClient given is for ${own}.`,
          {
            hint: "Pass an SSMClient for that region, or none: credchain then creates one per region.",
            secretName: name,
          },
        );
      }
      return init.client;
    }
    const at = region ?? init.region();
    let client = clients.get(at);
    if (client === undefined) {
      client = createSsmClient({
        region: at,
        requestTimeoutMs: init.requestTimeoutMs,
        credentials: init.credentials,
      });
      clients.set(at, client);
      client.catch(() => clients.delete(at));
    }
    return client;
  };

  const settle = (name: string, cause: unknown): SmOutcome => {
    counters.apiErrors += 1;
    const kind = classifyParameterStoreError(cause);
    const label = errorLabel(cause);
    if (kind === "not-found" || kind === "access-denied" || kind === "decryption-failure") {
      if (kind === "not-found") {
        logger?.debug?.("credchain: parameter not in Parameter Store; trying local sources", {
          secret: name,
        });
      } else {
        logger?.warn?.(
          "credchain: Parameter Store could not serve the parameter; trying local sources",
          { secret: name, error: label },
        );
      }
      return { kind: "absent", reason: kind, errorName: label, cause: safeCause(cause) };
    }
    logger?.warn?.("credchain: Parameter Store request failed", { secret: name, error: label });
    const error = parameterStoreFailure(cause, name, kind);
    if (kind === "transient") markTransient(error);
    throw error;
  };

  const valueOf = (name: string, answer: ParameterAnswer | undefined): SmOutcome => {
    const value = answer?.Value;
    if (typeof value !== "string") {
      // Parameter Store stores no empty parameter: an answer without a value is an unusable reply.
      throw new SecretError(
        "SECRET_UNAVAILABLE",
        `Parameter Store answered parameter ${name} without a value.`,
        {
          hint: "Read it with `aws ssm get-parameter --with-decryption` to check the parameter and the endpoint.",
          secretName: name,
        },
      );
    }
    const v = answer?.Version;
    return {
      kind: "value",
      secret: parseSecretText(value),
      versionId: v === undefined ? undefined : String(v),
      ...(answer?.ARN === undefined ? {} : { arn: answer.ARN }),
    };
  };

  const backend: SecretsManagerBackend = {
    async get(name, version) {
      const parameter = target(name);
      const selector = parameterSelector(name, version);
      const [ssm, client] = await Promise.all([loadSsm(), clientFor(name, parameter.arn?.region)]);
      counters.apiCalls += 1;
      try {
        const out = await sendWithIdentityRecovery(identity, () =>
          client.send(
            new ssm.GetParameterCommand({
              Name: `${parameter.name}${selector}`,
              WithDecryption: true,
            }),
          ),
        );
        return valueOf(name, out.Parameter);
      } catch (cause) {
        // Our own errors pass: a malformed service identity says so (its credentials provider threw).
        if (isCredchainError(cause)) throw cause;
        return settle(name, cause);
      }
    },

    async batch(names) {
      const results = new Map<string, SmOutcome | CredchainError>();
      const byRegion = new Map<string, string[]>();
      for (const name of names) {
        const region = target(name).arn?.region ?? "";
        byRegion.set(region, [...(byRegion.get(region) ?? []), name]);
      }
      const ssm = await loadSsm();
      for (const [region, group] of byRegion) {
        for (let i = 0; i < group.length; i += GET_PARAMETERS_LIMIT) {
          const chunk = group.slice(i, i + GET_PARAMETERS_LIMIT);
          let client: SSMClient;
          try {
            client = await clientFor(chunk[0] ?? "", region === "" ? undefined : region);
          } catch (error) {
            for (const name of chunk) results.set(name, error as SecretError);
            continue;
          }
          counters.apiCalls += 1;
          let out;
          try {
            out = await sendWithIdentityRecovery(identity, () =>
              client.send(
                new ssm.GetParametersCommand({
                  Names: chunk.map((n) => `${target(n).name}${target(n).selector ?? ""}`),
                  WithDecryption: true,
                }),
              ),
            );
          } catch (cause) {
            if (isCredchainError(cause)) {
              for (const name of chunk) results.set(name, cause);
              continue;
            }
            counters.apiErrors += 1;
            const kind = classifyParameterStoreError(cause);
            if ((kind === "access-denied" || kind === "decryption-failure") && chunk.length > 1) {
              // IAM and KMS fail the whole call for one name: ask name by name to find which.
              logger?.debug?.("credchain: GetParameters refused; asking each parameter alone", {
                secrets: chunk.length,
                error: errorLabel(cause),
              });
              const each = await Promise.all(
                chunk.map((name) => backend.get(name).catch((e: unknown) => e as CredchainError)),
              );
              chunk.forEach((name, j) => results.set(name, each[j] as SmOutcome | CredchainError));
              continue;
            }
            for (const name of chunk) {
              const error = parameterStoreFailure(cause, name, kind);
              if (kind === "transient") markTransient(error);
              results.set(name, error);
            }
            continue;
          }
          for (const name of chunk) {
            const { name: wanted, selector = "" } = target(name);
            const found = (out.Parameters ?? []).find(
              (p) => (p.Selector ?? "") === selector && (p.Name === wanted || p.ARN === wanted),
            );
            try {
              if (found !== undefined) results.set(name, valueOf(name, found));
              else if ((out.InvalidParameters ?? []).includes(`${wanted}${selector}`)) {
                results.set(name, settle(name, { name: "ParameterNotFound" }));
              } else {
                results.set(
                  name,
                  new SecretError(
                    "SECRET_UNAVAILABLE",
                    `GetParameters returned nothing for parameter ${name}.`,
                    { hint: "The next get asks for it with GetParameter.", secretName: name },
                  ),
                );
              }
            } catch (error) {
              results.set(name, error as SecretError);
            }
          }
        }
      }
      return results;
    },
  };
  return backend;
}
