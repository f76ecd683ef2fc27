import { ENV_REGION, ENV_USE_SECRETS_MANAGER } from "../core/envNames.js";
import { presentValue } from "../core/parseAdminKey.js";
import { DEFAULT_REGION } from "../core/region.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { SecretError } from "../core/SecretError.js";
import { secretsManagerRegion } from "../core/secretsManagerRegion.js";
import { secretsManagerEnabled } from "../core/secretSteps.js";
import { localSecretVariable } from "../core/envNames.js";
import { lookupLocalSecret } from "./localSecret.js";
import { preloadSecrets } from "./preloadSecrets.js";
import { createSecretCache, type CachedAnswer } from "./secretCache.js";
import { checkSecretName } from "./secretName.js";
import { secretsManagerBackend, type SmOutcome } from "./secretsManagerBackend.js";
import {
  DEFAULT_SECRET_MAX_ENTRIES,
  DEFAULT_SECRET_MAX_STALE_MS,
  DEFAULT_SECRET_REQUEST_TIMEOUT_MS,
  DEFAULT_SECRET_TTL_MS,
  type SecretChange,
  type SecretLookup,
  type SecretStore,
  type SecretStoreOptions,
  type SecretVersion,
} from "./SecretStore.js";
import { checkSecretStoreOptions } from "./secretStoreOptions.js";
import { isParameterName, parameterName, parameterStoreBackend } from "./parameterStoreBackend.js";
import { secretValueAtKey } from "./secretValueAtKey.js";
import type { SecretValue } from "./SecretValue.js";
import { readObject } from "../core/readInput.js";

const CURRENT = "AWSCURRENT";
const VERSION_HINT =
  'Pass { versionStage: "AWSPREVIOUS" } or { versionId: "…" }, or nothing for AWSCURRENT.';
const VERSION_PART = /^[\w.:+=@/-]{1,256}$/;

/** The cache key of a version: the bare name for AWSCURRENT (the hot path), else name + version. */
function versionKey(
  name: string,
  version: SecretVersion | undefined,
): {
  key: string;
  version: SecretVersion | undefined;
} {
  if (version === undefined) return { key: name, version: undefined };
  if (typeof version !== "object" || version === null) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      "get: the version must be { versionStage } or { versionId }.",
      {
        hint: VERSION_HINT,
      },
    );
  }
  // Read once, defensively: a getter or Proxy is INVALID_INPUT, not a TypeError.
  const { versionStage, versionId } = readObject(version, "get: the version", VERSION_HINT);
  const bad = (field: string) =>
    new CredentialConfigError(
      "INVALID_OPTION",
      `get: option ${field} must be a version label or ID.`,
      {
        hint: "Give at most one of versionStage and versionId, as Secrets Manager shows them.",
      },
    );
  if (versionStage !== undefined && versionId !== undefined) throw bad("versionStage/versionId");
  if (
    versionStage !== undefined &&
    (typeof versionStage !== "string" || !VERSION_PART.test(versionStage))
  )
    throw bad("versionStage");
  if (versionId !== undefined && (typeof versionId !== "string" || !VERSION_PART.test(versionId)))
    throw bad("versionId");
  if (versionId !== undefined)
    return { key: `${name}\u0000id:${versionId}`, version: { versionId } };
  if (versionStage === undefined || versionStage === CURRENT)
    return { key: name, version: undefined };
  return { key: `${name}\u0000stage:${versionStage}`, version: { versionStage } };
}

/**
 * Creates a secret store: AWS Secrets Manager (when enabled) → local `SECRET_<name>` in `env` →
 * `SECRET_<name>` in `envFile` → `SECRET_NOT_FOUND` listing where it looked.
 *
 * Secrets Manager answers are cached for `ttlMs` in an LRU bounded by `maxEntries` and refreshed in
 * the background `refreshAheadMs` before the TTL ends; concurrent gets of one secret share one
 * request. When a refresh fails with throttling, a 5xx, a timeout or a network error, the cached
 * value is served (within `requestTimeoutMs`) for up to `maxStaleMs` past its TTL, and the secret
 * is retried with exponential backoff, one call at a time. `ResourceNotFoundException` falls
 * through to the local sources; `AccessDeniedException` and `DecryptionFailure` fall through with a
 * warning and become the final error's `cause` (a summary: name, code, status, request ID). The AWS
 * SDK is imported on first network use only.
 *
 * @see {@link SecretStoreOptions} for defaults, and docs/secrets.md.
 * @example
 * ```ts
 * const secrets = createSecretStore({ useSecretsManager: true, region: "eu-west-1" });
 * const { api_key } = (await secrets.get("prod/llm/openai")) as { api_key: string };
 * const dbPassword = await secrets.getValue("prod/db", "password");
 * await secrets.preload(["prod/llm/openai", "prod/db"]); // one BatchGetSecretValue call
 * secrets.onChange("prod/db", ({ versionId }) => pool.reconnect(versionId));
 * ```
 */
