/**
 * Optional logger accepted wherever credchain can report something. `console` fits; so do pino
 * and winston. credchain never logs a secret value, and never logs at all without one.
 */
export interface Logger {
  debug?(message: string, details?: Record<string, unknown>): void;
  info?(message: string, details?: Record<string, unknown>): void;
  warn?(message: string, details?: Record<string, unknown>): void;
  error?(message: string, details?: Record<string, unknown>): void;
}
