import type * as ZodModule from "zod";
import { isObject, readOptions } from "../core/checkOptions.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import { normalizeProvider } from "../core/provider.js";
import { envFileOption } from "../sources/envFileOption.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import type { ApiKeyProvider, AuthSource, CredentialDecision } from "../core/types.js";
import { createChainFromEnv } from "../chain/createChainFromEnv.js";
import type { CredentialChain } from "../chain/createCredentialChain.js";
import type { SecretStore } from "../secrets/SecretStore.js";
import type { AdminKeyInput } from "../sources/fromAdminKey.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** The options `llmApiKey` and `llmFetch` share. @internal */
export const llmKeyOptionFields = (z: typeof ZodModule) => {
  const f = commonOptionFields(z);
  return {
    adminKey: z.unknown().optional(),
    env: f.env.optional(),
    envFile: envFileOption(z).optional(),
    secretStore: z
      .custom((v) => isObject(v) && typeof (v as { lookup?: unknown }).lookup === "function", {
        error: "must be a secret store",
      })
      .optional(),
  };
};

const optionsSchema = lazySchema((z) => z.strictObject(llmKeyOptionFields(z)));

/** Options of {@link llmApiKey}. */
export interface LlmApiKeyOptions {
  /** The admin panel's key (value, `{ key }`, or a function reading the active config). */
  adminKey?: AdminKeyInput;
  /** @default process.env */
  env?: EnvRecord;
  /**
   * The env file consulted after `env`: a path, parsed values, or `false` for none.
   * @default `./.env` when it exists
   */
  envFile?: EnvRecord | string | false;
  /** Shares its cache with the Secrets Manager lookup (`USE_SECRETS_MANAGER` + `<P>_SECRET_NAME`). */
  secretStore?: SecretStore;
}

/**
 * An LLM API key and where it came from, as {@link llmApiKey} returns it. `apiKey` is a getter:
 * the key is never part of `JSON.stringify`, `String` or `util.inspect` output (they show
 * `masked`). A type only: get one from `llmApiKey`.
 */
export interface LlmApiKey {
  /** The raw key for the SDK (`new OpenAI({ apiKey: key.apiKey })`); `undefined` for a keyless custom endpoint. */
  readonly apiKey: string | undefined;
  /** Where the key came from (`admin`, `secrets-manager`, `local-secret`, `env`, `env-file`, `none`). */
  readonly source: AuthSource;
  /** The variable or secret name it was read from. */
  readonly detail: string | null;
  /** `…abcd`, or `[redacted]` for short keys; `null` when `custom` needs none. */
  readonly masked: string | null;
  /** The decision behind it, with its trace. */
  readonly decision: CredentialDecision;
  /** The secret-free JSON form: where the key came from and its masked form, never the key. */
  toJSON(): {
    /** As {@link LlmApiKey.source}. */
    source: AuthSource;
    /** As {@link LlmApiKey.detail}. */
    detail: string | null;
    /** As {@link LlmApiKey.masked}. */
    masked: string | null;
  };
  /** `LlmApiKey(<provider> from <source> <masked>)`; never the key. */
  toString(): string;
}

/** The one implementation of {@link LlmApiKey}; not exported, so no declaration offers a constructor. */
class ResolvedLlmApiKey implements LlmApiKey {
  readonly #apiKey: string | undefined;
  readonly source: AuthSource;
  readonly detail: string | null;
  readonly masked: string | null;
  readonly decision: CredentialDecision;

  constructor(decision: CredentialDecision, apiKey: string | undefined) {
    this.#apiKey = apiKey;
    this.decision = decision;
    this.source = decision.auth.source;
    this.detail = decision.auth.detail;
    this.masked = decision.auth.apiKey ?? null;
  }

  get apiKey(): string | undefined {
    return this.#apiKey;
  }

  toJSON(): ReturnType<LlmApiKey["toJSON"]> {
    return { source: this.source, detail: this.detail, masked: this.masked };
  }

