import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { isObject, readOptions } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import { isSecretError } from "../core/SecretError.js";
import { SourceSkippedError } from "../core/SourceSkippedError.js";
import {
  ENV_REGION,
  ENV_SECRETS_MANAGER_REGION,
  ENV_USE_SECRETS_MANAGER,
  SECRET_NAME_ENV,
} from "../core/envNames.js";
import { isParameterName } from "../core/parameterName.js";
import { presentValue } from "../core/parseAdminKey.js";
import { parseSecretPayload } from "../core/parseSecretPayload.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { secretsManagerSwitch } from "../core/secretSteps.js";
import { createSecretStore } from "../secrets/createSecretStore.js";
import { binarySecretError } from "../secrets/parseSecretText.js";
import { serviceCredentials } from "../secrets/serviceCredentials.js";
import type { SecretStore } from "../secrets/SecretStore.js";
import type { CredentialSource } from "./CredentialSource.js";
import { readSourceContext } from "./sourceContext.js";
import { readEnv } from "../core/readInput.js";

/** Options of {@link fromSecretsManager}. */
export interface FromSecretsManagerInit {
  /**
   * The secret's name or ARN; `ssm:/path` or a parameter ARN reads Parameter Store.
   * @default `AWS_BEDROCK_SECRET_NAME` / `<P>_SECRET_NAME` from `env`
   */
  secretId?: string;
  /** Snapshot read for `USE_SECRETS_MANAGER`, the secret name and the region. @default process.env */
  env?: EnvRecord;
  /** Consult Secrets Manager at all. @default `USE_SECRETS_MANAGER` is `true` in `env` */
  enabled?: boolean;
  /** A secret store to share its cache; only its Secrets Manager answers are used here. */
  store?: SecretStore;
  /** A ready client (tests, custom endpoint). Ignored with `store`. */
  client?: SecretsManagerClient;
  /** A ready `SSMClient` for `ssm:` names (tests, custom endpoint). Ignored with `store`. */
  ssmClient?: SSMClient;
  /**
   * Client region.
   * @default Secrets Manager: `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`; Parameter Store: `AWS_REGION` → `us-east-1`
   */
  region?: string;
  /**
   * What the client created here signs with (not with `store` or `client`). `createChainFromEnv`
   * passes its service chain's provider.
   * @default the service identity of `env` (the env key pair → `./.env` → the AWS SDK default chain)
   */
  credentials?: AwsCredentialIdentityProvider;
}

const initSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    secretId: commonOptionFields(z).secretName.optional(),
    env: f.env.optional(),
    enabled: z.boolean({ error: "must be a boolean" }).optional(),
    store: z
      .custom((v) => isObject(v) && typeof (v as { lookup?: unknown }).lookup === "function", {
        error: "must be a secret store",
      })
      .optional(),
    client: z
      .custom((v) => isObject(v) && typeof (v as { send?: unknown }).send === "function", {
        error: "must be a SecretsManagerClient",
      })
      .optional(),
    ssmClient: z
      .custom((v) => isObject(v) && typeof (v as { send?: unknown }).send === "function", {
        error: "must be an SSMClient",
      })
      .optional(),
    region: f.region.optional(),
    credentials: f.fn("a credential provider function (such as chain.credentials)").optional(),
  });
});

/**
 * The Secrets Manager source (`secrets-manager`): reads one JSON secret (Bedrock key pair or API
 * key, in the spellings docs/secrets.md lists) through a cached, single-flight {@link SecretStore}. A secret that is
 * absent or unreadable (access denied, decryption failure) skips with the reason; a malformed one
 * or a failing service (throttling, 5xx, timeouts) stops the chain rather than silently falling
 * back to other credentials.
 *
 * @example
 * ```ts
 * fromSecretsManager({ secretId: "prod/aws/bedrock", enabled: true });
 * ```
 */
