import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { lazySchema } from "../core/lazyZod.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import type { Logger } from "../core/Logger.js";
import { isSecretError } from "../core/SecretError.js";
import { selectProvider } from "../core/decideCredentials.js";
import {
  API_KEY_ENV,
  ENV_ACCESS_KEY_ID,
  ENV_BEARER_TOKEN_BEDROCK,
  ENV_REGION,
  ENV_SECRET_ACCESS_KEY,
  ENV_SESSION_TOKEN,
  SECRET_NAME_ENV,
} from "../core/envNames.js";
import { parseSecretPayload } from "../core/parseSecretPayload.js";
import { configuredSecretName } from "../core/secretSteps.js";
import type { Provider } from "../core/types.js";
import { commonOptionFields } from "../core/optionFields.js";
import { checkOptions } from "../core/checkOptions.js";
import { readEnv, readOptionalEnv } from "../core/readInput.js";
import { createSecretStore } from "./createSecretStore.js";
import { storeExclusive, storeOptionFields } from "./loadIntoEnv.js";
import type { SecretLookup, SecretStore } from "./SecretStore.js";
import { binarySecretError } from "./parseSecretText.js";
import { setEnvVariables } from "./setEnvVariables.js";

/** Options of {@link loadSecretsForProvider}. */
export interface LoadSecretsForProviderOptions {
  /**
   * The provider to load for.
   * @default `LLM_PROVIDER` (in `env`, then `envFile`), else `"bedrock"` (as the decision core does)
   */
  provider?: Provider;
  /**
   * The environment to read `LLM_PROVIDER` and `<P>_SECRET_NAME` from (then `envFile`) and to write
   * the provider's variables into.
   * @default process.env
   */
  env?: Record<string, string | undefined>;
  /**
   * Replace variables that already have a non-empty value.
   * @default false
   */
  override?: boolean;
  /**
   * A secret store to read through. Without it one is created from the options below.
   * @default undefined
   */
  store?: SecretStore;
  /**
   * Secrets Manager client for the store created here.
   * @default created lazily by the store
   */
  client?: SecretsManagerClient;
  /**
   * `SSMClient` for a `<P>_SECRET_NAME` of the form `ssm:/path` (store created here).
   * @default created lazily by the store
   */
  ssmClient?: SSMClient;
  /**
   * What the client of the store created here signs with (not with `store` or `client`).
   * @default the service identity of `env`, as `createSecretStore`
   */
  credentials?: AwsCredentialIdentityProvider;
  /**
   * Region for the store created here.
   * @default Secrets Manager: `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`; Parameter Store: `AWS_REGION` → `us-east-1`
   */
  region?: string;
  /**
   * Ask Secrets Manager (store created here).
   * @default `env.USE_SECRETS_MANAGER` is true, or `client` is given
   */
  useSecretsManager?: boolean;
  /**
   * Parsed `.env` values for the local `SECRET_<name>` fallback (store created here).
   * @default undefined
   */
  envFile?: Readonly<Record<string, string | undefined>>;
  /**
   * Receives names set, skipped and warnings. Never a value.
   * @default undefined
   */
  logger?: Logger;
}

/** What {@link loadSecretsForProvider} did: names only, never values. */
export interface LoadSecretsForProviderResult {
  /** The provider whose secret was considered: the option, else `LLM_PROVIDER`, else `bedrock`. */
  provider: Provider;
  /** The secret loaded, or `null` when `<P>_SECRET_NAME` is unset (nothing to load). */
  secretName: string | null;
  /** Variables written. */
  set: string[];
  /** Variables left alone because they already had a value (and `override` is off). */
  skipped: string[];
  /** Variables removed: a stale `AWS_SESSION_TOKEN` when `override` replaced the pair with a long-term one. */
  cleared: string[];
}

const optionsSchema = lazySchema((z) =>
  z
    .strictObject({
      // Read by selectProvider (normalizeProvider: any case; UNKNOWN_PROVIDER otherwise).
      provider: commonOptionFields(z).provider.optional(),
      ...storeOptionFields(),
    })
    .refine(storeExclusive.check, { error: storeExclusive.error }),
);

