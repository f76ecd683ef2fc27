// Steps 4–5 of the decision (docs/precedence.md): the environment and the env file, one snapshot
// at a time. The chain's env sources run the same functions, so a chain and a pure decision agree.
import { assertApiKeyShape } from "./apiKeyShape.js";
import { CredentialConfigError } from "./CredentialConfigError.js";
import type { EnvOrigin, EnvRecord } from "./EnvRecord.js";
import {
  API_KEY_ENV,
  ENV_ACCESS_KEY_ID,
  ENV_ACCOUNT_ID,
  ENV_BEARER_TOKEN_BEDROCK,
  ENV_CREDENTIAL_EXPIRATION,
  ENV_CREDENTIAL_SCOPE,
  ENV_PROFILE,
  ENV_SECRET_ACCESS_KEY,
  ENV_SECURITY_TOKEN,
  ENV_SESSION_TOKEN,
} from "./envNames.js";
import {
  isAccessKeyId,
  isTemporaryKeyId,
  looksLikeAwsKeyId,
  looksLikeLlmApiKey,
} from "./keyShapes.js";
import { envCredential, originLabel, sourceLabel } from "./envCredential.js";
import { presentValue } from "./parseAdminKey.js";
import type { StepOutcome } from "./StepOutcome.js";
import type { Provider } from "./types.js";

/**
 * The env key pair of one snapshot, read as the AWS SDK reads it: `AWS_ACCESS_KEY_ID` +
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (or its older spelling `AWS_SECURITY_TOKEN`),
 * `AWS_CREDENTIAL_EXPIRATION` (kept as `expiration`; an expired one is `CREDENTIALS_EXPIRED`),
 * `AWS_ACCOUNT_ID` and `AWS_CREDENTIAL_SCOPE` (kept on the identity). A swapped pair and a key ID
 * that is not one are refused; a partial pair skips with a warning; `AWS_PROFILE` beside the
 * chosen pair (for an env-file pair, also `processEnv`'s) is warned about, and so is an `sk-…` key in
 * `AWS_BEARER_TOKEN_BEDROCK`, which this step does not read (Bedrock's steps refuse it).
 */
