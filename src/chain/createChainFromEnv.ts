import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { isObject, readOptions } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import type { Logger } from "../core/Logger.js";
import { commonOptionFields } from "../core/optionFields.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import type { Provider } from "../core/types.js";
import { selectProvider } from "../core/decideCredentials.js";
import type { SecretStore } from "../secrets/SecretStore.js";
import type { CredentialSource } from "../sources/CredentialSource.js";
import { fromAdminKey, type AdminKeyInput } from "../sources/fromAdminKey.js";
import { fromDefaultChain, type DefaultChainInit } from "../sources/fromDefaultChain.js";
import { fromEnv } from "../sources/fromEnv.js";
import { envFileOption } from "../sources/envFileOption.js";
import { envFileSnapshotSource } from "../sources/fromEnvFile.js";
import { readEnvFileSnapshot } from "../internal/readEnvFile.js";
import { fromLocalSecrets } from "../sources/fromLocalSecrets.js";
import { fromSecretsManager } from "../sources/fromSecretsManager.js";
import { createAwsChain } from "./createAwsChain.js";
import { sharedAwsChain } from "./sharedAwsChain.js";
import {
  createCredentialChain,
  type ChainRefreshEvent,
  type CredentialChain,
} from "./createCredentialChain.js";
import { readEnv } from "../core/readInput.js";

/** Options of {@link createChainFromEnv}. */
export interface ChainFromEnvOptions {
  /** The provider to resolve for. @default `LLM_PROVIDER` from `env`, else `bedrock` */
  provider?: Provider;
  /** The admin panel's key: a value, `{ key, region, modelId }`, or a function reading the active config. */
  adminKey?: AdminKeyInput;
  /** The environment snapshot every source reads. @default process.env */
  env?: EnvRecord;
  /**
   * The env file consulted after `env` (local secrets, the env-file pair, region, model): a path,
   * values already parsed, or `false` for none. Read once, when the chain is created, parsed as
   * dotenv does.
   * @default `./.env` in `cwd` when it exists
   */
  envFile?: EnvRecord | string | false;
  /** Where `./.env` is looked for. @default process.cwd() */
  cwd?: string;
  /** Share a secret store (and its cache) with the Secrets Manager source. */
  secretStore?: SecretStore;
  /** A Secrets Manager client for the Secrets Manager source (ignored with `secretStore`). */
  secretsManagerClient?: SecretsManagerClient;
  /** An `SSMClient` for `ssm:` secret names (ignored with `secretStore`). */
  ssmClient?: SSMClient;
  /** Passed to the AWS SDK's `fromNodeProviderChain` (Bedrock only). */
  defaultChain?: DefaultChainInit;
  /** Fallback region and model ID. */
  defaults?: {
    /**
     * Bedrock region when neither the admin key, the chosen credentials nor `env` / `envFile`
     * names one.
     * @default "us-east-1"
     */
    region?: string;
    /** Model ID when neither the admin key nor `BEDROCK_MODEL_ID` names one. */
    modelId?: string;
  };
  /**
   * Refresh expiring credentials this long before `expiration`, in the background.
   * @default REFRESH_BEFORE_MS (5 minutes)
   */
  refreshBeforeMs?: number;
  /** Receives source outcomes (names and reasons only), warnings and refresh failures. */
  logger?: Logger;
  /** Called when a resolution yields another identity (see `CredentialChain.onRefresh`). */
  onRefresh?: (event: ChainRefreshEvent) => void;
}

const optionsSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    provider: f.provider.optional(),
    adminKey: z.unknown().optional(),
    env: f.env.optional(),
    envFile: envFileOption(z).optional(),
    cwd: z.string({ error: "must be a path" }).optional(),
    secretStore: z
      .custom((v) => isObject(v) && typeof (v as { lookup?: unknown }).lookup === "function", {
        error: "must be a secret store",
      })
      .optional(),
    secretsManagerClient: z
      .custom((v) => isObject(v) && typeof (v as { send?: unknown }).send === "function", {
        error: "must be a SecretsManagerClient",
      })
      .optional(),
    ssmClient: z
      .custom((v) => isObject(v) && typeof (v as { send?: unknown }).send === "function", {
        error: "must be an SSMClient",
      })
      .optional(),
    defaultChain: f.object("fromNodeProviderChain options").optional(),
    defaults: z
      .strictObject({
        region: f.region.optional(),
        modelId: z.string({ error: "must be a string" }).optional(),
      })
      .optional(),
    refreshBeforeMs: f.msNonNegative.optional(),
    logger: f.logger.optional(),
    onRefresh: f.fn("a function").optional(),
  });
});

