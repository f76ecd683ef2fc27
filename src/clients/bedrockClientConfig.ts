import type { AwsCredentialIdentityProvider, TokenIdentityProvider } from "@smithy/types";
import { isCredchainError } from "../core/CredchainError.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { safeCause } from "../internal/sdkError.js";
import type { CredentialDecision } from "../core/types.js";
import type { CredentialChain } from "../chain/createCredentialChain.js";

/**
 * Configuration for `new BedrockRuntimeClient(config)` (or `BedrockClient`, `BedrockAgentRuntimeClient`).
 * A plain object: credchain does not depend on any Bedrock package.
 */
export interface BedrockClientConfig {
  /** The decision's region (`decision.region.value`; see {@link CredentialDecision.region}). */
  region: string;
  /** SigV4 credentials: a provider (the decision's identity, or a chain's refreshing one). */
  credentials?: AwsCredentialIdentityProvider;
  /** A Bedrock API key, sent as `Authorization: Bearer`: a provider, like `credentials`. */
  token?: TokenIdentityProvider;
  /**
   * Pinned so that a stray `AWS_BEARER_TOKEN_BEDROCK` in the environment can never override the
   * credentials the decision chose (the SDK otherwise prefers it), and so that a bearer token is used
   * when one was chosen.
   */
  authSchemePreference: ["sigv4"] | ["httpBearerAuth"];
  /**
   * From a chain: the chain itself, for {@link refreshOnAuthFailure}
   * (`client.middlewareStack.use(refreshOnAuthFailure(config.chain))`). Absent for a decision,
   * which holds one fixed identity.
   */
  chain?: CredentialChain;
}

function notBedrock(kind: string): CredentialConfigError {
  return new CredentialConfigError(
    "AUTH_KIND_MISMATCH",
    `The decision holds ${kind} credentials, not Bedrock credentials.`,
    {
      hint: 'Decide for provider bedrock (decideCredentials({ provider: "bedrock", … }) or a chain with provider bedrock).',
    },
  );
}

function isChain(value: CredentialDecision | CredentialChain): value is CredentialChain {
  return (
    typeof (value as CredentialChain).resolve === "function" &&
    typeof (value as CredentialChain).credentials === "function"
  );
}

function fromDecision(decision: CredentialDecision): BedrockClientConfig {
  if (decision.provider !== "bedrock" || decision.region === null)
    throw notBedrock(decision.provider);
  const region = decision.region.value;
  const identity = decision.reveal();
  switch (identity.kind) {
    case "aws-static": {
      // A provider rather than the identity itself: the config can be logged or inspected
      // without showing the secret, and the SDK takes either.
      const credentials = Object.freeze({ ...identity.credentials });
      return { region, credentials: async () => credentials, authSchemePreference: ["sigv4"] };
    }
    case "bearer-token": {
      const token = Object.freeze({ ...identity.token });
      return { region, token: async () => token, authSchemePreference: ["httpBearerAuth"] };
    }
    case "aws-default-chain":
      // The SDK's own default chain resolves (and refreshes) the credentials.
      return { region, authSchemePreference: ["sigv4"] };
    default:
      throw notBedrock(identity.kind);
  }
}

async function fromChain(chain: CredentialChain): Promise<BedrockClientConfig> {
  const decision = await chain.resolve();
  if (decision.provider !== "bedrock" || decision.region === null)
    throw notBedrock(decision.provider);
  const region = decision.region.value;
  if (decision.auth.kind === "bearer-token") {
    return { region, token: chain.token, authSchemePreference: ["httpBearerAuth"], chain };
  }
  return { region, credentials: chain.credentials, authSchemePreference: ["sigv4"], chain };
}

/**
 * SDK client config for Bedrock from a decision (synchronous) or a chain (resolves it first, then
 * hands over the chain's refreshing providers, and the chain as `chain` for
 * {@link refreshOnAuthFailure}).
 *
 * - Static or chained AWS credentials → `{ region, credentials, authSchemePreference: ["sigv4"] }`,
 *   `credentials` a provider function (so `util.inspect(config)` shows no secret).
 * - A Bedrock API key → `{ region, token, authSchemePreference: ["httpBearerAuth"] }`.
 * - The default chain (decision) → `{ region, authSchemePreference: ["sigv4"] }`; the SDK resolves.
 *
 * The model ID is `decision.modelId?.value`.
 *
 * @throws CredentialConfigError `AUTH_KIND_MISMATCH` for a non-Bedrock decision.
 * @example
 * ```ts
 * const decision = decideCredentials({ provider: "bedrock", adminKey, env: process.env });
 * const client = new BedrockRuntimeClient(bedrockClientConfig(decision));
 * await client.send(new ConverseCommand({ modelId: decision.modelId?.value, messages }));
 * ```
 */
export function bedrockClientConfig(decision: CredentialDecision): BedrockClientConfig;
export function bedrockClientConfig(chain: CredentialChain): Promise<BedrockClientConfig>;
export function bedrockClientConfig(
  source: CredentialDecision | CredentialChain,
): BedrockClientConfig | Promise<BedrockClientConfig> {
  if (typeof source !== "object" || source === null) throw notADecision();
  // Whatever is not a decision or a chain fails coded, however it fails (getters, Proxies).
  const coded = (error: unknown): never => {
    throw isCredchainError(error) ? error : notADecision(error);
  };
  try {
    return isChain(source) ? fromChain(source).catch(coded) : fromDecision(source);
  } catch (error) {
    return coded(error);
  }
}

function notADecision(cause?: unknown): CredentialConfigError {
  return new CredentialConfigError(
    "INVALID_INPUT",
    "bedrockClientConfig takes a CredentialDecision (from decideCredentials) or a CredentialChain.",
    {
      hint: 'Pass decideCredentials({ provider: "bedrock", … }) or a chain with provider bedrock.',
      cause: safeCause(cause),
    },
  );
}
