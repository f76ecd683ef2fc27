/**
 * Optional logger accepted wherever credchain can report something. `console` fits; so do pino
 * and winston. credchain never logs a secret value, and never logs at all without one.
 */
export interface Logger {
  /** Tracing, such as each source's outcome; `details` holds names and reasons, never values. */
  debug?(message: string, details?: Record<string, unknown>): void;
  /** Routine events, such as a secret loaded into the environment (its name, never its value). */
  info?(message: string, details?: Record<string, unknown>): void;
  /** Problems credchain works around, such as a decision's warnings or a failed Secrets Manager request. */
  warn?(message: string, details?: Record<string, unknown>): void;
  /** Failures that do not reach the caller, such as a failed background refresh or audit hook. */
  error?(message: string, details?: Record<string, unknown>): void;
}
