import type { EnvRecord } from "../core/EnvRecord.js";
import { envStep } from "../core/envSteps.js";
import type { CredentialSource } from "./CredentialSource.js";
import { stepToResult } from "./stepToResult.js";

/** Options of {@link fromEnv}. */
export interface FromEnvInit {
  /** The environment snapshot. @default process.env */
  env?: EnvRecord;
}

/**
 * The environment source (`env`). Bedrock: `AWS_BEARER_TOKEN_BEDROCK`, else `AWS_ACCESS_KEY_ID` +
 * `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`); a partial pair skips with a warning. API-key
 * providers: `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `COHERE_API_KEY` / `CO_API_KEY`, `CUSTOM_API_KEY`.
 *
 * @example
 * ```ts
 * createCredentialChain({ provider: "bedrock", sources: [fromEnv({ env: process.env })] });
 * ```
 */
export function fromEnv(init: FromEnvInit = {}): CredentialSource {
  return {
    name: "env",
    async resolve(context) {
      return stepToResult("env", envStep(context.provider, init.env ?? process.env, "env"));
    },
  };
}
