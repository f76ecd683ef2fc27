import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { normalizeProvider } from "../core/provider.js";
import { readField } from "../core/safeRead.js";
import type { SourceContext } from "./CredentialSource.js";

/**
 * The context a source's `resolve` was given, read once and checked: a chain always passes a
 * valid one, but `resolve` is public, so anything else is `INVALID_INPUT` rather than a TypeError.
 * @internal
 */
export function readSourceContext(context: unknown, source: string): SourceContext {
  if (typeof context !== "object" || context === null) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `${source}: resolve() needs a context object ({ provider }).`,
      { hint: 'Let a chain call resolve(), or pass { provider: "bedrock" | "openai" | … }.' },
    );
  }
  const logger = readField(context, "logger");
  const report = readField(context, "reportAdminSettings");
  return {
    provider: normalizeProvider(readField(context, "provider"), `${source}: context.provider`),
    ...(typeof logger === "object" && logger !== null ? { logger: logger } : {}),
    ...(typeof report === "function"
      ? { reportAdminSettings: report as SourceContext["reportAdminSettings"] }
      : {}),
  };
}
