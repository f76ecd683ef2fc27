import { CredchainError } from "./CredchainError.js";
import { brand, hasBrand } from "./brand.js";
import { readField, textOf } from "./safeRead.js";

/** A plain copy of `attempts`, read defensively (the class is public; callers build it too). */
function copyAttempts(attempts: unknown): SourceAttempt[] {
  try {
    if (!Array.isArray(attempts)) return [];
    return attempts.map((a: unknown) => ({
      source: textOf(readField(a, "source")),
      reason: textOf(readField(a, "reason")),
    }));
  } catch {
    return [];
  }
}

const BRAND = Symbol.for("credchain.error.no-credentials");

/** One source's attempt, as carried by {@link NoCredentialsError}. */
export interface SourceAttempt {
  /** Source name, e.g. `admin`, `env`, `default-chain`. */
  source: string;
  /** Why it did not serve. */
  reason: string;
}

/**
 * Every source in the chain skipped. Unlike the AWS SDK's "Could not load credentials from any
 * providers", the message lists each source and why it skipped.
 */
export class NoCredentialsError extends CredchainError {
  /** Each source tried, in order, with its reason. */
  readonly attempts: readonly SourceAttempt[];

  constructor(
    attempts: readonly SourceAttempt[],
    options: { hint?: string; cause?: unknown } = {},
  ) {
    const list = copyAttempts(attempts);
    const lines = list.map((a) => `  - ${a.source}: ${a.reason}`).join("\n");
    const hint = readField(options, "hint");
    super(
      "NO_CREDENTIALS",
      list.length === 0
        ? "No credentials found: the chain has no sources."
        : `No credentials found; tried ${list.length} source(s):\n${lines}`,
      {
        hint:
          (typeof hint === "string" ? hint : undefined) ??
          "Set one of the sources listed above (admin key, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, a secret, or an IAM role).",
        cause: readField(options, "cause"),
      },
    );
    this.name = "NoCredentialsError";
    this.attempts = list;
    brand(this, BRAND);
  }
}

/** Cross-realm check for {@link NoCredentialsError}. */
export function isNoCredentialsError(value: unknown): value is NoCredentialsError {
  return hasBrand(value, BRAND);
}
