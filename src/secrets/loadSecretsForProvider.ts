import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { z } from "zod";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import type { Logger } from "../core/Logger.js";
import { SecretError, isSecretError } from "../core/SecretError.js";
import { PROVIDERS, type Provider } from "../core/types.js";
import { createSecretStore, invalidOptionError, type SecretStore } from "./createSecretStore.js";
import type { SecretValue } from "./SecretValue.js";
import { setEnvVariables } from "./setEnvVariables.js";

/** Environment variable naming the provider when the caller does not. */
export const ENV_LLM_PROVIDER = "LLM_PROVIDER";

/**
 * The variable holding each provider's secret name. `custom` has none: its endpoint and key are
 * the service's own business.
 */
export const PROVIDER_SECRET_NAME_VARIABLES = {
  bedrock: "AWS_BEDROCK_SECRET_NAME",
  openai: "OPENAI_SECRET_NAME",
  anthropic: "ANTHROPIC_SECRET_NAME",
  cohere: "COHERE_SECRET_NAME",
} as const satisfies Partial<Record<Provider, string>>;

/** The API-key variable set for each API-key provider. */
export const PROVIDER_API_KEY_VARIABLES = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  cohere: "COHERE_API_KEY",
} as const;

/** Options of {@link loadSecretsForProvider}. */
export interface LoadSecretsForProviderOptions {
  /**
   * The provider to load for.
   * @default `env.LLM_PROVIDER`
   */
  provider?: Provider;
  /**
   * The environment to read `<P>_SECRET_NAME` from and write the provider's variables into.
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
   * Region for the store created here.
   * @default `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`
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

const isObject = (value: unknown): value is object => typeof value === "object" && value !== null;

const optionsSchema = z
  .strictObject({
    provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(", ")}` }).optional(),
    env: z
      .custom<Record<string, string | undefined>>(isObject, { error: "must be an object" })
      .optional(),
    override: z.boolean({ error: "must be a boolean" }).optional(),
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
  .refine(
    (o) =>
      o.store === undefined ||
      (o.client === undefined &&
        o.region === undefined &&
        o.useSecretsManager === undefined &&
        o.envFile === undefined),
    {
      error: "`store` cannot be combined with `client`, `region`, `useSecretsManager` or `envFile`",
    },
  );

const present = (value: string | undefined) =>
  value === undefined || value.trim() === "" ? undefined : value;

function pickProvider(
  option: Provider | undefined,
  env: Record<string, string | undefined>,
): Provider {
  if (option !== undefined) return option;
  const raw = present(env[ENV_LLM_PROVIDER])?.trim().toLowerCase();
  if (raw === undefined) {
    throw new CredentialConfigError(
      "UNKNOWN_PROVIDER",
      `loadSecretsForProvider: no provider given and ${ENV_LLM_PROVIDER} is not set.`,
      {
        hint: `Pass { provider } or set ${ENV_LLM_PROVIDER} to one of ${PROVIDERS.join(", ")}.`,
      },
    );
  }
  const found = PROVIDERS.find((p) => p === raw);
  if (found === undefined) {
    throw new CredentialConfigError(
      "UNKNOWN_PROVIDER",
      `Environment variable ${ENV_LLM_PROVIDER} names an unknown provider.`,
      {
        hint: `Set ${ENV_LLM_PROVIDER} to one of ${PROVIDERS.join(", ")}.`,
      },
    );
  }
  return found;
}

/**
 * Reads one field of a JSON secret under any of `spellings` (case-insensitive). Two spellings with
 * different values are ambiguous → `SECRET_MALFORMED`.
 */
function field(
  secretName: string,
  json: Readonly<Record<string, unknown>>,
  spellings: readonly string[],
): string | undefined {
  const wanted = new Set(spellings.map((s) => s.toLowerCase()));
  const hits = Object.entries(json).filter(([key]) => wanted.has(key.toLowerCase()));
  const values = new Set<string>();
  for (const [key, value] of hits) {
    if (typeof value !== "string" || value.trim() === "") {
      throw new SecretError(
        "SECRET_MALFORMED",
        `Key ${key} of secret ${secretName} must be a non-empty string.`,
        {
          hint: `Store ${key} as a JSON string.`,
          secretName,
        },
      );
    }
    values.add(value.trim());
  }
  if (values.size > 1) {
    throw new SecretError(
      "SECRET_MALFORMED",
      `Secret ${secretName} has conflicting keys ${hits.map(([key]) => key).join(", ")}.`,
      { hint: "Keep one spelling of each field.", secretName },
    );
  }
  return values.values().next().value;
}

function malformed(
  secretName: string,
  json: Readonly<Record<string, unknown>> | null,
  expected: string,
): SecretError {
  const keys =
    json === null
      ? "it is not a JSON object"
      : `keys present: ${Object.keys(json).join(", ") || "(none)"}`;
  return new SecretError(
    "SECRET_MALFORMED",
    `Secret ${secretName} has no usable credentials (${keys}).`,
    {
      hint: `Store ${expected}.`,
      secretName,
    },
  );
}

const BEDROCK_FIELDS = {
  accessKeyId: ["access_key_id", "accessKeyId", "AWS_ACCESS_KEY_ID"],
  secretAccessKey: ["secret_access_key", "secretAccessKey", "AWS_SECRET_ACCESS_KEY"],
  sessionToken: ["session_token", "sessionToken", "AWS_SESSION_TOKEN"],
  region: ["region", "AWS_REGION"],
  bearer: ["AWS_BEARER_TOKEN_BEDROCK", "api_key"],
} as const;

interface Planned {
  /** Groups written all-or-nothing: a credential set is never mixed with variables already present. */
  groups: Array<Array<[string, string]>>;
  /** With override, variables to remove so they cannot pair with the new credentials. */
  clearOnOverride: string[];
}

function planBedrock(secretName: string, value: SecretValue): Planned {
  if (typeof value === "string") {
    throw malformed(
      secretName,
      null,
      'a JSON object such as {"access_key_id": "…", "secret_access_key": "…"}',
    );
  }
  const accessKeyId = field(secretName, value, BEDROCK_FIELDS.accessKeyId);
  const secretAccessKey = field(secretName, value, BEDROCK_FIELDS.secretAccessKey);
  const sessionToken = field(secretName, value, BEDROCK_FIELDS.sessionToken);
  const region = field(secretName, value, BEDROCK_FIELDS.region);
  const bearer = field(secretName, value, BEDROCK_FIELDS.bearer);
  const groups: Planned["groups"] = [];
  const clearOnOverride: string[] = [];
  if (accessKeyId !== undefined || secretAccessKey !== undefined) {
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      throw malformed(secretName, value, "both access_key_id and secret_access_key");
    }
    if (accessKeyId.startsWith("ASIA") && sessionToken === undefined) {
      throw new SecretError(
        "SESSION_TOKEN_REQUIRED",
        `Secret ${secretName} holds a temporary access key ID (ASIA…) without a session token.`,
        {
          hint: "Add session_token to the secret, or store a long-term (AKIA…) key pair.",
          secretName,
        },
      );
    }
    const pair: Array<[string, string]> = [
      ["AWS_ACCESS_KEY_ID", accessKeyId],
      ["AWS_SECRET_ACCESS_KEY", secretAccessKey],
    ];
    if (sessionToken !== undefined) pair.push(["AWS_SESSION_TOKEN", sessionToken]);
    else clearOnOverride.push("AWS_SESSION_TOKEN");
    groups.push(pair);
  } else if (bearer === undefined) {
    throw malformed(
      secretName,
      value,
      "access_key_id + secret_access_key (optionally session_token, region), or AWS_BEARER_TOKEN_BEDROCK",
    );
  }
  if (bearer !== undefined) groups.push([["AWS_BEARER_TOKEN_BEDROCK", bearer]]);
  if (region !== undefined) groups.push([["AWS_REGION", region]]);
  return { groups, clearOnOverride };
}

