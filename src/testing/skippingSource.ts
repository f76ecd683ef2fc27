import { SourceSkippedError } from "../core/SourceSkippedError.js";
import { recordingSource, type TestSource } from "./staticSource.js";

/**
 * A source that always skips with `reason` (the chain records it and tries the next source).
 *
 * @example
 * ```ts
 * skippingSource("secrets-manager", "USE_SECRETS_MANAGER is not true");
 * ```
 */
export function skippingSource(
  name: string,
  reason: string,
  options: { warnings?: readonly string[] } = {},
): TestSource {
  return recordingSource(name, () => {
    throw new SourceSkippedError(name, reason, {
      ...(options.warnings ? { warnings: options.warnings } : {}),
    });
  });
}