export function createSecretStore(options: SecretStoreOptions = {}): SecretStore {
  const checked = checkSecretStoreOptions(options);
  const env: EnvRecord = checked.env ?? process.env;
  const envFile = checked.envFile;
  const logger = checked.logger;
  const ttlMs = checked.ttlMs ?? DEFAULT_SECRET_TTL_MS;
  const requestTimeoutMs = checked.requestTimeoutMs ?? DEFAULT_SECRET_REQUEST_TIMEOUT_MS;
  const useSecretsManager =
    checked.useSecretsManager ??
    (checked.client !== undefined || secretsManagerEnabled(env, envFile));
  const region =
    useSecretsManager && checked.client === undefined
      ? secretsManagerRegion(env, checked.region)
      : undefined;

  const counters = {
    hits: 0,
    misses: 0,
    apiCalls: 0,
    staleServed: 0,
    localServed: 0,
    envFileServed: 0,
    apiErrors: 0,
    refreshedAhead: 0,
  };
  const listeners = new Map<string, Set<(change: SecretChange) => void>>();
  const backend = secretsManagerBackend({
    client: checked.client,
    region,
    requestTimeoutMs,
    logger,
    counters,
  });
  const cache = createSecretCache({
    ttlMs,
    maxStaleMs: checked.maxStaleMs ?? DEFAULT_SECRET_MAX_STALE_MS,
    refreshAheadMs: checked.refreshAheadMs ?? Math.min(60_000, Math.floor(ttlMs / 10)),
    staleAfterMs: requestTimeoutMs,
    maxEntries: checked.maxEntries ?? DEFAULT_SECRET_MAX_ENTRIES,
    counters,
    logger,
    onChange: (key, previous, next) => {
      const [name = key, version] = key.split("\u0000");
      const change: SecretChange = {
        name,
        versionId: next.kind === "value" ? next.versionId : undefined,
        previousVersionId: previous.kind === "value" ? previous.versionId : undefined,
      };
      if (version?.startsWith("id:")) change.versionIdRequested = version.slice(3);
      else change.versionStage = version?.startsWith("stage:") ? version.slice(6) : CURRENT;
      for (const listener of listeners.get(name) ?? []) {
        try {
          listener(change);
        } catch {
          logger?.error?.("credchain: a secret change listener threw", { secret: name });
        }
      }
    },
  });

  // ssm:/… names (and parameter ARNs) are read from Parameter Store, whose SDK loads on first use.
  const ssmRegion = checked.region ?? presentValue(env[ENV_REGION]) ?? DEFAULT_REGION;
  const parameterStore = parameterStoreBackend({
    client: checked.ssmClient,
    region: ssmRegion,
    requestTimeoutMs,
    logger,
    counters,
  });
  const backendFor = (name: string) => (isParameterName(name) ? parameterStore : backend);
  const fetcher = (name: string, version: SecretVersion | undefined) => (): Promise<SmOutcome> =>
    backendFor(name).get(name, version);

  async function lookup(rawName: string, rawVersion?: SecretVersion): Promise<SecretLookup> {
    const name = checkSecretName(rawName);
    const { key, version } = versionKey(name, rawVersion);
    const looked: string[] = [];
    let cause: unknown;
    if (useSecretsManager) {
      const { outcome, stale }: CachedAnswer = await cache.read(key, fetcher(name, version));
      if (outcome.kind === "value") {
        const { secret, versionId } = outcome;
        return {
          name,
          value: secret.value,
          text: secret.text,
          source: isParameterName(name) ? "parameter-store" : "secrets-manager",
          ...(versionId === undefined ? {} : { versionId }),
          stale,
          ...(secret.binary === true ? { binary: true } : {}),
        };
      }
      looked.push(
        isParameterName(name)
          ? `Parameter Store (${parameterName(name).region ?? ssmRegion}): ${outcome.errorName}`
          : `Secrets Manager${region === undefined ? "" : ` (${region})`}: ${outcome.errorName}`,
      );
      if (outcome.reason !== "not-found") cause = outcome.cause;
    } else {
      looked.push(`Secrets Manager: disabled (${ENV_USE_SECRETS_MANAGER} is not on)`);
    }
    if (version === undefined) {
      const local = lookupLocalSecret(name, env, envFile, counters, looked);
      if (local !== undefined) return local;
    } else {
      looked.push("local sources: they hold only the current version");
    }
    const variable = localSecretVariable(name);
    throw new SecretError(
      "SECRET_NOT_FOUND",
      `Secret ${name} was not found. Looked in: ${looked.join("; ")}.`,
      {
        hint:
          cause === undefined
            ? `Create it in Secrets Manager (aws secretsmanager create-secret --name ${name}) or set ${variable} for local development.`
            : `Grant secretsmanager:GetSecretValue (and kms:Decrypt for its key) on ${name}, or set ${variable} for local development.`,
        cause,
        secretName: name,
      },
    );
  }

  // A fresh Secrets Manager value is answered without lookup()'s async steps: the hot path of a
  // service reading its secrets on every request. Same counters and LRU recency as lookup().
  function get(rawName: string, version?: SecretVersion): Promise<SecretValue> {
    if (useSecretsManager && version === undefined && typeof rawName === "string") {
      const outcome = cache.hit(rawName.trim());
      if (outcome !== undefined)
        return (outcome.resolved ??= Promise.resolve(outcome.secret.value));
    }
    return lookup(rawName, version).then((found) => found.value);
  }

  const store: SecretStore = {
    get,
    async getValue(name, key, version) {
      return secretValueAtKey(await lookup(name, version), key);
    },
    lookup,
    preload: (names) => preloadSecrets(names, useSecretsManager, cache, backendFor),
    invalidate: (name) => cache.invalidate(name === undefined ? undefined : checkSecretName(name)),
    onChange(name, listener) {
      const key = checkSecretName(name);
      if (typeof listener !== "function") {
        throw new CredentialConfigError(
          "INVALID_OPTION",
          "onChange: listener must be a function.",
          {
            hint: "Pass (change) => { … }; it receives names and version IDs, never values.",
          },
        );
      }
      let set = listeners.get(key);
      if (set === undefined) listeners.set(key, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
      };
    },
    stats: () => ({ ...counters, entries: cache.size, inFlight: cache.inFlight }),
    usesSecretsManager: useSecretsManager,
  };
  return store;
}
