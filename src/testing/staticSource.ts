import type { AwsCredentialIdentity, TokenIdentity } from "@smithy/types";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { echoInput } from "../core/echoInput.js";
import { readObject } from "../core/readInput.js";
import type { AuthSource, CredentialResult, RegionSource, Sourced } from "../core/types.js";
import type { CredentialSource, SourceContext } from "../sources/CredentialSource.js";

/** A source built by credchain/testing: it counts how often the chain consulted it. */
export interface TestSource extends CredentialSource {
  /** How many times `resolve` was called (served, skipped or failed). */
  readonly calls: number;
  /** The context of every call, oldest first (provider, logger). */
  readonly contexts: readonly SourceContext[];
}

/**
 * What an in-memory source serves. Exactly one of `credentials`, `token`, `apiKey` — or none with
 * `kind: "aws-default-chain"`.
 */
export interface SourceOffer {
  /** AWS credentials (`kind: "aws-static"`). */
  credentials?: AwsCredentialIdentity;
  /** A Bedrock API key (`kind: "bearer-token"`); a string is wrapped as `{ token }`. */
  token?: TokenIdentity | string;
  /** An LLM API key (`kind: "api-key"`). */
  apiKey?: string;
  /** @default inferred from which credential field is set */
  kind?: CredentialResult["kind"];
  /** `auth.source` of the decision. @default the source's name, when that is a built-in source name */
  source?: AuthSource;
  /** `auth.detail`. @default null */
  detail?: string | null;
  /** A region stored with the credentials (beats the environment's, not the admin's). */
  region?: Sourced<RegionSource>;
  /** The trace's reason. @default "served by a test source" */
  reason?: string;
  /** Non-fatal observations, added to the decision's `warnings` (and logged by the chain). */
  warnings?: string[];
}

const AUTH_SOURCES: readonly string[] = [
  "admin",
  "secrets-manager",
  "local-secret",
  "env",
  "env-file",
  "default-chain",
];

/** Throws `INVALID_OPTION` unless a test source's name is a non-empty string. @internal */
export function checkName(fn: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || name.trim() === "") {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      `${fn}: the name must be a non-empty string.`,
      {
        hint: `Name the source, e.g. ${fn}("vault", …).`,
      },
    );
  }
}

function invalid(name: string, message: string, hint: string): CredentialConfigError {
  return new CredentialConfigError("INVALID_OPTION", `Test source ${name}: ${message}`, { hint });
}

/** Validates an offer and turns it into a fresh {@link CredentialResult}. */
export function offerToResult(name: string, given: SourceOffer): CredentialResult {
  const offer = readObject(
    given,
    `Test source ${echoInput(name)}: the offer`,
    'Pass { credentials } , { token }, { apiKey } or { kind: "aws-default-chain" }.',
  ) as SourceOffer;
  const set = (["credentials", "token", "apiKey"] as const).filter((k) => offer[k] !== undefined);
  if (set.length > 1) {
    throw invalid(
      name,
      `set only one of credentials, token, apiKey (got ${set.join(", ")}).`,
      "A source serves one kind of credential.",
    );
  }
  const inferred: CredentialResult["kind"] | undefined =
    offer.credentials !== undefined
      ? "aws-static"
      : offer.token !== undefined
        ? "bearer-token"
        : offer.apiKey !== undefined
          ? "api-key"
          : undefined;
  const kind = offer.kind ?? inferred;
  if (kind === undefined || (inferred !== undefined && kind !== inferred)) {
    throw invalid(
      name,
      "option kind does not match the credential given.",
      'Give credentials, token or apiKey, or kind: "aws-default-chain" with credentials.',
    );
  }
  const source = offer.source ?? (AUTH_SOURCES.includes(name) ? (name as AuthSource) : undefined);
  if (source === undefined) {
    throw invalid(
      name,
      "option source is required when the name is not a built-in source name.",
      `Add source: "env" (or "admin", "secrets-manager", "local-secret", "env-file", "default-chain").`,
    );
  }
  const result: CredentialResult = {
    source,
    kind,
    detail: offer.detail ?? null,
    reason: offer.reason ?? "served by a test source",
  };
  if (offer.credentials !== undefined) result.credentials = { ...offer.credentials };
  if (offer.token !== undefined)
    result.token = typeof offer.token === "string" ? { token: offer.token } : { ...offer.token };
  if (offer.apiKey !== undefined) result.apiKey = offer.apiKey;
  if (offer.region !== undefined) result.region = { ...offer.region };
  if (offer.warnings !== undefined) result.warnings = [...offer.warnings];
  return result;
}

/** A {@link TestSource} whose behaviour is `step(callIndex)`. */
export function recordingSource(
  name: string,
  step: (call: number) => CredentialResult | Promise<CredentialResult>,
): TestSource {
  const contexts: SourceContext[] = [];
  return {
    name,
    get calls() {
      return contexts.length;
    },
    contexts,
    async resolve(context) {
      contexts.push(context);
      return step(contexts.length - 1);
    },
  };
}

/**
 * An in-memory source that always serves `offer` (a fresh copy each time).
 *
 * @throws CredentialConfigError `INVALID_OPTION` for an inconsistent offer (at creation).
 * @example
 * ```ts
 * const chain = createCredentialChain({
 *   provider: "bedrock",
 *   sources: [skippingSource("admin", "no admin key"), staticSource("env", { credentials: exampleCredentials })],
 * });
 * expect((await chain.resolve()).auth.source).toBe("env");
 * ```
 */
export function staticSource(name: string, offer: SourceOffer): TestSource {
  checkName("staticSource", name);
  offerToResult(name, offer);
  return recordingSource(name, () => offerToResult(name, offer));
}
