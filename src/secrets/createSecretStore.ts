import type * as SecretsManagerModule from "@aws-sdk/client-secrets-manager";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type * as ZodModule from "zod";
import { lazySchema } from "../core/lazyZod.js";
import { lruCache } from "../internal/lazyLru.js";
import type { CredchainErrorCode } from "../core/CredchainError.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import type { Logger } from "../core/Logger.js";
import { SecretError } from "../core/SecretError.js";
import { ENV_USE_SECRETS_MANAGER, localSecretVariable } from "../core/envNames.js";
import { isValidRegion } from "../core/region.js";
import { secretsManagerClientConfig } from "../clients/awsClientConfigs.js";
import { secretsManagerEnabled } from "../core/steps.js";
import {
  classifySecretsManagerError,
  type SecretsManagerFailureKind,
} from "./classifySecretsManagerError.js";
import { parseSecretResponse, parseSecretText, type ParsedSecret } from "./parseSecretText.js";
import type { SecretSource, SecretValue } from "./SecretValue.js";

/** Default time a Secrets Manager answer is reused before the next get asks again: 5 minutes. */
export const DEFAULT_SECRET_TTL_MS = 300_000;
/** Default time past the TTL a cached value may still be served while Secrets Manager fails: 15 minutes. */
export const DEFAULT_SECRET_MAX_STALE_MS = 900_000;
/** Default bound on cached secrets (least recently used are evicted first). */
export const DEFAULT_SECRET_MAX_ENTRIES = 1000;
/** Default socket timeout of the client credchain creates: 10 seconds. */
export const DEFAULT_SECRET_REQUEST_TIMEOUT_MS = 10_000;
/** Secret IDs per BatchGetSecretValue call (the API's limit for `SecretIdList`). */
export const BATCH_GET_SECRET_VALUE_LIMIT = 20;

type EnvRecord = Readonly<Record<string, string | undefined>>;

/** Options of {@link createSecretStore}. Unknown options are rejected (`INVALID_OPTION`). */
export interface SecretStoreOptions {
  /**
   * Ask AWS Secrets Manager before the local sources.
   * @default `true` when `client` is given, else whether `USE_SECRETS_MANAGER` (in `env`, then `envFile`) is `true`, `1` or `yes`
   */
  useSecretsManager?: boolean;
  /**
   * Region of the Secrets Manager client credchain creates (ignored with `client`).
   * @default `env.SECRETS_MANAGER_REGION` → `env.AWS_REGION` → `"us-east-1"`
   */
  region?: string;
  /**
   * A ready `SecretsManagerClient` (tests, custom retry or endpoint settings). Without it credchain
   * creates one on first use with `await import("@aws-sdk/client-secrets-manager")`; that client
   * resolves credentials and endpoints (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, …) the SDK's own way,
   * from `process.env` and the shared config files.
   */
  client?: SecretsManagerClient;
  /**
   * Socket timeout of the client credchain creates (ignored with `client`); a timed-out refresh
   * serves the stale value like a 5xx. The SDK's own default is no timeout, which would let one hung
   * connection hold every caller of that secret.
   * @default 10_000
   */
  requestTimeoutMs?: number;
  /**
   * How long a Secrets Manager answer (a value, or "not found") is reused. `0` asks on every get
   * (concurrent gets still share one call).
   * @default 300_000 (5 minutes)
   */
  ttlMs?: number;
  /**
   * How long past its TTL a cached value may still be served when a refresh fails with throttling,
   * a 5xx, a timeout or a network error. `0` never serves stale values.
   * @default 900_000 (15 minutes)
   */
  maxStaleMs?: number;
  /**
   * Most secrets kept in the cache; the least recently used are evicted.
   * @default 1000
   */
  maxEntries?: number;
  /**
   * Environment read for `USE_SECRETS_MANAGER`, the region and local `SECRET_<name>` variables.
   * Read live on each get, never modified.
   * @default process.env
   */
  env?: EnvRecord;
  /**
   * Values of a parsed `.env` file (e.g. from `util.parseEnv`), consulted for `SECRET_<name>` after `env`.
   * @default undefined (no env file)
   */
  envFile?: EnvRecord;
  /**
   * Receives warnings (access denied, stale values served) and debug lines. Never receives a value.
   * @default undefined (silent)
   */
  logger?: Logger;
}

