import type { Logger } from "../core/Logger.js";
import type { CredentialResult, Provider } from "../core/types.js";

export type { CredentialResult };

/** What a source is asked to resolve for. */
export interface SourceContext {
  /** The provider the chain resolves for. */
  provider: Provider;
  /** Optional logger; sources never log values. */
  logger?: Logger | undefined;
}

/**
 * A lazy credential source. `resolve` either returns a {@link CredentialResult}, throws a
 * `SourceSkippedError` (the chain tries the next source), or throws anything else (the chain
 * stops: fail closed).
 */
export interface CredentialSource {
  /** Name shown in traces, e.g. `admin`, `env`, `secrets-manager`. */
  readonly name: string;
  resolve(context: SourceContext): Promise<CredentialResult>;
}
