import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { isObject } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import { isValidRegion } from "../core/region.js";

/** The schema `secretsManagerCredentialStore` checks its options with. @internal */
export const secretsManagerStoreOptionsSchema = lazySchema((z) =>
  z.strictObject({
    prefix: z.string({ error: "must be a string" }).superRefine((prefix, ctx) => {
      // Parameter Store holds one secret per name for a service to read; tenant credentials need
      // tagging, listing and rotation, which this store does in Secrets Manager only.
      if (prefix.startsWith("ssm:") || prefix.startsWith("arn:")) {
        ctx.addIssue({
          code: "custom",
          message:
            "must be a Secrets Manager name prefix: tenant credentials are not kept in Parameter Store (ssm: names are read by createSecretStore, loadIntoEnv and <P>_SECRET_NAME, not by tenant stores)",
        });
      } else if (!/^[A-Za-z0-9/_+=.@-]{0,255}\/$/.test(prefix)) {
        ctx.addIssue({
          code: "custom",
          message:
            'must be letters, digits and /_+=.@-, ending with "/" (e.g. "myapp/tenants/"), so that no two tenants\' secrets can share a name',
        });
      }
    }),
    client: z
      .custom<SecretsManagerClient>(
        (v) => isObject(v) && typeof (v as { send?: unknown }).send === "function",
        { error: "must be a SecretsManagerClient" },
      )
      .optional(),
    credentials: z
      .custom<AwsCredentialIdentityProvider>((v) => typeof v === "function", {
        error: "must be a credential provider function (such as chain.credentials)",
      })
      .optional(),
    region: z
      .string({ error: "must be a string" })
      .refine(isValidRegion, { error: "must be an AWS region code such as us-east-1" })
      .optional(),
    kmsKeyId: z
      .string({ error: "must be a string" })
      .min(1, { error: "must not be empty" })
      .optional(),
    recoveryWindowDays: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number of days" })
      .min(7, { error: "must be at least 7" })
      .max(30, { error: "must be at most 30" })
      .optional(),
  }),
);