/**
 * The standard chain (docs/precedence.md, shipped in the package), built from an environment snapshot — the same order
 * `decideCredentials` applies, with the network sources live:
 *
 * 1. `admin` — {@link fromAdminKey}
 * 2. `secrets-manager` — {@link fromSecretsManager} (`USE_SECRETS_MANAGER=true` + `<P>_SECRET_NAME`)
 * 3. `local-secret` — {@link fromLocalSecrets} (`SECRET_<name>`)
 * 4. `env` — {@link fromEnv} (bearer token, then key pair; or `<P>_API_KEY`)
 * 5. `env-file` — the same over `./.env` (or `envFile`); its trace row says when there is none
 * 6. `default-chain` — {@link fromDefaultChain} without the SDK's own env link (Bedrock only):
 *    profiles, SSO, web identity, ECS, IMDS
 *
 * `credchain explain --resolve` uses this chain, so the CLI and a service agree.
 *
 * @example
 * ```ts
 * const chain = createChainFromEnv({ adminKey: () => settings.activeBedrockKey() });
 * const client = new BedrockRuntimeClient(await bedrockClientConfig(chain));
 * ```
 */
export function createChainFromEnv(options: ChainFromEnvOptions = {}): CredentialChain {
  options = readOptions("createChainFromEnv", options, optionsSchema);
  // Kept live (sources read it again on each resolution, defensively); a record that cannot be
  // read fails here, coded.
  const env = options.env ?? process.env;
  readEnv(env, "createChainFromEnv env");
  const envFile = readEnvFileSnapshot(options.envFile, options.cwd);
  const fileValues = envFile.values;
  const provider = selectProvider(options.provider, env, fileValues).provider;
  // The secret is read as the service identity of the same snapshot (`explain --service`), by
  // the clients the step creates: none with a given store, or with both clients given.
  const createsClients =
    !options.secretStore && (!options.secretsManagerClient || !options.ssmClient);
  const sources: CredentialSource[] = [
    fromAdminKey(options.adminKey, { env, ...(fileValues ? { envFile: fileValues } : {}) }),
    fromSecretsManager({
      env,
      ...(createsClients
        ? {
            credentials: (options.envFile === undefined && options.cwd === undefined
              ? sharedAwsChain(env)
              : createAwsChain({ env, envFile: fileValues ?? false })
            ).credentials,
          }
        : {}),
      ...(options.secretStore ? { store: options.secretStore } : {}),
      ...(options.secretsManagerClient ? { client: options.secretsManagerClient } : {}),
      ...(options.ssmClient ? { ssmClient: options.ssmClient } : {}),
    }),
    fromLocalSecrets({ env, ...(fileValues ? { envFile: fileValues } : {}) }),
    fromEnv({ env }),
    envFileSnapshotSource(envFile, () => readEnvFileSnapshot(options.envFile, options.cwd), env),
  ];
  if (provider === "bedrock") {
    sources.push(
      fromDefaultChain({
        ...(options.defaultChain ? { init: options.defaultChain } : {}),
        skipEnv: true,
      }),
    );
  }
  return createCredentialChain({
    provider,
    sources,
    env,
    ...(fileValues ? { envFile: fileValues } : {}),
    ...(options.defaults ? { defaults: options.defaults } : {}),
    ...(options.refreshBeforeMs === undefined ? {} : { refreshBeforeMs: options.refreshBeforeMs }),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onRefresh ? { onRefresh: options.onRefresh } : {}),
  });
}
