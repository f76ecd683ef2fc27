import type { AwsCredentialIdentity } from "@smithy/types";
import { resolveRegion } from "../core/region.js";
import { secretsManagerRegion } from "../core/secretsManagerRegion.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { bedrockEnvStep } from "../core/envSteps.js";

/** Options shared by the AWS client config helpers. */
export interface AwsClientConfigOptions {
  /** The environment snapshot. @default process.env */
  env?: EnvRecord;
  /** A region that beats the environment's. */
  region?: string;
}

/** `{ region }`, plus static `credentials` when the environment holds a key pair. */
export interface AwsClientConfig {
  /** `options.region` → `AWS_REGION` → `AWS_DEFAULT_REGION` → `us-east-1`. */
  region: string;
  /** The env key pair (with `AWS_SESSION_TOKEN` when set); absent: the SDK's default chain applies. */
  credentials?: AwsCredentialIdentity;
}

function regionOf(options: AwsClientConfigOptions, env: EnvRecord): string {
  return resolveRegion({ adminRegion: options.region, env }).value;
}

function envPairConfig(options: AwsClientConfigOptions): AwsClientConfig {
  const env = options.env ?? process.env;
  const region = regionOf(options, env);
  const withoutBearer = { ...env, AWS_BEARER_TOKEN_BEDROCK: undefined };
  const step = bedrockEnvStep(withoutBearer, "env");
  return "chosen" in step && step.chosen.credentials
    ? { region, credentials: step.chosen.credentials }
    : { region };
}

/**
 * Config for `new PollyClient(...)`: the env key pair (`AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY`,
 * with `AWS_SESSION_TOKEN`) when set, else only the region so the SDK's default chain (IAM role)
 * applies. Region: `options.region` → `AWS_REGION` → `AWS_DEFAULT_REGION` → `us-east-1`.
 *
 * @example
 * ```ts
 * const polly = new PollyClient(pollyClientConfig());
 * ```
 */
export function pollyClientConfig(options: AwsClientConfigOptions = {}): AwsClientConfig {
  return envPairConfig(options);
}

/** Config for `new S3Client(...)`: as {@link pollyClientConfig} (env pair when set, else default chain). */
export function s3ClientConfig(options: AwsClientConfigOptions = {}): AwsClientConfig {
  return envPairConfig(options);
}

/** Config for `new SESv2Client(...)`: the region only; the SDK's default chain supplies credentials. */
export function sesClientConfig(options: AwsClientConfigOptions = {}): {
  /** `options.region` → `AWS_REGION` → `AWS_DEFAULT_REGION` → `us-east-1`. */
  region: string;
} {
  const env = options.env ?? process.env;
  return { region: regionOf(options, env) };
}

/**
 * Config for `new SecretsManagerClient(...)`: region `options.region` → `SECRETS_MANAGER_REGION` →
 * `AWS_REGION` → `us-east-1`; the SDK's default chain supplies credentials.
 */
export function secretsManagerClientConfig(options: AwsClientConfigOptions = {}): {
  /** `options.region` → `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`. */
  region: string;
} {
  return { region: secretsManagerRegion(options.env ?? process.env, options.region) };
}