/** A secret and where it came from, as returned by {@link SecretStore.lookup}. */
export interface SecretLookup {
  /** The name asked for (trimmed). */
  name: string;
  /** As {@link SecretStore.get} returns it. */
  value: SecretValue;
  /** The secret's text as stored (JSON text for JSON secrets). */
  text: string;
  /** Where it was found. */
  source: SecretSource;
  /** For local sources, the variable it was read from (`SECRET_prod_aws_bedrock`). */
  variable?: string;
  /** Secrets Manager's version ID, when it came from there. */
  versionId?: string;
  /** `true` when a failed refresh made the store serve a value past its TTL. */
  stale: boolean;
}

/** One secret {@link SecretStore.preload} could not load. */
export interface PreloadFailure {
  /** The secret's name, as given to `preload`. */
  name: string;
  /** Why it failed, e.g. `SECRET_NOT_FOUND`, `SECRET_ACCESS_DENIED`, `SECRET_UNAVAILABLE`. */
  code: CredchainErrorCode;
  /** Names the secret and the Secrets Manager error, never a value. */
  message: string;
}

/** Summary of {@link SecretStore.preload}. Names only, never values. */
export interface PreloadResult {
  /** Fetched from Secrets Manager and now cached. */
  loaded: string[];
  /** Already cached and fresh; no call was made for them. */
  cached: string[];
  /** Not fetched because Secrets Manager is disabled (gets will use the local sources). */
  skipped: string[];
  /**
   * Not loaded. `SECRET_NOT_FOUND` and access errors are cached like a single get's, so later gets
   * fall through to the local sources without another call; other failures are retried by the next get.
   */
  failed: PreloadFailure[];
}

/** Counters of a {@link SecretStore}; a snapshot, safe to log. */
export interface SecretStoreStats {
  /** Gets answered from a fresh cache entry (no call). */
  hits: number;
  /** Gets that needed Secrets Manager (cold or expired). */
  misses: number;
  /** Requests sent to Secrets Manager (GetSecretValue + BatchGetSecretValue; SDK retries not counted). */
  apiCalls: number;
  /** Gets answered with an expired value because the refresh failed. */
  staleServed: number;
  /** Gets answered from `SECRET_<name>` in `env`. */
  localServed: number;
  /** Gets answered from `SECRET_<name>` in `envFile`. */
  envFileServed: number;
  /** Requests that failed (any reason, including not found). */
  apiErrors: number;
  /** Secrets Manager answers currently cached. */
  entries: number;
  /** Secrets with a request in flight. */
  inFlight: number;
}

/**
 * A cached view of AWS Secrets Manager with local fallbacks. See {@link createSecretStore}.
 * Serializing the store (`JSON.stringify`, `util.inspect`) shows no value.
 */
export interface SecretStore {
  /** The secret: a parsed, frozen object for JSON-object secrets, else its text. */
  get(name: string): Promise<SecretValue>;
  /**
   * The secret's text, or with `key` the value under that key of a JSON secret as a string
   * (numbers and booleans converted). A missing key → `SECRET_KEY_MISSING`; a nested value or a
   * non-JSON secret → `SECRET_MALFORMED`.
   */
  getValue(name: string, key?: string): Promise<string>;
  /** The secret with its source, version and staleness. */
  lookup(name: string): Promise<SecretLookup>;
  /**
   * Fetches many secrets with BatchGetSecretValue, 20 per call, into the cache. Never rejects for a
   * single secret's failure: those are listed in `failed`. Fresh entries are not fetched again.
   */
  preload(names: readonly string[]): Promise<PreloadResult>;
  /** Drops one cached secret, or all of them; the next get asks Secrets Manager again. */
  invalidate(name?: string): void;
  /** Counters; see {@link SecretStoreStats}. */
  stats(): SecretStoreStats;
  /** Whether this store asks Secrets Manager. */
  readonly usesSecretsManager: boolean;
}

