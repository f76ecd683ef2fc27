import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { Logger } from "../core/Logger.js";
import { SecretError } from "../core/SecretError.js";
import { createSsmClient, loadSsm } from "../internal/lazySsm.js";
import {
  classifyParameterStoreError,
  parameterStoreFailure,
} from "../internal/parameterStoreErrors.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";
import { parseSecretText } from "./parseSecretText.js";
import type { BackendCounters, SecretsManagerBackend, SmOutcome } from "./secretsManagerBackend.js";
import type { SecretVersion } from "./SecretStore.js";
import { markTransient } from "./transientFailure.js";

/** Parameter names per `GetParameters` call (the API's limit). */
export const GET_PARAMETERS_LIMIT = 10;

const PARAMETER_ARN = /^arn:[a-z-]+:ssm:([a-z0-9-]+):\d{12}:parameter\//;

/**
 * Whether a secret name addresses Parameter Store: `ssm:/path/to/param` (or `ssm:name`) or a
 * parameter ARN. Every other name is a Secrets Manager secret.
 */
export function isParameterName(name: string): boolean {
  return name.startsWith("ssm:") || PARAMETER_ARN.test(name);
}

/** The `Name` Parameter Store takes, and the region an ARN names. */
export function parameterName(name: string): { name: string; region: string | undefined } {
  if (name.startsWith("ssm:")) return { name: name.slice(4), region: undefined };
  return { name, region: PARAMETER_ARN.exec(name)?.[1] };
}

/** Settings of {@link parameterStoreBackend}. */
export interface ParameterStoreBackendInit {
  client?: SSMClient | undefined;
  /** What the clients created here sign with (not used with `client`). */
  credentials?: AwsCredentialIdentityProvider | undefined;
  /** The region of names that do not carry one (not an ARN). */
  region: string;
  requestTimeoutMs: number;
  logger: Logger | undefined;
  counters: BackendCounters;
}

/**
 * Parameter Store as a backend of the secret store: `GetParameter` and `GetParameters` (10 names a
 * call) with decryption, the same outcomes as Secrets Manager's, so the store's cache, stale values,
 * backoff and local fallback apply unchanged. A version is `name:<version>` (`versionId`) or
 * `name:<label>` (`versionStage`).
 */
export function parameterStoreBackend(init: ParameterStoreBackendInit): SecretsManagerBackend {
  const { counters, logger } = init;
  const clients = new Map<string, Promise<SSMClient>>();
  const clientFor = (region: string): Promise<SSMClient> => {
    let client = clients.get(region);
    if (client === undefined) {
      client =
        init.client !== undefined
          ? Promise.resolve(init.client)
          : createSsmClient({
              region,
              requestTimeoutMs: init.requestTimeoutMs,
              credentials: init.credentials,
            });
      clients.set(region, client);
      client.catch(() => clients.delete(region));
    }
    return client;
  };

  const settle = (name: string, cause: unknown): SmOutcome => {
    counters.apiErrors += 1;
    const kind = classifyParameterStoreError(cause);
    const label = errorLabel(cause);
    if (kind === "not-found" || kind === "access-denied" || kind === "decryption-failure") {
      if (kind !== "not-found") {
        logger?.warn?.(
          "credchain: Parameter Store could not serve the parameter; trying local sources",
          {
            secret: name,
            error: label,
          },
        );
      }
      return { kind: "absent", reason: kind, errorName: label, cause: safeCause(cause) };
    }
    logger?.warn?.("credchain: Parameter Store request failed", { secret: name, error: label });
    const error = parameterStoreFailure(cause, name, kind);
    if (kind === "transient") markTransient(error);
    throw error;
  };

  const selector = (version: SecretVersion | undefined): string => {
    if (version?.versionId !== undefined) return `:${version.versionId}`;
    if (version?.versionStage !== undefined && version.versionStage !== "AWSCURRENT") {
      return `:${version.versionStage}`;
    }
    return "";
  };

  return {
    async get(name, version) {
      const target = parameterName(name);
      const [ssm, client] = await Promise.all([loadSsm(), clientFor(target.region ?? init.region)]);
      counters.apiCalls += 1;
      try {
        const out = await client.send(
          new ssm.GetParameterCommand({
            Name: `${target.name}${selector(version)}`,
            WithDecryption: true,
          }),
        );
        const value = out.Parameter?.Value;
        if (typeof value !== "string") {
          throw new SecretError("SECRET_BINARY", `Parameter ${name} has no value.`, {
            hint: "Put a value into the parameter with `aws ssm put-parameter`.",
            secretName: name,
          });
        }
        const v = out.Parameter?.Version;
        return {
          kind: "value",
          secret: parseSecretText(value),
          versionId: v === undefined ? undefined : String(v),
        };
      } catch (cause) {
        if (cause instanceof SecretError) throw cause;
        return settle(name, cause);
      }
    },

    async batch(names) {
      const results = new Map<string, SmOutcome | SecretError>();
      const byRegion = new Map<string, string[]>();
      for (const name of names) {
        const region = parameterName(name).region ?? init.region;
        byRegion.set(region, [...(byRegion.get(region) ?? []), name]);
      }
      const ssm = await loadSsm();
      for (const [region, group] of byRegion) {
        for (let i = 0; i < group.length; i += GET_PARAMETERS_LIMIT) {
          const chunk = group.slice(i, i + GET_PARAMETERS_LIMIT);
          const client = await clientFor(region);
          counters.apiCalls += 1;
          let out;
          try {
            out = await client.send(
              new ssm.GetParametersCommand({
                Names: chunk.map((n) => parameterName(n).name),
                WithDecryption: true,
              }),
            );
          } catch (cause) {
            counters.apiErrors += 1;
            const kind = classifyParameterStoreError(cause);
            for (const name of chunk) {
              const error = parameterStoreFailure(cause, name, kind);
              if (kind === "transient") markTransient(error);
              results.set(name, error);
            }
            continue;
          }
          for (const name of chunk) {
            const wanted = parameterName(name).name;
            const found = (out.Parameters ?? []).find((p) => p.Name === wanted || p.ARN === wanted);
            if (found?.Value !== undefined) {
              const v = found.Version;
              results.set(name, {
                kind: "value",
                secret: parseSecretText(found.Value),
                versionId: v === undefined ? undefined : String(v),
              });
            } else if ((out.InvalidParameters ?? []).includes(wanted)) {
              results.set(name, settle(name, { name: "ParameterNotFound" }));
            } else {
              results.set(
                name,
                new SecretError(
                  "SECRET_UNAVAILABLE",
                  `GetParameters returned nothing for parameter ${name}.`,
                  {
                    hint: "The next get asks for it with GetParameter.",
                    secretName: name,
                  },
                ),
              );
            }
          }
        }
      }
      return results;
    },
  };
}
