import type { EnvRecord } from "../core/EnvRecord.js";
import { readOptions } from "../core/checkOptions.js";
import { envStep } from "../core/envSteps.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import type { CredentialSource } from "./CredentialSource.js";
import { stepToResult } from "./stepToResult.js";
import { readSourceContext } from "./sourceContext.js";
import { readEnv } from "../core/readInput.js";

/** Options of {@link fromEnv}. */
export interface FromEnvInit {
  /** The environment snapshot. @default process.env */
  env?: EnvRecord;
}

const initSchema = lazySchema((z) => z.strictObject({ env: commonOptionFields(z).env.optional() }));

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
  init = readOptions("fromEnv", init, initSchema);
  return {
    name: "env",
    async resolve(given) {
      const context = readSourceContext(given, "env");
      return stepToResult(
        "env",
        envStep(context.provider, readEnv(init.env ?? process.env, "fromEnv env"), "env"),
      );
    },
  };
}