  toString(): string {
    return `LlmApiKey(${this.decision.provider} from ${this.source}${this.masked ? ` ${this.masked}` : ""})`;
  }

  /** As `toString()`, so `util.inspect` and `console.log` never show the key. */
  [INSPECT](): string {
    return this.toString();
  }
}

/**
 * The API key for OpenAI, Anthropic, Cohere or a custom endpoint, by the core's precedence:
 * admin key → Secrets Manager → local `SECRET_*` → `<P>_API_KEY` (Cohere also `CO_API_KEY`) →
 * env file. Errors as the core's: `API_KEY_MISSING`, `WRONG_PROVIDER_KEY`, `SECRET_MALFORMED`.
 *
 * Each call resolves afresh: with Secrets Manager in play, that is one `GetSecretValue` per call.
 * To look the key up per request, pass `secretStore` (one cache shared by every call), or build
 * a chain once with `createChainFromEnv({ provider })` and call `chain.apiKey()`.
 *
 * @example
 * ```ts
 * const key = await llmApiKey("openai", { adminKey: activeConfig.apiKey });
 * const openai = new OpenAI({ apiKey: key.apiKey });
 * logger.info(`OpenAI key from ${key.source} (${key.masked})`);
 * ```
 */
export async function llmApiKey(
  provider: ApiKeyProvider,
  options: LlmApiKeyOptions = {},
): Promise<LlmApiKey> {
  const selected = normalizeProvider(provider, "llmApiKey: provider");
  if (selected === "bedrock") {
    throw new CredentialConfigError(
      "UNKNOWN_PROVIDER",
      "llmApiKey: provider must be openai, anthropic, cohere or custom.",
      {
        hint: "For Bedrock use bedrockClientConfig with a decision or chain.",
      },
    );
  }
  options = readOptions("llmApiKey", options, optionsSchema);
  const chain = createChainFromEnv({
    provider: selected,
    adminKey: options.adminKey,
    ...(options.env ? { env: options.env } : {}),
    ...(options.envFile !== undefined ? { envFile: options.envFile } : {}),
    ...(options.secretStore ? { secretStore: options.secretStore } : {}),
  });
  const { decision, apiKey } = await resolveLlmKey(chain, selected);
  return new ResolvedLlmApiKey(decision, apiKey);
}

/**
 * The key a chain holds for an LLM provider, with `llmApiKey`'s errors: `API_KEY_MISSING` when no
 * source holds one, `undefined` for a keyless custom endpoint, `AUTH_KIND_MISMATCH` for a chain
 * that chose AWS credentials or a bearer token. Shared by `llmApiKey` and `llmFetch`.
 * @internal
 */
export async function resolveLlmKey(
  chain: CredentialChain,
  provider: ApiKeyProvider,
): Promise<{ decision: CredentialDecision; apiKey: string | undefined }> {
  let decision: CredentialDecision;
  try {
    decision = await chain.resolve();
  } catch (error) {
    if ((error as { code?: unknown }).code === "NO_CREDENTIALS") {
      throw new CredentialConfigError(
        "API_KEY_MISSING",
        `No ${provider} API key found: ${(error as Error).message}`,
        {
          hint: `Enter the key in the admin panel, set the provider's API key variable, or name a secret with ${provider.toUpperCase()}_SECRET_NAME.`,
          cause: error,
        },
      );
    }
    throw error;
  }
  const identity = decision.reveal();
  if (identity.kind === "api-key") return { decision, apiKey: identity.apiKey };
  if (identity.kind === "none") return { decision, apiKey: undefined };
  throw new CredentialConfigError(
    "AUTH_KIND_MISMATCH",
    `The chain resolved ${identity.kind} credentials for ${decision.provider}, not a ${provider} API key.`,
    { hint: `Build the chain with provider "${provider}" (createChainFromEnv({ provider })).` },
  );
}
