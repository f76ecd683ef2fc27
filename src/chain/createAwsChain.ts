import { readOptions } from "../core/checkOptions.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { lazySchema } from "../core/lazyZod.js";
import type { Logger } from "../core/Logger.js";
import { commonOptionFields } from "../core/optionFields.js";
import { envFilePairSource, envPairSource } from "../sources/awsPairSources.js";
import { envFileOption } from "../sources/envFileOption.js";
import { fromDefaultChain, type DefaultChainInit } from "../sources/fromDefaultChain.js";
import { readEnvFileSnapshot } from "../internal/readEnvFile.js";
import {
  createCredentialChain,
  type ChainRefreshEvent,
  type CredentialChain,
} from "./createCredentialChain.js";
import { readEnv } from "../core/readInput.js";

/** Options of {@link createAwsChain}. */
export interface AwsChainOptions {
  /** The environment snapshot. @default process.env */
  env?: EnvRecord;
  /**
   * The env file consulted after `env`: a path, parsed values, or `false` for none. Read once,
   * parsed as dotenv does.
   * @default `./.env` in `cwd` when it exists
   */
  envFile?: EnvRecord | string | false;
  /** Where `./.env` is looked for. @default process.cwd() */
  cwd?: string;
  /** Passed to the AWS SDK's `fromNodeProviderChain` (profile, role assumer, …). */
  defaultChain?: DefaultChainInit;
  /** @default REFRESH_BEFORE_MS (5 minutes) */
  refreshBeforeMs?: number;
  /** Receives source outcomes (names and reasons only), warnings and refresh failures. */
  logger?: Logger;
  /** Called when a resolution yields another identity (see `CredentialChain.onRefresh`). */
  onRefresh?: (event: ChainRefreshEvent) => void;
}

const optionsSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    env: f.env.optional(),
    envFile: envFileOption(z).optional(),
    cwd: z.string({ error: "must be a path" }).optional(),
    defaultChain: f.object("fromNodeProviderChain options").optional(),
    refreshBeforeMs: f.msNonNegative.optional(),
    logger: f.logger.optional(),
    onRefresh: f.fn("a function").optional(),
  });
});

/**
 * The service chain: the one AWS identity of a process for every client that is not the AI
 * assistant (Polly, SES, S3, Secrets Manager, the fallback Bedrock client). Order:
 *
 * 1. `env` — `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`,
 *    `AWS_CREDENTIAL_EXPIRATION`, …), trimmed, blank is absent; an `AWS_PROFILE` beside the pair
 *    is warned about and the pair wins
 * 2. `env-file` — the same in `./.env` (or `envFile`)
 * 3. `default-chain` — the AWS SDK default chain without its own env link: profiles, SSO, web
 *    identity, ECS, IMDS
 *
 * The client helpers (`pollyClientConfig`, `s3ClientConfig`, `sesClientConfig`,
 * `secretsManagerClientConfig`) share one such chain per environment snapshot, so every client of
 * a process signs as the identity `credchain explain --service polly --resolve` prints.
 *
 * @see decideAwsCredentials, the same order without I/O
 * @example
 * ```ts
 * const aws = createAwsChain();
 * const polly = new PollyClient(pollyClientConfig({ chain: aws }));
 * const s3 = new S3Client(s3ClientConfig({ chain: aws }));
 * ```
 */
export function createAwsChain(options: AwsChainOptions = {}): CredentialChain {
  options = readOptions("createAwsChain", options, optionsSchema);
  // Kept live (sources read it again on each resolution, defensively); a record that cannot be
  // read fails here, coded.
  const env = options.env ?? process.env;
  readEnv(env, "createAwsChain env");
  const envFile = readEnvFileSnapshot(options.envFile, options.cwd);
  return createCredentialChain({
    provider: "bedrock",
    sources: [
      envPairSource(env),
      envFilePairSource(envFile, () => readEnvFileSnapshot(options.envFile, options.cwd), env),
      fromDefaultChain({
        ...(options.defaultChain ? { init: options.defaultChain } : {}),
        skipEnv: true,
      }),
    ],
    env,
    ...(envFile.values ? { envFile: envFile.values } : {}),
    ...(options.refreshBeforeMs === undefined ? {} : { refreshBeforeMs: options.refreshBeforeMs }),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onRefresh ? { onRefresh: options.onRefresh } : {}),
  });
}
