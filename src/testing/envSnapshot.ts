import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { echoInput } from "../core/echoInput.js";
import { readOwnEntries, type OwnEntries } from "../core/readInput.js";
import {
  API_KEY_ENV,
  ENV_ACCESS_KEY_ID,
  ENV_BEARER_TOKEN_BEDROCK,
  ENV_SECRET_ACCESS_KEY,
  ENV_SESSION_TOKEN,
  ENV_USE_SECRETS_MANAGER,
  SECRET_NAME_ENV,
  localSecretVariable,
} from "../core/envNames.js";
import { normalizeProvider } from "../core/provider.js";
import type { Provider } from "../core/types.js";
import { exampleCredentials, exampleKeys } from "./exampleCredentials.js";

/** An environment snapshot, as every credchain function that reads the environment takes it. */
export type EnvSnapshot = Readonly<Record<string, string | undefined>>;

/** One layer of {@link envSnapshot}: `undefined` removes a variable set by an earlier layer. */
export type EnvLayer = Readonly<Record<string, string | undefined>> | undefined;

/**
 * Builds a frozen environment snapshot from layers, later layers winning; a variable set to
 * `undefined` is removed. Frozen, so code under test that writes to its `env` fails loudly.
 *
 * @throws CredentialConfigError `INVALID_OPTION` when a value is not a string (naming the variable).
 * @example
 * ```ts
 * const env = envSnapshot(exampleEnv.pair, { AWS_REGION: "eu-west-1" });
 * decideCredentials({ provider: "bedrock", adminKey: exampleKeys.adminPair, env });
 * ```
 */
export function envSnapshot(...layers: EnvLayer[]): EnvSnapshot {
  const out: Record<string, string> = {};
  for (const [index, layer] of layers.entries()) {
    if (layer === undefined) continue;
    const read: OwnEntries | undefined =
      typeof layer === "object" && layer !== null ? readOwnEntries(layer) : undefined;
    if (read === undefined || read.unlisted || read.unreadable.length > 0) {
      throw new CredentialConfigError(
        "INVALID_OPTION",
        `envSnapshot: layer ${index + 1} is not a readable object of variables.`,
        { hint: 'Pass plain objects such as { AWS_REGION: "eu-west-1" }, or undefined.' },
      );
    }
    for (const [name, value] of read.entries) {
      if (value === undefined) {
        delete out[name];
        continue;
      }
      if (typeof value !== "string") {
        throw new CredentialConfigError(
          "INVALID_OPTION",
          `envSnapshot: variable ${echoInput(name)} must be a string or undefined.`,
          { hint: "Environment values are strings: write numbers and booleans in quotes." },
        );
      }
      Object.defineProperty(out, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return Object.freeze(out);
}

/**
 * Ready-made {@link envSnapshot} layers built from {@link exampleCredentials} and {@link exampleKeys}.
 *
 * @example
 * ```ts
 * envSnapshot(exampleEnv.accessKeyIdOnly, exampleEnv.localSecret("prod/aws/bedrock", { access_key_id: "…", secret_access_key: "…" }));
 * ```
 */
export const exampleEnv = Object.freeze({
  /** `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY`. */
  pair: Object.freeze({
    /** `AKIAIOSFODNN7EXAMPLE` ({@link exampleCredentials}). */
    [ENV_ACCESS_KEY_ID]: exampleCredentials.accessKeyId,
    /** The documentation example secret ({@link exampleCredentials}). */
    [ENV_SECRET_ACCESS_KEY]: exampleCredentials.secretAccessKey,
  }),
  /** An `ASIA…` pair with `AWS_SESSION_TOKEN`. */
  temporaryPair: Object.freeze({
    /** `exampleKeys.temporaryAccessKeyId` (`ASIAIOSFODNN7EXAMPLE`). */
    [ENV_ACCESS_KEY_ID]: exampleKeys.temporaryAccessKeyId,
    /** The documentation example secret ({@link exampleCredentials}). */
    [ENV_SECRET_ACCESS_KEY]: exampleCredentials.secretAccessKey,
    /** `exampleKeys.sessionToken`, a fake token. */
    [ENV_SESSION_TOKEN]: exampleKeys.sessionToken,
  }),
  /** Only `AWS_ACCESS_KEY_ID`, as a bare-secret admin key needs. */
  accessKeyIdOnly: Object.freeze({
    /** `AKIAIOSFODNN7EXAMPLE` ({@link exampleCredentials}). */
    [ENV_ACCESS_KEY_ID]: exampleCredentials.accessKeyId,
  }),
  /** Only `AWS_SESSION_TOKEN`: must never be attached to an admin pair. */
  straySessionToken: Object.freeze({
    /** `exampleKeys.sessionToken`, a fake token. */
    [ENV_SESSION_TOKEN]: exampleKeys.sessionToken,
  }),
  /** `AWS_BEARER_TOKEN_BEDROCK`. */
  bedrockBearerToken: Object.freeze({
    /** `exampleKeys.bedrockApiKey`, a fake Bedrock API key. */
    [ENV_BEARER_TOKEN_BEDROCK]: exampleKeys.bedrockApiKey,
  }),
  /** `OPENAI_API_KEY`. */
  openai: Object.freeze({ [API_KEY_ENV.openai[0]!]: exampleKeys.openai }),
  /** `ANTHROPIC_API_KEY`. */
  anthropic: Object.freeze({ [API_KEY_ENV.anthropic[0]!]: exampleKeys.anthropic }),
  /** `COHERE_API_KEY`. */
  cohere: Object.freeze({ [API_KEY_ENV.cohere[0]!]: exampleKeys.cohere }),
  /**
   * A local secret: `<P>_SECRET_NAME=name` and `SECRET_<name>` holding `value` (objects as JSON).
   * @param provider Any case, as `LLM_PROVIDER`; another name is `UNKNOWN_PROVIDER`. @default "bedrock"
   */
  localSecret(name: string, value: string | object, provider: Provider = "bedrock"): EnvSnapshot {
    return envSnapshot({
      [SECRET_NAME_ENV[normalizeProvider(provider, "exampleEnv.localSecret: provider")]]: name,
      [localSecretVariable(name)]: typeof value === "string" ? value : JSON.stringify(value),
    });
  },
  /**
   * Secrets Manager enabled for a provider: `USE_SECRETS_MANAGER=true` and `<P>_SECRET_NAME=name`.
   * @param provider Any case, as `LLM_PROVIDER`; another name is `UNKNOWN_PROVIDER`. @default "bedrock"
   */
  secretsManager(name: string, provider: Provider = "bedrock"): EnvSnapshot {
    return envSnapshot({
      [ENV_USE_SECRETS_MANAGER]: "true",
      [SECRET_NAME_ENV[normalizeProvider(provider, "exampleEnv.secretsManager: provider")]]: name,
    });
  },
});