type SmOutcome =
  | {
      kind: "value";
      secret: ParsedSecret;
      versionId: string | undefined;
      fetchedAt: number;
      /** `Promise.resolve(secret.value)`, made once and shared by every cached get. */
      resolved?: Promise<SecretValue>;
    }
  | {
      kind: "absent";
      reason: "not-found" | "access-denied" | "decryption-failure";
      errorName: string;
      cause: unknown;
      fetchedAt: number;
    };

const MAX_NAME_LENGTH = 2048;
const BATCH_CONCURRENCY = 4;

const isObject = (value: unknown): value is object => typeof value === "object" && value !== null;

const optionsSchema = lazySchema((z) =>
  z.strictObject({
    useSecretsManager: z.boolean({ error: "must be a boolean" }).optional(),
    region: z
      .string({ error: "must be a string" })
      .refine(isValidRegion, { error: "must be an AWS region such as us-east-1" })
      .optional(),
    client: z
      .custom<SecretsManagerClient>(
        (v) => isObject(v) && typeof (v as { send?: unknown }).send === "function",
        { error: "must be a SecretsManagerClient" },
      )
      .optional(),
    requestTimeoutMs: z
      .number({ error: "must be a number" })
      .int({ error: "must be an integer" })
      .min(1, { error: "must be ≥ 1" })
      .optional(),
    ttlMs: z
      .number({ error: "must be a number" })
      .int({ error: "must be an integer" })
      .min(0, { error: "must be ≥ 0" })
      .optional(),
    maxStaleMs: z
      .number({ error: "must be a number" })
      .int({ error: "must be an integer" })
      .min(0, { error: "must be ≥ 0" })
      .optional(),
    maxEntries: z
      .number({ error: "must be a number" })
      .int({ error: "must be an integer" })
      .min(1, { error: "must be ≥ 1" })
      .optional(),
    env: z
      .custom<EnvRecord>(isObject, { error: "must be an object of environment variables" })
      .optional(),
    envFile: z.custom<EnvRecord>(isObject, { error: "must be an object of variables" }).optional(),
    logger: z.custom<Logger>(isObject, { error: "must be a logger object" }).optional(),
  }),
);

/** Turns zod issues into one `INVALID_OPTION` error that names every failing option. */
export function invalidOptionError(fn: string, error: ZodModule.ZodError): CredentialConfigError {
  const problems = error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys")
      return `unknown option(s) ${issue.keys.map((k) => `\`${k}\``).join(", ")}`;
    const path = issue.path.map(String).join(".");
    return path === "" ? issue.message : `option \`${path}\` ${issue.message}`;
  });
  return new CredentialConfigError("INVALID_OPTION", `${fn}: ${problems.join("; ")}.`, {
    hint: `Check the options passed to ${fn}() against its documentation.`,
  });
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Validates and trims a secret name or ARN. */
export function checkSecretName(name: unknown): string {
  const trimmed = typeof name === "string" ? name.trim() : "";
  if (trimmed === "" || trimmed.length > MAX_NAME_LENGTH) {
    throw new SecretError(
      "SECRET_INVALID_NAME",
      `Secret name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters.`,
      { hint: "Pass the secret's name (e.g. prod/llm/openai) or its ARN." },
    );
  }
  return trimmed;
}

function errorName(error: unknown): string {
  if (isObject(error)) {
    const { name, code } = error as { name?: unknown; code?: unknown };
    if (typeof code === "string" && code !== "") return code;
    if (typeof name === "string" && name !== "") return name;
  }
  return "unknown error";
}

const transientErrors = new WeakSet<object>();