function planApiKey(
  secretName: string,
  provider: keyof typeof PROVIDER_API_KEY_VARIABLES,
  value: SecretValue,
): Planned {
  const variable = PROVIDER_API_KEY_VARIABLES[provider];
  let key: string | undefined;
  if (typeof value === "string") {
    key = present(value)?.trim();
  } else {
    const spellings = [
      "api_key",
      "apiKey",
      variable,
      ...(provider === "cohere" ? ["CO_API_KEY"] : []),
    ];
    key = field(secretName, value, spellings);
    if (key === undefined)
      throw malformed(secretName, value, `{"api_key": "…"} or the key as plain text`);
  }
  if (key === undefined)
    throw malformed(secretName, null, 'the API key as plain text or {"api_key": "…"}');
  return { groups: [[[variable, key]]], clearOnOverride: [] };
}

/** The provider's variables that, when already set, let a missing secret pass with a warning. */
function alreadyConfigured(provider: Provider, env: Record<string, string | undefined>): string[] {
  const has = (name: string) => present(env[name]) !== undefined;
  if (provider === "bedrock") {
    if (has("AWS_ACCESS_KEY_ID") && has("AWS_SECRET_ACCESS_KEY"))
      return ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
    return has("AWS_BEARER_TOKEN_BEDROCK") ? ["AWS_BEARER_TOKEN_BEDROCK"] : [];
  }
  if (provider === "custom") return [];
  const variable = PROVIDER_API_KEY_VARIABLES[provider];
  if (has(variable)) return [variable];
  return provider === "cohere" && has("CO_API_KEY") ? ["CO_API_KEY"] : [];
}

