import type { EnvRecord } from "../core/EnvRecord.js";
import { envPairStep } from "../core/envSteps.js";
import type { CredentialSource } from "./CredentialSource.js";
import { envFileSnapshotSource } from "./fromEnvFile.js";
import type { EnvFileSnapshot } from "../internal/readEnvFile.js";
import { stepToResult } from "./stepToResult.js";

/**
 * The `env` source of the service chain: the AWS key pair alone (no bearer token, no LLM key), by
 * the same rules as `decideAwsCredentials`. @internal
 */
export function envPairSource(env: EnvRecord): CredentialSource {
  return {
    name: "env",
    async resolve() {
      return stepToResult("env", envPairStep(env, "env"));
    },
  };
}

/**
 * The service chain's `env-file` source: the file's AWS key pair alone (`env` beside it, for the
 * `AWS_PROFILE` warning). @internal
 */
export function envFilePairSource(
  first: EnvFileSnapshot,
  reload: () => EnvFileSnapshot,
  env: EnvRecord,
): CredentialSource {
  return envFileSnapshotSource(first, reload, env, (_provider, values) =>
    envPairStep(values, "env-file", env),
  );
}
