import { checkOptions } from "../core/checkOptions.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import type { CredentialSource } from "../sources/CredentialSource.js";
import type { CredentialChainOptions } from "./CredentialChain.js";

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