function failureError(name: string, kind: SecretsManagerFailureKind, cause: unknown): SecretError {
  const what = errorName(cause);
  let error: SecretError;
  switch (kind) {
    case "transient":
      error = new SecretError(
        "SECRET_UNAVAILABLE",
        `Secrets Manager did not answer for secret ${name} (${what}).`,
        {
          hint: "Retry later. Once a value is cached, credchain serves it for up to maxStaleMs past its TTL during such failures.",
          cause,
          secretName: name,
        },
      );
      transientErrors.add(error);
      return error;
    case "invalid-request":
      return new SecretError(
        "SECRET_INVALID_REQUEST",
        `Secrets Manager refused to read secret ${name} (${what}); it may be disabled or scheduled for deletion.`,
        {
          hint: `Inspect it with \`aws secretsmanager describe-secret --secret-id ${name}\`; a deleted secret can be restored with \`aws secretsmanager restore-secret\`.`,
          cause,
          secretName: name,
        },
      );
    case "invalid-parameter":
      return new SecretError(
        "SECRET_INVALID_NAME",
        `Secrets Manager rejected the secret ID ${name} (${what}).`,
        {
          hint: "Pass the secret's name or its full ARN.",
          cause,
          secretName: name,
        },
      );
    default:
      return new SecretError(
        "SECRET_UNAVAILABLE",
        `Reading secret ${name} from Secrets Manager failed (${what}).`,
        {
          hint: "Check the AWS credentials and endpoint the Secrets Manager client uses (`credchain doctor` helps).",
          cause,
          secretName: name,
        },
      );
  }
}

/**
 * Creates a secret store: AWS Secrets Manager (when enabled) → local `SECRET_<name>` in `env` →
 * `SECRET_<name>` in `envFile` → `SECRET_NOT_FOUND` listing where it looked.
 *
 * Secrets Manager answers are cached for `ttlMs` in an LRU bounded by `maxEntries`; concurrent gets
 * of one secret share one request; a refresh that fails with throttling, a 5xx, a timeout or a
 * network error serves the cached value for up to `maxStaleMs` past its TTL and is retried by the
 * next get. `ResourceNotFoundException` falls through to the local sources;
 * `AccessDeniedException` and `DecryptionFailure` fall through with a warning and become the final
 * error's `cause`. The AWS SDK is imported on first network use only.
 *
 * @see {@link SecretStoreOptions} for defaults, and docs/secrets.md.
 * @example
 * ```ts
 * const secrets = createSecretStore({ useSecretsManager: true, region: "eu-west-1" });
 * const { api_key } = (await secrets.get("prod/llm/openai")) as { api_key: string };
 * const dbPassword = await secrets.getValue("prod/db", "password");
 * await secrets.preload(["prod/llm/openai", "prod/db"]); // one BatchGetSecretValue call
 * ```
 */
