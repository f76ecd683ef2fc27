import type { Logger } from "../core/Logger.js";
import type { CredentialResult, Provider } from "../core/types.js";

export type { CredentialResult };

/** Admin-panel settings that apply whatever the admin key holds (a blank key still has a region). */
export interface AdminSettings {
  /** The admin panel's region; blank or absent means not set. */
  region?: string | null | undefined;
  /** The admin panel's model ID; blank or absent means not set. */
  modelId?: string | null | undefined;
}

/** What a source is asked to resolve for. */
export interface SourceContext {
  /** The provider the chain resolves for. */
  provider: Provider;
  /** Optional logger; sources never log values. */
  logger?: Logger | undefined;
  /** Lets the admin source report the admin region and model ID, even when it skips. */
  reportAdminSettings?: ((settings: AdminSettings) => void) | undefined;
}

/**
 * A lazy credential source. `resolve` either returns a {@link CredentialResult}, throws a
 * `SourceSkippedError` (the chain tries the next source), or throws anything else (the chain
 * stops: fail closed).
 */
export interface CredentialSource {
  /** Name shown in traces, e.g. `admin`, `env`, `secrets-manager`. */
  readonly name: string;
  /** Serves credentials, or throws `SourceSkippedError` to pass, or any other error to stop the chain. */
  resolve(context: SourceContext): Promise<CredentialResult>;
  /**
   * Forgets whatever the source holds (a cached secret, a built SDK provider), so the next
   * `resolve` reads its backend again. `chain.invalidate()` calls it on every source.
   */
  invalidate?(): void;
}