export function fromSecretsManager(init: FromSecretsManagerInit = {}): CredentialSource {
  init = readOptions("fromSecretsManager", init, initSchema);
  let ownStore: SecretStore | undefined;
  const storeFor = (env: EnvRecord): SecretStore => {
    if (init.store !== undefined) return init.store;
    // Only the region variables: the store applies each service's region rule, and the local
    // SECRET_* fallback is another source's job.
    ownStore ??= createSecretStore({
      useSecretsManager: true,
      env: {
        [ENV_SECRETS_MANAGER_REGION]: env[ENV_SECRETS_MANAGER_REGION],
        [ENV_REGION]: env[ENV_REGION],
      },
      ...(init.region === undefined ? {} : { region: init.region }),
      // The service identity of the whole snapshot (the store sees only its region variables),
      // for the clients the store creates: none when both are given.
      ...(init.client !== undefined && init.ssmClient !== undefined
        ? {}
        : { credentials: init.credentials ?? serviceCredentials({ env }) }),
      ...(init.client === undefined ? {} : { client: init.client }),
      ...(init.ssmClient === undefined ? {} : { ssmClient: init.ssmClient }),
    });
    return ownStore;
  };

  let lastRead: { store: SecretStore; secretId: string } | undefined;
  return {
    name: "secrets-manager",
    invalidate() {
      if (lastRead !== undefined) lastRead.store.invalidate(lastRead.secretId);
    },
    async resolve(given) {
      const context = readSourceContext(given, "secrets-manager");
      const env = readEnv(init.env ?? process.env, "fromSecretsManager env");
      const variable = SECRET_NAME_ENV[context.provider];
      const onOff = secretsManagerSwitch(env);
      const enabled = init.enabled ?? onOff.enabled;
      if (!enabled) {
        // An unreadable USE_SECRETS_MANAGER is said here too, as the pure decision says it.
        const unread = init.enabled === undefined ? onOff.warning : undefined;
        throw new SourceSkippedError(
          "secrets-manager",
          `${ENV_USE_SECRETS_MANAGER} is not true`,
          unread === undefined ? {} : { warnings: [unread] },
        );
      }
      const secretId = init.secretId ?? presentValue(env[variable]);
      if (secretId === undefined)
        throw new SourceSkippedError("secrets-manager", `${variable} is not set`);

      const store = storeFor(env);
      lastRead = { store, secretId };
      const parameter = isParameterName(secretId);
      const service = parameter ? "Parameter Store" : "Secrets Manager";
      const noun = parameter ? "Parameter" : "Secret";
      let found;
      try {
        found = await store.lookup(secretId);
      } catch (error) {
        if (isSecretError(error) && error.code === "SECRET_NOT_FOUND") {
          const cause = error.cause as { name?: unknown } | undefined;
          const absent = parameter ? "ParameterNotFound" : "ResourceNotFoundException";
          const why = typeof cause?.name === "string" ? cause.name : absent;
          throw new SourceSkippedError(
            "secrets-manager",
            `${noun.toLowerCase()} ${secretId} could not be read (${why})`,
            {
              cause: error,
              ...(why === absent
                ? {}
                : {
                    warnings: [`${noun} ${secretId} could not be read from ${service} (${why}).`],
                  }),
            },
          );
        }
        throw error;
      }
      if (found.source !== "secrets-manager" && found.source !== "parameter-store") {
        throw new SourceSkippedError(
          "secrets-manager",
          `${noun.toLowerCase()} ${secretId} is not in ${service}`,
        );
      }
      if (found.binary === true) throw binarySecretError(secretId);
      const result = parseSecretPayload(found.text, context.provider, {
        source: "secrets-manager",
        secretName: secretId,
      });
      result.secret = { name: secretId, versionId: found.versionId ?? null };
      if (found.staleReason === "unavailable") {
        result.warnings = [
          ...(result.warnings ?? []),
          `${noun} ${secretId} was served from cache past its TTL because ${service} is failing.`,
        ];
      }
      return result;
    },
  };
}
