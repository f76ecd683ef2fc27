import { isObject, readOptions } from "../core/checkOptions.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { lazySchema } from "../core/lazyZod.js";
import type { Logger } from "../core/Logger.js";
import { mask } from "../core/mask.js";
import { commonOptionFields } from "../core/optionFields.js";
import { normalizeProvider } from "../core/provider.js";
import type { ApiKeyProvider } from "../core/types.js";
import { createChainFromEnv } from "../chain/createChainFromEnv.js";
import type { CredentialChain } from "../chain/createCredentialChain.js";
import { llmKeyOptionFields, resolveLlmKey, type LlmApiKeyOptions } from "./llmApiKey.js";

/** Options of {@link llmFetch}: those of `llmApiKey`, plus what the fetch itself needs. */
export interface LlmFetchOptions extends LlmApiKeyOptions {
  /** A chain to take the key from (then `adminKey`, `env`, `envFile`, `secretStore` are not used). */
  chain?: CredentialChain;
  /** The fetch that sends the request. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * The header that carries the key, for `custom` endpoints; then it is the only header set.
   * @default `x-api-key` for Anthropic, `Authorization: Bearer` for the others (either of the two
   *   that the SDK set itself is given the key too)
   */
  header?: string;
  /** Receives one line per recovery (masked keys only). */
  logger?: Logger;
}

/** The headers LLM SDKs carry an API key in. */
const KEY_HEADERS = { bearer: "authorization", apiKey: "x-api-key" } as const;

const HEADERS: Record<ApiKeyProvider, string> = {
  openai: "authorization",
  anthropic: "x-api-key",
  cohere: "authorization",
  custom: "authorization",
};

const optionsSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    ...llmKeyOptionFields(z),
    chain: z
      .custom((v) => isObject(v) && typeof (v as { apiKey?: unknown }).apiKey === "function", {
        error: "must be a credential chain",
      })
      .optional(),
    fetch: f.fn("a fetch function").optional(),
    header: z
      .string({ error: "must be a header name" })
      .regex(/^[A-Za-z0-9-]{1,64}$/, { error: "must be a header name" })
      .optional(),
    logger: f.logger.optional(),
  });
});

/** Whether a request body can be sent a second time. */
const replayable = (body: unknown): boolean =>
  body === undefined ||
  body === null ||
  typeof body === "string" ||
  body instanceof ArrayBuffer ||
  ArrayBuffer.isView(body) ||
  body instanceof URLSearchParams ||
  (typeof Blob !== "undefined" && body instanceof Blob) ||
  (typeof FormData !== "undefined" && body instanceof FormData);

/**
 * A `fetch` for the `fetch` option the OpenAI, Anthropic and Cohere SDKs take, that carries the
 * provider's key and heals a rotated one without a restart. The key is resolved as `llmApiKey`
 * resolves it (same options and sources: admin key → Secrets Manager → local `SECRET_*` → env →
 * `.env`), through one chain, so it is looked up once, not per request. Each request gets the
 * provider's key header (`Authorization: Bearer …`, Anthropic's `x-api-key`), replacing the one the
 * SDK set from its own `apiKey` (give the SDK any placeholder; whichever of the two headers the SDK
 * sets carries the key). On a 401 the chain re-resolves the
 * key from its source — once for all concurrent 401s — and the request is retried once with the new
 * key; a 401 with the same key, or a second 401, is returned to the SDK as it came. A request whose
 * body is a stream is never sent twice: its 401 goes back to the SDK, and the next request carries
 * the new key.
 *
 * Errors are `llmApiKey`'s: no key anywhere rejects with `API_KEY_MISSING` (a keyless `custom`
 * endpoint gets the request as the SDK made it). The SDK sees a rejected fetch as a connection
 * failure (OpenAI's `APIConnectionError`, with this error as its `cause`); call `llmApiKey` at
 * startup to fail fast. Cohere's `cohere-ai` (7.21 and 8.x) takes this as `fetch`, not `fetcher`.
 *
 * @see docs/rotation.md
 * @example
 * ```ts
 * const openai = new OpenAI({ apiKey: "from-credchain", fetch: llmFetch("openai") });
 * const anthropic = new Anthropic({ apiKey: "from-credchain", fetch: llmFetch("anthropic") });
 * const cohere = new CohereClientV2({ token: "from-credchain", fetch: llmFetch("cohere") });
 * ```
 */
export function llmFetch(provider: ApiKeyProvider, options: LlmFetchOptions = {}): typeof fetch {
  const selected = normalizeProvider(provider, "llmFetch: provider");
  if (selected === "bedrock") {
    throw new CredentialConfigError(
      "UNKNOWN_PROVIDER",
      "llmFetch: provider must be openai, anthropic, cohere or custom.",
      { hint: "For Bedrock, hand a chain to bedrockClientConfig and use refreshOnAuthFailure." },
    );
  }
  options = readOptions("llmFetch", options, optionsSchema);
  const send = options.fetch ?? globalThis.fetch;
  const header = (options.header ?? HEADERS[selected]).toLowerCase();
  const chain =
    options.chain ??
    createChainFromEnv({
      provider: selected,
      ...(options.adminKey === undefined ? {} : { adminKey: options.adminKey }),
      ...(options.env ? { env: options.env } : {}),
      ...(options.envFile !== undefined ? { envFile: options.envFile } : {}),
      ...(options.secretStore ? { secretStore: options.secretStore } : {}),
    });
  const valueFor = (name: string, key: string) =>
    name === "authorization" ? `Bearer ${key}` : key;
  // With the default header, a key header the SDK set itself carries the key too (Anthropic's SDK
  // 1.x sends its apiKey as Authorization: Bearer): no placeholder reaches the provider. A header
  // named in options is the only one set.
  const alsoReplaced =
    options.header === undefined
      ? Object.values(KEY_HEADERS).filter((name) => name !== header)
      : [];
  const shown = (key: string | undefined) => (key === undefined ? null : mask(key, "api-key"));

  const attempt = (
    input: Parameters<typeof fetch>[0],
    init: RequestInit | undefined,
    key: string | undefined,
  ) => {
    // A keyless custom endpoint: the request goes as the SDK made it, as llmApiKey gives no key.
    if (key === undefined) return send(input, init);
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    headers.set(header, valueFor(header, key));
    for (const name of alsoReplaced) if (headers.has(name)) headers.set(name, valueFor(name, key));
    return send(new Request(request, { headers }));
  };

  return async (input, init) => {
    const { apiKey: key } = await resolveLlmKey(chain, selected);
    const canRetry = replayable(init?.body) && !(input instanceof Request && input.body !== null);
    const first = await attempt(input, init, key);
    if (first.status !== 401) return first;
    const changed = await chain.recoverFromAuthFailure(key === undefined ? {} : { token: key });
    if (!changed) {
      options.logger?.error?.("credchain: the API key was refused and its source holds no other", {
        provider: selected,
        key: shown(key),
      });
      return first;
    }
    const { apiKey: next } = await resolveLlmKey(chain, selected);
    if (!canRetry) {
      // A stream cannot be sent twice: the SDK gets the 401, the next request the new key.
      options.logger?.error?.(
        "credchain: the API key was refused; the next request carries the key its source holds now (a streaming body is not resent)",
        { provider: selected, refused: shown(key), now: shown(next) },
      );
      return first;
    }
    options.logger?.warn?.(
      "credchain: the API key was refused; retrying with the key its source holds now",
      { provider: selected, refused: shown(key), now: shown(next) },
    );
    await first.body?.cancel().catch(() => undefined);
    return attempt(input, init, next);
  };
}
