import { checkOptions } from "./checkOptions.js";
import { createDecision } from "./createDecision.js";
import type { EnvRecord } from "./EnvRecord.js";
import { envPairStep } from "./envSteps.js";
import { readEnv, readOptionalEnv } from "./readInput.js";
import { lazySchema } from "./lazyZod.js";
import { commonOptionFields } from "./optionFields.js";
import { resolveRegion, unknownRegionWarning } from "./region.js";
import type { StepOutcome } from "./StepOutcome.js";
import type { CredentialDecision, CredentialResult, TraceEntry } from "./types.js";

/** Input of {@link decideAwsCredentials}. */
export interface DecideAwsInput {
  /** An environment snapshot. Required: the core never reads `process.env` itself. */
  env: EnvRecord;
  /** A parsed `.env` file, consulted after `env`. */
  envFile?: EnvRecord | undefined;
  /** Why there is no `envFile`, for its trace row. @default "no env file was given" */
  envFileNote?: string | undefined;
  /** A region that beats the environment's (a client helper's `region` option). */
  region?: string | undefined;
}

const inputSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    env: f.env,
    envFile: f.envFileRecord.optional(),
    envFileNote: z.string({ error: "must be a string" }).optional(),
    region: z.string({ error: "must be a string" }).optional(),
  });
});

const NOT_CONSULTED = "an earlier source was chosen";

/**
 * The service identity — what every AWS client that is not the AI assistant signs with (Polly,
 * SES, S3, Secrets Manager, the fallback Bedrock client) — decided without I/O: the env key pair →
 * the env file's → the AWS SDK default chain (profiles, SSO, web identity, ECS, IMDS), with
 * credchain's rules (trimmed, blank is absent, quotes and swapped pairs refused, `AWS_PROFILE`
 * beside a pair warned about). No admin key and no bearer token: those are the assistant's.
 * `createAwsChain` resolves the same order live.
 *
 * @example
 * ```ts
 * decideAwsCredentials({ env: process.env }).auth; // { kind: "aws-static", source: "env", … }
 * ```
 */
export function decideAwsCredentials(input: DecideAwsInput): CredentialDecision {
  const checked = checkOptions("decideAwsCredentials", input, inputSchema, { required: true });
  const env = readEnv(checked.env, "decideAwsCredentials env");
  const envFile = readOptionalEnv(checked.envFile, "decideAwsCredentials envFile");
  const trace: TraceEntry[] = [];
  const warnings: string[] = [];
  let chosen: CredentialResult | null = null;
  const run = (source: string, step: () => StepOutcome): void => {
    if (chosen !== null) {
      trace.push({ source, outcome: "not-consulted", reason: NOT_CONSULTED });
      return;
    }
    const outcome = step();
    warnings.push(...outcome.warnings);
    if ("chosen" in outcome) {
      chosen = outcome.chosen;
      trace.push({ source, outcome: "chosen", reason: outcome.chosen.reason });
    } else {
      trace.push({ source, outcome: "skipped", reason: outcome.skipped });
    }
  };
  run("env", () => envPairStep(env, "env"));
  run("env-file", () =>
    envFile === undefined
      ? { skipped: input.envFileNote ?? "no env file was given", warnings: [] }
      : envPairStep(envFile, "env-file", env),
  );
  run("default-chain", () => ({
    chosen: {
      source: "default-chain",
      kind: "aws-default-chain",
      detail: null,
      reason:
        "no explicit credentials; the AWS SDK default chain (SSO, profiles, web identity, ECS, IMDS) resolves them at call time",
    },
    warnings: [],
  }));
  const region = resolveRegion({ adminRegion: input.region, env, envFile });
  const regionWarning = unknownRegionWarning(region);
  if (regionWarning !== undefined) warnings.push(regionWarning);
  return createDecision({ provider: "bedrock", chosen, region, modelId: null, trace, warnings });
}
