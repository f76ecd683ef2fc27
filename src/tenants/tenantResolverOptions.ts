import { checkOptions, isObject, readOptions } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import { isValidRegion } from "../core/region.js";
import type { TenantResolverOptions, TenantRotateOptions } from "./TenantResolver.js";

const isFunction = (v: unknown): boolean => typeof v === "function";

const optionsSchema = lazySchema((z) => {
  const fn = (what: string) => z.custom((v) => isFunction(v), { error: `must be ${what}` });
  const region = z
    .string({ error: "must be a string" })
    .refine(isValidRegion, { error: "must be an AWS region code such as us-east-1" });
  const positiveInt = z
    .number({ error: "must be a number" })
    .int({ error: "must be an integer" })
    .positive({ error: "must be positive" });
  return z.strictObject({
    store: z.custom(
      (v) =>
        isObject(v) &&
        ["create", "get", "rotate", "list", "delete"].every((m) =>
          isFunction((v as Record<string, unknown>)[m]),
        ),
      { error: "must be a CredentialStore (create, get, rotate, list, delete)" },
    ),
    serviceDefaults: z
      .strictObject({
        credentials: fn("an AwsCredentialIdentityProvider").optional(),
        region: region.optional(),
        modelId: z
          .string({ error: "must be a string" })
          .min(1, { error: "must not be empty" })
          .optional(),
      })
      .optional(),
    allowServiceDefaults: z.boolean({ error: "must be a boolean" }).optional(),
    allowDirect: z.boolean({ error: "must be a boolean" }).optional(),
    allowAssumeRole: z.boolean({ error: "must be a boolean" }).optional(),
    assumeRole: z
      .strictObject({
        durationSeconds: z
          .number({ error: "must be a number" })
          .int({ error: "must be an integer" })
          .min(900, { error: "must be at least 900" })
          .max(43_200, { error: "must be at most 43200" })
          .optional(),
        region: region.optional(),
        clientConfig: z.custom((v) => isObject(v), { error: "must be an object" }).optional(),
        externalIdFor: fn("a function of the tenant id").optional(),
        authorizeRole: fn("a function of the tenant id and role ARN").optional(),
      })
      .optional(),
    masterCredentials: fn("an AwsCredentialIdentityProvider").optional(),
    sts: z
      .strictObject({
        region: region.optional(),
        clientConfig: z.custom((v) => isObject(v), { error: "must be an object" }).optional(),
      })
      .optional(),
    cache: z
      .strictObject({ maxTenants: positiveInt.optional(), ttlMs: positiveInt.optional() })
      .optional(),
    maxTokensLimit: positiveInt.optional(),
    audit: fn("a function").optional(),
    logger: z.custom((v) => isObject(v), { error: "must be a logger object" }).optional(),
    now: fn("a function returning epoch milliseconds").optional(),
  });
});

/** Checks `createTenantResolver`'s options: unknown keys (`allowDirects`), types, ranges, in one error. */
export function checkTenantResolverOptions(options: unknown): TenantResolverOptions {
  // The schema checks shapes only; the caller's own objects (store, providers) are used as given,
  // from the copy read once (a getter or Proxy answering differently on a second read cannot).
  return readOptions("createTenantResolver", options as TenantResolverOptions, optionsSchema, {
    required: true,
    hint: "Pass a CredentialStore as store, booleans for allow*, positive integers for cache sizes and limits.",
  });
}

const rotateOptionsSchema = lazySchema((z) =>
  z.strictObject({ verify: z.boolean({ error: "must be a boolean" }).optional() }),
);

/** Checks `rotateCredentials`' options, so `{ verfy: true }` is refused rather than skipping STS. */
export function checkRotateOptions(options: unknown): TenantRotateOptions {
  return checkOptions("rotateCredentials", options, rotateOptionsSchema, {
    hint: "Pass { verify: true } to check the new key with STS first, or nothing.",
  });
}
