import { readEnv } from "../core/readInput.js";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { isObject, readOptions } from "../core/checkOptions.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { lazySchema } from "../core/lazyZod.js";
import type { Logger } from "../core/Logger.js";
import { commonOptionFields } from "../core/optionFields.js";
import { resolveRegion, warnedRegion } from "../core/region.js";
import { secretsManagerRegionSourced } from "../core/secretsManagerRegion.js";
import { readEnvFileSnapshot } from "../internal/readEnvFile.js";
import { chainEnvironment } from "../chain/chainEnvironment.js";
import { createAwsChain } from "../chain/createAwsChain.js";
import { sharedAwsChain } from "../chain/sharedAwsChain.js";
import type { CredentialChain } from "../chain/createCredentialChain.js";
import { envFileOption } from "../sources/envFileOption.js";

/** Options shared by the AWS client config helpers. */
export interface AwsClientConfigOptions {
  /**
   * The chain whose identity the client signs with.
   * @default one service chain (`createAwsChain`) per environment snapshot, shared by every helper
   */
  chain?: CredentialChain;
  /**
   * The environment snapshot (for the region, and the shared chain).
   * @default the chain's (`process.env` for the shared one)
   */
  env?: EnvRecord;
  /**
   * The env file for the chain made here (a path, parsed values, or `false`); given, the chain is
   * this client's own rather than the shared one. The region is read from the same file.
   * @default the chain's: `./.env` when it exists
   */
  envFile?: EnvRecord | string | false;
  /** A region that beats the environment's. */
  region?: string;
  /** Receives a warning when the region is one no AWS partition lists (`eu-wst-1`). */
  logger?: Logger;
}

/**
 * Config for an AWS SDK v3 client: the region and the chain's credential provider, plus the chain
 * itself for the recovery plugin (`client.middlewareStack.use(refreshOnAuthFailure(config.chain))`).
 * The SDK client constructors keep keys they do not know untouched, so `new PollyClient(config)`
 * works as it is.
 */
export interface AwsClientConfig {
  /**
   * `options.region` → `AWS_REGION` → `AWS_DEFAULT_REGION` (process env, then the env file) →
   * the chain's `defaults.region` → `us-east-1`, as the chain's decision reads them (Secrets
   * Manager: `SECRETS_MANAGER_REGION` → `AWS_REGION`, process env then env file).
   */
  region: string;
  /**
   * The chain's provider: memoized, refreshed before expiry, the same identity for every client
   * built from the same chain. A function, so `util.inspect(config)` shows no key.
   */
  credentials: AwsCredentialIdentityProvider;
  /**
   * The chain `credentials` comes from (the shared service chain when none was given): hand it to
   * {@link refreshOnAuthFailure} so a rotated or revoked key heals without a restart.
   */
  chain: CredentialChain;
}

const optionsSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    chain: z
      .custom(
        (v) => isObject(v) && typeof (v as { credentials?: unknown }).credentials === "function",
        {
          error: "must be a credential chain",
        },
      )
      .optional(),
    env: f.env.optional(),
    envFile: envFileOption(z).optional(),
    region: f.region.optional(),
    logger: f.logger.optional(),
  });
});

/** The chain of `options`, already read by `readOptions`. */
function chainFor(options: AwsClientConfigOptions): CredentialChain {
  if (options.chain !== undefined) return options.chain;
  const env = options.env ?? process.env;
  return options.envFile === undefined
    ? sharedAwsChain(env)
    : createAwsChain({ env, envFile: options.envFile });
}

/**
 * What the region is read from: the chain's own reading (its env, the env file it read, its
 * `defaults.region`), with the `env` and `envFile` options first when given.
 */
function regionInput(fn: string, options: AwsClientConfigOptions, chain: CredentialChain) {
  const reading = chainEnvironment(chain);
  const envFile =
    options.chain !== undefined && options.envFile !== undefined
      ? readEnvFileSnapshot(options.envFile).values
      : reading?.envFile;
  return {
    env: readEnv(options.env ?? reading?.env ?? process.env, `${fn} env`),
    envFile,
    defaultRegion: reading?.defaultRegion,
  };
}

function config(fn: string, options: AwsClientConfigOptions): AwsClientConfig {
  options = readOptions(fn, options, optionsSchema);
  const chain = chainFor(options);
  const region = resolveRegion({ adminRegion: options.region, ...regionInput(fn, options, chain) });
  return { region: warnedRegion(region, options.logger), credentials: chain.credentials, chain };
}

/**
 * Config for `new PollyClient(...)`: the service identity (the env pair, else the env file's,
 * else the SDK default chain: IAM role, profile, …) as a refreshing provider. Region, as the
 * chain's decision reads it: `options.region` → `AWS_REGION` → `AWS_DEFAULT_REGION` (environment,
 * then the chain's env file, `./.env` by default) → the chain's `defaults.region` → `us-east-1`; a
 * region no AWS partition lists is used with a warning to `options.logger`.
 *
 * @example
 * ```ts
 * const config = pollyClientConfig();
 * const polly = new PollyClient(config);
 * polly.middlewareStack.use(refreshOnAuthFailure(config.chain)); // heals a rotated key
 * ```
 */
export function pollyClientConfig(options: AwsClientConfigOptions = {}): AwsClientConfig {
  return config("pollyClientConfig", options);
}

/** Config for `new S3Client(...)`: the service identity, as {@link pollyClientConfig}. */
export function s3ClientConfig(options: AwsClientConfigOptions = {}): AwsClientConfig {
  return config("s3ClientConfig", options);
}

/** Config for `new SESv2Client(...)`: the service identity, as {@link pollyClientConfig}. */
export function sesClientConfig(options: AwsClientConfigOptions = {}): AwsClientConfig {
  return config("sesClientConfig", options);
}

/**
 * Config for `new SecretsManagerClient(...)`: the service identity, as {@link pollyClientConfig};
 * region `options.region` → `SECRETS_MANAGER_REGION` → `AWS_REGION` (environment, then the
 * chain's env file) → `us-east-1`.
 */
export function secretsManagerClientConfig(options: AwsClientConfigOptions = {}): AwsClientConfig {
  const fn = "secretsManagerClientConfig";
  options = readOptions(fn, options, optionsSchema);
  const chain = chainFor(options);
  const { env, envFile } = regionInput(fn, options, chain);
  const region = secretsManagerRegionSourced(env, options.region, "option region", envFile);
  return { region: warnedRegion(region, options.logger), credentials: chain.credentials, chain };
}
