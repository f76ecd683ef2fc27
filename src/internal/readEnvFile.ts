import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import { readEnv } from "../core/readInput.js";
import { parseDotenv } from "./parseDotenv.js";

/** An env file given as a path (read on each resolution), as already-parsed values, or `false` (none). */
export type EnvFileInput = string | EnvRecord | false;

/**
 * Reads an env file, parsed as dotenv does. A missing file is `undefined` (a source then
 * skips); any other read error propagates. Given values are read once, through `readEnv`'s guard.
 */
export async function readEnvFile(
  input: EnvFileInput | undefined,
  option = "envFile",
): Promise<EnvRecord | undefined> {
  if (input === undefined || input === false) return undefined;
  if (typeof input !== "string") return readEnv(input, option);
  try {
    return parseDotenv(await readFile(input, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** An env file as a chain built from the environment sees it: its values, or why there are none. */
export interface EnvFileSnapshot {
  /** The parsed values; `undefined` when there is no file. */
  values: EnvRecord | undefined;
  /** For the trace when `values` is `undefined`: `no .env in the working directory`, … */
  absent: string;
}

/**
 * Reads the env file of a chain built from the environment, once, when the chain is created:
 * `./.env` in `cwd` when `input` is `undefined` (a missing one is no error), the file at a path
 * (which must exist: `INVALID_OPTION`), values given as they are, or none with `false`.
 */
export function readEnvFileSnapshot(
  input: EnvFileInput | undefined,
  cwd: string = process.cwd(),
  option = "envFile",
): EnvFileSnapshot {
  if (input === false) return { values: undefined, absent: `no env file (${option}: false)` };
  if (input !== undefined && typeof input !== "string") {
    return { values: readEnv(input, option), absent: "" };
  }
  const path = resolvePath(cwd, input ?? ".env");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (input === undefined && (code === "ENOENT" || code === "ENOTDIR")) {
      return { values: undefined, absent: "no .env in the working directory" };
    }
    throw new CredentialConfigError(
      "INVALID_OPTION",
      `${option}: cannot read the env file ${input === undefined ? ".env" : "given"} (${typeof code === "string" ? code : "error"}).`,
      {
        hint: `Check the path in ${option} (relative paths start from the working directory), or pass ${option}: false.`,
      },
    );
  }
  return { values: parseDotenv(text), absent: "" };
}
