import { CredchainError } from "./CredchainError.js";
import { brand, hasBrand } from "./brand.js";
import { readField, textOf } from "./safeRead.js";

/** The strings of a caller's array, read defensively. */
function stringsOf(value: unknown): string[] {
  try {
    return Array.isArray(value) ? value.filter((w): w is string => typeof w === "string") : [];
  } catch {
    return [];
  }
}

const BRAND = Symbol.for("credchain.error.skipped");

/**
 * Thrown by a source that has nothing to offer (its variable is unset, its file is missing):
 * the chain records `reason` and tries the next source. Any other error stops the chain.
 */
export class SourceSkippedError extends CredchainError {
  /** The source's name as shown in traces, e.g. `env`. */
  readonly source: string;
  /** Why it skipped, naming variables, never values. */
  readonly reason: string;
  /** Warnings to surface even though the source skipped (e.g. a partial env pair). */
  readonly warnings: readonly string[];

  constructor(
    source: string,
    reason: string,
    options: { cause?: unknown; warnings?: readonly string[]; hint?: string } = {},
  ) {
    const hint = readField(options, "hint");
    const warnings = readField(options, "warnings");
    super("SOURCE_SKIPPED", `${textOf(source)}: ${textOf(reason)}`, {
      hint:
        typeof hint === "string"
          ? hint
          : "Configure this source or rely on the next one in the chain.",
      cause: readField(options, "cause"),
    });
    this.name = "SourceSkippedError";
    this.source = textOf(source);
    this.reason = textOf(reason);
    this.warnings = stringsOf(warnings);
    brand(this, BRAND);
  }
}

/** Cross-realm check for {@link SourceSkippedError}. */
export function isSourceSkippedError(value: unknown): value is SourceSkippedError {
  return hasBrand(value, BRAND);
}