export function envPairStep(
  record: EnvRecord | undefined,
  origin: EnvOrigin,
  processEnv?: EnvRecord,
  now: number = Date.now(),
): StepOutcome {
  const warnings: string[] = [];
  const bearer = presentValue(record?.[ENV_BEARER_TOKEN_BEDROCK]);
  if (bearer !== undefined && looksLikeLlmApiKey(bearer)) {
    warnings.push(
      `${ENV_BEARER_TOKEN_BEDROCK} (${sourceLabel(origin)}) holds what looks like an OpenAI or Anthropic API key (sk-…): the service identity does not use it, and Bedrock clients refuse it (WRONG_PROVIDER_KEY). Put the LLM key in its own variable.`,
    );
  }
  const where = originLabel(origin);
  const accessKeyId = envCredential(record, ENV_ACCESS_KEY_ID, origin);
  const secretAccessKey = envCredential(record, ENV_SECRET_ACCESS_KEY, origin);
  const modernToken = envCredential(record, ENV_SESSION_TOKEN, origin);
  const legacyToken = envCredential(record, ENV_SECURITY_TOKEN, origin);
  const sessionToken = modernToken ?? legacyToken;
  const tokenName = modernToken !== undefined ? ENV_SESSION_TOKEN : ENV_SECURITY_TOKEN;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    if (accessKeyId !== undefined || secretAccessKey !== undefined) {
      const [have, missing] =
        accessKeyId !== undefined
          ? [ENV_ACCESS_KEY_ID, ENV_SECRET_ACCESS_KEY]
          : [ENV_SECRET_ACCESS_KEY, ENV_ACCESS_KEY_ID];
      warnings.push(`${have} is set in ${where} without ${missing}; the partial pair is ignored.`);
      return { skipped: `partial key pair in ${where} (${missing} is not set)`, warnings };
    }
    if (sessionToken !== undefined) {
      warnings.push(`${tokenName} is set in ${where} without a key pair; it is ignored.`);
    }
    return {
      skipped: `${ENV_ACCESS_KEY_ID} + ${ENV_SECRET_ACCESS_KEY} are not set in ${where}`,
      warnings,
    };
  }
  if (!isAccessKeyId(accessKeyId)) {
    const swapped = looksLikeAwsKeyId(secretAccessKey);
    throw new CredentialConfigError(
      "ENV_CREDENTIAL_MALFORMED",
      swapped
        ? `${ENV_ACCESS_KEY_ID} and ${ENV_SECRET_ACCESS_KEY} in ${where} look swapped: the key ID variable holds a secret and the secret variable a key ID.`
        : `${ENV_ACCESS_KEY_ID} in ${where} is not an access key ID (16–128 upper-case letters and digits).`,
      {
        hint: swapped
          ? `Put the AKIA…/ASIA… value in ${ENV_ACCESS_KEY_ID} and the 40-character secret in ${ENV_SECRET_ACCESS_KEY}.`
          : `Set ${ENV_ACCESS_KEY_ID} to the access key ID as IAM shows it (AKIA… or ASIA…).`,
      },
    );
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
  const expiration = envExpiration(record, origin, now);
  const accountId = presentValue(record?.[ENV_ACCOUNT_ID]);
  const credentialScope = presentValue(record?.[ENV_CREDENTIAL_SCOPE]);
  const profileWarning = profileBesidePair(record, origin, processEnv);
  if (profileWarning !== undefined) warnings.push(profileWarning);
  if (legacyToken !== undefined && modernToken === undefined) {
    warnings.push(
      `${ENV_SECURITY_TOKEN} in ${where} is read as ${ENV_SESSION_TOKEN} (its older spelling).`,
    );
  }
  const names = [
    ENV_ACCESS_KEY_ID,
    ENV_SECRET_ACCESS_KEY,
    ...(sessionToken !== undefined ? [tokenName] : []),
  ];
  return {
    chosen: {
      source: origin,
      kind: "aws-static",
      detail: names.join("+"),
      credentials: {
        accessKeyId,
        secretAccessKey,
        ...(sessionToken !== undefined ? { sessionToken } : {}),
        ...(expiration !== undefined ? { expiration } : {}),
        ...(accountId !== undefined ? { accountId } : {}),
        ...(credentialScope !== undefined ? { credentialScope } : {}),
      },
      reason: `${names.join(" + ")} are set in ${where}`,
    },
    warnings,
  };
}

/**
 * `AWS_PROFILE` beside a chosen pair: the pair wins (as botocore decides), but the AWS SDK for
 * JavaScript on its own takes the profile, so the choice is said out loud. For an env-file pair the
 * profile may be the process environment's: a `.env` that came with a checkout then outranks the
 * user's own profile, which is worth a warning too.
 */
function profileBesidePair(
  record: EnvRecord | undefined,
  origin: EnvOrigin,
  processEnv: EnvRecord | undefined,
): string | undefined {
  const pair = `${ENV_ACCESS_KEY_ID} + ${ENV_SECRET_ACCESS_KEY}`;
  if (origin === "env") {
    if (presentValue(record?.[ENV_PROFILE]) === undefined) return undefined;
    return `${ENV_PROFILE} is set beside ${pair} in the environment; credchain uses the key pair (as botocore does), for every client. The AWS SDK for JavaScript on its own would use the profile: unset one of them.`;
  }
  const inEnv = presentValue(processEnv?.[ENV_PROFILE]) !== undefined;
  if (!inEnv && presentValue(record?.[ENV_PROFILE]) === undefined) return undefined;
  return `${ENV_PROFILE} is set beside ${pair} in the env file (${ENV_PROFILE} is in ${inEnv ? "the environment" : "the env file"}); credchain uses the env file's key pair, for every client, where the AWS SDK for JavaScript would use the profile. An env file can come with a checkout you did not write: remove the pair from it, or unset ${ENV_PROFILE}.`;
}

