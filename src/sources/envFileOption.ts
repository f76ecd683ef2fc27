import { isObject } from "../core/checkOptions.js";
import type * as ZodModule from "zod";

/** The `envFile` option of sources and chains: a path, parsed values, or `false` (none). @internal */
export function envFileOption(z: typeof ZodModule) {
  return z.custom<string | false | Readonly<Record<string, string | undefined>>>(
    (v) => v === false || (typeof v === "string" && v.trim() !== "") || isObject(v),
    { error: "must be a path, an object of parsed values, or false" },
  );
}
