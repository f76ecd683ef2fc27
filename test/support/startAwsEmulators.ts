// Every loopback AWS emulator at once, sharing one credential registry, with the environment
// variables that point the AWS SDK at them.
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry } from "./credentialRegistry.js";
import type { ServedCredentialInput } from "./rotatingCredentials.js";
import { startBedrockEmulator } from "./startBedrockEmulator.js";
import type { BedrockEmulator, BedrockEmulatorOptions } from "./startBedrockEmulator.js";
import { startContainerCredentialsEmulator } from "./startContainerCredentialsEmulator.js";
import type { ContainerCredentialsEmulator } from "./startContainerCredentialsEmulator.js";
import { startImdsEmulator } from "./startImdsEmulator.js";
import type { ImdsEmulator } from "./startImdsEmulator.js";
import { startPollyEmulator } from "./startPollyEmulator.js";
import { startS3Emulator } from "./startS3Emulator.js";
import type { S3Emulator } from "./startS3Emulator.js";
import { startSecretsManagerEmulator } from "./startSecretsManagerEmulator.js";
import type {
  SecretsManagerEmulator,
  SecretsManagerEmulatorOptions,
} from "./startSecretsManagerEmulator.js";
import type { ServiceEmulator } from "./startServiceEmulator.js";
import { startSesEmulator } from "./startSesEmulator.js";
import type { SesEmulator } from "./startSesEmulator.js";
import { startSsmEmulator } from "./startSsmEmulator.js";
import type { SsmEmulator, SsmEmulatorOptions } from "./startSsmEmulator.js";
import { startStsEmulator } from "./startStsEmulator.js";
import type { RoleTrust, StsEmulator } from "./startStsEmulator.js";

/** Options for {@link startAwsEmulators}. */
export interface AwsEmulatorsOptions {
  /** The registry every emulator shares. @default a registry with the example keys */
  registry?: CredentialRegistry;
  /** Secrets Manager seed secrets (see `startSecretsManagerEmulator`). */
  secrets?: SecretsManagerEmulatorOptions["secrets"];
  /** Pin the Secrets Manager signature region. @default any region */
  secretsManagerRegion?: string;
  /** STS roles and their trust rules; any well-formed role can be assumed when unset. */
  roles?: Record<string, RoleTrust>;
  /** Bedrock API keys accepted as bearer tokens. */
  bedrockApiKeys?: readonly string[];
  /** Bedrock's answer text. */
  bedrockReply?: BedrockEmulatorOptions["reply"];
  /** The token the container endpoint demands in `Authorization`. @default none */
  containerAuthToken?: string;
  /** What the container endpoint serves first. @default freshly issued `ASIA…` keys */
  containerCredentials?: ServedCredentialInput;
  /** The IMDS instance role name. @default "credchain-instance-role" */
  imdsRoleName?: string;
  /** SES verified identities; any sender when unset. */
  verifiedIdentities?: readonly string[];
  /** Parameter Store seed parameters (see `startSsmEmulator`). */
  parameters?: SsmEmulatorOptions["parameters"];
}

/** The base URL of each emulator. */
export interface AwsEmulatorUrls {
  secretsManager: string;
  sts: string;
  bedrockRuntime: string;
  polly: string;
  sesv2: string;
  s3: string;
  /** The full container credentials URI (with its path). */
  containerCredentials: string;
  imds: string;
  /** Parameter Store (`AWS_ENDPOINT_URL_SSM`). */
  ssm: string;
}

/** All emulators, started together. */
export interface AwsEmulators {
  readonly registry: CredentialRegistry;
  readonly secretsManager: SecretsManagerEmulator;
  readonly sts: StsEmulator;
  readonly container: ContainerCredentialsEmulator;
  readonly imds: ImdsEmulator;
  readonly bedrock: BedrockEmulator;
  readonly polly: ServiceEmulator;
  readonly ses: SesEmulator;
  readonly s3: S3Emulator;
  readonly ssm: SsmEmulator;
  readonly urls: AwsEmulatorUrls;
  /** `AWS_ENDPOINT_URL_{SECRETS_MANAGER,STS,BEDROCK_RUNTIME,POLLY,SESV2,S3}` only: no credentials source. */
  readonly endpointEnv: Readonly<Record<string, string>>;
  /** `endpointEnv` plus the container credentials variables, so the SDK default chain finds a role. */
  readonly env: Readonly<Record<string, string>>;
  /** The IMDS variables (`AWS_EC2_METADATA_SERVICE_ENDPOINT`, `AWS_EC2_METADATA_DISABLED=false`), to use instead of the container ones. */
  readonly imdsEnv: Readonly<Record<string, string>>;
  /** Closes every emulator. */
  close(): Promise<void>;
}