/**
 * Loads the LLM provider's secret into the environment, as the service this library grew from did
 * at start-up: the provider (`provider` or `LLM_PROVIDER`) names the variable holding the secret's
 * name (`OPENAI_SECRET_NAME`, `ANTHROPIC_SECRET_NAME`, `COHERE_SECRET_NAME`, `AWS_BEDROCK_SECRET_NAME`),
 * and the secret fills the provider's variables: `OPENAI_API_KEY` / `ANTHROPIC_API_KEY` /
 * `COHERE_API_KEY` from `api_key`, `apiKey`, `<P>_API_KEY` or a plain-text secret; for Bedrock
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` and
 * `AWS_BEARER_TOKEN_BEDROCK` from the DESIGN.md spellings (case-insensitive).
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
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw invalidOptionError("loadSecretsForProvider", parsed.error);
  const env = options.env ?? process.env;
  const logger = options.logger;
  const provider = pickProvider(parsed.data.provider, env);
  const result: LoadSecretsForProviderResult = {
    provider,
    secretName: null,
    set: [],
    skipped: [],
    cleared: [],
  };
  if (provider === "custom") return result;
  const nameVariable = PROVIDER_SECRET_NAME_VARIABLES[provider];
  const secretName = present(env[nameVariable])?.trim();
  if (secretName === undefined) {
    logger?.debug?.("credchain: no provider secret configured", {
      provider,
      variable: nameVariable,
    });
    return result;
  }
  result.secretName = secretName;

  const store =
    options.store ??
    createSecretStore({
      env,
      ...(options.useSecretsManager === undefined
        ? {}
        : { useSecretsManager: options.useSecretsManager }),
      ...(options.client === undefined ? {} : { client: options.client }),
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.envFile === undefined ? {} : { envFile: options.envFile }),
      ...(logger === undefined ? {} : { logger }),
    });

  let value: SecretValue;
  try {
    value = await store.get(secretName);
  } catch (error) {
    const kept = alreadyConfigured(provider, env);
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

  const plan =
    provider === "bedrock"
      ? planBedrock(secretName, value)
      : planApiKey(secretName, provider, value);
  const override = options.override ?? false;
  for (const group of plan.groups) {
    const names = group.map(([name]) => name);
    const guard = group.some(([name]) => name === "AWS_ACCESS_KEY_ID")
      ? ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]
      : names;
    if (!override && guard.some((name) => present(env[name]) !== undefined)) {
      result.skipped.push(...names);
      continue;
    }
    const changes = setEnvVariables(group, env, true);
    result.set.push(...changes.set);
    if (names.includes("AWS_ACCESS_KEY_ID")) {
      for (const name of plan.clearOnOverride) {
        if (env[name] !== undefined) {
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
