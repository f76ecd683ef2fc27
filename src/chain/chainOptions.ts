import { checkOptions, isObject } from "../core/checkOptions.js";
import { readOwnEntries } from "../core/readInput.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import type { CredentialSource } from "../sources/CredentialSource.js";
import type { CredentialChainOptions, FailedIdentity } from "./CredentialChain.js";

const isSource = (s: unknown): boolean =>
  typeof (s as Partial<CredentialSource> | null)?.resolve === "function" &&
  typeof (s as Partial<CredentialSource> | null)?.name === "string";

const optionsSchema = lazySchema((z) => {
  const f = commonOptionFields(z);
  return z.strictObject({
    provider: f.provider.optional(),
    sources: z.custom<readonly CredentialSource[]>((v) => Array.isArray(v) && v.every(isSource), {
      error: "must be an array of credential sources such as [fromAdminKey(key), fromEnv()]",
    }),
    env: f.env.optional(),
    envFile: f.envFileRecord.optional(),
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

/** Checks `createCredentialChain`'s options with the core helper (all problems in one error). */
export function checkChainOptions(options: unknown): CredentialChainOptions {
  return checkOptions("createCredentialChain", options, optionsSchema, {
    required: true,
    hint: "Pass { sources: [fromAdminKey(key), fromEnv(), fromDefaultChain()] } and optionally provider, env, envFile, defaults, refreshBeforeMs, logger, onRefresh.",
  }) as CredentialChainOptions;
}

const resolveSchema = lazySchema((z) =>
  z.strictObject({ forceRefresh: z.boolean({ error: "must be a boolean" }).optional() }),
);

/** Checks the options of a chain's `resolve()`: `{ forceRefresh? }`, nothing else. */
export function checkResolveOptions(options: unknown): { forceRefresh?: boolean | undefined } {
  return checkOptions("chain.resolve", options, resolveSchema, {
    hint: "Pass resolve() or resolve({ forceRefresh: true }).",
  });
}

const failedSchema = lazySchema((z) => {
  const text = z.string({ error: "must be a string" }).optional();
  // The fields of the identity a request was signed with, as the SDK hands it: accepted, unused.
  const ignored = z.unknown().optional();
  return z.strictObject({
    accessKeyId: text,
    secretAccessKey: text,
    token: text,
    sessionToken: ignored,
    expiration: ignored,
    credentialScope: ignored,
    accountId: ignored,
  });
});

/** `value` without the SDK's `$`-prefixed metadata (`$source`), when it can be read whole. */
function withoutSdkMetadata(value: unknown): unknown {
  if (!isObject(value) || Array.isArray(value)) return value;
  const read = readOwnEntries(value);
  if (read.unlisted || read.unreadable.length > 0) return value; // checkOptions names the problem
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of read.entries) {
    if (!key.startsWith("$")) {
      Object.defineProperty(copy, key, { value: entry, enumerable: true, configurable: true });
    }
  }
  return copy;
}

/**
 * Checks the argument of a `recoverFromAuthFailure()` (a chain's, a tenant session's, a Bedrock
 * token provider's): `{ accessKeyId?, secretAccessKey?, token? }`; the other fields of an SDK
 * identity (`sessionToken`, `expiration`, `$source`, …) are accepted and ignored, so the identity
 * `chain.credentials()` returned can be passed as it is.
 */
export function checkFailedIdentity(failed: unknown): FailedIdentity {
  const checked = checkOptions("recoverFromAuthFailure", withoutSdkMetadata(failed), failedSchema, {
    hint: "Pass the identity the service refused ({ accessKeyId, secretAccessKey } or { token }), or nothing.",
  });
  const out: FailedIdentity = {};
  if (checked.accessKeyId !== undefined) out.accessKeyId = checked.accessKeyId;
  if (checked.secretAccessKey !== undefined) out.secretAccessKey = checked.secretAccessKey;
  if (checked.token !== undefined) out.token = checked.token;
  return out;
}
