import type { DecideInput } from "../core/decideCredentials.js";
import type { CredentialDecision } from "../core/types.js";

/** What `explain` and `doctor` decide with; the input of `decideCredentials`. */
export type DecisionInput = DecideInput;

/**
 * Resolves a decision through the network sources (`credchain explain --resolve`, doctor's
 * "credentials resolve" check): the standard chain from `createChainFromEnv` — the same order as
 * the pure decision, with Secrets Manager and the AWS default chain consulted — so the CLI and a
 * service built on that preset agree. `auth.resolved` holds the masked identity that resolved.
 * AWS endpoints and credentials follow the SDK's own settings (`AWS_ENDPOINT_URL_SECRETS_MANAGER`,
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI`, …).
 */
export async function resolveDecision(
  input: DecisionInput,
  cwd?: string,
): Promise<CredentialDecision> {
  // Loaded on demand: the chain's sources pull in AWS SDK modules the offline commands never need.
  const { createChainFromEnv } = await import("../chain/createChainFromEnv.js");
  const chain = createChainFromEnv({
    ...(input.provider === undefined ? {} : { provider: input.provider }),
    adminKey: { key: input.adminKey, region: input.adminRegion, modelId: input.adminModelId },
    env: input.env,
    // The env file the command already read, or the chain's own look for ./.env in cwd.
    ...(input.envFile === undefined ? {} : { envFile: input.envFile }),
    ...(cwd === undefined ? {} : { cwd }),
  });
  return chain.resolve();
}
