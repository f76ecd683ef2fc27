import { readFile } from "node:fs/promises";
import type { EnvRecord } from "../core/EnvRecord.js";
import { parseDotenv } from "../internal/parseDotenv.js";

/** An env file given as a path (read on each resolution), as already-parsed values, or `false` (none). */
export type EnvFileInput = string | EnvRecord | false;

/**
 * Reads an env file, parsed as dotenv does. A missing file is `undefined` (a source then
 * skips); any other read error propagates.
 */
export async function readEnvFile(input: EnvFileInput | undefined): Promise<EnvRecord | undefined> {
  if (input === undefined || input === false) return undefined;
  if (typeof input !== "string") return input;
  try {
    return parseDotenv(await readFile(input, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
