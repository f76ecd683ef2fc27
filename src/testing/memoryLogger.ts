import type { Logger } from "../core/Logger.js";

/** One call a {@link memoryLogger} received. */
export interface LogEntry {
  /** Which {@link Logger} method was called. */
  level: "debug" | "info" | "warn" | "error";
  /** The message argument. */
  message: string;
  /** The details argument, if any. */
  details?: Record<string, unknown>;
}

/** A `Logger` that records every call, for asserting warnings (and the absence of secrets). */
export interface MemoryLogger extends Required<Logger> {
  /** Every call so far, oldest first; the array is live (clear it with `entries.length = 0`). */
  readonly entries: LogEntry[];
  /** The messages (and JSON of the details) of every entry, one per line: grep it for leaks. */
  text(): string;
}

/**
 * A logger for credchain's `logger` options that keeps what it is told.
 *
 * @example
 * ```ts
 * const logger = memoryLogger();
 * await createChainFromEnv({ env, logger }).resolve();
 * expect(logger.entries.filter((e) => e.level === "warn")).toHaveLength(1);
 * expect(logger.text()).not.toContain(exampleCredentials.secretAccessKey);
 * ```
 */
export function memoryLogger(): MemoryLogger {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry["level"]) =>
    (message: string, details?: Record<string, unknown>): void => {
      entries.push(details === undefined ? { level, message } : { level, message, details });
    };
  return {
    entries,
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
    text: () =>
      entries
        .map((e) =>
          e.details === undefined ? e.message : `${e.message} ${JSON.stringify(e.details)}`,
        )
        .join("\n"),
  };
}
