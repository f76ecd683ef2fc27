import { CredentialConfigError } from "./CredentialConfigError.js";
import { PROVIDERS, type Provider } from "./types.js";

/**
 * Reads a provider the way every entry point does (code, `LLM_PROVIDER`, `--provider`): trimmed,
 * case-insensitive (`"OpenAI"` is `openai`). Anything else is `UNKNOWN_PROVIDER`; `where` names the
 * option or variable, never echoing the value.
 */
export function normalizeProvider(value: unknown, where: string): Provider {
  const v = typeof value === "string" ? value.trim().toLowerCase() : undefined;
  if (v !== undefined && (PROVIDERS as readonly string[]).includes(v)) return v as Provider;
  throw new CredentialConfigError(
    "UNKNOWN_PROVIDER",
    `${typeof where === "string" ? where : "The provider"} is not one of ${PROVIDERS.join(", ")}.`,
    { hint: `Use one of: ${PROVIDERS.join(", ")} (any case).` },
  );
}
