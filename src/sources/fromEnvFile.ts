import { readOptions } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import { SourceSkippedError } from "../core/SourceSkippedError.js";
import { envFileOption } from "./envFileOption.js";
import { envStep } from "../core/envSteps.js";
import type { CredentialSource } from "./CredentialSource.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import type { StepOutcome } from "../core/StepOutcome.js";
import type { Provider } from "../core/types.js";
import { readEnvFile, type EnvFileInput, type EnvFileSnapshot } from "../internal/readEnvFile.js";
import { stepToResult } from "./stepToResult.js";
import { readSourceContext } from "./sourceContext.js";

export type { EnvFileInput } from "../internal/readEnvFile.js";

/** Options of {@link fromEnvFile}. */
export interface FromEnvFileInit {
  /** A path (read on each resolution, parsed as dotenv parses it) or already-parsed values. @default ".env" */
  envFile?: EnvFileInput;
}

const initSchema = lazySchema((z) => z.strictObject({ envFile: envFileOption(z).optional() }));

/**
 * The env-file source (`env-file`): the same variables as {@link fromEnv}, read from a `.env`
 * file. A missing file skips.
 */
export function fromEnvFile(init: FromEnvFileInit = {}): CredentialSource {
  init = readOptions("fromEnvFile", init, initSchema);
  const input = init.envFile ?? ".env";
  return {
    name: "env-file",
    async resolve(given) {
      const context = readSourceContext(given, "env-file");
      const values = await readEnvFile(input);
      if (values === undefined) {
        throw new SourceSkippedError(
          "env-file",
          typeof input === "string" ? `env file ${input} does not exist` : "no env file",
        );
      }
      // process.env beside the file: its AWS_PROFILE is warned about when the file's pair wins.
      return stepToResult("env-file", envStep(context.provider, values, "env-file", process.env));
    },
  };
}

/**
 * The `env-file` source of a chain built from the environment, over a file read when the chain is
 * made and again on `invalidate()` (a rewritten `.env` is picked up by the next resolution); its
 * trace row says why when there is no file. `step` reads one snapshot (the provider's env step
 * with `env` beside it, or the AWS key pair alone for service chains).
 * @internal
 */
export function envFileSnapshotSource(
  first: EnvFileSnapshot,
  reload: () => EnvFileSnapshot,
  env: EnvRecord,
  step: (provider: Provider, values: EnvRecord) => StepOutcome = (provider, values) =>
    envStep(provider, values, "env-file", env),
): CredentialSource {
  let snapshot: EnvFileSnapshot | Error = first;
  return {
    name: "env-file",
    invalidate() {
      try {
        snapshot = reload();
      } catch (error) {
        snapshot = error as Error;
      }
    },
    async resolve(given) {
      const context = readSourceContext(given, "env-file");
      if (snapshot instanceof Error) throw snapshot;
      if (snapshot.values === undefined) throw new SourceSkippedError("env-file", snapshot.absent);
      return stepToResult("env-file", step(context.provider, snapshot.values));
    },
  };
}
