import { isCredchainError } from "../core/CredchainError.js";
import { readField } from "../core/safeRead.js";
import type { Logger } from "../core/Logger.js";
import { NoCredentialsError, type SourceAttempt } from "../core/NoCredentialsError.js";
import { isSourceSkippedError } from "../core/SourceSkippedError.js";
import type { CredentialResult, Provider, TraceEntry } from "../core/types.js";
import type {
  AdminSettings,
  CredentialSource,
  SourceContext,
} from "../sources/CredentialSource.js";
import { sourceFailedError } from "../sources/sourceFailedError.js";

/** The reason of every source after the chosen one: the same words as the pure decision's. */
export const NOT_CONSULTED = "an earlier source was chosen";

/** What one pass over the sources found. */
export interface SourcesOutcome {
  /** The chosen credentials; `null` when a custom endpoint needs no key. */
  chosen: CredentialResult | null;
  trace: TraceEntry[];
  warnings: string[];
  /** What the admin source reported (its region and model ID apply even when it skips). */
  admin: AdminSettings;
}

/** A failure's reason in a trace: the credchain code and message, or the error's name only. */
export function failureReason(error: unknown): string {
  if (isCredchainError(error)) return `${error.code}: ${error.message}`;
  const name = readField(error, "name");
  return `unexpected error${typeof name === "string" ? ` (${name})` : ""}`;
}

/**
 * Tries `sources` in order: the first that serves is chosen and the rest are `not-consulted`; a
 * skip (`SourceSkippedError`) moves on; any other error stops the pass (fail closed) after
 * `onTrace` has the trace up to it. Every source skipping is `NoCredentialsError` listing each one
 * and its reason — except for `custom`, which may take no key at all.
 */
export async function runSources(
  provider: Provider,
  sources: readonly CredentialSource[],
  logger: Logger | undefined,
  onTrace: (trace: readonly TraceEntry[]) => void,
): Promise<SourcesOutcome> {
  const trace: TraceEntry[] = [];
  const warnings: string[] = [];
  const attempts: SourceAttempt[] = [];
  let admin: AdminSettings = {};
  const context: SourceContext = {
    provider,
    logger,
    reportAdminSettings: (settings) => {
      admin = { ...settings };
    },
  };
  const notConsulted = (from: number) => {
    for (const rest of sources.slice(from)) {
      trace.push({ source: rest.name, outcome: "not-consulted", reason: NOT_CONSULTED });
    }
  };
  for (const [index, source] of sources.entries()) {
    let result: CredentialResult;
    try {
      result = await source.resolve(context);
    } catch (error) {
      if (isSourceSkippedError(error)) {
        trace.push({ source: source.name, outcome: "skipped", reason: error.reason });
        attempts.push({ source: source.name, reason: error.reason });
        warnings.push(...error.warnings);
        logger?.debug?.("credchain: source skipped", { source: source.name, reason: error.reason });
        continue;
      }
      trace.push({ source: source.name, outcome: "failed", reason: failureReason(error) });
      notConsulted(index + 1);
      onTrace(trace);
      logger?.debug?.("credchain: source failed", {
        source: source.name,
        reason: failureReason(error),
      });
      throw sourceFailedError(source.name, error);
    }
    trace.push({ source: source.name, outcome: "chosen", reason: result.reason });
    logger?.debug?.("credchain: source chosen", { source: source.name, reason: result.reason });
    warnings.push(...(result.warnings ?? []));
    notConsulted(index + 1);
    onTrace(trace);
    return { chosen: result, trace, warnings, admin };
  }
  onTrace(trace);
  if (provider !== "custom") throw new NoCredentialsError(attempts);
  trace.push({ source: "none", outcome: "chosen", reason: "the custom provider needs no key" });
  return { chosen: null, trace, warnings, admin };
}
