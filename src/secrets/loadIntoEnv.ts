import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { lazySchema } from "../core/lazyZod.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import type { Logger } from "../core/Logger.js";
import { SecretError } from "../core/SecretError.js";
import { createSecretStore, invalidOptionError, type SecretStore } from "./createSecretStore.js";
import { ENV_NAME_PATTERN, setEnvVariables, type EnvChanges } from "./setEnvVariables.js";

/** Options of {@link loadIntoEnv}. Give exactly one of `secretId` and `secretIdFromEnv`. */
export interface LoadIntoEnvOptions {
  /** The secret's name or ARN, e.g. `prod/insightshop/env`. */
  secretId?: string;
  /**
   * The NAME of an environment variable (read from `env`) whose value is the secret's ID, e.g.
   * `AWS_SECRETS_INSIGHTSHOP`.
   */
  secretIdFromEnv?: string;
  /**
   * Replace variables that already have a non-empty value.
   * @default false
   */
  override?: boolean;
  /**
   * The environment to write into (and to read `secretIdFromEnv` and local `SECRET_*` from).
   * @default process.env
   */
  env?: Record<string, string | undefined>;
  /**
   * A secret store to read through (shares its cache and statistics). Without it a store is created
   * from `client`, `region`, `useSecretsManager`, `envFile` and `logger`.
   * @default undefined
   */
  store?: SecretStore;
  /**
   * Secrets Manager client for the store created here (not with `store`).
   * @default created lazily by the store
   */
  client?: SecretsManagerClient;
  /**
   * Region for the store created here (not with `store`).
   * @default `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`
   */
  region?: string;
  /**
   * Ask Secrets Manager (for the store created here). Unlike `createSecretStore`, this loader is
   * about Secrets Manager, so it asks unless told not to; local `SECRET_<name>` still serves as fallback.
   * @default true
   */
  useSecretsManager?: boolean;
  /**
   * Parsed `.env` values for the local fallback (for the store created here).
   * @default undefined
   */
  envFile?: Readonly<Record<string, string | undefined>>;
  /**
   * Receives the names set and skipped. Never a value.
   * @default undefined
   */
  logger?: Logger;
}

/** What {@link loadIntoEnv} did: variable names only, never values. */
export type LoadIntoEnvResult = EnvChanges;

const isObject = (value: unknown): value is object => typeof value === "object" && value !== null;

const optionsSchema = lazySchema((z) =>
  z
    .strictObject({
      secretId: z
        .string({ error: "must be a string" })
        .trim()
        .min(1, { error: "must not be empty" })
        .optional(),
      secretIdFromEnv: z
        .string({ error: "must be a string" })
        .regex(ENV_NAME_PATTERN, {
          error: "must be an environment variable name such as AWS_SECRETS_INSIGHTSHOP",
        })
        .optional(),
      override: z.boolean({ error: "must be a boolean" }).optional(),
      env: z
        .custom<Record<string, string | undefined>>(isObject, { error: "must be an object" })
        .optional(),
      store: z.custom<SecretStore>(isObject, { error: "must be a secret store" }).optional(),
      client: z
        .custom<SecretsManagerClient>(isObject, { error: "must be a SecretsManagerClient" })
        .optional(),
      region: z.string({ error: "must be a string" }).optional(),
      useSecretsManager: z.boolean({ error: "must be a boolean" }).optional(),
      envFile: z
        .custom<Record<string, string | undefined>>(isObject, { error: "must be an object" })
        .optional(),
      logger: z.custom<Logger>(isObject, { error: "must be a logger object" }).optional(),
    })
    .refine((o) => (o.secretId === undefined) !== (o.secretIdFromEnv === undefined), {
      error: "give exactly one of `secretId` and `secretIdFromEnv`",
    })
    .refine(
      (o) =>
        o.store === undefined ||
        (o.client === undefined &&
          o.region === undefined &&
          o.useSecretsManager === undefined &&
          o.envFile === undefined),
      {
        error:
          "`store` cannot be combined with `client`, `region`, `useSecretsManager` or `envFile`",
      },
    ),
);

