import type * as DotenvModule from "dotenv";
import { loadPackage } from "../core/lazyZod.js";

let dotenv: typeof DotenvModule | undefined;

/**
 * Parses `.env` text as dotenv does — the parser the files users write are written for: a UTF-8
 * BOM, `export KEY=` (any blanks after `export`), single, double and back-quoted values, `\"`
 * inside double quotes, `\n` expansion in double quotes, `#` comments, multi-line quoted values,
 * CRLF and CR-only line ends. (`util.parseEnv` on Node 20 gets several of these wrong.)
 *
 * The result has no prototype, so a key named `constructor` or `__proto__` is just a key.
 */
export function parseDotenv(text: string): Record<string, string> {
  dotenv ??= loadPackage<typeof DotenvModule>("dotenv");
  const parsed = dotenv.parse(text);
  const out = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(parsed)) {
    const value = parsed[key];
    if (typeof value === "string") out[key] = value;
  }
  return out;
}