export function createSecretStore(options: SecretStoreOptions = {}): SecretStore {
  const parsed = optionsSchema().safeParse(options);
  if (!parsed.success) throw invalidOptionError("createSecretStore", parsed.error);
  const env: EnvRecord = options.env ?? process.env;
  const envFile = options.envFile;
  const logger = options.logger;
  const ttlMs = options.ttlMs ?? DEFAULT_SECRET_TTL_MS;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_SECRET_REQUEST_TIMEOUT_MS;
  const maxStaleMs = options.maxStaleMs ?? DEFAULT_SECRET_MAX_STALE_MS;
  const useSecretsManager =
    options.useSecretsManager ??
    (options.client !== undefined || secretsManagerEnabled(env, options.envFile));
  const region =
    useSecretsManager && options.client === undefined
      ? (options.region ?? secretsManagerClientConfig({ env }).region)
      : undefined;

  const Lru = lruCache();
  const cache = new Lru<string, SmOutcome>({
    max: options.maxEntries ?? DEFAULT_SECRET_MAX_ENTRIES,
  });
  const inFlight = new Map<string, Promise<SmOutcome>>();
  const counters = {
    hits: 0,
    misses: 0,
    apiCalls: 0,
    staleServed: 0,
    localServed: 0,
    envFileServed: 0,
    apiErrors: 0,
  };

  let sdk: Promise<typeof SecretsManagerModule> | undefined;
  let client: Promise<SecretsManagerClient> | undefined;
  const loadSdk = () => (sdk ??= import("@aws-sdk/client-secrets-manager"));
  const getClient = () => {
    if (client === undefined) {
      const given = options.client;
      client =
        given !== undefined
          ? Promise.resolve(given)
          : loadSdk().then(
              (m) =>
                new m.SecretsManagerClient({
                  ...(region === undefined ? {} : { region }),
                  requestHandler: {
                    connectionTimeout: requestTimeoutMs,
                    // Inactivity timeout (rejects), and a total timeout made to reject rather than warn.
                    socketTimeout: requestTimeoutMs,
                    requestTimeout: requestTimeoutMs,
                    throwOnRequestTimeout: true,
                  },
                }),
            );
      // A failed import must not be cached forever.
      client.catch(() => (client = undefined));
    }
    return client;
  };

  /** Maps a failure to a cacheable absence, or throws the mapped error. */
  function settleFailure(name: string, cause: unknown, fetchedAt: number): SmOutcome {
    counters.apiErrors += 1;
    const kind = classifySecretsManagerError(cause);
    if (kind === "not-found" || kind === "access-denied" || kind === "decryption-failure") {
      if (kind === "not-found") {
        logger?.debug?.("credchain: secret not in Secrets Manager; trying local sources", {
          secret: name,
        });
      } else {
        logger?.warn?.(
          "credchain: Secrets Manager could not serve the secret; trying local sources",
          {
            secret: name,
            error: errorName(cause),
          },
        );
      }
      return { kind: "absent", reason: kind, errorName: errorName(cause), cause, fetchedAt };
    }
    logger?.warn?.("credchain: Secrets Manager request failed", {
      secret: name,
      error: errorName(cause),
    });
    throw failureError(name, kind, cause);
  }

  function fetchOne(name: string): Promise<SmOutcome> {
    const pending = inFlight.get(name);
    if (pending !== undefined) return pending;
    const request = (async (): Promise<SmOutcome> => {
      const [sm, c] = await Promise.all([loadSdk(), getClient()]);
      counters.apiCalls += 1;
      let outcome: SmOutcome;
      try {
        const response = await c.send(new sm.GetSecretValueCommand({ SecretId: name }));
        outcome = {
          kind: "value",
          secret: parseSecretResponse(name, response),
          versionId: response.VersionId,
          fetchedAt: Date.now(),
        };
      } catch (cause) {
        if (cause instanceof SecretError) throw cause;
        outcome = settleFailure(name, cause, Date.now());
      }
      cache.set(name, outcome);
      return outcome;
    })().finally(() => inFlight.delete(name));
    inFlight.set(name, request);
    return request;
  }

  async function askSecretsManager(name: string): Promise<{ outcome: SmOutcome; stale: boolean }> {
    const cached = cache.get(name);
    if (cached !== undefined && Date.now() - cached.fetchedAt < ttlMs) {
      counters.hits += 1;
      return { outcome: cached, stale: false };
    }
    counters.misses += 1;
    try {
      return { outcome: await fetchOne(name), stale: false };
    } catch (error) {
      const current = cache.get(name) ?? cached;
      if (
        current !== undefined &&
        isObject(error) &&
        transientErrors.has(error) &&
        Date.now() - current.fetchedAt < ttlMs + maxStaleMs
      ) {
        counters.staleServed += 1;
        logger?.debug?.("credchain: serving a stale secret while Secrets Manager fails", {
          secret: name,
        });
        return { outcome: current, stale: true };
      }
      throw error;
    }
  }

  async function lookup(rawName: string): Promise<SecretLookup> {
    const name = checkSecretName(rawName);
    const looked: string[] = [];
    let cause: unknown;
    if (useSecretsManager) {
      const { outcome, stale } = await askSecretsManager(name);
      if (outcome.kind === "value") {
        const { secret, versionId } = outcome;
        return {
          name,
          value: secret.value,
          text: secret.text,
          source: "secrets-manager",
          ...(versionId === undefined ? {} : { versionId }),
          stale,
        };
      }
      looked.push(
        `Secrets Manager${region === undefined ? "" : ` (${region})`}: ${outcome.errorName}`,
      );
      if (outcome.reason !== "not-found") cause = outcome.cause;
    } else {
      looked.push(`Secrets Manager: disabled (${ENV_USE_SECRETS_MANAGER} is not true)`);
    }

    const variable = localSecretVariable(name);
    const local = present(env[variable]);
    if (local !== undefined) {
      counters.localServed += 1;
      const secret = parseSecretText(local);
      return {
        name,
        value: secret.value,
        text: secret.text,
        source: "local-secret",
        variable,
        stale: false,
      };
    }
    looked.push(`environment variable ${variable}: not set`);
    const fromFile = envFile === undefined ? undefined : present(envFile[variable]);
    if (fromFile !== undefined) {
      counters.envFileServed += 1;
      const secret = parseSecretText(fromFile);
      return {
        name,
        value: secret.value,
        text: secret.text,
        source: "env-file",
        variable,
        stale: false,
      };
    }
    looked.push(envFile === undefined ? "env file: none given" : `env file ${variable}: not set`);

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

  async function getValue(name: string, key?: string): Promise<string> {
    const found = await lookup(name);
    if (key === undefined) return found.text;
    if (typeof found.value === "string") {
      throw new SecretError(
        "SECRET_MALFORMED",
        `Secret ${found.name} is not a JSON object, so it has no key ${key}.`,
        {
          hint: `Call getValue("${found.name}") without a key, or store the secret as a JSON object.`,
          secretName: found.name,
        },
      );
    }
    if (!Object.hasOwn(found.value, key)) {
      throw new SecretError(
        "SECRET_KEY_MISSING",
        `Secret ${found.name} has no key ${key}; it has: ${Object.keys(found.value).join(", ") || "(no keys)"}.`,
        {
          hint: `Add ${key} to the secret or ask for one of the keys listed.`,
          secretName: found.name,
        },
      );
    }
    const value = found.value[key];
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    throw new SecretError(
      "SECRET_MALFORMED",
      `Key ${key} of secret ${found.name} is not a string, number or boolean.`,
      {
        hint: `Use get("${found.name}") to read nested values.`,
        secretName: found.name,
      },
    );
  }

  function fetchBatch(names: readonly string[]): Map<string, Promise<SmOutcome>> {
    const batch = (async (): Promise<Map<string, SmOutcome | SecretError>> => {
      const [sm, c] = await Promise.all([loadSdk(), getClient()]);
      counters.apiCalls += 1;
      const results = new Map<string, SmOutcome | SecretError>();
      let response: SecretsManagerModule.BatchGetSecretValueCommandOutput;
      try {
        response = await c.send(new sm.BatchGetSecretValueCommand({ SecretIdList: [...names] }));
      } catch (cause) {
        counters.apiErrors += 1;
        logger?.warn?.("credchain: BatchGetSecretValue failed", {
          secrets: names.length,
          error: errorName(cause),
        });
        for (const name of names)
          results.set(name, failureError(name, classifySecretsManagerError(cause), cause));
        return results;
      }
      const now = Date.now();
      const matches = (
        id: string,
        entry: { Name?: string | undefined; ARN?: string | undefined },
      ) =>
        id === entry.Name ||
        id === entry.ARN ||
        (id.startsWith("arn:") && entry.ARN?.startsWith(id) === true);
      for (const entry of response.SecretValues ?? []) {
        for (const name of names.filter((id) => matches(id, entry))) {
          try {
            const outcome: SmOutcome = {
              kind: "value",
              secret: parseSecretResponse(name, entry),
              versionId: entry.VersionId,
              fetchedAt: now,
            };
            cache.set(name, outcome);
            results.set(name, outcome);
          } catch (error) {
            results.set(name, error as SecretError);
          }
        }
      }
      for (const apiError of response.Errors ?? []) {
        const name = names.find((id) => id === apiError.SecretId);
        if (name === undefined || results.has(name)) continue;
        const cause = Object.assign(
          new Error(`${apiError.ErrorCode ?? "Error"} for secret ${name}`),
          {
            name: apiError.ErrorCode ?? "Error",
          },
        );
        try {
          const outcome = settleFailure(name, cause, now);
          cache.set(name, outcome);
          results.set(name, outcome);
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
              {
                hint: "The next get asks for it with GetSecretValue.",
                secretName: name,
              },
            ),
          );
        }
      }
      return results;
    })();
    const perName = new Map<string, Promise<SmOutcome>>();
    for (const name of names) {
      const one = batch
        .then(
          (results) => {
            const result = results.get(name);
            if (result === undefined || result instanceof Error)
              throw result ?? failureError(name, "other", undefined);
            return result;
          },
          (cause: unknown) => {
            throw cause instanceof SecretError ? cause : failureError(name, "other", cause);
          },
        )
        .finally(() => inFlight.delete(name));
      inFlight.set(name, one);
      perName.set(name, one);
    }
    return perName;
  }

  async function preload(names: readonly string[]): Promise<PreloadResult> {
    if (!Array.isArray(names)) {
      throw new CredentialConfigError(
        "INVALID_INPUT",
        "preload(names): names must be an array of secret names.",
        {
          hint: 'Pass an array such as ["prod/llm/openai", "prod/db"].',
        },
      );
    }
    const result: PreloadResult = { loaded: [], cached: [], skipped: [], failed: [] };
    const wanted: string[] = [];
    for (const raw of names) {
      let name: string;
      try {
        name = checkSecretName(raw);
      } catch (error) {
        const e = error as SecretError;
        result.failed.push({
          name: typeof raw === "string" ? raw : String(raw),
          code: e.code,
          message: e.message,
        });
        continue;
      }
      if (!wanted.includes(name)) wanted.push(name);
    }
    if (!useSecretsManager) {
      result.skipped.push(...wanted);
      return result;
    }

    const waits: Array<[string, Promise<SmOutcome>]> = [];
    const toFetch: string[] = [];
    for (const name of wanted) {
      const cached = cache.get(name);
      const pending = inFlight.get(name);
      if (cached !== undefined && Date.now() - cached.fetchedAt < ttlMs) result.cached.push(name);
      else if (pending !== undefined) waits.push([name, pending]);
      else toFetch.push(name);
    }
    const chunks: string[][] = [];
    for (let i = 0; i < toFetch.length; i += BATCH_GET_SECRET_VALUE_LIMIT) {
      chunks.push(toFetch.slice(i, i + BATCH_GET_SECRET_VALUE_LIMIT));
    }
    // A few chunks at a time, so a long list does not burst past the API's request rate.
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++] ?? [];
        const perName = fetchBatch(chunk);
        await Promise.allSettled(perName.values());
        waits.push(...perName);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, worker));

    const settled = await Promise.allSettled(waits.map(([, p]) => p));
    settled.forEach((outcome, i) => {
      const name = waits[i]?.[0] ?? "";
      if (outcome.status === "fulfilled") {
        const value = outcome.value;
        if (value.kind === "value") result.loaded.push(name);
        else {
          const code: CredchainErrorCode =
            value.reason === "not-found" ? "SECRET_NOT_FOUND" : "SECRET_ACCESS_DENIED";
          result.failed.push({
            name,
            code,
            message: `Secrets Manager: ${value.errorName} for secret ${name}.`,
          });
        }
      } else {
        const e =
          outcome.reason instanceof SecretError
            ? outcome.reason
            : failureError(name, "other", outcome.reason);
        result.failed.push({ name, code: e.code, message: e.message });
      }
    });
    return result;
  }

  // A fresh Secrets Manager value is answered without lookup()'s async steps: the hot path of a
  // service reading its secrets on every request. Same counters and LRU recency as lookup().
  function get(rawName: string): Promise<SecretValue> {
    if (useSecretsManager && typeof rawName === "string") {
      const cached = cache.get(rawName.trim());
      if (cached?.kind === "value" && Date.now() - cached.fetchedAt < ttlMs) {
        counters.hits += 1;
        return (cached.resolved ??= Promise.resolve(cached.secret.value));
      }
    }
    return lookup(rawName).then((found) => found.value);
  }

  return {
    get,
    getValue,
    lookup,
    preload,
    invalidate: (name) => {
      if (name === undefined) cache.clear();
      else cache.delete(checkSecretName(name));
    },
    stats: () => ({ ...counters, entries: cache.size, inFlight: inFlight.size }),
    usesSecretsManager: useSecretsManager,
  };
}
