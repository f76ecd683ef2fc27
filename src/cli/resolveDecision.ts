import type { CredentialChain } from "../chain/createCredentialChain.js";
import type { DecideInput } from "../core/decideCredentials.js";
import type { CredentialDecision } from "../core/types.js";

/** What `explain` and `doctor` decide with; the input of `decideCredentials`. */
export type DecisionInput = DecideInput;

/**
 * The standard chain from `createChainFromEnv` over the command's input (`credchain explain
 * --resolve`, doctor's "credentials resolve" and "sts identity" checks) — the same order as the
 * pure decision, with Secrets Manager and the AWS default chain consulted — so the CLI and a
 * service built on that preset agree. AWS endpoints follow the SDK's own settings
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_CONTAINER_CREDENTIALS_FULL_URI`, …).
 */
export async function chainFor(input: DecisionInput, cwd?: string): Promise<CredentialChain> {
  // Loaded on demand: the chain's sources pull in AWS SDK modules the offline commands never need.
  const { createChainFromEnv } = await import("../chain/createChainFromEnv.js");
  return createChainFromEnv({
    ...(input.provider === undefined ? {} : { provider: input.provider }),
    adminKey: { key: input.adminKey, region: input.adminRegion, modelId: input.adminModelId },
    env: input.env,
    // The env file the command already read, or the chain's own look for ./.env in cwd.
    ...(input.envFile === undefined ? {} : { envFile: input.envFile }),
    ...(cwd === undefined ? {} : { cwd }),
  });
}

/**
 * Resolves a decision through the network sources (see {@link chainFor}); `auth.resolved` holds
 * the masked identity that resolved.
 */
export async function resolveDecision(
  input: DecisionInput,
  cwd?: string,
): Promise<CredentialDecision> {
  return (await chainFor(input, cwd)).resolve();
}
