import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { checkOptions, isObject } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import { isValidRegion } from "../core/region.js";
import type { SecretStoreOptions, SecretVersion } from "./SecretStore.js";

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
    env: commonOptionFields(z).env.optional(),
    envFile: commonOptionFields(z).envFileRecord.optional(),
    logger: commonOptionFields(z).logger.optional(),
  });
});

/** Checks `createSecretStore`'s options (unknown keys, types, ranges) in one error. */
export function checkSecretStoreOptions(options: unknown): SecretStoreOptions {
  return checkOptions("createSecretStore", options, optionsSchema);
}

/** A version label or ID as Secrets Manager shows them (and Parameter Store's version numbers). */
const VERSION_PART = /^[\w.:+=@/-]{1,256}$/;

const versionSchema = lazySchema((z) => {
  const part = z
    .string({ error: "must be a string" })
    .regex(VERSION_PART, { error: "must be a version label or ID" })
    .optional();
  return z
    .strictObject({ versionStage: part, versionId: part })
    .refine((v) => v.versionStage === undefined || v.versionId === undefined, {
      error: "give at most one of versionStage and versionId",
    });
});

/** Checks the `version` argument of `get`, `getValue` and `lookup` (unknown keys, both given). */
export function checkSecretVersion(version: unknown): SecretVersion {
  return checkOptions("get(name, version)", version, versionSchema, {
    required: true,
    hint: 'Pass { versionStage: "AWSPREVIOUS" } or { versionId: "…" }, or nothing for AWSCURRENT.',
  });
}
