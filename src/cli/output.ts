import { isCredchainError } from "../core/CredchainError.js";
import { isCredentialConfigError } from "../core/CredentialConfigError.js";
import { isNoCredentialsError } from "../core/NoCredentialsError.js";
import type { CliIo } from "./io.js";

/** Exit codes of the `credchain` command. */
export const EXIT = {
  /** Everything held. */
  ok: 0,
  /** Any other failure (network, a secret that cannot be read, a failed check). */
  failure: 1,
  /** Configuration error: a bad flag, a malformed admin key, any `CredentialConfigError`. */
  config: 2,
  /** No credentials found (`NoCredentialsError`). */
  noCredentials: 3,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code an error maps to: 2 for configuration errors, 3 for no credentials, else 1. */
export function exitCodeFor(err: unknown): ExitCode {
  if (isNoCredentialsError(err)) return EXIT.noCredentials;
  if (isCredentialConfigError(err)) return EXIT.config;
  return EXIT.failure;
}

/** The `{ code, message, hint }` triple printed for an error. Never carries a secret value. */
export interface CliErrorBody {
  code: string;
  message: string;
  hint: string;
}

/** Turns anything thrown into the printed error triple. */
export function errorBody(err: unknown): CliErrorBody {
  if (isCredchainError(err)) return { code: err.code, message: err.message, hint: err.hint };
  const name = err instanceof Error ? err.name : "Error";
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: "UNEXPECTED",
    message: `${name}: ${message}`,
    hint: "This looks like a bug in credchain; please report it with the command you ran (not its secrets).",
  };
}

/**
 * Prints an error (stderr as `credchain: CODE: message` + `hint:`, or with `--json` on stdout as
 * `{"error":{...}}`) and returns its exit code.
 */
export function reportError(io: CliIo, err: unknown, json: boolean): ExitCode {
  const body = errorBody(err);
  if (json) writeJson(io, { error: body });
  else io.stderr(`credchain: ${body.code}: ${body.message}\nhint: ${body.hint}\n`);
  return exitCodeFor(err);
}

/**
 * Pretty JSON that is safe on a terminal: `JSON.stringify` escapes U+0000–U+001F but leaves DEL,
 * C1 controls (U+009B is a one-byte CSI) and format characters (U+202E reorders the line) raw, so
 * every remaining control or format character is written as `\uXXXX`. Outside strings the text
 * holds only newlines and spaces, so this changes no parsed value.
 */
function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[^\P{C}\n]/gu, (c) =>
    Array.from(
      { length: c.length },
      (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`,
    ).join(""),
  );
}

/** Prints a value as pretty JSON on stdout (see {@link terminalSafeJson}). */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout(`${terminalSafeJson(value)}\n`);
}

/** Prints `warning: …` lines on stderr. */
export function writeWarnings(io: CliIo, warnings: readonly string[]): void {
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
}

/** Aligns rows into columns separated by two spaces; the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[], indent = ""): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows
    .map(
      (row) =>
        indent +
        row
          .map((cell, i) =>
            i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - [...cell].length),
          )
          .join("  ")
          .trimEnd(),
    )
    .join("\n");
}
