// A credential-bearing env value, checked one way for every step (the env pair, the bearer token,
// API keys) and every snapshot (the environment, the env file).
import { CredentialConfigError } from "./CredentialConfigError.js";
import type { EnvOrigin, EnvRecord } from "./EnvRecord.js";
import { hasInnerWhitespace, literalQuotes, looksLikeLlmApiKey } from "./keyShapes.js";
import { presentValue } from "./parseAdminKey.js";

/** Where a value came from, for messages: `environment` or `env file`. */
export const sourceLabel = (origin: EnvOrigin): string =>
  origin === "env" ? "environment" : "env file";

/**
 * A credential-bearing env value: trimmed, empty or blank → `undefined`. Refused, naming the
 * variable and never the value: whitespace or a control character inside, literal quotes around it
 * (straight, as Docker's `--env-file` leaves them: `AWS_ACCESS_KEY_ID="AKIA…"`, or typographic),
 * another vendor's key in an AWS variable (`sk-…`).
 */
export function envCredential(
  record: EnvRecord | undefined,
  name: string,
  origin: EnvOrigin,
): string | undefined {
  const value = presentValue(record?.[name]);
  if (value === undefined) return undefined;
  const where = `${name} (${sourceLabel(origin)})`;
  if (literalQuotes(value) === "around") {
    throw new CredentialConfigError(
      "ENV_CREDENTIAL_MALFORMED",
      `${where} is wrapped in literal quotes, as docker run --env-file and some dashboards leave them.`,
      { hint: `Set ${name} without the quotes (docker's --env-file takes KEY=value literally).` },
    );
  }
  if (hasInnerWhitespace(value)) {
    throw new CredentialConfigError(
      "ENV_CREDENTIAL_MALFORMED",
      `${where} contains whitespace inside its value.`,
      { hint: `Remove spaces and line breaks from ${name}.` },
    );
  }
  if (/\p{Cc}/u.test(value)) {
    throw new CredentialConfigError(
      "ENV_CREDENTIAL_MALFORMED",
      `${where} contains a control character (such as a NUL byte).`,
      {
        hint: `Set ${name} again from the original key; control characters are never part of one.`,
      },
    );
  }
  if (name.startsWith("AWS_") && looksLikeLlmApiKey(value)) {
    throw new CredentialConfigError(
      "WRONG_PROVIDER_KEY",
      `${where} holds what looks like an OpenAI or Anthropic API key (sk-…), not an AWS credential.`,
      {
        hint: `Put the LLM key in its own variable (OPENAI_API_KEY, ANTHROPIC_API_KEY) and an AWS credential in ${name}.`,
      },
    );
  }
  return value;
}

/** "the environment" or "the env file", for reasons and warnings. */
export function originLabel(origin: EnvOrigin): string {
  return origin === "env" ? "the environment" : "the env file";
}
