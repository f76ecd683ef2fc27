import { readEnv, readOptionalEnv } from "../core/readInput.js";
import { ENV_USE_SECRETS_MANAGER } from "../core/envNames.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { parameterName } from "../core/parameterName.js";
import { parameterStoreRegionSourced } from "../core/parameterStoreRegion.js";
import { warnedRegion } from "../core/region.js";
import { secretsManagerRegionSourced } from "../core/secretsManagerRegion.js";
import { secretsManagerSwitch } from "../core/secretSteps.js";
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
import { checkSecretStoreOptions, checkSecretVersion } from "./secretStoreOptions.js";
import { parameterSelector } from "./parameterSelector.js";
import { parameterStoreBackend } from "./parameterStoreBackend.js";
import { secretNotFoundError } from "./secretNotFoundError.js";
import { secretValueAtKey } from "./secretValueAtKey.js";
import { asServiceIdentity, serviceCredentials } from "./serviceCredentials.js";
import type { SecretValue } from "./SecretValue.js";

const CURRENT = "AWSCURRENT";
/** Between a name and a version ID in a cache key. */
const VERSION_ID_KEY = "\u0000id:";

/** The cache key of a version: the bare name for AWSCURRENT (the hot path), else name + version. */
function versionKey(
  name: string,
  raw: SecretVersion | undefined,
): {
  key: string;
  version: SecretVersion | undefined;
} {
  if (raw === undefined) return { key: name, version: undefined };
  const { versionStage, versionId } = checkSecretVersion(raw);
  if (versionId !== undefined)
    return { key: `${name}${VERSION_ID_KEY}${versionId}`, version: { versionId } };
  if (versionStage === undefined || versionStage === CURRENT)
    return { key: name, version: undefined };
  return { key: `${name}\u0000stage:${versionStage}`, version: { versionStage } };
}

