import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { echoInput } from "../core/echoInput.js";
import { ENV_NAME_PATTERN } from "../core/envNames.js";
import { containsCredential } from "../core/keyShapes.js";
import { isValidRegion } from "../core/region.js";
import { parseDotenv } from "../internal/parseDotenv.js";
import { PROVIDERS, type Provider } from "../core/types.js";
import type { CliIo } from "./io.js";

/**
 * Runs a `util.parseArgs` call and turns its errors into a `CredentialConfigError` (exit 2) that
 * names the flag. Argument values are never echoed: a positional might be a pasted key.
 */
export function parseOrThrow<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw optionError(command, err);
  }
}

/**
 * The unknown option Node quoted, when the WHOLE token is a plain option name (one or two dashes,
 * lower-case words of letters and digits joined by `-`, at most 32 characters, no word over 16,
 * nothing shaped like a key); else `undefined`. Node quotes the token as `'--name'` (plus, with
 * positionals allowed, a hint that repeats it as `'-- "--name"`): the pattern must cover the
 * message to its end, so a token holding any other character (a pasted secret's `/`, `+`, `_`)
 * is judged whole and never cut down to a harmless-looking prefix.
 */
function plainUnknownOption(message: string): string | undefined {
  const match =
    /^Unknown option '(-{1,2}[a-z][a-z0-9]*(?:-[a-z0-9]+)*)'(?:\. To specify a positional argument .* as in '-- "\1")?$/.exec(
      message,
    );
  const name = match?.[1];
  if (name === undefined || name.length > 32 || containsCredential(name)) return undefined;
  return name.split("-").every((word) => word.length <= 16) ? name : undefined;
}

function optionError(command: string, err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : "";
  const help = `Run "credchain ${command} --help" to see its options.`;
  // Node quotes a known option as '--name' or '--name <value>'; keep only the name, never a value.
  const name = /'(-{1,2}[A-Za-z0-9][A-Za-z0-9-]*)/.exec(message)?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const unknown = plainUnknownOption(message);
      if (unknown === "--env-file") {
        return new CredentialConfigError(
          "INVALID_OPTION",
          `Unknown option --env-file for "credchain ${command}": Node.js itself reads a flag of that name (and would run what its NODE_OPTIONS says), so credchain takes --env-path.`,
          { hint: "Pass the file with --env-path PATH." },
        );
      }
      if (unknown === "--admin-key") {
        return new CredentialConfigError(
          "INVALID_OPTION",
          `Unknown option --admin-key for "credchain ${command}": admin keys are never accepted as flag values.`,
          {
            hint: "Put the key in an environment variable and pass its NAME with --admin-key-env VAR, or pipe it in with --admin-key-stdin.",
          },
        );
      }
      if (unknown === undefined) {
        return new CredentialConfigError(
          "INVALID_OPTION",
          `Unknown option for "credchain ${command}" (not shown: it is no plain option name and may be a pasted secret).`,
          { hint: `${help} If that argument was a key, rotate it: it is in your shell history.` },
        );
      }
      return new CredentialConfigError(
        "INVALID_OPTION",
        `Unknown option ${unknown} for "credchain ${command}".`,
        { hint: help },
      );
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return new CredentialConfigError(
        "INVALID_OPTION",
        `"credchain ${command}" takes no positional arguments here (the value is not shown).`,
        { hint: `Pass values through their flags. ${help}` },
      );
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const shown = name === undefined ? "(unreadable)" : echoInput(name, 48);
      // "ambiguous": the argument after a flag that takes a value starts with "-".
      if (message.includes("ambiguous")) {
        return new CredentialConfigError(
          "INVALID_OPTION",
          `Option ${shown} of "credchain ${command}" needs a value, and the argument after it starts with "-" (not shown).`,
          { hint: `Write a value that starts with "-" as ${shown}=VALUE. ${help}` },
        );
      }
      return new CredentialConfigError(
        "INVALID_OPTION",
        message.includes("argument missing")
          ? `Option ${shown} of "credchain ${command}" needs a value.`
          : `Option ${shown} of "credchain ${command}" takes no value.`,
        { hint: help },
      );
    }
    default:
      return err;
  }
}

/**
 * Joins a negative number after one of `flags` to it (`--expires-in -1` → `--expires-in=-1`), so a
 * numeric flag's range check answers it: `util.parseArgs` would take `-1` for a flag.
 */
