import type * as ZodModule from "zod";
import { isObject } from "./checkOptions.js";
import type { EnvRecord } from "./EnvRecord.js";
import { looksLikeCredential } from "./keyShapes.js";
import { parameterNameProblem } from "./parameterName.js";
import type { Logger } from "./Logger.js";
import { readOwnEntries } from "./readInput.js";
import { isValidRegion } from "./region.js";

/** Whether every variable of `env` can be listed and read (no throwing getter or Proxy trap). */
function isReadable(env: object): boolean {
  const read = readOwnEntries(env);
  return !read.unlisted && read.unreadable.length === 0;
}

/**
 * Schemas of the options many entry points share (`env`, `envFile`, `logger`, `region`, …), so
 * each is checked, and worded, the same everywhere. @internal
 */
export function commonOptionFields(z: typeof ZodModule) {
  return {
    /** Kept by reference (a chain reads it live, through `readEnv`), so checked readable here. */
    env: z
      .custom<EnvRecord>(isObject, { error: "must be an object of environment variables" })
      .refine(isReadable, { error: "could not be read (a getter or Proxy trap threw)" }),
    envFileRecord: z
      .custom<EnvRecord>(isObject, { error: "must be an object of variables" })
      .refine(isReadable, { error: "could not be read (a getter or Proxy trap threw)" }),
    logger: z.custom<Logger>(isObject, { error: "must be a logger object" }),
    region: z
      .string({ error: "must be a string" })
      .refine(isValidRegion, { error: "must be an AWS region code such as us-east-1" }),
    /** A secret name or ARN: echoed in traces, so never a pasted key or control characters. */
    secretName: z
      .string({ error: "must be a string" })
      .trim()
      .min(1, { error: "must not be empty" })
      .max(2048, { error: "must be at most 2048 characters" })
      .refine((v) => !/\p{Cc}/u.test(v), { error: "must not contain control characters" })
      .refine((v) => !looksLikeCredential(v), {
        error: "looks like a credential, not a secret name (the value is not shown)",
      })
      .superRefine((v, ctx) => {
        const problem = parameterNameProblem(v);
        if (problem !== undefined) {
          ctx.addIssue({ code: "custom", message: `names a parameter whose name ${problem}` });
        }
      }),
    /** Checked apart by `normalizeProvider` (its own code, `UNKNOWN_PROVIDER`). */
    provider: z.unknown(),
    msNonNegative: z
      .number({ error: "must be a number" })
      .int({ error: "must be an integer" })
      .min(0, { error: "must be ≥ 0" }),
    fn: <T = (...args: never[]) => unknown>(what: string) =>
      z.custom<T>((v) => typeof v === "function", { error: `must be ${what}` }),
    object: (what: string) => z.custom((v) => isObject(v), { error: `must be ${what}` }),
  };
}