/**
 * Creates a secret store: AWS Secrets Manager (when enabled) → local `SECRET_<name>` in `env` →
 * `SECRET_<name>` in `envFile` → `SECRET_NOT_FOUND` listing where it looked. Names of the form
 * `ssm:/path/to/param` and parameter ARNs are read from SSM Parameter Store instead of Secrets
 * Manager (decrypted, in `AWS_REGION` or the ARN's region), with the same cache and guarantees.
 *
 * Secrets Manager answers are cached for `ttlMs` in an LRU bounded by `maxEntries` and refreshed in
 * the background `refreshAheadMs` before the TTL ends; concurrent gets of one secret share one
 * request. Only a cold get waits: a value past its TTL but within `maxStaleMs` is answered at once
 * (`lookup().stale`) while its refresh runs, and while refreshes fail with throttling, a 5xx, a
 * timeout or a network error; a failing secret is retried with exponential backoff (1 s doubling
 * to 5 minutes, with jitter), one call at a time. `ResourceNotFoundException` falls
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
  // The decisions made here read one guarded copy; lookups read `env` live, as a chain does.
  const envNow = readEnv(env, "createSecretStore env");
  const envFile = checked.envFile;
  const logger = checked.logger;
  const ttlMs = checked.ttlMs ?? DEFAULT_SECRET_TTL_MS;
  const requestTimeoutMs = checked.requestTimeoutMs ?? DEFAULT_SECRET_REQUEST_TIMEOUT_MS;
  const onOff = secretsManagerSwitch(envNow, readOptionalEnv(envFile, "createSecretStore envFile"));
  const useSecretsManager =
    checked.useSecretsManager ?? (checked.client !== undefined || onOff.enabled);
  const unreadSwitch =
    checked.useSecretsManager === undefined && checked.client === undefined
      ? onOff.warning
      : undefined;
  if (unreadSwitch !== undefined) logger?.warn?.(`credchain: ${unreadSwitch}`);
  const region =
    useSecretsManager && checked.client === undefined
      ? warnedRegion(secretsManagerRegionSourced(envNow, checked.region), logger)
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
  // The identity the clients created here sign with: the service identity of this snapshot,
  // renewed by the store when a service refuses it (a given provider is renewed by its owner).
  let identity = asServiceIdentity(checked.credentials);
  const credentials =
    checked.credentials ??
    (identity = serviceCredentials({ env, envFile: checked.envFile, logger }));
  const backend = secretsManagerBackend({
    client: checked.client,
    credentials,
    identity,
    region,
    requestTimeoutMs,
    logger,
    counters,
  });
  const cache = createSecretCache({
    ttlMs,
    maxStaleMs: checked.maxStaleMs ?? DEFAULT_SECRET_MAX_STALE_MS,
    refreshAheadMs: checked.refreshAheadMs ?? Math.min(60_000, Math.floor(ttlMs / 10)),
    maxEntries: checked.maxEntries ?? DEFAULT_SECRET_MAX_ENTRIES,
    counters,
    logger,
    // A version ID names one value for good (Parameter Store's numbered versions too).
    immutable: (key) => key.includes(VERSION_ID_KEY),
    onChange: (key, { versionId, previousVersionId }) => {
      const [name = key, version] = key.split("\u0000");
      const change: SecretChange = { name, versionId, previousVersionId };
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
  let ssmRegion: string | undefined;
  const ssmRegionNow = () =>
    (ssmRegion ??= warnedRegion(parameterStoreRegionSourced(env, checked.region), logger));
  const parameterStore = parameterStoreBackend({
    client: checked.ssmClient,
    credentials,
    identity,
    region: ssmRegionNow,
    requestTimeoutMs,
    logger,
    counters,
  });
  const backendFor = (name: string) =>
    parameterName(name) === undefined ? backend : parameterStore;
  const fetcher = (name: string, version: SecretVersion | undefined) => (): Promise<SmOutcome> =>
    backendFor(name).get(name, version);

  async function lookup(rawName: string, rawVersion?: SecretVersion): Promise<SecretLookup> {
    const name = checkSecretName(rawName);
    const { key, version } = versionKey(name, rawVersion);
    const parameter = parameterName(name);
    // Refused before the cache: Parameter Store has no AWSPREVIOUS, and versions are numbers.
    if (parameter !== undefined) parameterSelector(name, version);
    const looked: string[] = [];
    let cause: unknown;
    let reason: "not-found" | "access-denied" | "decryption-failure" | undefined;
    if (useSecretsManager) {
      const { outcome, stale, staleReason }: CachedAnswer = await cache.read(
        key,
        fetcher(name, version),
      );
      if (outcome.kind === "value") {
        const { secret, versionId } = outcome;
        return {
          name,
          value: secret.value,
          text: secret.text,
          source: parameter === undefined ? "secrets-manager" : "parameter-store",
          ...(versionId === undefined ? {} : { versionId }),
          stale,
          ...(staleReason === undefined ? {} : { staleReason }),
          ...(secret.binary === true ? { binary: true } : {}),
        };
      }
      looked.push(
        parameter === undefined
          ? `Secrets Manager${region === undefined ? "" : ` (${region})`}: ${outcome.errorName}`
          : `Parameter Store (${parameter.arn?.region ?? ssmRegionNow()}): ${outcome.errorName}`,
      );
      reason = outcome.reason;
      if (outcome.reason !== "not-found") cause = outcome.cause;
    } else {
      // One switch for both remote stores: a service that may not call AWS reads neither.
      const why = unreadSwitch === undefined ? "not on" : "not a value read as on or off";
      looked.push(
        parameter === undefined
          ? `Secrets Manager: disabled (${ENV_USE_SECRETS_MANAGER} is ${why})`
          : `Parameter Store: disabled (${ENV_USE_SECRETS_MANAGER}, which also switches Parameter Store, is ${why})`,
      );
    }
    if (version === undefined) {
      const local = lookupLocalSecret(name, env, envFile, counters, looked);
      if (local !== undefined) return local;
    } else {
      looked.push("local sources: they hold only the current version");
    }
    throw secretNotFoundError(name, looked, reason, cause);
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
    invalidate(name) {
      if (name !== undefined) return cache.invalidate(checkSecretName(name));
      cache.invalidate();
      identity?.invalidate();
    },
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