/**
 * Starts every emulator on 127.0.0.1 with one shared credential registry.
 *
 * @example
 * const aws = await startAwsEmulators({ secrets: { "prod/app": { OPENAI_API_KEY: "sk-test" } } });
 * Object.assign(process.env, aws.env);
 * // SDK clients built with no endpoint now reach the emulators, signing with the container role
 * await aws.close();
 */
export async function startAwsEmulators(options: AwsEmulatorsOptions = {}): Promise<AwsEmulators> {
  const registry = options.registry ?? createCredentialRegistry();
  const starting = [
    startSecretsManagerEmulator({
      registry,
      ...(options.secrets !== undefined && { secrets: options.secrets }),
      ...(options.secretsManagerRegion !== undefined && { region: options.secretsManagerRegion }),
    }),
    startStsEmulator({ registry, ...(options.roles !== undefined && { roles: options.roles }) }),
    startContainerCredentialsEmulator({
      registry,
      ...(options.containerAuthToken !== undefined && { authToken: options.containerAuthToken }),
      ...(options.containerCredentials !== undefined && {
        credentials: options.containerCredentials,
      }),
    }),
    startImdsEmulator({
      registry,
      ...(options.imdsRoleName !== undefined && { roleName: options.imdsRoleName }),
    }),
    startBedrockEmulator({
      registry,
      ...(options.bedrockApiKeys !== undefined && { apiKeys: options.bedrockApiKeys }),
      ...(options.bedrockReply !== undefined && { reply: options.bedrockReply }),
    }),
    startPollyEmulator({ registry }),
    startSesEmulator({
      registry,
      ...(options.verifiedIdentities !== undefined && {
        verifiedIdentities: options.verifiedIdentities,
      }),
    }),
    startS3Emulator({ registry }),
    startSsmEmulator({
      registry,
      ...(options.parameters !== undefined && { parameters: options.parameters }),
    }),
  ] as const;
  const settled = await Promise.allSettled(starting);
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure !== undefined) {
    await Promise.all(
      settled.map((r) => (r.status === "fulfilled" ? r.value.close() : Promise.resolve())),
    );
    throw failure.reason;
  }
  const [secretsManager, sts, container, imds, bedrock, polly, ses, s3, ssm] =
    await Promise.all(starting);

  const urls: AwsEmulatorUrls = {
    secretsManager: secretsManager.url,
    sts: sts.url,
    bedrockRuntime: bedrock.url,
    polly: polly.url,
    sesv2: ses.url,
    s3: s3.url,
    containerCredentials: container.url,
    imds: imds.url,
    ssm: ssm.url,
  };
  const endpointEnv = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: urls.secretsManager,
    AWS_ENDPOINT_URL_STS: urls.sts,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: urls.bedrockRuntime,
    AWS_ENDPOINT_URL_POLLY: urls.polly,
    AWS_ENDPOINT_URL_SESV2: urls.sesv2,
    AWS_ENDPOINT_URL_S3: urls.s3,
    AWS_ENDPOINT_URL_SSM: urls.ssm,
  };
  const all = [secretsManager, sts, container, imds, bedrock, polly, ses, s3, ssm];
  return {
    registry,
    secretsManager,
    sts,
    container,
    imds,
    bedrock,
    polly,
    ses,
    s3,
    ssm,
    urls,
    endpointEnv,
    env: { ...endpointEnv, ...container.env },
    imdsEnv: imds.env,
    close: async () => {
      await Promise.all(all.map((e) => e.close()));
    },
  };
}
