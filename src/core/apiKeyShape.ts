import { CredentialConfigError } from "./CredentialConfigError.js";
import { looksLikeAnthropicKey, looksLikeAwsCredential, looksLikeOpenAiKey } from "./keyShapes.js";
import type { ApiKeyProvider } from "./types.js";

/**
 * Refuses a key that is evidently another provider's (`WRONG_PROVIDER_KEY`): AWS credentials for
 * any API-key provider, an Anthropic `sk-ant-` key for OpenAI or Cohere, an OpenAI `sk-` key for
 * Anthropic or Cohere. `custom` accepts any non-AWS key. `where` names the origin (`the admin key`, `OPENAI_API_KEY`).
 */
export function assertApiKeyShape(key: string, provider: ApiKeyProvider, where: string): void {
  let looksLike: string | undefined;
  if (looksLikeAwsCredential(key)) looksLike = "an AWS credential";
  else if ((provider === "openai" || provider === "cohere") && looksLikeAnthropicKey(key)) {
    looksLike = "an Anthropic API key";
  } else if ((provider === "anthropic" || provider === "cohere") && looksLikeOpenAiKey(key)) {
    looksLike = "an OpenAI API key";
  }
  if (looksLike !== undefined) {
    throw new CredentialConfigError(
      "WRONG_PROVIDER_KEY",
      `${where.charAt(0).toUpperCase()}${where.slice(1)} looks like ${looksLike}, but the provider is ${provider}.`,
      { hint: "Check the selected provider, or supply that provider's own API key." },
    );
  }
}