export function joinNegativeNumbers(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    const next = argv[i + 1];
    if (flags.includes(arg) && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Splits repeated and comma-separated flag values (`--keys A,B --keys C`) into trimmed, non-empty items. */
export function listOption(value: string | readonly string[] | undefined): string[] {
  const raw = value === undefined ? [] : typeof value === "string" ? [value] : value;
  return raw
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Validates `--provider` (or `LLM_PROVIDER`), returning a provider. */
export function providerOption(value: string | undefined, from: string): Provider {
  const v = value?.trim().toLowerCase();
  if (v !== undefined && (PROVIDERS as readonly string[]).includes(v)) return v as Provider;
  throw new CredentialConfigError(
    "UNKNOWN_PROVIDER",
    `${from} must be one of ${PROVIDERS.join(", ")}.`,
    {
      hint: `Pass ${from === "--provider" ? "--provider" : `--provider or fix ${from}`} with one of: ${PROVIDERS.join(", ")}.`,
    },
  );
}

/** Validates an AWS region flag such as `--region`. */
export function regionOption(value: string, flag: string): string {
  const v = value.trim();
  if (isValidRegion(v)) return v;
  throw new CredentialConfigError("INVALID_REGION", `${flag} is not an AWS region code.`, {
    hint: `Pass a region code such as us-east-1 to ${flag}.`,
  });
}

/** Where an admin key came from, for messages. */
export interface AdminKeyInput {
  /** The raw key, or `undefined` when none was given. Never print it. */
  value: string | undefined;
  /** Non-fatal observations, naming variables only. */
  warnings: string[];
}

/**
 * Reads the admin key from `--admin-key-env VAR` (the variable's NAME) or `--admin-key-stdin`.
 * The key itself is never a flag value, so it stays out of shell history and `ps`.
 */
export async function readAdminKey(
  options: { "admin-key-env"?: string | undefined; "admin-key-stdin"?: boolean | undefined },
  io: CliIo,
): Promise<AdminKeyInput> {
  const envName = options["admin-key-env"];
  const fromStdin = options["admin-key-stdin"] === true;
  if (envName !== undefined && fromStdin) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      "--admin-key-env and --admin-key-stdin are mutually exclusive.",
      {
        hint: "Pass the admin key one way only.",
      },
    );
  }
  if (fromStdin) {
    const raw = (await io.readStdin()).replace(/\r?\n$/, "");
    return raw.trim() === ""
      ? {
          value: undefined,
          warnings: ["--admin-key-stdin: stdin was empty; deciding without an admin key"],
        }
      : { value: raw, warnings: [] };
  }
  if (envName === undefined) return { value: undefined, warnings: [] };
  if (!ENV_NAME_PATTERN.test(envName) || containsCredential(envName)) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      "--admin-key-env takes the NAME of an environment variable, not the key itself (the value is not shown).",
      {
        hint: "Export the key first (export ADMIN_KEY=…) and pass --admin-key-env ADMIN_KEY; if you pasted a real key, rotate it.",
      },
    );
  }
  const value = io.env[envName];
  if (value === undefined || value.trim() === "") {
    return {
      value: undefined,
      warnings: [
        `--admin-key-env: ${echoInput(envName)} is not set or empty; deciding without an admin key`,
      ],
    };
  }
  return { value, warnings: [] };
}

/**
 * The env file a command decides with: `--env-path PATH` (which must exist), else `./.env` in the
 * working directory when there is one. `note` says why there is none, for the trace.
 */
export function commandEnvFile(
  flag: string | undefined,
  io: CliIo,
): { values: Record<string, string> | undefined; note: string | undefined } {
  if (flag !== undefined) return { values: readEnvFile(flag, io), note: undefined };
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, ".env"), "utf8");
  } catch {
    return { values: undefined, note: "no .env in the working directory" };
  }
  return { values: { ...parseDotenv(text) }, note: undefined };
}

/** Reads and parses a `.env` file as dotenv does. A missing file is a configuration error. */
export function readEnvFile(path: string, io: CliIo, flag = "--env-path"): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), "utf8");
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new CredentialConfigError(
      "INVALID_OPTION",
      `${flag}: cannot read ${path} (${typeof code === "string" ? code : "error"}).`,
      {
        hint: `Check the path given to ${flag}; relative paths start from the current directory.`,
        cause: err,
      },
    );
  }
  return { ...parseDotenv(text) };
}
