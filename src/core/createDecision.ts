import { mask } from "./mask.js";
import type {
  AuthSummary,
  CredentialDecision,
  CredentialDecisionJson,
  CredentialResult,
  ModelIdSource,
  Provider,
  RegionSource,
  RevealedIdentity,
  Sourced,
  TraceEntry,
} from "./types.js";

/** Inputs of {@link createDecision}. */
export interface DecisionParts {
  /** The provider decided for. */
  provider: Provider;
  /** The chosen credentials, or `null` when nothing is needed (`custom` without a key). */
  chosen: CredentialResult | null;
  /** The resolved region; `null` for providers without regions. */
  region: Sourced<RegionSource> | null;
  /** The resolved model ID; `null` when none is configured or the provider has none. */
  modelId: Sourced<ModelIdSource> | null;
  /** Every source's outcome, in order (copied and frozen). */
  trace: readonly TraceEntry[];
  /** Non-fatal observations, never values (copied and frozen). */
  warnings: readonly string[];
  /** Filled by a chain after a network source resolved. */
  resolved?: AuthSummary["resolved"];
}

/** The secret-free summary of a credential result. */
export function summarize(chosen: CredentialResult | null): AuthSummary {
  if (chosen === null) return { kind: "none", source: "none", detail: null };
  const summary: AuthSummary = { kind: chosen.kind, source: chosen.source, detail: chosen.detail };
  if (chosen.credentials !== undefined) {
    summary.accessKeyId = mask(chosen.credentials.accessKeyId, "access-key-id");
    summary.hasSessionToken = chosen.credentials.sessionToken !== undefined;
  }
  if (chosen.token !== undefined) summary.apiKey = mask(chosen.token.token, "api-key");
  if (chosen.apiKey !== undefined) summary.apiKey = mask(chosen.apiKey, "api-key");
  return summary;
}

function freezeDeep<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) freezeDeep(inner);
    Object.freeze(value);
  }
  return value;
}

class Decision implements CredentialDecision {
  readonly provider: Provider;
  readonly auth: AuthSummary;
  readonly region: Sourced<RegionSource> | null;
  readonly modelId: Sourced<ModelIdSource> | null;
  readonly trace: readonly TraceEntry[];
  readonly warnings: readonly string[];
  readonly #chosen: CredentialResult | null;

  constructor(parts: DecisionParts) {
    this.provider = parts.provider;
    const auth = summarize(parts.chosen);
    if (parts.resolved !== undefined) auth.resolved = { ...parts.resolved };
    this.auth = freezeDeep(auth);
    this.region = parts.region === null ? null : freezeDeep({ ...parts.region });
    this.modelId = parts.modelId === null ? null : freezeDeep({ ...parts.modelId });
    this.trace = freezeDeep(parts.trace.map((t) => ({ ...t })));
    this.warnings = Object.freeze([...parts.warnings]);
    this.#chosen = parts.chosen;
  }

  reveal(): RevealedIdentity {
    const chosen = this.#chosen;
    if (chosen === null) return { kind: "none" };
    switch (chosen.kind) {
      case "aws-static":
        return { kind: "aws-static", credentials: { ...chosen.credentials! } };
      case "bearer-token":
        return { kind: "bearer-token", token: { ...chosen.token! } };
      case "api-key":
        return chosen.apiKey === undefined
          ? { kind: "deferred", source: "secrets-manager", secretName: chosen.detail ?? "" }
          : { kind: "api-key", apiKey: chosen.apiKey };
      case "aws-default-chain":
        return { kind: "aws-default-chain" };
    }
  }

  toJSON(): CredentialDecisionJson {
    return {
      provider: this.provider,
      auth: JSON.parse(JSON.stringify(this.auth)) as AuthSummary,
      region: this.region === null ? null : { ...this.region },
      modelId: this.modelId === null ? null : { ...this.modelId },
      trace: this.trace.map((t) => ({ ...t })),
      warnings: [...this.warnings],
    };
  }

  toString(): string {
    const auth = this.auth;
    return `CredentialDecision(${this.provider}: ${auth.kind} from ${auth.source}${auth.detail ? ` [${auth.detail}]` : ""})`;
  }
}

/**
 * Builds a {@link CredentialDecision} from its parts. The chosen credentials are kept in a private
 * field: only `reveal()` returns them.
 */
export function createDecision(parts: DecisionParts): CredentialDecision {
  return new Decision(parts);
}