const present = (value: string | undefined) =>
  value === undefined || value.trim() === "" ? undefined : value;

const PAIR_VARIABLES = [ENV_ACCESS_KEY_ID, ENV_SECRET_ACCESS_KEY, ENV_SESSION_TOKEN] as const;

interface Planned {
  /** Groups written all-or-nothing: a key pair is never mixed with a key ID or token already present. */
  groups: Array<Array<[string, string]>>;
  /** With override, variables removed so they cannot pair with the new credentials. */
  clearWithPair: string[];
}

/** The variables a secret fills for `provider`, via the core's secret parser (same rules as the chain). */
function plan(
  provider: Provider,
  secretName: string,
  text: string,
  source: "secrets-manager" | "local-secret",
): Planned {
  const result = parseSecretPayload(text, provider, { source, secretName });
  const groups: Planned["groups"] = [];
  const clearWithPair: string[] = [];
  if (result.kind === "aws-static" && result.credentials !== undefined) {
    const { accessKeyId, secretAccessKey, sessionToken } = result.credentials;
    const pair: Array<[string, string]> = [
      [ENV_ACCESS_KEY_ID, accessKeyId],
      [ENV_SECRET_ACCESS_KEY, secretAccessKey],
    ];
    if (sessionToken !== undefined) pair.push([ENV_SESSION_TOKEN, sessionToken]);
    else clearWithPair.push(ENV_SESSION_TOKEN);
    groups.push(pair);
  } else if (result.kind === "bearer-token" && result.token !== undefined) {
    groups.push([[ENV_BEARER_TOKEN_BEDROCK, result.token.token]]);
  } else if (result.kind === "api-key" && result.apiKey !== undefined && provider !== "bedrock") {
    const variable = API_KEY_ENV[provider][0] ?? `${provider.toUpperCase()}_API_KEY`;
    groups.push([[variable, result.apiKey]]);
  }
  if (result.region !== undefined) groups.push([[ENV_REGION, result.region.value]]);
  return { groups, clearWithPair };
}

/** The provider's variables already set, which let a missing secret pass with a warning. */
function alreadyConfigured(provider: Provider, env: EnvRecord): string[] {
  const has = (name: string) => present(env[name]) !== undefined;
  if (provider === "bedrock") {
    if (has(ENV_ACCESS_KEY_ID) && has(ENV_SECRET_ACCESS_KEY))
      return [ENV_ACCESS_KEY_ID, ENV_SECRET_ACCESS_KEY];
    return has(ENV_BEARER_TOKEN_BEDROCK) ? [ENV_BEARER_TOKEN_BEDROCK] : [];
  }
  return API_KEY_ENV[provider].filter(has).slice(0, 1);
}

/**
 * Loads the LLM provider's secret into the environment, as the service this library grew from did
 * at start-up: the provider (`provider`, else `LLM_PROVIDER`, else bedrock) names the variable
 * holding the secret's name (`OPENAI_SECRET_NAME`, `ANTHROPIC_SECRET_NAME`, `COHERE_SECRET_NAME`,
 * `CUSTOM_SECRET_NAME`, `AWS_BEDROCK_SECRET_NAME`), and the secret fills the provider's variables:
 * `OPENAI_API_KEY` / `ANTHROPIC_API_KEY` / `COHERE_API_KEY` / `CUSTOM_API_KEY` from `api_key`,
 * `apiKey`, `<P>_API_KEY` or a plain-text secret; for Bedrock `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and `AWS_REGION`, or `AWS_BEARER_TOKEN_BEDROCK`, from
 * the documented spellings (case-insensitive; docs/secrets.md in the package). The secret is parsed by the same rules as the
 * credential chain (`parseSecretPayload`), so a wrong provider's key or an `ASIA…` key without a
 * session token is refused here too, before anything is written.
 *
 * Existing values are kept unless `override`; an AWS key pair is written all-or-nothing, so it never
 * mixes with a key ID or session token already in the environment. When `<P>_SECRET_NAME` is unset
 * nothing happens; when the secret is not found but the provider's variables are already set, a
 * warning is logged and they are kept; otherwise `SECRET_NOT_FOUND` is thrown.
 *
 * @example
 * ```ts
 * // LLM_PROVIDER=openai, OPENAI_SECRET_NAME=prod/llm/openai, USE_SECRETS_MANAGER=true
 * const { set } = await loadSecretsForProvider();
 * // set: ["OPENAI_API_KEY"]
 * ```
 */