const scalar = lazySchema((z) => z.union([z.string(), z.number(), z.boolean()]));

/** Converts a JSON secret into env entries; rejects the whole secret if any key cannot be used. */
export function secretToEnvEntries(secretName: string, value: unknown): Array<[string, string]> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SecretError(
      "SECRET_MALFORMED",
      `Secret ${secretName} is not a JSON object of variables.`,
      {
        hint: 'Store the secret as a JSON object such as {"DATABASE_URL": "…", "PORT": 8080}.',
        secretName,
      },
    );
  }
  const entries: Array<[string, string]> = [];
  const badNames: string[] = [];
  const nonScalar: string[] = [];
  for (const [key, raw] of Object.entries(value)) {
    if (!ENV_NAME_PATTERN.test(key)) badNames.push(JSON.stringify(key));
    const parsed = scalar().safeParse(raw);
    if (!parsed.success) nonScalar.push(key);
    else entries.push([key, String(parsed.data)]);
  }
  const problems: string[] = [];
  if (badNames.length > 0) problems.push(`invalid variable name(s) ${badNames.join(", ")}`);
  if (nonScalar.length > 0) problems.push(`non-scalar value(s) under ${nonScalar.join(", ")}`);
  if (problems.length > 0) {
    throw new SecretError(
      "SECRET_MALFORMED",
      `Secret ${secretName} cannot be loaded into the environment: ${problems.join("; ")}.`,
      {
        hint: "Use keys matching [A-Za-z_][A-Za-z0-9_]* with string, number or boolean values; nothing was set.",
        secretName,
      },
    );
  }
  return entries;
}

/**
 * Fetches one JSON secret and sets each of its keys as an environment variable. Existing non-empty
 * variables are kept unless `override`. Values must be strings, numbers or booleans and keys valid
 * variable names; otherwise nothing is set (`SECRET_MALFORMED`). Returns the names set and
 * skipped, never values, and logs names only.
 *
 * @example
 * ```ts
 * // AWS_SECRETS_INSIGHTSHOP=prod/insightshop/env
 * const { set, skipped } = await loadIntoEnv({ secretIdFromEnv: "AWS_SECRETS_INSIGHTSHOP" });
 * console.log(`loaded ${set.join(", ")}; kept ${skipped.join(", ")}`);
 * ```
 */
export async function loadIntoEnv(options: LoadIntoEnvOptions): Promise<LoadIntoEnvResult> {
  const parsed = optionsSchema().safeParse(options ?? {});
  if (!parsed.success) throw invalidOptionError("loadIntoEnv", parsed.error);
  const env = options.env ?? process.env;
  let secretId = parsed.data.secretId;
  if (secretId === undefined) {
    const variable = parsed.data.secretIdFromEnv ?? "";
    secretId = env[variable]?.trim();
    if (secretId === undefined || secretId === "") {
      throw new CredentialConfigError(
        "INVALID_INPUT",
        `loadIntoEnv: environment variable ${variable} (secretIdFromEnv) is not set.`,
        { hint: `Set ${variable} to the name or ARN of the secret to load.` },
      );
    }
  }
  const store =
    options.store ??
    createSecretStore({
      env,
      useSecretsManager: options.useSecretsManager ?? true,
      ...(options.client === undefined ? {} : { client: options.client }),
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.envFile === undefined ? {} : { envFile: options.envFile }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });

  const entries = secretToEnvEntries(secretId, await store.get(secretId));
  const changes = setEnvVariables(entries, env, options.override ?? false);
  options.logger?.info?.("credchain: loaded secret into the environment", {
    secret: secretId,
    set: changes.set,
    skipped: changes.skipped,
  });
  return changes;
}
