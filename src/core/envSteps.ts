// Steps 4–5 of the decision (docs/precedence.md): the environment and the env file, one snapshot
// at a time. The chain's env sources run the same functions, so a chain and a pure decision agree.
import { assertApiKeyShape } from "./apiKeyShape.js";
import { CredentialConfigError } from "./CredentialConfigError.js";
import type { EnvOrigin, EnvRecord } from "./EnvRecord.js";
import {
  API_KEY_ENV,
  ENV_ACCESS_KEY_ID,
  ENV_BEARER_TOKEN_BEDROCK,
  ENV_SECRET_ACCESS_KEY,
  ENV_SESSION_TOKEN,
} from "./envNames.js";
import { hasInnerWhitespace, isTemporaryKeyId } from "./keyShapes.js";
import { presentValue } from "./parseAdminKey.js";
import type { StepOutcome } from "./StepOutcome.js";
import type { Provider } from "./types.js";

/** A credential-bearing env value: trimmed, empty → undefined, whitespace inside → error. */
export function envCredential(
  record: EnvRecord | undefined,
  name: string,
  origin: EnvOrigin,
): string | undefined {
  const value = presentValue(record?.[name]);
  if (value !== undefined && hasInnerWhitespace(value)) {
    throw new CredentialConfigError(
      "ENV_CREDENTIAL_MALFORMED",
      `${name} (${origin === "env" ? "environment" : "env file"}) contains whitespace inside its value.`,
      { hint: `Remove spaces and line breaks from ${name}.` },
    );
  }
  return value;
}

/** "the environment" or "the env file", for reasons and warnings. */
export function originLabel(origin: EnvOrigin): string {
  return origin === "env" ? "the environment" : "the env file";
}

/**
 * Steps 4–5 for Bedrock over one snapshot: `AWS_BEARER_TOKEN_BEDROCK`, then the key pair
 * `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN` from the same snapshot).
 */
export function bedrockEnvStep(record: EnvRecord | undefined, origin: EnvOrigin): StepOutcome {
  const warnings: string[] = [];
  const where = originLabel(origin);
  const bearer = envCredential(record, ENV_BEARER_TOKEN_BEDROCK, origin);
  const accessKeyId = envCredential(record, ENV_ACCESS_KEY_ID, origin);
  const secretAccessKey = envCredential(record, ENV_SECRET_ACCESS_KEY, origin);
  const sessionToken = envCredential(record, ENV_SESSION_TOKEN, origin);
  const fullPair = accessKeyId !== undefined && secretAccessKey !== undefined;

  if (bearer !== undefined) {
    if (fullPair) {
      warnings.push(
        `${ENV_BEARER_TOKEN_BEDROCK} and ${ENV_ACCESS_KEY_ID}/${ENV_SECRET_ACCESS_KEY} are both set in ${where}; the bearer token wins, as in the AWS SDK.`,
      );
    }
    return {
      chosen: {
        source: origin,
        kind: "bearer-token",
        detail: ENV_BEARER_TOKEN_BEDROCK,
        token: { token: bearer },
        reason: `${ENV_BEARER_TOKEN_BEDROCK} is set in ${where}`,
      },
      warnings,
    };
  }
  if (!fullPair) {
    if (accessKeyId !== undefined || secretAccessKey !== undefined) {
      const [have, missing] =
        accessKeyId !== undefined
          ? [ENV_ACCESS_KEY_ID, ENV_SECRET_ACCESS_KEY]
          : [ENV_SECRET_ACCESS_KEY, ENV_ACCESS_KEY_ID];
      warnings.push(`${have} is set in ${where} without ${missing}; the partial pair is ignored.`);
      return { skipped: `partial key pair in ${where} (${missing} is not set)`, warnings };
    }
    if (sessionToken !== undefined) {
      warnings.push(`${ENV_SESSION_TOKEN} is set in ${where} without a key pair; it is ignored.`);
    }
    return {
      skipped: `neither ${ENV_BEARER_TOKEN_BEDROCK} nor ${ENV_ACCESS_KEY_ID} + ${ENV_SECRET_ACCESS_KEY} is set in ${where}`,
      warnings,
    };
  }
  if (isTemporaryKeyId(accessKeyId) && sessionToken === undefined) {
    throw new CredentialConfigError(
      "SESSION_TOKEN_REQUIRED",
      `${ENV_ACCESS_KEY_ID} in ${where} is a temporary (ASIA…) key but ${ENV_SESSION_TOKEN} is not set there.`,
      {
        hint: `Set ${ENV_SESSION_TOKEN} alongside the temporary key, or use a long-term AKIA… key.`,
      },
    );
  }
  const names = [
    ENV_ACCESS_KEY_ID,
    ENV_SECRET_ACCESS_KEY,
    ...(sessionToken ? [ENV_SESSION_TOKEN] : []),
  ];
  return {
    chosen: {
      source: origin,
      kind: "aws-static",
      detail: names.join("+"),
      credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
      reason: `${names.join(" + ")} are set in ${where}`,
    },
    warnings,
  };
}

/** Steps 4–5 for an API-key provider over one snapshot (`OPENAI_API_KEY`, `CO_API_KEY`, …). */
export function apiKeyEnvStep(
  provider: Exclude<Provider, "bedrock">,
  record: EnvRecord | undefined,
  origin: EnvOrigin,
): StepOutcome {
  const where = originLabel(origin);
  for (const name of API_KEY_ENV[provider]) {
    const key = envCredential(record, name, origin);
    if (key === undefined) continue;
    assertApiKeyShape(key, provider, name);
    return {
      chosen: {
        source: origin,
        kind: "api-key",
        detail: name,
        apiKey: key,
        reason: `${name} is set in ${where}`,
      },
      warnings: [],
    };
  }
  return { skipped: `${API_KEY_ENV[provider].join(" / ")} not set in ${where}`, warnings: [] };
}

/** Step 3–5 dispatch for the env snapshots, by provider. */
export function envStep(
  provider: Provider,
  record: EnvRecord | undefined,
  origin: EnvOrigin,
): StepOutcome {
  return provider === "bedrock"
    ? bedrockEnvStep(record, origin)
    : apiKeyEnvStep(provider, record, origin);
}