export async function loadSecretsForProvider(
  options: LoadSecretsForProviderOptions = {},
): Promise<LoadSecretsForProviderResult> {
  const checked = checkOptions("loadSecretsForProvider", options, optionsSchema);
  const env = checked.env ?? process.env;
  // Read once into copies (a getter or Proxy fails here, coded); written through `env`.
  const current = readEnv(env, "loadSecretsForProvider env");
  const envFile = readOptionalEnv(checked.envFile, "loadSecretsForProvider envFile");
  const logger = checked.logger;
  // Any value: selectProvider reads it with normalizeProvider (UNKNOWN_PROVIDER otherwise).
  const provider = selectProvider(
    checked.provider as Provider | undefined,
    current,
    envFile,
  ).provider;
  const result: LoadSecretsForProviderResult = {
    provider,
    secretName: null,
    set: [],
    skipped: [],
    cleared: [],
  };
  const secretName = configuredSecretName(provider, current, envFile);
  if (secretName === undefined) {
    logger?.debug?.("credchain: no provider secret configured", {
      provider,
      variable: SECRET_NAME_ENV[provider],
    });
    return result;
  }
  result.secretName = secretName;

  const store =
    checked.store ??
    createSecretStore({
      env: current,
      ...(checked.useSecretsManager === undefined
        ? {}
        : { useSecretsManager: checked.useSecretsManager }),
      ...(checked.client === undefined ? {} : { client: checked.client }),
      ...(checked.ssmClient === undefined ? {} : { ssmClient: checked.ssmClient }),
      ...(checked.credentials === undefined ? {} : { credentials: checked.credentials }),
      ...(checked.region === undefined ? {} : { region: checked.region }),
      ...(envFile === undefined ? {} : { envFile }),
      ...(logger === undefined ? {} : { logger }),
    });

  let found: SecretLookup;
  try {
    found = await store.lookup(secretName);
  } catch (error) {
    const kept = alreadyConfigured(provider, current);
    if (isSecretError(error) && error.code === "SECRET_NOT_FOUND" && kept.length > 0) {
      logger?.warn?.("credchain: provider secret not found; keeping the variables already set", {
        provider,
        secret: secretName,
        kept,
      });
      result.skipped.push(...kept);
      return result;
    }
    throw error;
  }

  if (found.binary === true) throw binarySecretError(secretName);
  const planned = plan(
    provider,
    secretName,
    found.text,
    found.source === "secrets-manager" || found.source === "parameter-store"
      ? "secrets-manager"
      : "local-secret",
  );
  const override = checked.override ?? false;
  for (const group of planned.groups) {
    const names = group.map(([name]) => name);
    const isPair = names.includes(ENV_ACCESS_KEY_ID);
    const guard: readonly string[] = isPair ? PAIR_VARIABLES : names;
    if (!override && guard.some((name) => present(current[name]) !== undefined)) {
      result.skipped.push(...names);
      continue;
    }
    result.set.push(...setEnvVariables(group, env, true, current).set);
    if (isPair) {
      for (const name of planned.clearWithPair) {
        if (current[name] !== undefined) {
          delete env[name];
          result.cleared.push(name);
        }
      }
    }
  }
  logger?.info?.("credchain: loaded provider secret into the environment", {
    provider,
    secret: secretName,
    set: result.set,
    skipped: result.skipped,
    cleared: result.cleared,
  });
  return result;
}
