import { CredchainError } from "./CredchainError.js";
import { brand, hasBrand } from "./brand.js";

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
    const lines = attempts.map((a) => `  - ${a.source}: ${a.reason}`).join("\n");
    super(
      "NO_CREDENTIALS",
      attempts.length === 0
        ? "No credentials found: the chain has no sources."
        : `No credentials found; tried ${attempts.length} source(s):\n${lines}`,
      {
        hint:
          options.hint ??
          "Set one of the sources listed above (admin key, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, a secret, or an IAM role).",
        cause: options.cause,
      },
    );
    this.name = "NoCredentialsError";
    this.attempts = attempts;
    brand(this, BRAND);
  }
}

/** Cross-realm check for {@link NoCredentialsError}. */
export function isNoCredentialsError(value: unknown): value is NoCredentialsError {
  return hasBrand(value, BRAND);
}
