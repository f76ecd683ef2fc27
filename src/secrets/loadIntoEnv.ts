import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { checkOptions, isObject } from "../core/checkOptions.js";
import { readEnv } from "../core/readInput.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { lazySchema } from "../core/lazyZod.js";
import { PARAMETER_NAME_HINT, parameterNameProblem } from "../core/parameterName.js";
import { echoInput } from "../core/echoInput.js";
import type { Logger } from "../core/Logger.js";
import { isProtectedEnvName, nearestProtectedName } from "./protectedEnvNames.js";
import { createSecretStore } from "./createSecretStore.js";
import type { SecretStore } from "./SecretStore.js";
import { secretToEnvEntries, type EnvKeyMapping } from "./secretToEnvEntries.js";
import { ENV_NAME_PATTERN } from "../core/envNames.js";
import { setEnvVariables, type EnvChanges } from "./setEnvVariables.js";

/** Options of {@link loadIntoEnv}. Give exactly one of `secretId` and `secretIdFromEnv`. */
export interface LoadIntoEnvOptions {
  /** The secret's name or ARN, e.g. `prod/insightshop/env`; `ssm:/path` or a parameter ARN reads Parameter Store. */
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
   * Protected variables (`PROTECTED_ENV_NAMES`: loader, shell, tool-command, TLS, proxy, endpoint
   * and credential-endpoint variables, `PATH`) this secret may set, in any case. Without it, a secret naming any of them is
   * refused and nothing is set. An entry that is not a protected name is `INVALID_OPTION` (with the
   * nearest protected name): it would opt nothing in, so it is most likely misspelt.
   * @default []
   */
  allow?: readonly string[];
  /**
   * How JSON keys become variable names: `as-is` refuses keys that are not variable names;
   * `upper-snake` maps `api-key`, `db.password`, `Client Secret` to `API_KEY`, `DB_PASSWORD`,
   * `CLIENT_SECRET` (two keys mapping to one name are refused).
   * @default "as-is"
   */
  mapKeys?: EnvKeyMapping;
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
   * `SSMClient` for `ssm:` names, for the store created here (not with `store`).
   * @default created lazily by the store
   */
  ssmClient?: SSMClient;
  /**
   * What the client of the store created here signs with (not with `store` or `client`).
   * @default the service identity of `env` (the env key pair → the pair in `envFile`, or else in
   * `./.env` → the AWS SDK default chain), as `createSecretStore`
   */
  credentials?: AwsCredentialIdentityProvider;
  /**
   * Region for the store created here (not with `store`).
   * @default Secrets Manager: `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`; Parameter Store: `AWS_REGION` → `us-east-1`
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

/** The options `loadIntoEnv` and `loadSecretsForProvider` share (store, client, env, …). */
export const storeOptionFields = lazySchema((z) => ({
  override: z.boolean({ error: "must be a boolean" }).optional(),
  env: z
    .custom<Record<string, string | undefined>>(isObject, { error: "must be an object" })
    .optional(),
  store: z
    .custom<SecretStore>(
      (v) => isObject(v) && typeof (v as { lookup?: unknown }).lookup === "function",
      { error: "must be a secret store" },
    )
    .optional(),
  client: z
    .custom<SecretsManagerClient>(
      (v) => isObject(v) && typeof (v as { send?: unknown }).send === "function",
      { error: "must be a SecretsManagerClient" },
    )
    .optional(),
  ssmClient: z
    .custom<SSMClient>((v) => isObject(v) && typeof (v as { send?: unknown }).send === "function", {
      error: "must be an SSMClient",
    })
    .optional(),
  credentials: z
    .custom<AwsCredentialIdentityProvider>((v) => typeof v === "function", {
      error: "must be a credential provider function (such as chain.credentials)",
    })
    .optional(),
  region: z.string({ error: "must be a string" }).optional(),
  useSecretsManager: z.boolean({ error: "must be a boolean" }).optional(),
  envFile: z
    .custom<Record<string, string | undefined>>(isObject, { error: "must be an object" })
    .optional(),
  logger: z.custom<Logger>(isObject, { error: "must be a logger object" }).optional(),
}));

/** `store` excludes the options that configure the store created here. */
export const storeExclusive = {
  check: (o: {
    store?: unknown;
    client?: unknown;
    ssmClient?: unknown;
    credentials?: unknown;
    region?: unknown;
    useSecretsManager?: unknown;
    envFile?: unknown;
  }) =>
    o.store === undefined ||
    (o.client === undefined &&
      o.ssmClient === undefined &&
      o.credentials === undefined &&
      o.region === undefined &&
      o.useSecretsManager === undefined &&
      o.envFile === undefined),
  error:
    "`store` cannot be combined with `client`, `ssmClient`, `credentials`, `region`, `useSecretsManager` or `envFile`",
};

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
      // An entry that is no protected name opts nothing in: most likely a misspelling.
      allow: z
        .array(
          z.string({ error: "must list variable names" }).refine(isProtectedEnvName, {
            error: (issue) => {
              const entry = typeof issue.input === "string" ? issue.input : "";
              const near = nearestProtectedName(entry);
              return `lists ${echoInput(entry, 48)}, which is not a protected variable${near === undefined ? "" : ` (did you mean \`${near}\`?)`}; only PROTECTED_ENV_NAMES need allow`;
            },
          }),
          { error: "must be an array of names" },
        )
        .optional(),
      mapKeys: z
        .enum(["as-is", "upper-snake"], { error: 'must be "as-is" or "upper-snake"' })
        .optional(),
      ...storeOptionFields(),
    })
    .refine((o) => (o.secretId === undefined) !== (o.secretIdFromEnv === undefined), {
      error: "give exactly one of `secretId` and `secretIdFromEnv`",
    })
    .refine(storeExclusive.check, { error: storeExclusive.error }),
);

/**
 * Fetches one JSON secret and sets each of its keys as an environment variable. Existing non-empty
 * variables are kept unless `override`. The whole secret is refused, and nothing set, when a key is
 * not a variable name (unless `mapKeys`), is a protected variable not in `allow` (`NODE_OPTIONS`,
 * `HTTPS_PROXY`, `AWS_ENDPOINT_URL*`, …: `SECRET_PROTECTED_VARIABLE`), or has a value that is not a
 * string, number or boolean or holds a NUL byte (`SECRET_MALFORMED`). Returns the names set and
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
  const checked = checkOptions("loadIntoEnv", options, optionsSchema, { required: true });
  const env = checked.env ?? process.env;
  // Read once into a copy (a getter or Proxy fails here, coded); written through `env`.
  const current = readEnv(env, "loadIntoEnv env");
  let secretId = checked.secretId;
  if (secretId === undefined) {
    const variable = checked.secretIdFromEnv ?? "";
    const raw = Object.hasOwn(current, variable) ? current[variable] : undefined;
    secretId = typeof raw === "string" ? raw.trim() : undefined;
    if (secretId === undefined || secretId === "") {
      throw new CredentialConfigError(
        "INVALID_INPUT",
        `loadIntoEnv: environment variable ${variable} (secretIdFromEnv) is not set.`,
        { hint: `Set ${variable} to the name or ARN of the secret to load.` },
      );
    }
  }
  const problem = parameterNameProblem(secretId);
  if (problem !== undefined) {
    const variable = checked.secretIdFromEnv;
    throw new CredentialConfigError(
      variable === undefined ? "INVALID_OPTION" : "INVALID_INPUT",
      `loadIntoEnv: ${variable === undefined ? "option `secretId`" : `environment variable ${variable} (secretIdFromEnv)`} names a parameter whose name ${problem}.`,
      { hint: PARAMETER_NAME_HINT },
    );
  }
  const store =
    checked.store ??
    createSecretStore({
      env: current,
      useSecretsManager: checked.useSecretsManager ?? true,
      ...(checked.client === undefined ? {} : { client: checked.client }),
      ...(checked.ssmClient === undefined ? {} : { ssmClient: checked.ssmClient }),
      ...(checked.credentials === undefined ? {} : { credentials: checked.credentials }),
      ...(checked.region === undefined ? {} : { region: checked.region }),
      ...(checked.envFile === undefined ? {} : { envFile: checked.envFile }),
      ...(checked.logger === undefined ? {} : { logger: checked.logger }),
    });

  const entries = secretToEnvEntries(secretId, await store.get(secretId), {
    allow: checked.allow,
    mapKeys: checked.mapKeys,
  });
  const changes = setEnvVariables(entries, env, checked.override ?? false, current);
  checked.logger?.info?.("credchain: loaded secret into the environment", {
    secret: secretId,
    set: changes.set,
    skipped: changes.skipped,
  });
  return changes;
}
