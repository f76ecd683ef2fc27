import { checkOptions } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import { SourceSkippedError } from "../core/SourceSkippedError.js";
import { envFileOption } from "./envFileOption.js";
import { envStep } from "../core/envSteps.js";
import type { CredentialSource } from "./CredentialSource.js";
import { readEnvFile, type EnvFileInput } from "./readEnvFile.js";
import { stepToResult } from "./stepToResult.js";

/** Options of {@link fromEnvFile}. */
export interface FromEnvFileInit {
  /** A path (parsed with `util.parseEnv` on each resolution) or already-parsed values. @default ".env" */
  envFile?: EnvFileInput;
}

const initSchema = lazySchema((z) => z.strictObject({ envFile: envFileOption(z).optional() }));

/**
 * The env-file source (`env-file`): the same variables as {@link fromEnv}, read from a `.env`
 * file. A missing file skips.
 */
export function fromEnvFile(init: FromEnvFileInit = {}): CredentialSource {
  checkOptions("fromEnvFile", init, initSchema);
  const input = init.envFile ?? ".env";
  return {
    name: "env-file",
    async resolve(context) {
      const values = await readEnvFile(input);
      if (values === undefined) {
        throw new SourceSkippedError(
          "env-file",
          typeof input === "string" ? `env file ${input} does not exist` : "no env file",
        );
      }
      return stepToResult("env-file", envStep(context.provider, values, "env-file"));
    },
  };
}