/** `AWS_CREDENTIAL_EXPIRATION` as a date: malformed → `ENV_CREDENTIAL_MALFORMED`, past → `CREDENTIALS_EXPIRED`. */
function envExpiration(
  record: EnvRecord | undefined,
  origin: EnvOrigin,
  now: number,
): Date | undefined {
  const raw = presentValue(record?.[ENV_CREDENTIAL_EXPIRATION]);
  if (raw === undefined) return undefined;
  const expiration = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(expiration.getTime())) {
    throw new CredentialConfigError(
      "ENV_CREDENTIAL_MALFORMED",
      `${ENV_CREDENTIAL_EXPIRATION} (${sourceLabel(origin)}) is not an ISO-8601 date.`,
      { hint: "Write it as the AWS CLI does, e.g. 2026-01-31T12:00:00Z." },
    );
  }
  if (expiration.getTime() <= now) {
    throw new CredentialConfigError(
      "CREDENTIALS_EXPIRED",
      `The env key pair in ${originLabel(origin)} expired at ${ENV_CREDENTIAL_EXPIRATION} (${expiration.toISOString()}).`,
      {
        hint: `Refresh the temporary credentials (aws sts get-session-token, aws configure export-credentials) and set them again.`,
      },
    );
  }
  return expiration;
}

/**
 * Steps 4–5 for Bedrock over one snapshot: `AWS_BEARER_TOKEN_BEDROCK`, then the key pair of
 * {@link envPairStep}.
 */
export function bedrockEnvStep(
  record: EnvRecord | undefined,
  origin: EnvOrigin,
  processEnv?: EnvRecord,
): StepOutcome {
  const where = originLabel(origin);
  const bearer = envCredential(record, ENV_BEARER_TOKEN_BEDROCK, origin);
  if (bearer === undefined) {
    const pair = envPairStep(record, origin, processEnv);
    if (!("skipped" in pair) || pair.skipped.startsWith("partial")) return pair;
    return {
      skipped: `neither ${ENV_BEARER_TOKEN_BEDROCK} nor ${ENV_ACCESS_KEY_ID} + ${ENV_SECRET_ACCESS_KEY} is set in ${where}`,
      warnings: pair.warnings,
    };
  }
  if (looksLikeAwsKeyId(bearer) || bearer.includes(":")) {
    throw new CredentialConfigError(
      "ENV_CREDENTIAL_MALFORMED",
      `${ENV_BEARER_TOKEN_BEDROCK} (${sourceLabel(origin)}) holds an AWS access key, not a Bedrock API key.`,
      {
        hint: `Set ${ENV_ACCESS_KEY_ID} and ${ENV_SECRET_ACCESS_KEY} for a key pair; ${ENV_BEARER_TOKEN_BEDROCK} takes a Bedrock API key (ABSK… or bedrock-api-key-…).`,
      },
    );
  }
  const warnings: string[] = [];
  const fullPair =
    presentValue(record?.[ENV_ACCESS_KEY_ID]) !== undefined &&
    presentValue(record?.[ENV_SECRET_ACCESS_KEY]) !== undefined;
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

/**
 * Step 3–5 dispatch for the env snapshots, by provider. `processEnv` is the environment beside an
 * env file (its `AWS_PROFILE` is warned about when the file's key pair is chosen).
 */
export function envStep(
  provider: Provider,
  record: EnvRecord | undefined,
  origin: EnvOrigin,
  processEnv?: EnvRecord,
): StepOutcome {
  return provider === "bedrock"
    ? bedrockEnvStep(record, origin, processEnv)
    : apiKeyEnvStep(provider, record, origin);
}
