import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { isObject } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import {
  isParameterPathPrefix,
  isReservedParameterPath,
  PARAMETER_PREFIX,
} from "../core/parameterName.js";
import { isValidRegion } from "../core/region.js";

/** Options of {@link secretsManagerCredentialStore}. */
export interface SecretsManagerCredentialStoreOptions {
  /**
   * Prepended to every secret name: the secret of tenant `acme`, credential `primary` is
   * `<prefix>acme/primary`. Grant the service IAM access to `<prefix>*` only.
   *
   * An `ssm:` prefix (`ssm:/myapp/tenants/`) reads the credentials from Parameter Store
   * `SecureString`s instead (`/myapp/tenants/acme/primary`); such a store is read-only: your
   * infrastructure code writes the parameters (see docs/tenants.md).
   */
  prefix: string;
  /**
   * A configured client.
   * @default a new `SecretsManagerClient({ region, credentials })` with the secret store's timeouts (`DEFAULT_SECRET_REQUEST_TIMEOUT_MS`), on first use
   */
  client?: SecretsManagerClient;
  /**
   * With an `ssm:` prefix: a configured SSM client.
   * @default a new `SSMClient({ region, credentials })` with the secret store's timeouts (`DEFAULT_SECRET_REQUEST_TIMEOUT_MS`), on first use
   */
  ssmClient?: SSMClient;
  /**
   * What the client created here signs with. @default `sharedAwsChain().credentials`, the
   * process's service identity (`credchain explain --service secrets-manager` prints it)
   */
  credentials?: AwsCredentialIdentityProvider;
  /** Region of the client credchain creates. @default the SDK's (`AWS_REGION`, profile) */
  region?: string;
  /** KMS key for new secrets (not with an `ssm:` prefix). @default the account's `aws/secretsmanager` key */
  kmsKeyId?: string;
  /**
   * Days Secrets Manager keeps a deleted credential recoverable (7–30). While it waits, the same
   * credentialId cannot be stored again. Not with an `ssm:` prefix.
   * @default undefined: delete at once (`ForceDeleteWithoutRecovery`)
   */
  recoveryWindowDays?: number;
}

// The parameter path of an ssm: prefix ends with "/" so that no two tenants' parameters share a
// path; AWS allows 15 levels, and the tenant and credential ids take two.
const SSM_PREFIX_LEVELS = 13;

const isClient = (v: unknown) =>
  isObject(v) && typeof (v as { send?: unknown }).send === "function";

/** The schema `secretsManagerCredentialStore` checks its options with. @internal */
export const secretsManagerStoreOptionsSchema = lazySchema((z) =>
  z
    .strictObject({
      prefix: z.string({ error: "must be a string" }).superRefine((prefix, ctx) => {
        if (prefix.startsWith(PARAMETER_PREFIX)) {
          if (
            !isParameterPathPrefix(prefix.slice(PARAMETER_PREFIX.length), SSM_PREFIX_LEVELS) ||
            prefix.length > 512
          ) {
            ctx.addIssue({
              code: "custom",
              message:
                'must be a Parameter Store path after ssm: — letters, digits and _.- between slashes, starting and ending with "/" (e.g. "ssm:/myapp/tenants/")',
            });
          } else if (isReservedParameterPath(prefix.slice(PARAMETER_PREFIX.length))) {
            ctx.addIssue({
              code: "custom",
              message: 'must not start its path with "aws" or "ssm" (reserved by Parameter Store)',
            });
          }
        } else if (prefix.startsWith("arn:")) {
          ctx.addIssue({
            code: "custom",
            message:
              'must be a name prefix, not an ARN: "myapp/tenants/" for Secrets Manager, "ssm:/myapp/tenants/" for Parameter Store (with the region option)',
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
        .custom<SecretsManagerClient>(isClient, { error: "must be a SecretsManagerClient" })
        .optional(),
      ssmClient: z.custom<SSMClient>(isClient, { error: "must be an SSMClient" }).optional(),
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
    })
    .superRefine((options, ctx) => {
      // Options of the other backend would be silently ignored: name them instead.
      const ssm = options.prefix.startsWith(PARAMETER_PREFIX);
      const misplaced = ssm
        ? (["client", "kmsKeyId", "recoveryWindowDays"] as const)
        : (["ssmClient"] as const);
      for (const key of misplaced) {
        if (options[key] === undefined) continue;
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: ssm
            ? key === "client"
              ? "is a Secrets Manager client: with an ssm: prefix pass ssmClient"
              : "applies to Secrets Manager only: an ssm: tenant store is read-only"
            : "applies to an ssm: prefix only",
        });
      }
    }),
);
