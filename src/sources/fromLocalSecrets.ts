import { readOptions } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import { SourceSkippedError } from "../core/SourceSkippedError.js";
import { envFileOption } from "./envFileOption.js";
import { SECRET_NAME_ENV, localSecretVariable } from "../core/envNames.js";
import { presentValue } from "../core/parseAdminKey.js";
import { parseSecretPayload } from "../core/parseSecretPayload.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { localSecretStep } from "../core/secretSteps.js";
import type { CredentialSource } from "./CredentialSource.js";
import { readEnvFile, type EnvFileInput } from "../internal/readEnvFile.js";
import { readSourceContext } from "./sourceContext.js";
import { readEnv } from "../core/readInput.js";

/** Options of {@link fromLocalSecrets}. */
export interface FromLocalSecretsInit {
  /** The secret's name; defaults to `AWS_BEDROCK_SECRET_NAME` / `<P>_SECRET_NAME` from `env`. */
  name?: string;
  /** The environment snapshot. @default process.env */
  env?: EnvRecord;
  /** Env file consulted after `env`. */
  envFile?: EnvFileInput;
}

const initSchema = lazySchema((z) =>
  z.strictObject({
    name: commonOptionFields(z).secretName.optional(),
    env: commonOptionFields(z).env.optional(),
    envFile: envFileOption(z).optional(),
  }),
);

/**
 * The local-secret source (`local-secret`): the variable `SECRET_<name>` (every character outside
 * `[A-Za-z0-9_]` becomes `_`), in `env` then the env file, holding the same JSON (or plain API key)
 * as the Secrets Manager secret would. A malformed value stops the chain.
 *
 * @example
 * ```ts
 * // SECRET_prod_aws_bedrock='{"access_key_id":"AKIA…","secret_access_key":"…","region":"eu-west-1"}'
 * fromLocalSecrets({ name: "prod/aws/bedrock" });
 * ```
 */
export function fromLocalSecrets(init: FromLocalSecretsInit = {}): CredentialSource {
  init = readOptions("fromLocalSecrets", init, initSchema);
  return {
    name: "local-secret",
    async resolve(given) {
      const context = readSourceContext(given, "local-secret");
      const env = readEnv(init.env ?? process.env, "fromLocalSecrets env");
      const envFile = await readEnvFile(init.envFile);
      if (init.name === undefined) {
        const outcome = localSecretStep(context.provider, env, envFile);
        if ("skipped" in outcome) throw new SourceSkippedError("local-secret", outcome.skipped);
        return { ...outcome.chosen, warnings: outcome.warnings };
      }
      const variable = localSecretVariable(init.name);
      const fromEnv = presentValue(env[variable]);
      const text = fromEnv ?? presentValue(envFile?.[variable]);
      if (text === undefined) {
        throw new SourceSkippedError(
          "local-secret",
          `${variable} is not set (secret ${init.name}; ${SECRET_NAME_ENV[context.provider]} not consulted)`,
        );
      }
      const result = parseSecretPayload(text, context.provider, {
        source: "local-secret",
        secretName: init.name,
      });
      return {
        ...result,
        reason: `${variable} in ${fromEnv !== undefined ? "the environment" : "the env file"}: ${result.reason}`,
      };
    },
  };
}
