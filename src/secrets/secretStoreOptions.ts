import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { checkOptions, isObject } from "../core/checkOptions.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { lazySchema } from "../core/lazyZod.js";
import type { Logger } from "../core/Logger.js";
import { isValidRegion } from "../core/region.js";
import type { SecretStoreOptions } from "./SecretStore.js";

const optionsSchema = lazySchema((z) => {
  const int = (min: number) =>
    z
      .number({ error: "must be a number" })
      .int({ error: "must be an integer" })
      .min(min, { error: `must be ≥ ${min}` })
      .optional();
  return z.strictObject({
    useSecretsManager: z.boolean({ error: "must be a boolean" }).optional(),
    region: z
      .string({ error: "must be a string" })
      .refine(isValidRegion, { error: "must be an AWS region such as us-east-1" })
      .optional(),
    client: z
      .custom<SecretsManagerClient>(
        (v) => isObject(v) && typeof (v as { send?: unknown }).send === "function",
        { error: "must be a SecretsManagerClient" },
      )
      .optional(),
    ssmClient: z
      .custom<SSMClient>(
        (v) => isObject(v) && typeof (v as { send?: unknown }).send === "function",
        { error: "must be an SSMClient" },
      )
      .optional(),
    credentials: z
      .custom<AwsCredentialIdentityProvider>((v) => typeof v === "function", {
        error: "must be a credential provider function (such as chain.credentials)",
      })
      .optional(),
    requestTimeoutMs: int(1),
    ttlMs: int(0),
    refreshAheadMs: int(0),
    maxStaleMs: int(0),
    maxEntries: int(1),
    env: z
      .custom<EnvRecord>(isObject, { error: "must be an object of environment variables" })
      .optional(),
    envFile: z.custom<EnvRecord>(isObject, { error: "must be an object of variables" }).optional(),
    logger: z.custom<Logger>(isObject, { error: "must be a logger object" }).optional(),
  });
});

/** Checks `createSecretStore`'s options (unknown keys, types, ranges) in one error. */
export function checkSecretStoreOptions(options: unknown): SecretStoreOptions {
  return checkOptions("createSecretStore", options, optionsSchema);
}
